// seq, tr and yes (expected values from GNU coreutils 9.1).
import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';
import { YES_LIMIT_BYTES } from '../../../src/shell/commands/yes.ts';

const run = (line: string) => fakeShell().shell.run(line);
const out = (line: string) => run(line).output;

describe('seq', () => {
  it('counts up or down, with separators, equal widths and decimals', () => {
    expect(out('seq 3')).toBe('1\n2\n3\n');
    expect(out('seq 10 -3 1')).toBe('10\n7\n4\n1\n');
    expect(out('seq -s, 5')).toBe('1,2,3,4,5\n');
    expect(out('seq -w 8 11')).toBe('08\n09\n10\n11\n');
    expect(out('seq -w -1 1')).toBe('-1\n00\n01\n');
    expect(out('seq 0.5 0.5 2')).toBe('0.5\n1.0\n1.5\n2.0\n');
    expect(out('seq 1 1.50 3')).toBe('1.00\n2.50\n');
    expect(out('seq 1e2 1e2 3e2')).toBe('100\n200\n300\n');
    expect(out("seq -f '%03g' 3")).toBe('001\n002\n003\n');
    expect(out('seq 5 1')).toBe('');
  });

  it('GNU messages', () => {
    expect(run('seq')).toMatchObject({ output: "seq: missing operand\nTry 'seq --help' for more information.\n", exitCode: 1 });
    expect(run('seq a')).toMatchObject({ output: "seq: invalid floating point argument: ‘a’\nTry 'seq --help' for more information.\n", exitCode: 1 });
    expect(run('seq 1 0 3')).toMatchObject({ output: "seq: invalid Zero increment value: ‘0’\nTry 'seq --help' for more information.\n", exitCode: 1 });
  });
});

describe('tr', () => {
  it('translates sets with ranges, classes, repeats and padding', () => {
    expect(out('echo Hello | tr a-z A-Z')).toBe('HELLO\n');
    expect(out("echo 'Hi' | tr '[:upper:]' '[:lower:]'")).toBe('hi\n');
    expect(out('echo abcdef | tr abc xy')).toBe('xyydef\n');
    expect(out("echo abcdef | tr a-f '[x*2]yz'")).toBe('xxyzzz\n');
    expect(out("echo 'a,b' | tr , '\\n'")).toBe('a\nb\n');
    expect(out("echo hello | tr -t elo ip")).toBe('hippo\n');
  });

  it('deletes, squeezes, complements', () => {
    expect(out('echo hello world | tr -d lo')).toBe('he wrd\n');
    expect(out("echo 'hello   world' | tr -s ' '")).toBe('hello world\n');
    expect(out("echo 'a1b2' | tr -cd '[:digit:]'")).toBe('12');
    expect(out("echo 'hello world' | tr -c 'a-z\\n' _")).toBe('hello_world\n');
    expect(out('echo aabbcc | tr -s a-c x-z')).toBe('xyz\n');
  });

  it('GNU messages', () => {
    expect(run('tr')).toMatchObject({ output: "tr: missing operand\nTry 'tr --help' for more information.\n", exitCode: 1 });
    expect(run('tr a').output).toBe("tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n");
    expect(run('tr -d a b').output).toBe("tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n");
    expect(run('tr z-a x')).toMatchObject({ output: "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n", exitCode: 1 });
    expect(run("tr -d '[:foo:]'").output).toBe('tr: invalid character class ‘foo’\n');
    expect(run("tr a ''").output).toBe('tr: when not truncating set1, string2 must be non-empty\n');
  });
});

describe('yes', () => {
  it('repeats its line, bounded so that a reader after it in the pipe gets what it asks for', () => {
    expect(out('yes | head -3')).toBe('y\ny\ny\n');
    expect(out('yes a b | head -n 2')).toBe('a b\na b\n');
    const all = run('yes').output;
    expect(all.length).toBeLessThanOrEqual(YES_LIMIT_BYTES);
    expect(all.length).toBeGreaterThan(YES_LIMIT_BYTES - 2);
    expect(out('yes | wc -l')).toBe(`${YES_LIMIT_BYTES / 2}\n`);
  });
});
