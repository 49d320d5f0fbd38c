// The filter expressions a learner types after `tcpdump` (pcap-filter(7)), compiled the way libpcap's grammar.y,
// scanner.l and gencode.c compile them, down to the error texts tcpdump prints after `tcpdump: `. Only the
// IPv4 primitives the simulator can answer are modelled; everything else libpcap knows (ether, vlan, less,
// tcp[13] & 2, ...) is reported as unsupported rather than misread as a host name.
//
// Quirks kept on purpose because learners meet them on real nodes:
//  - `and` and `or` have the same precedence and associate left to right (`a or b and c` is `(a or b) and c`);
//  - a bare address continues the previous primitive's qualifiers: `host a or b`, `tcp port 80 or 443`;
//  - a bare address cannot start an expression (`tcpdump 10.0.0.1` is a syntax error);
//  - `host 192.168.2` is the whole /24, and `net 10` is 10.0.0.0/8;
//  - ICMP errors match on their outer header only: `port 53` never matches an ICMP port unreachable.
import type { Packet } from './packet.ts';
import type { Ipv4 } from './ipv4.ts';

export type FilterResult =
  | { ok: true; match: (p: Packet) => boolean }
  /** `unsupported`: libpcap accepts the expression but the simulator cannot evaluate it. */
  | { ok: false; error: string; unsupported?: boolean };

/**
 * Which libpcap wrote the error; they differ in a few texts:
 *  - 1.5 (CentOS 7, and very likely Amazon Linux 2's libpcap 1.5.3): a syntax error is just `syntax error`;
 *  - 1.9.0 (1.8.0 to 1.9.0): `syntax error in filter expression: syntax error`;
 *  - 1.9.1: `can't parse filter expression: syntax error`, and a stray character is a syntax error too
 *    instead of `illegal token: ,`;
 *  - 1.10 (netshoot's Alpine): as 1.9.1, and it also rejects `300.1.2.3`, `08` and numbers over 32 bits, and
 *    names `esp proto` correctly.
 */
export type LibpcapFlavor = '1.5' | '1.9.0' | '1.9.1' | '1.10';

export interface FilterOptions {
  libpcap?: LibpcapFlavor;
}

/** Service names every Linux /etc/services has for both tcp and udp; libpcap resolves `port http` through it. */
export const SERVICES: ReadonlyMap<string, number> = new Map([
  ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53], ['bootps', 67], ['bootpc', 68],
  ['http', 80], ['www', 80], ['ntp', 123], ['https', 443], ['mysql', 3306], ['postgresql', 5432],
]);

/** /etc/protocols, for `proto \tcp` (the keyword itself cannot be used: the scanner reads it as `tcp`). */
const PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['ip', 0], ['icmp', 1], ['igmp', 2], ['tcp', 6], ['udp', 17], ['gre', 47], ['esp', 50], ['ah', 51],
  ['ipv6-icmp', 58], ['sctp', 132],
]);

const IP_PROTOCOL_NUMBER: Record<Packet['proto'], number> = { icmp: 1, tcp: 6, udp: 17, ipip: 4 };

/** Protocol qualifiers the model answers; those that carry no IPv4 traffic here simply never match. */
const PNAMES = ['ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'sctp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'icmp6', 'ah', 'esp'] as const;
type Pname = (typeof PNAMES)[number];
type Proto = Pname | 'default';
type Dir = 'default' | 'src' | 'dst' | 'or' | 'and';
type Addr = 'default' | 'host' | 'net' | 'port' | 'portrange' | 'proto';
interface Qual {
  proto: Proto;
  dir: Dir;
  addr: Addr;
}
/** libpcap's `qerr`: the qualifiers after a bare protocol (`icmp or 10.0.0.1` has none to continue). */
type Quals = Qual | null;

type Match = (p: Packet) => boolean;
const never: Match = () => false;
const always: Match = () => true;

