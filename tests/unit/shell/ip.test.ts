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
