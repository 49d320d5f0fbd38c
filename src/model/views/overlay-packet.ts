// One pod-to-pod ping across two nodes, header by header, as it crosses the VPC: on the VPC CNI (the pod's packet
// itself) or inside Calico's VXLAN or IP-in-IP. The addresses, ports, MACs and TTLs come from the packet the model's
// datapath puts on the sending node's eth0 (followed in a sandbox, so nothing is captured or counted); the sizes
// from the model's own rules: the pod's MTU (AWS_VPC_ENI_MTU on the VPC CNI; the underlay's MTU less the
// encapsulation's overhead under Calico, calico/config.ts autoMtu), the encapsulation's bytes
// (calico/overlay.ts wireOverhead), and Linux's fragmentation (net/fragment.ts) when the ping does not fit.
import { autoMtu, type CniMode, VXLAN_PORT } from '../calico/config.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { wireOverhead } from '../calico/overlay.ts';
import { fragmentLengths } from '../net/fragment.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { type Capture, networkOf } from '../net/network.ts';
import { ipTotalLength, type Packet } from '../net/packet.ts';
import { TcpdumpFormatter } from '../net/tcpdump-format.ts';
import { labPods } from './flow-view.ts';

/** The ICMP data sizes (`ping -s`) the widget offers. */
export const OVERLAY_PAYLOADS = [56, 1000, 1400, 8900] as const;
/** The ENI MTUs it offers: the VPC's jumbo frames, and 1500 (an ENI set to it, or a path that leaves the VPC). */
export const UNDERLAY_MTUS = [9001, 1500] as const;

export interface HeaderPart {
  /** link: the node's Ethernet header (every frame has one); tunnel: what the encapsulation adds; pod: the pod's
   *  own headers; data: ping's bytes. */
  layer: 'link' | 'tunnel' | 'pod' | 'data';
  name: string;
  bytes: number;
  /** The header's fields that matter here, in words. */
  fields: string;
}

export interface OverlayPacketView {
  cni: CniMode;
  underlayMtu: number;
  /** eth0's MTU in the pod. */
  podMtu: number;
  payload: number;
  /** What the encapsulation adds to every frame (0 on the VPC CNI). */
  overhead: number;
  from: { pod: string; ip: string; node: string; nodeIp: string };
  to: { pod: string; ip: string; node: string; nodeIp: string };
  /** The first frame on the wire, outside in. */
  headers: HeaderPart[];
  /** Each frame's Ethernet length (tcpdump -e's `length`): one, or one per fragment. */
  frames: number[];
  /** The pod's IP datagram: 20 + 8 + payload. */
  datagram: number;
  /** The largest `ping -s` that leaves the pod in one packet: its MTU less 28. */
  maxPayload: number;
  /** What `ping -M do -s N` prints when the datagram is larger than the pod's MTU. */
  pmtuError?: string;
  /** The first frame as `tcpdump -i eth0 -e -nn` prints it on the sending node (when it is not fragmented). */
  tcpdump?: string;
}

const ETHERNET = 14;
const ICMP_HEADER = 8;

function sendingCapture(captures: Capture[], node: string): Capture | undefined {
  return captures.find((c) => c.host === node && c.direction === 'Out' && /^eth\d+$/.test(c.iface));
}

