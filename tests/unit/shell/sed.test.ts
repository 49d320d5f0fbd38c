import { describe, expect, it } from 'vitest';
import { fakeShell } from './fake-session.ts';

const run = (line: string, files: Record<string, string> = {}) => fakeShell({ files }).shell.run(line);

describe('sed', () => {
  it('substitutes the first match, or every match with g', () => {
    expect(run("echo 'a-b-c' | sed 's/-/+/'")).toMatchObject({ output: 'a+b-c\n', exitCode: 0 });
    expect(run("echo 'a-b-c' | sed 's/-/+/g'").output).toBe('a+b+c\n');
  });

  it('takes any delimiter, several expressions, & and \\1 in the replacement', () => {
    expect(run("echo 'subnet: SUBNET_A' | sed 's|SUBNET_A|subnet-0abc|'").output).toBe('subnet: subnet-0abc\n');
    expect(run("echo 'x y' | sed -e 's/x/1/' -e 's/y/2/'").output).toBe('1 2\n');
    expect(run("echo 'x y' | sed 's/x/1/;s/y/2/'").output).toBe('1 2\n');
    expect(run("echo 'eth0' | sed 's/eth/[&]/'").output).toBe('[eth]0\n');
    expect(run("echo 'ip-192-168-1-139' | sed -E 's/ip-([0-9]+)-([0-9]+)-([0-9]+)-([0-9]+)/\\1.\\2.\\3.\\4/'").output).toBe('192.168.1.139\n');
  });

  it('reads files and prints only substituted lines with -n and p', () => {
    expect(run("sed -n 's/pods: *//p' node.txt", { 'node.txt': 'cpu: 2\npods: 17\n' }).output).toBe('17\n');
  });

  it('answers what it does not know in sed’s words', () => {
    expect(run("echo x | sed 'k'")).toMatchObject({ output: "sed: -e expression #1, char 1: unknown command: `k'\n", exitCode: 1 });
    expect(run("echo x | sed 's/x/y'").output).toBe("sed: -e expression #1, char 5: unterminated `s' command\n");
    expect(run('sed s/a/b/ nope.txt').output).toBe("sed: can't read nope.txt: No such file or directory\n");
  });
});

describe('sed scripts (GNU sed 4.9)', () => {
  it('addresses: numbers, $, regexes, first~step, ranges, +N and !', () => {
    expect(run('seq 5 | sed -n 2p').output).toBe('2\n');
    expect(run("seq 5 | sed '$d'").output).toBe('1\n2\n3\n4\n');
    expect(run("seq 5 | sed '1~2d'").output).toBe('2\n4\n');
    expect(run("seq 5 | sed -n '/3/,$p'").output).toBe('3\n4\n5\n');
    expect(run("seq 5 | sed '/2/,+1d'").output).toBe('1\n4\n5\n');
    expect(run("seq 6 | sed -n '2,4!p'").output).toBe('1\n5\n6\n');
    expect(run("seq 5 | sed -n '2,4{/3/!p}'").output).toBe('2\n4\n');
  });

  it('commands: a i c = y q l, the hold space and branches', () => {
    expect(run("seq 3 | sed '2a appended'").output).toBe('1\n2\nappended\n3\n');
    expect(run("seq 3 | sed '2i\\\\inserted'").output).toBe('1\ninserted\n2\n3\n');
    expect(run("seq 4 | sed '2,3c\\\\replaced'").output).toBe('1\nreplaced\n4\n');
    expect(run('seq 2 | sed =').output).toBe('1\n1\n2\n2\n');
    expect(run("echo hello | sed 'y/elo/ELO/'").output).toBe('hELLO\n');
    expect(run("seq 3 | sed 'q5'")).toMatchObject({ output: '1\n', exitCode: 5 });
    expect(run("echo x | sed -n 'l'").output).toBe('x$\n');
    expect(run("seq 3 | sed '1!G;h;$!d'").output).toBe('3\n2\n1\n');
    expect(run("echo aXbXc | sed ':a;s/X/-/;ta'").output).toBe('a-b-c\n');
    expect(run("seq 5 | sed 'N;s/\\n/+/'").output).toBe('1+2\n3+4\n5\n');
  });

  it('s: occurrence, I, case conversion in the replacement', () => {
    expect(run("echo 'hello hello' | sed 's/hello/bye/2'").output).toBe('hello bye\n');
    expect(run("echo Hello | sed 's/hello/bye/I'").output).toBe('bye\n');
    expect(run("echo 'Hello World' | sed -E 's/(\\w+) (\\w+)/\\L\\1 \\u\\2/'").output).toBe('hello World\n');
    expect(run("echo x | sed 's/x/a\\nb/'").output).toBe('a\nb\n');
  });

  it('errors in GNU sed’s words', () => {
    expect(run("echo x | sed -n '/x/{p'")).toMatchObject({ output: "sed: -e expression #1, char 0: unmatched `{'\n", exitCode: 1 });
    expect(run("echo x | sed 'b nowhere'").output).toBe("sed: can't find label for jump to `nowhere'\n");
    expect(run("echo x | sed 's/x/y/q'").output).toBe("sed: -e expression #1, char 7: unknown option to `s'\n");
  });
});
