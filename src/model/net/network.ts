// The packet path through the simulated cluster. A packet leaves a pod through its eth0, enters the node on the
// pod's host veth, is routed by the node's policy rules and route tables (host-network.ts), passes the CNI's
// netfilter rules (netfilter.ts) with connection tracking (conntrack.ts), leaves on an ENI into the VPC (no
// encapsulation: the VPC delivers to whichever ENI owns the destination address) or to the internet through the
// internet gateway, and enters the destination the same way in reverse. TTL drops by one at every host that
// forwards. Every place where tcpdump could see the packet is recorded as a Capture, and every decision as a
// PathStep for the packet stepper.
import { bastionAddress, type Cluster } from '../cluster/cluster.ts';
import type { Eni, Node, Pod, Service, Subnet, DaemonSet } from '../cluster/types.ts';
import { eniMac } from '../ids.ts';
import { createRng, type Rng } from '../rng.ts';
import { ConntrackTable, type Connection } from './conntrack.ts';
import { nodeRoutes, nodeRules, podEth0Mac, type Route, routeText, type Rule, ruleText } from './host-network.ts';
import { calicoSetHas, felixFilterRuleset, felixNatRuleset } from '../calico/felix-rules.ts';
import { workloadPods } from '../calico/felix-filter.ts';
import { tunnelSourceFor } from '../calico/overlay.ts';
import { tunnelIn, tunnelOut } from '../calico/overlay-path.ts';
import { type InternetHost, internetHostByIp, internetHostByName } from './internet.ts';
import { cidrContains, formatIpv4, type Ipv4, parseIpv4 } from './ipv4.ts';
import { cniRuleset, type DatapathSettings, type MatchContext, readDatapathSettings, type RuleHit, type Ruleset, ruleSpec, type StatisticDraw, type TableName, traverse, type NetfilterRule } from './netfilter.ts';
import { ipTotalLength, type Packet, withFields } from './packet.ts';
import { kubeRuleset, servicePorts } from '../proxy/node-rules.ts';
import { vpcResolverAddress } from '../dns/vpc-resolver.ts';
import { ipvsProxy } from '../proxy/ipvs-rules.ts';
import { IpvsKernel, IpvsNode, knownScheduler, rsKey, vsKey } from './ipvs-datapath.ts';
import { RecentLists } from './xt-recent.ts';
import type { VirtualServer } from '../proxy/ipvs-rules.ts';
import type { ProxyMode } from '../proxy/kube-proxy-config.ts';
import { albListens } from '../aws/alb-dataplane.ts';
import type { LbSubnet, LoadBalancer } from '../aws/elbv2.ts';
import { chooseTarget, crossZoneEnabled, nlbDnsAnswer, nlbNodeAt, type NlbNode, preservesClientIp } from '../aws/nlb-dataplane.ts';
import { type NlbFlow, NlbFlows } from './nlb-flows.ts';

export type Endpoint =
  | { kind: 'pod'; pod: Pod }
  | { kind: 'node'; node: Node }
  | { kind: 'bastion' }
  | { kind: 'internet'; host: InternetHost }
  /** The Amazon-provided DNS server at the VPC's base address + 2 (no ENI of the account's owns it). */
  | { kind: 'vpc-resolver' }
  /** An Application Load Balancer's node in one AZ: a proxy that ends the client's connection and opens its own to
   *  the target, from its private address (aws/alb-dataplane.ts answers for it). */
  | { kind: 'lb'; lb: LoadBalancer; subnet: LbSubnet };

/** A packet as tcpdump on `host` sees it on `iface`. */
export interface Capture {
  /** Epoch milliseconds, with microseconds in the fraction. */
  at: number;
  /** Node name, `namespace/pod`, or `bastion`. */
  host: string;
  iface: string;
  direction: 'In' | 'Out';
  packet: Packet;
  srcMac: string;
  dstMac: string;
}

export type Place =
  | { kind: 'pod'; name: string; node: string }
  | { kind: 'node'; name: string }
  | { kind: 'vpc' }
  | { kind: 'igw' }
  | { kind: 'natgw' }
  | { kind: 'bastion' }
  | { kind: 'internet'; name: string }
  | { kind: 'vpc-resolver' }
  /** A Network Load Balancer's node in one AZ (its name, the AZ). */
  | { kind: 'nlb'; name: string; az: string }
  /** An Application Load Balancer's node in one AZ. */
  | { kind: 'alb'; name: string; az: string };

/** One thing that happened to the packet, for the stepper. */
export interface PathStep {
  at: number;
  place: Place;
  iface?: string;
  direction?: 'in' | 'out';
  /** What happened, in a few words computed from the model. */
  what: string;
  packet: Packet;
  /** The packet before this step changed it (NAT). */
  before?: Packet;
  route?: { rule: string; table: string; route: string };
  rules?: { table: string; chain: string; text: string }[];
  /** The statistic matches kube-proxy's KUBE-SVC-* rules drew on the way, taken or not. */
  draws?: StatisticDraw[];
  /** A host routed the packet on here, taking one off its TTL. */
  forwarded?: true;
  /** Captures made at this step. */
  captures: Capture[];
}

export interface Transit {
  steps: PathStep[];
  captures: Capture[];
  /** Who received it (undefined when it was dropped). */
  receiver?: Endpoint;
  /** The packet as the receiver got it. */
  received?: Packet;
  /** When it arrived (or was dropped). */
  at: number;
  dropped?: string;
  /** A filter rule REJECTed it (icmp-port-unreachable): the sender's connect() fails with ECONNREFUSED. */
  rejected?: true;
  /** ICMP errors generated on the way (time exceeded, port unreachable), already delivered back towards the sender. */
  errors: Transit[];
}

const VETH_DELAY = 0.004;
const FORWARD_DELAY = 0.018;
const STACK_DELAY = 0.03;
const SAME_AZ_ONE_WAY = 0.12;
const CROSS_AZ_ONE_WAY = 0.56;
/** A first packet to a neighbour waits for ARP. */
const ARP_DELAY = 0.45;
const LOG_LIMIT = 20_000;

interface Counter {
  pkts: number;
  bytes: number;
}

interface Neighbor {
  ip: Ipv4;
  dev: string;
  mac: string;
  at: number;
}

/** Linux's TCP_TIMEWAIT_LEN: how long a closed connection's 4-tuple stays taken. */
const TIME_WAIT_MS = 60_000;

const networks = new WeakMap<Cluster, Network>();

/** The cluster's network (created on first use; it lives as long as the cluster). */
export function networkOf(cluster: Cluster): Network {
  let n = networks.get(cluster);
  if (!n) networks.set(cluster, (n = new Network(cluster)));
  return n;
}

export class Network {
  readonly cluster: Cluster;
  /** Every capture, oldest first (bounded). tcpdump reads from here. */
  readonly log: Capture[] = [];
  readonly bastion: { ip: Ipv4; publicIp: Ipv4; mac: string; subnet: Subnet };
  private readonly rng: Rng;
  /** xt_statistic's draws (prandom_u32), a stream of their own so that Service load balancing replays exactly. */
  private readonly statisticRng: Rng;
  private readonly conntracks = new Map<string, ConntrackTable>();
  private readonly recents = new Map<string, RecentLists>();
  private readonly counters = new Map<string, Counter>();
  private readonly neighbors = new Map<string, Map<Ipv4, Neighbor>>();
  private readonly listeners = new Set<(c: Capture) => void>();
  private readonly gatewayMacs = new Map<string, string>();
  private readonly rulesets = new Map<string, { env: unknown; services: number; proxy: number; endpoints: string; ruleset: Ruleset; ipvs?: IpvsNode }>();
  /** IPVS's counters, rr pointers and persistence templates on every node in ipvs mode. */
  readonly ipvsKernel: IpvsKernel;
  /** Counts writes to Services and EndpointSlices: kube-proxy's rules change with them. */
  private servicesVersion = 0;
  private ipId = 0;
  /** The NLBs' flows (target chosen, translation made), as AWS keeps them. */
  readonly nlbFlows: NlbFlows;
  /** Draws of the NLB data plane (its own source ports, the order of its DNS answers to packetless lookups), a
   *  stream of their own so that nothing else moves when a load balancer is used. */
  private readonly nlbRng: Rng;
  /** The last ping sent on this cluster (its first echo), for the packet stepper to show. */
  lastPing?: { command: string; there: Transit; back?: Transit };

  /** A sandbox reads its parent's state on first use and changes only its own copy. */
  private readonly parent?: Network;
  /** A sandbox's what-if: every node's kube-proxy as if it had started in this mode (same Services, same config
   *  otherwise), for the rule walk's comparison of the two modes. */
  private readonly proxyMode?: ProxyMode;

  constructor(cluster: Cluster, parent?: Network, proxyMode?: ProxyMode) {
    this.cluster = cluster;
    this.parent = parent;
    this.proxyMode = proxyMode;
    this.rng = createRng(`network:${cluster.vpc.id}`);
    this.statisticRng = createRng(`statistic:${cluster.vpc.id}`);
    this.ipvsKernel = new IpvsKernel(parent?.ipvsKernel);
    this.nlbFlows = new NlbFlows(parent?.nlbFlows);
    this.nlbRng = createRng(`nlb:${cluster.vpc.id}`);
    const subnet = cluster.vpc.subnets[0];
    const ip = bastionAddress(cluster.vpc);
    const pub = parseIpv4(`43.201.${this.rng.int(256)}.${1 + this.rng.int(254)}`)!;
    this.bastion = { ip, publicIp: pub, mac: eniMac(this.rng), subnet };
    const bump = () => {
      this.servicesVersion++;
    };
    if (!parent) {
      cluster.store.watch('Service', bump);
      cluster.store.watch('EndpointSlice', bump);
    }
  }

