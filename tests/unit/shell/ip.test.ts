// `ip` as iproute2 prints it, where the model once did not.
//
// `ip -4 addr`: iproute2 prints a link's `link/…` line only without a family filter (ip/ipaddress.c guards it with
// `if (!filter.family || filter.family == AF_PACKET || show_details)`), and drops links with no address of the
// family (ipaddr_filter). The loopback device reads the same on every Linux machine, so where `ip` is installed the
// model's `lo` is compared with the real one.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

const realIp = (args: string[]) => {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return r.error ? undefined : r.stdout;
};

describe('ip -4 addr', () => {
  it("a pod's eth0: the link's line, then its address, with no link/ether line", () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    const pod = sh("kubectl get pods -o jsonpath='{.items[0].metadata.name}'");
    const ip = sh("kubectl get pods -o jsonpath='{.items[0].status.podIP}'");
    expect(sh(`kubectl exec ${pod} -- ip -4 addr show eth0`)).toMatch(
      new RegExp(`^3: eth0@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc noqueue state UP group default\\n    inet ${ip.replaceAll('.', '\\.')}/32 scope global eth0\\n       valid_lft forever preferred_lft forever\\n$`),
    );
    // Without the filter the link/ether line is there, and the link-local IPv6 address.
    expect(sh(`kubectl exec ${pod} -- ip addr show eth0`)).toMatch(/^3: eth0@if\d+: .*\n    link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet .*\n.*\n    inet6 fe80::/);
  });

  it("a node's links without an IPv4 address (the pods' veths) are left out", () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    const all = sh('ssh ec2-user@$N1 ip -br addr');
    expect(all).toMatch(/^eni[0-9a-f]{11}@if3 /m);
    const v4 = sh('ssh ec2-user@$N1 ip -4 -br addr');
    expect(v4).not.toMatch(/^eni/m);
    expect(v4.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['lo', 'eth0', 'eth1']);
    expect(sh('ssh ec2-user@$N1 ip -4 addr').match(/^\d+: (\S+):/gm)).toEqual(['1: lo:', '2: eth0:', '4: eth1:']);
    const veth = all.match(/^(eni[0-9a-f]{11})@/m)![1];
    expect(sh(`ssh ec2-user@$N1 ip -4 addr show ${veth}`)).toBe('');
  });

  const real = realIp(['-4', 'addr', 'show', 'lo']);
  it.skipIf(real === undefined)('lo prints as the machine\'s real ip prints it', () => {
    const { sh } = labEngine();
    expect(sh('ssh ec2-user@$N1 ip -4 addr show lo')).toBe(real);
    expect(sh('ssh ec2-user@$N1 ip -4 addr show lo | wc -l')).toBe('3\n');
  });
});

// `ip route`: iproute2's print_route ends every field with a space, the last one too; a table other than main comes
// right after the device; and the kernel dumps `table all` by table id (inet_dump_fib walks fib_table_hash).
describe('ip route', () => {
  it('ends each line with a space, as iproute2 does', () => {
    const { sh } = labEngine();
    expect(sh('ssh ec2-user@$N1 ip route | cat -A')).toBe(
      'default via 192.168.1.1 dev eth0 $\n169.254.169.254 dev eth0 $\n192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.145 $\n',
    );
  });

  it('table all: tables 2 and 3 before main, each named after the device', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deployment nginx-deployment --replicas=20');
    sh('sleep 60');
    const lines = sh('ssh ec2-user@$N1 ip route show table all').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'default via 192.168.1.1 dev eth1 table 2 ', '192.168.1.1 dev eth1 table 2 scope link ',
      'default via 192.168.1.1 dev eth2 table 3 ', '192.168.1.1 dev eth2 table 3 scope link ',
    ]);
    expect(lines[4]).toBe('default via 192.168.1.1 dev eth0 ');
    // The local table (255) comes last, each route named after its device.
    expect(lines.filter(Boolean).at(-1)).toMatch(/^broadcast 192\.168\.1\.255 dev eth\d table local proto kernel scope link src 192\.168\.1\.\d+ $/);
  });

  // The connected subnet's route has one shape everywhere: compare it, addresses aside, with the machine's.
  const realRoutes = realIp(['route']);
  const subnet = (text: string) => text.split('\n').find((l) => / proto kernel scope link src /.test(l))?.replace(/^\S+ dev \S+/, 'NET dev DEV').replace(/src \S+/, 'src ADDR');
  it.skipIf(realRoutes === undefined || subnet(realRoutes) === undefined)("the subnet's route reads as the machine's", () => {
    const { sh } = labEngine();
    expect(subnet(sh('ssh ec2-user@$N1 ip route'))).toBe(subnet(realRoutes!));
  });
});