// Every word scanner.l reserves. Words not modelled here become `unsupported` tokens, so that `less 100` is
// not read as a host named `less`.
const MODELLED_WORDS = new Set<string>([...PNAMES, 'src', 'dst', 'host', 'net', 'mask', 'port', 'portrange', 'proto', 'and', 'or', 'not']);
const OTHER_WORDS = (
  'link ether ppp slip fddi tr wlan radio atalk aarp decnet lat sca moprc mopdl iso esis es-is isis is-is l1 l2 iih ' +
  'lsp snp csnp psnp clnp stp ipx netbeui protochain gateway type subtype direction dir address1 addr1 address2 ' +
  'addr2 address3 addr3 address4 addr4 ra ta less greater byte broadcast multicast len length inbound outbound vlan ' +
  'mpls pppoed pppoes geneve lane llc metac bcc oam oamf4 oamf4ec oamf4sc sc ilmic vpi vci connectmsg metaconnect ' +
  'on ifname rset ruleset rnr rulenum srnr subrulenum reason action fisu lssu lsu msu hfisu hlssu hmsu sio opc dpc ' +
  'sls hsio hopc hdpc hsls'
).split(' ');
// Names the scanner turns into numbers for byte-offset expressions (icmp[icmptype] == icmp-echo).
const NAMED_CONSTANTS = (
  'icmptype icmpcode icmp-echoreply icmp-unreach icmp-sourcequench icmp-redirect icmp-echo icmp-routeradvert ' +
  'icmp-routersolicit icmp-timxceed icmp-paramprob icmp-tstamp icmp-tstampreply icmp-ireq icmp-ireqreply ' +
  'icmp-maskreq icmp-maskreply icmp6type icmp6code tcpflags tcp-fin tcp-syn tcp-rst tcp-push tcp-ack tcp-urg ' +
  'tcp-ece tcp-cwr'
).split(' ');

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'num'; value: number; text: string }
  | { kind: 'hid'; text: string }
  | { kind: 'id'; text: string }
  | { kind: 'punct'; text: '(' | ')' | '/' | '!' }
  | { kind: 'error'; message: string; unsupported: boolean }
  | { kind: 'eof' };

class FilterError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.unsupported = unsupported;
  }
}

export function compileFilter(expression: string, resolve: (name: string) => Ipv4 | undefined, options: FilterOptions = {}): FilterResult {
  const flavor = options.libpcap ?? '1.9.0';
  try {
    const parser = new Parser(tokenize(expression, flavor), resolve, flavor);
    return { ok: true, match: parser.program() };
  } catch (e) {
    if (e instanceof FilterError) return e.unsupported ? { ok: false, error: e.message, unsupported: true } : { ok: false, error: e.message };
    throw e;
  }
}

/** The bison error as each libpcap reports it (grammar.y's yyerror). */
export function syntaxErrorText(flavor: LibpcapFlavor): string {
  if (flavor === '1.5') return 'syntax error';
  if (flavor === '1.9.0') return 'syntax error in filter expression: syntax error';
  return "can't parse filter expression: syntax error";
}

/** Before 1.9.1 the scanner named what it could not read; later ones hand the parser a token it rejects. */
function illegal(message: string, flavor: LibpcapFlavor): Token {
  const old = flavor === '1.5' || flavor === '1.9.0';
  return { kind: 'error', message: old ? message : syntaxErrorText(flavor), unsupported: false };
}

// ---- scanner ----

const N = '(?:0[xX][0-9A-Fa-f]+|[0-9]+)';
const B = '[0-9A-Fa-f]{1,2}';
const B2 = '[0-9A-Fa-f]{4}';
// In scanner.l order; each regex is tried at the current position and the longest match wins.
const RULES: { re: RegExp; token: (text: string, flavor: LibpcapFlavor) => Token }[] = [
  { re: /&&|\|\||>=|<=|!=|==|<<|>>|[+\-*/%:[\]!<>()&|^=]/y, token: punctToken },
  // Ethernet addresses ($B, MAC) and IPv6 addresses: valid, but not IPv4.
  { re: new RegExp(`\\$${B}|${B}(?::${B}){5}|${B}(?:-${B}){5}|${B}(?:\\.${B}){5}|${B2}\\.${B2}\\.${B2}|(?:${B2}){3}`, 'y'), token: unsupportedToken },
  { re: new RegExp(N, 'y'), token: numberToken },
  { re: new RegExp(`${N}\\.${N}(?:\\.${N}(?:\\.${N})?)?`, 'y'), token: (t) => ({ kind: 'hid', text: t }) },
  { re: /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/y, token: unsupportedToken },
  { re: /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y, token: (t) => ({ kind: 'id', text: t }) },
  { re: /\\[^ !()\n\t]+/y, token: (t) => ({ kind: 'id', text: t.slice(1) }) },
  { re: /[^ [\]\t\n\-_.A-Za-z0-9!<>()&|=]+/y, token: (t, flavor) => illegal(`illegal token: ${t}`, flavor) },
  { re: /[^]/y, token: (t, flavor) => illegal(`illegal char '${t}'`, flavor) },
];
const RESERVED = [...MODELLED_WORDS, ...OTHER_WORDS, ...NAMED_CONSTANTS].sort((a, b) => b.length - a.length);

