// felix's filter-table rules (iptables mode) on a node of a default EKS Calico install: no NetworkPolicy, no
// host endpoints, kube-proxy in iptables mode (felix's IPVS chains stay out), DefaultEndpointToHostAction ACCEPT
// (the operator's setting), the default mark bits (IptablesMarkMask 0xffff0000: accept 0x10000, pass 0x20000,
// scratch 0x40000 and 0x80000; felix/dataplane/driver.go). Sources, calico v3.25.1:
// - felix/rules/static.go: cali-FORWARD (StaticFilterForwardChains), the two rules appended to FORWARD
//   (StaticFilterForwardAppendRules), cali-INPUT with the tunnel's allow/drop pair (filterInputChain),
//   cali-wl-to-host (filterWorkloadToHostChain), cali-OUTPUT (filterOutputChain);
// - felix/rules/dispatch.go: cali-from-wl-dispatch / cali-to-wl-dispatch, a tree of goto rules over the sorted
//   interface names (a child chain per next character shared by several names), "Unknown interface" DROP at the end;
//   the host-endpoint dispatch chains, empty without host endpoints;
// - felix/rules/endpoints.go: cali-tw-<iface> (to the pod: the namespace's and service account's inbound profiles)
//   and cali-fw-<iface> (from it: outbound profiles, after dropping VXLAN and IP-in-IP the pod itself sends);
// - felix/rules/policy.go: profile chains cali-pri-/cali-pro-<profile>, names longer than 28 characters hashed
//   (felix/hashutils GetLengthLimitedID); libcalico-go's k8s conversion gives every pod the profiles
//   kns.<namespace> (allow everything in and out) and ksa.<namespace>.<serviceaccount> (no rules);
// - felix/iptables/table.go: only chains some rule refers to are programmed (cali-failsafe-in/out are not: no
//   host endpoint uses them); hooks inserted at the top of INPUT/FORWARD/OUTPUT, the appended rules hashed under
//   "FORWARD*appends*".
// Each rule is written as felix renders it (long options, protocol numbers), which is what its `cali:` hash is taken
// over; felix-rules.ts turns it into the rule iptables keeps and prints.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Cluster } from '../cluster/cluster.ts';
import type { Node, Pod } from '../cluster/types.ts';
import { VETH_PREFIX, VXLAN_PORT } from './config.ts';
import { base64url } from './felix-hash.ts';
import type { CalicoState } from './state.ts';

export const MARK_ACCEPT = 0x10000;
const MARK_PASS = 0x20000;
const MARK_SCRATCH0 = 0x40000;
const MARK_SCRATCH1 = 0x80000;
const ALL_MARKS = MARK_ACCEPT | MARK_PASS | MARK_SCRATCH0 | MARK_SCRATCH1;
const MAX_CHAIN_NAME = 28;

export const ALL_HOSTS_SET = 'cali40all-hosts-net';
export const ALL_VXLAN_SOURCES_SET = 'cali40all-vxlan-net';

/** One felix chain: its name and its rules as felix renders them after `-A <chain> HASH `. */
export interface FelixChain {
  name: string;
  rules: string[];
}

/** Rule.renderInner: comments first, then the match, then the action. */
export function felixRule(o: { comments?: string[]; match?: string; action?: string }): string {
  return [...(o.comments ?? []).map((c) => `-m comment --comment "${c}"`), o.match, o.action].filter(Boolean).join(' ');
}

const hex = (n: number) => `0x${n.toString(16)}`;
const clearMark = (mark: number) => `--jump MARK --set-mark 0/${hex(mark)}`;
const setMark = (mark: number) => `--jump MARK --set-mark ${hex(mark)}/${hex(mark)}`;
const markSet = (mark: number) => `-m mark --mark ${hex(mark)}/${hex(mark)}`;
const markClear = (mark: number) => `-m mark --mark 0/${hex(mark)}`;
const IFACES = `${VETH_PREFIX}+`;

/** hashutils.GetLengthLimitedID. */
export function lengthLimitedId(prefix: string, suffix: string, max = MAX_CHAIN_NAME): string {
  const total = prefix.length + suffix.length;
  if (total > max || (total === max && suffix.startsWith('_'))) {
    return `${prefix}_${base64url(sha256(utf8ToBytes(suffix))).slice(0, max - 1 - prefix.length)}`;
  }
  return prefix + suffix;
}

// ---- static chains ----------------------------------------------------------------------------------------------------

function forwardChain(): FelixChain {
  return {
    name: 'cali-FORWARD',
    rules: [
      felixRule({ action: clearMark(ALL_MARKS & ~MARK_ACCEPT) }),
      felixRule({ match: markClear(MARK_ACCEPT), action: '--jump cali-from-hep-forward' }),
      felixRule({ match: `--in-interface ${IFACES}`, action: '--jump cali-from-wl-dispatch' }),
      felixRule({ match: `--out-interface ${IFACES}`, action: '--jump cali-to-wl-dispatch' }),
      felixRule({ action: '--jump cali-to-hep-forward' }),
      felixRule({ action: '--jump cali-cidr-block' }),
    ],
  };
}