describe('ip neigh', () => {
  const shape = (line: string | undefined) => line?.replace(/^\S+ dev \S+ lladdr \S+ [A-Z]+/, 'ADDR dev DEV lladdr MAC STATE');
  const realLine = realIp(['neigh'])?.split('\n').find((l) => / lladdr /.test(l));
  it.skipIf(realLine === undefined)("a learned neighbour reads as the machine's, trailing space included", () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    const pod = sh("kubectl get pods -o jsonpath='{.items[0].metadata.name}'");
    expect(shape(sh(`kubectl exec ${pod} -- ip neigh`).split('\n')[0])).toBe(shape(realLine));
    expect(shape(realLine)).toBe('ADDR dev DEV lladdr MAC STATE ');
  });
});

// The local table as Linux 5.10 (the EKS AMI's kernel) fills it: fib_add_ifaddr adds `local ADDR`, the explicit
// broadcast address, and for a prefix shorter than /31 the network's first and last addresses (5.14 stopped adding
// the first, so this machine's kernel may not show them), and lo's 127.0.0.0/8 as `local`. The dump is in address
// order, a longer prefix first; one broadcast address on two devices is two routes.
describe('ip route show table local', () => {
  it("a node's: lo, then each ENI's address and the subnet's broadcast addresses", () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    const eth0 = sh("ssh ec2-user@$N1 ip -4 -br addr show eth0 | awk '{print $3}' | cut -d/ -f1").trim();
    const eth1 = sh("ssh ec2-user@$N1 ip -4 -br addr show eth1 | awk '{print $3}' | cut -d/ -f1").trim();
    const [first, second] = [eth0, eth1].sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]));
    const dev = (ip: string) => (ip === eth0 ? 'eth0' : 'eth1');
    expect(sh('ssh ec2-user@$N1 ip route show table local')).toBe([
      'broadcast 127.0.0.0 dev lo proto kernel scope link src 127.0.0.1 ',
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 ',
      `broadcast 192.168.1.0 dev eth0 proto kernel scope link src ${eth0} `,
      `broadcast 192.168.1.0 dev eth1 proto kernel scope link src ${eth1} `,
      `local ${first} dev ${dev(first)} proto kernel scope host src ${first} `,
      `local ${second} dev ${dev(second)} proto kernel scope host src ${second} `,
      `broadcast 192.168.1.255 dev eth0 proto kernel scope link src ${eth0} `,
      `broadcast 192.168.1.255 dev eth1 proto kernel scope link src ${eth1} `,
      '',
    ].join('\n'));
    expect(sh('ssh ec2-user@$N1 ip route show table 255')).toBe(sh('ssh ec2-user@$N1 ip route show table local'));
  });

  it("a pod's: lo's four, and its own /32 with no broadcast", () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    const pod = sh("kubectl get pods -o jsonpath='{.items[0].metadata.name}'");
    const ip = sh("kubectl get pods -o jsonpath='{.items[0].status.podIP}'");
    expect(sh(`kubectl exec ${pod} -- ip route show table local`).split('\n').slice(4)).toEqual([`local ${ip} dev eth0 proto kernel scope host src ${ip} `, '']);
  });

  it("ipvs mode: every ClusterIP on the (down) kube-ipvs0 is local, with no broadcast", () => {
    const { sh } = labEngine();
    sh('kubectl get cm -n kube-system kube-proxy-config -o yaml | sed \'s/mode: "iptables"/mode: "ipvs"/\' | kubectl apply -f -');
    sh('kubectl rollout restart ds kube-proxy -n kube-system');
    sh('sleep 60');
    const lines = sh('ssh ec2-user@$N1 ip route show table local | grep kube-ipvs0').split('\n').filter(Boolean);
    expect(lines).toContain('local 10.100.0.1 dev kube-ipvs0 proto kernel scope host src 10.100.0.1 ');
    for (const l of lines) expect(l).toMatch(/^local (\S+) dev kube-ipvs0 proto kernel scope host src \1 $/);
  });
});