/** flex semantics: the longest match wins, and on a tie the rule written first (reserved words before names). */
function tokenize(text: string, flavor: LibpcapFlavor): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (' \t\n\r'.includes(text[pos])) {
      pos++;
      continue;
    }
    const word = RESERVED.find((w) => text.startsWith(w, pos));
    let best: { length: number; token: Token } = { length: 0, token: { kind: 'eof' } };
    if (word !== undefined) best = { length: word.length, token: wordToken(word) };
    for (const rule of RULES) {
      rule.re.lastIndex = pos;
      const m = rule.re.exec(text);
      if (m && m[0].length > best.length) best = { length: m[0].length, token: rule.token(m[0], flavor) };
    }
    tokens.push(best.token);
    pos += best.length;
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

function wordToken(word: string): Token {
  if (word === 'not') return { kind: 'punct', text: '!' };
  if (MODELLED_WORDS.has(word)) return { kind: 'word', text: word };
  return unsupportedToken(word);
}

function punctToken(text: string): Token {
  if (text === '&&') return { kind: 'word', text: 'and' };
  if (text === '||') return { kind: 'word', text: 'or' };
  if (text === '(' || text === ')' || text === '/' || text === '!') return { kind: 'punct', text };
  // The rest only appear in arithmetic and relational expressions (tcp[13] & 2 != 0, len > 100).
  return unsupportedToken(text);
}

function unsupportedToken(text: string): Token {
  return { kind: 'error', message: `'${text}' is valid libpcap syntax that this simulator does not model`, unsupported: true };
}

/**
 * scanner.l's number: 0x for hex, a leading 0 for octal. Up to 1.9 stoi lets 8 and 9 into octal and wraps at
 * 32 bits; 1.10 refuses both.
 */
function numberToken(text: string, flavor: LibpcapFlavor): Token {
  let base = 10;
  let digits = text;
  if (text.startsWith('0x') || text.startsWith('0X')) {
    base = 16;
    digits = text.slice(2);
  } else if (text.startsWith('0') && text.length > 1) {
    base = 8;
    digits = text.slice(1);
  }
  const strict = flavor === '1.10';
  if (strict && base === 8 && /[89]/.test(digits)) return { kind: 'error', message: `number ${text} contains non-octal digit`, unsupported: false };
  let n = 0;
  for (const c of digits) {
    n = n * base + parseInt(c, 16);
    if (strict && n > 0xffffffff) return { kind: 'error', message: `number ${text} overflows 32 bits`, unsupported: false };
    n %= 2 ** 32;
  }
  return { kind: 'num', value: n, text };
}

// ---- parser (grammar.y) ----

class Parser {
  private readonly tokens: Token[];
  private readonly resolve: (name: string) => Ipv4 | undefined;
  private readonly flavor: LibpcapFlavor;
  private pos = 0;

  constructor(tokens: Token[], resolve: (name: string) => Ipv4 | undefined, flavor: LibpcapFlavor) {
    this.tokens = tokens;
    this.resolve = resolve;
    this.flavor = flavor;
  }

  program(): Match {
    if (this.peek().kind === 'eof') return always;
    const { match } = this.expr(null);
    if (this.peek().kind !== 'eof') this.syntaxError();
    return match;
  }

  // The lexer runs only when the parser needs the next token, so a bad token is reported when it is reached.
  private peek(): Token {
    const t = this.tokens[this.pos];
    if (t.kind === 'error') throw new FilterError(t.message, t.unsupported);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }

  /** Consumes the word the caller has just seen with isWord. */
  private word(): string {
    const t = this.next();
    return t.kind === 'word' ? t.text : '';
  }

