// The rule walk's view: the stages, rules and dice come from the datapath's own traversal of the node's rules, the
// walk leaves the cluster as it was, and scaling shows which lines kube-proxy rewrites in each mode.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkOf } from '../../../src/model/net/network.ts';
import { printProbability } from '../../../src/model/net/netfilter.ts';
import { probability } from '../../../src/model/proxy/iptables-rules.ts';
import { proxyScale } from '../../../src/model/views/proxy-scale.ts';
import { type RuleWalkView, ruleWalk, serviceChoices, type WalkQuery } from '../../../src/model/views/rule-walk.ts';
import { ruleWalkCalls } from '../../../src/widgets/rule-walk/calls.ts';
import { FIRST_WALK, RULE_WALK_SETUP } from '../../../src/widgets/rule-walk/setup.ts';
import { labEngine } from '../shell/engine-helpers.ts';

function lab() {
  const e = labEngine();
  for (const cmd of RULE_WALK_SETUP) e.sh(cmd);
  return e;
}

const walkOf = (cluster: ReturnType<typeof lab>['cluster'], q: WalkQuery, mode: 'iptables' | 'ipvs' = 'iptables'): RuleWalkView => {
  const w = ruleWalk(cluster, q, mode);
  if ('error' in w) throw new Error(w.error);
  return w;
};

