// A host's connection tracking table, as far as NAT needs it: each connection's original and reply tuples, its
// mark, and when it expires. Replies are recognised by their tuple and translated back (un-SNAT).
import type { Node } from '../cluster/types.ts';
import { formatIpv4, type Ipv4 } from './ipv4.ts';
import type { Packet, Protocol } from './packet.ts';

export interface Tuple {
  src: Ipv4;
  dst: Ipv4;
  /** Source port, or the ICMP echo id. */
  sport: number;
  /** Destination port (0 for ICMP). */
  dport: number;
}

export interface Connection {
  proto: Protocol;
  original: Tuple;
  /** What a reply looks like: after SNAT its destination is the translated source. */
  reply: Tuple;
  mark: number;
  /** Model time (ms) after which the entry is gone. */
  expiresAt: number;
  /** Seen in both directions. */
  replied: boolean;
  tcpState?: TcpState;
  /** For TCP: the direction that sent the first FIN. */
  finFrom?: 'original' | 'reply';
  /** A connection IPVS scheduled (kube-proxy's ipvs mode): its virtual and real server, `TCP 10.100.0.10:80` and
   *  `192.168.1.5:80`. */
  ipvs?: { vs: string; rs: string };
}

export type TcpState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

/** EKS's kube-proxy-config `conntrack:` block (system-workloads.ts KUBE_PROXY_CONFIG). */
export const KUBE_PROXY_CONNTRACK = { maxPerCore: 32_768, min: 131_072, tcpEstablishedTimeout: 86_400, tcpCloseWaitTimeout: 3_600 } as const;

/** kube-proxy's getConntrackMax: max(min, maxPerCore × the node's CPUs). */
export function conntrackMax(node: Node): number {
  return Math.max(KUBE_PROXY_CONNTRACK.min, KUBE_PROXY_CONNTRACK.maxPerCore * (node.instanceType.vcpus ?? 2));
}

/**
 * nf_conntrack's hash size once kube-proxy has run: SetMax raises it to max / 4 when it is smaller. Assumed smaller
 * (the kernel starts with 16384 buckets on a node of 1 to 4 GiB, as the lab's t3.medium; a node with more memory
 * starts with 65536 and may keep them, which the catalog, having no memory sizes, cannot tell).
 */
export function conntrackBuckets(node: Node): number {
  return conntrackMax(node) / 4;
}

/** conntrack's timeouts (seconds) on a node: the kernel's, with kube-proxy's two. */
export const CONNTRACK_TIMEOUTS = {
  generic: 600, icmp: 30, udp: 30, udpStream: 120,
  SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: KUBE_PROXY_CONNTRACK.tcpEstablishedTimeout, FIN_WAIT: 120,
  CLOSE_WAIT: KUBE_PROXY_CONNTRACK.tcpCloseWaitTimeout, LAST_ACK: 30, TIME_WAIT: 120, CLOSE: 10, MAX_RETRANS: 300, UNACK: 300,
} as const;

/** Timeouts (seconds): nf_conntrack's defaults (nf_conntrack_proto_tcp.c's tcp_timeouts; ICMP 30 s), with the
 *  established and CLOSE_WAIT ones kube-proxy sets on every node (24 h and 1 h, EKS's kube-proxy-config). */
const TIMEOUT_S = {
  icmp: CONNTRACK_TIMEOUTS.icmp, udp: CONNTRACK_TIMEOUTS.udp, ipip: CONNTRACK_TIMEOUTS.generic,
  SYN_SENT: CONNTRACK_TIMEOUTS.SYN_SENT, SYN_RECV: CONNTRACK_TIMEOUTS.SYN_RECV, ESTABLISHED: CONNTRACK_TIMEOUTS.ESTABLISHED,
  FIN_WAIT: CONNTRACK_TIMEOUTS.FIN_WAIT, CLOSE_WAIT: CONNTRACK_TIMEOUTS.CLOSE_WAIT, LAST_ACK: CONNTRACK_TIMEOUTS.LAST_ACK,
  TIME_WAIT: CONNTRACK_TIMEOUTS.TIME_WAIT, CLOSE: CONNTRACK_TIMEOUTS.CLOSE,
} as const;

