// What the rule walk shows: the first packet of a connection to a Service, followed through the datapath of the
// simulated cluster (network.ts) in a sandbox, and the kube-proxy rules it hit on the way, as plain data. Nothing
// here decides where a packet goes: the stages are the PathSteps the datapath recorded, the rules are its rule
// hits, the dice are the statistic draws it made. This module only looks up, beside each hit, what a reader needs
// to understand it: where the rule sits in its chain (how many rules the kernel compared first), the other rules
// of a KUBE-SVC-* chain with their probabilities as kube-proxy wrote them and as iptables prints them, and the
// IPVS virtual server a packet met in ipvs mode.
import type { Cluster } from '../cluster/cluster.ts';
import type { EndpointSlice } from '../controllers/endpointslice.ts';
import type { Deployment, Node, Pod, Service } from '../cluster/types.ts';
import { formatIpv4, type Ipv4 } from '../net/ipv4.ts';
import { type Endpoint, type Network, networkOf, type PathStep, type Transit } from '../net/network.ts';
import { printProbability, ruleSpec, type NetfilterRule, type Ruleset } from '../net/netfilter.ts';
import type { Packet } from '../net/packet.ts';
import { probability, servicePortName } from '../proxy/iptables-rules.ts';
import type { ProxyMode } from '../proxy/kube-proxy-config.ts';

export type WalkFrom = 'pod' | 'node' | 'outside';
export type WalkTo = 'cluster-ip' | 'node-port';

export interface WalkQuery {
  /** `namespace/name:port/PROTOCOL`, as serviceChoices lists them; the first choice when absent. */
  service?: string;
  from: WalkFrom;
  to: WalkTo;
  /** Which new connection from the client to follow (0: the first). Earlier ones run first, so each draws its own
   *  dice (iptables) or moves the scheduler on (IPVS rr). */
  connection?: number;
}

export interface ServiceChoice {
  /** `ns/name:port/TCP`. */
  key: string;
  clusterIp: string;
  nodePort?: number;
  /** Ready endpoints. */
  endpoints: number;
}

/** A rule the packet matched, with its place in its chain. */
export interface WalkRule {
  chain: string;
  /** `-A CHAIN …` as `iptables -S` prints it. */
  text: string;
  /** 1-based position in the chain, and the chain's length: the kernel compared the rules above it first. */
  index: number;
  of: number;
  /** The rule's target (`KUBE-SVC-…`, `DNAT`, `MARK`, `MASQUERADE`, `ACCEPT` …). */
  target: string;
}

/** One rule of a KUBE-SVC-* (or KUBE-SVL-*) chain: kube-proxy's dice. */
export interface DiceRow {
  /** The endpoint its KUBE-SEP-* chain DNATs to. */
  endpoint: string;
  sep: string;
  /** 1/(n−i) as kube-proxy's probability() writes it (`0.3333333333`); absent on the last rule, which has none. */
  kubeProxy?: string;
  /** The same probability as iptables stored and prints it (`0.33333333349`). */
  iptables?: string;
  /** `1/(n−i)` for rule i of n. */
  fraction?: string;
  /** The share of all new connections this endpoint gets, from the stored probabilities (1/n, up to rounding). */
  share: number;
  /** The kernel's draw for this packet, as a fraction of 2^31 (absent where the walk did not reach the rule). */
  draw?: number;
  outcome: 'taken' | 'passed' | 'not reached';
}

export interface DiceView {
  chain: string;
  rows: DiceRow[];
}

export interface IpvsView {
  virtualServer: string;
  scheduler: string;
  persistent?: number;
  reals: { address: string; chosen: boolean }[];
}

export interface WalkStage {
  /** `node ip-192-168-1-199` or `pod netshoot-pod-…`. */
  host: string;
  /** `nat PREROUTING`, `nat OUTPUT`, `nat POSTROUTING`, `IPVS`, `filter …`. */
  hook: string;
  /** The datapath's own words for the step. */
  what: string;
  /** Addresses before and after, when the stage translated them (`192.168.1.5:40000 → 10.100.3.7:80`). */
  before?: string;
  after?: string;
  rules: WalkRule[];
  /** kube-proxy chains the packet went through without a match (every rule compared, then back). */
  fellThrough: { chain: string; rules: number }[];
  dice?: DiceView;
  ipvs?: IpvsView;
}

