// Packets to a ClusterIP and a NodePort through kube-proxy's iptables rules (v1.24) as the kernel walks them:
// KUBE-SERVICES → KUBE-SVC-* (statistic draws from the model's seeded stream) → KUBE-SEP-* → DNAT, conntrack keeping
// a flow on its endpoint and undoing the NAT on replies, the rules' counters, and the filter table's REJECT for a
// Service without endpoints.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/model/cluster/cluster.ts';
import type { Pod, Service } from '../../../src/model/cluster/types.ts';
import { conntrackLine } from '../../../src/model/net/conntrack.ts';
import { formatIpv4, type Ipv4 } from '../../../src/model/net/ipv4.ts';
import { type Endpoint, networkOf, type Transit } from '../../../src/model/net/network.ts';
import type { Packet } from '../../../src/model/net/packet.ts';
import { httpExchange } from '../../../src/model/net/tcp.ts';
import { sepChain, svcChain } from '../../../src/model/proxy/iptables-rules.ts';
import { labEngine } from '../shell/engine-helpers.ts';

/** The seed lab with its netshoot pods and `replicas` nginx pods behind `kubectl expose` (a ClusterIP on port 80). */
function serviceLab(replicas = 3, seed?: string, type = 'ClusterIP') {
  const e = labEngine(seed === undefined ? {} : { seed });
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('kubectl apply -f nginx-dp.yaml');
  e.sh(`kubectl scale deploy nginx-deployment --replicas=${replicas}`);
  e.sh('sleep 60');
  e.sh(`kubectl expose deployment nginx-deployment --port=80${type === 'NodePort' ? ' --type=NodePort' : ''}`);
  const cluster = e.cluster;
  const svc = cluster.store.get<Service>('Service', 'default', 'nginx-deployment')!;
  const client = [...cluster.pods.values()].filter((p) => p.labels.app === 'netshoot-pod' && p.ip !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  const nginx = [...cluster.pods.values()].filter((p) => p.labels.app === 'nginx' && p.phase === 'Running');
  return { e, cluster, svc, clusterIp: svc.spec.clusterIp, client, nginx };
}

const syn = (from: Pod, dst: Ipv4, sport: number, dport = 80): Packet => ({
  proto: 'tcp', src: from.ip!, dst, srcPort: sport, dstPort: dport, ttl: 64, ipId: 1, length: 0,
  tcp: { flags: 'S', seq: 1000, ack: 0, window: 62727, tsVal: 1, tsEcr: 0 },
});

const ack = (p: Packet): Packet => ({ ...p, tcp: { ...p.tcp!, flags: '.', seq: 1001, ack: 1 } });

const nginxIps = (cluster: Cluster) => [...cluster.pods.values()].filter((p) => p.labels.app === 'nginx' && p.phase === 'Running').map((p) => p.ip!);

function send(cluster: Cluster, from: Endpoint, p: Packet): Transit {
  return networkOf(cluster).send(from, p, cluster.now);
}

describe('a packet to a ClusterIP', () => {
  it('is DNAT\'ed to a pod behind the Service, which answers; curl sees the ClusterIP answer', () => {
    const { cluster, clusterIp, client, nginx } = serviceLab();
    const r = httpExchange(networkOf(cluster), { kind: 'pod', pod: client }, clusterIp, 80, { method: 'GET', path: '/', host: formatIpv4(clusterIp), userAgent: 'curl/8.3.0' }, cluster.now);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.response.status).toBe(200);
    expect(r.response.body).toContain('<title>Welcome to nginx!</title>');
    expect(r.remote).toBe(clusterIp);
    const t = send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 40001));
    expect(t.receiver?.kind).toBe('pod');
    expect(nginx.map((p) => p.ip)).toContain(t.received!.dst);
    expect(t.received!.dstPort).toBe(80);
    // No masquerade for pod-to-ClusterIP traffic on EKS (no cluster CIDR): the pod sees the client's own address.
    expect(t.received!.src).toBe(client.ip);
  });

  it('spreads new flows over 3 endpoints as 1/3, then 1/2 of the rest, then the rest: about a third each', () => {
    fc.assert(
      fc.property(fc.constantFrom('a', 'b', 'c', 'seed-4'), (seed) => {
        const { cluster, clusterIp, client, nginx } = serviceLab(3, seed);
        expect(nginx).toHaveLength(3);
        const counts = new Map<number, number>();
        const N = 1500;
        for (let i = 0; i < N; i++) {
          const t = send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 20000 + i));
          counts.set(t.received!.dst, (counts.get(t.received!.dst) ?? 0) + 1);
        }
        expect([...counts.keys()].sort()).toEqual(nginx.map((p) => p.ip!).sort());
        // Binomial(1500, 1/3): mean 500, sd ≈ 18; ±100 is more than 5 sd.
        for (const n of counts.values()) expect(Math.abs(n - N / 3)).toBeLessThan(100);
      }),
      { numRuns: 4 },
    );
  });

  it('keeps a flow on its endpoint: later packets of the connection follow conntrack, not a new draw', () => {
    const { cluster, clusterIp, client } = serviceLab();
    for (let i = 0; i < 20; i++) {
      const first = send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 30000 + i));
      const chosen = first.received!.dst;
      for (let k = 0; k < 5; k++) {
        // Other flows in between draw again; this one does not.
        send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 50000 + i * 10 + k));
        const later = send(cluster, { kind: 'pod', pod: client }, ack(syn(client, clusterIp, 30000 + i)));
        expect(later.received!.dst).toBe(chosen);
      }
    }
  });

  it('undoes the NAT on the reply: the pod answers from its own address, the client gets it from the ClusterIP', () => {
    const { cluster, clusterIp, client } = serviceLab();
    const there = send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 41000));
    const got = there.received!;
    const reply: Packet = { ...got, src: got.dst, dst: got.src, srcPort: 80, dstPort: 41000, tcp: { ...got.tcp!, flags: 'S.', ack: 1001 } };
    const back = send(cluster, there.receiver!, reply);
    expect(back.receiver).toMatchObject({ kind: 'pod', pod: client });
    expect(formatIpv4(back.received!.src)).toBe(formatIpv4(clusterIp));
    expect(back.received!.srcPort).toBe(80);
  });

  it('conntrack on the client\'s node holds the original tuple to the ClusterIP and the reply tuple from the pod', () => {
    const { cluster, clusterIp, client } = serviceLab();
    const net = networkOf(cluster);
    const r = httpExchange(net, { kind: 'pod', pod: client }, clusterIp, 80, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, cluster.now);
    expect(r.kind).toBe('ok');
    const lines = net.conntrack(client.nodeName!).list(cluster.now).filter((c) => c.proto === 'tcp').map((c) => conntrackLine(c, cluster.now));
    expect(lines).toHaveLength(1);
    const esc = (ip: Ipv4) => formatIpv4(ip).replaceAll('.', '\\.');
    const endpoints = nginxIps(cluster).map(esc).join('|');
    // curl closed the connection: TIME_WAIT, 120 s (nf_conntrack_tcp_timeout_time_wait).
    expect(lines[0]).toMatch(new RegExp(
      `^tcp {6}6 1[12]\\d TIME_WAIT src=${esc(client.ip!)} dst=${esc(clusterIp)} sport=(\\d+) dport=80 src=(${endpoints}) dst=${esc(client.ip!)} sport=80 dport=\\1 \\[ASSURED\\] mark=0 use=1$`,
    ));
  });

  it('moves the counters of the rules it matched, once per connection in the nat table', () => {
    const { cluster, clusterIp, client, nginx } = serviceLab();
    const net = networkOf(cluster);
    const node = cluster.node(client.nodeName!)!;
    const rules = net.ruleset(node).rules;
    const svc = svcChain('default/nginx-deployment', 'TCP');
    const entry = rules.find((r) => r.table === 'nat' && r.chain === 'KUBE-SERVICES' && r.target.kind === 'jump' && r.target.chain === svc)!;
    const dnats = nginx.map((p) => rules.find((r) => r.table === 'nat' && r.chain === sepChain('default/nginx-deployment', 'TCP', `${formatIpv4(p.ip!)}:80`) && r.target.kind === 'DNAT')!);
    for (let i = 0; i < 30; i++) {
      const s = syn(client, clusterIp, 33000 + i);
      send(cluster, { kind: 'pod', pod: client }, s);
      send(cluster, { kind: 'pod', pod: client }, ack(s));
    }
    // 30 connections, 60 packets: the nat table sees each connection's first packet only. A SYN is 60 bytes.
    expect(net.counter(node, 'nat', 'KUBE-SERVICES', entry)).toEqual({ pkts: 30, bytes: 30 * 60 });
    const perEndpoint = dnats.map((r) => net.counter(node, 'nat', r.chain, r).pkts);
    expect(perEndpoint.reduce((a, b) => a + b, 0)).toBe(30);
    // DNAT ends the walk: nat PREROUTING's policy counts none of them.
    expect(net.counter(node, 'nat', 'PREROUTING').pkts).toBe(0);
  });

  it('replays: the same seed and the same flows choose the same endpoints', () => {
    const run = () => {
      const { cluster, clusterIp, client } = serviceLab(3, 'replay');
      return Array.from({ length: 40 }, (_, i) => formatIpv4(send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 21000 + i)).received!.dst));
    };
    expect(run()).toEqual(run());
  });

  it('shows the pod\'s real address on eth0 of the client\'s node for cross-node traffic, the ClusterIP on the veth', () => {
    const { cluster, clusterIp, client } = serviceLab();
    let t: Transit | undefined;
    for (let i = 0; i < 50 && !t; i++) {
      const x = send(cluster, { kind: 'pod', pod: client }, syn(client, clusterIp, 42000 + i));
      if (x.receiver?.kind === 'pod' && x.receiver.pod.nodeName !== client.nodeName) t = x;
    }
    expect(t).toBeDefined();
    const onNode = t!.captures.filter((c) => c.host === client.nodeName);
    expect(onNode.find((c) => c.iface === client.veth!.name)!.packet.dst).toBe(clusterIp);
    const out = onNode.find((c) => c.iface.startsWith('eth') && c.direction === 'Out')!;
    expect(out.packet.dst).toBe(t!.received!.dst);
  });
});

