import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

function pipe(cmd: string, input: string, files: Record<string, string> = {}) {
  const { shell, session } = fakeShell({ files });
  session.env.set('IN', input);
  return shell.run(`echo -n "$IN" | ${cmd}`);
}

const TWELVE = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join('\n') + '\n';

describe('head', () => {
  it('ten lines by default; -n N and -N', () => {
    expect(pipe('head', TWELVE).output).toBe(TWELVE.split('\n').slice(0, 10).join('\n') + '\n');
    expect(pipe('head -n 2', TWELVE).output).toBe('l1\nl2\n');
    expect(pipe('head -3', TWELVE).output).toBe('l1\nl2\nl3\n');
    expect(pipe('head -n2', TWELVE).output).toBe('l1\nl2\n');
  });

  it('-n -N prints all but the last N; -c N bytes', () => {
    expect(pipe('head -n -10', TWELVE).output).toBe('l1\nl2\n');
    expect(pipe('head -c 4', TWELVE).output).toBe('l1\nl');
  });

  it('keeps a missing final newline', () => {
    expect(pipe('head -n 5', 'a\nb')).toMatchObject({ output: 'a\nb', exitCode: 0 });
  });

  it('headers for several files', () => {
    const files = { a: '1\n2\n', b: '3\n' };
    expect(pipe('head -n 1 a b', '', files).output).toBe('==> a <==\n1\n\n==> b <==\n3\n');
    expect(pipe('head -n 1 a missing', '', files)).toMatchObject({
      output: "==> a <==\n1\nhead: cannot open 'missing' for reading: No such file or directory\n",
      exitCode: 1,
    });
  });

  it('invalid counts in GNU wording', () => {
    expect(pipe('head -n x', TWELVE)).toMatchObject({ output: "head: invalid number of lines: ‘x’\n", exitCode: 1 });
    expect(pipe('head -c 1z', TWELVE)).toMatchObject({ output: "head: invalid number of bytes: ‘1z’\n", exitCode: 1 });
    expect(pipe('head -n', TWELVE)).toMatchObject({
      output: "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n",
      exitCode: 1,
    });
  });
});

describe('tail', () => {
  it('ten lines by default; -n N, -N, -n +N', () => {
    expect(pipe('tail', TWELVE).output).toBe(TWELVE.split('\n').slice(2, 12).join('\n') + '\n');
    expect(pipe('tail -n 2', TWELVE).output).toBe('l11\nl12\n');
    expect(pipe('tail -1', TWELVE).output).toBe('l12\n');
    expect(pipe('tail -n +11', TWELVE).output).toBe('l11\nl12\n');
    expect(pipe('tail -n +2', 'header\nrow\n').output).toBe('row\n');
  });

  it('-c N and a missing final newline', () => {
    expect(pipe('tail -c 3', 'abcdef\n').output).toBe('ef\n');
    expect(pipe('tail -n 1', 'a\nb')).toMatchObject({ output: 'b', exitCode: 0 });
  });

  it('invalid counts in GNU wording', () => {
    expect(pipe('tail -n abc', TWELVE)).toMatchObject({ output: "tail: invalid number of lines: ‘abc’\n", exitCode: 1 });
  });
});

describe('wc', () => {
  it('lines, words, bytes in seven columns for a pipe', () => {
    expect(pipe('wc', 'hello world\nbye\n').output).toBe('      2       3      16\n');
    expect(pipe('wc -lw', 'hello world\nbye\n').output).toBe('      2       3\n');
  });

  it('a single count of a single input is printed bare', () => {
    expect(pipe('wc -l', 'a\nb\nc\n').output).toBe('3\n');
    expect(pipe('wc -w', ' a  b ').output).toBe('2\n');
    expect(pipe('wc -c', 'héllo\n').output).toBe('7\n');
    expect(pipe('wc -m', 'héllo\n').output).toBe('6\n');
    expect(pipe('wc -l', '').output).toBe('0\n');
    expect(pipe('wc -l', 'no newline').output).toBe('0\n');
  });

  it('files: width of the total size, a name column and a total line', () => {
    const files = { a: 'one\ntwo\n', b: 'three\n' };
    expect(pipe('wc -l a', '', files).output).toBe('2 a\n');
    expect(pipe('wc a', '', files).output).toBe('2 2 8 a\n');
    expect(pipe('wc -l a b', '', files).output).toBe(' 2 a\n 1 b\n 3 total\n');
    expect(pipe('wc -l nope', '', files)).toMatchObject({ output: 'wc: nope: No such file or directory\n', exitCode: 1 });
  });
});
