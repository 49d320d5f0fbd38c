import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

const PODS = [
  'NAME                     READY   STATUS    RESTARTS   AGE',
  'nginx-6fb79bc456-2lvh9   1/1     Running   0          5m',
  'nginx-6fb79bc456-8xk2p   1/1     Running   0          5m',
  'busybox                  0/1     Pending   0          1m',
  'coredns-5d78c9869d-x1    1/1     Running   2          3d',
].join('\n') + '\n';

function grep(args: string, stdin = PODS, files: Record<string, string> = {}) {
  const { shell, session } = fakeShell({ files: { 'pods.txt': PODS, ...files } });
  session.env.set('IN', stdin);
  return shell.run(`printf_stdin | grep ${args}`.replace('printf_stdin', 'echo -n "$IN"'));
}

describe('grep', () => {
  it('selects matching lines, exit 0; none, exit 1', () => {
    expect(grep('Pending')).toMatchObject({ output: 'busybox                  0/1     Pending   0          1m\n', exitCode: 0 });
    expect(grep('Failed')).toMatchObject({ output: '', exitCode: 1 });
  });

  it('-v inverts, -c counts, -i ignores case, -n numbers', () => {
    expect(grep('-c Running').output).toBe('3\n');
    expect(grep('-vc Running').output).toBe('2\n');
    expect(grep('-ic running').output).toBe('3\n');
    expect(grep('-n busybox').output).toBe('4:busybox                  0/1     Pending   0          1m\n');
    expect(grep('-c nothing')).toMatchObject({ output: '0\n', exitCode: 1 });
  });

  it('-o prints each match on its own line; -w matches whole words', () => {
    expect(grep("-o 'nginx-[a-z0-9]*-[a-z0-9]*'").output).toBe('nginx-6fb79bc456-2lvh9\nnginx-6fb79bc456-8xk2p\n');
    expect(grep('-w -c nginx').output).toBe('2\n');
    expect(grep('-wc ngin').output).toBe('0\n');
    expect(grep("-oE '[0-9]+/[0-9]+'", 'a 1/1 b 0/1\n').output).toBe('1/1\n0/1\n');
  });

  it('several -e patterns, or a newline in the pattern, match any of them', () => {
    expect(grep('-e busybox -e coredns').output).toBe(
      'busybox                  0/1     Pending   0          1m\ncoredns-5d78c9869d-x1    1/1     Running   2          3d\n',
    );
    expect(grep(`-c "$(echo -e 'busybox\\ncoredns')"`).output).toBe('2\n');
  });

  it('basic regex: \\| alternates (GNU), + ? ( ) { } | are literal', () => {
    expect(grep("-c 'busybox\\|coredns'").output).toBe('2\n');
    expect(grep("'a+b'", 'aab\na+b\n').output).toBe('a+b\n');
    expect(grep("'(x)'", '(x)\nx\n').output).toBe('(x)\n');
    expect(grep("'a\\+b'", 'aab\nb\n').output).toBe('aab\n');
    expect(grep("'x\\{2\\}'", 'x\nxx\n').output).toBe('xx\n');
    expect(grep("'a|b'", 'a\na|b\n').output).toBe('a|b\n');
    expect(grep("'^*x'", '*x\nx\n').output).toBe('*x\n');
  });

  it('extended regex with -E and egrep', () => {
    expect(grep("-E -c 'busybox|coredns'").output).toBe('2\n');
    expect(grep("-E '^(a|b)+$'", 'abab\nabc\n').output).toBe('abab\n');
    expect(grep("-E 'x{2}'", 'x\nxx\n').output).toBe('xx\n');
    const { shell } = fakeShell();
    expect(shell.run("echo -e 'ok\\nfail' | egrep 'ok|no'").output).toBe('ok\n');
  });

  it('bracket expressions and POSIX classes', () => {
    expect(grep("'[[:digit:]]d$'", PODS).output).toBe('coredns-5d78c9869d-x1    1/1     Running   2          3d\n');
    expect(grep("-c '^[^[:space:]]*[[:space:]]\\+0/1'").output).toBe('1\n');
    expect(grep("'[]]'", 'a]\nb\n').output).toBe('a]\n');
  });

  it('-F matches fixed strings, -x whole lines', () => {
    expect(grep("-F 'a.c'", 'abc\na.c\n').output).toBe('a.c\n');
    expect(grep('-x abc', 'abc\nabcd\n').output).toBe('abc\n');
  });

  it('context: -A -B -C with -- between groups', () => {
    const lines = '1\n2\nx\n4\n5\n6\n7\nx\n9\n';
    expect(grep('-A1 x', lines).output).toBe('x\n4\n--\nx\n9\n');
    expect(grep('-B1 -n x', lines).output).toBe('2-2\n3:x\n--\n7-7\n8:x\n');
    expect(grep('-C 3 x', lines).output).toBe('1\n2\nx\n4\n5\n6\n7\nx\n9\n');
  });

  it('-q is silent, -m stops early', () => {
    expect(grep('-q Running')).toMatchObject({ output: '', exitCode: 0 });
    expect(grep('-q Failed')).toMatchObject({ output: '', exitCode: 1 });
    expect(grep('-m1 Running').output).toBe('nginx-6fb79bc456-2lvh9   1/1     Running   0          5m\n');
  });

  it('reads files, prefixing names when there are several', () => {
    const { shell } = fakeShell({ files: { a: 'x1\ny\n', b: 'x2\n' } });
    expect(shell.run('grep x a').output).toBe('x1\n');
    expect(shell.run('grep x a b').output).toBe('a:x1\nb:x2\n');
    expect(shell.run('grep -c x a b').output).toBe('a:1\nb:1\n');
    expect(shell.run('grep -l x a b').output).toBe('a\nb\n');
    expect(shell.run('grep x a nope')).toMatchObject({ output: 'a:x1\ngrep: nope: No such file or directory\n', exitCode: 2 });
    expect(shell.run('grep -s x nope')).toMatchObject({ output: '', exitCode: 2 });
  });

  it('reports bad patterns and usage with GNU wording, exit 2', () => {
    expect(grep("-E 'a(b'")).toMatchObject({ output: 'grep: Unmatched ( or \\(\n', exitCode: 2 });
    expect(grep("'a\\(b'")).toMatchObject({ output: 'grep: Unmatched ( or \\(\n', exitCode: 2 });
    expect(grep("-E 'a)b'")).toMatchObject({ output: 'grep: Unmatched ) or \\)\n', exitCode: 2 });
    expect(grep("'[abc'")).toMatchObject({ output: 'grep: Unmatched [, [^, [:, [., or [=\n', exitCode: 2 });
    expect(grep("'ab\\'")).toMatchObject({ output: 'grep: Trailing backslash\n', exitCode: 2 });
    expect(grep('')).toMatchObject({
      output: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      exitCode: 2,
    });
    expect(grep('-Z x')).toMatchObject({
      output: "grep: invalid option -- 'Z'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      exitCode: 2,
    });
  });

  it('accepts options after the pattern (GNU permutes) and --color', () => {
    expect(grep('busybox -c --color=auto').output).toBe('1\n');
  });
});
