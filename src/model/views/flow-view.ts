// What the packet stepper shows: one ping (request and reply) through the datapath, hop by hop, as plain data
// (JSON-safe, so a page can carry the first picture from build time). Flows are followed in a sandbox of the
// cluster's network: looking does not change conntrack, counters or what tcpdump sees.
import type { Cluster } from '../cluster/cluster.ts';
import type { Pod } from '../cluster/types.ts';
import { formatCidr, formatIpv4, type Ipv4 } from '../net/ipv4.ts';
import { type Endpoint, networkOf, type PathStep, pingExchange, type Transit } from '../net/network.ts';
import type { Packet } from '../net/packet.ts';
import { TcpdumpFormatter } from '../net/tcpdump-format.ts';

import type { FlowKind } from './flow-kinds.ts';

export type { FlowKind } from './flow-kinds.ts';

export interface HeaderView {
  src: string;
  dst: string;
  ttl: number;
  /** ICMP echo id (or the source port). */
  id: number;
}

export interface HopView {
  leg: 'request' | 'reply';
  /** Where the packet is: a host label, and the node or pod box the picture highlights. */
  place: string;
  box: string;
  iface?: string;
  direction?: 'in' | 'out';
  what: string;
  header: HeaderView;
  /** The header before this hop rewrote it; `changed` names the fields that differ. */
  before?: HeaderView;
  changed: (keyof HeaderView)[];
  route?: { rule: string; table: string; route: string };
  rules?: { table: string; chain: string; text: string }[];
  /** What tcpdump on this host prints now: on `any`, on eth0 and on the pod's veth (undefined: nothing). */
  tcpdump?: { host: string; any: string; eth0?: string; veth?: string; vethName?: string };
}

export interface BoxView {
  id: string;
  label: string;
  kind: 'pod' | 'node' | 'vpc' | 'igw' | 'internet' | 'bastion';
  /** For pods: the node box they sit in. */
  parent?: string;
  detail: string;
  ifaces: { name: string; ip?: string }[];
}

export interface FlowView {
  kind: FlowKind | 'terminal';
  title: string;
  command: string;
  hops: HopView[];
  outcome: string;
  boxes: BoxView[];
}

function header(p: Packet): HeaderView {
  return { src: formatIpv4(p.src), dst: formatIpv4(p.dst), ttl: p.ttl, id: p.icmp?.id ?? p.srcPort ?? 0 };
}

function boxOf(step: PathStep): string {
  const pl = step.place;
  if (pl.kind === 'pod' || pl.kind === 'node' || pl.kind === 'internet') return `${pl.kind}:${pl.name}`;
  return pl.kind;
}

function placeLabel(step: PathStep): string {
  const pl = step.place;
  if (pl.kind === 'pod') return `pod ${pl.name}`;
  if (pl.kind === 'node') return `node ${pl.name.split('.')[0]}`;
  if (pl.kind === 'internet') return pl.name;
  if (pl.kind === 'nlb') return `NLB ${pl.name} in ${pl.az}`;
  if (pl.kind === 'alb') return `ALB ${pl.name} in ${pl.az}`;
  return { vpc: 'the VPC', igw: 'internet gateway', natgw: 'NAT gateway', bastion: 'bastion', 'vpc-resolver': 'the VPC resolver' }[pl.kind];
}

function hopsOf(leg: 'request' | 'reply', t: Transit, formatters: Map<string, TcpdumpFormatter>): HopView[] {
  return t.steps.map((s) => {
    const h: HopView = {
      leg, place: placeLabel(s), box: boxOf(s), iface: s.iface, direction: s.direction, what: s.what, header: header(s.packet), changed: [],
      route: s.route, rules: s.rules,
    };
    if (s.before) {
      h.before = header(s.before);
      h.changed = (Object.keys(h.header) as (keyof HeaderView)[]).filter((k) => h.header[k] !== h.before![k]);
    }
    const c = s.captures[0];
    if (c) {
      let f = formatters.get(c.host);
      if (!f) formatters.set(c.host, (f = new TcpdumpFormatter()));
      const line = f.line({ at: c.at, packet: c.packet });
      const onPod = c.host.includes('/');
      h.tcpdump = {
        host: onPod ? `pod ${c.host.split('/')[1]}` : c.host.split('.')[0], any: line,
        eth0: c.iface === 'eth0' ? line : undefined,
        veth: !onPod && !c.iface.startsWith('eth') ? line : undefined,
        vethName: !onPod && !c.iface.startsWith('eth') ? c.iface : undefined,
      };
    }
    return h;
  });
}

function podBox(pod: Pod): BoxView {
  return {
    id: `pod:${pod.name}`, label: pod.name, kind: 'pod', parent: `node:${pod.nodeName}`, detail: pod.ip !== undefined ? formatIpv4(pod.ip) : '',
    ifaces: [{ name: 'eth0', ip: pod.ip !== undefined ? formatIpv4(pod.ip) : undefined }],
  };
}

