// How fast a TCP or UDP stream between two pods goes in the model: a stated formula over stated inputs, not a
// measurement. iperf3 (src/model/net/iperf3.ts) prints what it gives; `cat /etc/eks-netlab/throughput-model` on any
// host prints the inputs and the worked figures (throughputModelText), so a learner can check every number.
//
// Goodput = min(link cap × E, CPU cap), per stream, where
//   E        = MSS / wire bytes per packet (wire = IP packet + encapsulation + 38 bytes of Ethernet on the wire:
//              header 14, FCS 4, preamble 8, inter-frame gap 12);
//   link cap = the instance's bandwidth (burst while its network credits last, then baseline), shared by the
//              streams, each at most AWS's single-flow limit; the sender's outbound and the receiver's inbound
//              allowances are separate, and the smaller one applies;
//   CPU cap  = one core's cycles per second / cycles per packet (iperf3 before 3.16 runs every stream in one
//              thread: esnet/iperf's 3.16 release notes introduce multi-threading);
//   cycles per packet = c_pkt + c_byte × IP length + c_encap (c_encap only for a packet the tunnel encapsulates).
// Pods on the same node never reach the ENI: no link cap, no encapsulation (Calico routes them veth to veth).
//
// Sources:
// - t3.medium "Up to 5 Gigabit", baseline 0.256 Gbit/s, burst 5 Gbit/s: Amazon EC2 User Guide, "General purpose
//   instances", network specifications table; burst on network I/O credits for a limited time, "typically from 5
//   to 60 minutes" for instances of 16 vCPUs or fewer, and single-flow traffic limited to 5 Gbit/s outside a
//   cluster placement group: EC2 User Guide, "Amazon EC2 instance network bandwidth". The model takes the short
//   end: 300 s of full burst above baseline from a fresh node, not refilled within a session (assumption).
// - CPU clock: "sustained all core Turbo CPU clock speed of up to 3.1 GHz" (AWS, Amazon EC2 T3 instances page).
// - c_encap for VXLAN: the Linux VXLAN tunnel endpoint adds 21 % of the CPU cycles of processing an MTU-size
//   (1500-byte) packet (J. Weerasinghe, F. Abel, "On the Cost of Tunnel Endpoint Processing in Overlay Virtual
//   Networks", IEEE/ACM UCC 2014, doi:10.1109/UCC.2014.123). IP-in-IP: no published figure was found; the model
//   assumes half of VXLAN's (one IP header pushed, no UDP header, no inner Ethernet header, no VXLAN lookup).
// - c_pkt = 4,500 cycles and c_byte = 0.5 cycles per byte: assumptions (no source), chosen so that one core moves
//   several Gbit/s of 1500-byte packets and well over 10 Gbit/s of 9001-byte ones, the range the published CNI
//   benchmarks (overlay-vs-vpc-cni notes, §4) show for single streams.
// Pure: no DOM, no Node APIs, no Math.random().
import type { Encapsulation } from '../calico/config.ts';

export interface InstanceBandwidth {
  /** What EC2 publishes as "Network performance". */
  label: string;
  baselineGbps: number;
  burstGbps: number;
}

/** Published figures the model knows (EC2 User Guide, general purpose instances, network specifications). */
export const INSTANCE_BANDWIDTH: Readonly<Record<string, InstanceBandwidth>> = {
  't3.medium': { label: 'Up to 5 Gigabit', baselineGbps: 0.256, burstGbps: 5 },
};

export interface ThroughputInputs {
  instanceType: string;
  bandwidth: InstanceBandwidth;
  /** Whether the instance type has figures of its own (otherwise t3.medium's stand in). */
  published: boolean;
  /** Seconds of full burst a fresh node's credits allow, per direction. */
  burstSeconds: number;
  singleFlowGbps: number;
  cpuGhz: number;
  cyclesPerPacket: number;
  cyclesPerByte: number;
  /** c_encap as a share of the cycles of a 1500-byte packet. */
  encapShare: Readonly<Record<Encapsulation, number>>;
  /** Ethernet bytes per frame on the wire: header 14 + FCS 4 + preamble 8 + inter-frame gap 12. */
  wireL2: number;
}

export const L2_WIRE_BYTES = 14 + 4 + 8 + 12;
/** IPv4 20 + TCP 20 + the timestamps option Linux sends on every segment (12). */
export const TCP_IP_HEADERS = 52;
export const UDP_IP_HEADERS = 28;
/** Bytes an encapsulation adds to every packet (Calico docs, "Configure MTU", common MTU sizes). */
export const ENCAP_BYTES: Readonly<Record<Encapsulation, number>> = { vxlan: 50, ipip: 20 };