export interface RuleWalkView {
  mode: ProxyMode;
  service: string;
  from: WalkFrom;
  to: WalkTo;
  connection: number;
  /** `netshoot-pod-… (192.168.1.5) → 10.100.3.7:80`. */
  title: string;
  /** The first packet as it left the client: `TCP SYN 192.168.1.5:40000 → 10.100.3.7:80`. */
  packet: string;
  /** The hosts the packet crossed, in order. */
  path: string[];
  stages: WalkStage[];
  /** What conntrack did for the reply and for the connection's next packet (no nat rules walked). */
  later: { host: string; what: string }[];
  outcome: string;
  /** Rules of kube-proxy's chains compared for the first packet, on every node it crossed, and rules matched. */
  compared: number;
  matched: number;
}

export type WalkResult = RuleWalkView | { error: string };

// ---- services -------------------------------------------------------------------------------------------------

const keyOf = (ns: string, name: string, port: number, protocol: string) => `${ns}/${name}:${port}/${protocol}`;

/** Every port of every Service with a ClusterIP, the lab's own first (default namespace), then the system's. */
export function serviceChoices(cluster: Cluster): ServiceChoice[] {
  const out: ServiceChoice[] = [];
  const services = [...cluster.store.list<Service>('Service')].sort((a, b) => {
    const sys = (s: Service) => (s.metadata.namespace === 'default' && s.metadata.name !== 'kubernetes' ? 0 : 1);
    return sys(a) - sys(b) || `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);
  });
  for (const svc of services) {
    for (const p of svc.spec.ports) {
      const key = keyOf(svc.metadata.namespace!, svc.metadata.name, p.port, p.protocol ?? 'TCP');
      out.push({
        key, clusterIp: formatIpv4(svc.spec.clusterIp), endpoints: readyEndpoints(cluster, svc, p.name ?? '', p.protocol ?? 'TCP'),
        ...(p.nodePort && svc.spec.type !== 'ClusterIP' ? { nodePort: p.nodePort } : {}),
      });
    }
  }
  return out;
}

function readyEndpoints(cluster: Cluster, svc: Service, portName: string, protocol: string): number {
  let n = 0;
  for (const s of cluster.store.list<EndpointSlice>('EndpointSlice', { namespace: svc.metadata.namespace })) {
    if (s.metadata.labels['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    if (!(s.body.ports ?? []).some((x) => (x.name ?? '') === portName && (x.protocol ?? 'TCP') === protocol)) continue;
    n += (s.body.endpoints ?? []).filter((e) => e.conditions.ready !== false).length;
  }
  return n;
}

interface Target {
  svc: Service;
  port: Service['spec']['ports'][number];
  spn: string;
  key: string;
}

function findService(cluster: Cluster, key: string | undefined): Target | { error: string } {
  const choices = serviceChoices(cluster);
  const chosen = key ?? choices[0]?.key;
  if (!chosen) return { error: 'The cluster has no Services yet.' };
  const m = /^([^/]+)\/([^:]+):(\d+)\/(TCP|UDP|SCTP)$/.exec(chosen);
  const svc = m && cluster.store.get<Service>('Service', m[1], m[2]);
  const port = svc?.spec.ports.find((p) => p.port === Number(m![3]) && (p.protocol ?? 'TCP') === m![4]);
  if (!m || !svc || !port) return { error: `No Service port ${chosen} in this cluster (it has ${choices.map((c) => c.key).join(', ') || 'none'}).` };
  return { svc, port, spn: servicePortName(m[1], m[2], port.name ?? ''), key: chosen };
}

// ---- the walk -------------------------------------------------------------------------------------------------

/** Pods a client can be: the lab's netshoot pods first, then any pod with a VPC address; never one of the
 *  Service's own endpoints (a pod reaching itself through its Service is a case of its own, the hairpin). */
function clientPod(cluster: Cluster, t: Target): Pod | undefined {
  const selector = t.svc.spec.selector ?? {};
  const isEndpoint = (p: Pod) => Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => p.labels[k] === v);
  const running = [...cluster.pods.values()].filter((p) => p.phase === 'Running' && !p.template.hostNetwork && p.ip !== undefined && p.veth && !isEndpoint(p));
  const byName = (a: Pod, b: Pod) => (a.name < b.name ? -1 : 1);
  return running.filter((p) => p.labels.app === 'netshoot-pod').sort(byName)[0] ?? running.sort(byName)[0];
}

const shortNode = (name: string) => name.split('.')[0];
const addr = (ip: Ipv4, port?: number) => (port === undefined ? formatIpv4(ip) : `${formatIpv4(ip)}:${port}`);
/** A fixed source port for the walk's connection: the sandbox's random stream would repeat the cluster's first. */
const CLIENT_PORT = 41000;

function placeLabel(s: PathStep): string {
  const p = s.place;
  if (p.kind === 'pod') return `pod ${p.name}`;
  if (p.kind === 'node') return `node ${shortNode(p.name)}`;
  if (p.kind === 'internet') return p.name;
  if (p.kind === 'nlb') return `NLB ${p.name} in ${p.az}`;
  if (p.kind === 'alb') return `ALB ${p.name} in ${p.az}`;
  return { vpc: 'the VPC', igw: 'internet gateway', natgw: 'NAT gateway', bastion: 'bastion', 'vpc-resolver': 'the VPC resolver' }[p.kind];
}

/** Follows the first packet of a connection to the Service in a sandbox (kube-proxy in `mode` on every node). */
export function ruleWalk(cluster: Cluster, q: WalkQuery, mode: ProxyMode): WalkResult {
  const t = findService(cluster, q.service);
  if ('error' in t) return t;
  const proto = (t.port.protocol ?? 'TCP').toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp') return { error: `The model sends TCP and UDP packets only; ${t.key} is ${t.port.protocol}.` };
  if (q.to === 'node-port' && (!t.port.nodePort || t.svc.spec.type === 'ClusterIP')) {
    return { error: `${t.key} is a ClusterIP Service: it has no NodePort. Pick a NodePort Service, or the ClusterIP.` };
  }
  const net = networkOf(cluster).sandbox({ proxyMode: mode });
  const pod = clientPod(cluster, t);
  const node = pod ? cluster.node(pod.nodeName ?? '') ?? cluster.nodes[0] : cluster.nodes[0];
  if (!node) return { error: 'The cluster has no nodes.' };
  let from: Endpoint;
  if (q.from === 'pod') {
    if (!pod) return { error: 'No pod is running to send from yet (kubectl apply -f netshoot-pod.yaml, then wait half a minute).' };
    from = { kind: 'pod', pod };
  } else if (q.from === 'node') from = { kind: 'node', node };
  else from = { kind: 'bastion' };
  const dst = q.to === 'cluster-ip' ? t.svc.spec.clusterIp : node.enis[0].primaryIp;
  const dport = q.to === 'cluster-ip' ? t.port.port : t.port.nodePort!;
  const src = net.sourceAddress(from, dst);
  const who = from.kind === 'pod' ? `pod ${from.pod.name}` : from.kind === 'node' ? `node ${shortNode(from.node.name)}` : 'the bastion (outside the cluster)';

  const packet = (s: Ipv4, sp: number, d: Ipv4, dp: number, flags: string): Packet => ({
    proto: proto as 'tcp' | 'udp', src: s, dst: d, srcPort: sp, dstPort: dp, ttl: 64, ipId: net.nextIpId(), length: 0,
    ...(proto === 'tcp' ? { tcp: { flags, seq: 1_000_000, ack: flags === 'S' ? 0 : 1, window: 62727, tsVal: 1, tsEcr: 0 } } : {}),
  });
  const connection = Math.max(0, Math.min(Math.floor(q.connection ?? 0), 99));
  for (let k = 0; k < connection; k++) net.send(from, packet(src, CLIENT_PORT + k, dst, dport, 'S'), cluster.now);
  const sport = CLIENT_PORT + connection;
  const there = net.send(from, packet(src, sport, dst, dport, 'S'), cluster.now);
  const stages = stagesOf(net, there);
  const view: RuleWalkView = {
    mode, service: t.key, from: q.from, to: q.to, connection,
    title: `${who} → ${addr(dst, dport)} (${t.spn}${q.to === 'node-port' ? `, NodePort on node ${shortNode(node.name)}` : ''})`,
    packet: `${proto.toUpperCase()}${proto === 'tcp' ? ' SYN' : ''} ${addr(src, sport)} → ${addr(dst, dport)}`,
    path: [...new Set(there.steps.map(placeLabel))],
    stages, later: [], outcome: '', compared: stages.reduce((n, s) => n + comparedRules(s), 0),
    matched: stages.reduce((n, s) => n + s.rules.filter((r) => r.chain.startsWith('KUBE-')).length, 0),
  };
  if (!there.received || !there.receiver) {
    view.outcome = `The packet does not arrive: ${there.dropped ?? 'it is lost'}.`;
    return view;
  }
  const got = there.received;
  const server = there.receiver.kind === 'pod' ? `pod ${there.receiver.pod.name}` : there.receiver.kind === 'node' ? `node ${shortNode(there.receiver.node.name)}` : there.receiver.kind;
  view.outcome = `${server} receives it as ${addr(got.src, got.srcPort)} → ${addr(got.dst, got.dstPort)}: ${
    got.src === src ? 'it sees the client’s own address.' : `the client’s address ${formatIpv4(src)} is gone: it sees ${formatIpv4(got.src)}, so its reply must come back through the node that masqueraded it.`}`;
  // The reply, then the client's next packet: conntrack translates both without walking the nat table.
  const reply = net.send(there.receiver, packet(got.dst, got.dstPort!, got.src, got.srcPort!, 'S.'), there.at);
  const next = net.send(from, packet(src, sport, dst, dport, '.'), reply.at);
  for (const s of [...reply.steps, ...next.steps]) {
    if (s.what.startsWith('conntrack')) view.later.push({ host: placeLabel(s), what: s.what });
  }
  return view;
}

/** Rules compared in kube-proxy's chains at one stage: in each chain down to the last rule that matched there,
 *  and every rule of a chain the packet went through without a match. */
function comparedRules(s: WalkStage): number {
  const deepest = new Map<string, number>();
  for (const r of s.rules) if (r.chain.startsWith('KUBE-')) deepest.set(r.chain, Math.max(deepest.get(r.chain) ?? 0, r.index));
  for (const f of s.fellThrough) deepest.set(f.chain, f.rules);
  return [...deepest.values()].reduce((a, b) => a + b, 0);
}

/** A chain's rules, by table and name, in the node's order. */
function chainRules(rs: Ruleset, table: string, chain: string): NetfilterRule[] {
  return rs.rules.filter((r) => r.table === table && r.chain === chain);
}

function stagesOf(net: Network, t: Transit): WalkStage[] {
  const out: WalkStage[] = [];
  for (const s of t.steps) {
    const node = s.place.kind === 'node' ? net.cluster.node(s.place.name) : undefined;
    const ipvsStep = s.what.startsWith('IPVS');
    const kube = (s.rules ?? []).some((r) => r.chain.startsWith('KUBE-') || r.text.includes(' -j KUBE-'));
    if (!ipvsStep && !kube && !(s.before && s.what.includes('MASQUERADE'))) continue;
    const stage: WalkStage = { host: placeLabel(s), hook: ipvsStep ? 'IPVS' : hookOf(s.what), what: s.what, rules: [], fellThrough: [] };
    if (s.before) {
      stage.before = `${addr(s.before.src, s.before.srcPort)} → ${addr(s.before.dst, s.before.dstPort)}`;
      stage.after = `${addr(s.packet.src, s.packet.srcPort)} → ${addr(s.packet.dst, s.packet.dstPort)}`;
    }
    if (node) {
      const rs = net.ruleset(node);
      for (const r of s.rules ?? []) {
        const rules = chainRules(rs, r.table, r.chain);
        const index = rules.findIndex((x) => `-A ${x.chain} ${ruleSpec(x)}` === r.text) + 1;
        stage.rules.push({ chain: r.chain, text: r.text, index, of: rules.length, target: /-j (\S+)/.exec(r.text)?.[1] ?? '' });
      }
      // A jump into a kube-proxy chain whose next hit is elsewhere: the chain ran to its end without a match.
      stage.rules.forEach((r, i) => {
        const next = stage.rules[i + 1];
        if (r.target.startsWith('KUBE-') && next?.chain !== r.target && !stage.fellThrough.some((f) => f.chain === r.target)) {
          stage.fellThrough.push({ chain: r.target, rules: chainRules(rs, s.rules![i].table, r.target).length });
        }
      });
      const svc = stage.rules.find((r) => /^KUBE-SV[CL]-/.test(r.chain));
      if (svc) stage.dice = diceOf(rs, svc.chain, s);
      if (ipvsStep && s.before) stage.ipvs = ipvsOf(net, node, s);
    }
    out.push(stage);
  }
  return out;
}


function hookOf(what: string): string {
  const m = /netfilter (nat|filter|mangle) (PREROUTING|OUTPUT|POSTROUTING|INPUT|FORWARD)/.exec(what);
  if (m) return `${m[1]} ${m[2]}`;
  if (what.startsWith('netfilter POSTROUTING')) return 'nat POSTROUTING';
  if (what.startsWith('MASQUERADE') || what.startsWith('SNAT')) return 'nat POSTROUTING';
  return 'netfilter';
}

function diceOf(rs: Ruleset, chain: string, s: PathStep): DiceView {
  const rules = chainRules(rs, 'nat', chain).filter((r) => r.target.kind === 'jump' && r.target.chain.startsWith('KUBE-SEP-'));
  // ClientIP affinity puts a `recent --rcheck` rule per endpoint before the dice; the dice are the last n rules.
  const dice = rules.filter((r) => !r.match.exts?.some((e) => e.m === 'recent'));
  const n = dice.length;
  const taken = new Set((s.rules ?? []).filter((r) => r.chain === chain).map((r) => r.text));
  let left = 1;
  let reached = true;
  const rows: DiceRow[] = dice.map((r, i) => {
    const sep = r.target.kind === 'jump' ? r.target.chain : '';
    const dnat = chainRules(rs, 'nat', sep).find((x) => x.target.kind === 'DNAT');
    const st = r.match.exts?.find((e) => e.m === 'statistic');
    const p = st?.m === 'statistic' ? st.probability / 0x80000000 : 1;
    const text = ruleSpec(r);
    const draw = s.draws?.find((d) => d.chain === chain && d.text === text);
    const row: DiceRow = {
      endpoint: dnat?.target.kind === 'DNAT' ? dnat.target.to : sep, sep, share: round(left * p),
      outcome: taken.has(`-A ${chain} ${text}`) ? 'taken' : reached ? 'passed' : 'not reached',
      ...(st?.m === 'statistic' ? { kubeProxy: probability(n - i), iptables: printProbability(st.probability), fraction: `1/${n - i}` } : {}),
      ...(draw ? { draw: round(draw.draw / 0x80000000) } : {}),
    };
    if (row.outcome === 'taken') reached = false;
    if (row.outcome === 'passed' && !draw && st) row.outcome = 'not reached';
    left *= 1 - p;
    return row;
  });
  return { chain, rows };
}

/** Six decimals: more than the widget prints, and the page carries the walk as JSON. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function ipvsOf(net: Network, node: Node, s: PathStep): IpvsView | undefined {
  const b = s.before!;
  const vs = net.ipvs(node)?.virtualServer(b.proto, b.dst, b.dstPort);
  if (!vs) return undefined;
  const chosen = addr(s.packet.dst, s.packet.dstPort);
  return {
    virtualServer: `${vs.protocol} ${vs.address}:${vs.port}`, scheduler: vs.scheduler, ...(vs.persistent !== undefined ? { persistent: vs.persistent } : {}),
    reals: vs.reals.map((r) => ({ address: `${r.address}:${r.port}`, chosen: `${r.address}:${r.port}` === chosen })),
  };
}

// ---- what a change of endpoints rewrites ------------------------------------------------------------------------

/** The lines a node holds for one Service port: its iptables rules (`-A …`) in iptables mode; in ipvs mode its
 *  virtual servers and real servers as `ipvsadm -S` saves them, and its ipset entries as `ipset save` does. */
export function serviceState(cluster: Cluster, key: string, mode: ProxyMode): string[] | { error: string } {
  const t = findService(cluster, key);
  if ('error' in t) return t;
  const net = networkOf(cluster).sandbox({ proxyMode: mode });
  const node = cluster.nodes[0];
  if (!node) return { error: 'The cluster has no nodes.' };
  const proto = (t.port.protocol ?? 'TCP').toLowerCase();
  const clusterIp = formatIpv4(t.svc.spec.clusterIp);
  if (mode === 'ipvs') {
    const ipvs = net.ipvs(node)!;
    const flag = proto === 'udp' ? '-u' : '-t';
    const lines: string[] = [];
    for (const vs of ipvs.proxy.virtualServers) {
      if (vs.service !== t.spn || vs.protocol !== t.port.protocol) continue;
      lines.push(`-A ${flag} ${vs.address}:${vs.port} -s ${vs.scheduler}${vs.persistent !== undefined ? ` -p ${vs.persistent}` : ''}`);
      for (const r of vs.reals) lines.push(`-a ${flag} ${vs.address}:${vs.port} -r ${r.address}:${r.port} -m -w ${r.weight}`);
    }
    const ports = new Set([`${proto}:${t.port.port}`]);
    for (const s of ipvs.proxy.ipsets) {
      for (const e of s.entries) {
        const [ip, port] = e.split(',');
        const own = (ip === clusterIp && ports.has(port)) || (s.def.name === 'KUBE-LOOP-BACK' && lines.some((l) => l.includes(` -r ${ip}:${port?.split(':')[1]} `)));
        if (own) lines.push(`add ${s.def.name} ${e}`);
      }
    }
    return lines;
  }
  const rs = net.ruleset(node);
  const chains = new Set<string>();
  const own = (r: NetfilterRule) => r.match.exts?.some((e) => e.m === 'comment' && (e.comment === t.spn || e.comment.startsWith(`${t.spn} `) || e.comment.includes(` ${t.spn} `)));
  // The Service's entry rules name it in their comments; its chains are the ones they jump to, and theirs.
  const perService = /^KUBE-(SVC|SVL|EXT|SEP|FW)-/;
  for (const r of rs.rules) if (own(r) && r.target.kind === 'jump' && perService.test(r.target.chain)) chains.add(r.target.chain);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rs.rules) {
      if (chains.has(r.chain) && r.target.kind === 'jump' && perService.test(r.target.chain) && !chains.has(r.target.chain)) {
        chains.add(r.target.chain);
        grew = true;
      }
    }
  }
  const lines: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    for (const r of rs.rules) if (r.table === table && (chains.has(r.chain) || ((r.chain === 'KUBE-SERVICES' || r.chain === 'KUBE-NODEPORTS' || r.chain === 'KUBE-EXTERNAL-SERVICES') && own(r)))) lines.push(`${table === 'filter' ? '[filter] ' : ''}-A ${r.chain} ${ruleSpec(r)}`);
  }
  return lines;
}

export interface StateDiff {
  /** Lines in the new state's order, each marked added or kept; then the removed ones. */
  lines: { text: string; change: 'added' | 'kept' | 'removed' }[];
  added: number;
  removed: number;
  kept: number;
}

export function diffState(before: readonly string[], after: readonly string[]): StateDiff {
  const was = new Set(before);
  const now = new Set(after);
  const lines: StateDiff['lines'] = [
    ...after.map((text) => ({ text, change: was.has(text) ? ('kept' as const) : ('added' as const) })),
    ...before.filter((text) => !now.has(text)).map((text) => ({ text, change: 'removed' as const })),
  ];
  const count = (c: string) => lines.filter((l) => l.change === c).length;
  return { lines, added: count('added'), removed: count('removed'), kept: count('kept') };
}

/** The Deployment whose pods a Service selects (what a learner would scale to change its endpoints). */
export function deploymentBehind(cluster: Cluster, key: string): Deployment | undefined {
  const t = findService(cluster, key);
  if ('error' in t) return undefined;
  const sel = t.svc.spec.selector;
  if (!sel || Object.keys(sel).length === 0) return undefined;
  return cluster.store.list<Deployment>('Deployment').find((d) => d.metadata.namespace === t.svc.metadata.namespace
    && Object.entries(sel).every(([k, v]) => d.spec.template.labels[k] === v));
}
