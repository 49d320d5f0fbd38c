// The iptables rules the VPC CNI (v1.12.6) installs on a node, as data the packet path evaluates and the
// `iptables` commands print. Follows pkg/networkutils/network.go: buildIptablesSNATRules (one chain per VPC CIDR
// and excluded CIDR, SNAT in the last), buildIptablesConnmarkRules (nat PREROUTING marks connections leaving the
// VPC) and the mangle rules for the primary ENI. kube-proxy's rules (model/proxy/iptables-rules.ts) arrive as the
// text kube-proxy hands iptables-restore; parseRestoreRule reads them into the same structures, and the printers
// give them back as iptables 1.8.4 (legacy) prints them.
import type { RecentMatch } from './xt-recent.ts';
import { type Cidr, cidrContains, formatCidr, formatIpv4, type Ipv4, parseCidr, parseIpv4 } from './ipv4.ts';

export type TableName = 'nat' | 'mangle' | 'filter';

export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export interface Negatable<T> {
  value: T;
  not?: boolean;
}

export interface RuleMatch {
  src?: Negatable<Cidr>;
  dst?: Negatable<Cidr>;
  /** Interface names; a trailing `+` matches any name with that prefix, as iptables does. */
  inIface?: Negatable<string>;
  outIface?: Negatable<string>;
  comment?: string;
  /** -m addrtype --dst-type LOCAL (with --limit-iface-in: local to the interface it came in on). */
  dstLocal?: Negatable<true> & { limitIfaceIn?: boolean };
  /** -p: tcp, udp, sctp. */
  proto?: string;
  /** Matches in the order the rule was written (kube-proxy's rules); when present, `comment` and `dstLocal` are unused. */
  exts?: MatchExt[];
}

/** A match module's options, as the kernel keeps them. */
export type MatchExt =
  | { m: 'comment'; comment: string }
  | { m: 'tcp' | 'udp' | 'sctp'; dport?: number }
  /** xt_multiport's destination ports (felix's `-m multiport --destination-ports 4789`). */
  | { m: 'multiport'; dports: number[] }
  /** limitIface: --limit-iface-in / --limit-iface-out (felix's tunnel rule: local to the outgoing device). */
  | { m: 'addrtype'; side: 'src' | 'dst'; type: string; not?: boolean; limitIface?: 'in' | 'out' }
  | { m: 'mark'; mark: number; mask: number; not?: boolean }
  | { m: 'conntrack'; states: string; not?: boolean }
  /** `probability` in the kernel's unit, 2^-31: lround(0x80000000 * p). */
  | { m: 'statistic'; probability: number }
  | { m: 'recent'; op: 'set' | 'rcheck'; seconds?: number; reap?: boolean; name: string }
  /** xt_set (revision 4 on this iptables): an ipset and the packet fields it looks at, `dst,dst` … */
  | { m: 'set'; set: string; flags: string; not?: boolean }
  /** xt_physdev: `! --physdev-is-in` (kube-proxy's external IP rules); EKS bridges nothing. */
  | { m: 'physdev'; isIn: true; not?: boolean };

export type RuleTarget =
  | { kind: 'jump'; chain: string }
  /** -g: the chain's RETURN (or end) goes back to the chain that called this one (felix's dispatch chains). */
  | { kind: 'goto'; chain: string }
  /** No -j at all: the rule only counts (felix's empty profile chains carry one such rule for their comment). */
  | { kind: 'none' }
  | { kind: 'RETURN' }
  | { kind: 'SNAT'; toSource: Ipv4; random?: 'random' | 'random-fully' }
  | { kind: 'CONNMARK-set'; mark: number; mask: number }
  | { kind: 'CONNMARK-restore'; mask: number }
  | { kind: 'MARK'; mark: number; mask: number }
  | { kind: 'MASQUERADE'; randomFully?: boolean }
  | { kind: 'DNAT'; to: string }
  | { kind: 'REJECT' }
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' };

export interface NetfilterRule {
  table: TableName;
  chain: string;
  match: RuleMatch;
  target: RuleTarget;
}

export interface Ruleset {
  /** User chains per table, in creation order (`-N` lines print them sorted). */
  chains: Record<TableName, string[]>;
  rules: NetfilterRule[];
}