  private isWord(...words: string[]): boolean {
    const t = this.peek();
    return t.kind === 'word' && words.includes(t.text);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private syntaxError(): never {
    throw new FilterError(syntaxErrorText(this.flavor));
  }

  /** expr: term | expr and term | expr and id | expr or term | expr or id. `prev` is the qualifier before it. */
  private expr(prev: Quals): { match: Match; q: Quals } {
    let { match, q } = this.term(prev);
    while (this.isWord('and', 'or')) {
      const isAnd = this.word() === 'and';
      let right: Match;
      if (this.startsId()) {
        // The id continues this expression's qualifiers, which stay as they were.
        right = this.id(q);
      } else {
        const t = this.term(q);
        right = t.match;
        q = t.q;
      }
      match = isAnd ? both(match, right) : either(match, right);
    }
    return { match, q };
  }

  /** After `and`/`or`: a bare address (possibly negated or parenthesised) rather than a new primitive. */
  private startsId(): boolean {
    let i = this.pos;
    const opens = (t: Token) => t.kind === 'punct' && (t.text === '!' || t.text === '(');
    while (opens(this.tokens[i])) i++;
    const kind = this.tokens[i].kind;
    return kind === 'num' || kind === 'hid' || kind === 'id';
  }

  /** term: not term | head id | paren expr ')' | pname. */
  private term(prev: Quals): { match: Match; q: Quals } {
    if (this.isPunct('!')) {
      this.next();
      const t = this.term(prev);
      return { match: negate(t.match), q: t.q };
    }
    if (this.isPunct('(')) {
      this.next();
      const { match } = this.expr(prev);
      this.expect(')');
      return { match, q: prev };
    }
    let proto: Proto = 'default';
    const t = this.peek();
    if (t.kind === 'word' && (PNAMES as readonly string[]).includes(t.text)) {
      this.next();
      proto = t.text as Pname;
      if (!this.isWord('src', 'dst', 'host', 'net', 'port', 'portrange', 'proto')) return { match: protoAbbrev(proto), q: null };
    } else if (!this.isWord('src', 'dst', 'host', 'net', 'port', 'portrange', 'proto')) {
      this.syntaxError();
    }
    const q = this.head(proto);
    return { match: this.id(q), q };
  }

  /** head: pqual dqual aqual | pqual dqual | pqual aqual | pqual PROTO. */
  private head(proto: Proto): Qual {
    let dir: Dir = 'default';
    let addr: Addr = 'default';
    if (this.isWord('src', 'dst')) {
      const first = this.word() === 'src' ? 'src' : 'dst';
      dir = first;
      // `src or dst` / `src and dst`: once `or` follows a direction the parser has committed to the pair.
      if (this.isWord('and', 'or')) {
        const joint = this.word() === 'and' ? 'and' : 'or';
        if (!this.isWord(first === 'src' ? 'dst' : 'src')) this.syntaxError();
        this.next();
        dir = joint;
      }
    }
    if (this.isWord('host', 'net', 'port', 'portrange')) addr = this.word() as Addr;
    else if (dir === 'default' && this.isWord('proto')) {
      this.next();
      addr = 'proto';
    }
    return { proto, dir, addr };
  }

  /** id: nid | pnum | paren pid ')'; nid: ID | HID '/' NUM | HID mask HID | HID | not id. */
  private id(q: Quals): Match {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '!') {
      this.next();
      return negate(this.id(q));
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const m = this.pid(q);
      this.expect(')');
      return m;
    }
    if (t.kind === 'num') {
      this.next();
      return this.ncode(undefined, t.value, q);
    }
    if (t.kind === 'id') {
      this.next();
      return this.scode(t.text, q);
    }
    if (t.kind === 'hid') {
      this.next();
      if (this.isPunct('/')) {
        this.next();
        const len = this.peek();
        if (len.kind !== 'num') this.syntaxError();
        this.next();
        return this.mcode(t.text, undefined, len.value, q);
      }
      if (this.isWord('mask')) {
        this.next();
        const m = this.peek();
        if (m.kind !== 'hid') this.syntaxError();
        this.next();
        return this.mcode(t.text, m.text, 0, q);
      }
      if (q?.addr === 'port' || q?.addr === 'portrange' || q?.addr === 'proto') throw new FilterError(`'${q.addr}' modifier applied to ip host`);
      return this.ncode(t.text, 0, q);
    }
    this.syntaxError();
  }

  /** pid: nid | qid and id | qid or id — never a lone number, never opening with a parenthesis. */
  private pid(q: Quals): Match {
    if (this.isPunct('(')) this.syntaxError();
    const lone = this.peek().kind === 'num';
    let match = this.id(q);
    if (lone && !this.isWord('and', 'or')) this.syntaxError();
    while (this.isWord('and', 'or')) {
      const isAnd = this.word() === 'and';
      const right = this.id(q);
      match = isAnd ? both(match, right) : either(match, right);
    }
    return match;
  }

