// kube-proxy's iptables mode, as kube-proxy v1.24 writes it (pkg/proxy/iptables/proxier.go, syncProxyRules): from
// the Services and their endpoints, the iptables-restore input it hands to iptables (`*filter … COMMIT *nat …
// COMMIT`), rule by rule in its own words (`-m comment --comment … -m tcp -p tcp -d IP --dport N -j CHAIN`).
// What iptables keeps of that input and prints back (`iptables-save`, `-S`, `-L`) is netfilter.ts's business:
// parseRestoreRule turns one of these lines into the rule the kernel holds.
//
// Followed here, as upstream does it:
// - chain names: prefix + the first 16 characters of base32(sha256(ServicePortName + lowercase protocol)), and for
//   KUBE-SEP- the endpoint's "IP:port" appended to the hashed string (servicePortChainName,
//   servicePortEndpointChainName); ServicePortName is `ns/name`, then `:port` only for a named port;
// - endpoints in kube-proxy's order: sorted as "IP:port" strings (endpointslicecache.go's byEndpoint); only ready
//   ones (1.24's ProxyTerminatingEndpoints gate is off by default);
// - `statistic` probabilities as fmt.Sprintf("%0.10f", 1/(n-i)), none on the last endpoint;
// - over 1000 endpoints in all, the comments on KUBE-SVC→KUBE-SEP jumps and in KUBE-SEP chains are left out;
// - masquerade rules in KUBE-SVC chains only with masqueradeAll or a cluster CIDR (the local detector). EKS sets
//   neither (its kube-proxy config has clusterCIDR: ""), so EKS nodes have none;
// - NodePorts jump to KUBE-EXT-X; externalTrafficPolicy=Local builds KUBE-SVL-X from the node's own endpoints;
//   services without endpoints get REJECT rules in the filter table and no nat chains.
// - LoadBalancer ingress IPs jump to KUBE-EXT-X ("loadbalancer IP"); an AWS load balancer publishes a host name, so on
//   EKS there is none; the health check node port of a LoadBalancer + Local service is ACCEPTed in filter
//   KUBE-NODEPORTS.
// Not modelled: loadBalancerSourceRanges (KUBE-FW-X), dual stack. The order of services in
// KUBE-SERVICES is Go's map order on a real node (it changes between syncs); here it is the order of the input.
import { sha256Text } from './chain-hash.ts';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  nodeName?: string;
}

/** One port of a Service, as kube-proxy's service map holds it, with its endpoints. */
export interface ProxyServicePort {
  namespace: string;
  name: string;
  /** The port's name; '' for an unnamed port. */
  portName: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  clusterIp: string;
  port: number;
  nodePort?: number;
  externalIps?: string[];
  /** status.loadBalancer.ingress[].ip (an AWS load balancer publishes a host name, so EKS's have none). */
  loadBalancerIps?: string[];
  /** spec.healthCheckNodePort (LoadBalancer services with externalTrafficPolicy Local). */
  healthCheckNodePort?: number;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  /** sessionAffinity: ClientIP, with its timeout in seconds. */
  affinitySeconds?: number;
  endpoints: ProxyEndpoint[];
}

export interface ProxierOptions {
  nodeName: string;
  /** masqueradeBit of the config (14 on EKS): the mark is 1 << bit. */
  masqueradeBit?: number;
  masqueradeAll?: boolean;
  /** --cluster-cidr: turns on the local-traffic detector. EKS leaves it empty. */
  clusterCidr?: string;
  /** Whether the node's iptables has --random-fully (EKS's does; upstream's unit tests' fake does not). */
  randomFully?: boolean;
  /** How the mark is written: Go's %#08x on a real node (0x00004000); the unit tests inject "0x4000". */
  markText?: string;
}

/** One line of the restore input: `-A chain args…` (args as kube-proxy writes them, quotes included). */
export interface RestoreRule {
  table: 'filter' | 'nat';
  chain: string;
  args: string[];
}