/** The TCP state machine of nf_conntrack_proto_tcp.c (tcp_conntracks) for the segments the model sends. */
function nextTcpState(conn: Connection, flags: string, dir: 'original' | 'reply'): TcpState {
  const s = conn.tcpState ?? 'ESTABLISHED';
  if (flags.includes('R')) return 'CLOSE';
  if (flags.includes('S')) return s === 'SYN_SENT' && dir === 'reply' && flags.includes('.') ? 'SYN_RECV' : s;
  if (flags.includes('F')) {
    if (s === 'ESTABLISHED' || s === 'SYN_RECV') {
      conn.finFrom = dir;
      return 'FIN_WAIT';
    }
    if ((s === 'FIN_WAIT' || s === 'CLOSE_WAIT') && conn.finFrom !== dir) return 'LAST_ACK';
    return s;
  }
  if (flags.includes('.')) {
    if (s === 'SYN_RECV' && dir === 'original') return 'ESTABLISHED';
    if (s === 'FIN_WAIT' && conn.finFrom !== dir) return 'CLOSE_WAIT';
    if (s === 'LAST_ACK' && conn.finFrom === dir) return 'TIME_WAIT';
  }
  return s;
}

export function tupleOf(p: Packet): Tuple {
  if (p.proto === 'icmp') return { src: p.src, dst: p.dst, sport: p.icmp?.id ?? 0, dport: 0 };
  return { src: p.src, dst: p.dst, sport: p.srcPort ?? 0, dport: p.dstPort ?? 0 };
}

const sameTuple = (a: Tuple, b: Tuple) => a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

