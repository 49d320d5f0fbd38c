import { describe, expect, it } from 'vitest';
import { expandCommand, parseLine, splitLine, type ExpandContext } from '../../../src/shell/parse.ts';

const vars: Record<string, string> = { HOME: '/home/ec2-user', N1: 'ip-192-168-40-12.ec2.internal', TWO: 'a  b', EMPTY: '' };
const ctx: ExpandContext = { lookupVar: (n) => vars[n], substitute: (line) => (line === 'echo hi there' ? 'hi there\n' : `<${line}>`) };
const noAliases = new Map<string, string>();

function argvs(line: string, aliases: Map<string, string> = noAliases): string[][] {
  const r = parseLine(line, aliases, ctx);
  if (!r.ok) throw new Error(r.error);
  return r.items.flatMap((i) => i.pipeline.commands.map((c) => c.argv));
}

function error(line: string): string {
  const r = splitLine(line);
  return r.ok ? 'no error' : r.error;
}

describe('splitLine: structure', () => {
  it('joins pipelines with ; && || and records a trailing &', () => {
    const r = splitLine('a | b; c && d || e & f');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items.map((i) => [i.connector, i.pipeline.commands.map((c) => c.words.join(' ')), i.pipeline.background])).toEqual([
      [null, ['a', 'b'], false],
      [';', ['c'], false],
      ['&&', ['d'], false],
      ['||', ['e'], true],
      [';', ['f'], false],
    ]);
  });

  it('keeps words raw (quotes in place) for expansion at run time', () => {
    const r = splitLine(`echo 'a b' "c $X" d\\ e`);
    expect(r.ok && r.items[0]!.pipeline.commands[0]!.words).toEqual(['echo', "'a b'", '"c $X"', 'd\\ e']);
  });

  it('reads descriptor numbers only when glued to the operator', () => {
    const r = splitLine('cmd 2>/dev/null 2 >x >&2 &>all');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.items[0]!.pipeline.commands[0]!;
    expect(c.words).toEqual(['cmd', '2']);
    expect(c.redirects).toEqual([
      { fd: 2, both: false, op: '>', target: '/dev/null' },
      { fd: 1, both: false, op: '>', target: 'x' },
      { fd: 1, both: false, op: 'dup', target: '2' },
      { fd: 1, both: true, op: '>', target: 'all' },
    ]);
  });

  it('ignores comments, but not a # inside a word', () => {
    const r = splitLine('echo a#b # the rest; echo no');
    expect(r.ok && r.items.map((i) => i.pipeline.commands[0]!.words)).toEqual([['echo', 'a#b']]);
  });

  it('an empty line or a comment is no command', () => {
    expect(splitLine('')).toEqual({ ok: true, items: [] });
    expect(splitLine('   # just a note')).toEqual({ ok: true, items: [] });
  });

  it('reports unterminated quotes as bash does, without throwing', () => {
    expect(error('echo "abc')).toBe("bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file");
    expect(error("echo 'abc")).toBe("bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file");
    expect(error('echo $(date')).toContain("matching `)'");
  });

  it('reports misplaced operators as bash does', () => {
    expect(error('| grep x')).toBe("bash: syntax error near unexpected token `|'");
    expect(error('a ;; b')).toBe("bash: syntax error near unexpected token `;;'");
    expect(error('a && && b')).toBe("bash: syntax error near unexpected token `&&'");
    expect(error(';')).toBe("bash: syntax error near unexpected token `;'");
    expect(error('echo >')).toBe("bash: syntax error near unexpected token `newline'");
    expect(error('a |')).toBe('bash: syntax error: unexpected end of file');
    expect(error('a &&')).toBe('bash: syntax error: unexpected end of file');
  });
});

describe('aliases', () => {
  const aliases = new Map([
    ['k', 'kubectl'],
    ['kgp', 'kubectl get pods -o wide'],
    ['ls', 'ls --color=auto'],
    ['loop1', 'loop2'],
    ['loop2', 'loop1 x'],
    ['sudo', 'sudo '],
    ['kp', 'k get pods | head -1'],
  ]);

  it('expands the first word of each simple command', () => {
    expect(argvs('k get nodes | k describe -', aliases)).toEqual([
      ['kubectl', 'get', 'nodes'],
      ['kubectl', 'describe', '-'],
    ]);
    expect(argvs('echo k', aliases)).toEqual([['echo', 'k']]);
  });

  it('splices multi-word values and values with operators', () => {
    expect(argvs('kgp -A', aliases)).toEqual([['kubectl', 'get', 'pods', '-o', 'wide', '-A']]);
    expect(argvs('kp', aliases)).toEqual([
      ['kubectl', 'get', 'pods'],
      ['head', '-1'],
    ]);
  });

  it('does not expand an alias inside its own value', () => {
    expect(argvs('ls /tmp', aliases)).toEqual([['ls', '--color=auto', '/tmp']]);
    expect(argvs('loop1', aliases)).toEqual([['loop1', 'x']]);
  });

  it('checks the next word too when the value ends in a blank', () => {
    expect(argvs('sudo k get', aliases)).toEqual([['sudo', 'kubectl', 'get']]);
  });
});

describe('expansion', () => {
  it('expands variables, not inside single quotes; unset is empty', () => {
    expect(argvs(`echo $N1 "$N1" '$N1' $UNSET x\${N1}y`)).toEqual([
      ['echo', vars.N1!, vars.N1!, '$N1', `x${vars.N1}y`],
    ]);
  });

  it('splits unquoted expansions into words and drops empty ones, as bash does', () => {
    expect(argvs('printf %s $TWO "$TWO" $EMPTY "$EMPTY"')).toEqual([['printf', '%s', 'a', 'b', 'a  b', '']]);
  });

  it('runs command substitutions through the context', () => {
    expect(argvs('echo $(echo hi there) "$(echo hi there)"')).toEqual([['echo', 'hi', 'there', 'hi there']]);
    expect(argvs('echo `date`')).toEqual([['echo', '<date>']]);
  });

  it('expands ~ and ${NAME:-default}', () => {
    expect(argvs('cat ~/x ${NOPE:-dflt} ${N1:-dflt}')).toEqual([['cat', '/home/ec2-user/x', 'dflt', vars.N1!]]);
  });

  it('separates NAME=value prefixes and does not split assignment values', () => {
    const r = parseLine('A=$TWO B=2 env', noAliases, ctx);
    expect(r.ok && r.items[0]!.pipeline.commands[0]).toMatchObject({
      assignments: [
        { name: 'A', value: 'a  b' },
        { name: 'B', value: '2' },
      ],
      argv: ['env'],
    });
    expect(argvs('export X=$TWO')).toEqual([['export', 'X=a  b']]);
  });

  it('leaves glob characters alone (there is no file system to match)', () => {
    expect(argvs('echo *.txt a?c')).toEqual([['echo', '*.txt', 'a?c']]);
  });

  it('expands redirect targets', () => {
    const raw = splitLine('cmd > $HOME/out');
    if (!raw.ok) throw new Error(raw.error);
    const r = expandCommand(raw.items[0]!.pipeline.commands[0]!, ctx);
    expect(r.ok && r.command.redirects[0]!.target).toBe('/home/ec2-user/out');
  });

  it('reports a bad substitution instead of throwing', () => {
    const r = parseLine('echo ${}', noAliases, ctx);
    expect(r).toEqual({ ok: false, error: 'bash: ${}: bad substitution' });
  });
});