/** The aws-node settings that shape the node's rules. */
export interface DatapathSettings {
  externalSnat: boolean;
  excludeSnatCidrs: Cidr[];
  randomizeSnat: 'prng' | 'hashrandom' | 'none';
  nodePortSupport: boolean;
  connmark: number;
  vethPrefix: string;
}

function envBool(env: ReadonlyMap<string, string>, key: string, fallback: boolean): boolean {
  const v = env.get(key);
  // Go's strconv.ParseBool, as the CNI's getEnvBoolWithDefault uses it; anything else keeps the default.
  if (v === undefined) return fallback;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return fallback;
}

export function readDatapathSettings(env: ReadonlyMap<string, string>): DatapathSettings {
  const random = env.get('AWS_VPC_K8S_CNI_RANDOMIZESNAT');
  const mark = Number(env.get('AWS_VPC_K8S_CNI_CONNMARK') ?? '0x80');
  return {
    externalSnat: envBool(env, 'AWS_VPC_K8S_CNI_EXTERNALSNAT', false),
    // The CNI skips entries that do not parse as CIDRs (it logs them).
    excludeSnatCidrs: (env.get('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS') ?? '')
      .split(',')
      .map((s) => parseCidr(s.trim()))
      .filter((c): c is Cidr => c !== undefined),
    // An unknown value falls back to prng (network.go typeOfSNAT).
    randomizeSnat: random === 'hashrandom' || random === 'none' ? random : 'prng',
    nodePortSupport: envBool(env, 'AWS_VPC_CNI_NODE_PORT_SUPPORT', true),
    connmark: Number.isInteger(mark) && mark > 0 ? mark : 0x80,
    vethPrefix: env.get('AWS_VPC_K8S_CNI_VETHPREFIX') ?? 'eni',
  };
}

/** The rules ipamd programs on a node whose primary ENI has `primaryIp`. */
export function cniRuleset(vpcCidrs: Cidr[], primaryIp: Ipv4, s: DatapathSettings): Ruleset {
  const rules: NetfilterRule[] = [];
  const add = (table: TableName, chain: string, match: RuleMatch, target: RuleTarget) => rules.push({ table, chain, match, target });
  const snatCidrs = [...vpcCidrs.map((c) => ({ cidr: c, exclusion: false })), ...s.excludeSnatCidrs.map((c) => ({ cidr: c, exclusion: true }))];
  // The chains exist even with external SNAT (NewChain runs unconditionally); only their rules go.
  const snatChains = Array.from({ length: snatCidrs.length + 1 }, (_, i) => `AWS-SNAT-CHAIN-${i}`);
  const connmarkChains = Array.from({ length: snatCidrs.length + 1 }, (_, i) => `AWS-CONNMARK-CHAIN-${i}`);
  const mark = { mark: s.connmark, mask: s.connmark };

  if (!s.externalSnat) {
    add('nat', 'PREROUTING', { inIface: { value: `${s.vethPrefix}+` }, comment: 'AWS, outbound connections' }, { kind: 'jump', chain: connmarkChains[0] });
    add('nat', 'PREROUTING', { comment: 'AWS, CONNMARK' }, { kind: 'CONNMARK-restore', mask: s.connmark });
    add('nat', 'POSTROUTING', { comment: 'AWS SNAT CHAIN' }, { kind: 'jump', chain: snatChains[0] });
    snatCidrs.forEach(({ cidr, exclusion }, i) => {
      add('nat', snatChains[i], { dst: { value: cidr, not: true }, comment: exclusion ? 'AWS SNAT CHAIN EXCLUSION' : 'AWS SNAT CHAIN' }, { kind: 'jump', chain: snatChains[i + 1] });
    });
    add('nat', snatChains[snatChains.length - 1], { outIface: { value: 'vlan+', not: true }, comment: 'AWS, SNAT', dstLocal: { value: true, not: true } }, {
      kind: 'SNAT', toSource: primaryIp, random: s.randomizeSnat === 'prng' ? 'random-fully' : s.randomizeSnat === 'hashrandom' ? 'random' : undefined,
    });
    snatCidrs.forEach(({ cidr, exclusion }, i) => {
      add('nat', connmarkChains[i], { dst: { value: cidr, not: true }, comment: exclusion ? 'AWS CONNMARK CHAIN, EXCLUDED CIDR' : 'AWS CONNMARK CHAIN, VPC CIDR' }, { kind: 'jump', chain: connmarkChains[i + 1] });
    });
    add('nat', connmarkChains[connmarkChains.length - 1], { comment: 'AWS, CONNMARK' }, { kind: 'CONNMARK-set', ...mark });
  }
  if (s.nodePortSupport) {
    add('mangle', 'PREROUTING', { inIface: { value: 'eth0' }, comment: 'AWS, primary ENI', dstLocal: { value: true, limitIfaceIn: true } }, { kind: 'CONNMARK-set', ...mark });
  }
  if (s.nodePortSupport || !s.externalSnat) {
    add('mangle', 'PREROUTING', { inIface: { value: `${s.vethPrefix}+` }, comment: 'AWS, primary ENI' }, { kind: 'CONNMARK-restore', mask: s.connmark });
  }
  if (s.nodePortSupport) {
    add('mangle', 'PREROUTING', { inIface: { value: 'vlan+' }, comment: 'AWS, primary ENI' }, { kind: 'CONNMARK-restore', mask: s.connmark });
  }
  return { chains: { nat: [...snatChains, ...connmarkChains], mangle: [], filter: [] }, rules };
}