export interface ProxyRules {
  /** Chains declared in the input, per table, in the order kube-proxy writes their `:CHAIN - [0:0]` lines. */
  chains: { filter: string[]; nat: string[] };
  rules: RestoreRule[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's base32.StdEncoding), without the padding (callers take 16 characters anyway). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** ServicePortName.String(): `ns/name`, `:port` only for a named port. */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** 16 base32 characters are the digest's first 10 bytes (80 bits), so only those are encoded. */
const hash16 = (text: string) => base32(sha256Text(text).subarray(0, 10));

/** portProtoHash: the 16 characters every per-service chain of a port shares. */
export function portProtoHash(spn: string, protocol: string): string {
  return hash16(spn + protocol.toLowerCase());
}

export const svcChain = (spn: string, protocol: string) => `KUBE-SVC-${portProtoHash(spn, protocol)}`;
export const svlChain = (spn: string, protocol: string) => `KUBE-SVL-${portProtoHash(spn, protocol)}`;
export const extChain = (spn: string, protocol: string) => `KUBE-EXT-${portProtoHash(spn, protocol)}`;
export const fwChain = (spn: string, protocol: string) => `KUBE-FW-${portProtoHash(spn, protocol)}`;

/** servicePortEndpointChainName: the endpoint's "IP:port" (net.JoinHostPort) joins the hashed string. */
export function sepChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(spn + protocol.toLowerCase() + endpoint)}`;
}

/** proxier.probability(n): fmt.Sprintf("%0.10f", 1.0/float64(n)). */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

/** Beyond this many endpoints kube-proxy leaves comments out of the per-endpoint rules (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

const endpointString = (e: ProxyEndpoint) => `${e.ip}:${e.port}`;
const byEndpoint = (a: ProxyEndpoint, b: ProxyEndpoint) => {
  const x = endpointString(a), y = endpointString(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The restore input of one full sync. */
export function proxyRules(ports: readonly ProxyServicePort[], o: ProxierOptions): ProxyRules {
  const mark = o.markText ?? `0x${(1 << (o.masqueradeBit ?? 14)).toString(16).padStart(8, '0')}`;
  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS'];
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
  const filterRules: RestoreRule[] = [];
  const natRules: RestoreRule[] = [];
  const natChainRules: RestoreRule[] = [];
  const f = (chain: string, ...args: string[]) => filterRules.push({ table: 'filter', chain, args });
  const n = (chain: string, ...args: string[]) => natRules.push({ table: 'nat', chain, args });
  const nc = (chain: string, ...args: string[]) => natChainRules.push({ table: 'nat', chain, args });

  // The fixed rules, first in the nat rules of every sync.
  n('KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN');
  n('KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', mark);
  n('KUBE-POSTROUTING', '-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE', ...(o.randomFully ? ['--random-fully'] : []));
  n('KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', mark);

  const totalEndpoints = ports.reduce((sum, p) => sum + p.endpoints.length, 0);
  const comments = totalEndpoints <= LARGE_CLUSTER_ENDPOINTS;

  for (const sp of ports) {
    const spn = servicePortName(sp.namespace, sp.name, sp.portName);
    const proto = sp.protocol.toLowerCase();
    // One hash per port for its four chain names, one per endpoint for its KUBE-SEP (as kube-proxy caches them).
    const hash = portProtoHash(spn, sp.protocol);
    const svc = `KUBE-SVC-${hash}`;
    const svl = `KUBE-SVL-${hash}`;
    const ext = `KUBE-EXT-${hash}`;
    const seps = new Map<ProxyEndpoint, string>();
    const sepOf = (e: ProxyEndpoint) => {
      let name = seps.get(e);
      if (name === undefined) seps.set(e, (name = sepChain(spn, sp.protocol, endpointString(e))));
      return name;
    };
    const all = sp.endpoints.filter((e) => e.ready).sort(byEndpoint);
    const local = all.filter((e) => e.nodeName === o.nodeName);
    const hasEndpoints = all.length > 0;
    const externallyAccessible = (sp.nodePort ?? 0) !== 0 || (sp.externalIps?.length ?? 0) > 0 || (sp.loadBalancerIps?.length ?? 0) > 0;
    const extLocal = externallyAccessible && sp.externalTrafficPolicy === 'Local';
    const intLocal = sp.internalTrafficPolicy === 'Local';
    const usesClusterChain = hasEndpoints && (!intLocal || (externallyAccessible && !extLocal) || extLocal);
    const usesLocalChain = (intLocal || extLocal) && local.length > 0;
    const internalEndpoints = intLocal ? local : all;
    const quoted = (s: string) => `"${s}"`;
    const dport = ['--dport', String(sp.port)];

    // KUBE-SERVICES: the cluster IP; without endpoints, a REJECT in the filter table instead.
    if (internalEndpoints.length) {
      n('KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} cluster IP`), '-m', proto, '-p', proto, '-d', sp.clusterIp, ...dport, '-j', intLocal ? svl : svc);
    } else if (!hasEndpoints) {
      f('KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} has no endpoints`), '-m', proto, '-p', proto, '-d', sp.clusterIp, ...dport, '-j', 'REJECT');
    } else {
      f('KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} has no local endpoints`), '-m', proto, '-p', proto, '-d', sp.clusterIp, ...dport, '-j', 'DROP');
    }
    // External IPs and the NodePort: into KUBE-EXT-X; without endpoints a REJECT, and with a Local policy and no
    // endpoint on this node a DROP, in KUBE-EXTERNAL-SERVICES.
    const noLocal = extLocal && local.length === 0;
    for (const ip of sp.externalIps ?? []) {
      if (hasEndpoints) n('KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} external IP`), '-m', proto, '-p', proto, '-d', ip, ...dport, '-j', ext);
      if (!hasEndpoints || noLocal) {
        f('KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} ${hasEndpoints ? 'has no local endpoints' : 'has no endpoints'}`), '-m', proto, '-p', proto, '-d', ip, ...dport, '-j', hasEndpoints ? 'DROP' : 'REJECT');
      }
    }
    // LoadBalancer ingress IPs: like external IPs, into KUBE-EXT-X (KUBE-FW-X only with loadBalancerSourceRanges,
    // which this model does not take).
    for (const ip of sp.loadBalancerIps ?? []) {
      if (hasEndpoints) n('KUBE-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} loadbalancer IP`), '-m', proto, '-p', proto, '-d', ip, ...dport, '-j', ext);
    }
    if (!hasEndpoints || noLocal) {
      for (const ip of sp.loadBalancerIps ?? []) {
        f('KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} ${hasEndpoints ? 'has no local endpoints' : 'has no endpoints'}`), '-m', proto, '-p', proto, '-d', ip, ...dport, '-j', hasEndpoints ? 'DROP' : 'REJECT');
      }
    }
    if (sp.nodePort) {
      if (hasEndpoints) n('KUBE-NODEPORTS', '-m', 'comment', '--comment', spn, '-m', proto, '-p', proto, '--dport', String(sp.nodePort), '-j', ext);
      if (!hasEndpoints || noLocal) {
        f('KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', quoted(`${spn} ${hasEndpoints ? 'has no local endpoints' : 'has no endpoints'}`), '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', proto, '-p', proto, '--dport', String(sp.nodePort), '-j', hasEndpoints ? 'DROP' : 'REJECT');
      }
    }

    // The health check node port (LoadBalancer + Local) is accepted whether or not this node has endpoints:
    // kube-proxy's health check server answers there, 200 or 503, for the load balancer to pick nodes.
    if (sp.healthCheckNodePort) {
      f('KUBE-NODEPORTS', '-m', 'comment', '--comment', quoted(`${spn} health check node port`), '-m', 'tcp', '-p', 'tcp', '--dport', String(sp.healthCheckNodePort), '-j', 'ACCEPT');
    }

    // KUBE-EXT-X.
    if (externallyAccessible && hasEndpoints) {
      natChains.push(ext);
      if (!extLocal) {
        nc(ext, '-m', 'comment', '--comment', quoted(`masquerade traffic for ${spn} external destinations`), '-j', 'KUBE-MARK-MASQ');
        nc(ext, '-j', svc);
      } else {
        if (o.clusterCidr) nc(ext, '-m', 'comment', '--comment', quoted(`pod traffic for ${spn} external destinations`), '-s', o.clusterCidr, '-j', svc);
        nc(ext, '-m', 'comment', '--comment', quoted(`masquerade LOCAL traffic for ${spn} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ');
        nc(ext, '-m', 'comment', '--comment', quoted(`route LOCAL traffic for ${spn} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', svc);
        if (local.length) nc(ext, '-j', svl);
      }
    }

    // KUBE-SVC-X and KUBE-SVL-X with their endpoints.
    const writeChain = (chain: string, endpoints: ProxyEndpoint[], masquerade: boolean) => {
      natChains.push(chain);
      if (masquerade && (o.masqueradeAll || o.clusterCidr)) {
        nc(chain, '-m', 'comment', '--comment', quoted(`${spn} cluster IP`), '-m', proto, '-p', proto, '-d', sp.clusterIp, '--dport', String(sp.port),
          ...(o.masqueradeAll ? [] : ['!', '-s', o.clusterCidr!]), '-j', 'KUBE-MARK-MASQ');
      }
      const comment = (e: ProxyEndpoint) => (comments ? ['-m', 'comment', '--comment', quoted(`${spn} -> ${endpointString(e)}`)] : []);
      if (sp.affinitySeconds !== undefined) {
        for (const e of endpoints) {
          const sep = sepOf(e);
          nc(chain, ...comment(e), '-m', 'recent', '--name', sep, '--rcheck', '--seconds', String(sp.affinitySeconds), '--reap', '-j', sep);
        }
      }
      endpoints.forEach((e, i) => {
        const sep = sepOf(e);
        const stat = i < endpoints.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(endpoints.length - i)] : [];
        nc(chain, ...comment(e), ...stat, '-j', sep);
      });
    };
    if (usesClusterChain) writeChain(svc, all, true);
    if (usesLocalChain) writeChain(svl, local, false);
    // KUBE-SEP-Y: one per endpoint either chain uses.
    for (const e of usesClusterChain ? all : usesLocalChain ? local : []) {
      const sep = sepOf(e);
      natChains.push(sep);
      const c = comments ? ['-m', 'comment', '--comment', spn] : [];
      nc(sep, ...c, '-s', e.ip, '-j', 'KUBE-MARK-MASQ');
      nc(sep, ...c, ...(sp.affinitySeconds !== undefined ? ['-m', 'recent', '--name', sep, '--set'] : []), '-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', endpointString(e));
    }
  }
  n('KUBE-SERVICES', '-m', 'comment', '--comment', '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS');

  // KUBE-FORWARD, in the filter rules of every sync.
  f('KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP');
  f('KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT');
  f('KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  return { chains: { filter: filterChains, nat: natChains }, rules: [...filterRules, ...natRules, ...natChainRules] };
}

/** The restore input as kube-proxy hands it to `iptables-restore --noflush --counters`. */
export function restoreText(r: ProxyRules): string {
  const table = (t: 'filter' | 'nat') => [
    `*${t}`,
    ...r.chains[t].map((c) => `:${c} - [0:0]`),
    ...r.rules.filter((x) => x.table === t).map((x) => `-A ${x.chain} ${x.args.join(' ')}`),
    'COMMIT',
  ];
  return [...table('filter'), ...table('nat')].map((l) => `${l}\n`).join('');
}

/** The rules kube-proxy ensures outside its restore input (iptablesJumpChains, each `EnsureRule(Prepend)`), and the
 *  canary chains it creates in every table. */
export const JUMP_RULES: readonly RestoreRule[] = [
  { table: 'filter', chain: 'INPUT', args: ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'comment', '--comment', '"kubernetes externally-visible service portals"', '-j', 'KUBE-EXTERNAL-SERVICES'] },
  { table: 'filter', chain: 'FORWARD', args: ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'comment', '--comment', '"kubernetes externally-visible service portals"', '-j', 'KUBE-EXTERNAL-SERVICES'] },
  { table: 'filter', chain: 'INPUT', args: ['-m', 'comment', '--comment', '"kubernetes health check service ports"', '-j', 'KUBE-NODEPORTS'] },
  { table: 'filter', chain: 'FORWARD', args: ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'filter', chain: 'OUTPUT', args: ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'filter', chain: 'FORWARD', args: ['-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-j', 'KUBE-FORWARD'] },
  { table: 'nat', chain: 'OUTPUT', args: ['-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'nat', chain: 'PREROUTING', args: ['-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'nat', chain: 'POSTROUTING', args: ['-m', 'comment', '--comment', '"kubernetes postrouting rules"', '-j', 'KUBE-POSTROUTING'] },
];
