import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../src/shell/registry.ts';
import { createShell } from '../../../src/shell/run.ts';
import type { Command } from '../../../src/shell/types.ts';
import { BASTION, NODE, fakeSession, fakeShell, out } from './fake-session.ts';

/** Writes its arguments to stdout and "warn" to stderr: shows how the shell orders and routes the two streams. */
const both: Command = {
  name: 'both',
  usage: 'both',
  run: ({ args }) => ({ stdout: `${args.join(' ')}\n`, stderr: 'warn\n', exitCode: 0 }),
};
const boom: Command = {
  name: 'boom',
  usage: 'boom',
  run: () => {
    throw new Error('kaput');
  },
};
const kubectl: Command = {
  name: 'kubectl',
  usage: 'kubectl',
  hosts: ['bastion'],
  complete: (words) => (words.length === 0 ? ['get', 'describe', 'exec'] : words[0] === 'get' ? ['pods', 'nodes', 'pod'] : []),
  run: ({ args }) => ({ stdout: `kubectl ${args.join(' ')}\n`, stderr: '', exitCode: 0 }),
};
/** Runs its argument as a command line in the same shell, as ssh HOST CMD or watch would. */
const again: Command = { name: 'again', usage: 'again LINE', run: ({ args, exec }) => exec(args.join(' ')) };
const exit3: Command = { name: 'exit3', usage: 'exit3', run: () => ({ stdout: '', stderr: '', exitCode: 3 }) };

const setup = (options: Parameters<typeof fakeShell>[0] = {}) => fakeShell(options, [both, boom, kubectl, again, exit3]);

describe('pipelines and lists', () => {
  it('feeds stdout of each stage to the next', () => {
    const { shell } = setup();
    expect(shell.run("echo -e 'b\\na\\nb' | sort | uniq -c | sort -rn")).toMatchObject({ output: '      2 b\n      1 a\n', exitCode: 0 });
  });

  it('shows stderr of every stage, earlier stages first, and the last stage stdout before its stderr', () => {
    const { shell } = setup();
    expect(out(shell, 'both one | both two')).toBe('warn\ntwo\nwarn\n');
  });

  it('runs && only after success and || only after failure', () => {
    const { shell } = setup();
    expect(out(shell, 'true && echo yes || echo no')).toBe('yes\n');
    expect(out(shell, 'false && echo yes || echo no')).toBe('no\n');
    expect(out(shell, 'false; echo $?; exit3; echo $?')).toBe('1\n3\n');
    expect(shell.run('echo a; false').exitCode).toBe(1);
  });

  it('takes the exit code of the last stage of a pipeline', () => {
    const { shell } = setup();
    expect(shell.run('false | true').exitCode).toBe(0);
    expect(shell.run('true | false').exitCode).toBe(1);
  });

  it('expands each command when it runs, so export and $? take effect on the same line', () => {
    const { shell } = setup();
    expect(out(shell, 'export POD=nginx-1; echo $POD')).toBe('nginx-1\n');
    expect(out(shell, 'X=1; echo "$X"')).toBe('1\n');
  });

  it('sets NAME=value before a command for that command only', () => {
    const { shell, session } = setup();
    expect(out(shell, 'X=tmp again echo \\$X; echo "[$X]"')).toBe('tmp\n[]\n');
    expect(session.env.has('X')).toBe(false);
  });

  it('substitutes command output', () => {
    const { shell } = setup();
    expect(out(shell, 'echo "host: $(hostname)"')).toBe(`host: ${BASTION.hostname}\n`);
    expect(out(shell, 'export N=$(echo a b | wc -w); echo $N')).toBe('2\n');
  });

  it('records a trailing & and runs the pipeline anyway', () => {
    const { shell } = setup();
    expect(out(shell, 'echo bg & echo fg')).toBe('bg\nfg\n');
  });
});