describe('a Service without endpoints', () => {
  it('is REJECTed by the filter table: an ICMP port unreachable, a refused connection, no conntrack entry', () => {
    const { e, cluster, client } = serviceLab(1);
    e.sh('kubectl create deployment lonely --image=nginx:alpine --replicas=0');
    e.sh('kubectl expose deployment lonely --port=80');
    const lonely = cluster.store.get<Service>('Service', 'default', 'lonely')!.spec.clusterIp;
    const net = networkOf(cluster);
    const t = send(cluster, { kind: 'pod', pod: client }, syn(client, lonely, 45000));
    expect(t.rejected).toBe(true);
    expect(t.receiver).toBeUndefined();
    const err = t.errors[0];
    expect(err.received?.icmp?.type).toBe('port-unreachable');
    expect(err.receiver).toMatchObject({ kind: 'pod', pod: client });
    const r = httpExchange(net, { kind: 'pod', pod: client }, lonely, 80, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, cluster.now);
    expect(r.kind).toBe('refused');
    expect(net.conntrack(client.nodeName!).list(cluster.now).filter((c) => c.proto === 'tcp')).toHaveLength(0);
    const node = cluster.node(client.nodeName!)!;
    const reject = net.ruleset(node).rules.find((x) => x.table === 'filter' && x.chain === 'KUBE-SERVICES' && x.target.kind === 'REJECT')!;
    expect(reject.match.exts?.[0]).toEqual({ m: 'comment', comment: 'default/lonely has no endpoints' });
    expect(net.counter(node, 'filter', 'KUBE-SERVICES', reject).pkts).toBe(2);
  });
});

