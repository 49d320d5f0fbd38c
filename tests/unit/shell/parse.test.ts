// The parser (src/shell/bash/parser.ts): bash's grammar to a syntax tree, aliases spliced in as the line is read,
// unfinished input reported as Incomplete (the shell then asks for more lines), errors with bash's wording.
import { describe, expect, it } from 'vitest';
import type { AndOr, Command, List, SimpleCommand } from '../../../src/shell/bash/ast.ts';
import { Incomplete, ParseError, parseProgram } from '../../../src/shell/bash/parser.ts';

const noAliases = new Map<string, string>();

/** The raw words of every simple command, in order (compound commands' bodies included). */
function words(source: string, aliases: Map<string, string> = noAliases): string[][] {
  const out: string[][] = [];
  const visitList = (l: List) => l.items.forEach(visitAndOr);
  const visitAndOr = (a: AndOr) => [a.first, ...a.rest.map((r) => r.pipeline)].forEach((p) => p.commands.forEach(visit));
  const visit = (c: Command) => {
    if (c.type === 'simple') out.push([...c.assignments.map((a) => `${a.name}=`), ...c.words.map((w) => w.raw)]);
    else if (c.type === 'function') visit(c.body);
    else if (c.type === 'while') (visitList(c.test), visitList(c.body));
    else if ('body' in c) visitList(c.body as List);
    else if (c.type === 'if') c.clauses.forEach((k) => (visitList(k.test), visitList(k.body)));
  };
  visitList(parseProgram(source, { aliases, final: true }));
  return out;
}

function error(source: string, final = true): string {
  try {
    parseProgram(source, { final });
    return 'no error';
  } catch (e) {
    if (e instanceof Incomplete && !final) return 'incomplete';
    return (e as ParseError).message;
  }
}

describe('structure', () => {
  it('joins pipelines with ; && || and records a trailing & and the text of each list', () => {
    const list = parseProgram('a | b; c && d || e & f');
    expect(list.items.map((i) => [i.text, i.background, i.rest.map((r) => r.op)])).toEqual([
      ['a | b', false, []],
      ['c && d || e', true, ['&&', '||']],
      ['f', false, []],
    ]);
  });

  it('reads descriptor numbers only when glued to the operator', () => {
    const c = parseProgram('cmd 2>/dev/null 2 >x >&2 &>all').items[0]!.first.commands[0] as SimpleCommand;
    expect(c.words.map((w) => w.raw)).toEqual(['cmd', '2']);
    expect(c.redirects.map((r) => [r.fd, r.op, r.target.raw])).toEqual([
      [2, '>', '/dev/null'],
      [undefined, '>', 'x'],
      [undefined, '>&', '2'],
      [undefined, '&>', 'all'],
    ]);
  });

  it('ignores comments, but not a # inside a word', () => {
    expect(words('echo a#b # the rest; echo no')).toEqual([['echo', 'a#b']]);
    expect(parseProgram('   # just a note').items).toEqual([]);
  });

  it('parses compound commands, functions and assignments', () => {
    expect(words('for i in 1 2; do echo $i; done; while false; do :; done')).toEqual([['echo', '$i'], ['false'], [':']]);
    expect(words('if a; then b; elif c; then d; else e; fi')).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(words('f() { echo "$1"; }; function g { x=1 y=2 env; }')).toEqual([['echo', '"$1"'], ['x=', 'y=', 'env']]);
    const c = parseProgram('case $x in a|b) echo ab;; *) echo other;& esac').items[0]!.first.commands[0]!;
    expect(c.type === 'case' && c.items.map((i) => [i.patterns.map((p) => p.raw), i.terminator])).toEqual([
      [['a', 'b'], ';;'],
      [['*'], ';&'],
    ]);
  });

  it('reads heredoc bodies from the lines after the command', () => {
    const c = parseProgram('cat <<EOF | wc -l\none $x\n\ttwo\nEOF\necho after').items;
    const r = (c[0]!.first.commands[0] as SimpleCommand).redirects[0]!;
    expect(r.target.raw).toBe('one $x\n\ttwo\n');
    expect(c).toHaveLength(2);
  });
});

describe('unfinished input and errors', () => {
  it('asks for more lines where bash shows PS2', () => {
    for (const line of ['echo "abc', "echo 'abc", 'echo $(date', 'a |', 'a &&', 'for i in 1 2; do echo', 'if true; then', 'cat <<EOF', 'echo \\', 'f() {', 'case x in']) {
      expect(error(line, false), line).toBe('incomplete');
    }
  });

  it('reports unfinished input at the real end as bash does', () => {
    expect(error('echo "abc')).toBe("bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file");
    expect(error("echo 'abc")).toBe("bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file");
    expect(error('a |')).toBe('bash: syntax error: unexpected end of file');
    expect(error('for i in 1; do echo')).toBe('bash: syntax error: unexpected end of file');
  });

  it('reports misplaced tokens as bash does', () => {
    expect(error('| grep x')).toBe("bash: syntax error near unexpected token `|'");
    expect(error('a ;; b')).toBe("bash: syntax error near unexpected token `;;'");
    expect(error('a && && b')).toBe("bash: syntax error near unexpected token `&&'");
    expect(error(';')).toBe("bash: syntax error near unexpected token `;'");
    expect(error('echo >')).toBe("bash: syntax error near unexpected token `newline'");
    expect(error('done')).toBe("bash: syntax error near unexpected token `done'");
    expect(error('if true; then echo; fi fi')).toBe("bash: syntax error near unexpected token `fi'");
    expect(error('echo ${x')).toContain("matching `}'");
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
    ['myloop', 'for i in 1 2; do echo $i; done'],
  ]);

  it('expands the first word of each simple command', () => {
    expect(words('k get nodes | k describe -', aliases)).toEqual([
      ['kubectl', 'get', 'nodes'],
      ['kubectl', 'describe', '-'],
    ]);
    expect(words('echo k', aliases)).toEqual([['echo', 'k']]);
    expect(words('for x in a; do k get $x; done', aliases)).toEqual([['kubectl', 'get', '$x']]);
  });

  it('splices multi-word values, values with operators and with reserved words', () => {
    expect(words('kgp -A', aliases)).toEqual([['kubectl', 'get', 'pods', '-o', 'wide', '-A']]);
    expect(words('kp', aliases)).toEqual([
      ['kubectl', 'get', 'pods'],
      ['head', '-1'],
    ]);
    expect(words('myloop', aliases)).toEqual([['echo', '$i']]);
  });

  it('does not expand an alias inside its own value', () => {
    expect(words('ls /tmp', aliases)).toEqual([['ls', '--color=auto', '/tmp']]);
    expect(words('loop1', aliases)).toEqual([['loop1', 'x']]);
  });

  it('checks the next word too when the value ends in a blank', () => {
    expect(words('sudo k get', aliases)).toEqual([['sudo', 'kubectl', 'get']]);
  });
});
