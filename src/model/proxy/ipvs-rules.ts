// kube-proxy's ipvs mode, as kube-proxy v1.24 builds it (pkg/proxy/ipvs/proxier.go, syncProxyRules and
// writeIptablesRules; pkg/proxy/ipvs/ipset.go): from the same service map as the iptables mode (node-rules.ts's
// servicePorts), the IPVS virtual servers with their real servers, the addresses bound to the dummy interface
// kube-ipvs0, the ipsets kube-proxy fills, and the few iptables rules it still writes (matching those ipsets).
//
// Followed here, as upstream does it:
// - one virtual server per ClusterIP:port, per external IP, per LoadBalancer ingress IP and, for a NodePort, per
//   node address (NodeIPs(): every local address but kube-ipvs0's and loopback: on EKS each attached ENI's primary
//   address); scheduler from the config (rr when empty); ClientIP affinity as the persistent flag with the
//   affinity's timeout;
// - real servers: the ready endpoints, NAT forwarding (Masq), weight 1; the ClusterIP's follow
//   internalTrafficPolicy, the NodePort's, external IPs' and LB IPs' externalTrafficPolicy (Local: this node's);
// - ClusterIPs, external IPs and LB IPs bound to kube-ipvs0 (/32), not the node addresses;
// - ipsets as ipsetInfo lists them, entries as utilipset.Entry.String() writes them (`10.100.0.10,tcp:53`,
//   `ip,tcp:port,ip` for KUBE-LOOP-BACK, a bare port for bitmap:port sets);
// - writeIptablesRules: a rule per non-empty set of ipsetWithIptablesChain, the KUBE-CLUSTER-IP masquerade rule
//   (masqueradeAll: dst,dst; a cluster CIDR: dst,dst with `! -s CIDR`; neither, as on EKS: src,dst, which
//   masquerades node-originated connections whose source is a VIP), the externalIP rules, the KUBE-NODE-PORT jump,
//   KUBE-LOAD-BALANCER and KUBE-FIREWALL's fixed rules, acceptIPVSTraffic's ACCEPTs, KUBE-FORWARD, the health check
//   node port rule and the KUBE-POSTROUTING/KUBE-MARK-MASQ rules; and the jump rules of iptablesJumpChain.
// The 1.24 tag of kubernetes/kubernetes was not available to read: the iptables part follows the v1.2x proxier
// (writeIptablesRules with writeLine) and kpng's port of the 1.24 proxier (backends/ipvs-as-sink), which agree on
// every rule written here. Order: services come in the input's order where a real node has Go's map order; set
// members print sorted (kube-proxy adds them in sorted order; the kernel lists a hash set in bucket order).
import { type ProxyEndpoint, type ProxyServicePort, type RestoreRule, servicePortName } from './iptables-rules.ts';

export type IpsetType = 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port' | 'hash:ip';

export interface IpsetDef {
  name: string;
  type: IpsetType;
  comment: string;
}

/** ipsetInfo: every set the ipvs proxier creates, in its order. */
export const IPSETS: readonly IpsetDef[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
];

export interface RealServer {
  address: string;
  port: number;
  weight: number;
}

export interface VirtualServer {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  address: string;
  port: number;
  scheduler: string;
  /** sessionAffinity ClientIP: the persistence timeout in seconds. */
  persistent?: number;
  reals: RealServer[];
  /** The service port it serves (`ns/name:port`), for the model's own bookkeeping. */
  service: string;
}

export interface IpvsOptions {
  nodeName: string;
  /** The node's addresses NodePorts listen on (each attached ENI's primary IP). */
  nodeIps: string[];
  scheduler: string;
  /** false when the kernel has no such scheduler: every AddVirtualServer fails ("Scheduler or persistence engine
   *  not found"), so no virtual server exists and nothing is bound; the ipsets and rules are written all the same. */
  knownScheduler?: boolean;
  masqueradeAll?: boolean;
  clusterCidr?: string;
  masqueradeBit?: number;
  randomFully?: boolean;
  /** How the mark is written: %#08x on a real node (0x00004000). */
  markText?: string;
}

