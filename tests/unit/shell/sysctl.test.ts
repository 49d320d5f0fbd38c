// sysctl and /proc/sys on a node. The values are the ones the node's own components say they set: kube-proxy's
// "Set sysctl" lines (EKS's kube-proxy-config: conntrack min 131072, 24h established, 1h CLOSE_WAIT) and aws-node's
// init container's "Updated … to …" (eth0's rp_filter 2, tcp_early_demux 1). The output is procps-ng's: where this
// machine has sysctl (procps-ng 4) and a key holds the kernel's default here too, the lines are compared with the
// real tool's; where 3.3.10 (Amazon Linux 2's) differs from 4, its source decides (sysctl.c: single-quoted keys in
// "permission denied", -1 added to the exit status per failure, a rejected value still echoed).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

const real = (args: string[]) => {
  const r = spawnSync('sysctl', args, { encoding: 'utf8' });
  return r.error ? undefined : { stdout: r.stdout, stderr: r.stderr, status: r.status };
};

/** A shell on the first node as ec2-user. */
function onNode() {
  const lab = labEngine();
  lab.sh('ssh ec2-user@$N1');
  return lab;
}

const run = (lab: ReturnType<typeof labEngine>, line: string) => {
  const r = lab.shell.run(line);
  return { out: r.output, code: Number(lab.sh('echo $?')) };
};

describe('values', () => {
  it("agree with what kube-proxy's and aws-node's logs say they set", () => {
    const { sh } = labEngine();
    const node = sh("kubectl get nodes -o jsonpath='{.items[0].metadata.name}'");
    const proxy = sh(`kubectl logs -n kube-system $(kubectl get pods -n kube-system -l k8s-app=kube-proxy --field-selector spec.nodeName=${node} -o name)`);
    const set = [...proxy.matchAll(/"Set sysctl" entry="([^"]+)" value=(\d+)/g)].map((m) => [m[1], m[2]]);
    expect(set).toEqual([
      ['net/netfilter/nf_conntrack_max', '131072'],
      ['net/netfilter/nf_conntrack_tcp_timeout_established', '86400'],
      ['net/netfilter/nf_conntrack_tcp_timeout_close_wait', '3600'],
    ]);
    const hashsize = /conntrack hashsize=(\d+)/.exec(proxy)![1];
    const awsNode = sh(`kubectl logs -n kube-system -c aws-vpc-cni-init $(kubectl get pods -n kube-system -l k8s-app=aws-node --field-selector spec.nodeName=${node} -o name)`);
    const updated = [...awsNode.matchAll(/Updated (\S+) to (\d+)/g)].map((m) => [m[1], m[2]]);
    expect(updated).toEqual([['net/ipv4/conf/eth0/rp_filter', '2'], ['net/ipv4/tcp_early_demux', '1']]);
    const ip = sh(`kubectl get node ${node} -o jsonpath='{.status.addresses[0].address}'`);
    sh(`ssh ec2-user@${ip}`);
    for (const [key, value] of [...set, ...updated]) expect(sh(`sysctl -n ${key}`)).toBe(`${value}\n`);
    expect(sh('cat /proc/sys/net/netfilter/nf_conntrack_buckets')).toBe(`${hashsize}\n`);
    // The hash size is a quarter of the maximum, as kube-proxy's SetMax makes it.
    expect(Number(hashsize)).toBe(131072 / 4);
    // The EKS AMI's 99-kubernetes-cri.conf, and kube-proxy's route_localnet in iptables mode.
    expect(sh('sysctl net.ipv4.ip_forward net.ipv4.conf.all.route_localnet net.nf_conntrack_max')).toBe(
      'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.route_localnet = 1\nnet.nf_conntrack_max = 131072\n',
    );
  });

  it('rp_filter: strict (systemd 50-default.conf) everywhere but loose eth0 and lo, which kept the kernel\'s 0', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    sh('ssh ec2-user@$N1');
    const lines = sh('sysctl -a | grep "\\.rp_filter"').split('\n').filter(Boolean);
    const devices = sh('ip -br link | awk \'{print $1}\' | sed "s/@.*//"').split('\n').filter(Boolean);
    // One line per device, plus all and default, in name order as procfs lists them.
    const names = lines.map((l) => l.split('.')[3]);
    expect(names).toEqual(['all', 'default', ...devices].sort());
    for (const l of lines) {
      const [, dev, v] = /^net\.ipv4\.conf\.(\S+)\.rp_filter = (\d)$/.exec(l)!;
      expect(v).toBe(dev === 'eth0' ? '2' : dev === 'lo' ? '0' : '1');
    }
  });

  it("nf_conntrack_count is the node's conntrack table", () => {
    const lab = onNode();
    lab.sh('exit');
    lab.sh('curl -s -o /dev/null http://$N1:80 ; ping -c 1 $N1 >/dev/null');
    lab.sh('ssh ec2-user@$N1');
    const count = lab.sh('sudo conntrack -C');
    expect(lab.sh('sysctl -n net.netfilter.nf_conntrack_count')).toBe(count);
    expect(lab.sh('cat /proc/sys/net/netfilter/nf_conntrack_count')).toBe(count);
  });

  it('ipvs mode: the ip_vs keys, and no route_localnet', () => {
    const { sh } = labEngine();
    sh('kubectl get cm -n kube-system kube-proxy-config -o yaml | sed \'s/mode: "iptables"/mode: "ipvs"/\' | kubectl apply -f -');
    sh('kubectl rollout restart ds kube-proxy -n kube-system');
    sh('sleep 60');
    sh('ssh ec2-user@$N1');
    expect(sh('sysctl net.ipv4.vs')).toBe(
      'net.ipv4.vs.conn_reuse_mode = 1\nnet.ipv4.vs.conntrack = 1\nnet.ipv4.vs.expire_nodest_conn = 1\nnet.ipv4.vs.expire_quiescent_template = 1\n',
    );
    expect(sh('sysctl -n net.ipv4.conf.all.route_localnet')).toBe('0\n');
  });
});

