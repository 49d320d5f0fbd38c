import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

describe('tee', () => {
  it('copies stdin to stdout and to files', () => {
    const { shell, session } = fakeShell({ writable: true });
    expect(shell.run('echo hi | tee a /dev/null | wc -c').output).toBe('3\n');
    expect(session.files.get('a')).toBe('hi\n');
    shell.run('echo more | tee -a a');
    expect(session.files.get('a')).toBe('hi\nmore\n');
  });

  it('without a file system, still copies to stdout and reports the file', () => {
    const { shell } = fakeShell();
    expect(shell.run('echo hi | tee x')).toMatchObject({ output: 'hi\ntee: x: Read-only file system\n', exitCode: 1 });
  });
});

describe('xargs', () => {
  it('appends stdin words to the command (echo by default)', () => {
    const { shell } = fakeShell();
    expect(shell.run("echo -e 'a b\\nc' | xargs").output).toBe('a b c\n');
    expect(shell.run("echo -e 'a\\nb\\nc' | xargs -n 2 echo x").output).toBe('x a b\nx c\n');
    expect(shell.run("echo '\"two words\" one' | xargs -n 1").output).toBe('two words\none\n');
  });

  it('-I replaces a placeholder for each line', () => {
    const { shell } = fakeShell();
    expect(shell.run("echo -e 'p1\\np2' | xargs -I {} echo pod/{}").output).toBe('pod/p1\npod/p2\n');
  });

  it('reports failures with exit 123 and missing commands with 127', () => {
    const { shell } = fakeShell();
    expect(shell.run('echo a | xargs false').exitCode).toBe(123);
    expect(shell.run('echo a | xargs nosuch')).toMatchObject({ output: 'xargs: nosuch: No such file or directory\n', exitCode: 127 });
  });
});