function inputChain(calico: CalicoState): FelixChain {
  const tunnel = calico.encapsulation === 'ipip'
    ? [
      felixRule({ comments: ['Allow IPIP packets from Calico hosts'], match: `-p 4 -m set --match-set ${ALL_HOSTS_SET} src -m addrtype --dst-type LOCAL`, action: '--jump ACCEPT' }),
      felixRule({ comments: ['Drop IPIP packets from non-Calico hosts'], match: '-p 4', action: '--jump DROP' }),
    ]
    : [
      felixRule({ comments: ['Allow IPv4 VXLAN packets from allowed hosts'], match: `-p 17 -m multiport --destination-ports ${VXLAN_PORT} -m set --match-set ${ALL_VXLAN_SOURCES_SET} src -m addrtype --dst-type LOCAL`, action: '--jump ACCEPT' }),
      felixRule({ comments: ['Drop IPv4 VXLAN packets from non-allowed hosts'], match: `-p 17 -m multiport --destination-ports ${VXLAN_PORT} -m addrtype --dst-type LOCAL`, action: '--jump DROP' }),
    ];
  return {
    name: 'cali-INPUT',
    rules: [
      ...tunnel,
      felixRule({ match: `--in-interface ${IFACES}`, action: '--goto cali-wl-to-host' }),
      felixRule({ match: markSet(MARK_ACCEPT), action: '--jump ACCEPT' }),
      felixRule({ action: clearMark(ALL_MARKS) }),
      felixRule({ action: '--jump cali-from-host-endpoint' }),
      felixRule({ comments: ['Host endpoint policy accepted packet.'], match: markSet(MARK_ACCEPT), action: '--jump ACCEPT' }),
    ],
  };
}

function workloadToHostChain(): FelixChain {
  return {
    name: 'cali-wl-to-host',
    rules: [
      felixRule({ action: '--jump cali-from-wl-dispatch' }),
      felixRule({ comments: ['Configured DefaultEndpointToHostAction'], action: '--jump ACCEPT' }),
    ],
  };
}

function outputChain(calico: CalicoState): FelixChain {
  const tunnel = calico.encapsulation === 'ipip'
    ? felixRule({ comments: ['Allow IPIP packets to other Calico hosts'], match: `-p 4 -m set --match-set ${ALL_HOSTS_SET} dst -m addrtype --src-type LOCAL`, action: '--jump ACCEPT' })
    : felixRule({ comments: ['Allow IPv4 VXLAN packets to other allowed hosts'], match: `-p 17 -m multiport --destination-ports ${VXLAN_PORT} -m addrtype --src-type LOCAL -m set --match-set ${ALL_VXLAN_SOURCES_SET} dst`, action: '--jump ACCEPT' });
  return {
    name: 'cali-OUTPUT',
    rules: [
      felixRule({ match: markSet(MARK_ACCEPT), action: '--jump ACCEPT' }),
      felixRule({ match: `--out-interface ${IFACES}`, action: '--jump RETURN' }),
      tunnel,
      felixRule({ action: clearMark(ALL_MARKS) }),
      felixRule({ match: '-m conntrack ! --ctstate DNAT', action: '--jump cali-to-host-endpoint' }),
      felixRule({ comments: ['Host endpoint policy accepted packet.'], match: markSet(MARK_ACCEPT), action: '--jump ACCEPT' }),
    ],
  };
}

// ---- workload endpoints -------------------------------------------------------------------------------------------------

/** The pods felix has a workload endpoint for on the node: not host-networked, their veth set up by the CNI. */
export function workloadPods(cluster: Cluster, node: Node): Pod[] {
  return cluster.podsOn(node).filter((p) => p.veth !== undefined && !p.template.hostNetwork);
}

/** The profiles a pod's endpoint carries (podToDefaultWorkloadEndpoint): its namespace's, its service account's. */
export function podProfiles(pod: Pod): string[] {
  return [`kns.${pod.namespace}`, `ksa.${pod.namespace}.${pod.template.serviceAccountName ?? 'default'}`];
}

/** endpointIptablesChain for a workload, admin up, no policies, chainTypeNormal. */
export function endpointChain(iface: string, direction: 'to' | 'from', profiles: string[]): FelixChain {
  const rules = [
    felixRule({ match: '-m conntrack --ctstate RELATED,ESTABLISHED', action: '--jump ACCEPT' }),
    felixRule({ match: '-m conntrack --ctstate INVALID', action: '--jump DROP' }),
    felixRule({ action: clearMark(MARK_ACCEPT) }),
  ];
  // AllowVXLANPacketsFromWorkloads and AllowIPIPPacketsFromWorkloads default to false.
  if (direction === 'from') {
    rules.push(
      felixRule({ comments: ['Drop VXLAN encapped packets originating in workloads'], match: `-p 17 -m multiport --destination-ports ${VXLAN_PORT}`, action: '--jump DROP' }),
      felixRule({ comments: ['Drop IPinIP encapped packets originating in workloads'], match: '-p 4', action: '--jump DROP' }),
    );
  }
  for (const profile of profiles) {
    rules.push(
      felixRule({ action: `--jump ${profileChainName(direction, profile)}` }),
      felixRule({ comments: ['Return if profile accepted'], match: markSet(MARK_ACCEPT), action: '--jump RETURN' }),
    );
  }
  rules.push(felixRule({ comments: ['Drop if no profiles matched'], action: '--jump DROP' }));
  return { name: lengthLimitedId(direction === 'to' ? 'cali-tw-' : 'cali-fw-', iface), rules };
}

