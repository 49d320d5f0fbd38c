// The file system and its commands: ls, cd, pwd, touch, mkdir, rmdir, rm, cp, mv, redirections, per-host trees.
// Messages are GNU coreutils 9.1's and bash 5.2's (checked against them); ls -l columns as GNU prints them.
import { describe, expect, it } from 'vitest';
import { fakeShell, START_MS } from './fake-session.ts';
import { labEngine } from './engine-helpers.ts';
import { columns, lsTime } from '../../../src/shell/commands/ls.ts';
import { FileSystem } from '../../../src/shell/fs.ts';

const shellWith = (files: Record<string, string> = {}, user = 'root') => fakeShell({ files, fs: { user }, env: { HOME: user === 'root' ? '/root' : `/home/${user}` } });

describe('FileSystem', () => {
  it('resolves relative paths, . and .., and reports the kernel errors', () => {
    const fs = new FileSystem({ user: 'root', home: '/root', now: () => 0 });
    fs.seed({ '/etc/hostname': 'h\n' });
    fs.seedDir('/root');
    fs.cwd = '/root';
    expect(fs.read('../etc/hostname')).toEqual({ ok: true, text: 'h\n' });
    expect(fs.read('/etc')).toEqual({ ok: false, error: 'Is a directory' });
    expect(fs.read('/etc/hostname/x')).toEqual({ ok: false, error: 'Not a directory' });
    expect(fs.read('/etc/hostname/')).toEqual({ ok: false, error: 'Not a directory' });
    expect(fs.read('nope')).toEqual({ ok: false, error: 'No such file or directory' });
    expect(fs.write('a/b', 'x', false)).toBe('No such file or directory');
    expect(fs.mkdir('d')).toBeUndefined();
    expect(fs.mkdir('d')).toBe('File exists');
    expect(fs.write('d', 'x', false)).toBe('Is a directory');
    expect(fs.mkdir('p/q/r', true)).toBeUndefined();
    expect(fs.lookup('/root/p/q/r').ok).toBe(true);
  });

  it('lets a user write only where the directory allows it', () => {
    const fs = new FileSystem({ user: 'ec2-user', home: '/home/ec2-user', now: () => 0 });
    fs.seedDir('/home/ec2-user', 'ec2-user', 0o700);
    fs.seedDir('/tmp', 'root', 0o1777);
    fs.seedDir('/etc');
    expect(fs.write('/home/ec2-user/a', 'x', false)).toBeUndefined();
    expect(fs.write('/tmp/a', 'x', false)).toBeUndefined();
    expect(fs.write('/etc/a', 'x', false)).toBe('Permission denied');
    expect(fs.write('/dev/null', 'x', false)).toBeUndefined();
    expect(fs.read('/dev/null')).toEqual({ ok: true, text: '' });
  });
});

describe('ls', () => {
  it('one name per line to a pipe, in byte order, hidden names with -a/-A', () => {
    const { shell } = shellWith({ '/root/b': '', '/root/a': '', '/root/.h': '', '/root/C': '' });
    expect(shell.run('ls').output).toBe('C\na\nb\n');
    expect(shell.run('ls -a').output).toBe('.\n..\n.h\nC\na\nb\n');
    expect(shell.run('ls -A').output).toBe('.h\nC\na\nb\n');
    expect(shell.run('ls -r').output).toBe('b\na\nC\n');
  });

  it('-l: mode, links, owner, group, size, the model clock’s mtime, and total in 1K blocks', () => {
    const { shell } = shellWith({ '/root/a.txt': 'hello\n' });
    shell.run('mkdir d');
    expect(shell.run('ls -l').output).toBe(
      'total 8\n' +
      '-rw-r--r-- 1 root root    6 Nov 25 12:00 a.txt\n' +
      'drwxr-xr-x 2 root root 4096 Nov 25 12:00 d\n',
    );
    expect(shell.run('ls -ld d').output).toBe('drwxr-xr-x 2 root root 4096 Nov 25 12:00 d\n');
    expect(shell.run('ls -l a.txt').output).toBe('-rw-r--r-- 1 root root 6 Nov 25 12:00 a.txt\n');
  });

  it('-l shows the year instead of the time for files older than six months or in the future', () => {
    expect(lsTime(START_MS, START_MS)).toBe('Nov 25 12:00');
    expect(lsTime(Date.UTC(2026, 0, 2, 3, 4), START_MS)).toBe('Jan  2  2026');
    expect(lsTime(START_MS + 3_600_000, START_MS)).toBe('Nov 25  2026');
  });

  it('headers for several directories and -R; GNU’s errors with exit 2', () => {
    const { shell } = shellWith({ '/root/d1/f': '', '/root/d2/g/h': '' });
    expect(shell.run('ls d1 d2').output).toBe('d1:\nf\n\nd2:\ng\n');
    expect(shell.run('ls -R d2').output).toBe('d2:\ng\n\nd2/g:\nh\n');
    expect(shell.run('ls nope')).toMatchObject({ output: "ls: cannot access 'nope': No such file or directory\n", exitCode: 2 });
  });

  it('columns on a terminal, as GNU ls -C lays them out (tabs at every 8th column)', () => {
    // Expected: GNU ls 9.1 -C -w 80 in a directory of the files 1 … 40.
    const names = Array.from({ length: 40 }, (_, k) => String(k + 1)).sort();
    expect(columns(names)).toBe(
      '1   11\t13  15\t17  19\t20  22\t24  26\t28  3\t31  33\t35  37\t39  40\t6  8\n' +
      '10  12\t14  16\t18  2\t21  23\t25  27\t29  30\t32  34\t36  38\t4   5\t7  9\n',
    );
    expect(columns(['echo-dp.yaml', 'eniconfigs.yaml', 'netshoot-pod.yaml', 'nginx-dp.yaml'])).toBe('echo-dp.yaml  eniconfigs.yaml  netshoot-pod.yaml  nginx-dp.yaml\n');
    const { shell, session } = shellWith({ '/root/a': '', '/root/b': '' });
    session.interactive = true;
    expect(shell.run('ls').output).toBe('a  b\n');
  });
});

