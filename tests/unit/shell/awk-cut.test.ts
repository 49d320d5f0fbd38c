import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

function pipe(cmd: string, input: string) {
  const { shell, session } = fakeShell();
  session.env.set('IN', input);
  return shell.run(`echo -n "$IN" | ${cmd}`);
}

const NODES = [
  'NAME                            STATUS   ROLES    AGE   VERSION',
  'ip-192-168-40-12.ec2.internal   Ready    <none>   3d    v1.31.0',
  'ip-192-168-71-5.ec2.internal    Ready    <none>   3d    v1.31.0',
].join('\n') + '\n';

describe('awk', () => {
  it('prints fields, $NF and $0', () => {
    expect(pipe("awk '{print $1}'", NODES).output).toBe('NAME\nip-192-168-40-12.ec2.internal\nip-192-168-71-5.ec2.internal\n');
    expect(pipe("awk '{print $1, $NF}'", 'a b c\n').output).toBe('a c\n');
    expect(pipe("awk '{print $2 $1}'", 'a b\n').output).toBe('ba\n');
    expect(pipe("awk '{print $0}'", '  spaced   out \n').output).toBe('  spaced   out \n');
    expect(pipe("awk '{print $(NF-1)}'", 'a b c\n').output).toBe('b\n');
    expect(pipe("awk '{print $5}'", 'a b\n').output).toBe('\n');
  });

  it('NR patterns and /regex/ filters', () => {
    expect(pipe("awk 'NR==2 {print}'", NODES).output).toBe('ip-192-168-40-12.ec2.internal   Ready    <none>   3d    v1.31.0\n');
    expect(pipe("awk 'NR>1 {print $1}'", NODES).output).toBe('ip-192-168-40-12.ec2.internal\nip-192-168-71-5.ec2.internal\n');
    expect(pipe("awk '/71-5/ {print $2}'", NODES).output).toBe('Ready\n');
    expect(pipe("awk '!/Ready/'", NODES).output).toBe('NAME                            STATUS   ROLES    AGE   VERSION\n');
    expect(pipe("awk '$2 ~ /^R/ {print NR}'", NODES).output).toBe('2\n3\n');
  });

  it('-F separators: a character, a tab, a regex', () => {
    expect(pipe("awk -F: '{print $2}'", 'a:b:c\n').output).toBe('b\n');
    expect(pipe("awk -F '\\t' '{print $2}'", 'a b\tc d\n').output).toBe('c d\n');
    expect(pipe("awk -F '[=,]' '{print $2, $4}'", 'x=1,y=2\n').output).toBe('1 2\n');
  });

  it('sums, counts and compares numbers as numbers', () => {
    expect(pipe("awk '{s += $2} END {print s}'", 'a 10\nb 32\n').output).toBe('42\n');
    expect(pipe("awk '$2 > 9'", 'a 10\nb 9\n').output).toBe('a 10\n');
    expect(pipe("awk 'END {print NR}'", 'a\nb\nc\n').output).toBe('3\n');
    expect(pipe("awk '{print $1 / 3}'", '1\n').output).toBe('0.333333\n');
    expect(pipe("awk -v n=2 'NR == n'", 'a\nb\n').output).toBe('b\n');
  });

  it('printf, builtins, BEGIN and assignments to fields', () => {
    expect(pipe(`awk '{printf "%-5s|%3d\\n", $1, $2}'`, 'ab 7\n').output).toBe('ab   |  7\n');
    expect(pipe("awk '{print length($1), toupper($2), substr($1, 2, 2)}'", 'hello x\n').output).toBe('5 X el\n');
    expect(pipe(`awk 'BEGIN {OFS=","} {$1=$1; print}'`, 'a b c\n').output).toBe('a,b,c\n');
  });

  it('runs loops, arrays, functions, sub/gsub and split as gawk does', () => {
    expect(pipe("awk '{for (i = 1; i <= NF; i++) print $i}'", 'a b\n').output).toBe('a\nb\n');
    expect(pipe("awk '{c[$1]++} END {for (k in c) print k, c[k]}'", 'x\ny\nx\n').output).toBe('x 2\ny 1\n');
    expect(pipe("awk '!seen[$0]++'", 'a\nb\na\n').output).toBe('a\nb\n');
    expect(pipe("awk 'function sq(n) {return n * n} {print sq($1)}'", '7\n').output).toBe('49\n');
    expect(pipe(`awk '{n = gsub(/o/, "0"); print n, $0}'`, 'foo boo\n').output).toBe('4 f00 b00\n');
    expect(pipe(`awk '{n = split($0, p, ":"); print n, p[2]}'`, 'a:b:c\n').output).toBe('3 b\n');
    expect(pipe("awk 'NR==2, NR==3'", '1\n2\n3\n4\n').output).toBe('2\n3\n');
    expect(pipe(`awk 'BEGIN {printf "%5.1f|%-3s|%03d\\n", 3.14159, "x", 7}'`, '').output).toBe('  3.1|x  |007\n');
  });

  it('reports errors in gawk\'s words', () => {
    expect(pipe("awk '{print $1'", 'a\n')).toMatchObject({
      output: 'awk: cmd. line:1: {print $1\nawk: cmd. line:1:          ^ unexpected newline or end of string\n',
      exitCode: 1,
    });
    expect(pipe("awk '{print 1/0}'", 'a\n')).toMatchObject({
      output: 'awk: cmd. line:1: (FILENAME=- FNR=1) fatal: division by zero attempted\n',
      exitCode: 2,
    });
    expect(pipe(`awk '{print | "sort"}'`, 'a\n')).toMatchObject({ output: 'awk: unsupported: output pipes (print | "command")\n', exitCode: 2 });
    expect(pipe("awk '{print}' nope.txt", '')).toMatchObject({ output: "awk: fatal: cannot open file `nope.txt' for reading: No such file or directory\n", exitCode: 2 });
  });
});

