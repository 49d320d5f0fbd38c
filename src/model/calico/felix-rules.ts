// felix's nat-table rules (iptables mode), as felix programs them and `iptables -t nat -S` prints them. Sources
// (calico v3.25.2): felix/rules/static.go StaticNATTableChains (cali-PREROUTING, cali-POSTROUTING, cali-OUTPUT and
// the tunnel MASQUERADE rule), felix/rules/nat.go (cali-nat-outgoing: pool sources to non-pool destinations are
// MASQUERADEd, natOutgoing on the pool), felix/iptables/rules.go (RuleHashes: each rule's `cali:` comment is
// sha224 over the chain name, then chained over each rule as rendered "-A <chain> HASH <rule>", base64url, 16
// characters), felix/iptables/table.go (hooks inserted at the top of the kernel chains). MASQUERADE gets
// --random-fully (felix detects iptables ≥ 1.6.2, kernel ≥ 3.14). Filter-table chains (cali-FORWARD …) are not
// modelled: their default is ACCEPT for the traffic here.
import { sha224 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { cidrContains, type Ipv4 } from '../net/ipv4.ts';
import { type NetfilterRule, parseRestoreRule, type Ruleset, type TableName } from '../net/netfilter.ts';
import type { CalicoState } from './state.ts';

export const MASQ_POOLS_SET = 'cali40masq-ipam-pools';
export const ALL_POOLS_SET = 'cali40all-ipam-pools';

/** felix's chain rules before hashing: `--jump`/`--out-interface` spelt as felix renders them. */
interface FelixRule {
  felix: string;
}

function base64url(bytes: Uint8Array): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += abc[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Chain.RuleHashes (felix/iptables/rules.go). */
export function felixRuleHashes(chain: string, rules: readonly string[]): string[] {
  let hash = sha224(utf8ToBytes(chain));
  return rules.map((rule) => {
    const text = utf8ToBytes(`-A ${chain} HASH ${rule}`);
    const input = new Uint8Array(hash.length + text.length);
    input.set(hash);
    input.set(text, hash.length);
    hash = sha224(input);
    return base64url(hash).slice(0, 16);
  });
}

/** felix's long option names → iptables-save's short ones (how `iptables -S` gives them back). */
function restoreArgs(felix: string): string {
  return felix.replace(/--jump /g, '-j ').replace(/--out-interface /g, '-o ').replace(/--in-interface /g, '-i ');
}

function chainRules(table: TableName, chain: string, rules: FelixRule[]): NetfilterRule[] {
  const hashes = felixRuleHashes(chain, rules.map((r) => r.felix));
  return rules.map((r, i) => parseRestoreRule(table, chain, [`-m comment --comment "cali:${hashes[i]}" ${restoreArgs(r.felix)}`]));
}

export function felixNatRuleset(calico: CalicoState): Ruleset {
  const tunnel = calico.tunnelName;
  const masq = '--jump MASQUERADE --random-fully';
  const rules: NetfilterRule[] = [
    ...chainRules('nat', 'PREROUTING', [{ felix: '--jump cali-PREROUTING' }]),
    ...chainRules('nat', 'OUTPUT', [{ felix: '--jump cali-OUTPUT' }]),
    ...chainRules('nat', 'POSTROUTING', [{ felix: '--jump cali-POSTROUTING' }]),
    ...chainRules('nat', 'cali-OUTPUT', [{ felix: '--jump cali-fip-dnat' }]),
    ...chainRules('nat', 'cali-POSTROUTING', [
      { felix: '--jump cali-fip-snat' },
      { felix: '--jump cali-nat-outgoing' },
      { felix: `--out-interface ${tunnel} -m addrtype ! --src-type LOCAL --limit-iface-out -m addrtype --src-type LOCAL ${masq}` },
    ]),
    ...chainRules('nat', 'cali-PREROUTING', [{ felix: '--jump cali-fip-dnat' }]),
    ...chainRules('nat', 'cali-nat-outgoing', [{ felix: `-m set --match-set ${MASQ_POOLS_SET} src -m set ! --match-set ${ALL_POOLS_SET} dst ${masq}` }]),
  ];
  return {
    chains: { nat: ['cali-OUTPUT', 'cali-POSTROUTING', 'cali-PREROUTING', 'cali-fip-dnat', 'cali-fip-snat', 'cali-nat-outgoing'], mangle: [], filter: [] },
    rules,
  };
}

/** felix's ipsets of pools: both hold 172.16.0.0/16 (the pool has natOutgoing: true). */
export function calicoSetHas(calico: CalicoState, set: string, addr: Ipv4): boolean | undefined {
  if (set !== MASQ_POOLS_SET && set !== ALL_POOLS_SET) return undefined;
  return cidrContains(calico.ipam.pool, addr);
}