export interface IpvsProxy {
  virtualServers: VirtualServer[];
  /** kube-ipvs0's addresses, in the order they were bound. */
  bound: string[];
  /** Every set of IPSETS with its entries (sorted as kube-proxy adds them). */
  ipsets: { def: IpsetDef; entries: string[] }[];
  /** The restore input's chains and rules (filter first, then nat, as writeIptablesRules orders them). */
  chains: { filter: string[]; nat: string[] };
  rules: RestoreRule[];
}

const ready = (e: ProxyEndpoint) => e.ready;

export function ipvsProxy(ports: readonly ProxyServicePort[], o: IpvsOptions): IpvsProxy {
  const sets = new Map<string, Set<string>>(IPSETS.map((d) => [d.name, new Set()]));
  const add = (set: string, entry: string) => sets.get(set)!.add(entry);
  const virtualServers: VirtualServer[] = [];
  const bound: string[] = [];
  const isBound = new Set<string>();
  const bind = (ip: string) => {
    if (o.knownScheduler === false || isBound.has(ip)) return;
    isBound.add(ip);
    bound.push(ip);
  };

  for (const sp of ports) {
    const proto = sp.protocol.toLowerCase();
    const spn = servicePortName(sp.namespace, sp.name, sp.portName);
    const all = sp.endpoints.filter(ready);
    const local = all.filter((e) => e.nodeName === o.nodeName);
    const internal = sp.internalTrafficPolicy === 'Local' ? local : all;
    const external = sp.externalTrafficPolicy === 'Local' ? local : all;
    const vs = (address: string, port: number, endpoints: ProxyEndpoint[]) => {
      if (o.knownScheduler === false) return;
      // AddRealServer in newEndpoints.List()'s order: "IP:port" strings, sorted.
      const reals = [...new Map(endpoints.map((e) => [`${e.ip}:${e.port}`, { address: e.ip, port: e.port, weight: 1 }])).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      virtualServers.push({
        protocol: sp.protocol, address, port, scheduler: o.scheduler, reals, service: spn,
        ...(sp.affinitySeconds !== undefined ? { persistent: sp.affinitySeconds } : {}),
      });
    };
    // Hairpin: a local endpoint reaching its own service is masqueraded (KUBE-LOOP-BACK).
    for (const e of all) if (e.nodeName === o.nodeName) add('KUBE-LOOP-BACK', `${e.ip},${proto}:${e.port},${e.ip}`);
    add('KUBE-CLUSTER-IP', `${sp.clusterIp},${proto}:${sp.port}`);
    vs(sp.clusterIp, sp.port, internal);
    bind(sp.clusterIp);
    for (const ip of sp.externalIps ?? []) {
      add(sp.externalTrafficPolicy === 'Local' ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${ip},${proto}:${sp.port}`);
      vs(ip, sp.port, external);
      bind(ip);
    }
    for (const ip of sp.loadBalancerIps ?? []) {
      add('KUBE-LOAD-BALANCER', `${ip},${proto}:${sp.port}`);
      if (sp.externalTrafficPolicy === 'Local') add('KUBE-LOAD-BALANCER-LOCAL', `${ip},${proto}:${sp.port}`);
      vs(ip, sp.port, external);
      bind(ip);
    }
    if (sp.nodePort) {
      if (proto === 'sctp') {
        for (const ip of o.nodeIps) add('KUBE-NODE-PORT-SCTP-HASH', `${ip},${proto}:${sp.nodePort}`);
        if (sp.externalTrafficPolicy === 'Local') for (const ip of o.nodeIps) add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},${proto}:${sp.nodePort}`);
      } else {
        add(`KUBE-NODE-PORT-${sp.protocol}`, String(sp.nodePort));
        if (sp.externalTrafficPolicy === 'Local') add(`KUBE-NODE-PORT-LOCAL-${sp.protocol}`, String(sp.nodePort));
      }
      for (const ip of o.nodeIps) vs(ip, sp.nodePort, external);
    }
    if (sp.healthCheckNodePort) add('KUBE-HEALTH-CHECK-NODE-PORT', String(sp.healthCheckNodePort));
  }

  const ipsets = IPSETS.map((def) => ({ def, entries: [...sets.get(def.name)!].sort() }));
  const empty = (name: string) => sets.get(name)!.size === 0;
  const { chains, rules } = ipvsIptables(empty, o);
  return { virtualServers, bound, ipsets, chains, rules };
}