const key = (proto: Protocol, t: Tuple) => `${proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;

export class ConntrackTable {
  private entries: Connection[] = [];
  /** Both tuples of every connection, for lookups by packet. */
  private index = new Map<string, { conn: Connection; direction: 'original' | 'reply' }>();
  private nextExpiry = Infinity;

  /** The connection this packet belongs to, and in which direction it travels. */
  find(p: Packet, now: number): { conn: Connection; direction: 'original' | 'reply' } | undefined {
    this.expire(now);
    const hit = this.index.get(key(p.proto, tupleOf(p)));
    if (!hit) return undefined;
    // An echo reply carries the request's id where the request had it: ICMP direction comes from the type.
    if (p.proto === 'icmp' && (p.icmp?.type === 'echo-reply') !== (hit.direction === 'reply')) return undefined;
    return hit;
  }

  /** A new connection as first seen (before any NAT): its reply tuple mirrors it until NAT changes that. */
  create(p: Packet, now: number): Connection {
    const t = tupleOf(p);
    const conn: Connection = {
      proto: p.proto, original: t, reply: p.proto === 'icmp' ? { src: t.dst, dst: t.src, sport: t.sport, dport: 0 } : { src: t.dst, dst: t.src, sport: t.dport, dport: t.sport },
      mark: 0, expiresAt: now, replied: false, tcpState: p.proto === 'tcp' ? 'SYN_SENT' : undefined,
    };
    this.touch(conn, now);
    this.entries.push(conn);
    this.index.set(key(conn.proto, conn.original), { conn, direction: 'original' });
    this.index.set(key(conn.proto, conn.reply), { conn, direction: 'reply' });
    return conn;
  }

  /** A connection the table does not keep (the packet belongs to another one, as an ICMP error does). */
  detached(p: Packet, now: number): Connection {
    const t = tupleOf(p);
    return { proto: p.proto, original: t, reply: { src: t.dst, dst: t.src, sport: p.proto === 'icmp' ? t.sport : t.dport, dport: p.proto === 'icmp' ? 0 : t.sport }, mark: 0, expiresAt: now, replied: false };
  }

  /** A new connection whose first packet was dropped: never confirmed, so it leaves no entry (nf_conntrack confirms
   *  a connection only when its first packet leaves POSTROUTING or INPUT). */
  forget(conn: Connection): void {
    const i = this.entries.indexOf(conn);
    if (i < 0) return;
    this.entries.splice(i, 1);
    for (const k of [key(conn.proto, conn.original), key(conn.proto, conn.reply)]) if (this.index.get(k)?.conn === conn) this.index.delete(k);
  }

  /** NAT decided how replies will look. */
  setReply(conn: Connection, reply: Tuple): void {
    this.index.delete(key(conn.proto, conn.reply));
    conn.reply = reply;
    this.index.set(key(conn.proto, reply), { conn, direction: 'reply' });
  }

  /** A packet of the connection passed: its direction, TCP flags and the timeout they give. */
  track(conn: Connection, p: Packet, direction: 'original' | 'reply', now: number): void {
    if (direction === 'reply') conn.replied = true;
    if (conn.proto === 'tcp' && p.tcp) conn.tcpState = nextTcpState(conn, p.tcp.flags, direction);
    this.touch(conn, now);
  }

  touch(conn: Connection, now: number): void {
    const seconds = conn.proto === 'tcp' ? TIMEOUT_S[conn.tcpState ?? 'ESTABLISHED'] : TIMEOUT_S[conn.proto];
    conn.expiresAt = now + seconds * 1000;
    this.nextExpiry = Math.min(this.nextExpiry, conn.expiresAt);
  }

  /** Whether a new connection may use this translated source (no other connection holds it). */
  isFree(proto: Protocol, src: Ipv4, sport: number, now: number): boolean {
    this.expire(now);
    return !this.entries.some((c) => c.proto === proto && c.reply.dst === src && (proto === 'icmp' ? c.reply.sport : c.reply.dport) === sport);
  }

  /** An independent copy (the packet stepper follows packets without touching the real table). */
  clone(): ConntrackTable {
    const t = new ConntrackTable();
    for (const c of this.entries) {
      const copy = { ...c, original: { ...c.original }, reply: { ...c.reply } };
      t.entries.push(copy);
      t.index.set(key(copy.proto, copy.original), { conn: copy, direction: 'original' });
      t.index.set(key(copy.proto, copy.reply), { conn: copy, direction: 'reply' });
    }
    t.nextExpiry = this.nextExpiry;
    return t;
  }

  list(now: number): Connection[] {
    this.expire(now);
    return [...this.entries];
  }

  private expire(now: number): void {
    if (now < this.nextExpiry) return;
    this.entries = this.entries.filter((c) => c.expiresAt > now);
    this.index = new Map();
    this.nextExpiry = Infinity;
    for (const c of this.entries) {
      this.index.set(key(c.proto, c.original), { conn: c, direction: 'original' });
      this.index.set(key(c.proto, c.reply), { conn: c, direction: 'reply' });
      this.nextExpiry = Math.min(this.nextExpiry, c.expiresAt);
    }
  }
}

const PROTO_NUMBER: Record<Protocol, number> = { icmp: 1, tcp: 6, udp: 17, ipip: 4 };

/** One line of `conntrack -L`, as conntrack-tools 1.4 prints it. */
export function conntrackLine(c: Connection, now: number): string {
  const left = Math.max(0, Math.floor((c.expiresAt - now) / 1000));
  const tuple = (t: Tuple, reply: boolean) => {
    const base = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)}`;
    if (c.proto === 'icmp') return `${base} type=${reply ? 0 : 8} code=0 id=${t.sport}`;
    return `${base} sport=${t.sport} dport=${t.dport}`;
  };
  const name = c.proto.padEnd(8);
  const state = c.tcpState ? `${c.tcpState} ` : '';
  const unreplied = c.replied ? '' : '[UNREPLIED] ';
  // IPS_ASSURED: TCP once the handshake completed (not while SYN_RECV), other protocols once replied.
  const assured = c.replied && c.proto === 'tcp' && c.tcpState !== 'SYN_SENT' && c.tcpState !== 'SYN_RECV' ? '[ASSURED] ' : '';
  return `${name} ${PROTO_NUMBER[c.proto]} ${left} ${state}${tuple(c.original, false)} ${unreplied}${tuple(c.reply, true)} ${assured}mark=${c.mark} use=1`;
}
