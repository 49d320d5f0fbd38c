// iptables and iptables-save on a seed node: the VPC CNI's rules as ../shared/notes/upstream/cni-datapath.md §6 quotes
// them, the listing layout of iptables-legacy 1.8.4 checked against lines from real EKS nodes, and iptables' errors.
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv4 } from '../../../src/model/net/ipv4.ts';
import type { NetfilterRule } from '../../../src/model/net/netfilter.ts';
import { formatChainHeader, formatRuleRow, permissionDenied } from '../../../src/shell/commands/iptables.ts';
import { labEngine } from './engine-helpers.ts';
import { netshootPod, pingGoogle } from './netfilter-helpers.ts';

const lines = (text: string) => text.split('\n').filter(Boolean);

/** The two SNAT lines the seed lab prints (cni-datapath.md §6), for a node whose primary IP is `ip`. */
const snatLines = (ip: string, random = ' --random-fully') => [
  '-A AWS-SNAT-CHAIN-0 ! -d 192.168.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-1',
  `-A AWS-SNAT-CHAIN-1 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source ${ip}${random}`,
];

const NAT_POLICIES = ['-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT'];
const NAT_CHAINS = ['-N AWS-CONNMARK-CHAIN-0', '-N AWS-CONNMARK-CHAIN-1', '-N AWS-SNAT-CHAIN-0', '-N AWS-SNAT-CHAIN-1'];