export function throughputInputs(instanceType: string): ThroughputInputs {
  const own = INSTANCE_BANDWIDTH[instanceType];
  return {
    instanceType,
    bandwidth: own ?? INSTANCE_BANDWIDTH['t3.medium'],
    published: own !== undefined,
    burstSeconds: 300,
    singleFlowGbps: 5,
    cpuGhz: 3.1,
    cyclesPerPacket: 4500,
    cyclesPerByte: 0.5,
    encapShare: { vxlan: 0.21, ipip: 0.105 },
    wireL2: L2_WIRE_BYTES,
  };
}

/** One path between two pods, as the model sees it. */
export interface PathShape {
  /** The pods' MTU (both ends have the same in this model). */
  mtu: number;
  /** Encapsulation on the way (Calico between nodes), if any. */
  encap?: Encapsulation;
  sameNode: boolean;
  protocol: 'tcp' | 'udp';
  /** TCP payload per segment (MSS) or UDP payload per datagram. */
  payload: number;
}

export interface PacketCosts {
  /** IP packet length of one full segment or datagram. */
  ipLength: number;
  encapBytes: number;
  /** Bytes on the underlay's wire per packet (Ethernet framing included). */
  wireBytes: number;
  /** Payload / wire bytes. */
  efficiency: number;
  cyclesPerPacket: number;
  /** What one core can push, in payload bits per second. */
  cpuGoodputBps: number;
}

/** The TCP MSS on a path of this MTU (Linux: MTU − 40, less 12 for timestamps), or iperf3's -M if smaller. */
export function tcpPayload(mtu: number, setMss?: number): number {
  const mss = mtu - 40;
  return (setMss !== undefined && setMss < mss ? setMss : mss) - 12;
}

export function packetCosts(inputs: ThroughputInputs, path: PathShape): PacketCosts {
  const headers = path.protocol === 'tcp' ? TCP_IP_HEADERS : UDP_IP_HEADERS;
  const ipLength = path.payload + headers;
  const encapBytes = path.encap && !path.sameNode ? ENCAP_BYTES[path.encap] : 0;
  const wireBytes = ipLength + encapBytes + inputs.wireL2;
  const base = inputs.cyclesPerPacket + inputs.cyclesPerByte * ipLength;
  const encapCycles = encapBytes ? inputs.encapShare[path.encap!] * (inputs.cyclesPerPacket + inputs.cyclesPerByte * 1500) : 0;
  const cyclesPerPacket = base + encapCycles;
  const pps = (inputs.cpuGhz * 1e9) / cyclesPerPacket;
  return { ipLength, encapBytes, wireBytes, efficiency: path.payload / wireBytes, cyclesPerPacket, cpuGoodputBps: pps * path.payload * 8 };
}

/** Network credits of one node: bits above baseline it may still send (out) and receive (in). */
export interface NodeCredits {
  out: number;
  in: number;
}

export function freshCredits(inputs: ThroughputInputs): NodeCredits {
  const bits = (inputs.bandwidth.burstGbps - inputs.bandwidth.baselineGbps) * 1e9 * inputs.burstSeconds;
  return { out: bits, in: bits };
}

/** The instance rate (bits/s on the wire) a direction allows now, for a stretch of `seconds`, and what it costs. */
export function linkRate(inputs: ThroughputInputs, credits: number, seconds: number): number {
  const { baselineGbps, burstGbps } = inputs.bandwidth;
  const extra = (burstGbps - baselineGbps) * 1e9;
  if (credits >= extra * seconds) return burstGbps * 1e9;
  // Credits run out inside the stretch: burst for what they cover, baseline for the rest.
  return baselineGbps * 1e9 + credits / seconds;
}

export interface StreamRates {
  /** Each stream's payload rate (bits/s) before jitter. */
  perStreamBps: number;
  /** What bounded it. */
  bound: 'link' | 'cpu' | 'single-flow' | 'target';
  /** Wire bits per second the streams use together (for credits). */
  wireBps: number;
}

/**
 * The steady payload rate of each of `streams` equal streams over a path, given the instance rate the tighter of
 * the two directions allows (bits/s on the wire); `target` is iperf3's -b per stream (0: unlimited).
 */