describe('errors never escape', () => {
  it('unknown commands exit 127 with bash wording', () => {
    const { shell } = setup();
    expect(shell.run('nosuch -x')).toMatchObject({ output: 'bash: nosuch: command not found\n', exitCode: 127 });
  });

  it('a command not available on this host is not found', () => {
    const { shell, session } = setup();
    expect(out(shell, 'kubectl get pods')).toBe('kubectl get pods\n');
    session.pushHost(NODE);
    expect(shell.run('kubectl get pods')).toMatchObject({ output: 'bash: kubectl: command not found\n', exitCode: 127 });
  });

  it('an exception inside a command becomes one line', () => {
    const { shell } = setup();
    expect(shell.run('boom; echo after')).toMatchObject({ output: 'bash: boom: internal error: kaput\nafter\n', exitCode: 0 });
    expect(shell.run('boom').exitCode).toBe(1);
  });

  it('syntax errors exit 2; an open quote waits for more lines, and is an error only when input ends', () => {
    const { shell } = setup();
    expect(shell.run('done')).toMatchObject({ output: "bash: syntax error near unexpected token `done'\n", exitCode: 2 });
    expect(shell.run('echo "oops')).toMatchObject({ output: '', more: true });
    expect(shell.end()).toMatchObject({
      output: "bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file\n",
      exitCode: 2,
    });
  });

  it('stops runaway recursion', () => {
    const { shell, session } = setup();
    session.aliases.set('loop', 'again loop');
    const r = shell.run('loop');
    expect(r.output).toContain('maximum nesting level exceeded');
  });

  it('never throws and always returns a string, whatever the line', () => {
    const { shell, session } = setup();
    session.aliases.set('k', 'kubectl');
    const token = fc.constantFrom(
      'echo', 'k', 'grep', '-v', 'x', 'sort', '-rn', 'awk', "'{print $1}'", 'head', '-n', '2', 'wc', '-l', 'cut', '-d:', '-f2',
      'sed', 'exit', 'export', 'A=1', '$A', '"$A"', "'", '"', '\\', '|', '||', '&&', ';', '&', '>', '2>&1', '>/dev/null', '<',
      '<<<', '(', ')', '$(', '`', '#', '${', '}', '~', '*', 'alias', 'unalias', 'again', 'boom', 'both', 'sleep', '1', 'watch',
      'date', '+%s', 'uniq', '-c', 'tail', '+2', 'xargs', 'tee', 'cat', '-e', '[', ']', '\n',
    );
    const line = fc.oneof(fc.string({ maxLength: 40 }), fc.array(token, { maxLength: 12 }).map((t) => t.join(' ')), fc.array(token, { maxLength: 12 }).map((t) => t.join('')));
    fc.assert(
      fc.property(line, (l) => {
        const r = shell.run(l);
        expect(typeof r.output).toBe('string');
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(Array.isArray(shell.complete(l, l.length))).toBe(true);
        while (session.hosts.length > 1) session.popHost();
      }),
      { numRuns: 400 },
    );
  });
});

describe('redirections', () => {
  it('discards to /dev/null and applies left to right', () => {
    const { shell } = setup();
    expect(out(shell, 'both x > /dev/null')).toBe('warn\n');
    expect(out(shell, 'both x 2> /dev/null')).toBe('x\n');
    expect(out(shell, 'both x > /dev/null 2>&1')).toBe('');
    // 2>&1 first: stderr goes where stdout went before stdout was discarded.
    expect(out(shell, 'both x 2>&1 > /dev/null')).toBe('warn\n');
    expect(out(shell, 'both x &> /dev/null')).toBe('');
  });

  it('sends stderr down the pipe with 2>&1 or |&', () => {
    const { shell } = setup();
    expect(out(shell, 'both x 2>&1 | grep -c .')).toBe('2\n');
    expect(out(shell, 'both x |& wc -l')).toBe('2\n');
    expect(out(shell, 'both x | wc -l')).toBe('warn\n1\n');
    expect(out(shell, 'echo oops >&2 | wc -l')).toBe('oops\n0\n');
  });

  it('refuses to write files when the session has no file system', () => {
    const { shell } = setup();
    expect(shell.run('echo hi > out.txt; echo next')).toMatchObject({ output: 'bash: out.txt: Read-only file system\nnext\n', exitCode: 0 });
    expect(shell.run('echo hi > out.txt').exitCode).toBe(1);
  });

  it('writes, appends and reads files through the optional file system', () => {
    const { shell, session } = setup({ writable: true });
    expect(out(shell, 'echo one > f; echo two >> f; cat f')).toBe('one\ntwo\n');
    expect(session.files.get('f')).toBe('one\ntwo\n');
    expect(out(shell, 'wc -l < f')).toBe('2\n');
    expect(out(shell, 'echo fresh > f; cat f')).toBe('fresh\n');
  });

  it('reads here-strings and reports missing input files', () => {
    const { shell } = setup();
    expect(out(shell, 'grep -c a <<< "a b a"')).toBe('1\n');
    expect(shell.run('cat < missing')).toMatchObject({ output: 'bash: missing: No such file or directory\n', exitCode: 1 });
  });
});

