// A Network Load Balancer's data plane as AWS documents it (Elastic Load Balancing, "Network Load Balancers" and
// "Health checks for Network Load Balancer target groups"): what its DNS name resolves to, which target a new flow
// goes to, and what source address the target sees. The packet walk itself is in net/network.ts; this module only
// decides.
//
// - DNS: one address per enabled subnet (AZ): the load balancer node's private address for an internal NLB, the
//   public address AWS gave that node for an internet-facing one. "If one or more target groups does not have a
//   healthy target in an enabled Availability Zone, we remove the IP address for the corresponding subnet from DNS"
//   (with cross-zone on, the healthy targets of every AZ count); if that would remove every address, DNS fails open
//   and returns them all. Route 53 answers alias records for ELB with TTL 60, in an order that changes from query
//   to query: the model shuffles them keyed by the query, so replies are reproducible from the seed.
//   While the NLB is still provisioning its name does not resolve yet (NXDOMAIN), as learners see right after
//   creating one (assumed: AWS documents only that provisioning takes a few minutes).
// - Routing: "each load balancer node routes requests only to the healthy targets in its Availability Zone. If you
//   enable cross-zone load balancing, each load balancer node routes requests to the healthy targets in all enabled
//   Availability Zones." The node picks a target "using a flow hash algorithm based on the protocol, source IP
//   address, source port, destination IP address, destination port, and TCP sequence number"; the model hashes the
//   5-tuple and the SYN's sequence number, salted with the load balancer's ARN (itself seeded). Initial and draining
//   targets get no new flows (a deregistered target once its deregistration has reached the nodes: see
//   DEREGISTRATION_PROPAGATION_MS). "If all targets fail health checks at the same time in all enabled Availability
//   Zones, the load balancer fails open": every registered (non-draining) target then gets flows regardless of
//   health. No target at all: the SYN is dropped and the client times out.
// - Client IP preservation (target group attribute preserve_client_ip.enabled): on by default for instance targets,
//   off for ip targets with TCP/TLS; then the target sees the NLB node's private address as the source.
import type { Cluster } from '../cluster/cluster.ts';
import { healthProbe } from '../lb-controller/health.ts';
import { cidrContains, type Ipv4, parseIpv4 } from '../net/ipv4.ts';
import { createRng } from '../rng.ts';
import { awsAccount } from './account.ts';
import type { ElbV2, LbSubnet, Listener, LoadBalancer, Target, TargetGroup, TargetState } from './elbv2.ts';

/** Route 53's TTL on ELB alias answers. */
export const NLB_DNS_TTL = 60;

/** One load balancer node: the NLB's presence in one AZ, reached at `address`. */
export interface NlbNode {
  lb: LoadBalancer;
  subnet: LbSubnet;
  /** The address the client used: the node's private address, or its public one (internet-facing). */
  address: Ipv4;
  viaPublic: boolean;
}

/** A registered target as the data plane sees it. */
export interface TargetView {
  target: Target;
  tg: TargetGroup;
  /** Where packets go: the pod's address (ip) or the instance's primary private address (instance). */
  ip: Ipv4;
  port: number;
  az: string;
  state: TargetState;
}

export type TargetChoice =
  | { kind: 'target'; target: TargetView; listener: Listener; failOpen: boolean; candidates: number }
  | { kind: 'none'; why: string };

function elbv2Of(cluster: Cluster): ElbV2 {
  return awsAccount(cluster).elbv2;
}

/** The NLB node answering at an address (private or public), if any. */
export function nlbNodeAt(cluster: Cluster, ip: Ipv4): NlbNode | undefined {
  for (const lb of elbv2Of(cluster).loadBalancers) {
    for (const s of lb.subnets) {
      if (s.privateIp === ip) return { lb, subnet: s, address: ip, viaPublic: false };
      if (s.publicIp === ip) return { lb, subnet: s, address: ip, viaPublic: true };
    }
  }
  return undefined;
}

/** Cross-zone for a target group: its own attribute when set, else the load balancer's (off by default for NLBs). */
export function crossZoneEnabled(lb: LoadBalancer, tg?: TargetGroup): boolean {
  const own = tg?.attributes['load_balancing.cross_zone.enabled'];
  if (own === 'true' || own === 'false') return own === 'true';
  return lb.attributes['load_balancing.cross_zone.enabled'] === 'true';
}

/** preserve_client_ip.enabled: AWS's default is true for instance targets, false for ip targets (TCP, TLS). */
export function preservesClientIp(tg: TargetGroup): boolean {
  return (tg.attributes['preserve_client_ip.enabled'] ?? String(tg.targetType === 'instance')) === 'true';
}

/** Every target registered in a target group, with its address, AZ and health now. */
export function targetViews(cluster: Cluster, tg: TargetGroup): TargetView[] {
  const elbv2 = elbv2Of(cluster);
  elbv2.expire(tg);
  const probe = healthProbe(cluster);
  const out: TargetView[] = [];
  for (const target of tg.targets) {
    let ip: Ipv4 | undefined;
    let az: string | undefined;
    if (tg.targetType === 'instance') {
      const node = cluster.nodes.find((n) => n.instanceId === target.id);
      ip = node?.enis[0].primaryIp;
      az = node?.az;
    } else {
      ip = parseIpv4(target.id);
      az = ip === undefined ? undefined : cluster.vpc.subnets.find((s) => cidrContains(s.cidr, ip!))?.az;
    }
    if (ip === undefined || az === undefined) continue;
    out.push({ target, tg, ip, port: target.port, az, state: elbv2.dataPlaneState(tg, target, probe) });
  }
  return out;
}