// ---- evaluation --------------------------------------------------------------------------------------------

/** What a rule can look at: the packet's addresses, protocol and ports, its interfaces, its mark, its connection's
 *  state, and which addresses are the host's own. */
export interface MatchContext {
  src: Ipv4;
  dst: Ipv4;
  inIface?: string;
  outIface?: string;
  isLocal(ip: Ipv4, iface?: string): boolean;
  proto?: string;
  sport?: number;
  dport?: number;
  /** The packet's mark (skb->mark) as the walk finds it; MARK and CONNMARK --restore-mark change it. */
  mark?: number;
  /** conntrack's view of the packet: NEW, ESTABLISHED, RELATED, INVALID, and the virtual states DNAT and SNAT. */
  ctstates?: readonly string[];
  /** xt_statistic's draw: prandom_u32() & 0x7FFFFFFF. Called only when a statistic match is reached. */
  random?(): number;
  /** xt_set: whether the packet's fields named by `flags` are in the node's ipset (kube-proxy's ipvs mode). */
  inSet?(set: string, flags: string): boolean;
  /** xt_recent over the namespace's lists, for the packet's source (--rsource). */
  recent?(e: RecentMatch): boolean;
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function negate<T>(m: Negatable<T> | undefined, test: (v: T) => boolean): boolean {
  if (!m) return true;
  return test(m.value) !== (m.not ?? false);
}

/** The match modules in the rule's order, as the kernel runs them after the IP header matched: each one that
 *  fails ends the rule, so a statistic match draws only when every match before it held. `recent` (ClientIP
 *  session affinity) asks the namespace's lists (xt-recent.ts); without them --rcheck never matches. */
function extsMatch(exts: MatchExt[], c: MatchContext): boolean {
  for (const e of exts) {
    switch (e.m) {
      case 'comment': break;
      case 'tcp': case 'udp': case 'sctp':
        if (c.proto !== e.m || (e.dport !== undefined && c.dport !== e.dport)) return false;
        break;
      case 'multiport':
        if (c.dport === undefined || !e.dports.includes(c.dport)) return false;
        break;
      case 'addrtype':
        if (c.isLocal(e.side === 'dst' ? c.dst : c.src, e.limitIface === 'in' ? c.inIface : e.limitIface === 'out' ? c.outIface : undefined) === (e.not ?? false)) return false;
        break;
      case 'mark':
        if ((((c.mark ?? 0) & e.mask) >>> 0 === e.mark >>> 0) === (e.not ?? false)) return false;
        break;
      case 'conntrack': {
        const states = c.ctstates ?? ['NEW'];
        if (e.states.split(',').some((s) => states.includes(s)) === (e.not ?? false)) return false;
        break;
      }
      case 'statistic':
        // xt_statistic.c: (prandom_u32() & 0x7FFFFFFF) < probability.
        if (!c.random || !(c.random() < e.probability)) return false;
        break;
      case 'recent':
        if (c.recent ? !c.recent(e) : e.op === 'rcheck') return false;
        break;
      case 'set':
        if ((c.inSet?.(e.set, e.flags) ?? false) === (e.not ?? false)) return false;
        break;
      case 'physdev':
        // No bridge on an EKS node: no packet came in through a bridge port.
        if (e.not !== true) return false;
        break;
    }
  }
  return true;
}

export function ruleMatches(rule: NetfilterRule, c: MatchContext): boolean {
  const m = rule.match;
  // ip_packet_match first (addresses, interfaces, protocol), then the matches.
  const header =
    (m.proto === undefined || m.proto === c.proto) &&
    negate(m.src, (cidr) => cidrContains(cidr, c.src)) &&
    negate(m.dst, (cidr) => cidrContains(cidr, c.dst)) &&
    negate(m.inIface, (p) => ifaceMatches(p, c.inIface)) &&
    negate(m.outIface, (p) => ifaceMatches(p, c.outIface));
  if (!header) return false;
  if (m.exts) return extsMatch(m.exts, c);
  return negate(m.dstLocal, () => c.isLocal(c.dst, m.dstLocal?.limitIfaceIn ? c.inIface : undefined));
}

/** A rule that matched on the way, for the packet stepper and the counters. */
export interface RuleHit {
  rule: NetfilterRule;
  /** The rule as `iptables -S` prints it. */
  text: string;
}

/** A statistic match reached on the way (its earlier matches held): the draw the kernel made and the rule's
 *  probability, both in xt_statistic's unit of 2^-31. The rule was taken when draw < probability. */
export interface StatisticDraw {
  chain: string;
  /** The rule as `iptables -S` prints it, after `-A CHAIN`. */
  text: string;
  draw: number;
  probability: number;
}

export type Verdict =
  | { kind: 'continue' }
  | { kind: 'snat'; toSource: Ipv4; random?: 'random' | 'random-fully' }
  | { kind: 'masquerade'; randomFully?: boolean }
  | { kind: 'dnat'; to: Ipv4; port?: number }
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'reject' };

