// Word expansion details the differential corpus cannot show: pathname expansion through the session's optional
// file system, IFS splitting rules, `source` reading the session's files, and the seed lab's own loops.
import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from '../../../src/shell/bash/arithmetic.ts';
import { matchPattern, removeAffix, replacePattern } from '../../../src/shell/bash/pattern.ts';
import { labEngine, stripAnsi } from './engine-helpers.ts';
import { fakeShell, out } from './fake-session.ts';

describe('pathname expansion', () => {
  it('stays literal without a file system, as bash leaves a pattern that matches nothing', () => {
    const { shell } = fakeShell();
    expect(out(shell, 'echo *.yaml "*".txt')).toBe('*.yaml *.txt\n');
  });

  it('asks the session for matches when it has a file system; quoted characters arrive escaped', () => {
    const { shell, session } = fakeShell();
    const asked: string[] = [];
    session.glob = (pattern) => {
      asked.push(pattern);
      return pattern === '*.yaml' ? ['a.yaml', 'b.yaml'] : [];
    };
    expect(out(shell, 'echo *.yaml; for f in *.yaml; do echo "[$f]"; done')).toBe('a.yaml b.yaml\n[a.yaml]\n[b.yaml]\n');
    expect(out(shell, 'echo x"*"y* nomatch*')).toBe('x*y* nomatch*\n');
    expect(asked).toContain('x\\*y*');
    expect(out(shell, 'set -f; echo *.yaml')).toBe('*.yaml\n');
  });
});

describe('word splitting', () => {
  it('splits on IFS whitespace runs, and on each other IFS character', () => {
    const { shell } = fakeShell();
    expect(out(shell, 'x="  a  b  "; set -- $x; echo $#')).toBe('2\n');
    expect(out(shell, 'IFS=:; x="a::b:"; set -- $x; echo $#; for p in $x; do echo "[$p]"; done')).toBe('3\n[a]\n[]\n[b]\n');
    expect(out(shell, 'IFS=", "; x="a, b,c"; set -- $x; echo $# $2')).toBe('3 b\n');
  });

  it('keeps "$@" fields and drops unquoted empties', () => {
    const { shell } = fakeShell();
    expect(out(shell, 'f() { echo $#; }; set -- "" "a b"; f "$@"; f $@; f "$*"; e=; f $e "$e"')).toBe('2\n2\n1\n1\n');
  });
});

describe('source and eval', () => {
  it('source runs a file of the session in the current shell, with arguments and return', () => {
    const { shell } = fakeShell({ files: { 'lib.sh': 'greet() { echo "hi $1"; }\nLOADED=$1\nreturn 4\necho unreachable\n' } });
    expect(shell.run('source lib.sh yes; echo $? $LOADED; greet you')).toMatchObject({ output: '4 yes\nhi you\n' });
    expect(out(shell, '. missing.sh')).toBe('bash: missing.sh: No such file or directory\n');
  });
});

describe('arithmetic and patterns', () => {
  const vars = new Map<string, string>();
  const env = { get: (n: string) => vars.get(n), set: (n: string, v: string) => void vars.set(n, v) };

  it('evaluates with 64-bit wrap, C precedence and assignments', () => {
    expect(evaluateArithmetic('2**63', env)).toBe(-9223372036854775808n);
    expect(evaluateArithmetic('1 + 2 * 3 << 1', env)).toBe(14n);
    expect(evaluateArithmetic('x = 5, y = x++ + 1, x * y', env)).toBe(36n);
    expect(evaluateArithmetic('0 && (z = 1)', env)).toBe(0n);
    expect(vars.has('z')).toBe(false);
    expect(() => evaluateArithmetic('1/0', env)).toThrow('1/0: division by 0 (error token is "0")');
  });

  it('matches, strips and replaces with bash patterns', () => {
    expect(matchPattern('nginx-6fb79bc456-2lvh9', 'nginx-*')).toBe(true);
    expect(matchPattern('a*b', 'a\\*b')).toBe(true);
    expect(matchPattern('axb', 'a\\*b')).toBe(false);
    expect(matchPattern('b', '[!a]')).toBe(true);
    expect(removeAffix('a/b/c', '*/', false, true)).toBe('c');
    expect(removeAffix('a/b/c', '/*', true, false)).toBe('a/b');
    expect(replacePattern('a.b.c', '.', '-', true, '')).toBe('a-b-c');
  });
});

describe("the seed lab's loops", () => {
  it('counts answers with for … done | sort | uniq -c | sort -nr (echo standing in for curl)', () => {
    const { sh } = labEngine();
    const outText = sh('for i in {1..100}; do echo "Hostname: web-$((i % 3))" | grep Hostname ; done | sort | uniq -c | sort -nr');
    expect(outText).toBe('     34 Hostname: web-1\n     33 Hostname: web-2\n     33 Hostname: web-0\n');
  });

  it('repeats ip and date every second in a while true loop (stopped by the script bound in pipe mode)', () => {
    const { sh, session } = labEngine();
    session.env.set('X', '1');
    const text = stripAnsi(sh('while true; do ip -br -c addr show && echo "--------------" ; date "+%Y-%m-%d %H:%M:%S" ; sleep 1; done'));
    const dates = text.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/gm)!;
    expect(dates.length).toBeGreaterThan(3000);
    expect(new Date(`${dates[1]}Z`).getTime() - new Date(`${dates[0]}Z`).getTime()).toBe(1000);
    expect(text).toContain('eth0');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^bash: loop stopped after 60 minutes of model time/);
  });
});
