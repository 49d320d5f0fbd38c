// The iptables rules the VPC CNI (v1.12.6) installs on a node, as data the packet path evaluates and the
// `iptables` commands print. Follows pkg/networkutils/network.go: buildIptablesSNATRules (one chain per VPC CIDR
// and excluded CIDR, SNAT in the last), buildIptablesConnmarkRules (nat PREROUTING marks connections leaving the
// VPC) and the mangle rules for the primary ENI. kube-proxy's chains are not modelled here.
import { type Cidr, cidrContains, formatCidr, formatIpv4, type Ipv4, parseCidr } from './ipv4.ts';

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
}

export type RuleTarget =
  | { kind: 'jump'; chain: string }
  | { kind: 'RETURN' }
  | { kind: 'SNAT'; toSource: Ipv4; random?: 'random' | 'random-fully' }
  | { kind: 'CONNMARK-set'; mark: number; mask: number }
  | { kind: 'CONNMARK-restore'; mask: number };

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

/** What a rule can look at: the packet's addresses, its interfaces, and which addresses are the host's own. */
export interface MatchContext {
  src: Ipv4;
  dst: Ipv4;
  inIface?: string;
  outIface?: string;
  isLocal(ip: Ipv4, iface?: string): boolean;
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function negate<T>(m: Negatable<T> | undefined, test: (v: T) => boolean): boolean {
  if (!m) return true;
  return test(m.value) !== (m.not ?? false);
}

export function ruleMatches(rule: NetfilterRule, c: MatchContext): boolean {
  const m = rule.match;
  return (
    negate(m.src, (cidr) => cidrContains(cidr, c.src)) &&
    negate(m.dst, (cidr) => cidrContains(cidr, c.dst)) &&
    negate(m.inIface, (p) => ifaceMatches(p, c.inIface)) &&
    negate(m.outIface, (p) => ifaceMatches(p, c.outIface)) &&
    negate(m.dstLocal, () => c.isLocal(c.dst, m.dstLocal?.limitIfaceIn ? c.inIface : undefined))
  );
}

/** A rule that matched on the way, for the packet stepper and the counters. */
export interface RuleHit {
  rule: NetfilterRule;
  /** The rule as `iptables -S` prints it. */
  text: string;
}

export type Verdict = { kind: 'continue' } | { kind: 'snat'; toSource: Ipv4; random?: 'random' | 'random-fully' };

/**
 * Walks a built-in chain the way the kernel does: rules in order, jumps into user chains and back on RETURN
 * or at their end. CONNMARK targets are non-terminating; SNAT ends the walk.
 */
export function traverse(
  ruleset: Ruleset, table: TableName, chain: string, c: MatchContext,
  effects: { setConnmark(mark: number, mask: number): void; restoreMark(mask: number): void },
): { verdict: Verdict; hits: RuleHit[] } {
  const hits: RuleHit[] = [];
  const walk = (name: string, depth: number): Verdict | 'return' => {
    if (depth > 16) return 'return';
    for (const rule of ruleset.rules) {
      if (rule.table !== table || rule.chain !== name || !ruleMatches(rule, c)) continue;
      hits.push({ rule, text: ruleSpec(rule) });
      const t = rule.target;
      if (t.kind === 'RETURN') return 'return';
      if (t.kind === 'CONNMARK-set') effects.setConnmark(t.mark, t.mask);
      else if (t.kind === 'CONNMARK-restore') effects.restoreMark(t.mask);
      else if (t.kind === 'SNAT') return { kind: 'snat', toSource: t.toSource, random: t.random };
      else if (t.kind === 'jump') {
        const v = walk(t.chain, depth + 1);
        if (v !== 'return') return v;
      }
    }
    return 'return';
  };
  const v = walk(chain, 0);
  return { verdict: v === 'return' ? { kind: 'continue' } : v, hits };
}

// ---- printing ------------------------------------------------------------------------------------------------

const hex = (n: number) => `0x${n.toString(16)}`;
const quoteComment = (c: string) => (/^[\w.:/-]+$/.test(c) ? c : `"${c}"`);

/** The rule after `-A CHAIN`, in iptables-save's order: addresses, interfaces, then matches, then the target. */
export function ruleSpec(rule: NetfilterRule): string {
  const m = rule.match;
  const parts: string[] = [];
  const neg = (n: Negatable<unknown>) => (n.not ? '! ' : '');
  if (m.src) parts.push(`${neg(m.src)}-s ${formatCidr(m.src.value)}`);
  if (m.dst) parts.push(`${neg(m.dst)}-d ${formatCidr(m.dst.value)}`);
  if (m.inIface) parts.push(`${neg(m.inIface)}-i ${m.inIface.value}`);
  if (m.outIface) parts.push(`${neg(m.outIface)}-o ${m.outIface.value}`);
  if (m.comment !== undefined) parts.push(`-m comment --comment ${quoteComment(m.comment)}`);
  if (m.dstLocal) parts.push(`-m addrtype ${neg(m.dstLocal)}--dst-type LOCAL${m.dstLocal.limitIfaceIn ? ' --limit-iface-in' : ''}`);
  parts.push(targetSpec(rule.target));
  return parts.join(' ');
}

function targetSpec(t: RuleTarget): string {
  switch (t.kind) {
    case 'jump': return `-j ${t.chain}`;
    case 'RETURN': return '-j RETURN';
    case 'SNAT': return `-j SNAT --to-source ${formatIpv4(t.toSource)}${t.random ? ` --${t.random}` : ''}`;
    case 'CONNMARK-set': return `-j CONNMARK --set-xmark ${hex(t.mark)}/${hex(t.mask)}`;
    case 'CONNMARK-restore': return `-j CONNMARK --restore-mark --nfmask ${hex(t.mask)} --ctmask ${hex(t.mask)}`;
  }
}

export function targetName(t: RuleTarget): string {
  return t.kind === 'jump' ? t.chain : t.kind.startsWith('CONNMARK') ? 'CONNMARK' : t.kind;
}

/** What `iptables -L -n` prints after the addresses: the matches, then the target's options. */
export function ruleListExtras(rule: NetfilterRule): string {
  const m = rule.match;
  let s = '';
  if (m.comment !== undefined) s += ` /* ${m.comment} */`;
  if (m.dstLocal) s += ` ADDRTYPE match dst-type ${m.dstLocal.not ? '!' : ''}LOCAL${m.dstLocal.limitIfaceIn ? ' limit-in' : ''}`;
  const t = rule.target;
  if (t.kind === 'SNAT') s += ` to:${formatIpv4(t.toSource)}${t.random ? ` ${t.random}` : ''}`;
  else if (t.kind === 'CONNMARK-set') s += t.mark === t.mask ? ` CONNMARK or ${hex(t.mark)}` : ` CONNMARK xset ${hex(t.mark)}/${hex(t.mask)}`;
  else if (t.kind === 'CONNMARK-restore') s += ` CONNMARK restore mask ${hex(t.mask)}`;
  return s;
}