const chainIndexes = new WeakMap<Ruleset, Map<string, NetfilterRule[]>>();

/** Each chain's rules in order, keyed `table chain` (built once per ruleset: every packet walks several chains). */
function chainIndex(ruleset: Ruleset): Map<string, NetfilterRule[]> {
  let index = chainIndexes.get(ruleset);
  if (!index) {
    index = new Map();
    for (const r of ruleset.rules) {
      const k = `${r.table} ${r.chain}`;
      let list = index.get(k);
      if (!list) index.set(k, (list = []));
      list.push(r);
    }
    chainIndexes.set(ruleset, index);
  }
  return index;
}

/**
 * Walks a built-in chain the way the kernel does: rules in order, jumps into user chains and back on RETURN
 * or at their end. CONNMARK and MARK targets are non-terminating; SNAT, MASQUERADE, DNAT, ACCEPT, DROP and
 * REJECT end the walk. The packet's mark lives in `c.mark` and changes as MARK and CONNMARK --restore-mark set it.
 */
export function traverse(
  ruleset: Ruleset, table: TableName, chain: string, c: MatchContext,
  effects: { setConnmark(mark: number, mask: number): void; restoreMark(mask: number): void; setMark?(mark: number, mask: number): void },
): { verdict: Verdict; hits: RuleHit[]; draws: StatisticDraw[] } {
  const hits: RuleHit[] = [];
  const draws: StatisticDraw[] = [];
  const chains = chainIndex(ruleset);
  // Every statistic draw is recorded with the rule that made it, taken or not: the rule walk shows the dice.
  let current: NetfilterRule | undefined;
  const random = c.random;
  if (random) {
    c.random = () => {
      const draw = random();
      const st = current?.match.exts?.find((e) => e.m === 'statistic');
      if (current && st?.m === 'statistic') draws.push({ chain: current.chain, text: ruleSpec(current), draw, probability: st.probability });
      return draw;
    };
  }
  const walk = (name: string, depth: number): Verdict | 'return' => {
    if (depth > 16) return 'return';
    for (const rule of chains.get(`${table} ${name}`) ?? []) {
      current = rule;
      if (!ruleMatches(rule, c)) continue;
      hits.push({ rule, text: ruleSpec(rule) });
      const t = rule.target;
      switch (t.kind) {
        case 'RETURN': return 'return';
        case 'CONNMARK-set': effects.setConnmark(t.mark, t.mask); break;
        case 'CONNMARK-restore': effects.restoreMark(t.mask); break;
        case 'MARK':
          // xt_MARK: mark = (mark & ~mask) ^ value (--or-mark is value/value, --xor-mark value/0).
          c.mark = (((c.mark ?? 0) & ~t.mask) ^ t.mark) >>> 0;
          effects.setMark?.(t.mark, t.mask);
          break;
        case 'SNAT': return { kind: 'snat', toSource: t.toSource, random: t.random };
        case 'MASQUERADE': return { kind: 'masquerade', ...(t.randomFully ? { randomFully: true } : {}) };
        case 'DNAT': {
          const [ip, port] = t.to.split(':');
          return { kind: 'dnat', to: parseIpv4(ip)!, ...(port ? { port: Number(port) } : {}) };
        }
        case 'ACCEPT': return { kind: 'accept' };
        case 'DROP': return { kind: 'drop' };
        case 'REJECT': return { kind: 'reject' };
        case 'jump': {
          const v = walk(t.chain, depth + 1);
          if (v !== 'return') return v;
          break;
        }
        // A goto's chain returns on this chain's behalf: the walk goes back to whoever called this one.
        case 'goto': return walk(t.chain, depth + 1);
        case 'none': break;
      }
    }
    return 'return';
  };
  const v = walk(chain, 0);
  c.random = random;
  return { verdict: v === 'return' ? { kind: 'continue' } : v, hits, draws };
}