/** The ping of `payload` bytes from the lab's first pod to a pod on another node, on a link of `underlayMtu`. */
export function overlayPacketView(cluster: Cluster, o: { payload: number; underlayMtu: number }): OverlayPacketView | { error: string } {
  if (!Number.isInteger(o.payload) || o.payload < 0 || o.payload > 65507) return { error: `ping: invalid -s value: ${o.payload}` };
  if (!Number.isInteger(o.underlayMtu) || o.underlayMtu < 576 || o.underlayMtu > 9001) return { error: `MTU ${o.underlayMtu}: the VPC CNI accepts 576 to 9001 (AWS_VPC_ENI_MTU).` };
  const pods = labPods(cluster);
  const a = pods[0];
  const b = a && pods.find((p) => p.nodeName !== a.nodeName);
  if (!a || !b) return { error: 'The cluster has no running pods on two nodes to ping between.' };
  const nodeA = cluster.node(a.nodeName!)!;
  const nodeB = cluster.node(b.nodeName!)!;
  const calico = cluster.calico;
  const cni: CniMode = calico?.mode ?? 'vpc-cni';
  const podMtu = calico ? autoMtu(calico.encapsulation, o.underlayMtu) : o.underlayMtu;
  const datagram = 20 + ICMP_HEADER + o.payload;
  const fragments = fragmentLengths(datagram, podMtu);

  // The first fragment's packet, followed through the model's datapath.
  const net = networkOf(cluster).sandbox();
  const request: Packet = {
    proto: 'icmp', src: net.sourceAddress({ kind: 'pod', pod: a }, b.ip!), dst: b.ip!, ttl: 64, ipId: net.nextIpId(),
    length: fragments[0] - 20, icmp: { type: 'echo-request', id: 4242, seq: 1 },
  };
  const there = net.send({ kind: 'pod', pod: a }, request, cluster.now);
  const wire = sendingCapture(there.captures, nodeA.name);
  if (!wire) return { error: `The ping did not leave ${nodeA.name}: ${there.dropped ?? 'no route'}.` };
  const outer = wire.packet;
  const inner = outer.encap?.inner ?? outer;
  const overhead = wireOverhead(outer);
  const headers: HeaderPart[] = [];
  const ipFields = (p: Packet, what: string) => `${formatIpv4(p.src)} → ${formatIpv4(p.dst)}, ${what}, ttl ${p.ttl}, total length ${ipTotalLength(p)}`;
  headers.push({ layer: 'link', name: 'Ethernet', bytes: ETHERNET, fields: `${wire.srcMac} → ${wire.dstMac} (the node's eth0 to its next hop in the VPC)` });
  if (outer.encap?.kind === 'vxlan') {
    headers.push(
      { layer: 'tunnel', name: 'IPv4', bytes: 20, fields: ipFields(outer, 'protocol 17 (UDP)') },
      { layer: 'tunnel', name: 'UDP', bytes: 8, fields: `port ${outer.srcPort} → ${VXLAN_PORT}, length ${ipTotalLength(outer) - 20}` },
      { layer: 'tunnel', name: 'VXLAN', bytes: 8, fields: `flags I, VNI ${outer.encap.vni}` },
      { layer: 'tunnel', name: 'Ethernet', bytes: ETHERNET, fields: `${outer.encap.innerSrcMac} → ${outer.encap.innerDstMac} (this node's vxlan.calico to the far node's)` },
    );
  } else if (outer.encap?.kind === 'ipip') {
    headers.push({ layer: 'tunnel', name: 'IPv4', bytes: 20, fields: ipFields(outer, 'protocol 4 (IP-in-IP)') });
  }
  const fragmented = fragments.length > 1;
  headers.push(
    { layer: 'pod', name: 'IPv4', bytes: 20, fields: ipFields(inner, 'protocol 1 (ICMP)') + (fragmented ? ', more fragments follow' : '') },
    { layer: 'pod', name: 'ICMP', bytes: ICMP_HEADER, fields: `echo request, id ${inner.icmp?.id}, seq ${inner.icmp?.seq}` },
    { layer: 'data', name: 'ping data', bytes: fragments[0] - 20 - ICMP_HEADER, fields: fragmented ? `the first ${fragments[0] - 28} of ${o.payload} bytes` : `${o.payload} bytes` },
  );
  // Every fragment is a packet of its own on the wire, each encapsulated on its own.
  const frames = fragments.map((len) => ETHERNET + overhead + len);
  const tcpdump = fragmented ? undefined : new TcpdumpFormatter().line({ at: wire.at, packet: outer, link: { srcMac: wire.srcMac, dstMac: wire.dstMac, direction: 'Out', cooked: false } });
  const who = (p: typeof a, n: typeof nodeA) => ({ pod: p.name, ip: formatIpv4(p.ip!), node: n.name, nodeIp: formatIpv4(n.enis[0].primaryIp) });
  return {
    cni, underlayMtu: o.underlayMtu, podMtu, payload: o.payload, overhead, from: who(a, nodeA), to: who(b, nodeB), headers, frames, datagram,
    maxPayload: podMtu - 28,
    // iputils ping_common.c receive_error_msg, as src/shell/commands/ping.ts prints it.
    ...(datagram > podMtu ? { pmtuError: `ping: local error: message too long, mtu=${podMtu}` } : {}),
    ...(tcpdump ? { tcpdump } : {}),
  };
}
