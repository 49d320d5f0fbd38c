// What a node's and a pod's network namespace hold, as the VPC CNI (v1.12.6) sets them up: interfaces in
// ifindex order, the main and per-ENI route tables, and the policy rules. `ip`, `route` and (later) the
// packet path read these. Sources: pkg/networkutils/network.go and cmd/routed-eni-cni-plugin/driver/driver.go.
import type { Cluster } from '../cluster/cluster.ts';
import type { Node, Pod } from '../cluster/types.ts';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { type Cidr, formatIpv4, type Ipv4, parseIpv4 } from './ipv4.ts';
import { networkOf } from './network.ts';
import { calicoBlockRoutes, calicoRules, calicoTunnelInterface } from '../calico/host.ts';

export interface Interface {
  ifindex: number;
  name: string;
  /** `@ifN`: the peer's index for veths (the pod's eth0 is ifindex 3 in its namespace). */
  peer?: number;
  /** vxlan / ipip: Calico's tunnel devices (vxlan.calico, tunl0). */
  kind: 'loopback' | 'eni' | 'veth' | 'dummy' | 'vxlan' | 'ipip';
  mac: string;
  mtu: number;
  ipv4?: { address: Ipv4; prefix: number; broadcast?: Ipv4 };
  /** Further addresses, in the order they were added (kube-ipvs0 carries every ClusterIP). */
  moreIpv4?: { address: Ipv4; prefix: number }[];
  /** The other end's network namespace (host veths), or `link-netnsid 0` (a pod's eth0). */
  netns?: string;
  linkNetnsId?: number;
}

export interface Route {
  /** undefined for `default`. */
  dst?: Cidr;
  via?: Ipv4;
  /** '' for a blackhole route. */
  dev: string;
  /** kernel; Calico's: 80 (felix's blackholes), bird (BIRD's routes with IPIP). */
  proto?: string;
  scope?: 'link' | 'host';
  src?: Ipv4;
  /** RTNH_F_ONLINK: the gateway is on the device even though no route says so (Calico's tunnel routes). */
  onlink?: true;
  /** RTN_BLACKHOLE: packets to it are dropped (Calico's local blocks, below the pods' /32 routes). RTN_LOCAL and
   *  RTN_BROADCAST: the local table's own addresses and broadcast addresses. */
  type?: 'blackhole' | 'local' | 'broadcast';
}

export interface Rule {
  priority: number;
  /** `from all`, `from 192.168.1.10`. */
  from?: Ipv4;
  to?: Ipv4;
  fwmark?: string;
  table: string;
}

const MTU = 9001;
const IMDS = parseIpv4('169.254.169.254')!;
export const POD_GATEWAY = parseIpv4('169.254.1.1')!;

/** A running pod's host veth exists from the CNI ADD until the CNI DEL. */
function vethPods(cluster: Cluster, node: Node): Pod[] {
  return cluster.podsOn(node).filter((p) => p.veth !== undefined).sort((a, b) => a.veth!.ifindex - b.veth!.ifindex);
}

export function nodeInterfaces(cluster: Cluster, node: Node): Interface[] {
  const list: Interface[] = [{ ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, ipv4: { address: parseIpv4('127.0.0.1')!, prefix: 8 } }];
  const tunnel = cluster.calico ? calicoTunnelInterface(cluster.calico, node) : undefined;
  if (tunnel) list.push(tunnel);
  for (const eni of node.enis) {
    if (eni.ifindex === undefined) continue;
    // Each ENI sits in its own subnet (another one than the node's under custom networking).
    const subnet = cluster.subnet(eni.subnetId);
    const broadcast = subnet.cidr.base + 2 ** (32 - subnet.cidr.prefix) - 1;
    list.push({ ifindex: eni.ifindex, name: `eth${eni.deviceNumber}`, kind: 'eni', mac: eni.mac, mtu: MTU, ipv4: { address: eni.primaryIp, prefix: subnet.cidr.prefix, broadcast } });
  }
  // kube-proxy's ipvs mode: the dummy interface kube-ipvs0, down, with every ClusterIP as a /32.
  const run = cluster.kubeProxies.on(node.name);
  if (run.config.mode === 'ipvs' && run.dummy) {
    const bound = (networkOf(cluster).ipvs(node)?.proxy.bound ?? []).map((a) => ({ address: parseIpv4(a)!, prefix: 32 }));
    list.push({
      ifindex: run.dummy.ifindex, name: 'kube-ipvs0', kind: 'dummy', mac: run.dummy.mac, mtu: 1500,
      ...(bound.length ? { ipv4: bound[0], moreIpv4: bound.slice(1) } : {}),
    });
  }
  for (const pod of vethPods(cluster, node)) {
    list.push({ ifindex: pod.veth!.ifindex, name: pod.veth!.name, peer: 3, kind: 'veth', mac: pod.veth!.mac, mtu: podMtu(cluster), netns: pod.veth!.netns });
  }
  return list.sort((a, b) => a.ifindex - b.ifindex);
}