describe('as procps prints it', () => {
  // The lines as the real tool prints them. The values are Amazon Linux 2's kernel defaults; a machine whose
  // kernel or settings differ (another kernel, a tuned container) prints its own value in the same format, so the
  // model's value is put in place of the machine's before comparing.
  const keys = ['net.ipv4.ip_local_port_range', 'net.ipv4.tcp_wmem', 'net.ipv4.tcp_fin_timeout', 'net.core.somaxconn', 'net.ipv4.ip_default_ttl'];
  const machine = real(keys);
  for (const key of keys) {
    const line = machine?.stdout.split('\n').find((l) => l.startsWith(`${key} = `));
    it.skipIf(line === undefined)(`${key}: the real sysctl's line, -n, -N and -b`, () => {
      const lab = onNode();
      const realValue = line!.slice(line!.indexOf(' = ') + 3);
      const ours = lab.sh(`sysctl ${key}`);
      expect(ours).toMatch(new RegExp(`^${key.replaceAll('.', '\\.')} = .+\n$`));
      const ourValue = ours.slice(ours.indexOf(' = ') + 3, -1);
      const asMachine = (s: string) => s.split(ourValue).join(realValue);
      expect(asMachine(ours)).toBe(`${line}\n`);
      for (const flag of ['-n', '-N', '-b']) expect(asMachine(lab.sh(`sysctl ${flag} ${key}`))).toBe(real([flag, key])!.stdout);
      // A slash-separated name prints dotted.
      expect(asMachine(lab.sh(`sysctl ${key.replaceAll('.', '/')}`))).toBe(real([key.replaceAll('.', '/')])!.stdout);
    });
  }
  it('keeps Amazon Linux 2 (kernel 5.10) defaults', () => {
    const lab = onNode();
    expect(lab.sh(`sysctl ${keys.join(' ')}`)).toBe('net.ipv4.ip_local_port_range = 32768\t60999\nnet.ipv4.tcp_wmem = 4096\t16384\t4194304\nnet.ipv4.tcp_fin_timeout = 60\nnet.core.somaxconn = 4096\nnet.ipv4.ip_default_ttl = 64\n');
  });

  it.skipIf(!machine)('an unknown key: the same message; -e silences it', () => {
    const lab = onNode();
    const r = run(lab, 'sysctl net.ipv4.no_such_key');
    expect(r.out).toBe(real(['net.ipv4.no_such_key'])!.stderr);
    // 3.3.10 returns the sum of ReadSetting's -1s: 255 for one (procps-ng 4 exits 1).
    expect(r.code).toBe(255);
    expect(run(lab, 'sysctl -e net.ipv4.no_such_key')).toEqual({ out: real(['-e', 'net.ipv4.no_such_key'])!.stdout, code: 0 });
    expect(lab.sh('sysctl -p /no/such/file 2>&1')).toBe(real(['-p', '/no/such/file'])!.stderr);
    expect(lab.sh('sysctl -z 2>&1 >/dev/null')).toBe(real(['-z'])!.stderr);
  });

  it('a directory lists the keys below it, in the order procfs walks them', () => {
    const lab = onNode();
    const out = lab.sh('sysctl net.netfilter');
    const keys = out.split('\n').filter(Boolean).map((l) => l.split(' = ')[0]);
    expect(keys[0]).toBe('net.netfilter.nf_conntrack_acct');
    expect(keys).toEqual([...keys].sort());
    expect(lab.sh('sysctl -a -r "tcp_timeout_(established|close_wait)"')).toBe(
      'net.netfilter.nf_conntrack_tcp_timeout_close_wait = 3600\nnet.netfilter.nf_conntrack_tcp_timeout_established = 86400\n',
    );
  });

  it('writes: root only, echoed, kept; a value the kernel refuses is still echoed (3.3.10)', () => {
    const lab = onNode();
    expect(run(lab, 'sysctl -w net.ipv4.tcp_fin_timeout=30 2>&1')).toEqual({ out: "sysctl: permission denied on key 'net.ipv4.tcp_fin_timeout'\n", code: 255 });
    expect(lab.sh('sysctl -n net.ipv4.tcp_fin_timeout')).toBe('60\n');
    expect(lab.sh('sudo sysctl -w net.ipv4.tcp_fin_timeout=30')).toBe('net.ipv4.tcp_fin_timeout = 30\n');
    expect(lab.sh('sysctl net.ipv4.tcp_fin_timeout')).toBe('net.ipv4.tcp_fin_timeout = 30\n');
    expect(lab.sh('sudo sysctl -q net.ipv4.tcp_fin_timeout=40; cat /proc/sys/net/ipv4/tcp_fin_timeout')).toBe('40\n');
    expect(run(lab, 'sudo sysctl -w net.ipv4.tcp_fin_timeout=abc 2>&1')).toEqual({
      out: 'sysctl: setting key "net.ipv4.tcp_fin_timeout": Invalid argument\nnet.ipv4.tcp_fin_timeout = abc\n', code: 0,
    });
    expect(lab.sh('sysctl -n net.ipv4.tcp_fin_timeout')).toBe('40\n');
    // A vector is stored and read back tab-separated.
    lab.sh('sudo sysctl -w net.ipv4.ip_local_port_range="1024 65000"');
    expect(lab.sh('cat -A /proc/sys/net/ipv4/ip_local_port_range')).toBe('1024^I65000$\n');
    expect(run(lab, 'sysctl -w net.ipv4.ip_forward 2>&1')).toEqual({ out: 'sysctl: "net.ipv4.ip_forward" must be of the form name=value\n', code: 255 });
    expect(lab.sh('sysctl -V')).toBe('sysctl from procps-ng 3.3.10\n');
  });
});

describe('/proc/sys', () => {
  it('files hold the values with a newline; ec2-user may read but not write them', () => {
    const lab = onNode();
    expect(lab.sh('cat /proc/sys/net/netfilter/nf_conntrack_max /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/eth0/rp_filter')).toBe('131072\n1\n2\n');
    expect(lab.sh('echo 0 > /proc/sys/net/ipv4/ip_forward 2>&1; echo $?')).toMatch(/Permission denied\n1\n$/);
    expect(lab.sh('echo 2 | sudo tee /proc/sys/net/ipv4/conf/all/rp_filter')).toBe('2\n');
    expect(lab.sh('sysctl net.ipv4.conf.all.rp_filter')).toBe('net.ipv4.conf.all.rp_filter = 2\n');
    // Kernel files have no size.
    expect(lab.sh('ls -l /proc/sys/net/ipv4/ip_forward')).toMatch(/^-rw-r--r-- 1 root root 0 /);
    expect(lab.sh('ls /proc/sys/net')).toBe('core\nipv4\nnetfilter\nnf_conntrack_max\n');
  });
});
