// Multi-line input: an unfinished command waits for more lines (PS2) and runs when its last line arrives.
import { describe, expect, it } from 'vitest';
import { TerminalSession } from '../../../src/terminal/terminal-session.ts';
import { labEngine } from './engine-helpers.ts';
import { fakeShell, out } from './fake-session.ts';

describe('continuation lines', () => {
  it('buffers a loop until done, then runs it and records one history entry', () => {
    const { shell } = fakeShell();
    expect(shell.run('for i in 1 2')).toMatchObject({ output: '', more: true });
    expect(shell.continuing).toBe(true);
    expect(shell.run('do echo $i')).toMatchObject({ output: '', more: true });
    expect(shell.run('done')).toMatchObject({ output: '1\n2\n', exitCode: 0 });
    expect(shell.continuing).toBe(false);
    expect(shell.history).toEqual(['for i in 1 2; do echo $i; done']);
  });

  it('joins a multi-line command in history as bash 5.2 does (cmdhist; entries from a real interactive bash)', () => {
    const { shell } = fakeShell();
    for (const line of ['for n in 1 2 3', 'do echo "pod $n"', 'done', 'if true', 'then', "echo 'a", "b'", 'fi', 'while false; do', ':', 'done', 'echo a |', 'wc -l']) shell.run(line);
    expect(shell.history).toEqual([
      'for n in 1 2 3; do echo "pod $n"; done',
      "if true; then echo 'a\nb'; fi",
      'while false; do :; done',
      'echo a | wc -l',
    ]);
  });

  it('continues after an open quote, a trailing | && or \\, and reads heredoc bodies', () => {
    const { shell } = fakeShell();
    const feed = (...lines: string[]) => lines.map((l) => shell.run(l)).at(-1)!.output;
    expect(feed('echo "a', 'b"')).toBe('a\nb\n');
    expect(feed('echo x |', 'wc -l')).toBe('1\n');
    expect(feed('true &&', 'echo and')).toBe('and\n');
    expect(feed('echo one \\', 'two')).toBe('one two\n');
    expect(feed('cat <<EOF', 'hello $HOME', 'EOF')).toBe('hello /home/ec2-user\n');
    expect(feed("cat <<'EOF' | wc -l", 'a', 'b', 'EOF')).toBe('2\n');
  });

  it('reports an unfinished command at the end of input, and cancel drops it', () => {
    const { shell } = fakeShell();
    shell.run('if true; then');
    expect(shell.end()).toMatchObject({ output: 'bash: syntax error: unexpected end of file\n', exitCode: 2 });
    shell.run('echo "open');
    shell.cancel();
    expect(shell.continuing).toBe(false);
    expect(out(shell, 'echo fresh')).toBe('fresh\n');
  });

  it('a syntax error ends the command at once', () => {
    const { shell } = fakeShell();
    expect(shell.run('for i in 1; do echo; fi')).toMatchObject({ output: "bash: syntax error near unexpected token `fi'\n", exitCode: 2 });
    expect(shell.continuing).toBe(false);
  });

  it('shows bash\'s PS2 on the terminal and the prompt again when the command has run', () => {
    const engine = labEngine();
    let screen = '';
    const transcript: { prompt: string; command: string; output: string }[] = [];
    const session = new TerminalSession(engine, (t) => (screen += t), (e) => transcript.push(e));
    session.showPrompt();
    session.input('for n in a b\r');
    expect(screen.endsWith('\r\n> ')).toBe(true);
    session.input('do echo $n; done\r');
    expect(screen).toContain('> do echo $n; done\r\na\r\nb\r\n[root@myeks-bastion-EC2 ~]# ');
    expect(transcript).toEqual([{ prompt: '[root@myeks-bastion-EC2 ~]# ', command: 'for n in a b\ndo echo $n; done', output: 'a\nb\n' }]);
    screen = '';
    session.input('echo "x\r');
    session.input('\x03');
    expect(screen.endsWith('[root@myeks-bastion-EC2 ~]# ')).toBe(true);
    expect(engine.shell.continuing).toBe(false);
  });
});