/** ipamd removes the secondary ENIs' connected routes from main; each ENI gets table deviceNumber + 1. */
export function nodeRoutes(cluster: Cluster, node: Node, table = 'main'): Route[] {
  if (table === 'local' || table === '255') return localRoutes(nodeInterfaces(cluster, node));
  const subnet = cluster.subnet(node.subnetId);
  const gateway = subnet.cidr.base + 1;
  if (table === 'main' || table === '254') {
    const eth0 = node.enis[0];
    const routes: Route[] = [
      { via: gateway, dev: 'eth0' },
      { dst: { base: IMDS, prefix: 32 }, dev: 'eth0' },
      { dst: subnet.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: eth0.primaryIp },
      ...vethPods(cluster, node).map((p): Route => ({ dst: { base: p.ip!, prefix: 32 }, dev: p.veth!.name, scope: 'link' })),
      ...(cluster.calico ? calicoBlockRoutes(cluster, cluster.calico, node) : []),
    ];
    return routes.sort((a, b) => (a.dst?.base ?? -1) - (b.dst?.base ?? -1) || (a.dst?.prefix ?? 0) - (b.dst?.prefix ?? 0));
  }
  const eni = node.enis.find((e) => e.ifindex !== undefined && e.deviceNumber > 0 && String(e.deviceNumber + 1) === table);
  if (!eni) return [];
  const dev = `eth${eni.deviceNumber}`;
  const eniGateway = cluster.subnet(eni.subnetId).cidr.base + 1;
  return [{ via: eniGateway, dev }, { dst: { base: eniGateway, prefix: 32 }, dev, scope: 'link' }];
}

/** Route tables that exist on the node (for `ip route show table all`). */
export function nodeRouteTables(node: Node): string[] {
  return ['main', ...node.enis.filter((e) => e.ifindex !== undefined && e.deviceNumber > 0).map((e) => String(e.deviceNumber + 1)), 'local'];
}

/**
 * The local table (255) the kernel keeps for a namespace's addresses, as Linux 5.10's fib_add_ifaddr fills it for
 * each IPv4 address: `local ADDR` (scope host); on a device that is up, its explicit broadcast address, and for a
 * prefix shorter than /31 the network's first and last addresses as `broadcast` (5.14 stopped adding the first);
 * a loopback device's prefix is `local` too (127.0.0.0/8). An identical route is added once; the same broadcast
 * address on two devices (ENIs in one subnet) twice. The kernel dumps the table by address, a longer prefix first.
 */
export function localRoutes(interfaces: readonly Interface[]): Route[] {
  const routes: Route[] = [];
  const add = (r: Route) => {
    if (!routes.some((x) => x.type === r.type && x.dst!.base === r.dst!.base && x.dst!.prefix === r.dst!.prefix && x.dev === r.dev && x.src === r.src)) routes.push(r);
  };
  for (const i of interfaces) {
    const up = i.kind !== 'dummy';
    const addresses: { address: Ipv4; prefix: number; broadcast?: Ipv4 }[] = [...(i.ipv4 ? [i.ipv4] : []), ...(i.moreIpv4 ?? [])];
    for (const a of addresses) {
      const host = (type: 'local' | 'broadcast', base: Ipv4, prefix = 32): Route =>
        ({ type, dst: { base, prefix }, dev: i.name, proto: 'kernel', scope: type === 'local' ? 'host' : 'link', src: a.address });
      add(host('local', a.address));
      if (!up) continue;
      if (a.broadcast !== undefined && a.broadcast !== 0xffffffff) add(host('broadcast', a.broadcast));
      const mask = a.prefix === 0 ? 0 : (0xffffffff << (32 - a.prefix)) >>> 0;
      const network = (a.address & mask) >>> 0;
      if (a.prefix < 32) {
        if (i.kind === 'loopback') add(host('local', network, a.prefix));
        if (a.prefix < 31) {
          add(host('broadcast', network));
          add(host('broadcast', (network | ~mask) >>> 0));
        }
      }
    }
  }
  // Stable: routes to one address keep the order they were added in.
  return routes.sort((x, y) => x.dst!.base - y.dst!.base || y.dst!.prefix - x.dst!.prefix);
}

