// tac, rev, paste, nl, fold, basename, dirname (expected values from GNU coreutils 9.1 and util-linux's rev).
import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

const run = (line: string, files: Record<string, string> = {}) => fakeShell({ files }).shell.run(line);
const out = (line: string, files: Record<string, string> = {}) => run(line, files).output;

describe('tac and rev', () => {
  it('reverse lines and characters, keeping a missing final newline where GNU does', () => {
    expect(out('seq 3 | tac')).toBe('3\n2\n1\n');
    expect(out("printf 'ab\\ncd' | tac")).toBe('cdab\n');
    expect(out("printf 'a:b:c' | tac -s:")).toBe('cb:a:');
    expect(out("echo 'hello world' | rev")).toBe('dlrow olleh\n');
    expect(out("printf 'abc\\ndé' | rev")).toBe('cba\néd');
    expect(run('tac nope')).toMatchObject({ output: "tac: failed to open 'nope' for reading: No such file or directory\n", exitCode: 1 });
  });
});

describe('paste', () => {
  it('joins files side by side or serially, with delimiter lists and - for stdin', () => {
    expect(out('seq 6 | paste - -')).toBe('1\t2\n3\t4\n5\t6\n');
    expect(out('seq 6 | paste -d, - - -')).toBe('1,2,3\n4,5,6\n');
    expect(out('seq 4 | paste -s')).toBe('1\t2\t3\t4\n');
    expect(out('seq 4 | paste -sd+')).toBe('1+2+3+4\n');
    expect(out("paste -d'|,' -s f", { f: 'a\nb\nc\nd\n' })).toBe('a|b,c|d\n');
    expect(out('paste a b', { a: '1\n2\n3\n', b: 'x\n' })).toBe('1\tx\n2\t\n3\t\n');
    expect(run('paste nope')).toMatchObject({ output: 'paste: nope: No such file or directory\n', exitCode: 1 });
  });
});

describe('nl', () => {
  it('numbers non-empty lines by default, all with -ba; empty lines get width + separator spaces', () => {
    expect(out("printf 'a\\n\\nb\\n' | nl")).toBe('     1\ta\n       \n     2\tb\n');
    expect(out("printf 'a\\n\\nb\\n' | nl -ba")).toBe('     1\ta\n     2\t\n     3\tb\n');
    expect(out("seq 2 | nl -w3 -s': '")).toBe('  1: 1\n  2: 2\n');
    expect(out('seq 2 | nl -n rz -w 3')).toBe('001\t1\n002\t2\n');
    expect(out('seq 2 | nl -v 10 -i 5')).toBe('    10\t1\n    15\t2\n');
  });
});

describe('fold', () => {
  it('breaks at the width, at blanks with -s, counting tabs to the next stop', () => {
    expect(out("echo 'hello world foo' | fold -w 5")).toBe('hello\n worl\nd foo\n');
    expect(out("echo 'hello world foo' | fold -s -w 7")).toBe('hello \nworld \nfoo\n');
    expect(out("printf 'a\\tb\\n' | fold -w 4")).toBe('a\n\t\nb\n');
    expect(run('fold -w 0 f', { f: 'x\n' })).toMatchObject({ output: 'fold: invalid number of columns: ‘0’: Numerical result out of range\n', exitCode: 1 });
  });
});

describe('basename and dirname', () => {
  it('as GNU prints them', () => {
    expect(out('basename /usr/local/bin/kubectl')).toBe('kubectl\n');
    expect(out('basename nginx-dp.yaml .yaml')).toBe('nginx-dp\n');
    expect(out('basename -a a/b c/d/')).toBe('b\nd\n');
    expect(out('basename -s .yaml x.yaml y.yaml')).toBe('x\ny\n');
    expect(out("basename /")).toBe('/\n');
    expect(out('dirname /usr/local/bin/kubectl a/b/ file /')).toBe('/usr/local/bin\na\n.\n/\n');
    expect(run('basename')).toMatchObject({ output: "basename: missing operand\nTry 'basename --help' for more information.\n", exitCode: 1 });
    expect(run('basename a b c').output).toBe("basename: extra operand ‘c’\nTry 'basename --help' for more information.\n");
  });
});