function profileChainName(direction: 'to' | 'from', profile: string): string {
  return lengthLimitedId(direction === 'to' ? 'cali-pri-' : 'cali-pro-', profile);
}

/** ProfileToIptablesChains: kns.* allows everything (set the accept bit, return); ksa.* has no rules, only its comment. */
function profileChains(profile: string): FelixChain[] {
  const allows = profile.startsWith('kns.');
  return (['to', 'from'] as const).map((direction) => {
    const comment = `Profile ${profile} ${direction === 'to' ? 'ingress' : 'egress'}`;
    return {
      name: profileChainName(direction, profile),
      rules: allows
        ? [felixRule({ comments: [comment], action: setMark(MARK_ACCEPT) }), felixRule({ match: markSet(MARK_ACCEPT), action: '--jump RETURN' })]
        : [felixRule({ comments: [comment] })],
    };
  });
}

/** stringutils.CommonPrefix. */
function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** interfaceNameDispatchChains for one direction: the root chain and its child chains (child chains first). */
export function dispatchChains(names: string[], direction: 'to' | 'from'): FelixChain[] {
  const root = direction === 'to' ? 'cali-to-wl-dispatch' : 'cali-from-wl-dispatch';
  const matchIface = (n: string) => (direction === 'to' ? `--out-interface ${n}` : `--in-interface ${n}`);
  const gotoEndpoint = (n: string) => `--goto ${lengthLimitedId(direction === 'to' ? 'cali-tw-' : 'cali-fw-', n)}`;
  const end = felixRule({ comments: ['Unknown interface'], action: '--jump DROP' });
  const sorted = [...new Set(names)].sort();
  const common = commonPrefix(sorted);
  const bins = new Map<string, string[]>();
  for (const n of sorted) {
    const prefix = n.length > common.length ? n.slice(0, common.length + 1) : common;
    bins.set(prefix, [...(bins.get(prefix) ?? []), n]);
  }
  const children: FelixChain[] = [];
  const rootRules: string[] = [];
  for (const [prefix, members] of bins) {
    if (members.length === 1) {
      rootRules.push(felixRule({ match: matchIface(members[0]), action: gotoEndpoint(members[0]) }));
      continue;
    }
    const child = `${root}-${prefix.slice(common.length)}`;
    rootRules.push(felixRule({ match: matchIface(`${prefix}+`), action: `--goto ${child}` }));
    children.push({ name: child, rules: [...members.map((n) => felixRule({ match: matchIface(n), action: gotoEndpoint(n) })), end] });
  }
  return [...children, { name: root, rules: [...rootRules, end] }];
}

// ---- the table ----------------------------------------------------------------------------------------------------------

export interface FelixFilterTable {
  /** felix's own chains, in the order it creates them. */
  chains: FelixChain[];
  /** Rules inserted at the top of the kernel chains. */
  inserted: FelixChain[];
  /** Rules appended to the end of FORWARD (hashed as chain "FORWARD*appends*"). */
  appended: FelixChain;
}

export function felixFilterTable(cluster: Cluster, calico: CalicoState, node: Node): FelixFilterTable {
  const pods = workloadPods(cluster, node);
  const ifaces = pods.map((p) => p.veth!.name);
  const profiles = [...new Set(pods.flatMap(podProfiles))].sort();
  const endpoints = [...pods].sort((a, b) => (a.veth!.name < b.veth!.name ? -1 : 1))
    .flatMap((p) => [endpointChain(p.veth!.name, 'to', podProfiles(p)), endpointChain(p.veth!.name, 'from', podProfiles(p))]);
  const empty = (name: string): FelixChain => ({ name, rules: [] });
  return {
    chains: [
      forwardChain(), inputChain(calico), workloadToHostChain(), outputChain(calico),
      empty('cali-from-hep-forward'), empty('cali-to-hep-forward'), empty('cali-from-host-endpoint'), empty('cali-to-host-endpoint'), empty('cali-cidr-block'),
      ...dispatchChains(ifaces, 'from'), ...dispatchChains(ifaces, 'to'),
      ...endpoints, ...profiles.flatMap(profileChains),
    ],
    inserted: [
      { name: 'INPUT', rules: [felixRule({ action: '--jump cali-INPUT' })] },
      { name: 'FORWARD', rules: [felixRule({ action: '--jump cali-FORWARD' })] },
      { name: 'OUTPUT', rules: [felixRule({ action: '--jump cali-OUTPUT' })] },
    ],
    appended: {
      name: 'FORWARD',
      rules: [
        felixRule({ comments: ['Policy explicitly accepted packet.'], match: markSet(MARK_ACCEPT), action: '--jump ACCEPT' }),
        felixRule({ action: setMark(MARK_ACCEPT) }),
      ],
    },
  };
}