// ---- printing ------------------------------------------------------------------------------------------------

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
/** xtables_save_string: bare only when every character is a letter, digit, '_' or '-'; else quoted, with '"', '\\'
 *  and "'" escaped. */
export const quoteComment = (c: string) => (/^[A-Za-z0-9_-]+$/.test(c) ? c : `"${c.replace(/["\\']/g, (x) => `\\${x}`)}"`);

/** libxt_statistic: the probability as stored, printed with %.11f. */
export const printProbability = (p: number) => (p / 0x80000000).toFixed(11);

function extSpec(e: MatchExt): string {
  const neg = (not?: boolean) => (not ? '! ' : '');
  switch (e.m) {
    case 'comment': return `-m comment --comment ${quoteComment(e.comment)}`;
    case 'tcp': case 'udp': case 'sctp': return `-m ${e.m}${e.dport !== undefined ? ` --dport ${e.dport}` : ''}`;
    case 'multiport': return `-m multiport --dports ${e.dports.join(',')}`;
    case 'addrtype': return `-m addrtype ${neg(e.not)}--${e.side}-type ${e.type}${e.limitIface ? ` --limit-iface-${e.limitIface}` : ''}`;
    case 'mark': return `-m mark ${neg(e.not)}--mark ${markText(e.mark, e.mask)}`;
    case 'conntrack': return `-m conntrack ${neg(e.not)}--ctstate ${e.states}`;
    case 'statistic': return `-m statistic --mode random --probability ${printProbability(e.probability)}`;
    case 'set': return `-m set ${neg(e.not)}--match-set ${e.set} ${e.flags}`;
    case 'physdev': return `-m physdev ${neg(e.not)}--physdev-is-in`;
    case 'recent':
      return `-m recent --${e.op}${e.seconds !== undefined ? ` --seconds ${e.seconds}` : ''}${e.reap ? ' --reap' : ''} --name ${e.name} --mask 255.255.255.255 --rsource`;
  }
}

const markText = (mark: number, mask: number) => (mask >>> 0 === 0xffffffff ? hex(mark) : `${hex(mark)}/${hex(mask)}`);

const specs = new WeakMap<NetfilterRule, string>();

/** The rule after `-A CHAIN`, in iptables-save's order: addresses, interfaces, then matches, then the target. */
export function ruleSpec(rule: NetfilterRule): string {
  let s = specs.get(rule);
  if (s === undefined) specs.set(rule, (s = buildRuleSpec(rule)));
  return s;
}

