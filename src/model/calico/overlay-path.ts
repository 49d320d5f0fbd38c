// The overlay's two steps in a packet's walk (src/model/net/network.ts calls them): into the tunnel device on the
// sending node, out of it on the receiving one. network.ts hands over the few things of its run they need.
import type { Cluster } from '../cluster/cluster.ts';
import type { Node } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import type { Capture, PathStep, Place } from '../net/network.ts';
import type { Packet } from '../net/packet.ts';
import { encapsulate, wireOverhead } from './overlay.ts';

export interface OverlayRun {
  cluster: Cluster;
  nextIpId(): number;
  capture(host: string, iface: string, direction: 'In' | 'Out', p: Packet, srcMac: string, dstMac: string): Capture;
  step(s: Omit<PathStep, 'at' | 'captures'>, captures: Capture[]): void;
  wait(ms: number): void;
  drop(place: Place, why: string, p: Packet): void;
  transmit(node: Node, dev: string, p: Packet): void;
  nodeIn(node: Node, iface: string, p: Packet, srcMac: string, dstMac: string): void;
  /** The filter table's verdict on a tunnel packet the node sends or receives: false when it is dropped. */
  filter(node: Node, chain: 'INPUT' | 'OUTPUT', p: Packet, inIface: string | undefined, outIface: string | undefined): boolean;
}

/** The encapsulation's work per packet (a UDP socket send through the stack or an IP header push), in ms. */
const ENCAP_MS = 0.006;

export function tunnelOut(run: OverlayRun, node: Node, inner: Packet): void {
  const place: Place = { kind: 'node', name: node.name };
  const res = encapsulate(run.cluster, node, inner, run.nextIpId());
  if ('error' in res) return run.drop(place, res.error, inner);
  const tunnel = run.cluster.calico!.tunnel(node)!;
  const outer = res.outer;
  const enc = outer.encap!;
  // tcpdump -i vxlan.calico sees the inner frame; -i tunl0 the bare inner packet.
  const c = run.capture(node.name, tunnel.name, 'Out', inner, tunnel.mac, enc.innerDstMac ?? '00:00:00:00:00:00');
  const how = enc.kind === 'vxlan'
    ? `VXLAN (VNI ${enc.vni}, UDP ${outer.srcPort} → 4789)`
    : 'IP-in-IP (IP protocol 4)';
  run.step({
    place, iface: tunnel.name, direction: 'out',
    what: `leaves through ${tunnel.name}: encapsulated in ${how} from ${formatIpv4(outer.src)} to ${res.remote.name} (${formatIpv4(outer.dst)}), ${wireOverhead(outer)} bytes more on the wire; the inner packet is unchanged`,
    packet: outer, before: inner,
  }, [c]);
  run.wait(ENCAP_MS);
  // The outer packet is the node's own: through the filter table's OUTPUT (felix's cali-OUTPUT allows VXLAN and
  // IP-in-IP to other Calico nodes), then out of eth0 by the main table. Nothing in nat rewrites node-to-node
  // traffic, so the model does not walk nat for it.
  if (!run.filter(node, 'OUTPUT', outer, undefined, 'eth0')) return;
  run.transmit(node, 'eth0', outer);
}

export function tunnelIn(run: OverlayRun, node: Node, iface: string, outer: Packet, srcMac: string, dstMac: string): void {
  const place: Place = { kind: 'node', name: node.name };
  const calico = run.cluster.calico;
  const tunnel = calico?.tunnel(node);
  const c = run.capture(node.name, iface, 'In', outer, srcMac, dstMac);
  const enc = outer.encap!;
  if (!tunnel || enc.kind !== calico!.encapsulation) {
    run.step({ place, iface, direction: 'in', what: `enters the node on ${iface}`, packet: outer }, [c]);
    return run.drop(place, enc.kind === 'vxlan' ? 'no VXLAN device listens on UDP port 4789: port unreachable' : 'protocol 4 (IP-in-IP) has no tunnel device', outer);
  }
  // INPUT first: felix's cali-INPUT accepts the encapsulation only from Calico nodes (all-vxlan-net, all-hosts-net).
  if (!run.filter(node, 'INPUT', outer, iface, undefined)) return;
  const inner = enc.inner;
  run.step({ place, iface, direction: 'in', what: `enters the node on ${iface} and ${tunnel.name} decapsulates it: the inner packet comes out of ${tunnel.name} as it went in`, packet: inner, before: outer }, [c]);
  run.wait(ENCAP_MS);
  run.nodeIn(node, tunnel.name, inner, enc.innerSrcMac ?? '00:00:00:00:00:00', enc.innerDstMac ?? tunnel.mac);
}
