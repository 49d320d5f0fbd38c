import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

describe('echo', () => {
  const { shell } = fakeShell();
  it('joins arguments with spaces and ends with a newline', () => {
    expect(shell.run('echo a   b "c  d"').output).toBe('a b c  d\n');
    expect(shell.run('echo').output).toBe('\n');
  });

  it('-n omits the newline; -e reads escapes; other dash words are printed', () => {
    expect(shell.run('echo -n hi').output).toBe('hi');
    expect(shell.run("echo -e 'a\\tb\\nc'").output).toBe('a\tb\nc\n');
    expect(shell.run("echo 'a\\tb'").output).toBe('a\\tb\n');
    expect(shell.run("echo -ne 'x\\n'").output).toBe('x\n');
    expect(shell.run("echo -e 'stop\\chere'").output).toBe('stop');
    expect(shell.run("echo -e '\\x41\\0102'").output).toBe('AB\n');
    expect(shell.run('echo -x --help').output).toBe('-x --help\n');
  });
});

describe('cat', () => {
  it('passes stdin through unchanged', () => {
    const { shell, session } = fakeShell();
    session.env.set('IN', 'a\nb');
    expect(shell.run('echo -n "$IN" | cat').output).toBe('a\nb');
    expect(shell.run('echo x | cat -').output).toBe('x\n');
  });

  it('reads files from the optional file system, GNU errors for missing ones', () => {
    const { shell } = fakeShell({ files: { '/etc/hostname': 'node1\n' } });
    expect(shell.run('cat /etc/hostname')).toMatchObject({ output: 'node1\n', exitCode: 0 });
    expect(shell.run('cat /nope')).toMatchObject({ output: 'cat: /nope: No such file or directory\n', exitCode: 1 });
  });

  it('-n numbers lines', () => {
    const { shell } = fakeShell();
    expect(shell.run("echo -e 'a\\nb' | cat -n").output).toBe('     1\ta\n     2\tb\n');
  });
});

describe('hostname', () => {
  it('prints the current host name, -s up to the first dot', () => {
    const { shell } = fakeShell();
    expect(shell.run('hostname').output).toBe('ip-192-168-1-139.ec2.internal\n');
    expect(shell.run('hostname -s').output).toBe('ip-192-168-1-139\n');
  });
});