function targetGroupsOf(cluster: Cluster, lb: LoadBalancer): { listener: Listener; tg: TargetGroup }[] {
  const elbv2 = elbv2Of(cluster);
  const out: { listener: Listener; tg: TargetGroup }[] = [];
  for (const listener of elbv2.listeners) {
    if (listener.loadBalancerArn !== lb.arn) continue;
    const tg = elbv2.targetGroups.find((t) => t.arn === listener.targetGroupArn);
    if (tg) out.push({ listener, tg });
  }
  return out;
}

/** The addresses the NLB's DNS name has now, in subnet order (before Route 53's shuffle); [] while provisioning. */
export function nlbDnsAddresses(cluster: Cluster, lb: LoadBalancer): Ipv4[] {
  if (elbv2Of(cluster).state(lb) !== 'active') return [];
  const address = (s: LbSubnet) => (lb.scheme === 'internet-facing' && s.publicIp !== undefined ? s.publicIp : s.privateIp);
  const groups = targetGroupsOf(cluster, lb).map(({ tg }) => ({ tg, views: targetViews(cluster, tg) }));
  const healthyIn = (s: LbSubnet) => groups.every(({ tg, views }) => views.some((v) => v.state === 'healthy' && (crossZoneEnabled(lb, tg) || v.az === s.az)));
  const kept = lb.subnets.filter(healthyIn);
  return (kept.length ? kept : lb.subnets).map(address);
}

/** The load balancer whose DNS name this is (case-insensitive, with or without the final dot). */
export function nlbByDnsName(cluster: Cluster, name: string): LoadBalancer | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  return elbv2Of(cluster).loadBalancers.find((lb) => lb.dnsName.toLowerCase() === n);
}

/** Route 53's answer for an NLB name: its addresses in an order keyed by `key` (the query id, or a resolver's draw).
 *  Undefined when the name is no NLB's or does not resolve yet. */
export function nlbDnsAnswer(cluster: Cluster, name: string, key: number): Ipv4[] | undefined {
  const lb = nlbByDnsName(cluster, name);
  if (!lb) return undefined;
  const addrs = nlbDnsAddresses(cluster, lb);
  if (addrs.length === 0) return undefined;
  return createRng(`nlb-dns:${lb.arn}:${key}`).shuffle(addrs);
}

/** A 32-bit flow hash (FNV-1a over the words, then a finaliser), salted per load balancer. */
export function flowHash(salt: string, words: number[]): number {
  let h = 2166136261;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619);
  for (const w of words) {
    for (let b = 0; b < 4; b++) h = Math.imul(h ^ ((w >>> (8 * b)) & 0xff), 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface FlowTuple {
  proto: 'tcp' | 'udp';
  src: Ipv4;
  sport: number;
  dst: Ipv4;
  dport: number;
  /** The SYN's sequence number (TCP). */
  seq: number;
}

/** The target a new flow reaching `node` goes to, chosen as the NLB node does. */
export function chooseTarget(cluster: Cluster, node: NlbNode, flow: FlowTuple): TargetChoice {
  const { lb } = node;
  if (elbv2Of(cluster).state(lb) !== 'active') return { kind: 'none', why: `load balancer ${lb.name} is still provisioning` };
  const found = targetGroupsOf(cluster, lb).find(({ listener }) => listener.port === flow.dport && listener.protocol === flow.proto.toUpperCase());
  if (!found) return { kind: 'none', why: `no ${flow.proto.toUpperCase()} listener on port ${flow.dport}` };
  const { listener, tg } = found;
  const views = targetViews(cluster, tg);
  const crossZone = crossZoneEnabled(lb, tg);
  const enabledAzs = new Set(lb.subnets.map((s) => s.az));
  // Targets in AZs the load balancer has no subnet in never get traffic.
  const reachable = views.filter((v) => enabledAzs.has(v.az));
  const inScope = reachable.filter((v) => crossZone || v.az === node.subnet.az);
  let candidates = inScope.filter((v) => v.state === 'healthy');
  let failOpen = false;
  if (candidates.length === 0) {
    const live = reachable.filter((v) => v.state !== 'draining');
    if (live.length > 0 && live.every((v) => v.state === 'unhealthy')) {
      candidates = live;
      failOpen = true;
    }
  }
  if (candidates.length === 0) {
    const why = views.length === 0 ? `target group ${tg.name} has no registered targets`
      : `no healthy target in ${crossZone ? 'any enabled Availability Zone' : node.subnet.az} (cross-zone ${crossZone ? 'on' : 'off'})`;
    return { kind: 'none', why };
  }
  // A stable order, so that the hash alone decides.
  candidates = [...candidates].sort((a, b) => a.ip - b.ip || a.port - b.port);
  const h = flowHash(lb.arn, [flow.proto === 'tcp' ? 6 : 17, flow.src, flow.sport, flow.dst, flow.dport, flow.seq]);
  return { kind: 'target', target: candidates[h % candidates.length], listener, failOpen, candidates: candidates.length };
}