describe('iptables -S on a node', () => {
  const { sh, session } = labEngine();
  const n1 = session.env.get('N1')!;

  it('prints the SNAT chain with the node’s own primary address, as the seed lab shows it', () => {
    expect(lines(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S | grep 'A AWS-SNAT-CHAIN'`))).toEqual(snatLines(n1));
    const n2 = session.env.get('N2')!;
    expect(lines(sh(`ssh ec2-user@${n2} sudo iptables -t nat -S | grep 'A AWS-SNAT-CHAIN'`))).toEqual(snatLines(n2));
  });

  it('lists policies, then user chains sorted by name, then rules chain by chain (list_rules over libiptc’s order)', () => {
    // kube-proxy's and kubelet's chains have tests of their own (tests/unit/model/proxy/).
    const cni = (text: string) => lines(text).filter((l) => !l.includes('KUBE-'));
    expect(cni(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S`))).toEqual([
      ...NAT_POLICIES,
      ...NAT_CHAINS,
      '-A PREROUTING -i eni+ -m comment --comment "AWS, outbound connections" -j AWS-CONNMARK-CHAIN-0',
      '-A PREROUTING -m comment --comment "AWS, CONNMARK" -j CONNMARK --restore-mark --nfmask 0x80 --ctmask 0x80',
      '-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0',
      '-A AWS-CONNMARK-CHAIN-0 ! -d 192.168.0.0/16 -m comment --comment "AWS CONNMARK CHAIN, VPC CIDR" -j AWS-CONNMARK-CHAIN-1',
      '-A AWS-CONNMARK-CHAIN-1 -m comment --comment "AWS, CONNMARK" -j CONNMARK --set-xmark 0x80/0x80',
      ...snatLines(n1),
    ]);
    expect(cni(sh(`ssh ec2-user@${n1} sudo iptables -t mangle -S`))).toEqual([
      '-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT',
      '-A PREROUTING -i eth0 -m comment --comment "AWS, primary ENI" -m addrtype --dst-type LOCAL --limit-iface-in -j CONNMARK --set-xmark 0x80/0x80',
      '-A PREROUTING -i eni+ -m comment --comment "AWS, primary ENI" -j CONNMARK --restore-mark --nfmask 0x80 --ctmask 0x80',
      '-A PREROUTING -i vlan+ -m comment --comment "AWS, primary ENI" -j CONNMARK --restore-mark --nfmask 0x80 --ctmask 0x80',
    ]);
  });

  it('lists one chain, or one rule of it, when asked', () => {
    expect(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S AWS-SNAT-CHAIN-1`)).toBe(`-N AWS-SNAT-CHAIN-1\n${snatLines(n1)[1]}\n`);
    expect(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S POSTROUTING`)).toBe('-P POSTROUTING ACCEPT\n'
      + '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n'
      + '-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0\n');
    expect(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S AWS-SNAT-CHAIN-0 1`)).toBe(`${snatLines(n1)[0]}\n`);
    expect(sh(`ssh ec2-user@${n1} sudo iptables -S | head -4`)).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N KUBE-EXTERNAL-SERVICES\n');
  });
});

describe('aws-node settings change the rules', () => {
  const setEnv = (assignment: string) => {
    const { sh, session } = labEngine();
    expect(sh(`kubectl set env daemonset aws-node -n kube-system ${assignment}`)).toBe('daemonset.apps/aws-node env updated\n');
    sh('sleep 60');
    const n1 = session.env.get('N1')!;
    return { n1, nat: lines(sh(`ssh ec2-user@${n1} sudo iptables -t nat -S`)) };
  };

  it('AWS_VPC_K8S_CNI_EXTERNALSNAT=true removes the SNAT and connmark rules but keeps the chains', () => {
    expect(setEnv('AWS_VPC_K8S_CNI_EXTERNALSNAT=true').nat.filter((l) => !l.includes('KUBE-'))).toEqual([...NAT_POLICIES, ...NAT_CHAINS]);
  });

  it('AWS_VPC_K8S_CNI_RANDOMIZESNAT=none drops --random-fully, hashrandom asks for --random', () => {
    const none = setEnv('AWS_VPC_K8S_CNI_RANDOMIZESNAT=none');
    expect(none.nat.filter((l) => l.startsWith('-A AWS-SNAT-CHAIN'))).toEqual(snatLines(none.n1, ''));
    const hash = setEnv('AWS_VPC_K8S_CNI_RANDOMIZESNAT=hashrandom');
    expect(hash.nat.filter((l) => l.startsWith('-A AWS-SNAT-CHAIN'))).toEqual(snatLines(hash.n1, ' --random'));
  });

  it('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS=10.0.0.0/8 adds the EXCLUSION hop before SNAT', () => {
    const { n1, nat } = setEnv('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS=10.0.0.0/8');
    expect(nat.filter((l) => l.startsWith('-A AWS-SNAT-CHAIN'))).toEqual([
      '-A AWS-SNAT-CHAIN-0 ! -d 192.168.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-1',
      '-A AWS-SNAT-CHAIN-1 ! -d 10.0.0.0/8 -m comment --comment "AWS SNAT CHAIN EXCLUSION" -j AWS-SNAT-CHAIN-2',
      `-A AWS-SNAT-CHAIN-2 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source ${n1} --random-fully`,
    ]);
    expect(nat.filter((l) => l.startsWith('-N AWS-SNAT'))).toEqual(['-N AWS-SNAT-CHAIN-0', '-N AWS-SNAT-CHAIN-1', '-N AWS-SNAT-CHAIN-2']);
  });
});

describe('iptables -L', () => {
  it('lays rows out as print_firewall does (lines from a real node’s `iptables -nvL -t mangle`)', () => {
    const { sh, cluster } = labEngine();
    sh('kubectl apply -f netshoot-pod.yaml');
    sh('sleep 30');
    const { pod, nodeIp } = netshootPod(cluster);
    pingGoogle(cluster, pod);
    const out = sh(`ssh ec2-user@${nodeIp} sudo iptables -t mangle -nvL PREROUTING`);
    // The real node named its primary ENI ens5; the model's AL2 node calls it eth0 (same width). The echo request
    // entered on the pod's veth, so the eni+ rule and the policy counted it.
    expect(lines(out)).toEqual([
      'Chain PREROUTING (policy ACCEPT 1 packets, 84 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 CONNMARK   all  --  eth0   *       0.0.0.0/0            0.0.0.0/0            /* AWS, primary ENI */ ADDRTYPE match dst-type LOCAL limit-in CONNMARK or 0x80',
      '    1    84 CONNMARK   all  --  eni+   *       0.0.0.0/0            0.0.0.0/0            /* AWS, primary ENI */ CONNMARK restore mask 0x80',
      '    0     0 CONNMARK   all  --  vlan+  *       0.0.0.0/0            0.0.0.0/0            /* AWS, primary ENI */ CONNMARK restore mask 0x80',
    ]);
    // The SNAT rule counted the one packet that left the VPC.
    expect(sh(`ssh ec2-user@${nodeIp} sudo iptables -t nat -v -S AWS-SNAT-CHAIN-1`)).toContain(' -c 1 84 -j SNAT --to-source ');
    expect(sh(`ssh ec2-user@${nodeIp} sudo iptables -t nat -nvL AWS-SNAT-CHAIN-1`).split('\n')[2]).toMatch(/^ {4}1 {4}84 SNAT {7}all {2}-- /);
    expect(sh(`ssh ec2-user@${nodeIp} sudo iptables-save -c -t nat | grep SNAT-CHAIN-1`)).toContain('[1:84] -A AWS-SNAT-CHAIN-1 ');
  });

  it('prints headers with and without -v, a blank line between chains, references of user chains', () => {
    const { sh, session } = labEngine();
    const n1 = session.env.get('N1')!;
    expect(sh(`ssh ec2-user@${n1} sudo iptables -t raw -L`)).toBe([
      'Chain PREROUTING (policy ACCEPT)', 'target     prot opt source               destination         ', '',
      'Chain OUTPUT (policy ACCEPT)', 'target     prot opt source               destination         ', '',
    ].join('\n'));
    expect(sh(`ssh ec2-user@${n1} sudo iptables -t nat -nL AWS-SNAT-CHAIN-0 | head -1`)).toBe('Chain AWS-SNAT-CHAIN-0 (1 references)\n');
  });

  it('names VPC addresses without -n, as the VPC resolver answers them', () => {
    const { sh, session } = labEngine();
    // From a real EKS node's `iptables -L`: `ip-192-168-0-0.ap-northeast-2.compute.internal/16  anywhere`.
    expect(sh(`ssh ec2-user@${session.env.get('N1')} sudo iptables -t nat -L AWS-SNAT-CHAIN-0 | tail -1`))
      .toMatch(/^AWS-SNAT-CHAIN-1 {2}all {2}-- {2}anywhere {12}!ip-192-168-0-0\.ap-northeast-2\.compute\.internal\/16 {2}\/\* AWS SNAT CHAIN \*\/\n$/);
  });

  it('abbreviates large counters like xtables_print_num (a real node: 25324 packets, 8496K bytes)', () => {
    const o = { numeric: true, verbose: true, exact: false, lineNumbers: false };
    expect(formatChainHeader('PREROUTING', { pkts: 25324, bytes: 8_496_123 }, 0, o)).toBe('Chain PREROUTING (policy ACCEPT 25324 packets, 8496K bytes)');
    expect(formatChainHeader('PREROUTING', { pkts: 25324, bytes: 8_496_123 }, 0, { ...o, exact: true })).toBe('Chain PREROUTING (policy ACCEPT 25324 packets, 8496123 bytes)');
    expect(formatChainHeader('PREROUTING', { pkts: 1, bytes: 2 }, 0, { ...o, verbose: false })).toBe('Chain PREROUTING (policy ACCEPT)');
  });

  it('pads a long target and marks a negated source (a real kube-proxy row)', () => {
    // Real: `    0     0 KUBE-MARK-MASQ  tcp  --  *      *      !192.168.0.0/16       10.96.102.172        /* … */ tcp dpt:80`.
    const rule: NetfilterRule = {
      table: 'nat', chain: 'KUBE-SVC-TEST',
      match: {
        src: { value: parseCidr('192.168.0.0/16')!, not: true }, dst: { value: { base: parseIpv4('10.96.102.172')!, prefix: 32 } }, proto: 'tcp',
        exts: [{ m: 'comment', comment: 'default/nginx-service:http cluster IP' }, { m: 'tcp', dport: 80 }],
      },
      target: { kind: 'jump', chain: 'KUBE-MARK-MASQ' },
    };
    expect(formatRuleRow(rule, { pkts: 0, bytes: 0 }, { numeric: true, verbose: true, exact: false, lineNumbers: false }))
      .toBe('    0     0 KUBE-MARK-MASQ  tcp  --  *      *      !192.168.0.0/16       10.96.102.172        /* default/nginx-service:http cluster IP */ tcp dpt:80');
  });
});

describe('iptables-save', () => {
  it('dumps nat, mangle and filter with chain counters, the rules, COMMIT and the time in model time', () => {
    const { sh, session } = labEngine();
    const n1 = session.env.get('N1')!;
    const now = sh("date '+%a %b %e %H:%M:%S %Y'").trim();
    const out = lines(sh(`ssh ec2-user@${n1} sudo iptables-save`));
    expect(out.filter((l) => l.startsWith('*'))).toEqual(['*nat', '*mangle', '*filter']);
    expect(out.slice(0, 11)).toEqual([
      `# Generated by iptables-save v1.8.4 on ${now}`,
      '*nat',
      ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]',
      ':AWS-CONNMARK-CHAIN-0 - [0:0]', ':AWS-CONNMARK-CHAIN-1 - [0:0]', ':AWS-SNAT-CHAIN-0 - [0:0]', ':AWS-SNAT-CHAIN-1 - [0:0]',
      ':KUBE-KUBELET-CANARY - [0:0]',
    ]);
    // kube-proxy's jump comes before the CNI's, as on a real EKS node.
    const pre = out.filter((l) => l.startsWith('-A PREROUTING'));
    expect(pre.slice(0, 2)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A PREROUTING -i eni+ -m comment --comment "AWS, outbound connections" -j AWS-CONNMARK-CHAIN-0',
    ]);
    const filter = out.slice(out.lastIndexOf('*filter') - 1);
    expect(filter.slice(0, 5)).toEqual([`# Generated by iptables-save v1.8.4 on ${now}`, '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]']);
    expect(filter.slice(-2)).toEqual(['COMMIT', `# Completed on ${now}`]);
    expect(out.filter((l) => l === 'COMMIT')).toHaveLength(3);
  });
});

