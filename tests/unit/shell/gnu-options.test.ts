// Options added to the existing text tools, as GNU coreutils 9.1 / grep 3.8 / findutils 4.9 print them.
import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

const run = (line: string) => fakeShell({ fs: {}, env: { HOME: '/root' } }).shell.run(line);
const out = (line: string) => run(line).output;

describe('sort', () => {
  it('-V, -g, -c, -o, -z', () => {
    expect(out("printf '1.10\\n1.9\\n1.2\\n' | sort -V")).toBe('1.2\n1.9\n1.10\n');
    expect(out("printf '1e3\\n5\\n2.5e1\\n' | sort -g")).toBe('5\n2.5e1\n1e3\n');
    expect(run("printf 'c\\nb\\na\\n' | sort -c")).toMatchObject({ output: 'sort: -:2: disorder: b\n', exitCode: 1 });
    expect(run("printf 'c\\nb\\n' | sort -C")).toMatchObject({ output: '', exitCode: 1 });
    expect(out("printf 'b\\na\\n' | sort -o s.txt; cat s.txt")).toBe('a\nb\n');
    expect(out("printf 'b\\0a\\0' | sort -z | tr '\\0' ,")).toBe('a,b,');
    expect(run('sort -k1x').output).toBe('sort: stray character in field spec: invalid field specification ‘1x’\n');
  });
});

describe('uniq, cut, cat', () => {
  it('uniq -D and -w', () => {
    expect(out("printf 'a\\na\\nb\\n' | uniq -D")).toBe('a\na\n');
    expect(out("printf 'ab\\nac\\nbd\\n' | uniq -w1")).toBe('ab\nbd\n');
  });

  it('cut --complement, --output-delimiter between byte runs, -c counting bytes', () => {
    expect(out("echo a:b:c:d | cut -d: --complement -f2")).toBe('a:c:d\n');
    expect(out('echo abcdef | cut -c1-2,5 --output-delimiter=,')).toBe('ab,e\n');
    expect(out("echo 'é1é2' | cut -c2-3")).toBe('\uFFFD1\n');
  });

  it('cat -A, -s, -b', () => {
    expect(out("printf 'a\\tb\\n' | cat -A")).toBe('a^Ib$\n');
    expect(out("printf 'a\\n\\n\\n\\nb\\n' | cat -s")).toBe('a\n\nb\n');
    expect(out("printf 'a\\n\\nb\\n' | cat -b")).toBe('     1\ta\n\n     2\tb\n');
  });
});

describe('grep', () => {
  it('-b, -r with --include, -- between context groups of several files', () => {
    expect(out("echo 'foo bar' | grep -o -b bar")).toBe('4:bar\n');
    expect(out('mkdir -p d/e; echo hit > d/e/x.txt; echo hit > d/y.log; grep -r hit d')).toBe('d/e/x.txt:hit\nd/y.log:hit\n');
    expect(out("mkdir -p d; echo hit > d/x.txt; echo hit > d/y.log; grep -r --include='*.txt' hit d")).toBe('d/x.txt:hit\n');
    expect(out("printf 'k\\nm\\n' > a; cp a b; grep -A1 k a b")).toBe('a:k\na-m\n--\nb:k\nb-m\n');
    expect(out("echo x > f; grep '[' f")).toBe('grep: Invalid regular expression\n');
    expect(out("echo x > f; grep '[a' f")).toBe('grep: Unmatched [, [^, [:, [., or [=\n');
  });
});

describe('xargs', () => {
  it('-0 and -d take items as they are', () => {
    expect(out("printf 'a\\0b\\0' | xargs -0 echo")).toBe('a b\n');
    expect(out("printf 'a:b' | xargs -d: -n1 echo")).toBe('a\nb\n');
  });
});

describe('date', () => {
  it('GNU’s padding flags, week numbers, relative dates on the model clock', () => {
    expect(out("date -u -d '2023-05-05 07:30:00' '+%-d %_m %^a %5Y %U %V'")).toBe('5  5 FRI 02023 18 18\n');
    expect(out("date -d @0 '+%U %W %V %G %g %P'")).toBe('00 00 01 1970 70 am\n');
    // The fake clock is 2026-11-25 12:00:00 UTC.
    expect(out("date -d yesterday +%F")).toBe('2026-11-24\n');
    expect(out("date -d '2 hours ago' +%H:%M")).toBe('10:00\n');
    expect(out("date -d '2024-01-31 1 month' +%F")).toBe('2024-03-02\n');
    expect(run('date -d garbage')).toMatchObject({ output: 'date: invalid date ‘garbage’\n', exitCode: 1 });
  });
});

describe('head, tail, wc', () => {
  it('head -n +N is N; wc counts a directory as zeros after its error', () => {
    expect(out('seq 5 | head -n +2')).toBe('1\n2\n');
    expect(run('mkdir d; wc d')).toMatchObject({ output: '      0       0       0 d\nwc: d: Is a directory\n', exitCode: 1 });
  });
});

describe('expr', () => {
  it('evaluates as GNU expr, exit 1 for a null or zero result, 2 for errors', () => {
    expect(out("expr 2 '*' 3 + 1")).toBe('7\n');
    expect(out("expr abc : 'a\\(.\\)'")).toBe('b\n');
    expect(out('expr substr hello 2 3')).toBe('ell\n');
    expect(run("expr 0 '&' 5")).toMatchObject({ output: '0\n', exitCode: 1 });
    expect(run('expr 1 / 0')).toMatchObject({ output: 'expr: division by zero\n', exitCode: 2 });
    expect(run('expr a + 1')).toMatchObject({ output: 'expr: non-integer argument\n', exitCode: 2 });
    expect(run('expr 1 2')).toMatchObject({ output: 'expr: syntax error: unexpected argument ‘2’\n', exitCode: 2 });
  });
});
