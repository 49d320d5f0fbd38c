// A DNS message (RFC 1035 §4, EDNS(0) of RFC 6891) as the model passes it between resolvers and servers, and its
// wire form: tcpdump prints the UDP payload's length, dig its "MSG SIZE", so lengths must be the real ones.
// Encoding follows miekg/dns (what CoreDNS packs with): a message is written without name compression unless the
// packer is asked for it (CoreDNS compresses only a reply that would not fit, request.Scrub and Msg.Truncate), and
// BIND's and Route 53's packers compress every name against the names before it.
import { formatIpv4, type Ipv4, parseIpv4 } from '../net/ipv4.ts';

export type RrType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'PTR' | 'MX' | 'TXT' | 'AAAA' | 'SRV' | 'OPT' | 'ANY';

export const RR_TYPE_CODE: Record<RrType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 };

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export const RCODE_NUMBER: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

export interface DnsQuestion {
  /** Absolute, with the trailing dot: `nginx.default.svc.cluster.local.` */
  name: string;
  type: RrType;
}

export type RData =
  | { type: 'A'; address: Ipv4 }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME' | 'PTR' | 'NS'; target: string }
  | { type: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string };

export interface DnsRecord {
  name: string;
  ttl: number;
  data: RData;
}

export interface Edns {
  udpSize: number;
  /** The DO bit. */
  dnssecOk?: boolean;
  /** The COOKIE option's bytes, in hex (a client cookie is 8 bytes; a server appends its own). */
  cookie?: string;
}

export interface DnsMessage {
  id: number;
  /** A response (QR). */
  response: boolean;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  authenticData: boolean;
  checkingDisabled: boolean;
  rcode: Rcode;
  question: DnsQuestion[];
  answer: DnsRecord[];
  authority: DnsRecord[];
  /** Additional records other than the OPT pseudo-record (that is `edns`). */
  additional: DnsRecord[];
  edns?: Edns;
}

/** A query for one name and type, with the header bits every stub resolver sets (RD). */
export function newQuery(id: number, name: string, type: RrType, more: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id, response: false, authoritative: false, truncated: false, recursionDesired: true, recursionAvailable: false, authenticData: false,
    checkingDisabled: false, rcode: 'NOERROR', question: [{ name: absolute(name), type }], answer: [], authority: [], additional: [], ...more,
  };
}

/** miekg/dns Msg.SetReply: the id, opcode, RD and CD of the query, its question; nothing else set. */
export function replyTo(query: DnsMessage, more: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id: query.id, response: true, authoritative: false, truncated: false, recursionDesired: query.recursionDesired, recursionAvailable: false,
    authenticData: false, checkingDisabled: query.checkingDisabled, rcode: 'NOERROR', question: query.question.map((q) => ({ ...q })),
    answer: [], authority: [], additional: [], ...more,
  };
}

export function absolute(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** The number of records the header counts in the additional section (the OPT record is one). */
export function additionalCount(m: DnsMessage): number {
  return m.additional.length + (m.edns ? 1 : 0);
}

// ---- wire form ------------------------------------------------------------------------------------------------

class Writer {
  readonly bytes: number[] = [];
  private readonly names = new Map<string, number>();
  private readonly compress: boolean;

  constructor(compress: boolean) {
    this.compress = compress;
  }

  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }

  u16(v: number): void {
    this.bytes.push((v >>> 8) & 0xff, v & 0xff);
  }

  u32(v: number): void {
    this.u16((v >>> 16) & 0xffff);
    this.u16(v & 0xffff);
  }

  /** A name, each label as length and bytes, ending in the root; with compression, the longest known suffix is a pointer. */
  name(name: string): void {
    const labels = name === '.' ? [] : absolute(name).slice(0, -1).split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.compress ? this.names.get(suffix) : undefined;
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.compress && this.bytes.length < 0x3fff) this.names.set(suffix, this.bytes.length);
      const label = new TextEncoder().encode(labels[i]);
      this.u8(label.length);
      for (const b of label) this.u8(b);
    }
    this.u8(0);
  }
}