describe('cut', () => {
  it('-d -f with lists and ranges, fields in input order', () => {
    expect(pipe('cut -d: -f1,3', 'a:b:c:d\n').output).toBe('a:c\n');
    expect(pipe('cut -d: -f2-3', 'a:b:c:d\n').output).toBe('b:c\n');
    expect(pipe('cut -d: -f3,1', 'a:b:c:d\n').output).toBe('a:c\n');
    expect(pipe('cut -d: -f3-', 'a:b:c:d\n').output).toBe('c:d\n');
    expect(pipe('cut -d: -f-2', 'a:b:c:d\n').output).toBe('a:b\n');
    expect(pipe("cut -d ' ' -f2", 'x y z\n').output).toBe('y\n');
  });

  it('TAB by default; lines without the delimiter pass whole unless -s', () => {
    expect(pipe('cut -f2', 'a\tb\nnodelim\n').output).toBe('b\nnodelim\n');
    expect(pipe('cut -s -f2', 'a\tb\nnodelim\n').output).toBe('b\n');
  });

  it('-c selects characters', () => {
    expect(pipe('cut -c1-3', 'abcdef\n').output).toBe('abc\n');
    expect(pipe('cut -c2,4-', 'abcdef\n').output).toBe('bdef\n');
  });

  it('errors in GNU wording', () => {
    expect(pipe('cut -d:', 'a\n')).toMatchObject({
      output: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
      exitCode: 1,
    });
    expect(pipe('cut -f0', 'a\n')).toMatchObject({ output: "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", exitCode: 1 });
    expect(pipe('cut -d ab -f1', 'a\n')).toMatchObject({
      output: "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
      exitCode: 1,
    });
    expect(pipe('cut -f x', 'a\n')).toMatchObject({ output: "cut: invalid field value 'x'\nTry 'cut --help' for more information.\n", exitCode: 1 });
    expect(pipe('cut -f 3-1', 'a\n')).toMatchObject({ output: "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", exitCode: 1 });
  });
});