function buildRuleSpec(rule: NetfilterRule): string {
  const m = rule.match;
  const parts: string[] = [];
  const neg = (n: Negatable<unknown>) => (n.not ? '! ' : '');
  if (m.src) parts.push(`${neg(m.src)}-s ${formatCidr(m.src.value)}`);
  if (m.dst) parts.push(`${neg(m.dst)}-d ${formatCidr(m.dst.value)}`);
  if (m.inIface) parts.push(`${neg(m.inIface)}-i ${m.inIface.value}`);
  if (m.outIface) parts.push(`${neg(m.outIface)}-o ${m.outIface.value}`);
  if (m.proto) parts.push(`-p ${protoName(m.proto, false)}`);
  if (m.exts) {
    parts.push(...m.exts.map(extSpec));
    const t = targetSpec(rule.target);
    if (t) parts.push(t);
    return parts.join(' ');
  }
  if (m.comment !== undefined) parts.push(`-m comment --comment ${quoteComment(m.comment)}`);
  if (m.dstLocal) parts.push(`-m addrtype ${neg(m.dstLocal)}--dst-type LOCAL${m.dstLocal.limitIfaceIn ? ' --limit-iface-in' : ''}`);
  const t = targetSpec(rule.target);
  if (t) parts.push(t);
  return parts.join(' ');
}

function targetSpec(t: RuleTarget): string {
  switch (t.kind) {
    case 'jump': return `-j ${t.chain}`;
    case 'goto': return `-g ${t.chain}`;
    case 'none': return '';
    case 'RETURN': return '-j RETURN';
    case 'SNAT': return `-j SNAT --to-source ${formatIpv4(t.toSource)}${t.random ? ` --${t.random}` : ''}`;
    case 'CONNMARK-set': return `-j CONNMARK --set-xmark ${hex(t.mark)}/${hex(t.mask)}`;
    case 'CONNMARK-restore': return `-j CONNMARK --restore-mark --nfmask ${hex(t.mask)} --ctmask ${hex(t.mask)}`;
    case 'MARK': return `-j MARK --set-xmark ${hex(t.mark)}/${hex(t.mask)}`;
    case 'MASQUERADE': return `-j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`;
    case 'DNAT': return `-j DNAT --to-destination ${t.to}`;
    case 'REJECT': return '-j REJECT --reject-with icmp-port-unreachable';
    case 'ACCEPT': case 'DROP': return `-j ${t.kind}`;
  }
}

export function targetName(t: RuleTarget): string {
  return t.kind === 'jump' || t.kind === 'goto' ? t.chain : t.kind === 'none' ? '' : t.kind.startsWith('CONNMARK') ? 'CONNMARK' : t.kind;
}

/**
 * A protocol as iptables names it. The model calls protocol 4 `ipip`; iptables asks getprotobynumber, and Amazon
 * Linux's /etc/protocols (from Fedora's setup package, IANA's names) calls it `ipv4` (Debian's says `ipencap`).
 * `-L -n` skips the lookup and knows only tcp, udp, icmp … by itself (xtables_chain_protos), so 4 stays a number.
 */
export function protoName(proto: string, numeric: boolean): string {
  if (proto === 'ipip') return numeric ? '4' : 'ipv4';
  return proto;
}

/** What `-L` prints for a match (print functions of the extensions); ports by name unless numeric. */
function extList(e: MatchExt, numeric: boolean): string {
  switch (e.m) {
    case 'comment': return ` /* ${e.comment} */`;
    case 'tcp': case 'udp': case 'sctp':
      return ` ${e.m}${e.dport !== undefined ? ` dpt:${numeric ? e.dport : (SERVICE_NAMES[`${e.dport}/${e.m}`] ?? e.dport)}` : ''}`;
    // Assumed: 4789 has no /etc/services name on the node, so -L prints the number either way.
    case 'multiport': return ` multiport dports ${e.dports.join(',')}`;
    case 'addrtype': return ` ADDRTYPE match ${e.side}-type ${e.not ? '!' : ''}${e.type}${e.limitIface ? ` limit-${e.limitIface}` : ''}`;
    case 'mark': return ` mark match ${e.not ? '! ' : ''}${markText(e.mark, e.mask)}`;
    case 'conntrack': return ` ${e.not ? '! ' : ''}ctstate ${e.states}`;
    case 'statistic': return ` statistic mode random probability ${printProbability(e.probability)}`;
 case 'set': return ` ${e.not ? '! ' : ''}match-set ${e.set} ${e.flags}`;
    case 'physdev': return ` PHYSDEV match ${e.not ? '! ' : ''}--physdev-is-in`;
    case 'recent':
      return ` recent: ${e.op === 'set' ? 'SET' : 'CHECK'}${e.seconds !== undefined ? ` seconds: ${e.seconds}` : ''}${e.reap ? ' reap' : ''} name: ${e.name} side: source mask: 255.255.255.255`;
  }
}

