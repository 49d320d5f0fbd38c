// Calico's variant of the cluster: IPAM blocks, no aws-node, the node's devices and routes as `ip` prints them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../../src/model/cluster/cluster.ts';
import { formatCidr, formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { calicoLab, netshootPods } from './helpers.ts';

describe('Calico cluster', () => {
  it('runs calico-node in calico-system and no aws-node', () => {
    const c = new Cluster({ cni: 'calico-vxlan' });
    const ds = c.store.list('DaemonSet').map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
    expect(ds).toContain('calico-system/calico-node');
    expect(ds).not.toContain('kube-system/aws-node');
  });

  it('gives every node a /26 block of 172.16.0.0/16 and its first address to the tunnel; no ENI address is used', () => {
    const c = new Cluster({ cni: 'calico-vxlan' });
    for (const node of c.nodes) {
      const blocks = c.calico!.ipam.blocksOf(node.name);
      expect(blocks).toHaveLength(1);
      expect(formatCidr(blocks[0].cidr)).toMatch(/^172\.16\.\d+\.\d+\/26$/);
      expect(c.calico!.tunnel(node)!.address).toBe(blocks[0].cidr.base);
      expect(node.enis).toHaveLength(1);
      expect(node.enis[0].secondaryIps).toHaveLength(0);
    }
    const bases = c.calico!.ipam.blocks.map((b) => b.cidr.base);
    expect(new Set(bases).size).toBe(bases.length);
  });

  it('leaves the default cluster on the VPC CNI', () => {
    const c = new Cluster();
    expect(c.cni).toBe('vpc-cni');
    expect(c.calico).toBeUndefined();
    expect(c.store.get('DaemonSet', 'kube-system', 'aws-node')).toBeDefined();
  });

  it('names host veths cali + sha1("<namespace>.<pod>")[:11], with the fixed MAC ee:ee:ee:ee:ee:ee', () => {
    const e = calicoLab('calico-vxlan');
    for (const pod of netshootPods(e.cluster)) {
      const hash = createHash('sha1').update(`${pod.namespace}.${pod.name}`).digest('hex').slice(0, 11);
      expect(pod.veth!.name).toBe(`cali${hash}`);
      expect(pod.veth!.mac).toBe('ee:ee:ee:ee:ee:ee');
      expect(formatIpv4(pod.ip!)).toMatch(/^172\.16\./);
    }
  });

  it('routes remote blocks through vxlan.calico via the remote VTEP, onlink; blackholes its own block', () => {
    const e = calicoLab('calico-vxlan');
    const [pod] = netshootPods(e.cluster);
    const node = e.cluster.node(pod.nodeName!)!;
    const out = e.sh(`ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ip route`);
    const own = e.cluster.calico!.ipam.blocksOf(node.name)[0];
    expect(out).toContain(`blackhole ${formatCidr(own.cidr)} proto 80 \n`);
    expect(out).toContain(`${formatIpv4(pod.ip!)} dev ${pod.veth!.name} scope link \n`);
    for (const other of e.cluster.nodes.filter((n) => n !== node)) {
      const block = e.cluster.calico!.ipam.blocksOf(other.name)[0];
      expect(out).toContain(`${formatCidr(block.cidr)} via ${formatIpv4(e.cluster.calico!.tunnel(other)!.address)} dev vxlan.calico onlink \n`);
    }
    expect(e.sh(`ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ip link show vxlan.calico`)).toMatch(
      /^\d+: vxlan\.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8951 qdisc noqueue state UNKNOWN mode DEFAULT group default\n {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff\n$/,
    );
    expect(e.sh(`ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ip rule`)).toBe('0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
  });

  it('with IPIP: tunl0@NONE, mtu 8981, BIRD routes via the node address; route -n shows the blackhole on *', () => {
    const e = calicoLab('calico-ipip');
    const node = e.cluster.nodes[0];
    const ssh = `ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)}`;
    expect(e.sh(`${ssh} ip link show tunl0`)).toMatch(/^\d+: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 8981 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n {4}link\/ipip 0\.0\.0\.0 brd 0\.0\.0\.0\n$/);
    const routes = e.sh(`${ssh} ip route`);
    for (const other of e.cluster.nodes.slice(1)) {
      const block = e.cluster.calico!.ipam.blocksOf(other.name)[0];
      expect(routes).toContain(`${formatCidr(block.cidr)} via ${formatIpv4(other.enis[0].primaryIp)} dev tunl0 proto bird onlink \n`);
    }
    const own = e.cluster.calico!.ipam.blocksOf(node.name)[0];
    expect(routes).toContain(`blackhole ${formatCidr(own.cidr)} proto bird \n`);
    expect(e.sh(`${ssh} route -n`)).toContain(`${formatIpv4(own.cidr.base).padEnd(15)} 0.0.0.0         255.255.255.192 U     0      0        0 *\n`);
  });

  it("sets the pod's eth0 MTU to the tunnel's: 8951 VXLAN, 8981 IPIP, or what the Installation says", () => {
    for (const [cni, mtu, calicoMtu] of [['calico-vxlan', 8951], ['calico-ipip', 8981], ['calico-vxlan', 1500, 1500]] as const) {
      const e = calicoLab(cni, calicoMtu ? { calicoMtu } : {});
      const [pod] = netshootPods(e.cluster);
      expect(e.sh(`kubectl exec ${pod.name} -- ip link show eth0`)).toContain(`mtu ${mtu} qdisc noqueue`);
    }
  });

  it('ping -M do: what fits the pod MTU crosses the overlay, one byte more fails with the kernel\'s EMSGSIZE', () => {
    for (const [cni, mtu, calicoMtu] of [['calico-vxlan', 8951], ['calico-ipip', 8981], ['calico-vxlan', 1500, 1500]] as const) {
      const e = calicoLab(cni, calicoMtu ? { calicoMtu } : {});
      const [a, b] = netshootPods(e.cluster).filter((p, i, all) => i === 0 || p.nodeName !== all[0].nodeName);
      const ok = e.sh(`kubectl exec ${a.name} -- ping -c 1 -M do -s ${mtu - 28} ${formatIpv4(b.ip!)}`);
      expect(ok).toContain('1 packets transmitted, 1 received, 0% packet loss');
      const r = e.shell.run(`kubectl exec ${a.name} -- ping -c 2 -M do -s ${mtu - 27} ${formatIpv4(b.ip!)}`);
      expect(r.output).toContain(`ping: local error: message too long, mtu=${mtu}\nping: local error: message too long, mtu=${mtu}\n`);
      expect(r.output).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
    }
  });

  it('keeps the AMI max pods (17 on t3.medium) unless --max-pods raises it: 60 replicas on 3 nodes', () => {
    // 3 × 17 slots less calico-node and kube-proxy on each node, 2 coredns and 3 netshoot pods: 40 free.
    for (const [maxPods, pending] of [[undefined, 60 - (3 * 17 - 3 * 2 - 2 - 3)], [110, 0]] as const) {
      const e = calicoLab('calico-vxlan', maxPods ? { maxPods } : {});
      e.sh('kubectl create deployment many --image=nginx --replicas=60');
      e.sh('sleep 60');
      const p = [...e.cluster.pods.values()].filter((x) => x.name.startsWith('many-'));
      expect(p).toHaveLength(60);
      expect(p.filter((x) => x.phase === 'Pending').length).toBe(pending);
      expect(e.cluster.nodes.every((n) => n.maxPods === (maxPods ?? 17))).toBe(true);
    }
  });
});