describe('iptables elsewhere and its errors', () => {
  it('a pod has no CNI rules: only filter’s three policies', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f netshoot-pod.yaml');
    sh('sleep 30');
    expect(sh('kubectl exec $PODNAME1 -- iptables -S')).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
  });

  it('answers mistakes in iptables’ words', () => {
    const { shell, session } = labEngine();
    shell.run(`ssh ec2-user@${session.env.get('N1')}`);
    expect(shell.exec('sudo iptables -t nat -S NOPE')).toEqual({ stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', exitCode: 1 });
    expect(shell.exec('sudo iptables -t foo -S')).toEqual({
      stdout: '',
      stderr: "iptables v1.8.4 (legacy): can't initialize iptables table `foo': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n",
      exitCode: 3,
    });
    expect(shell.exec('sudo iptables --foo')).toEqual({
      stdout: '',
      stderr: 'iptables v1.8.4 (legacy): unknown option "--foo"\nTry `iptables -h\' or \'iptables --help\' for more information.\n',
      exitCode: 2,
    });
  });

  it('tells a user who is not root that it must be', () => {
    const { shell, session } = labEngine();
    shell.run(`ssh ec2-user@${session.env.get('N1')}`);
    expect(shell.exec('iptables -S')).toEqual(permissionDenied('filter'));
    expect(shell.exec('conntrack -L').exitCode).not.toBe(0);
    expect(shell.exec('tcpdump -i any').stderr).toBe("tcpdump: any: You don't have permission to capture on that device\n(socket: Operation not permitted)\n");
    shell.run('sudo -i');
    expect(shell.exec('iptables -S').exitCode).toBe(0);
    expect(permissionDenied('filter')).toEqual({
      stdout: '',
      stderr: "iptables v1.8.4 (legacy): can't initialize iptables table `filter': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n",
      exitCode: 3,
    });
  });
});
