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
