// One captured packet as tcpdump 4.9 prints it with -n (Amazon Linux 2 worker nodes ship tcpdump 4.9.2; its
// printers are the same as 4.9.3's for everything here), and the lines it writes to stderr around a capture.
// Sources: print-ip.c, print-tcp.c, print-udp.c, print-icmp.c, print-ether.c, print-sll.c, util-print.c and
// tcpdump.c at the tcpdump-4.9.3 tag.
import { formatIpv4 } from './ipv4.ts';
import { ipTotalLength, type Packet } from './packet.ts';
import { SERVICES } from './pcap-filter.ts';
import { dnsSummary } from '../dns/tcpdump-dns.ts';

export interface LinkHeader {
  srcMac: string;
  dstMac: string;
  direction: 'In' | 'Out';
  /** A LINUX_SLL "cooked" capture (`-i any`) rather than an Ethernet device. */
  cooked: boolean;
}

export interface TcpdumpCapture {
  /** Epoch milliseconds, with microseconds in the fraction. */
  at: number;
  packet: Packet;
  /** Present when tcpdump runs with -e: the link-level header is printed and "IP " is not. */
  link?: LinkHeader;
  /** The MSS and window scale a SYN or SYN-ACK offers; a pod's Linux on a 9001-byte MTU by default. */
  synOptions?: { mss: number; wscale: number };
}

export interface TcpdumpOptions {
  /**
   * Print port numbers. In tcpdump 4.9 a single -n already does (init_addrtoname returns before loading
   * /etc/services), so this is false only for a capture without -n, whose host names are not modelled.
   */
  numericPorts?: boolean;
  /** -S: absolute TCP sequence numbers. */
  absoluteSequence?: boolean;
}

const POD_SYN_OPTIONS = { mss: 8961, wscale: 7 };
const TCP_FLAG_ORDER = 'FSRP.UEW';
const HTTP_PORTS = [80, 8080];
const DOMAIN_PORT = 53;
/** What icmp_print prints when the bytes it needs are missing: here, an error without its quoted header. */
const TRUNCATED_ICMP = '[|icmp]';

/** ts_format: time of day (the nodes run in UTC) with microseconds, truncated. */
export function formatTimestamp(at: number): string {
  const ms = Math.floor(at);
  // At epoch scale a double holds milliseconds to about a quarter of a microsecond, so a time meant to be a
  // whole microsecond may be stored just under it: within an eighth of one counts as that microsecond.
  const micros = ms * 1000 + Math.floor((at - ms) * 1000 + 0.125);
  const secOfDay = Math.floor(micros / 1e6) % 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = String(micros % 1e6).padStart(6, '0');
  return `${two(Math.floor(secOfDay / 3600))}:${two(Math.floor((secOfDay % 3600) / 60))}:${two(secOfDay % 60)}.${fraction}`;
}

/** Keeps print-tcp.c's per-conversation state, so make one per tcpdump run. */
export class TcpdumpFormatter {
  private readonly numericPorts: boolean;
  private readonly absoluteSequence: boolean;
  /** tcp_seq_hash: for each conversation, the numbers its sequence and acknowledgment fields are shown against. */
  private readonly conversations = new Map<string, { seq: number; ack: number }>();

  constructor(options: TcpdumpOptions = {}) {
    this.numericPorts = options.numericPorts ?? true;
    this.absoluteSequence = options.absoluteSequence ?? false;
  }

  line(capture: TcpdumpCapture): string {
    const { packet, link } = capture;
    const prefix = link === undefined ? 'IP ' : linkPrefix(link, ipTotalLength(packet));
    return `${formatTimestamp(capture.at)} ${prefix}${this.body(packet, capture.synOptions ?? POD_SYN_OPTIONS, link !== undefined)}`;
  }

  private body(p: Packet, syn: { mss: number; wscale: number }, eflag = false): string {
    if (p.encap) return this.tunnelled(p, syn, eflag);
    if (p.proto === 'icmp') return `${formatIpv4(p.src)} > ${formatIpv4(p.dst)}: ${this.icmp(p)}`;
    const ends = `${formatIpv4(p.src)}.${this.port(p.srcPort)} > ${formatIpv4(p.dst)}.${this.port(p.dstPort)}: `;
    if (p.proto === 'udp') {
      // udp_print hands a datagram to or from port 53 to ns_print (print-domain.c).
      if (p.dns && (p.srcPort === DOMAIN_PORT || p.dstPort === DOMAIN_PORT)) return ends + dnsSummary(p.dns, p.length);
      return ends + (p.summary ?? `UDP, length ${p.length}`);
    }
    return ends + this.tcp(p, syn);
  }

