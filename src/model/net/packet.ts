// An IPv4 packet as the model forwards it: the header fields that routing, NAT and tcpdump read. Payload bytes
// are not kept, only their length (and, for HTTP, the first line tcpdump would decode).
import type { DnsMessage } from '../dns/message.ts';
import type { Ipv4 } from './ipv4.ts';

/** ipip: an IP-in-IP packet (IP protocol 4), whose payload is `encap.inner`. */
export type Protocol = 'icmp' | 'tcp' | 'udp' | 'ipip';

export type IcmpType = 'echo-request' | 'echo-reply' | 'time-exceeded' | 'port-unreachable' | 'host-unreachable';

export interface IcmpHeader {
  type: IcmpType;
  /** Echo identifier (ping's id; SNAT with --random-fully rewrites it like a port). */
  id: number;
  seq: number;
  /** For errors (time exceeded, unreachable): the header of the packet that caused it. */
  quoted?: Packet;
}

/** TCP flags in tcpdump's letters: S, F, P, R, and '.' for ACK. */
export type TcpFlags = string;

export interface TcpHeader {
  flags: TcpFlags;
  seq: number;
  ack: number;
  window: number;
  /** Timestamps option (TS val / ecr); SYNs also carry mss, sackOK and wscale. */
  tsVal: number;
  tsEcr: number;
  /** A SYN's MSS option, when the sender's MTU is not the VPC's 9001 (a Calico pod's 8951 offers 8911). */
  mss?: number;
}

export interface Packet {
  proto: Protocol;
  src: Ipv4;
  dst: Ipv4;
  /** Transport ports (tcp, udp). */
  srcPort?: number;
  dstPort?: number;
  ttl: number;
  /** IP identification field. */
  ipId: number;
  /** Bytes after the IP header (ICMP header + data, TCP/UDP payload without the header for tcp/udp). */
  length: number;
  icmp?: IcmpHeader;
  tcp?: TcpHeader;
  /** What tcpdump decodes after the header (an HTTP request or status line). */
  summary?: string;
  /** A DNS message in a UDP datagram (its wire length is `length`). */
  dns?: DnsMessage;
  /** A tunnel's outer packet (Calico's VXLAN or IP-in-IP): what it carries. */
  encap?: Encap;
}

/** What an overlay packet carries: the pod's packet untouched, and for VXLAN the inner Ethernet header. */
export interface Encap {
  kind: 'vxlan' | 'ipip';
  inner: Packet;
  /** VXLAN: the VNI, and the inner frame's MACs (the two nodes' vxlan.calico devices). */
  vni?: number;
  innerSrcMac?: string;
  innerDstMac?: string;
}

export const DEFAULT_TTL = 64;

/** A copy with some fields changed (packets are never edited in place: traces keep every version). */
export function withFields(p: Packet, changes: Partial<Packet>): Packet {
  return { ...p, ...changes };
}

/** The flow key conntrack and tcpdump filters use: ports for tcp/udp, the echo id for icmp. */
export function sourcePort(p: Packet): number | undefined {
  return p.proto === 'icmp' ? p.icmp?.id : p.srcPort;
}

/** The length field of the IP header: 20 bytes of IP header plus the transport header and payload. */
export function ipTotalLength(p: Packet): number {
  if (p.proto === 'icmp' || p.proto === 'ipip') return 20 + p.length;
  if (p.proto === 'udp') return 20 + 8 + p.length;
  return 20 + tcpHeaderLength(p) + p.length;
}

/** Linux: SYNs carry mss, sackOK, TS, nop, wscale (20 bytes); resets carry none; the rest nop, nop, TS (12). */
function tcpHeaderLength(p: Packet): number {
  const flags = p.tcp?.flags ?? '';
  if (flags.includes('R')) return 20;
  return flags.includes('S') ? 40 : 32;
}