describe('a NodePort', () => {
  it('from another node: KUBE-NODEPORTS → KUBE-EXT (mark) → DNAT, masqueraded to the node\'s address, answered', () => {
    const { cluster, svc, nginx } = serviceLab(3, undefined, 'NodePort');
    const nodePort = svc.spec.ports[0].nodePort!;
    const [n1, n2] = cluster.nodes;
    const net = networkOf(cluster);
    const r = httpExchange(net, { kind: 'node', node: n1 }, n2.enis[0].primaryIp, nodePort, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, cluster.now);
    expect(r.kind).toBe('ok');
    const conns = net.conntrack(n2.name).list(cluster.now).filter((c) => c.proto === 'tcp');
    expect(conns).toHaveLength(1);
    const c = conns[0];
    expect(c.original).toMatchObject({ src: n1.enis[0].primaryIp, dst: n2.enis[0].primaryIp, dport: nodePort });
    expect(nginx.map((p) => p.ip)).toContain(c.reply.src);
    expect(c.reply.sport).toBe(80);
    // MASQUERADE: replies come back to the node that DNAT'ed (eth0's address, or the node's for a local pod's veth).
    expect(c.reply.dst).toBe(n2.enis[0].primaryIp);
    const masq = net.ruleset(n2).rules.find((x) => x.table === 'nat' && x.chain === 'KUBE-POSTROUTING' && x.target.kind === 'MASQUERADE')!;
    expect(net.counter(n2, 'nat', 'KUBE-POSTROUTING', masq).pkts).toBe(1);
  });
});