// `-br` and `-c` as iproute2's print_linkinfo_brief and print_addrinfo write them: every field ends with a space (the
// last one too), and a colour spans a field with its padding and space, but an address alone (not its /LEN).
// lo reads the same on every Linux machine, so where `ip` is installed it is compared with the real one.
describe('ip -br and -c', () => {
  for (const args of [['-br', 'addr', 'show', 'lo'], ['-br', 'link', 'show', 'lo'], ['-br', '-c', 'addr', 'show', 'lo'], ['-br', '-c', 'link', 'show', 'lo'], ['-c', 'addr', 'show', 'lo'], ['-6', 'addr', 'show', 'lo'], ['-6', '-br', 'addr', 'show', 'lo']]) {
    const real = realIp(args);
    // A container may run without IPv6 on its loopback: then the machine's lo is not the one to compare with.
    const needsV6 = args.includes('addr') && !args.includes('-4');
    it.skipIf(real === undefined || (needsV6 && !real.includes('::1')))(`ip ${args.join(' ')} prints as the machine's ip does`, () => {
      const { sh } = labEngine();
      expect(sh(`ssh ec2-user@$N1 ip ${args.join(' ')}`)).toBe(real);
    });
  }

  it('an interface with no address of the family still ends with the state column', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('sleep 30');
    expect(sh('ssh ec2-user@$N1 ip -br addr | cat -A')).toMatch(/^eni[0-9a-f]{11}@if3 UP {13}fe80::[0-9a-f:]+\/64 \$$/m);
    expect(sh('ssh ec2-user@$N1 ip -br -6 addr show eth0 | cat -A')).toMatch(/^eth0 {13}UP {13}fe80::[0-9a-f:]+\/64 \$\n$/);
  });

  it('ip -c route: an address or device coloured with its trailing space', () => {
    const { sh } = labEngine();
    const eth0 = sh("ssh ec2-user@$N1 ip -4 -br addr show eth0 | awk '{print $3}' | cut -d/ -f1").trim();
    expect(sh('ssh ec2-user@$N1 ip -c route')).toBe([
      'default via \x1b[35m192.168.1.1 \x1b[0mdev \x1b[36meth0 \x1b[0m',
      '\x1b[35m169.254.169.254 \x1b[0mdev \x1b[36meth0 \x1b[0m',
      `\x1b[35m192.168.1.0/24 \x1b[0mdev \x1b[36meth0 \x1b[0mproto kernel scope link src \x1b[35m${eth0} \x1b[0m`,
      '',
    ].join('\n'));
    // The link line: "NAME: " and "STATE " coloured, and the broadcast address with its space.
    expect(sh('ssh ec2-user@$N1 ip -c addr show eth0').split('\n').slice(0, 3).join('\n')).toMatch(
      new RegExp(`^2: \x1b\\[36meth0: \x1b\\[0m<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state \x1b\\[32mUP \x1b\\[0mgroup default qlen 1000\n    link/ether \x1b\\[33m[0-9a-f:]{17}\x1b\\[0m brd \x1b\\[33mff:ff:ff:ff:ff:ff\x1b\\[0m\n    inet \x1b\\[35m${eth0.replaceAll('.', '\\.')}\x1b\\[0m/24 brd \x1b\\[35m192\\.168\\.1\\.255 \x1b\\[0mscope global dynamic eth0$`),
    );
  });
});