describe('builtins', () => {
  it('export sets and lists variables', () => {
    const { shell, session } = setup();
    expect(shell.run('export A=1 B="two words"').exitCode).toBe(0);
    expect(session.env.get('B')).toBe('two words');
    expect(out(shell, 'export | grep " B="')).toBe('declare -x B="two words"\n');
    expect(shell.run('export 1X=2')).toMatchObject({ output: "bash: export: `1X=2': not a valid identifier\n", exitCode: 1 });
  });

  it('alias defines, lists and shows; unalias removes', () => {
    const { shell } = setup();
    expect(out(shell, "alias k=kubectl kgp='kubectl get pods'")).toBe('');
    expect(out(shell, 'alias')).toBe("alias k='kubectl'\nalias kgp='kubectl get pods'\n");
    expect(out(shell, 'alias k')).toBe("alias k='kubectl'\n");
    expect(out(shell, 'k version')).toBe('kubectl version\n');
    expect(out(shell, 'kgp -A')).toBe('kubectl get pods -A\n');
    // Aliases are expanded when the line is read: unalias takes effect from the next line, as in bash.
    expect(shell.run('unalias k; k version').output).toBe('kubectl version\n');
    expect(shell.run('k version').output).toBe('bash: k: command not found\n');
    expect(shell.run('unalias k')).toMatchObject({ output: 'bash: unalias: k: not found\n', exitCode: 1 });
    expect(shell.run('alias nope')).toMatchObject({ output: 'bash: alias: nope: not found\n', exitCode: 1 });
  });

  it('exit leaves the current host and stops the rest of the line; at the outermost host it does nothing', () => {
    const { shell, session } = setup();
    session.pushHost(NODE);
    expect(shell.run('exit; echo not-run')).toMatchObject({ output: '', exitCode: 0 });
    expect(session.host()).toBe(BASTION);
    expect(shell.run('exit')).toMatchObject({ output: '', exitCode: 0 });
    expect(session.host()).toBe(BASTION);
  });

  it('true, false, cd, clear and history', () => {
    const { shell } = setup();
    expect(shell.run('true').exitCode).toBe(0);
    expect(shell.run('false').exitCode).toBe(1);
    expect(shell.run('cd /tmp')).toMatchObject({ output: '', exitCode: 0 });
    expect(shell.run('clear')).toMatchObject({ output: '', exitCode: 0 });
    expect(out(shell, 'history')).toBe('    1  true\n    2  false\n    3  cd /tmp\n    4  clear\n    5  history\n');
  });
});

describe('exec re-enters the same shell', () => {
  it('sees the same variables and aliases, and keeps stdout and stderr apart', () => {
    const { shell, session } = setup();
    session.aliases.set('k', 'kubectl');
    session.env.set('P', 'nginx');
    expect(out(shell, "again 'k get pod $P'")).toBe('kubectl get pod nginx\n');
    expect(shell.exec('both a; nosuch')).toEqual({ stdout: 'a\n', stderr: 'warn\nbash: nosuch: command not found\n', exitCode: 127 });
  });
});

describe('completion', () => {
  it('completes command names, builtins and aliases in first position', () => {
    const { shell, session } = setup();
    session.aliases.set('kgp', 'kubectl get pods');
    expect(shell.complete('ku', 2)).toEqual(['kubectl']);
    expect(shell.complete('k', 1)).toEqual(['kgp', 'kill', 'kubectl']);
    expect(shell.complete('echo hi | he', 12)).toEqual(['head', 'help']);
    expect(shell.complete('ex', 2)).toEqual(['exec', 'exit', 'exit3', 'export', 'expr']);
  });

  it('asks the command for later words, after alias expansion', () => {
    const { shell, session } = setup();
    session.aliases.set('k', 'kubectl');
    expect(shell.complete('kubectl ', 8)).toEqual(['get', 'describe', 'exec']);
    expect(shell.complete('k get po', 8)).toEqual(['pods', 'pod']);
    expect(shell.complete('k get po | grep x', 8)).toEqual(['pods', 'pod']);
    expect(shell.complete('echo ', 5)).toEqual([]);
  });

  it('does not offer commands that are not on this host', () => {
    const { shell, session } = setup();
    session.pushHost(NODE);
    expect(shell.complete('kub', 3)).toEqual([]);
  });
});

describe('registry', () => {
  it('registers, looks up and lists names; one registry per shell', () => {
    const registry = createRegistry([both]);
    registry.register(kubectl);
    expect(registry.lookup('both')).toBe(both);
    expect(registry.lookup('nope')).toBeUndefined();
    expect(registry.names()).toEqual(['both', 'kubectl']);
    const other = createShell(fakeSession(), createRegistry([]));
    expect(other.run('both').exitCode).toBe(127);
  });
});

describe('completion in compound commands', () => {
  it('finds the command after reserved words, separators and NAME=value prefixes', () => {
    const { shell, session } = setup();
    session.aliases.set('k', 'kubectl');
    expect(shell.complete('for p in a; do k get po', 23)).toEqual(['pods', 'pod']);
    expect(shell.complete('if true; then X=1 kubectl get po', 32)).toEqual(['pods', 'pod']);
    expect(shell.complete('while true; do ec', 17)).toEqual(['echo']);
  });
});