/** ipsetWithIptablesChain: `-A FROM [-p PROTO] -m comment --comment "SET'S COMMENT" -m set --match-set SET MATCH -j TO`. */
const SET_RULES: readonly { set: string; from: string; to: string; match: string; proto?: string }[] = [
  { set: 'KUBE-LOOP-BACK', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', match: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', match: 'dst,dst' },
  { set: 'KUBE-LOAD-BALANCER-FW', from: 'KUBE-LOAD-BALANCER', to: 'KUBE-FIREWALL', match: 'dst,dst' },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', from: 'KUBE-FIREWALL', to: 'RETURN', match: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-IP', from: 'KUBE-FIREWALL', to: 'RETURN', match: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER-LOCAL', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', match: 'dst,dst' },
  { set: 'KUBE-NODE-PORT-LOCAL-TCP', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-TCP', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-LOCAL-UDP', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst', proto: 'udp' },
  { set: 'KUBE-NODE-PORT-UDP', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst', proto: 'udp' },
  { set: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst,dst', proto: 'sctp' },
  { set: 'KUBE-NODE-PORT-SCTP-HASH', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst,dst', proto: 'sctp' },
];

const comment = (set: string) => `"${IPSETS.find((d) => d.name === set)!.comment}"`;

/** The restore input's iptables part (writeIptablesRules), given which sets are empty. */
export function ipvsIptables(empty: (set: string) => boolean, o: IpvsOptions): { chains: { filter: string[]; nat: string[] }; rules: RestoreRule[] } {
  const mark = o.markText ?? `0x${(1 << (o.masqueradeBit ?? 14)).toString(16).padStart(8, '0')}`;
  const filter: RestoreRule[] = [];
  const nat: RestoreRule[] = [];
  const n = (chain: string, ...args: string[]) => nat.push({ table: 'nat', chain, args });
  const f = (chain: string, ...args: string[]) => filter.push({ table: 'filter', chain, args });
  const matchSet = (set: string, flags: string) => ['-m', 'set', '--match-set', set, flags];

  for (const r of SET_RULES) {
    if (empty(r.set)) continue;
    n(r.from, ...(r.proto ? ['-p', r.proto] : []), '-m', 'comment', '--comment', comment(r.set), ...matchSet(r.set, r.match), '-j', r.to);
  }
  if (!empty('KUBE-CLUSTER-IP')) {
    const head = ['-m', 'comment', '--comment', comment('KUBE-CLUSTER-IP'), '-m', 'set', '--match-set', 'KUBE-CLUSTER-IP'];
    if (o.masqueradeAll) n('KUBE-SERVICES', ...head, 'dst,dst', '-j', 'KUBE-MARK-MASQ');
    else if (o.clusterCidr) n('KUBE-SERVICES', ...head, 'dst,dst', '!', '-s', o.clusterCidr, '-j', 'KUBE-MARK-MASQ');
    else n('KUBE-SERVICES', ...head, 'src,dst', '-j', 'KUBE-MARK-MASQ');
  }
  // externalIPRules: off-machine traffic and traffic to a local external IP are accepted.
  const externalIpRules = (args: string[]) => {
    n('KUBE-SERVICES', ...args, '-m', 'physdev', '!', '--physdev-is-in', '-m', 'addrtype', '!', '--src-type', 'LOCAL', '-j', 'ACCEPT');
    n('KUBE-SERVICES', ...args, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'ACCEPT');
  };
  if (!empty('KUBE-EXTERNAL-IP')) {
    const args = ['-m', 'comment', '--comment', comment('KUBE-EXTERNAL-IP'), ...matchSet('KUBE-EXTERNAL-IP', 'dst,dst')];
    n('KUBE-SERVICES', ...args, '-j', 'KUBE-MARK-MASQ');
    externalIpRules(args);
  }
  if (!empty('KUBE-EXTERNAL-IP-LOCAL')) externalIpRules(['-m', 'comment', '--comment', comment('KUBE-EXTERNAL-IP-LOCAL'), ...matchSet('KUBE-EXTERNAL-IP-LOCAL', 'dst,dst')]);
  n('KUBE-SERVICES', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODE-PORT');
  n('KUBE-LOAD-BALANCER', '-j', 'KUBE-MARK-MASQ');
  n('KUBE-FIREWALL', '-j', 'KUBE-MARK-DROP');
  // acceptIPVSTraffic: last in KUBE-SERVICES.
  for (const set of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) if (!empty(set)) n('KUBE-SERVICES', ...matchSet(set, 'dst,dst'), '-j', 'ACCEPT');
  f('KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT');
  f('KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
  f('KUBE-NODE-PORT', '-m', 'comment', '--comment', comment('KUBE-HEALTH-CHECK-NODE-PORT'), ...matchSet('KUBE-HEALTH-CHECK-NODE-PORT', 'dst'), '-j', 'ACCEPT');
  n('KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN');
  n('KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', mark);
  n('KUBE-POSTROUTING', '-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE', ...(o.randomFully ? ['--random-fully'] : []));
  n('KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', mark);
  return {
    chains: {
      filter: ['KUBE-FORWARD', 'KUBE-NODE-PORT'],
      nat: ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-FIREWALL', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'],
    },
    rules: [...filter, ...nat],
  };
}

/** iptablesJumpChain: each ensured with EnsureRule(Prepend), in this order. */
export const IPVS_JUMP_RULES: readonly RestoreRule[] = [
  { table: 'nat', chain: 'OUTPUT', args: ['-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'nat', chain: 'PREROUTING', args: ['-m', 'comment', '--comment', '"kubernetes service portals"', '-j', 'KUBE-SERVICES'] },
  { table: 'nat', chain: 'POSTROUTING', args: ['-m', 'comment', '--comment', '"kubernetes postrouting rules"', '-j', 'KUBE-POSTROUTING'] },
  { table: 'filter', chain: 'FORWARD', args: ['-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-j', 'KUBE-FORWARD'] },
  { table: 'filter', chain: 'INPUT', args: ['-m', 'comment', '--comment', '"kubernetes health check rules"', '-j', 'KUBE-NODE-PORT'] },
];

/** An ipset entry matched the way xt_set reads the packet for each flag: src/dst address, then port (with protocol). */
export function ipsetHas(type: IpsetType, entries: ReadonlySet<string>, flags: string, pkt: { src: string; dst: string; proto?: string; sport?: number; dport?: number }): boolean {
  const dims = flags.split(',');
  const addr = (d: string) => (d === 'src' ? pkt.src : pkt.dst);
  const port = (d: string) => `${pkt.proto ?? 'icmp'}:${d === 'src' ? pkt.sport ?? 0 : pkt.dport ?? 0}`;
  switch (type) {
    case 'hash:ip': return entries.has(addr(dims[0]));
    case 'bitmap:port': return pkt.proto !== 'icmp' && entries.has(String(dims[0] === 'src' ? pkt.sport : pkt.dport));
    case 'hash:ip,port': return dims.length >= 2 && entries.has(`${addr(dims[0])},${port(dims[1])}`);
    case 'hash:ip,port,ip': return dims.length >= 3 && entries.has(`${addr(dims[0])},${port(dims[1])},${addr(dims[2])}`);
    case 'hash:ip,port,net': return false;
  }
}