  /**
   * An overlay packet. IP-in-IP (print-ip.c ip_print_demux, IPPROTO_IPV4): the outer addresses, then ip_print of
   * the inner packet ("IP " again unless -e), then " (ipip-proto-4)" without -v. VXLAN (print-udp.c hands port
   * 4789 to print-vxlan.c): "VXLAN, flags [I] (0x08), vni N" and a newline, then ether_print of the inner frame:
   * with -e its MACs and length, without it only "IP " and the inner packet, on a line of its own with no time.
   */
  private tunnelled(p: Packet, syn: { mss: number; wscale: number }, eflag: boolean): string {
    const enc = p.encap!;
    const inner = enc.inner;
    if (enc.kind === 'ipip') return `${formatIpv4(p.src)} > ${formatIpv4(p.dst)}: ${eflag ? '' : 'IP '}${this.body(inner, syn, eflag)} (ipip-proto-4)`;
    const head = `${formatIpv4(p.src)}.${this.port(p.srcPort)} > ${formatIpv4(p.dst)}.${this.port(p.dstPort)}: VXLAN, flags [I] (0x08), vni ${enc.vni ?? 0}`;
    const frame = eflag
      ? `${(enc.innerSrcMac ?? '').toLowerCase()} > ${(enc.innerDstMac ?? '').toLowerCase()}, ethertype IPv4 (0x0800), length ${14 + ipTotalLength(inner)}: `
      : 'IP ';
    return `${head}\n${frame}${this.body(inner, syn, eflag)}`;
  }

  private port(port: number | undefined): string {
    const n = port ?? 0;
    if (this.numericPorts) return String(n);
    for (const [name, number] of SERVICES) if (number === n) return name;
    return String(n);
  }

  /** icmp_print, for the types the model sends. */
  private icmp(p: Packet): string {
    const icmp = p.icmp;
    const quoted = icmp?.quoted;
    let text: string;
    switch (icmp?.type) {
      case 'echo-request':
      case 'echo-reply':
        text = `echo ${icmp.type === 'echo-request' ? 'request' : 'reply'}, id ${icmp.id}, seq ${icmp.seq}`;
        break;
      case 'time-exceeded':
        text = 'time exceeded in-transit';
        break;
      case 'port-unreachable':
        // The address and port are the quoted datagram's destination, not the sender of the error.
        if (quoted === undefined || quoted.proto === 'icmp') return TRUNCATED_ICMP;
        text = `${formatIpv4(quoted.dst)} ${quoted.proto} port ${this.port(quoted.dstPort)} unreachable`;
        break;
      case 'host-unreachable':
        if (quoted === undefined) return TRUNCATED_ICMP;
        text = `host ${formatIpv4(quoted.dst)} unreachable`;
        break;
      default:
        return TRUNCATED_ICMP;
    }
    return `ICMP ${text}, length ${p.length}`;
  }

  /** tcp_print without -v. */
  private tcp(p: Packet, syn: { mss: number; wscale: number }): string {
    const tcp = p.tcp;
    if (tcp === undefined) return '[|tcp]';
    const flags = tcpFlagBits(tcp.flags);
    let seq = tcp.seq >>> 0;
    let ack = tcp.ack >>> 0;
    if (!this.absoluteSequence && flags.ack) [seq, ack] = this.relative(p, seq, ack, flags.syn);
    const length = p.length;
    let out = `Flags [${flags.text}]`;
    if (length > 0 || flags.syn || flags.fin || flags.rst) out += `, seq ${seq}${length > 0 ? `:${(seq + length) >>> 0}` : ''}`;
    if (flags.ack) out += `, ack ${ack}`;
    out += `, win ${tcp.window}`;
    if (!flags.rst) {
      const ts = `TS val ${tcp.tsVal >>> 0} ecr ${tcp.tsEcr >>> 0}`;
      out += flags.syn ? `, options [mss ${p.tcp?.mss ?? syn.mss},sackOK,${ts},nop,wscale ${syn.wscale}]` : `, options [nop,nop,${ts}]`;
    }
    out += `, length ${length}`;
    return out + this.tcpPayload(p);
  }

