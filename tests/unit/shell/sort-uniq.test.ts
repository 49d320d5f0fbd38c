import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

/** Runs `echo -n "$IN" | CMD` so the input keeps its exact newlines. */
function pipe(cmd: string, input: string) {
  const { shell, session } = fakeShell();
  session.env.set('IN', input);
  return shell.run(`echo -n "$IN" | ${cmd}`);
}

describe('sort', () => {
  it('sorts bytewise by default and adds the final newline', () => {
    expect(pipe('sort', 'b\nB\na\n_x\n10\n9')).toMatchObject({ output: '10\n9\nB\n_x\na\nb\n', exitCode: 0 });
  });

  it('-n numerically (non-numbers count as 0, ties by whole line), -r reverses', () => {
    expect(pipe('sort -n', '10\n9\n-1\nx\n1.5\n').output).toBe('-1\nx\n1.5\n9\n10\n');
    expect(pipe('sort -rn', '10\n9\n100\n').output).toBe('100\n10\n9\n');
    expect(pipe('sort -nr', '2 b\n2 a\n1 c\n').output).toBe('2 b\n2 a\n1 c\n');
  });

  it('-k N sorts from field N to the end of the line; -kN,N on that field only', () => {
    const rows = 'pod-a node2 3\npod-b node1 10\npod-c node2 1\n';
    expect(pipe('sort -k2', rows).output).toBe('pod-b node1 10\npod-c node2 1\npod-a node2 3\n');
    expect(pipe('sort -k2,2 -k3n', rows).output).toBe('pod-b node1 10\npod-c node2 1\npod-a node2 3\n');
    expect(pipe('sort -k3 -n', rows).output).toBe('pod-c node2 1\npod-a node2 3\npod-b node1 10\n');
    expect(pipe('sort -k3nr', rows).output).toBe('pod-b node1 10\npod-a node2 3\npod-c node2 1\n');
  });

  it('-t SEP splits fields on a character', () => {
    expect(pipe('sort -t: -k2n', 'a:3\nb:1\nc:2\n').output).toBe('b:1\nc:2\na:3\n');
    expect(pipe("sort -t , -k 2", 'x,b\ny,a\n').output).toBe('y,a\nx,b\n');
  });

  it('-u keeps the first of equal keys', () => {
    expect(pipe('sort -u', 'b\na\nb\na\n').output).toBe('a\nb\n');
    expect(pipe('sort -t: -k1,1 -u', 'a:2\nb:1\na:1\n').output).toBe('a:2\nb:1\n');
  });

  it('-h orders human sizes', () => {
    expect(pipe('sort -h', '1G\n10K\n2M\n512\n').output).toBe('512\n10K\n2M\n1G\n');
  });

  it('errors in GNU wording', () => {
    expect(pipe('sort -k 0', 'a\n')).toMatchObject({ output: "sort: field number is zero: invalid field specification ‘0’\n", exitCode: 2 });
    expect(pipe('sort -k x', 'a\n')).toMatchObject({
      output: "sort: invalid number at field start: invalid count at start of ‘x’\n",
      exitCode: 2,
    });
    expect(pipe('sort -t ab', 'a\n')).toMatchObject({ output: "sort: multi-character tab ‘ab’\n", exitCode: 2 });
    expect(pipe('sort -Q', 'a\n')).toMatchObject({ output: "sort: invalid option -- 'Q'\nTry 'sort --help' for more information.\n", exitCode: 2 });
    expect(pipe('sort nope', '')).toMatchObject({ output: 'sort: cannot read: nope: No such file or directory\n', exitCode: 2 });
  });
});

describe('uniq', () => {
  it('collapses adjacent duplicates only', () => {
    expect(pipe('uniq', 'a\na\nb\na\n').output).toBe('a\nb\na\n');
  });

  it('-c prints the count in seven columns and a space', () => {
    const hosts = Array.from({ length: 51 }, () => 'Hostname: x').join('\n') + '\nHostname: y\n';
    expect(pipe('uniq -c', hosts).output).toBe('     51 Hostname: x\n      1 Hostname: y\n');
  });

  it('-d only repeated, -u only unique, -i ignoring case', () => {
    expect(pipe('uniq -d', 'a\na\nb\n').output).toBe('a\n');
    expect(pipe('uniq -u', 'a\na\nb\n').output).toBe('b\n');
    expect(pipe('uniq -ci', 'A\na\n').output).toBe('      2 A\n');
  });

  it('the classic count pipeline', () => {
    expect(pipe('sort | uniq -c | sort -rn | head -n 1', 'x\ny\nx\nz\nx\n').output).toBe('      3 x\n');
  });
});