export function nodeRules(cluster: Cluster, node: Node): Rule[] {
  if (cluster.calico) return calicoRules();
  const pods = vethPods(cluster, node);
  return [
    { priority: 0, table: 'local' },
    ...pods.map((p): Rule => ({ priority: 512, to: p.ip, table: 'main' })),
    { priority: 1024, fwmark: '0x80/0x80', table: 'main' },
    ...pods.filter((p) => (p.eniDevice ?? 0) > 0).map((p): Rule => ({ priority: 1536, from: p.ip, table: String(p.eniDevice! + 1) })),
    { priority: 32766, table: 'main' },
    { priority: 32767, table: 'default' },
  ];
}

/** The pod end of the veth pair: a MAC the kernel picked at random; stable per pod here. */
const eth0Macs = new WeakMap<Pod, string>();

export function podEth0Mac(pod: Pod): string {
  let mac = eth0Macs.get(pod);
  if (mac === undefined) {
    const b = bytesToHex(sha1(utf8ToBytes(`${pod.namespace}.${pod.name}.eth0`))).slice(0, 12).match(/../g)!;
    b[0] = ((parseInt(b[0], 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
    eth0Macs.set(pod, (mac = b.join(':')));
  }
  return mac;
}

/** The MTU of a pod's eth0 and its host veth: AWS_VPC_ENI_MTU (9001), or Calico's veth MTU. */
export function podMtu(cluster: Cluster): number {
  return cluster.calico?.mtu ?? MTU;
}

export function podInterfaces(pod: Pod, mtu = MTU): Interface[] {
  const lo: Interface = { ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, ipv4: { address: parseIpv4('127.0.0.1')!, prefix: 8 } };
  if (!pod.veth || pod.ip === undefined) return [lo];
  return [lo, { ifindex: 3, name: 'eth0', peer: pod.veth.ifindex, kind: 'veth', mac: podEth0Mac(pod), mtu, ipv4: { address: pod.ip, prefix: 32 }, linkNetnsId: 0 }];
}

export function podRoutes(pod: Pod): Route[] {
  if (!pod.veth) return [];
  return [{ via: POD_GATEWAY, dev: 'eth0' }, { dst: { base: POD_GATEWAY, prefix: 32 }, dev: 'eth0', scope: 'link' }];
}

/**
 * A route as `ip route` prints it: iproute2's print_route ends every field with a space, the last one too, and
 * `ip -c` colours an address or a device together with its space (`paint`).
 */
export function routeLine(r: Route, paint: (kind: 'addr' | 'dev', text: string) => string = (_k, t) => t, table?: string): string {
  const dst = r.dst ? (r.dst.prefix === 32 ? formatIpv4(r.dst.base) : `${formatIpv4(r.dst.base)}/${r.dst.prefix}`) : 'default';
  let line = r.type ? `${r.type} ` : '';
  line += r.dst ? paint('addr', `${dst} `) : `${dst} `;
  if (r.via !== undefined) line += `via ${paint('addr', `${formatIpv4(r.via)} `)}`;
  if (r.type !== 'blackhole') line += `dev ${paint('dev', `${r.dev} `)}`;
  // A table other than main is named after the device (iproute2's print_route), as `ip route show table all` shows.
  if (table !== undefined) line += `table ${table} `;
  if (r.proto) line += `proto ${r.proto} `;
  if (r.scope) line += `scope ${r.scope} `;
  if (r.src !== undefined) line += `src ${paint('addr', `${formatIpv4(r.src)} `)}`;
  // iproute2 prints the next hop's flags last.
  if (r.onlink) line += 'onlink ';
  return line;
}

/** A route in words, without the trailing space (the packet path's explanations). */
export function routeText(r: Route): string {
  return routeLine(r).trimEnd();
}

/** A policy rule as `ip rule` prints it. */
export function ruleText(r: Rule): string {
  const from = r.from !== undefined ? formatIpv4(r.from) : 'all';
  const to = r.to !== undefined ? ` to ${formatIpv4(r.to)}` : '';
  const mark = r.fwmark ? ` fwmark ${r.fwmark}` : '';
  return `${r.priority}:\tfrom ${from}${to}${mark} lookup ${r.table}`;
}