describe('the rule walk, iptables mode', () => {
  let e: ReturnType<typeof lab>;
  beforeAll(() => {
    e = lab();
  });

  it('walks a pod’s packet to the ClusterIP through KUBE-SERVICES, KUBE-SVC and KUBE-SEP, rule by rule', () => {
    const w = walkOf(e.cluster, FIRST_WALK);
    const first = w.stages[0];
    expect(first.hook).toBe('nat PREROUTING');
    expect(first.rules.map((r) => r.chain.replace(/-[A-Z2-7]{16}$/, '-*'))).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC-*', 'KUBE-SEP-*']);
    expect(first.rules.at(-1)!.target).toBe('DNAT');
    // Where each rule sits: the chain's length is the node's, the position is the rule's.
    for (const r of first.rules) expect(r.index).toBeGreaterThanOrEqual(1), expect(r.index).toBeLessThanOrEqual(r.of);
    // The dice as kube-proxy writes them and as iptables prints them; the last rule has none.
    const rows = first.dice!.rows;
    expect(rows.map((r) => r.kubeProxy)).toEqual(['0.3333333333', '0.5000000000', undefined]);
    expect(rows.map((r) => r.iptables)).toEqual(['0.33333333349', '0.50000000000', undefined]);
    for (const r of rows) expect(r.share).toBeCloseTo(1 / 3, 6);
    const taken = rows.filter((r) => r.outcome === 'taken');
    expect(taken).toHaveLength(1);
    expect(first.rules.at(-1)!.text).toContain(`--to-destination ${taken[0].endpoint}`);
    expect(first.after).toContain(taken[0].endpoint);
    // Inside the cluster the client keeps its address (EKS: no cluster CIDR, no masquerade).
    expect(w.outcome).toMatch(/sees the client’s own address/);
    expect(w.later.map((l) => l.what)).toEqual([expect.stringMatching(/^conntrack recognises a reply/), expect.stringMatching(/^conntrack applies the connection's DNAT/)]);
  });

  it('shows the rules the datapath itself recorded for the same packet', () => {
    const w = walkOf(e.cluster, FIRST_WALK);
    // The same packet sent by the datapath directly, in a sandbox of its own.
    const net = networkOf(e.cluster).sandbox();
    const pod = [...e.cluster.pods.values()].find((p) => w.title.startsWith(`pod ${p.name} `))!;
    const svc = serviceChoices(e.cluster)[0];
    const [ip, port] = [Number(svc.clusterIp.split('.').reduce((a, b) => (a << 8) | Number(b), 0) >>> 0), 80];
    const t = net.send({ kind: 'pod', pod }, { proto: 'tcp', src: pod.ip!, dst: ip, srcPort: 41000, dstPort: port, ttl: 64, ipId: 1, length: 0, tcp: { flags: 'S', seq: 1, ack: 0, window: 1, tsVal: 1, tsEcr: 0 } }, e.cluster.now);
    const recorded = t.steps.find((s) => s.what.includes('DNAT'))!;
    expect(w.stages[0].rules.map((r) => r.text)).toEqual(recorded.rules!.map((r) => r.text));
    expect(recorded.draws!.map((d) => d.chain)).toEqual([w.stages[0].dice!.chain]);
  });

  it('leaves the cluster as it was: no conntrack entry, no counter moves', () => {
    const node = e.cluster.nodes[0];
    const before = networkOf(e.cluster).conntrack(node.name).list(e.cluster.now).length;
    const rule = networkOf(e.cluster).ruleset(node).rules.find((r) => r.chain === 'KUBE-SERVICES')!;
    const counted = networkOf(e.cluster).counter(node, 'nat', 'KUBE-SERVICES', rule).pkts;
    for (const from of ['pod', 'node', 'outside'] as const) walkOf(e.cluster, { ...FIRST_WALK, from, to: 'node-port' });
    expect(networkOf(e.cluster).conntrack(node.name).list(e.cluster.now)).toHaveLength(before);
    expect(networkOf(e.cluster).counter(node, 'nat', 'KUBE-SERVICES', rule).pkts).toBe(counted);
  });

  it('rolls new dice for each new connection, and every endpoint comes up', () => {
    const endpoints = new Set<string>();
    for (let connection = 0; connection < 24; connection++) {
      const w = walkOf(e.cluster, { ...FIRST_WALK, connection });
      endpoints.add(w.stages[0].dice!.rows.find((r) => r.outcome === 'taken')!.endpoint);
    }
    expect(endpoints.size).toBe(3);
  });

  it('masquerades a NodePort packet from outside: KUBE-EXT marks it, KUBE-POSTROUTING rewrites the source', () => {
    const w = walkOf(e.cluster, { ...FIRST_WALK, from: 'outside', to: 'node-port' });
    const chains = w.stages.flatMap((s) => s.rules.map((r) => r.chain.replace(/-[A-Z2-7]{16}$/, '-*')));
    expect(chains).toEqual(expect.arrayContaining(['KUBE-NODEPORTS', 'KUBE-EXT-*', 'KUBE-MARK-MASQ', 'KUBE-SVC-*', 'KUBE-SEP-*', 'KUBE-POSTROUTING']));
    expect(w.stages.some((s) => s.rules.some((r) => r.target === 'MASQUERADE') && s.before && s.after)).toBe(true);
    expect(w.outcome).toMatch(/the client’s address 192\.168\.\d+\.\d+ is gone/);
  });

  it('says why it cannot walk, instead of drawing nothing', () => {
    expect(ruleWalk(e.cluster, { service: 'default/kubernetes:443/TCP', from: 'pod', to: 'node-port' }, 'iptables')).toEqual({ error: expect.stringMatching(/ClusterIP Service: it has no NodePort/) });
    expect(ruleWalk(e.cluster, { service: 'default/nope:80/TCP', from: 'pod', to: 'cluster-ip' }, 'iptables')).toEqual({ error: expect.stringMatching(/^No Service port default\/nope:80\/TCP in this cluster \(it has default\/nginx-deployment:80\/TCP, /) });
  });
});

describe('the rule walk, ipvs mode', () => {
  it('shows the virtual server, its scheduler and the real server rr picks, connection after connection', () => {
    const e = lab();
    const picked = [0, 1, 2].map((connection) => {
      const w = walkOf(e.cluster, { ...FIRST_WALK, connection }, 'ipvs');
      const stage = w.stages.find((s) => s.ipvs)!;
      expect(stage.ipvs!.scheduler).toBe('rr');
      expect(stage.ipvs!.reals).toHaveLength(3);
      // No KUBE-SVC chains in ipvs mode: the packet is accepted for IPVS.
      expect(w.stages.flatMap((s) => s.rules).some((r) => r.chain.startsWith('KUBE-SVC-'))).toBe(false);
      return stage.ipvs!.reals.find((r) => r.chosen)!.address;
    });
    expect(new Set(picked).size).toBe(3);
    // The page's cluster still runs iptables mode: the ipvs walk was a sandbox's what-if.
    expect(networkOf(e.cluster).ipvs(e.cluster.nodes[0])).toBeUndefined();
  });
});

describe('scaling the Deployment behind a Service', () => {
  it('3 → 5: iptables changes the KUBE-SVC probabilities and adds two KUBE-SEP chains; ipvs adds two real servers', () => {
    const e = lab();
    const a = ruleWalkCalls.ruleWalkScale({ engine: () => e }, { ...FIRST_WALK, mode: 'iptables', replicas: 5 });
    if ('error' in a.diff) throw new Error(a.diff.error);
    const diff = a.diff;
    expect([diff.from, diff.to]).toEqual([3, 5]);
    const svc = (c: string) => diff.iptables.lines.filter((l) => l.change === c && l.text.startsWith('-A KUBE-SVC-'));
    // New probabilities for the chain's rules (kube-proxy writes the whole chain again); a rule whose endpoint keeps
    // its place from the bottom keeps its text (the last one has no probability at all).
    expect(svc('removed').length).toBeGreaterThanOrEqual(1);
    expect(svc('added')).toHaveLength(svc('removed').length + 2);
    expect(svc('added').length + svc('kept').length).toBe(5);
    const sep = (c: string) => diff.iptables.lines.filter((l) => l.change === c && l.text.startsWith('-A KUBE-SEP-'));
    expect(sep('kept')).toHaveLength(6);
    expect(sep('added')).toHaveLength(4);
    expect(sep('removed')).toHaveLength(0);
    const reals = (c: string) => diff.ipvs.lines.filter((l) => l.change === c && l.text.startsWith('-a '));
    // Two real servers on each of the Service's virtual servers (its ClusterIP, and its NodePort on every node address).
    const virtualServers = diff.ipvs.lines.filter((l) => l.text.startsWith('-A ')).length;
    expect(virtualServers).toBeGreaterThanOrEqual(2);
    expect(diff.ipvs.lines.filter((l) => l.text.startsWith('-A ') && l.change !== 'kept')).toHaveLength(0);
    expect(reals('added')).toHaveLength(2 * virtualServers);
    expect(reals('removed')).toHaveLength(0);
    expect(diff.ipvs.lines.filter((l) => l.change === 'removed')).toHaveLength(0);
    expect('error' in a.walk ? a.walk.error : a.walk.stages[0].dice!.rows.map((r) => r.kubeProxy)).toEqual(['0.2000000000', '0.2500000000', '0.3333333333', '0.5000000000', undefined]);
  });

  it('to 0: the nat chains go and a REJECT comes', () => {
    const e = lab();
    const a = ruleWalkCalls.ruleWalkScale({ engine: () => e }, { ...FIRST_WALK, mode: 'iptables', replicas: 0 });
    if ('error' in a.diff) throw new Error(a.diff.error);
    const diff = a.diff;
    expect(diff.iptables.lines.filter((l) => l.change === 'added').map((l) => l.text)).toEqual([expect.stringMatching(/^\[filter\] -A KUBE-SERVICES .*has no endpoints.* -j REJECT --reject-with icmp-port-unreachable$/), expect.stringMatching(/^\[filter\] -A KUBE-EXTERNAL-SERVICES .*has no endpoints/)]);
    expect(diff.iptables.lines.filter((l) => l.change === 'kept')).toHaveLength(0);
  });

  it('refuses a replica count it does not offer', () => {
    const e = lab();
    const a = ruleWalkCalls.ruleWalkScale({ engine: () => e }, { ...FIRST_WALK, mode: 'iptables', replicas: 7 });
    expect(a.diff).toEqual({ error: expect.stringMatching(/^Replicas: one of /) });
  });
});

describe('the scale view and the lessons’ figures', () => {
  it('counts both modes’ rules as the model writes them (no timings without a clock)', () => {
    const small = proxyScale({ services: 10, endpointsPerService: 3 });
    expect(small.iptables).toEqual({ rules: 108, chains: 48, bytes: expect.any(Number), comparedAverage: 5.5, comparedWorst: 10 });
    expect(small.ipvs).toMatchObject({ virtualServers: 10, realServers: 30, rules: 13, compared: 3 });
    expect(() => proxyScale({ services: 0, endpointsPerService: 3 })).toThrow(/^Services: a whole number from 1 to 20,000\.$/);
  });

  it('states what the model computes', () => {
    const big = proxyScale({ services: 10_000, endpointsPerService: 3 });
    const atScale = readFileSync('content/lessons/kube-proxy-at-scale.mdx', 'utf8');
    const fmt = (x: number) => x.toLocaleString('en-US');
    expect(atScale).toContain(`the model writes **${fmt(big.iptables.rules)}** rules and compares a new connection with **${fmt(big.iptables.comparedAverage)}** on average; ipvs mode writes **${big.ipvs.rules}** beside **${fmt(big.ipvs.virtualServers)}** virtual servers`);
    const services = readFileSync('content/lessons/services-kube-proxy.mdx', 'utf8');
    expect(services).toContain(`kube-proxy writes \`${probability(3)}\``);
    expect(services).toContain(`\`${printProbability(Math.round(0x80000000 * Number(probability(3))))}\``);
  });
});
