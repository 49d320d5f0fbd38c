// What the NLB widget shows: how a LoadBalancer Service became a Network Load Balancer (its target group, the
// targets the controller registered and their health now) and where one request from the bastion goes through it,
// as plain data. Nothing here decides anything: the settings are read from the Service and the ELBv2 objects the
// controller built, the targets and their states are the data plane's own (aws/nlb-dataplane.ts), and the request
// is a TCP SYN followed through the datapath (net/network.ts) in a sandbox, so looking leaves no trace in conntrack,
// counters or tcpdump. This module only groups the datapath's steps by the host they happened on and names, for a
// reader, what each host did to the packet.
import { awsAccount } from '../aws/account.ts';
import type { LoadBalancer, TargetGroup, TargetState } from '../aws/elbv2.ts';
import { crossZoneEnabled, nlbDnsAddresses, preservesClientIp, targetViews } from '../aws/nlb-dataplane.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Service } from '../cluster/types.ts';
import { nlbSpec, ownsService } from '../lb-controller/controller.ts';
import { healthProbe } from '../lb-controller/health.ts';
import { formatIpv4, type Ipv4 } from '../net/ipv4.ts';
import { networkOf, type PathStep } from '../net/network.ts';
import type { Packet } from '../net/packet.ts';

export interface NlbSettings {
  targetType: 'ip' | 'instance';
  externalTrafficPolicy: 'Cluster' | 'Local';
  crossZone: boolean;
}

export interface NlbTargetRow {
  /** The registered target as DescribeTargetHealth lists it: a pod IP or an instance ID, and its port. */
  id: string;
  port: number;
  az: string;
  state: TargetState;
  reason?: string;
  /** What the target is in the cluster: `pod deploy-echo-…` or `node ip-192-168-1-145`, and for a node the
   *  Service's pods running on it. */
  what: string;
}

export interface NlbHop {
  /** `bastion`, `internet gateway`, `NLB node in ap-northeast-2a`, `node ip-192-168-2-20`, `pod deploy-echo-…`. */
  place: string;
  kind: 'client' | 'network' | 'nlb' | 'node' | 'pod';
  /** The datapath's own words for each thing that happened there. */
  what: string[];
  /** The addresses before and after this host translated the packet. */
  nat?: { before: string; after: string }[];
  /** On a node: what kube-proxy's rules did (a DNAT to an endpoint, a masquerade mark, or nothing). */
  kubeProxy?: string;
}

export interface NlbRequestView {
  /** Which request of the client this is (0: the first); each gets a fresh DNS answer and source port. */
  index: number;
  /** `TCP SYN 192.168.1.100:41000 → k8s-….elb.…:80 (52.79.96.106)`. */
  packet: string;
  hops: NlbHop[];
  /** The pod that got it, the source address it sees, and whose address that is. */
  receiver?: string;
  clientSeen?: string;
  /** Whose address that is: the bastion's public one, the client's own, the NLB's in `az`, `node`'s, or another
   *  of the path (data: the widget words it in the page's language). */
  clientIs?: { kind: 'public' | 'own' | 'nlb' | 'node' | 'path'; az?: string; node?: string };
  /** Whether a node's kube-proxy translated the destination on the way. */
  kubeProxyDnat: boolean;
  outcome: string;
}

export interface NlbPathView {
  service: string;
  settings: NlbSettings;
  loadBalancer: { name: string; dnsName: string; scheme: string; state: string; azs: string[] };
  /** The addresses the NLB's name resolves to now, with their AZs (an AZ without a healthy target drops out). */
  dns: { address: string; az: string }[];
  targetGroup: { name: string; port: number; healthCheck: string; preserveClientIp: boolean };
  targets: NlbTargetRow[];
  request: NlbRequestView;
}

export type NlbPathResult = NlbPathView | { error: string };

const shortNode = (name: string) => name.split('.')[0];
const addr = (ip: Ipv4, port?: number) => (port === undefined ? formatIpv4(ip) : `${formatIpv4(ip)}:${port}`);
const flow = (p: Packet) => `${addr(p.src, p.srcPort)} → ${addr(p.dst, p.dstPort)}`;
/** A fixed first source port: the sandbox's random stream would repeat the cluster's own first port. */
const CLIENT_PORT = 41000;

function placeOf(s: PathStep): { key: string; place: string; kind: NlbHop['kind'] } {
  const p = s.place;
  if (p.kind === 'pod') return { key: `pod:${p.name}`, place: `pod ${p.name}`, kind: 'pod' };
  if (p.kind === 'node') return { key: `node:${p.name}`, place: `node ${shortNode(p.name)}`, kind: 'node' };
  if (p.kind === 'nlb') return { key: `nlb:${p.az}`, place: `NLB node in ${p.az}`, kind: 'nlb' };
  if (p.kind === 'alb') return { key: `alb:${p.az}`, place: `ALB node in ${p.az}`, kind: 'network' };
  if (p.kind === 'bastion') return { key: 'bastion', place: 'bastion (the client)', kind: 'client' };
  if (p.kind === 'internet') return { key: `internet:${p.name}`, place: p.name, kind: 'network' };
  const names = { vpc: 'the VPC', igw: 'internet gateway', natgw: 'NAT gateway', 'vpc-resolver': 'the VPC resolver' } as const;
  return { key: p.kind, place: names[p.kind], kind: 'network' };
}