  /**
   * The first packet with ACK set (or any SYN-ACK) records the conversation and is printed as it is; later
   * ones print their numbers relative to it. Pure SYNs are never recorded. Keyed by the address/port pair in
   * an order that does not depend on direction, as print-tcp.c does.
   */
  private relative(p: Packet, seq: number, ack: number, syn: boolean): [number, number] {
    const sport = p.srcPort ?? 0;
    const dport = p.dstPort ?? 0;
    const rev = sport > dport || (sport === dport && p.src >>> 0 > p.dst >>> 0);
    const key = rev ? `${p.dst >>> 0}>${p.src >>> 0}:${dport}>${sport}` : `${p.src >>> 0}>${p.dst >>> 0}:${sport}>${dport}`;
    const seen = this.conversations.get(key);
    if (seen === undefined || syn) {
      this.conversations.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
      return [seq, ack];
    }
    return rev ? [(seq - seen.ack) >>> 0, (ack - seen.seq) >>> 0] : [(seq - seen.seq) >>> 0, (ack - seen.ack) >>> 0];
  }

  /** What the payload printers add after `length N`: HTTP's first line, DNS over TCP, else nothing. */
  private tcpPayload(p: Packet): string {
    if (p.length <= 0) return '';
    const onPort = (port: number) => p.srcPort === port || p.dstPort === port;
    if (HTTP_PORTS.some(onPort)) return `: ${p.summary ?? 'HTTP'}`;
    // ns_print follows a space here, not ": " (print-tcp.c's "small prop" for domain_print).
    if (onPort(DOMAIN_PORT) && p.length > 2) return p.summary === undefined ? '' : ` ${p.summary}`;
    return p.summary === undefined ? '' : `: ${p.summary}`;
  }
}

function tcpFlagBits(flags: string): { text: string; syn: boolean; ack: boolean; fin: boolean; rst: boolean } {
  const text = [...TCP_FLAG_ORDER].filter((f) => flags.includes(f)).join('');
  return { text: text === '' ? 'none' : text, syn: flags.includes('S'), ack: flags.includes('.'), fin: flags.includes('F'), rst: flags.includes('R') };
}

/** ether_hdr_print and sll_print (with -e), which replace the "IP " that ip_print otherwise prints. */
function linkPrefix(link: LinkHeader, ipLength: number): string {
  const mac = (m: string) => m.toLowerCase();
  if (link.cooked) return `${link.direction.padStart(3)} ${mac(link.srcMac)} ethertype IPv4 (0x0800), length ${16 + ipLength}: `;
  return `${mac(link.srcMac)} > ${mac(link.dstMac)}, ethertype IPv4 (0x0800), length ${14 + ipLength}: `;
}

export interface CaptureHeaderOptions {
  /** -v and more: the "verbose output suppressed" hint is not printed, only its `tcpdump: ` prefix. */
  verbose?: boolean;
  /** -s; 4.9's default is 262144. */
  snaplen?: number;
  /** libpcap 1.9.1 and later describe LINUX_SLL as "Linux cooked v1"; 1.5.3 to 1.9.0 as "Linux cooked". */
  cookedDescription?: string;
}

/** The link type libpcap opens a device with: `any` is cooked, every Linux Ethernet-like device (ethN, eni…, veth) EN10MB. */
export function linkTypeOf(device: string): { name: string; description: string; cooked: boolean } {
  // An ipip tunnel has no link-layer header (ARPHRD_TUNNEL → DLT_RAW).
  if (device === 'tunl0') return { name: 'RAW', description: 'Raw IP', cooked: false };
  return device === 'any'
    ? { name: 'LINUX_SLL', description: 'Linux cooked', cooked: true }
    : { name: 'EN10MB', description: 'Ethernet', cooked: false };
}

/** The lines tcpdump writes to stderr once the device is open (tcpdump.c, main). */
export function captureHeader(device: string, options: CaptureHeaderOptions = {}): string[] {
  const type = linkTypeOf(device);
  const description = type.cooked ? (options.cookedDescription ?? type.description) : type.description;
  const listening = `listening on ${device}, link-type ${type.name} (${description}), capture size ${options.snaplen ?? 262144} bytes`;
  if (options.verbose) return [`tcpdump: ${listening}`];
  return ['tcpdump: verbose output suppressed, use -v or -vv for full protocol decode', listening];
}

export interface CaptureCounts {
  captured: number;
  received: number;
  dropped: number;
}

/**
 * The statistics tcpdump writes to stderr when a live capture ends (tcpdump.c, info(1)). When it ends on ^C,
 * tcpdump has first written an empty line to stdout.
 */
export function captureSummary(counts: CaptureCounts): string[] {
  const plural = (n: number) => (n !== 1 ? 's' : '');
  return [
    `${counts.captured} packet${plural(counts.captured)} captured`,
    `${counts.received} packet${plural(counts.received)} received by filter`,
    `${counts.dropped} packet${plural(counts.dropped)} dropped by kernel`,
  ];
}