  // ---- observing ------------------------------------------------------------------------------------------

  onCapture(listener: (c: Capture) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The host's xt_recent lists (kube-proxy's ClientIP affinity), kept per node like its conntrack table. */
  recentLists(host: string): RecentLists {
    let t = this.recents.get(host);
    if (!t) this.recents.set(host, (t = this.parent?.recentLists(host).clone() ?? new RecentLists()));
    return t;
  }

  conntrack(host: string): ConntrackTable {
    let t = this.conntracks.get(host);
    if (!t) this.conntracks.set(host, (t = this.parent?.conntrack(host).clone() ?? new ConntrackTable()));
    return t;
  }

  /**
   * A copy to follow packets in without leaving a trace: conntrack, neighbours and counters change only in the
   * copy, and nothing is captured for tcpdump. The packet stepper uses one per flow. With `proxyMode`, every
   * node's kube-proxy runs in that mode in the copy, as it would after a restart with that mode in its config.
   */
  sandbox(o: { proxyMode?: ProxyMode } = {}): Network {
    return new Network(this.cluster, this, o.proxyMode ?? this.proxyMode);
  }

  settings(): DatapathSettings {
    return readDatapathSettings(this.cluster.awsNodeEnv());
  }

  ruleset(node: Node): Ruleset {
    return this.kubeProxyState(node).ruleset;
  }

  /** The node's ipvs proxier as the packet path uses it; undefined while its kube-proxy runs in iptables mode. */
  ipvs(node: Node): IpvsNode | undefined {
    return this.kubeProxyState(node).ipvs;
  }

  private kubeProxyState(node: Node): { ruleset: Ruleset; ipvs?: IpvsNode } {
    // Rebuilt only when aws-node's settings, the Services or the node's kube-proxy change (the rules depend on
    // nothing else but the node's addresses). `kubectl set env` gives the container a new env list, so its
    // identity tells whether anything changed.
    const env = this.cluster.store.get<DaemonSet>('DaemonSet', 'kube-system', 'aws-node')?.spec.template.containers[0].env;
    const cached = this.rulesets.get(node.name);
    const services = this.parent ? this.parent.servicesVersion : this.servicesVersion;
    const run = this.cluster.kubeProxies.on(node.name);
    // Under Calico, felix's chains take the place of aws-node's; its filter chains follow the node's pods.
    const calico = this.cluster.calico;
    const endpoints = calico ? workloadPods(this.cluster, node).map((p) => `${p.veth!.name}/${p.template.serviceAccountName ?? ''}`).sort().join(' ') : '';
    if (cached && cached.env === env && cached.services === services && cached.proxy === run.generation && cached.endpoints === endpoints) return cached;
    const felixFilter = calico ? felixFilterRuleset(this.cluster, calico, node) : undefined;
    const nat = calico ? felixNatRuleset(calico) : undefined;
    const cni: Ruleset = nat && felixFilter
      ? { chains: { ...nat.chains, filter: felixFilter.chains }, rules: [...nat.rules, ...felixFilter.rules] }
      : cniRuleset([this.cluster.vpc.cidr], node.enis[0].primaryIp, readDatapathSettings(this.cluster.awsNodeEnv()));
    const c = this.proxyMode ? { ...run.config, mode: this.proxyMode } : run.config;
    const ipvs = c.mode === 'ipvs'
      ? new IpvsNode(ipvsProxy(servicePorts(this.cluster.store), {
        nodeName: node.name, nodeIps: node.enis.filter((e) => e.ifindex !== undefined).map((e) => formatIpv4(e.primaryIp)),
        scheduler: c.scheduler, knownScheduler: knownScheduler(c.scheduler), masqueradeAll: c.masqueradeAll, clusterCidr: c.clusterCidr || undefined,
        masqueradeBit: c.masqueradeBit, randomFully: true,
      }))
      : undefined;
    // kube-proxy's rules and kubelet's come first in the built-in chains (see proxy/node-rules.ts).
    const kube = kubeRuleset(this.cluster.store, node.name, c, ipvs?.proxy);
    const ruleset: Ruleset = {
      chains: { nat: [...kube.chains.nat, ...cni.chains.nat], mangle: [...kube.chains.mangle, ...cni.chains.mangle], filter: [...kube.chains.filter, ...cni.chains.filter] },
      // felix inserts its hooks at the top of the kernel chains (ChainInsertMode "insert") and keeps its two
      // appended FORWARD rules last; aws-node appends.
      rules: felixFilter ? [...cni.rules, ...kube.rules, ...felixFilter.appended] : [...kube.rules, ...cni.rules],
    };
    const state = { env, services, proxy: run.generation, endpoints, ruleset, ...(ipvs ? { ipvs } : {}) };
    this.rulesets.set(node.name, state);
    return state;
  }

  /** Packets and bytes a rule (or a built-in chain's policy, with rule undefined) has counted on a node. */
  counter(node: Node, table: string, chain: string, rule?: NetfilterRule): Counter {
    return this.counters.get(counterKey(node.name, table, chain, rule)) ?? { pkts: 0, bytes: 0 };
  }

  /** `ip rule` as the datapath uses it: the 1024 fwmark rule only when NodePort support or SNAT needs it. */
  rules(node: Node): Rule[] {
    const s = this.settings();
    return nodeRules(this.cluster, node).filter((r) => r.priority !== 1024 || s.nodePortSupport || !s.externalSnat);
  }

  neighborsOf(host: string): Neighbor[] {
    return [...(this.neighbors.get(host)?.values() ?? [])];
  }

  // ---- addresses --------------------------------------------------------------------------------------------

  /** A name as the pods' and nodes' resolvers answer it: internet hosts, the bastion, nodes' DNS names, and from a
   *  pod (CoreDNS, without packets) Services by their cluster.local names through the pod's search list. */
  resolve(name: string, from?: Endpoint): Ipv4 | undefined {
    const ip = parseIpv4(name);
    if (ip !== undefined) return ip;
    if (from?.kind === 'pod' && !from.pod.template.hostNetwork) {
      const svc = this.serviceByName(name.replace(/\.$/, ''), from.pod.namespace, name.endsWith('.'));
      if (svc !== undefined) return svc;
    }
    // /etc/hosts.
    if (name === 'localhost' || name === 'localhost.localdomain') return parseIpv4('127.0.0.1');
    const host = internetHostByName(name);
    if (host) return host.ip;
    // A load balancer's name (Route 53 through the VPC resolver, or CoreDNS's forward): clients take the first
    // address of an answer whose order changes from query to query.
    const nlb = nlbDnsAnswer(this.cluster, name, this.nlbRng.bits32());
    if (nlb) return nlb[0];
    const node = this.cluster.nodes.find((n) => n.name === name || n.name.split('.')[0] === name);
    return node?.enis[0].primaryIp;
  }