function boxesFor(cluster: Cluster, hops: HopView[]): BoxView[] {
  const ids = [...new Set(hops.map((h) => h.box))];
  const boxes: BoxView[] = [];
  const add = (b: BoxView) => boxes.some((x) => x.id === b.id) || boxes.push(b);
  for (const id of ids) {
    const [kind, name] = id.split(':');
    if (kind === 'node' || kind === 'pod') {
      const pod = kind === 'pod' ? [...cluster.pods.values()].find((p) => p.name === name) : undefined;
      const node = cluster.node(kind === 'node' ? name : pod?.nodeName ?? '');
      if (node) {
        add({
          id: `node:${node.name}`, label: node.name.split('.')[0], kind: 'node', detail: node.az,
          ifaces: node.enis.filter((e) => e.ifindex !== undefined).map((e) => ({ name: `eth${e.deviceNumber}`, ip: formatIpv4(e.primaryIp) })),
        });
      }
      if (pod) add(podBox(pod));
    } else if (kind === 'internet') add({ id, label: name, kind: 'internet', detail: 'outside AWS', ifaces: [] });
    else add({ id, label: kind === 'vpc' ? 'VPC' : kind === 'igw' ? 'Internet gateway' : kind, kind: kind as BoxView['kind'], detail: kind === 'vpc' ? formatCidr(cluster.vpc.cidr) : '', ifaces: [] });
  }
  // Veths used on the way belong to their node box.
  for (const h of hops) {
    const node = boxes.find((b) => b.id === h.box && b.kind === 'node');
    if (node && h.iface && !node.ifaces.some((i) => i.name === h.iface)) node.ifaces.push({ name: h.iface });
  }
  return boxes;
}

/** The stepper's view of an exchange that happened (a ping in the terminal) or was followed in a sandbox. */
export function exchangeView(cluster: Cluster, kind: FlowView['kind'], title: string, command: string, there: Transit, back?: Transit): FlowView {
  const formatters = new Map<string, TcpdumpFormatter>();
  const hops = [...hopsOf('request', there, formatters), ...(back ? hopsOf('reply', back, formatters) : [])];
  const last = back ?? there;
  const outcome = there.dropped
    ? `The request is dropped: ${there.dropped}.`
    : !back || back.dropped || !back.received
      ? `The reply is lost${back?.dropped ? `: ${back.dropped}` : ''}.`
      : `The reply arrives with ttl=${back.received.ttl}, ${((last.at - there.steps[0].at)).toFixed(2)} ms after the request left.`;
  return { kind, title, command, hops, outcome, boxes: boxesFor(cluster, hops) };
}

/** The lab's pods the flows start from: netshoot pods if there are any, else any pods with VPC addresses. */
export function labPods(cluster: Cluster): Pod[] {
  const running = [...cluster.pods.values()].filter((p) => p.phase === 'Running' && !p.template.hostNetwork && p.ip !== undefined && p.veth);
  const netshoot = running.filter((p) => p.labels.app === 'netshoot-pod').sort((a, b) => (a.name < b.name ? -1 : 1));
  return [...netshoot, ...running.filter((p) => !netshoot.includes(p)).sort((a, b) => (a.name < b.name ? -1 : 1))];
}

/** Follows one kind of flow in a sandbox of the cluster's network; undefined when the cluster has no such pods. */
export function flowView(cluster: Cluster, kind: FlowKind): FlowView | undefined {
  const pods = labPods(cluster);
  const net = networkOf(cluster).sandbox();
  const at = cluster.now;
  const id = 4242;
  const pick = (): { from: Endpoint; dst: Ipv4; title: string; command: string } | undefined => {
    if (kind === 'same-node') {
      for (const a of pods) {
        const b = pods.find((p) => p !== a && p.nodeName === a.nodeName);
        if (b) return { from: { kind: 'pod', pod: a }, dst: b.ip!, title: `${a.name} → ${b.name} on the same node`, command: `kubectl exec ${a.name} -- ping -c 1 ${formatIpv4(b.ip!)}` };
      }
      return undefined;
    }
    if (kind === 'cross-node') {
      const a = pods[0];
      const b = pods.find((p) => a && p.nodeName !== a.nodeName);
      if (!a || !b) return undefined;
      return { from: { kind: 'pod', pod: a }, dst: b.ip!, title: `${a.name} → ${b.name} on another node`, command: `kubectl exec ${a.name} -- ping -c 1 ${formatIpv4(b.ip!)}` };
    }
    if (kind === 'internet') {
      const a = pods[1] ?? pods[0];
      if (!a) return undefined;
      return { from: { kind: 'pod', pod: a }, dst: net.resolve('www.google.com')!, title: `${a.name} → www.google.com`, command: `kubectl exec ${a.name} -- ping -c 1 www.google.com` };
    }
    const b = pods[1] ?? pods[0];
    const node = b && cluster.nodes.find((n) => n.name !== b.nodeName);
    if (!b || !node) return undefined;
    return { from: { kind: 'node', node }, dst: b.ip!, title: `node ${node.name.split('.')[0]} → ${b.name}`, command: `ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ping -c 1 ${formatIpv4(b.ip!)}` };
  };
  const p = pick();
  if (!p) return undefined;
  const { there, back } = pingExchange(net, p.from, p.dst, at, { id, seq: 1, size: 56 });
  return exchangeView(cluster, kind, p.title, p.command, there, back);
}