export function streamRates(inputs: ThroughputInputs, path: PathShape, streams: number, instanceBps: number, targetBps = 0): StreamRates {
  const c = packetCosts(inputs, path);
  const candidates: [number, StreamRates['bound']][] = [[c.cpuGoodputBps / streams, 'cpu']];
  if (!path.sameNode) {
    candidates.push([(instanceBps * c.efficiency) / streams, 'link']);
    candidates.push([inputs.singleFlowGbps * 1e9 * c.efficiency, 'single-flow']);
  }
  if (targetBps > 0) candidates.push([targetBps, 'target']);
  let [rate, bound] = candidates[0];
  for (const [r, b] of candidates) if (r < rate) [rate, bound] = [r, b];
  return { perStreamBps: rate, bound, wireBps: (rate * streams) / c.efficiency };
}

// ---- the learner's view ---------------------------------------------------------------------------------

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** /etc/eks-netlab/throughput-model: the model, its inputs with sources, and its figures for this cluster. */
export function throughputModelText(inputs: ThroughputInputs, pathMtu: number, encap: Encapsulation | undefined): string {
  const b = inputs.bandwidth;
  const lines = [
    '# eks-netlab: the throughput model behind iperf3 in this simulator (modelled, not measured)',
    '#',
    '# goodput per stream = min(link cap x E, CPU cap)',
    '#   E          = payload / wire bytes per packet',
    '#   wire bytes = IP packet + encapsulation + 38 (Ethernet header 14, FCS 4, preamble 8, gap 12)',
    '#   link cap   = instance bandwidth (burst while network credits last, then baseline),',
    '#                at most the single-flow limit per stream',
    '#   CPU cap    = one core (iperf3 3.12 is single-threaded) / cycles per packet',
    '#   cycles     = c_pkt + c_byte x IP length + c_encap (tunnelled packets only)',
    '#   same-node pods: no link cap and no encapsulation',
    '',
    ...([
      ['instance_type', `${inputs.instanceType}${inputs.published ? '' : ' (no published figures in the model: t3.medium\'s are used)'}`, ''],
      ['network_performance', b.label, 'EC2 User Guide, general purpose instances'],
      ['baseline_gbps', String(b.baselineGbps), 'same table'],
      ['burst_gbps', String(b.burstGbps), 'same table'],
      ['burst_seconds', String(inputs.burstSeconds), 'EC2: burst "typically from 5 to 60 minutes"; the model takes 5, no refill'],
      ['single_flow_gbps', String(inputs.singleFlowGbps), 'EC2 User Guide, instance network bandwidth'],
      ['cpu_ghz', String(inputs.cpuGhz), 'AWS, Amazon EC2 T3 instances: all-core turbo up to 3.1 GHz'],
      ['c_pkt_cycles', String(inputs.cyclesPerPacket), 'assumption (no source)'],
      ['c_byte_cycles', String(inputs.cyclesPerByte), 'assumption (no source)'],
      ['c_encap_vxlan', `${inputs.encapShare.vxlan} x a 1500-byte packet`, 'Weerasinghe & Abel, IEEE/ACM UCC 2014'],
      ['c_encap_ipip', `${inputs.encapShare.ipip} x a 1500-byte packet`, 'assumption: half of VXLAN\'s'],
      ['encap_bytes', 'vxlan 50, ipip 20', 'Calico docs, Configure MTU'],
    ] as const).map(([k, v, why]) => `${k.padEnd(21)}${why ? `${v.padEnd(28)}# ${why}` : v}`),
    '',
    '# this cluster',
    `pod_mtu              ${pathMtu}`,
    `encapsulation        ${encap ?? 'none'}`,
  ];
  const rows: [string, PathShape][] = [
    ['pods on two nodes, TCP', { mtu: pathMtu, encap, sameNode: false, protocol: 'tcp', payload: tcpPayload(pathMtu) }],
    ['pods on one node, TCP', { mtu: pathMtu, encap, sameNode: true, protocol: 'tcp', payload: tcpPayload(pathMtu) }],
  ];
  lines.push('', '# figures: MSS, wire bytes/packet, E, CPU cap, goodput at burst, at baseline (Gbit/s)');
  for (const [what, path] of rows) {
    const c = packetCosts(inputs, path);
    const burst = streamRates(inputs, path, 1, b.burstGbps * 1e9).perStreamBps / 1e9;
    const base = streamRates(inputs, path, 1, b.baselineGbps * 1e9).perStreamBps / 1e9;
    lines.push(`${what.padEnd(24)} MSS ${path.payload}, wire ${c.wireBytes}, E ${fmt(c.efficiency * 100)}%, CPU ${fmt(c.cpuGoodputBps / 1e9)}, burst ${fmt(burst)}, baseline ${fmt(base)}`);
  }
  return lines.join('\n') + '\n';
}