function flagsWord(m: DnsMessage): number {
  return (m.response ? 0x8000 : 0) | (m.authoritative ? 0x400 : 0) | (m.truncated ? 0x200 : 0) | (m.recursionDesired ? 0x100 : 0)
    | (m.recursionAvailable ? 0x80 : 0) | (m.authenticData ? 0x20 : 0) | (m.checkingDisabled ? 0x10 : 0) | RCODE_NUMBER[m.rcode];
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(RR_TYPE_CODE[r.data.type]);
  w.u16(1);
  w.u32(r.ttl);
  const lengthAt = w.bytes.length;
  w.u16(0);
  const d = r.data;
  switch (d.type) {
    case 'A':
      w.u32(d.address);
      break;
    case 'AAAA':
      for (const b of ipv6Bytes(d.address)) w.u8(b);
      break;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      w.name(d.target);
      break;
    case 'SOA':
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      break;
    case 'SRV':
      w.u16(d.priority);
      w.u16(d.weight);
      w.u16(d.port);
      // RFC 2782: the target is never compressed.
      for (const b of nameBytes(d.target)) w.u8(b);
      break;
  }
  const len = w.bytes.length - lengthAt - 2;
  w.bytes[lengthAt] = len >>> 8;
  w.bytes[lengthAt + 1] = len & 0xff;
}

function nameBytes(name: string): number[] {
  const w = new Writer(false);
  w.name(name);
  return w.bytes;
}

/** The message as it goes on the wire. */
export function encodeMessage(m: DnsMessage, compress = false): Uint8Array {
  const w = new Writer(compress);
  w.u16(m.id);
  w.u16(flagsWord(m));
  w.u16(m.question.length);
  w.u16(m.answer.length);
  w.u16(m.authority.length);
  w.u16(additionalCount(m));
  for (const q of m.question) {
    w.name(q.name);
    w.u16(RR_TYPE_CODE[q.type]);
    w.u16(1);
  }
  for (const r of m.answer) writeRecord(w, r);
  for (const r of m.authority) writeRecord(w, r);
  for (const r of m.additional) writeRecord(w, r);
  if (m.edns) {
    w.u8(0);
    w.u16(RR_TYPE_CODE.OPT);
    w.u16(m.edns.udpSize);
    w.u32(m.edns.dnssecOk ? 0x8000 : 0);
    const cookie = m.edns.cookie ? hexBytes(m.edns.cookie) : [];
    w.u16(cookie.length ? 4 + cookie.length : 0);
    if (cookie.length) {
      w.u16(10);
      w.u16(cookie.length);
      for (const b of cookie) w.u8(b);
    }
  }
  return Uint8Array.from(w.bytes);
}

/** The payload length tcpdump prints in parentheses and dig as MSG SIZE. */
export function messageLength(m: DnsMessage, compress = false): number {
  return encodeMessage(m, compress).length;
}

// ---- reading the wire form (a test's server reads what a real resolver sends) ---------------------------------------

const TYPE_BY_CODE = new Map(Object.entries(RR_TYPE_CODE).map(([k, v]) => [v, k as RrType]));
const RCODE_BY_NUMBER = new Map(Object.entries(RCODE_NUMBER).map(([k, v]) => [v, k as Rcode]));