/** /etc/services names getservbyport gives `-L` without -n, for the ports the cluster's services use. */
const SERVICE_NAMES: Record<string, string> = { '53/tcp': 'domain', '53/udp': 'domain', '80/tcp': 'http', '443/tcp': 'https', '9153/tcp': '9153' };

/** What `iptables -L -n` prints after the addresses: the matches, then the target's options. */
export function ruleListExtras(rule: NetfilterRule, numeric = true): string {
  const m = rule.match;
  // print_firewall: "[goto] " after the addresses, before the matches.
  let s = rule.target.kind === 'goto' ? '[goto] ' : '';
  if (m.exts) {
    for (const e of m.exts) s += extList(e, numeric);
    const t = rule.target;
    if (t.kind === 'MARK') {
      // libxt_MARK mark_tg_print.
      s += t.mark === 0 ? ` MARK and ${hex(~t.mask)}` : t.mark === t.mask ? ` MARK or ${hex(t.mark)}` : t.mask === 0 ? ` MARK xor ${hex(t.mark)}` : ` MARK xset ${hex(t.mark)}/${hex(t.mask)}`;
    } else if (t.kind === 'MASQUERADE') s += t.randomFully ? ' random-fully' : '';
    else if (t.kind === 'DNAT') s += ` to:${t.to}`;
    else if (t.kind === 'REJECT') s += ' reject-with icmp-port-unreachable';
    return s;
  }
  if (m.comment !== undefined) s += ` /* ${m.comment} */`;
  if (m.dstLocal) s += ` ADDRTYPE match dst-type ${m.dstLocal.not ? '!' : ''}LOCAL${m.dstLocal.limitIfaceIn ? ' limit-in' : ''}`;
  const t = rule.target;
  if (t.kind === 'SNAT') s += ` to:${formatIpv4(t.toSource)}${t.random ? ` ${t.random}` : ''}`;
  else if (t.kind === 'CONNMARK-set') s += t.mark === t.mask ? ` CONNMARK or ${hex(t.mark)}` : ` CONNMARK xset ${hex(t.mark)}/${hex(t.mask)}`;
  else if (t.kind === 'CONNMARK-restore') s += ` CONNMARK restore mask ${hex(t.mask)}`;
  return s;
}

// ---- kube-proxy's restore input, read as iptables-restore reads it ------------------------------------------------

/** Splits a restore line's arguments as iptables-restore does: spaces, with double quotes grouping. */
export function splitRestoreArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m; (m = re.exec(text)); ) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

/** Protocol numbers and names iptables-restore accepts after -p, as the model names them. */
const PROTOCOLS: Record<string, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 4: 'ipip', ipv4: 'ipip', ipencap: 'ipip' };

/** A mark option's value/mask (`0x4000/0x4000`, `0x00004000`). */
function parseMark(v: string): { mark: number; mask: number } {
  const [a, b] = v.split('/');
  return { mark: Number(a) >>> 0, mask: b === undefined ? 0xffffffff : Number(b) >>> 0 };
}

