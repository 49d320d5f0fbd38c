// The overlay's datapath: what the tunnel device does to a pod's packet leaving for another node, and what the far
// node does with it. The inner packet is carried untouched (same addresses, same TTL); the outer one goes from
// node address to node address across the VPC, which knows nothing of 172.16.0.0/16.
// - VXLAN (Linux drivers/net/vxlan.c, vxlan_xmit_one): outer IPv4 + UDP to port 4789 + 8-byte VXLAN header with the
//   I flag and VNI 4096 + the inner Ethernet frame (vxlan.calico's MAC → the remote VTEP's MAC). Outer TTL: the
//   device's `ttl auto` (felix sets none), i.e. the route's hop limit, 64. UDP source port: udp_flow_src_port, a
//   hash of the inner flow scaled into the local port range 32768–60999 (the model's hash is FNV-1a, not the
//   kernel's jhash: per-flow stable, values differ).
// - IP-in-IP (net/ipv4/ipip.c, tunl0 "ttl inherit"): an outer IPv4 header, protocol 4, whose TTL is the inner one's.
import type { Cluster } from '../cluster/cluster.ts';
import type { Node } from '../cluster/types.ts';
import type { Ipv4 } from '../net/ipv4.ts';
import { DEFAULT_TTL, ipTotalLength, type Packet } from '../net/packet.ts';
import { VXLAN_PORT, VXLAN_VNI } from './config.ts';

export type Encapsulated = { outer: Packet; remote: Node } | { error: string };

const PORT_MIN = 32768;
const PORT_MAX = 61000;
/** Inner Ethernet header a VXLAN packet carries (no FCS, no VLAN tag). */
const INNER_ETHERNET = 14;
const VXLAN_HEADER = 8;

/** The node whose block holds `dst`: the tunnel's far end. */
export function remoteNodeFor(cluster: Cluster, dst: Ipv4): Node | undefined {
  const block = cluster.calico?.ipam.blockOf(dst);
  return block ? cluster.node(block.host) : undefined;
}

export function encapsulate(cluster: Cluster, node: Node, inner: Packet, ipId: number): Encapsulated {
  const calico = cluster.calico;
  if (!calico) return { error: 'no tunnel device' };
  const remote = remoteNodeFor(cluster, inner.dst);
  const here = calico.tunnel(node);
  const there = remote ? calico.tunnel(remote) : undefined;
  if (!remote || !here || !there || remote === node) return { error: `no tunnel endpoint for ${inner.dst}` };
  const src = node.enis[0].primaryIp;
  const dst = remote.enis[0].primaryIp;
  if (calico.encapsulation === 'ipip') {
    return { remote, outer: { proto: 'ipip', src, dst, ttl: inner.ttl, ipId, length: ipTotalLength(inner), encap: { kind: 'ipip', inner } } };
  }
  return {
    remote,
    outer: {
      proto: 'udp', src, dst, srcPort: vxlanSourcePort(inner), dstPort: VXLAN_PORT, ttl: DEFAULT_TTL, ipId,
      length: VXLAN_HEADER + INNER_ETHERNET + ipTotalLength(inner),
      encap: { kind: 'vxlan', inner, vni: VXLAN_VNI, innerSrcMac: here.mac, innerDstMac: there.mac },
    },
  };
}

/** Bytes the encapsulation adds to a frame on the wire (outer frame minus inner frame, Ethernet headers included). */
export function wireOverhead(outer: Packet): number {
  if (!outer.encap) return 0;
  return 14 + ipTotalLength(outer) - (14 + ipTotalLength(outer.encap.inner));
}

/** udp_flow_src_port's shape: a flow hash scaled into [min, max). */
export function vxlanSourcePort(inner: Packet): number {
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    for (let i = 0; i < 4; i++) {
      h ^= (n >>> (8 * i)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  mix(inner.src);
  mix(inner.dst);
  mix(inner.proto === 'icmp' ? 1 : inner.proto === 'tcp' ? 6 : inner.proto === 'udp' ? 17 : 4);
  mix(((inner.srcPort ?? 0) << 16) | (inner.dstPort ?? 0));
  return Math.floor((h * (PORT_MAX - PORT_MIN)) / 2 ** 32) + PORT_MIN;
}

/** The address a node's ICMP error to `dst` leaves from: the kernel routes it back, and a route through the tunnel
 *  device gives the tunnel's address as the source (traceroute then shows the far node by its tunnel address). */
export function tunnelSourceFor(cluster: Cluster, node: Node, dst: Ipv4): Ipv4 | undefined {
  const remote = remoteNodeFor(cluster, dst);
  if (!remote || remote === node) return undefined;
  return cluster.calico?.tunnel(node)?.address;
}