  private expect(text: ')'): void {
    if (!this.isPunct(text)) this.syntaxError();
    this.next();
  }

  // ---- gencode.c ----

  /** gen_ncode: a number or a dotted address. */
  private ncode(s: string | undefined, v: number, q: Quals): Match {
    if (q === null) throw new FilterError('syntax error in filter expression');
    switch (q.addr) {
      case 'default':
      case 'host':
      case 'net': {
        const parsed = s === undefined ? { addr: v, len: 32 } : this.atoin(s);
        let addr = parsed.addr;
        let mask = 0xffffffff;
        if (s === undefined && q.addr === 'net') {
          // A short net number is left-justified: `net 10` is 10.0.0.0/8.
          while (addr !== 0 && (addr & 0xff000000) === 0) {
            addr = (addr << 8) >>> 0;
            mask = (mask << 8) >>> 0;
          }
        } else if (parsed.len < 32) {
          // A short dotted address is a prefix: `host 192.168.2` is the /24.
          addr = (addr << (32 - parsed.len)) >>> 0;
          mask = (mask << (32 - parsed.len)) >>> 0;
        }
        return hostMatch(addr, mask, q, q.addr === 'net' ? 'net' : 'host');
      }
      case 'port':
      case 'portrange': {
        const proto = portProto(q, q.addr);
        if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
        return portMatch(v, v, proto, q.dir);
      }
      case 'proto':
        return protoMatch(v, q, this.flavor);
    }
  }

  /** gen_scode: a name. */
  private scode(name: string, q: Quals): Match {
    if (q === null) throw new FilterError('syntax error in filter expression');
    switch (q.addr) {
      case 'net':
        // /etc/networks is not modelled; on a node it holds nothing a learner would type.
        throw new FilterError(`unknown network '${name}'`);
      case 'default':
      case 'host': {
        const addr = this.resolve(name);
        if (addr === undefined) throw new FilterError(`unknown host '${name}'`);
        // The resolver answers IPv4 only, so an ip6 qualifier leaves no address.
        if (q.proto === 'ip6') throw new FilterError(`unknown host '${name}' for specified address family`);
        return hostMatch(addr, 0xffffffff, q, 'host');
      }
      case 'port': {
        const proto = portProto(q, 'port');
        const port = nameToPort(name);
        if (port === undefined) throw new FilterError(`unknown port '${name}'`);
        if (port > 65535) throw new FilterError(`illegal port number ${port} > 65535`);
        return portMatch(port, port, proto, q.dir);
      }
      case 'portrange': {
        const proto = portProto(q, 'portrange');
        const range = nameToPortRange(name);
        if (range === undefined) throw new FilterError(`unknown port in range '${name}'`);
        for (const port of range) if (port > 65535) throw new FilterError(`illegal port number ${port} > 65535`);
        return portMatch(Math.min(...range), Math.max(...range), proto, q.dir);
      }
      case 'proto': {
        if (q.proto !== 'default' && q.proto !== 'ip' && q.proto !== 'ip6') throw new FilterError(`unknown protocol: ${name}`);
        const v = PROTOCOLS.get(name);
        if (v === undefined) throw new FilterError(`unknown ip proto '${name}'`);
        return protoMatch(v, q, this.flavor);
      }
    }
  }

  /** gen_mcode: `net A/len` and `net A mask M`. */
  private mcode(s1: string, s2: string | undefined, masklen: number, q: Quals): Match {
    const n1 = this.atoin(s1);
    const n = n1.len === 32 ? n1.addr : (n1.addr << (32 - n1.len)) >>> 0;
    let m: number;
    if (s2 !== undefined) {
      const m2 = this.atoin(s2);
      m = m2.len === 32 ? m2.addr : (m2.addr << (32 - m2.len)) >>> 0;
      if ((n & ~m) !== 0) throw new FilterError(`non-network bits set in "${s1} mask ${s2}"`);
    } else {
      if (masklen > 32) throw new FilterError('mask length must be <= 32');
      m = masklen === 0 ? 0 : (0xffffffff << (32 - masklen)) >>> 0;
      if ((n & ~m) !== 0) throw new FilterError(`non-network bits set in "${s1}/${masklen}"`);
    }
    if (q === null || q.addr !== 'net') throw new FilterError('Mask syntax for networks only');
    return hostMatch(n, m, q, 'net');
  }

