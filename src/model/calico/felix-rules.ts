// felix's nat-table rules (iptables mode), as felix programs them and `iptables -t nat -S` prints them. Sources
// (calico v3.25.2): felix/rules/static.go StaticNATTableChains (cali-PREROUTING, cali-POSTROUTING, cali-OUTPUT and
// the tunnel MASQUERADE rule), felix/rules/nat.go (cali-nat-outgoing: pool sources to non-pool destinations are
// MASQUERADEd, natOutgoing on the pool), felix/iptables/rules.go (RuleHashes: each rule's `cali:` comment is
// sha224 over the chain name, then chained over each rule as rendered "-A <chain> HASH <rule>", base64url, 16
// characters, felix-hash.ts), felix/iptables/table.go (hooks inserted at the top of the kernel chains). MASQUERADE
// gets --random-fully (felix detects iptables ≥ 1.6.2, kernel ≥ 3.14). The filter table's chains are in
// felix-filter.ts; this module turns felix's renderings into the rules iptables keeps.
import { cidrContains, type Ipv4 } from '../net/ipv4.ts';
import { type NetfilterRule, parseRestoreRule, type Ruleset, type TableName } from '../net/netfilter.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Node } from '../cluster/types.ts';
import { felixRuleHashes } from './felix-hash.ts';
import { ALL_HOSTS_SET, ALL_VXLAN_SOURCES_SET, type FelixChain, felixFilterTable } from './felix-filter.ts';
import type { CalicoState } from './state.ts';

export { felixRuleHashes };

export const MASQ_POOLS_SET = 'cali40masq-ipam-pools';
export const ALL_POOLS_SET = 'cali40all-ipam-pools';

/** felix's chain rules before hashing: `--jump`/`--out-interface` spelt as felix renders them. */
interface FelixRule {
  felix: string;
}

/** felix's long option names → iptables' short ones (the rule iptables-restore reads is the same rule). */
function restoreArgs(felix: string): string {
  return felix.replace(/--jump /g, '-j ').replace(/--goto /g, '-g ').replace(/--out-interface /g, '-o ').replace(/--in-interface /g, '-i ');
}

/** A chain's rules as felix programs them: `cali:<hash>` first, hashed under `hashChain` (the chain's own name, or
 *  "FORWARD*appends*" for rules appended to a kernel chain). */
function chainRules(table: TableName, chain: string, rules: FelixRule[], hashChain = chain): NetfilterRule[] {
  const hashes = felixRuleHashes(hashChain, rules.map((r) => r.felix));
  return rules.map((r, i) => parseRestoreRule(table, chain, [`-m comment --comment "cali:${hashes[i]}" ${restoreArgs(r.felix)}`]));
}

const asRules = (c: FelixChain): FelixRule[] => c.rules.map((felix) => ({ felix }));

/** felix's filter table on the node, and the rules it appends to FORWARD (they go after kube-proxy's). */
export function felixFilterRuleset(cluster: Cluster, calico: CalicoState, node: Node): { chains: string[]; rules: NetfilterRule[]; appended: NetfilterRule[] } {
  const t = felixFilterTable(cluster, calico, node);
  return {
    chains: t.chains.map((c) => c.name),
    rules: [...t.inserted, ...t.chains].flatMap((c) => chainRules('filter', c.name, asRules(c))),
    appended: chainRules('filter', t.appended.name, asRules(t.appended), `${t.appended.name}*appends*`),
  };
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

/** felix's ipsets: the pools (both hold 172.16.0.0/16: the pool has natOutgoing: true), and every Calico node's
 *  address (all-hosts-net; all-vxlan-net, the nodes a VXLAN packet may come from). */
export function calicoSetHas(cluster: Cluster, calico: CalicoState, set: string, addr: Ipv4): boolean | undefined {
  if (set === MASQ_POOLS_SET || set === ALL_POOLS_SET) return cidrContains(calico.ipam.pool, addr);
  if (set === ALL_HOSTS_SET || set === ALL_VXLAN_SOURCES_SET) return cluster.nodes.some((n) => n.enis[0].primaryIp === addr && calico.tunnel(n) !== undefined);
  return undefined;
}