/** Parses a message; undefined when it is malformed or uses a type the model does not know. */
export function decodeMessage(b: Uint8Array): DnsMessage | undefined {
  try {
    let at = 0;
    const u16 = () => {
      if (at + 2 > b.length) throw new Error('short');
      const v = (b[at] << 8) | b[at + 1];
      at += 2;
      return v;
    };
    const u32 = () => ((u16() << 16) >>> 0) + u16();
    const name = (): string => {
      const labels: string[] = [];
      let pos = at;
      let jumped = false;
      for (let hops = 0; hops < 64; hops++) {
        const len = b[pos];
        if (len === undefined) throw new Error('short');
        if ((len & 0xc0) === 0xc0) {
          if (!jumped) at = pos + 2;
          jumped = true;
          pos = ((len & 0x3f) << 8) | b[pos + 1];
          continue;
        }
        if (len === 0) {
          if (!jumped) at = pos + 1;
          return labels.length ? `${labels.join('.')}.` : '.';
        }
        labels.push(new TextDecoder().decode(b.subarray(pos + 1, pos + 1 + len)));
        pos += 1 + len;
      }
      throw new Error('loop');
    };
    const id = u16();
    const flags = u16();
    const [qd, an, ns, ar] = [u16(), u16(), u16(), u16()];
    const m: DnsMessage = {
      id, response: (flags & 0x8000) !== 0, authoritative: (flags & 0x400) !== 0, truncated: (flags & 0x200) !== 0,
      recursionDesired: (flags & 0x100) !== 0, recursionAvailable: (flags & 0x80) !== 0, authenticData: (flags & 0x20) !== 0,
      checkingDisabled: (flags & 0x10) !== 0, rcode: RCODE_BY_NUMBER.get(flags & 0xf) ?? 'SERVFAIL', question: [], answer: [], authority: [], additional: [],
    };
    for (let i = 0; i < qd; i++) {
      const n = name();
      const type = TYPE_BY_CODE.get(u16());
      u16();
      if (!type) return undefined;
      m.question.push({ name: n, type });
    }
    const record = (): DnsRecord | Edns | undefined => {
      const n = name();
      const code = u16();
      const klass = u16();
      const ttl = u32();
      const len = u16();
      const end = at + len;
      const type = TYPE_BY_CODE.get(code);
      let data: RData | undefined;
      if (type === 'OPT') {
        const edns: Edns = { udpSize: klass, ...((ttl & 0x8000) !== 0 ? { dnssecOk: true } : {}) };
        while (at < end) {
          const code = u16();
          const olen = u16();
          if (code === 10) edns.cookie = [...b.subarray(at, at + olen)].map((x) => x.toString(16).padStart(2, '0')).join('');
          at += olen;
        }
        return edns;
      }
      if (type === 'A') data = { type, address: u32() };
      else if (type === 'CNAME' || type === 'PTR' || type === 'NS') data = { type, target: name() };
      else if (type === 'AAAA') data = { type, address: formatIpv6(b.subarray(at, at + 16)) };
      else if (type === 'SOA') data = { type, mname: name(), rname: name(), serial: u32(), refresh: u32(), retry: u32(), expire: u32(), minimum: u32() };
      at = end;
      return data ? { name: n, ttl, data } : undefined;
    };
    for (const [count, section] of [[an, m.answer], [ns, m.authority], [ar, m.additional]] as const) {
      for (let i = 0; i < count; i++) {
        const r = record();
        if (r === undefined) continue;
        if ('udpSize' in r) m.edns = r;
        else section.push(r);
      }
    }
    return m;
  } catch {
    return undefined;
  }
}

// ---- addresses -------------------------------------------------------------------------------------------------

function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** The 16 bytes of an IPv6 address in text form (`::` allowed). */
export function ipv6Bytes(text: string): number[] {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [(g >>> 8) & 0xff, g & 0xff]);
}

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run of two or more zero groups as `::`. */
export function formatIpv6(bytes: ArrayLike<number>): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((bytes[i] << 8) | bytes[i + 1]);
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** `in-addr.arpa` name of an address, and back. */
export function reverseName(ip: Ipv4): string {
  return `${formatIpv4(ip).split('.').reverse().join('.')}.in-addr.arpa.`;
}

export function addressOfReverseName(name: string): Ipv4 | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.?$/i.exec(name);
  return m ? parseIpv4(`${m[4]}.${m[3]}.${m[2]}.${m[1]}`) : undefined;
}