/** What kube-proxy's rules did to the packet at a node, from the rules it hit there. */
function kubeProxyAt(steps: PathStep[]): string | undefined {
  const hits = steps.flatMap((s) => s.rules ?? []).filter((r) => r.chain.startsWith('KUBE-') || r.text.includes(' -j KUBE-'));
  if (hits.length === 0) return undefined;
  const dnat = hits.find((r) => / -j DNAT /.test(r.text));
  const sep = dnat?.chain;
  const to = dnat && /--to-destination (\S+)/.exec(dnat.text)?.[1];
  const nodePort = hits.find((r) => r.chain === 'KUBE-NODEPORTS');
  const masq = hits.some((r) => r.chain.startsWith('KUBE-EXT-') && r.text.includes('KUBE-MARK-MASQ'));
  const local = hits.some((r) => r.chain.startsWith('KUBE-SVL-') || (r.chain.startsWith('KUBE-EXT-') && r.text.includes('KUBE-SVL-')));
  const drop = hits.some((r) => r.text.includes('KUBE-MARK-DROP'));
  if (dnat) {
    const np = /--dport (\d+)/.exec(nodePort?.text ?? '')?.[1];
    const how = masq ? ', and marks the connection for masquerade (externalTrafficPolicy: Cluster)' : local ? ', an endpoint on this node (externalTrafficPolicy: Local: no masquerade)' : '';
    return `${np ? `NodePort ${np}: ` : ''}${sep} DNATs to ${to}${how}`;
  }
  if (drop) return 'no endpoint on this node: KUBE-SVL-… marks the packet for drop (externalTrafficPolicy: Local)';
  return 'KUBE-SERVICES is walked but no rule matches: the destination is a pod, not a Service address or NodePort';
}

function hopsOf(steps: PathStep[]): NlbHop[] {
  const groups: { key: string; hop: NlbHop; steps: PathStep[] }[] = [];
  for (const s of steps) {
    const p = placeOf(s);
    let g = groups[groups.length - 1];
    if (!g || g.key !== p.key) groups.push((g = { key: p.key, hop: { place: p.place, kind: p.kind, what: [] }, steps: [] }));
    g.steps.push(s);
    if (!g.hop.what.includes(s.what)) g.hop.what.push(s.what);
    if (s.before && flow(s.before) !== flow(s.packet)) {
      (g.hop.nat ??= []).push({ before: flow(s.before), after: flow(s.packet) });
    }
  }
  for (const g of groups) {
    if (g.hop.kind === 'node') {
      const k = kubeProxyAt(g.steps);
      if (k) g.hop.kubeProxy = k;
    }
  }
  return groups.map((g) => g.hop);
}

/** The LoadBalancer Services the controller owns, `namespace/name`, the lab's echo Service first. */
export function nlbServices(cluster: Cluster): string[] {
  return cluster.store.list<Service>('Service').filter(ownsService).map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
}

function findStack(cluster: Cluster, key: string): { svc: Service; lb: LoadBalancer; tg: TargetGroup } | { error: string } {
  const [ns, name] = key.split('/');
  const svc = cluster.store.get<Service>('Service', ns, name ?? '');
  if (!svc) return { error: `No Service ${key} in this cluster.` };
  if (!ownsService(svc)) return { error: `${key} is not a LoadBalancer Service the AWS Load Balancer Controller owns (no loadBalancerClass service.k8s.aws/nlb).` };
  const elbv2 = awsAccount(cluster).elbv2;
  const lb = elbv2.loadBalancers.find((l) => l.tags['service.k8s.aws/stack'] === key);
  if (!lb) {
    const failed = cluster.recorder.about('Service', ns, name).filter((e) => e.reason === 'FailedBuildModel').pop();
    return { error: `The controller has built no load balancer for ${key} yet${failed?.message ? `: ${failed.message}` : ' (is it installed and running?)'}.` };
  }
  const listener = elbv2.listeners.find((l) => l.loadBalancerArn === lb.arn);
  const tg = elbv2.targetGroups.find((t) => t.arn === listener?.targetGroupArn);
  if (!tg) return { error: `${lb.name} has no listener with a target group yet.` };
  return { svc, lb, tg };
}