describe('cd and pwd', () => {
  it('moves the working directory; relative paths follow it', () => {
    const { shell } = shellWith({ '/root/d/e/f.txt': 'in f\n' });
    expect(shell.run('cd d/e; pwd; cat f.txt; cd ..; pwd; cd; pwd').output).toBe('/root/d/e\nin f\n/root/d\n/root\n');
    expect(shell.run('cd nope')).toMatchObject({ output: 'bash: cd: nope: No such file or directory\n', exitCode: 1 });
    expect(shell.run('cd d/e/f.txt')).toMatchObject({ output: 'bash: cd: d/e/f.txt: Not a directory\n', exitCode: 1 });
  });
});

describe('touch, mkdir, rmdir', () => {
  it('create files and directories with GNU’s messages', () => {
    const { shell } = shellWith();
    expect(shell.run('touch a; mkdir d; ls').output).toBe('a\nd\n');
    expect(shell.run('mkdir d')).toMatchObject({ output: 'mkdir: cannot create directory ‘d’: File exists\n', exitCode: 1 });
    expect(shell.run('mkdir x/y').output).toBe('mkdir: cannot create directory ‘x/y’: No such file or directory\n');
    expect(shell.run('mkdir -pv p/q').output).toBe("mkdir: created directory 'p'\nmkdir: created directory 'p/q'\n");
    expect(shell.run('touch nodir/f')).toMatchObject({ output: "touch: cannot touch 'nodir/f': No such file or directory\n", exitCode: 1 });
    expect(shell.run('mkdir')).toMatchObject({ output: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", exitCode: 1 });
    expect(shell.run('rmdir p')).toMatchObject({ output: "rmdir: failed to remove 'p': Directory not empty\n", exitCode: 1 });
    expect(shell.run('rmdir -p p/q; ls').output).toBe('a\nd\n');
  });
});

describe('rm', () => {
  it('removes files, directories with -r, and says why it will not', () => {
    const { shell } = shellWith({ '/root/f': 'x', '/root/d/e/g': 'y' });
    expect(shell.run('rm d')).toMatchObject({ output: "rm: cannot remove 'd': Is a directory\n", exitCode: 1 });
    expect(shell.run('rm nope')).toMatchObject({ output: "rm: cannot remove 'nope': No such file or directory\n", exitCode: 1 });
    expect(shell.run('rm -f nope')).toMatchObject({ output: '', exitCode: 0 });
    expect(shell.run('rm -rv d').output).toBe("removed 'd/e/g'\nremoved directory 'd/e'\nremoved directory 'd'\n");
    expect(shell.run('rm -r .').output).toBe("rm: refusing to remove '.' or '..' directory: skipping '.'\n");
    expect(shell.run('rm -r /').output).toBe("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
    expect(shell.run('rm f; ls').output).toBe('');
  });
});

describe('cp and mv', () => {
  it('copy and move files and trees, into directories, with GNU’s messages', () => {
    const { shell } = shellWith({ '/root/a': 'A\n', '/root/d/x': 'X\n' });
    expect(shell.run('cp a b; cat b').output).toBe('A\n');
    expect(shell.run('cp d e')).toMatchObject({ output: "cp: -r not specified; omitting directory 'd'\n", exitCode: 1 });
    expect(shell.run('cp -r d e; cat e/x').output).toBe('X\n');
    expect(shell.run('cp a b d; ls d').output).toBe('a\nb\nx\n');
    expect(shell.run('cp a b c').output).toBe("cp: target 'c': No such file or directory\n");
    expect(shell.run('cp a a').output).toBe("cp: 'a' and 'a' are the same file\n");
    expect(shell.run('cp nope x').output).toBe("cp: cannot stat 'nope': No such file or directory\n");
    expect(shell.run('mv b moved; ls').output).toBe('a\nd\ne\nmoved\n');
    expect(shell.run('mv d d/sub').output).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/sub'\n");
    expect(shell.run('mv e a').output).toBe("mv: cannot overwrite non-directory 'a' with directory 'e'\n");
    expect(shell.run('mv -v moved d').output).toBe("renamed 'moved' -> 'd/moved'\n");
  });
});

describe('redirections into the file system', () => {
  it('> and >> write files; bash’s errors for directories and missing parents', () => {
    const { shell } = shellWith();
    expect(shell.run('echo one > f; echo two >> f; cat f').output).toBe('one\ntwo\n');
    shell.run('mkdir d');
    expect(shell.run('echo x > d')).toMatchObject({ output: 'bash: d: Is a directory\n', exitCode: 1 });
    expect(shell.run('echo x > nodir/f').output).toBe('bash: nodir/f: No such file or directory\n');
    expect(shell.run('cat d')).toMatchObject({ output: 'cat: d: Is a directory\n', exitCode: 1 });
  });

  it('ec2-user writes in its home and /tmp only', () => {
    const { shell } = fakeShell({ fs: { user: 'ec2-user' } });
    expect(shell.run('echo x > here; cat here').output).toBe('x\n');
    expect(shell.run('echo x > /root/f').output).toBe('bash: /root/f: Permission denied\n');
    expect(shell.run('mkdir /etc2')).toMatchObject({ output: 'mkdir: cannot create directory ‘/etc2’: Permission denied\n', exitCode: 1 });
  });
});

describe('hosts of the simulated cluster', () => {
  it('the bastion has the lab’s files in /root; a node has ec2-user’s home and its own files', () => {
    const e = labEngine();
    expect(e.sh('cd; ls')).toBe('echo-dp.yaml\necho-service-nlb.yaml\neniconfigs.yaml\ningress1.yaml\niperf3.yaml\nnetshoot-pod.yaml\nnginx-dp.yaml\n');
    expect(e.sh('mkdir work; cd work; echo hi > note; cat /root/work/note; pwd')).toBe('hi\n/root/work\n');
    const node = e.sh('echo $N1').trim();
    expect(e.sh(`ssh ec2-user@${node} pwd`)).toBe('/home/ec2-user\n');
    expect(e.sh(`ssh ec2-user@${node} 'echo x > /etc/motd2'`)).toBe('bash: /etc/motd2: Permission denied\n');
    expect(e.sh(`ssh ec2-user@${node} 'echo x > f; cat f'`)).toBe('x\n');
    expect(e.sh(`ssh ec2-user@${node} ls /etc/eks`)).toBe('eni-max-pods.txt\n');
    expect(e.sh(`ssh ec2-user@${node} grep -c . /etc/resolv.conf`)).toBe('4\n');
    // the bastion kept its working directory
    expect(e.sh('pwd')).toBe('/root/work\n');
  });
});

describe('the prompt', () => {
  it('shows the working directory as the hosts’ PS1 does', () => {
    const e = labEngine();
    expect(e.prompt()).toBe('[root@myeks-bastion-EC2 ~]# ');
    e.sh('cd /tmp');
    expect(e.prompt()).toBe('[root@myeks-bastion-EC2 tmp]# ');
    e.sh('cd /');
    expect(e.prompt()).toBe('[root@myeks-bastion-EC2 /]# ');
    e.sh('cd');
    const node = e.sh('echo $N1').trim();
    e.sh(`ssh ec2-user@${node}`);
    e.sh('cd /etc');
    expect(e.prompt()).toMatch(/^\[ec2-user@ip-[\d-]+ etc\]\$ $/);
    e.sh('sudo -i');
    expect(e.prompt()).toMatch(/^\[root@ip-[\d-]+ ~\]# $/);
  });
});