  /** A Service's ClusterIP by name: the pod's resolv.conf searches `<ns>.svc.cluster.local svc.cluster.local
   *  cluster.local` first when the name has fewer than five dots (ndots:5), and tries it as given otherwise. */
  private serviceByName(name: string, namespace: string, absolute: boolean): Ipv4 | undefined {
    const search = [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
    const dots = name.split('.').length - 1;
    const candidates = absolute ? [name] : dots >= 5 ? [name, ...search.map((d) => `${name}.${d}`)] : [...search.map((d) => `${name}.${d}`), name];
    for (const fqdn of candidates) {
      const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(fqdn.toLowerCase());
      if (!m) continue;
      const svc = this.cluster.store.get<Service>('Service', m[3], m[1]);
      if (svc) return svc.spec.clusterIp;
    }
    return undefined;
  }

  /** Who answers for an address, as seen from inside the VPC. */
  endpointAt(ip: Ipv4): Endpoint | undefined {
    if (ip === this.bastion.ip) return { kind: 'bastion' };
    for (const node of this.cluster.nodes) {
      if (node.enis.some((e) => e.primaryIp === ip && e.attachedAt <= this.cluster.now)) return { kind: 'node', node };
    }
    const pod = this.podWithIp(ip);
    if (pod) return { kind: 'pod', pod };
    const host = internetHostByIp(ip);
    return host ? { kind: 'internet', host } : undefined;
  }

  private podWithIp(ip: Ipv4): Pod | undefined {
    for (const p of this.cluster.pods.values()) {
      if (p.ip === ip && p.veth && !p.template.hostNetwork && p.phase !== 'Terminating') return p;
    }
    return undefined;
  }

  /** The address a host sends from when nothing else decides it. */
  sourceAddress(from: Endpoint, dst?: Ipv4): Ipv4 {
    // To 127.0.0.0/8 the route is lo's, and so is the source.
    if (dst !== undefined && dst >>> 24 === 127) return parseIpv4('127.0.0.1')!;
    if (from.kind === 'pod') return from.pod.ip!;
    // A ClusterIP on kube-ipvs0 is a local address: the local table's route to it has it as its own source.
    if (from.kind === 'node') {
      if (dst !== undefined && this.ipvs(from.node)?.isVip(dst)) return dst;
      // A route through Calico's tunnel device takes the tunnel's address as its source.
      return (dst !== undefined ? tunnelSourceFor(this.cluster, from.node, dst) : undefined) ?? from.node.enis[0].primaryIp;
    }
    if (from.kind === 'bastion') return this.bastion.ip;
    if (from.kind === 'vpc-resolver') return vpcResolverAddress(this.cluster);
    if (from.kind === 'lb') return from.subnet.privateIp;
    return from.host.ip;
  }

  hostKey(e: Endpoint): string {
    if (e.kind === 'pod') return `${e.pod.namespace}/${e.pod.name}`;
    if (e.kind === 'node') return e.node.name;
    if (e.kind === 'bastion') return 'bastion';
    if (e.kind === 'vpc-resolver') return 'vpc-resolver';
    if (e.kind === 'lb') return `${e.lb.name}/${e.subnet.az}`;
    return e.host.name;
  }

  nextIpId(): number {
    this.ipId = (this.ipId + 1 + this.rng.int(7)) & 0xffff;
    return this.ipId;
  }

  /** The statistic match's draw: prandom_u32() & 0x7FFFFFFF, compared with the rule's probability in 2^-31 units. */
  statisticDraw(): number {
    return this.statisticRng.bits32() & 0x7fffffff;
  }

  /** A number in [lo, hi] from the NLB data plane's stream (the load balancer's own source ports). */
  nlbRandomInt(lo: number, hi: number): number {
    return lo + this.nlbRng.int(hi - lo + 1);
  }

  /** A number in [lo, hi] from the network's own random stream (ping ids, ephemeral ports). */
  randomInt(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }

  /** When each TCP 4-tuple was last connected (connectPort), for as long as TIME_WAIT keeps it. */
  private readonly recentTuples = new Map<string, number>();

  /**
   * A TCP client's ephemeral port (Linux's 32768–60999) for a connection to dst:dport at `at`: the kernel's
   * connect() never picks a port whose 4-tuple is still in use or in TIME_WAIT (60 s), so a redraw where it would.
   */
  connectPort(src: Ipv4, dst: Ipv4, dport: number, at: number): number {
    if (this.recentTuples.size > 50_000) {
      for (const [k, t] of this.recentTuples) if (at - t > TIME_WAIT_MS) this.recentTuples.delete(k);
    }
    for (;;) {
      const sport = this.randomInt(32768, 60999);
      const key = `${src}:${sport}>${dst}:${dport}`;
      const last = this.recentTuples.get(key);
      if (last !== undefined && at - last <= TIME_WAIT_MS) continue;
      this.recentTuples.set(key, at);
      return sport;
    }
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  /** Sends a packet from a host's own stack at time `at` and follows it until it is received or dropped. */
  send(from: Endpoint, packet: Packet, at: number): Transit {
    const run = new PathRun(this, at);
    run.start(from, packet);
    const transit = run.finish();
    for (const c of transit.captures) this.record(c);
    for (const e of transit.errors) for (const c of e.captures) this.record(c);
    return transit;
  }

  private record(c: Capture): void {
    this.log.push(c);
    // Trimmed in batches: dropping one entry per packet would copy the whole log each time.
    if (this.log.length > LOG_LIMIT * 1.25) this.log.splice(0, this.log.length - LOG_LIMIT);
    for (const l of this.listeners) l(c);
  }

  // ---- used by PathRun ----------------------------------------------------------------------------------------

  count(node: Node, table: string, chain: string, rule: NetfilterRule | undefined, bytes: number): void {
    const key = counterKey(node.name, table, chain, rule);
    const c = this.counters.get(key) ?? { pkts: 0, bytes: 0 };
    c.pkts++;
    c.bytes += bytes;
    this.counters.set(key, c);
  }

  /** Looks up (and learns) a neighbour; returns the extra delay of resolving it. */
  neighbor(host: string, ip: Ipv4, dev: string, mac: string, at: number): number {
    let table = this.neighbors.get(host);
    if (!table) this.neighbors.set(host, (table = new Map(this.parent?.neighbors.get(host))));
    const known = table.get(ip);
    table.set(ip, { ip, dev, mac, at });
    // Entries go stale after 30 s and are confirmed again without a full ARP round trip.
    return known ? 0 : ARP_DELAY;
  }

  gatewayMac(subnet: Subnet): string {
    let mac = this.gatewayMacs.get(subnet.id);
    if (!mac) this.gatewayMacs.set(subnet.id, (mac = eniMac(createRng(`gw:${subnet.id}`))));
    return mac;
  }
}

/**
 * One ping: the echo request from `from`, and the receiver's echo reply if it got there. Linux answers with TTL
 * 64; an internet host's reply starts from its own (128) and loses what the routers on the way take.
 */
export function pingExchange(net: Network, from: Endpoint, dst: Ipv4, at: number, o: { id: number; seq: number; size: number }): { there: Transit; back?: Transit } {
  const request: Packet = {
    proto: 'icmp', src: net.sourceAddress(from, dst), dst, ttl: 64, ipId: net.nextIpId(), length: o.size + 8, icmp: { type: 'echo-request', id: o.id, seq: o.seq },
  };
  const there = net.send(from, request, at);
  if (!there.receiver || !there.received) return { there };
  const got = there.received;
  const reply: Packet = {
    proto: 'icmp', src: got.dst, dst: got.src, ttl: there.receiver.kind === 'internet' ? 128 : 64, ipId: net.nextIpId(), length: got.length,
    icmp: { type: 'echo-reply', id: got.icmp!.id, seq: o.seq },
  };
  return { there, back: net.send(there.receiver, reply, there.at) };
}

function counterKey(node: string, table: string, chain: string, rule?: NetfilterRule): string {
  return `${node}\n${table}\n${chain}\n${rule ? ruleSpec(rule) : '(policy)'}`;
}

/** Small, repeatable variation of a delay (±8%), keyed by the packet. */
function jitter(p: Packet, salt: number): number {
  let h = (p.src ^ Math.imul(p.dst, 2654435761) ^ Math.imul(p.ipId + salt, 40503)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 3266489917) >>> 0;
  return 0.92 + (((h ^ (h >>> 16)) >>> 0) % 1000) / 1000 * 0.16;
}

/** One packet's journey. Kept as a class so that the many small steps share the trace they write to. */
class PathRun {
  private readonly net: Network;
  private t: number;
  private readonly steps: PathStep[] = [];
  private readonly captures: Capture[] = [];
  private readonly errors: Transit[] = [];
  private receiver?: Endpoint;
  private received?: Packet;
  private dropped?: string;
  private rejected?: true;

  constructor(net: Network, at: number) {
    this.net = net;
    this.t = at;
  }

  finish(): Transit {
    return { steps: this.steps, captures: this.captures, receiver: this.receiver, received: this.received, at: this.t, dropped: this.dropped, ...(this.rejected ? { rejected: true as const } : {}), errors: this.errors };
  }

  private get cluster(): Cluster {
    return this.net.cluster;
  }

  private step(s: Omit<PathStep, 'at' | 'captures'>, captures: Capture[] = []): void {
    this.steps.push({ at: this.t, captures, ...s });
  }

  private capture(host: string, iface: string, direction: 'In' | 'Out', packet: Packet, srcMac: string, dstMac: string): Capture {
    const c: Capture = { at: this.t, host, iface, direction, packet, srcMac, dstMac };
    this.captures.push(c);
    return c;
  }

  private drop(place: Place, why: string, packet: Packet): void {
    this.dropped = why;
    this.step({ place, what: `dropped: ${why}`, packet });
  }

  start(from: Endpoint, packet: Packet): void {
    if (from.kind === 'pod') return this.podOut(from.pod, packet);
    if (from.kind === 'node') return this.nodeLocalOut(from.node, packet);
    if (from.kind === 'bastion') return this.bastionOut(packet);
    if (from.kind === 'vpc-resolver') return this.vpcResolverOut(packet);
    if (from.kind === 'lb') return this.albOut(from, packet);
    return this.internetOut(from.host, packet);
  }

  // ---- pods ---------------------------------------------------------------------------------------------------

  private podPlace(pod: Pod): Place {
    return { kind: 'pod', name: pod.name, node: pod.nodeName ?? '' };
  }

  private podOut(pod: Pod, p: Packet): void {
    // The pod's own addresses stay in its namespace (loopback).
    if (p.dst === pod.ip || p.dst >>> 24 === 127) return this.deliver({ kind: 'pod', pod }, p);
    const node = this.cluster.node(pod.nodeName ?? '');
    if (!node || !pod.veth || pod.ip === undefined) return this.drop(this.podPlace(pod), 'the pod has no network', p);
    const key = `${pod.namespace}/${pod.name}`;
    const c = this.capture(key, 'eth0', 'Out', p, podEth0Mac(pod), pod.veth.mac);
    this.step({
      place: this.podPlace(pod), iface: 'eth0', direction: 'out', what: 'leaves the pod: its only route is via 169.254.1.1, the host end of the veth',
      packet: p, route: { rule: '(pod) from all lookup main', table: 'main', route: 'default via 169.254.1.1 dev eth0' },
    }, [c]);
    this.t += VETH_DELAY;
    this.nodeIn(node, pod.veth.name, p, podEth0Mac(pod), pod.veth.mac);
  }

  private podIn(pod: Pod, p: Packet, srcMac: string): void {
    this.t += VETH_DELAY;
    const c = this.capture(`${pod.namespace}/${pod.name}`, 'eth0', 'In', p, srcMac, podEth0Mac(pod));
    if (p.dst !== pod.ip) {
      this.step({ place: this.podPlace(pod), iface: 'eth0', direction: 'in', what: 'arrives in the pod, for an address it does not have', packet: p }, [c]);
      this.dropped = 'not for this pod';
      return;
    }
    this.step({ place: this.podPlace(pod), iface: 'eth0', direction: 'in', what: 'arrives in the pod', packet: p }, [c]);
    this.deliver({ kind: 'pod', pod }, p);
  }

  private deliver(to: Endpoint, p: Packet): void {
    this.t += STACK_DELAY;
    this.receiver = to;
    this.received = p;
  }

  // ---- nodes ------------------------------------------------------------------------------------------------

  private isLocal(node: Node, ip: Ipv4, iface?: string): boolean {
    if (node.enis.some((e) => e.ifindex !== undefined && e.primaryIp === ip && (iface === undefined || iface === `eth${e.deviceNumber}`)) || (ip >>> 24) === 127) return true;
    // Calico's tunnel device holds the node's tunnel address (a /32 from its block).
    const tunnel = this.cluster.calico?.tunnel(node);
    if (tunnel && tunnel.address === ip && (iface === undefined || iface === tunnel.name)) return true;
    // kube-ipvs0's addresses are local too (not to any ENI's interface: --limit-iface-in does not see them there).
    return iface === undefined && (this.net.ipvs(node)?.isVip(ip) ?? false);
  }

  private walk(
    node: Node, table: TableName, chain: string, p: Packet, inIface: string | undefined, outIface: string | undefined, conn: Connection,
    state: { mark: number }, direction: 'original' | 'reply' = 'original',
  ) {
    const ruleset = this.net.ruleset(node);
    const ctx: MatchContext = {
      src: p.src, dst: p.dst, inIface, outIface, isLocal: (ip, iface) => this.isLocal(node, ip, iface),
      proto: p.proto, sport: p.srcPort, dport: p.dstPort, mark: state.mark, ctstates: isIcmpError(p) ? ['RELATED'] : ctStates(conn, direction),
      random: () => this.net.statisticDraw(),
      inSet: (set, flags) => (this.cluster.calico ? calicoSetHas(this.cluster, this.cluster.calico, set, flags === 'dst' ? ctx.dst : ctx.src) : undefined) ?? this.net.ipvs(node)?.inSet(set, flags, { src: ctx.src, dst: ctx.dst, proto: ctx.proto, sport: ctx.sport, dport: ctx.dport }) ?? false,
      recent: (e) => this.net.recentLists(node.name).match(e, ctx.src, this.t),
    };
    const res = traverse(ruleset, table, chain, ctx, {
      setConnmark: (mark: number, mask: number) => {
        conn.mark = (conn.mark & ~mask) | (mark & mask);
      },
      restoreMark: (mask: number) => {
        ctx.mark = ((ctx.mark ?? 0) & ~mask) | (conn.mark & mask);
      },
    });
    state.mark = ctx.mark ?? 0;
    const bytes = ipTotalLength(p);
    for (const h of res.hits) this.net.count(node, h.rule.table, h.rule.chain, h.rule, bytes);
    // The chain's policy counts only packets that reach its end (a terminating target decides before).
    if (res.verdict.kind === 'continue') this.net.count(node, table, chain, undefined, bytes);
    return res;
  }

  /** DNAT as nf_nat sets it up: the connection's reply tuple comes from the new destination, and the packet goes there. */
  private dnat(node: Node, p: Packet, conn: Connection, to: Ipv4, port: number | undefined): Packet {
    const ct = this.net.conntrack(node.name);
    ct.setReply(conn, p.proto === 'icmp' ? { ...conn.reply, src: to } : { ...conn.reply, src: to, sport: port ?? conn.reply.sport });
    return applyDnat(p, conn);
  }

  /** A filter table's verdict on the packet: false when it is dropped or rejected here. */
  private filter(
    node: Node, chain: 'INPUT' | 'FORWARD' | 'OUTPUT', p: Packet, inIface: string | undefined, outIface: string | undefined, conn: Connection,
    state: { mark: number }, direction: 'original' | 'reply', isNew: boolean,
  ): boolean {
    const place: Place = { kind: 'node', name: node.name };
    const res = this.walk(node, 'filter', chain, p, inIface, outIface, conn, state, direction);
    const v = res.verdict.kind;
    if (v !== 'drop' && v !== 'reject') return true;
    this.step({ place, what: `netfilter filter ${chain}: ${v === 'reject' ? 'REJECT' : 'DROP'}`, packet: p, rules: res.hits.map(hitView) });
    if (isNew) this.net.conntrack(node.name).forget(conn);
    if (v === 'drop') {
      this.dropped = `dropped by the filter table's ${chain} chain`;
      return false;
    }
    this.rejected = true;
    this.dropped = `rejected by the filter table's ${chain} chain (icmp-port-unreachable)`;
    // ipt_REJECT: an ICMP port unreachable back to the sender, quoting the packet; from the node's own stack
    // (a locally sent packet gets it over loopback, which the model does not capture).
    if (chain !== 'OUTPUT') {
      const err: Packet = {
        proto: 'icmp', src: node.enis[0].primaryIp, dst: p.src, ttl: 64, ipId: this.net.nextIpId(), length: 8 + Math.min(ipTotalLength(p), 548),
        icmp: { type: 'port-unreachable', id: 0, seq: 0, quoted: p },
      };
      this.errors.push(this.subRun({ kind: 'node', node }, err));
    }
    return false;
  }

  /** What the overlay's steps (calico/overlay-path.ts) need of this run. */
  private overlayHooks() {
    return {
      cluster: this.cluster,
      nextIpId: () => this.net.nextIpId(),
      capture: (host: string, iface: string, direction: 'In' | 'Out', p: Packet, srcMac: string, dstMac: string) => this.capture(host, iface, direction, p, srcMac, dstMac),
      step: (s: Omit<PathStep, 'at' | 'captures'>, captures: Capture[]) => this.step(s, captures),
      wait: (ms: number) => {
        this.t += ms;
      },
      drop: (place: Place, why: string, p: Packet) => this.drop(place, why, p),
      transmit: (node: Node, dev: string, p: Packet) => this.transmit(node, dev, p),
      nodeIn: (node: Node, iface: string, p: Packet, srcMac: string, dstMac: string) => this.nodeIn(node, iface, p, srcMac, dstMac),
      // The tunnel's own packets through the node's filter table (felix's cali-INPUT / cali-OUTPUT rules for them).
      // A connection of their own in conntrack is not kept: each walks as a NEW packet and leaves no entry.
      filter: (node: Node, chain: 'INPUT' | 'OUTPUT', p: Packet, inIface: string | undefined, outIface: string | undefined) =>
        this.filter(node, chain, p, inIface, outIface, this.net.conntrack(node.name).detached(p, this.t), { mark: 0 }, 'original', false),
    };
  }

  /** A packet this one caused (an ICMP error), followed on its own; its captures join the log with this packet's. */
  private subRun(from: Endpoint, p: Packet): Transit {
    const run = new PathRun(this.net, this.t);
    run.start(from, p);
    return run.finish();
  }

  private nodeIn(node: Node, iface: string, p: Packet, srcMac: string, dstMac: string): void {
    // An overlay packet for this node: the tunnel device takes it (src/model/calico/overlay-path.ts).
    if (p.encap && this.isLocal(node, p.dst)) return tunnelIn(this.overlayHooks(), node, iface, p, srcMac, dstMac);
    const place: Place = { kind: 'node', name: node.name };
    const c = this.capture(node.name, iface, 'In', p, srcMac, dstMac);
    this.step({ place, iface, direction: 'in', what: `enters the node on ${iface}`, packet: p }, [c]);
    this.t += FORWARD_DELAY * jitter(p, 1);
    const ct = this.net.conntrack(node.name);
    const found = isIcmpError(p) ? undefined : ct.find(p, this.t);
    const conn = found?.conn ?? (isIcmpError(p) ? ct.detached(p, this.t) : ct.create(p, this.t));
    const direction = found?.direction ?? 'original';
    const state = { mark: 0 };
    const mangle = this.walk(node, 'mangle', 'PREROUTING', p, iface, undefined, conn, state, direction).hits;
    if (mangle.length) this.step({ place, what: 'netfilter mangle PREROUTING', packet: p, rules: mangle.map(hitView) });
    const hits: RuleHit[] = [];
    const draws: StatisticDraw[] = [];
    let pkt = p;
    if (found) ct.track(conn, p, found.direction, this.t);
    if (found?.direction === 'reply') {
      if (conn.ipvs) this.net.ipvsKernel.count(node.name, conn.ipvs, 'out', ipTotalLength(p));
      if (natted(conn)) {
        const before = pkt;
        pkt = unNat(pkt, conn);
        const what = [
          pkt.src !== before.src || pkt.srcPort !== before.srcPort ? `source ${endpointText(before.src, before.srcPort)} becomes ${endpointText(pkt.src, pkt.srcPort)}` : '',
          pkt.dst !== before.dst || pkt.dstPort !== before.dstPort ? `destination ${endpointText(before.dst, before.dstPort)} becomes ${endpointText(pkt.dst, pkt.dstPort)}` : '',
        ].filter(Boolean).join(', ');
        this.step({ place, what: `conntrack recognises a reply and undoes the connection's NAT: ${what || 'no change'}`, packet: pkt, before });
      }
    } else if (!found) {
      const res = this.walk(node, 'nat', 'PREROUTING', pkt, iface, undefined, conn, state);
      hits.push(...res.hits);
      draws.push(...res.draws);
      if (res.verdict.kind === 'dnat') {
        const before = pkt;
        pkt = this.dnat(node, pkt, conn, res.verdict.to, res.verdict.port);
        this.step({ place, what: `netfilter nat PREROUTING (first packet of a connection): DNAT ${endpointText(before.dst, before.dstPort)} → ${endpointText(pkt.dst, pkt.dstPort)}`, packet: pkt, before, rules: hits.map(hitView), ...drawsOf(draws) });
        hits.length = 0;
      }
    } else {
      // Later packets of a connection get their mark back from the mangle rule (the nat table sees only the first),
      // and the connection's DNAT from conntrack (or IPVS's connection entry): they go to the endpoint the first
      // packet went to.
      if (conn.ipvs) this.net.ipvsKernel.count(node.name, conn.ipvs, 'in', ipTotalLength(p));
      if (dnatted(conn)) {
        const before = pkt;
        pkt = applyDnat(pkt, conn);
        this.step({ place, what: `conntrack applies the connection's DNAT: ${endpointText(before.dst, before.dstPort)} → ${endpointText(pkt.dst, pkt.dstPort)}`, packet: pkt, before });
      }
    }
    if (hits.length) this.step({ place, what: 'netfilter nat PREROUTING (first packet of a connection)', packet: pkt, rules: hits.map(hitView), ...drawsOf(draws) });
    if (this.isLocal(node, pkt.dst)) {
      if (!this.filter(node, 'INPUT', pkt, iface, undefined, conn, state, direction, !found)) return;
      // IPVS's LOCAL_IN hook, after the filter table: a virtual server's packet goes on to a real server.
      const vs = !found ? this.net.ipvs(node)?.virtualServer(pkt.proto, pkt.dst, pkt.dstPort) : undefined;
      if (vs) return this.ipvsXmit(node, pkt, conn, vs, state, iface);
      this.step({ place, what: `is for the node itself (${formatIpv4(pkt.dst)} is ${iface.startsWith('eth') ? iface : 'eth0'}'s address)`, packet: pkt });
      return this.deliver({ kind: 'node', node }, pkt);
    }
    this.forward(node, pkt, iface, conn, !found, state, direction);
  }

  /** Policy routing: rules by priority; a rule whose table has no matching route falls through to the next. */
  private route(node: Node, src: Ipv4 | undefined, dst: Ipv4, mark: number): { rule: Rule; table: string; route: Route } | undefined {
    for (const rule of this.net.rules(node)) {
      if (rule.from !== undefined && rule.from !== src) continue;
      if (rule.to !== undefined && rule.to !== dst) continue;
      if (rule.fwmark !== undefined) {
        const [value, mask] = rule.fwmark.split('/').map((x) => Number(x));
        if ((mark & mask) !== value) continue;
      }
      if (rule.table === 'local' || rule.table === 'default') continue;
      const best = longestMatch(nodeRoutes(this.cluster, node, rule.table), dst);
      if (best) return { rule, table: rule.table, route: best };
    }
    return undefined;
  }

  private routeView(r: { rule: Rule; table: string; route: Route }) {
    return { rule: ruleText(r.rule), table: r.table, route: routeText(r.route) };
  }

  private forward(node: Node, p: Packet, inIface: string, conn: Connection, isNew: boolean, state: { mark: number }, direction: 'original' | 'reply'): void {
    const place: Place = { kind: 'node', name: node.name };
    const r = this.route(node, p.src, p.dst, state.mark);
    if (!r) return this.drop(place, 'no route to host', p);
    // Calico's blackhole for the node's own block: an address of it that no pod holds goes nowhere.
    if (r.route.type === 'blackhole') return this.drop(place, `blackhole route ${routeText(r.route)}`, p);
    if (p.ttl <= 1) {
      this.step({ place, what: 'TTL would reach 0: the node drops it and answers "time exceeded"', packet: p });
      this.dropped = 'TTL exceeded';
      this.timeExceeded(node, p);
      return;
    }
    const before = p;
    const pkt = withFields(p, { ttl: p.ttl - 1 });
    this.step({
      place, what: `forwarded by ${r.table === 'main' ? 'the main table' : `table ${r.table}`} (rule ${r.rule.priority}); TTL ${before.ttl} → ${pkt.ttl}`,
      packet: pkt, before, route: this.routeView(r), forwarded: true,
    });
    if (!this.filter(node, 'FORWARD', pkt, inIface, r.route.dev, conn, state, direction, isNew)) return;
    this.postrouting(node, pkt, r.route.dev, conn, isNew, inIface, state);
  }

  private nodeLocalOut(node: Node, p: Packet): void {
    const place: Place = { kind: 'node', name: node.name };
    const ct = this.net.conntrack(node.name);
    const found = isIcmpError(p) ? undefined : ct.find(p, this.t);
    const conn = found?.conn ?? (isIcmpError(p) ? ct.detached(p, this.t) : ct.create(p, this.t));
    const direction = found?.direction ?? 'original';
    const state = { mark: 0 };
    let pkt = p;
    if (found) ct.track(conn, p, found.direction, this.t);
    if (found?.direction === 'reply') {
      if (natted(conn)) pkt = unNat(pkt, conn);
    } else if (!found) {
      // nat OUTPUT sees a connection's first packet (kube-proxy's KUBE-SERVICES: a node reaching a ClusterIP).
      const res = this.walk(node, 'nat', 'OUTPUT', pkt, undefined, undefined, conn, state);
      if (res.verdict.kind === 'dnat') {
        const before = pkt;
        pkt = this.dnat(node, pkt, conn, res.verdict.to, res.verdict.port);
        this.step({ place, what: `netfilter nat OUTPUT: DNAT ${endpointText(before.dst, before.dstPort)} → ${endpointText(pkt.dst, pkt.dstPort)}`, packet: pkt, before, rules: res.hits.map(hitView), ...drawsOf(res.draws) });
      } else if (res.hits.some((h) => h.rule.target.kind !== 'jump' && h.rule.target.kind !== 'RETURN')) {
        // Something happened without a DNAT (ipvs mode: KUBE-MARK-MASQ, then ACCEPT for IPVS to take over).
        this.step({ place, what: 'netfilter nat OUTPUT (first packet of a connection)', packet: pkt, rules: res.hits.map(hitView) });
      }
    } else if (dnatted(conn)) pkt = applyDnat(pkt, conn);
    // IPVS's LOCAL_OUT hook (after nat OUTPUT): the node's own connection to a virtual server.
    const vs = !found ? this.net.ipvs(node)?.virtualServer(pkt.proto, pkt.dst, pkt.dstPort) : undefined;
    if (vs) return this.ipvsXmit(node, pkt, conn, vs, state, undefined);
    if (conn.ipvs && found?.direction === 'original') this.net.ipvsKernel.count(node.name, conn.ipvs, 'in', ipTotalLength(p));
    if (this.isLocal(node, pkt.dst)) {
      // The local table: the node's own addresses and 127.0.0.0/8 go over the loopback device (not captured here).
      this.step({ place, what: `stays on the node: ${formatIpv4(pkt.dst)} is its own address (the local table, over lo)`, packet: pkt });
      if (!this.filter(node, 'OUTPUT', pkt, undefined, 'lo', conn, state, direction, !found)) return;
      if (!this.filter(node, 'INPUT', pkt, 'lo', undefined, conn, state, direction, !found)) return;
      return this.deliver({ kind: 'node', node }, pkt);
    }
    const r = this.route(node, undefined, pkt.dst, state.mark);
    if (!r) return this.drop(place, 'Network is unreachable', pkt);
    this.step({ place, what: `leaves the node's own stack, routed by ${r.table === 'main' ? 'the main table' : `table ${r.table}`}`, packet: pkt, route: this.routeView(r) });
    if (!this.filter(node, 'OUTPUT', pkt, undefined, r.route.dev, conn, state, direction, !found)) return;
    this.postrouting(node, pkt, r.route.dev, conn, !found, undefined, state);
  }

  /**
   * IPVS schedules a new connection to a virtual server (kube-proxy's ipvs mode): the real server by the
   * scheduler, the destination rewritten (Masq forwarding, with the reply tuple in conntrack as
   * net.ipv4.vs.conntrack=1 keeps it), and the packet sent out through LOCAL_OUT's filter and POSTROUTING, where
   * KUBE-POSTROUTING masquerades what KUBE-MARK-MASQ marked. No real server: ip_vs_leave's ICMP port unreachable.
   */
  private ipvsXmit(node: Node, p: Packet, conn: Connection, vs: VirtualServer, state: { mark: number }, inIface: string | undefined): void {
    const place: Place = { kind: 'node', name: node.name };
    const vkey = vsKey(vs.protocol, vs.address, vs.port);
    const ct = this.net.conntrack(node.name);
    const load = (rs: string) => {
      let active = 0;
      let inactive = 0;
      for (const c of ct.list(this.t)) {
        if (c.ipvs?.vs !== vkey || c.ipvs.rs !== rs) continue;
        if (c.tcpState === 'ESTABLISHED') active++;
        else inactive++;
      }
      return { active, inactive };
    };
    const rs = this.net.ipvsKernel.schedule(node.name, vs, p.src, p.dst, this.t, load);
    if (!rs) {
      this.step({ place, what: `IPVS: virtual server ${vkey} has no real server: ICMP port unreachable`, packet: p });
      ct.forget(conn);
      this.rejected = true;
      this.dropped = `IPVS virtual server ${vkey} has no destination (icmp-port-unreachable)`;
      const err: Packet = {
        proto: 'icmp', src: inIface === undefined ? p.dst : node.enis[0].primaryIp, dst: p.src, ttl: 64, ipId: this.net.nextIpId(), length: 8 + Math.min(ipTotalLength(p), 548),
        icmp: { type: 'port-unreachable', id: 0, seq: 0, quoted: p },
      };
      if (inIface !== undefined) this.errors.push(this.subRun({ kind: 'node', node }, err));
      return;
    }
    const before = p;
    let pkt = this.dnat(node, p, conn, parseIpv4(rs.address)!, rs.port);
    conn.ipvs = { vs: vkey, rs: rsKey(rs) };
    this.net.ipvsKernel.count(node.name, conn.ipvs, 'in', ipTotalLength(p), true);
    this.step({ place, what: `IPVS (${inIface === undefined ? 'LOCAL_OUT' : 'LOCAL_IN'}): virtual server ${vkey} (${vs.scheduler}${vs.persistent !== undefined ? `, persistent ${vs.persistent}` : ''}) → real server ${rs.address}:${rs.port}, Masq: ${endpointText(before.dst, before.dstPort)} → ${endpointText(pkt.dst, pkt.dstPort)}`, packet: pkt, before });
    if (this.isLocal(node, pkt.dst)) {
      if (!this.filter(node, 'INPUT', pkt, 'lo', undefined, conn, state, 'original', true)) return;
      return this.deliver({ kind: 'node', node }, pkt);
    }
    const r = this.route(node, pkt.src, pkt.dst, state.mark);
    if (!r) return this.drop(place, 'no route to host', pkt);
    if (inIface !== undefined) pkt = withFields(pkt, { ttl: pkt.ttl - 1 });
    if (!this.filter(node, 'OUTPUT', pkt, undefined, r.route.dev, conn, state, 'original', true)) return;
    this.postrouting(node, pkt, r.route.dev, conn, true, inIface, state);
  }

  private postrouting(node: Node, p: Packet, out: string, conn: Connection, isNew: boolean, inIface: string | undefined, state: { mark: number }): void {
    const place: Place = { kind: 'node', name: node.name };
    let pkt = p;
    if (isNew) {
      const res = this.walk(node, 'nat', 'POSTROUTING', pkt, inIface, out, conn, state);
      if (res.verdict.kind === 'snat') {
        const before = pkt;
        pkt = this.snat(node, pkt, conn, res.verdict.toSource, res.verdict.random);
        this.step({ place, what: `SNAT: source ${formatIpv4(before.src)} becomes the node's primary address ${formatIpv4(pkt.src)}`, packet: pkt, before, rules: res.hits.map(hitView) });
      } else if (res.verdict.kind === 'masquerade') {
        const before = pkt;
        pkt = this.snat(node, pkt, conn, this.masqueradeAddress(node, out), res.verdict.randomFully ? 'random-fully' : undefined);
        const who = res.hits.some((h) => h.rule.chain === 'cali-nat-outgoing') ? "Calico's natOutgoing, cali-nat-outgoing" : res.hits.some((h) => h.rule.chain.startsWith('cali-')) ? "felix's tunnel rule" : "kube-proxy's mark 0x4000";
        this.step({ place, what: `MASQUERADE (${who}): source ${endpointText(before.src, before.srcPort)} becomes ${endpointText(pkt.src, pkt.srcPort)}, the address of ${out.startsWith('eth') ? out : 'eth0'}`, packet: pkt, before, rules: res.hits.map(hitView) });
      } else if (res.hits.length) {
        this.step({ place, what: 'netfilter POSTROUTING: no translation (the destination is inside the VPC)', packet: pkt, rules: res.hits.map(hitView) });
      }
    } else if (conn.original.src === pkt.src && snatted(conn)) {
      // Later packets of a translated connection get the same translation from conntrack.
      const before = pkt;
      pkt = applySnat(pkt, conn);
      this.step({ place, what: `conntrack applies the connection's SNAT: ${formatIpv4(before.src)} → ${formatIpv4(pkt.src)}`, packet: pkt, before });
    }
    this.transmit(node, out, pkt);
  }

  /** MASQUERADE takes the outgoing interface's primary address; a host veth has none, and the kernel's
   *  inet_select_addr falls back to the node's (eth0's). */
  private masqueradeAddress(node: Node, out: string): Ipv4 {
    const tunnel = this.cluster.calico?.tunnel(node);
    if (tunnel && out === tunnel.name) return tunnel.address;
    const eni = out.startsWith('eth') ? node.enis.find((e) => `eth${e.deviceNumber}` === out) : undefined;
    return (eni ?? node.enis[0]).primaryIp;
  }

  private snat(node: Node, p: Packet, conn: Connection, toSource: Ipv4, random: 'random' | 'random-fully' | undefined): Packet {
    const ct = this.net.conntrack(node.name);
    const port = p.proto === 'icmp' ? p.icmp!.id : p.srcPort!;
    let chosen = port;
    // --random-fully picks the port (or echo id) at random for every connection; otherwise the original is kept
    // unless another connection already holds it.
    if (random === 'random-fully' || !ct.isFree(p.proto, toSource, port, this.t)) {
      do chosen = this.net.randomInt(1024, 65535);
      while (!ct.isFree(p.proto, toSource, chosen, this.t));
    }
    ct.setReply(conn, p.proto === 'icmp' ? { ...conn.reply, dst: toSource, sport: chosen } : { ...conn.reply, dst: toSource, dport: chosen });
    return applySnat(p, conn);
  }

  private timeExceeded(node: Node, p: Packet): void {
    const err: Packet = {
      proto: 'icmp', src: tunnelSourceFor(this.cluster, node, p.src) ?? node.enis[0].primaryIp, dst: p.src, ttl: 64, ipId: this.net.nextIpId(), length: 36,
      icmp: { type: 'time-exceeded', id: 0, seq: 0, quoted: p },
    };
    this.errors.push(this.subRun({ kind: 'node', node }, err));
  }

  private transmit(node: Node, dev: string, p: Packet): void {
    const place: Place = { kind: 'node', name: node.name };
    if (this.cluster.calico && dev === this.cluster.calico.tunnelName) return tunnelOut(this.overlayHooks(), node, p);
    if (dev.startsWith('eth')) {
      const eni = node.enis.find((e) => `eth${e.deviceNumber}` === dev && e.ifindex !== undefined);
      if (!eni) return this.drop(place, `no device ${dev}`, p);
      const subnet = this.cluster.subnet(eni.subnetId);
      const toVpc = cidrContains(subnet.cidr, p.dst) ? p.dst : subnet.cidr.base + 1;
      const arp = this.net.neighbor(node.name, toVpc, dev, this.net.gatewayMac(subnet), this.t);
      this.t += arp;
      const c = this.capture(node.name, dev, 'Out', p, eni.mac, this.net.gatewayMac(subnet));
      this.step({ place, iface: dev, direction: 'out', what: `leaves the node on ${dev} (${eni.id})`, packet: p }, [c]);
      // EC2's source/destination check: an ENI only sends packets from its own addresses.
      if (!eniOwns(eni, p.src)) return this.drop({ kind: 'vpc' }, `${eni.id} does not own source ${formatIpv4(p.src)} (source/destination check)`, p);
      return this.vpc(subnet, p, node.az);
    }
    const pod = this.cluster.podsOn(node).find((x) => x.veth?.name === dev);
    if (!pod || !pod.veth) return this.drop(place, `no device ${dev}`, p);
    // A pod's MAC on its veth is resolved in microseconds, not the ENI's ARP round trip.
    this.t += this.net.neighbor(node.name, p.dst, dev, podEth0Mac(pod), this.t) > 0 ? 0.01 : 0;
    const c = this.capture(node.name, dev, 'Out', p, pod.veth.mac, podEth0Mac(pod));
    this.step({ place, iface: dev, direction: 'out', what: `leaves the node on ${dev}, the host end of ${pod.name}'s veth`, packet: p }, [c]);
    this.podIn(pod, p, pod.veth.mac);
  }

  // ---- the VPC and beyond ----------------------------------------------------------------------------------------

  private vpc(from: Subnet, p: Packet, fromAz: string): void {
    const vpc = this.cluster.vpc;
    // A target's answer on an NLB flow goes back through the load balancer, whatever its destination.
    const back = this.nlbReplyFlow(p);
    if (back) return this.nlbReturn(back, p, fromAz);
    if (cidrContains(vpc.cidr, p.dst)) {
      const nlb = nlbNodeAt(this.cluster, p.dst);
      if (nlb) return nlb.lb.type === 'application' ? this.albIn(nlb, p, fromAz) : this.nlbIn(nlb, p, fromAz);
      if (p.dst === vpcResolverAddress(this.cluster)) {
        this.step({ place: { kind: 'vpc' }, what: `the VPC hands it to the Amazon-provided DNS server at ${formatIpv4(p.dst)}`, packet: p });
        this.t += SAME_AZ_ONE_WAY * jitter(p, 2);
        return this.deliver({ kind: 'vpc-resolver' }, p);
      }
      const owner = this.owner(p.dst);
      if (!owner) {
        this.t += SAME_AZ_ONE_WAY;
        return this.drop({ kind: 'vpc' }, `no ENI in the VPC has ${formatIpv4(p.dst)}`, p);
      }
      const oneWay = (owner.az === fromAz ? SAME_AZ_ONE_WAY : CROSS_AZ_ONE_WAY) * jitter(p, 2);
      this.step({ place: { kind: 'vpc' }, what: `the VPC delivers it to the ENI that owns ${formatIpv4(p.dst)}${owner.az === fromAz ? '' : ` in ${owner.az}`}, unchanged (no tunnel, no TTL change)`, packet: p });
      this.t += oneWay;
      if (owner.kind === 'bastion') return this.bastionIn(p);
      const dev = `eth${owner.eni.deviceNumber}`;
      return this.nodeIn(owner.node, dev, p, this.net.gatewayMac(this.cluster.subnet(owner.eni.subnetId)), owner.eni.mac);
    }
    if (!from.public) return this.drop({ kind: 'vpc' }, 'the subnet has no route to the internet', p);
    // The internet gateway maps an ENI's primary address to its public address, one to one; other addresses
    // (a pod's secondary IP) have no public address and go nowhere.
    const pub = this.publicAddressOf(p.src);
    if (pub === undefined) {
      this.step({ place: { kind: 'igw' }, what: `the internet gateway has no public address for ${formatIpv4(p.src)}`, packet: p });
      return this.drop({ kind: 'igw' }, `no public IPv4 address is associated with ${formatIpv4(p.src)}`, p);
    }
    const out = withFields(p, { src: pub });
    this.step({ place: { kind: 'igw' }, what: `the internet gateway swaps the private source for the instance's public address ${formatIpv4(pub)}`, packet: out, before: p });
    // An internet-facing NLB's public address: out through the internet gateway and straight back in.
    const publicNlb = nlbNodeAt(this.cluster, p.dst);
    if (publicNlb) return publicNlb.lb.type === 'application' ? this.albIn(publicNlb, out, fromAz) : this.nlbIn(publicNlb, out, fromAz);
    const host = internetHostByIp(p.dst);
    if (!host) {
      this.t += 20;
      return this.drop({ kind: 'internet', name: formatIpv4(p.dst) }, 'no host answers at that address', out);
    }
    this.t += (host.rttMs / 2) * jitter(p, 3);
    const arrived = withFields(out, { ttl: Math.max(1, out.ttl - host.hopsThere) });
    this.step({ place: { kind: 'internet', name: host.name }, what: `reaches ${host.name} across the internet`, packet: arrived });
    this.deliver({ kind: 'internet', host }, arrived);
  }

  private owner(ip: Ipv4): { kind: 'node'; node: Node; eni: Eni; az: string } | { kind: 'bastion'; az: string } | undefined {
    if (ip === this.net.bastion.ip) return { kind: 'bastion', az: this.net.bastion.subnet.az };
    for (const node of this.cluster.nodes) {
      for (const eni of node.enis) {
        if (eni.attachedAt > this.cluster.now) continue;
        if (eniOwns(eni, ip)) return { kind: 'node', node, eni, az: node.az };
      }
    }
    return undefined;
  }

  private publicAddressOf(ip: Ipv4): Ipv4 | undefined {
    if (ip === this.net.bastion.ip) return this.net.bastion.publicIp;
    return this.cluster.nodes.find((n) => n.enis[0].primaryIp === ip)?.publicIp;
  }

  private privateAddressOf(pub: Ipv4): Ipv4 | undefined {
    if (pub === this.net.bastion.publicIp) return this.net.bastion.ip;
    return this.cluster.nodes.find((n) => n.publicIp === pub)?.enis[0].primaryIp;
  }

  private internetOut(host: InternetHost, p: Packet): void {
    const place: Place = { kind: 'internet', name: host.name };
    this.step({ place, what: `${host.name} sends`, packet: p });
    this.t += (host.rttMs / 2) * jitter(p, 4);
    // The routers on the way back have taken the TTL down to what the host's packets carry when they reach AWS.
    this.igwIn(withFields(p, { ttl: host.ttlAtVpc }));
  }

  /** A packet from the internet at the internet gateway: its public destination becomes the instance's private address. */
  private igwIn(p: Packet): void {
    const priv = this.privateAddressOf(p.dst);
    if (priv === undefined) return this.drop({ kind: 'igw' }, `no instance has public address ${formatIpv4(p.dst)}`, p);
    const inside = withFields(p, { dst: priv });
    this.step({ place: { kind: 'igw' }, what: `the internet gateway swaps the public destination for the private address ${formatIpv4(priv)}`, packet: inside, before: p });
    const owner = this.owner(priv);
    if (!owner) return this.drop({ kind: 'vpc' }, 'no ENI owns the address', inside);
    if (owner.kind === 'bastion') return this.bastionIn(inside);
    this.nodeIn(owner.node, `eth${owner.eni.deviceNumber}`, inside, this.net.gatewayMac(this.cluster.subnet(owner.eni.subnetId)), owner.eni.mac);
  }

  /** The VPC resolver's reply: the VPC delivers it to the ENI that owns the destination, as any packet. */
  private vpcResolverOut(p: Packet): void {
    this.step({ place: { kind: 'vpc-resolver' }, what: 'the Amazon-provided DNS server answers', packet: p });
    const owner = this.owner(p.dst);
    if (!owner) return this.drop({ kind: 'vpc' }, `no ENI in the VPC has ${formatIpv4(p.dst)}`, p);
    this.t += SAME_AZ_ONE_WAY * jitter(p, 5);
    if (owner.kind === 'bastion') return this.bastionIn(p);
    this.nodeIn(owner.node, `eth${owner.eni.deviceNumber}`, p, this.net.gatewayMac(this.cluster.subnet(owner.eni.subnetId)), owner.eni.mac);
  }

  // ---- Network Load Balancers (aws/nlb-dataplane.ts decides, this walks) -----------------------------------------

  private nlbPlace(node: NlbNode): Place {
    return { kind: 'nlb', name: node.lb.name, az: node.subnet.az };
  }

  private nlbReplyFlow(p: Packet): NlbFlow | undefined {
    if (this.net.nlbFlows.size === 0 || (p.proto !== 'tcp' && p.proto !== 'udp')) return undefined;
    return this.net.nlbFlows.reply(p.proto, p.src, p.srcPort!, p.dst, p.dstPort!, this.t);
  }

  /**
   * A packet for a load balancer node's address. A flow's first packet (a SYN) gets a target as the NLB picks one,
   * later packets follow it. ip targets: the packet goes straight to the pod's address (no NodePort, no kube-proxy
   * rule on the way); instance targets: to the node's primary address on the NodePort, where kube-proxy takes over.
   * The source is the client's when client IP preservation is on, else the node's private address and a port of
   * the load balancer's own. Nothing matching: the NLB drops it silently and the client's SYN times out.
   */
  private nlbIn(node: NlbNode, p: Packet, fromAz: string): void {
    const place = this.nlbPlace(node);
    this.t += (node.subnet.az === fromAz ? SAME_AZ_ONE_WAY : CROSS_AZ_ONE_WAY) * jitter(p, 6);
    this.step({ place, what: `reaches ${node.lb.name}'s node in ${node.subnet.az} at ${formatIpv4(node.address)}${node.viaPublic ? ' (its public address, through the internet gateway)' : ''}`, packet: p });
    if (p.proto !== 'tcp') return this.drop(place, `no ${p.proto.toUpperCase()} listener`, p);
    let flow = this.net.nlbFlows.original('tcp', p.src, p.srcPort!, p.dst, p.dstPort!, this.t);
    if (!flow) {
      if (p.tcp?.flags !== 'S') return this.drop(place, 'not part of a flow the load balancer knows', p);
      const choice = chooseTarget(this.cluster, node, { proto: 'tcp', src: p.src, sport: p.srcPort!, dst: p.dst, dport: p.dstPort!, seq: p.tcp.seq });
      if (choice.kind === 'none') return this.drop(place, choice.why, p);
      const t = choice.target;
      const preserve = preservesClientIp(t.tg);
      let backPort = p.srcPort!;
      if (!preserve) {
        do backPort = this.net.nlbRandomInt(1024, 65535);
        while (this.net.nlbFlows.backInUse('tcp', t.ip, t.port, node.subnet.privateIp, backPort));
      }
      flow = {
        lbArn: node.lb.arn, subnetId: node.subnet.subnetId, proto: 'tcp', client: { ip: p.src, port: p.srcPort! }, front: { ip: p.dst, port: p.dstPort! },
        back: preserve ? { ip: p.src, port: p.srcPort! } : { ip: node.subnet.privateIp, port: backPort }, target: { ip: t.ip, port: t.port, id: t.target.id }, lastSeen: this.t,
      };
      this.net.nlbFlows.add(flow);
      const scope = choice.failOpen ? 'all targets are unhealthy: fail open, any registered target'
        : `${choice.candidates} healthy target${choice.candidates === 1 ? '' : 's'} in ${crossZoneEnabled(node.lb, t.tg) ? 'every enabled AZ (cross-zone on)' : `${node.subnet.az} (cross-zone off)`}`;
      this.step({ place, what: `new flow on listener TCP:${choice.listener.port}: the flow hash picks ${t.tg.targetType} target ${t.target.id}:${t.port} in ${t.az} of ${scope}`, packet: p });
    }
    const before = p;
    const out = withFields(p, { src: flow.back.ip, srcPort: flow.back.port, dst: flow.target.ip, dstPort: flow.target.port });
    const how = flow.back.ip === p.src ? 'the client\'s address is preserved' : `source ${endpointText(p.src, p.srcPort)} becomes the node's private address ${endpointText(out.src, out.srcPort)}`;
    this.step({ place, what: `forwards to ${endpointText(out.dst, out.dstPort)}; ${how}`, packet: out, before });
    this.vpc(this.cluster.subnet(node.subnet.subnetId), out, node.subnet.az);
  }

  /** A target's reply on an NLB flow: back to the client, from the address and port it connected to. */
  private nlbReturn(flow: NlbFlow, p: Packet, fromAz: string): void {
    const lb = nlbNodeAt(this.cluster, flow.front.ip);
    const sub = lb?.lb.subnets.find((s) => s.subnetId === flow.subnetId);
    if (!lb || !sub) return this.drop({ kind: 'vpc' }, 'the load balancer is gone', p);
    const place = this.nlbPlace(lb);
    this.t += (sub.az === fromAz ? SAME_AZ_ONE_WAY : CROSS_AZ_ONE_WAY) * jitter(p, 7);
    const out = withFields(p, { src: flow.front.ip, srcPort: flow.front.port, dst: flow.client.ip, dstPort: flow.client.port });
    this.step({ place, what: `the load balancer's flow turns the reply back: from ${endpointText(out.src, out.srcPort)} to the client ${endpointText(out.dst, out.dstPort)}`, packet: out, before: p });
    if (cidrContains(this.cluster.vpc.cidr, out.dst)) return this.vpc(this.cluster.subnet(sub.subnetId), out, sub.az);
    // The client came through an internet gateway: its public address leads back to its instance.
    this.igwIn(out);
  }

  // ---- Application Load Balancers (aws/alb-dataplane.ts answers the requests) ----------------------------------------

  /**
   * A packet for an ALB node's address: the node's security group lets in only its listeners' ports, and the node
   * itself ends the connection (the client's TCP peer is the load balancer, not a target).
   */
  private albIn(node: NlbNode, p: Packet, fromAz: string): void {
    const place: Place = { kind: 'alb', name: node.lb.name, az: node.subnet.az };
    this.t += (node.subnet.az === fromAz ? SAME_AZ_ONE_WAY : CROSS_AZ_ONE_WAY) * jitter(p, 6);
    this.step({ place, what: `reaches ${node.lb.name}'s node in ${node.subnet.az} at ${formatIpv4(node.address)}${node.viaPublic ? ' (its public address, through the internet gateway)' : ''}`, packet: p });
    const listening = p.proto === 'tcp' && albListens(this.cluster, node.lb, p.dstPort!);
    if (!listening) return this.drop(place, `no listener on ${p.proto.toUpperCase()}${p.dstPort === undefined ? '' : ` port ${p.dstPort}`}: the load balancer's security group lets nothing else in`, p);
    this.deliver({ kind: 'lb', lb: node.lb, subnet: node.subnet }, p);
  }

  /** An ALB node sends: from its private address into the VPC, or from its public one back out to the internet. */
  private albOut(from: { lb: LoadBalancer; subnet: LbSubnet }, p: Packet): void {
    const place: Place = { kind: 'alb', name: from.lb.name, az: from.subnet.az };
    this.step({ place, what: `${from.lb.name}'s node in ${from.subnet.az} sends`, packet: p });
    this.t += SAME_AZ_ONE_WAY * jitter(p, 7);
    if (cidrContains(this.cluster.vpc.cidr, p.dst)) return this.vpc(this.cluster.subnet(from.subnet.subnetId), p, from.subnet.az);
    this.igwIn(p);
  }

  // ---- the bastion (an EC2 instance without Kubernetes: no CNI rules) ------------------------------------------------

  private bastionOut(p: Packet): void {
    const b = this.net.bastion;
    this.t += this.net.neighbor('bastion', cidrContains(b.subnet.cidr, p.dst) ? p.dst : b.subnet.cidr.base + 1, 'eth0', this.net.gatewayMac(b.subnet), this.t);
    const c = this.capture('bastion', 'eth0', 'Out', p, b.mac, this.net.gatewayMac(b.subnet));
    this.step({ place: { kind: 'bastion' }, iface: 'eth0', direction: 'out', what: 'leaves the bastion on eth0', packet: p }, [c]);
    this.vpc(b.subnet, p, b.subnet.az);
  }

  private bastionIn(p: Packet): void {
    const b = this.net.bastion;
    const c = this.capture('bastion', 'eth0', 'In', p, this.net.gatewayMac(b.subnet), b.mac);
    this.step({ place: { kind: 'bastion' }, iface: 'eth0', direction: 'in', what: 'arrives at the bastion', packet: p }, [c]);
    if (p.dst !== b.ip) return this.drop({ kind: 'bastion' }, 'not for the bastion', p);
    this.deliver({ kind: 'bastion' }, p);
  }
}

/** Draws for a step, only when there were any (the stepper's steps stay as they were). */
function drawsOf(draws: StatisticDraw[]): { draws?: StatisticDraw[] } {
  return draws.length ? { draws: [...draws] } : {};
}

function hitView(h: RuleHit) {
  return { table: h.rule.table, chain: h.rule.chain, text: `-A ${h.rule.chain} ${h.text}` };
}

function eniOwns(eni: Eni, ip: Ipv4): boolean {
  return eni.primaryIp === ip || eni.secondaryIps.some((s) => s.ip === ip);
}

function applySnat(p: Packet, conn: Connection): Packet {
  if (p.proto === 'icmp') return withFields(p, { src: conn.reply.dst, icmp: { ...p.icmp!, id: conn.reply.sport } });
  return withFields(p, { src: conn.reply.dst, srcPort: conn.reply.dport });
}

/** The connection's destination NAT, on a packet in the original direction. */
function applyDnat(p: Packet, conn: Connection): Packet {
  if (p.proto === 'icmp') return withFields(p, { dst: conn.reply.src });
  return withFields(p, { dst: conn.reply.src, dstPort: conn.reply.sport });
}

/** A reply, translated back: it comes from where the original went and goes to whoever sent the original. */
function unNat(p: Packet, conn: Connection): Packet {
  if (p.proto === 'icmp') return withFields(p, { src: conn.original.dst, dst: conn.original.src, icmp: { ...p.icmp!, id: conn.original.sport } });
  return withFields(p, { src: conn.original.dst, srcPort: conn.original.dport, dst: conn.original.src, dstPort: conn.original.sport });
}

/** Whether the connection's source was translated (SNAT, MASQUERADE). */
function snatted(c: Connection): boolean {
  return c.reply.dst !== c.original.src || (c.proto === 'icmp' ? c.reply.sport !== c.original.sport : c.reply.dport !== c.original.sport);
}

/** Whether the connection's destination was translated (DNAT). */
function dnatted(c: Connection): boolean {
  return c.reply.src !== c.original.dst || (c.proto !== 'icmp' && c.reply.sport !== c.original.dport);
}

const natted = (c: Connection) => snatted(c) || dnatted(c);

/** conntrack's states for the packet: NEW until the connection has seen a reply, then ESTABLISHED; the virtual
 *  states SNAT and DNAT when the connection is translated. */
function ctStates(c: Connection, direction: 'original' | 'reply'): string[] {
  const states = [direction === 'reply' || c.replied ? 'ESTABLISHED' : 'NEW'];
  if (dnatted(c)) states.push('DNAT');
  if (snatted(c)) states.push('SNAT');
  return states;
}

/** ICMP errors belong to the connection they quote (RELATED) and make no connection of their own. */
function isIcmpError(p: Packet): boolean {
  return p.proto === 'icmp' && p.icmp?.type !== 'echo-request' && p.icmp?.type !== 'echo-reply';
}

const endpointText = (ip: Ipv4, port: number | undefined) => (port === undefined ? formatIpv4(ip) : `${formatIpv4(ip)}:${port}`);

function longestMatch(routes: Route[], dst: Ipv4): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    const prefix = r.dst?.prefix ?? 0;
    if (r.dst && !cidrContains(r.dst, dst)) continue;
    if (!best || prefix > (best.dst?.prefix ?? 0)) best = r;
  }
  return best;
}