  /** __pcap_atoin: up to four dotted parts, 8 bits each; 1.10 rejects a part over 255, older ones wrap it. */
  private atoin(s: string): { addr: number; len: number } {
    const parts = s.split('.').map((p) => Number(p));
    if (this.flavor === '1.10' && parts.some((p) => p > 255)) throw new FilterError(`invalid IPv4 address '${s}'`);
    let addr = 0;
    for (const p of parts) addr = ((addr << 8) | (p & 0xff)) >>> 0;
    return { addr, len: parts.length * 8 };
  }
}

// ---- matchers ----

function both(a: Match, b: Match): Match {
  return (p) => a(p) && b(p);
}

function either(a: Match, b: Match): Match {
  return (p) => a(p) || b(p);
}

function negate(a: Match): Match {
  return (p) => !a(p);
}

/** gen_proto_abbrev: a protocol name on its own. */
function protoAbbrev(proto: Proto): Match {
  if (proto === 'ip') return always;
  if (proto === 'tcp' || proto === 'udp' || proto === 'icmp') return (p) => p.proto === proto;
  return never;
}

/** gen_host: an address under a mask, with the protocol qualifier checked the way libpcap checks it. */
function hostMatch(addr: number, mask: number, q: Qual, type: 'host' | 'net'): Match {
  switch (q.proto) {
    case 'default':
    case 'ip':
      break;
    case 'arp':
    case 'rarp':
      return never;
    case 'ip6':
      throw new FilterError("'ip6' modifier applied to ip host");
    default:
      throw new FilterError(`'${q.proto}' modifier applied to ${type}`);
  }
  const hit = (ip: Ipv4) => ((ip & mask) >>> 0) === addr;
  return byDirection(q.dir, (p) => hit(p.src), (p) => hit(p.dst));
}

function portProto(q: Qual, what: 'port' | 'portrange'): 'tcp' | 'udp' | 'sctp' | 'any' {
  if (q.proto === 'tcp' || q.proto === 'udp' || q.proto === 'sctp') return q.proto;
  if (q.proto === 'default') return 'any';
  throw new FilterError(`illegal qualifier of '${what}'`);
}

/** gen_port / gen_portrange: tcp and udp only (sctp never occurs here), and never an ICMP error's quoted ports. */
function portMatch(low: number, high: number, proto: 'tcp' | 'udp' | 'sctp' | 'any', dir: Dir): Match {
  const carries = (p: Packet) => (proto === 'any' ? p.proto === 'tcp' || p.proto === 'udp' : p.proto === proto);
  const inRange = (port: number | undefined) => port !== undefined && port >= low && port <= high;
  return byDirection(dir, (p) => carries(p) && inRange(p.srcPort), (p) => carries(p) && inRange(p.dstPort));
}

/** gen_proto: `proto N`, `ip proto N`. */
function protoMatch(v: number, q: Qual, flavor: LibpcapFlavor): Match {
  switch (q.proto) {
    case 'default':
    case 'ip':
      return (p) => IP_PROTOCOL_NUMBER[p.proto] === v;
    case 'ip6':
      return never;
    case 'arp':
    case 'rarp':
      throw new FilterError(`${q.proto} does not encapsulate another protocol`);
    case 'esp':
      // Sic: before 1.10 gencode.c has the wrong name in this message.
      throw new FilterError(flavor === '1.10' ? "'esp proto' is bogus" : "'ah proto' is bogus");
    default:
      throw new FilterError(`'${q.proto} proto' is bogus`);
  }
}

function byDirection(dir: Dir, src: Match, dst: Match): Match {
  if (dir === 'src') return src;
  if (dir === 'dst') return dst;
  if (dir === 'and') return both(src, dst);
  return either(src, dst);
}

/** pcap_nametoport: /etc/services, or a number (getaddrinfo takes numeric services). */
function nameToPort(name: string): number | undefined {
  if (/^[0-9]+$/.test(name)) return Number(name);
  return SERVICES.get(name);
}

/** pcap_nametoportrange: `N-M` as sscanf("%d-%d") reads it, else two names around the first '-'. */
function nameToPortRange(name: string): [number, number] | undefined {
  const m = /^\s*([+-]?[0-9]+)-\s*([+-]?[0-9]+)/.exec(name);
  if (m) return [Number(m[1]), Number(m[2])];
  const dash = name.indexOf('-');
  if (dash < 0) return undefined;
  const a = nameToPort(name.slice(0, dash));
  const b = nameToPort(name.slice(dash + 1));
  return a === undefined || b === undefined ? undefined : [a, b];
}