/** One `-A CHAIN …` of kube-proxy's restore input (arguments after the chain, quotes still on) as the kernel keeps it. */
export function parseRestoreRule(table: TableName, chain: string, args: readonly string[]): NetfilterRule {
  const words = splitRestoreArgs(args.join(' '));
  const match: RuleMatch = { exts: [] };
  const exts = match.exts!;
  let target: RuleTarget | undefined;
  let not = false;
  let module: MatchExt | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '!') { not = true; continue; }
    const next = () => words[++i];
    if (w === '-s') match.src = { value: parseCidr(next().includes('/') ? words[i] : `${words[i]}/32`)!, ...(not ? { not } : {}) };
    else if (w === '-d') match.dst = { value: parseCidr(next().includes('/') ? words[i] : `${words[i]}/32`)!, ...(not ? { not } : {}) };
    else if (w === '-p') match.proto = PROTOCOLS[next()] ?? words[i];
    else if (w === '-o' || w === '-i') match[w === '-o' ? 'outIface' : 'inIface'] = { value: next(), ...(not ? { not } : {}) };
    else if (w === '-m') {
      const name = next();
      module = name === 'comment' ? { m: 'comment', comment: '' }
        : name === 'tcp' || name === 'udp' || name === 'sctp' ? { m: name }
        : name === 'addrtype' ? { m: 'addrtype', side: 'dst', type: 'LOCAL' }
        : name === 'mark' ? { m: 'mark', mark: 0, mask: 0 }
        : name === 'conntrack' ? { m: 'conntrack', states: '' }
        : name === 'statistic' ? { m: 'statistic', probability: 0 }
        : name === 'recent' ? { m: 'recent', op: 'set', name: 'DEFAULT' }
        : name === 'set' ? { m: 'set', set: '', flags: '' }
        : name === 'physdev' ? { m: 'physdev', isIn: true }
        : name === 'multiport' ? { m: 'multiport', dports: [] }
        : undefined;
      if (!module) throw new Error(`match ${name} is not modelled`);
      exts.push(module);
    } else if (w === '-j') {
      const t = next();
      const opt = words[i + 1];
      const val = words[i + 2];
      if (t === 'MARK') {
        const { mark, mask } = parseMark(val);
        // libxt_MARK: --set-mark value/mask keeps value's bits in the mask (mask | value), --set-xmark as given.
        target = opt === '--or-mark' ? { kind: 'MARK', mark, mask: mark } : opt === '--xor-mark' ? { kind: 'MARK', mark, mask: 0 }
          : opt === '--set-mark' ? { kind: 'MARK', mark, mask: (mask | mark) >>> 0 } : { kind: 'MARK', mark, mask };
        i += 2;
      } else if (t === 'MASQUERADE') {
        target = { kind: 'MASQUERADE', ...(opt === '--random-fully' ? { randomFully: true } : {}) };
        if (opt === '--random-fully') i++;
      } else if (t === 'DNAT') {
        target = { kind: 'DNAT', to: val };
        i += 2;
      } else if (t === 'REJECT' || t === 'ACCEPT' || t === 'DROP' || t === 'RETURN') target = { kind: t };
      else target = { kind: 'jump', chain: t };
    } else if (w === '-g') {
      target = { kind: 'goto', chain: next() };
    } else if (module) {
      const e = module as any;
      if (w === '--comment') e.comment = next();
      else if (w === '--dport') e.dport = Number(next());
      else if (w === '--dports' || w === '--destination-ports') e.dports = next().split(',').map(Number);
      else if (w === '--dst-type' || w === '--src-type') Object.assign(e, { side: w === '--dst-type' ? 'dst' : 'src', type: next() }, not ? { not } : {});
      else if (w === '--limit-iface-in' || w === '--limit-iface-out') e.limitIface = w === '--limit-iface-in' ? 'in' : 'out';
      else if (w === '--mark') Object.assign(e, parseMark(next()), not ? { not } : {});
      else if (w === '--ctstate') Object.assign(e, { states: next() }, not ? { not } : {});
      else if (w === '--mode') next();
      // libxt_statistic: lround(0x80000000 * p).
      else if (w === '--probability') e.probability = Math.round(0x80000000 * Number(next()));
      else if (w === '--name') e.name = next();
      else if (w === '--set') e.op = 'set';
      else if (w === '--rcheck') e.op = 'rcheck';
      else if (w === '--seconds') e.seconds = Number(next());
      else if (w === '--reap') e.reap = true;
      else if (w === '--match-set') Object.assign(e, { set: next(), flags: next() }, not ? { not } : {});
      else if (w === '--physdev-is-in') Object.assign(e, not ? { not } : {});
      else throw new Error(`option ${w} is not modelled`);
    } else throw new Error(`option ${w} is not modelled`);
    not = false;
  }
  // A rule without -j only counts (felix's profile chains with no rules keep one for their comment).
  return { table, chain, match, target: target ?? { kind: 'none' } };
}