/** The Service's NLB, its targets now, and request number `index` from the bastion followed through it. */
export function nlbPath(cluster: Cluster, key: string, index = 0): NlbPathResult {
  const stack = findStack(cluster, key);
  if ('error' in stack) return stack;
  const { svc, lb, tg } = stack;
  const elbv2 = awsAccount(cluster).elbv2;
  const spec = nlbSpec(svc);
  const pods = [...cluster.pods.values()];
  const probe = healthProbe(cluster);
  const targets: NlbTargetRow[] = targetViews(cluster, tg).map((v) => {
    const h = elbv2.health(tg, v.target, probe);
    let what: string;
    if (tg.targetType === 'ip') {
      const pod = pods.find((p) => p.ip === v.ip && p.phase !== 'Terminating');
      what = pod ? `pod ${pod.name}` : 'no pod';
    } else {
      const node = cluster.nodes.find((n) => n.instanceId === v.target.id);
      const selector = svc.spec.selector ?? {};
      const here = pods.filter((p) => p.nodeName === node?.name && p.namespace === svc.metadata.namespace && p.phase === 'Running'
        && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, x]) => p.labels[k] === x));
      what = `node ${shortNode(node?.name ?? v.target.id)} (${here.length} of the Service’s pods on it)`;
    }
    return { id: v.target.id, port: v.port, az: v.az, state: v.state, ...(v.state !== 'healthy' && h.reason ? { reason: h.reason } : {}), what };
  });
  const hc = tg.healthCheck;
  const healthCheck = `${hc.protocol} ${hc.port === 'traffic-port' ? 'traffic-port' : `port ${hc.port}`}${hc.path ? ` ${hc.path}` : ''}, every ${hc.intervalSeconds} s, healthy after ${hc.healthyThreshold}`;
  const dnsList = nlbDnsAddresses(cluster, lb);
  const dns = dnsList.map((a) => ({ address: formatIpv4(a), az: lb.subnets.find((s) => s.publicIp === a || s.privateIp === a)?.az ?? '' }));

  // The request: the bastion resolves the name (a fresh answer each time) and connects to the first address.
  const net = networkOf(cluster).sandbox();
  const n = Math.max(0, Math.min(Math.floor(index), 99));
  let dst: Ipv4 | undefined;
  for (let k = 0; k <= n; k++) dst = net.resolve(lb.dnsName);
  const view: NlbPathView = {
    service: key,
    settings: { targetType: spec.targetType, externalTrafficPolicy: svc.spec.externalTrafficPolicy ?? 'Cluster', crossZone: crossZoneEnabled(lb, tg) },
    loadBalancer: { name: lb.name, dnsName: lb.dnsName, scheme: lb.scheme, state: elbv2.state(lb), azs: lb.subnets.map((s) => s.az) },
    dns, targetGroup: { name: tg.name, port: tg.port, healthCheck, preserveClientIp: preservesClientIp(tg) }, targets,
    request: { index: n, packet: '', hops: [], kubeProxyDnat: false, outcome: '' },
  };
  const port = svc.spec.ports[0]?.port ?? 80;
  if (dst === undefined || dnsList.length === 0) {
    view.request.packet = `TCP SYN → ${lb.dnsName}:${port}`;
    view.request.outcome = `${lb.dnsName} does not resolve yet: the load balancer is ${elbv2.state(lb)}.`;
    return view;
  }
  const src = net.bastion.ip;
  const sport = CLIENT_PORT + n;
  const syn: Packet = {
    proto: 'tcp', src, dst, srcPort: sport, dstPort: port, ttl: 64, ipId: net.nextIpId(), length: 0,
    tcp: { flags: 'S', seq: 1_000_000 + n, ack: 0, window: 62727, tsVal: 1, tsEcr: 0 },
  };
  const there = net.send({ kind: 'bastion' }, syn, cluster.now);
  const r = view.request;
  r.packet = `TCP SYN ${addr(src, sport)} → ${lb.dnsName}:${port} (${formatIpv4(dst)})`;
  r.hops = hopsOf(there.steps);
  r.kubeProxyDnat = r.hops.some((h) => h.kubeProxy?.includes('DNAT'));
  if (!there.received || there.receiver?.kind !== 'pod') {
    r.outcome = `The SYN does not reach a pod: ${there.dropped ?? 'it is lost'}. The client’s connect() times out.`;
    return view;
  }
  const got = there.received;
  const seen = got.src;
  r.receiver = `pod ${there.receiver.pod.name}`;
  r.clientSeen = formatIpv4(seen);
  const lbNode = lb.subnets.find((s) => s.privateIp === seen);
  const node = cluster.nodes.find((nd) => nd.enis.some((e) => e.primaryIp === seen));
  r.clientIs = seen === net.bastion.publicIp ? { kind: 'public' }
    : seen === src ? { kind: 'own' }
      : lbNode ? { kind: 'nlb', az: lbNode.az }
        : node ? { kind: 'node', node: shortNode(node.name) } : { kind: 'path' };
  r.outcome = `${r.receiver} accepts ${addr(got.src, got.srcPort)} → ${addr(got.dst, got.dstPort)}; the client address it sees is ${r.clientSeen}.`;
  return view;
}
