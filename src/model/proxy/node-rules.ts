// A node's kube-proxy (iptables mode) and kubelet rules, as the node's netfilter tables hold them: kube-proxy's
// restore input for the cluster's Services and EndpointSlices (iptables-rules.ts), its jump rules from the built-in
// chains, the canary chains, and what kubelet 1.24 keeps beside them (KUBE-MARK-DROP, KUBE-FIREWALL,
// KUBE-KUBELET-CANARY; kubelet_network_linux.go). EKS's kube-proxy config: masqueradeBit 14, masqueradeAll false, no
// clusterCIDR; its iptables has --random-fully.
//
// Order in the built-in chains: kubelet starts first and prepends its KUBE-FIREWALL jumps, then kube-proxy
// prepends its own (so they come first), then ipamd appends the VPC CNI's (nat PREROUTING: KUBE-SERVICES, then
// AWS-CONNMARK-CHAIN-0, as a real EKS node shows).
import type { ApiStore } from '../api/store.ts';
import type { EndpointSlice } from '../controllers/endpointslice.ts';
import type { Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { type NetfilterRule, parseRestoreRule, type Ruleset, type TableName } from '../net/netfilter.ts';
import { JUMP_RULES, type ProxyServicePort, proxyRules, type RestoreRule } from './iptables-rules.ts';
import { IPVS_JUMP_RULES, type IpvsProxy } from './ipvs-rules.ts';
import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig } from './kube-proxy-config.ts';

/** kube-proxy's service map: every port of every Service with a cluster IP, with the endpoints of its slices. */
export function servicePorts(store: ApiStore): ProxyServicePort[] {
  const slices = new Map<string, EndpointSlice[]>();
  for (const s of store.collection<EndpointSlice>('EndpointSlice').list()) {
    const key = `${s.metadata.namespace}/${s.metadata.labels['kubernetes.io/service-name']}`;
    let list = slices.get(key);
    if (!list) slices.set(key, (list = []));
    list.push(s);
  }
  const out: ProxyServicePort[] = [];
  for (const svc of store.list<Service>('Service')) {
    const ns = svc.metadata.namespace!;
    const mine = slices.get(`${ns}/${svc.metadata.name}`) ?? [];
    const spec = svc.spec;
    // Only ingress IPs are routed by kube-proxy; an AWS load balancer's host name gives it nothing to match.
    const lbIps = spec.type === 'LoadBalancer' ? (svc.status?.loadBalancer.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])) : [];
    for (const p of svc.spec.ports) {
      const name = p.name ?? '';
      const endpoints = [];
      for (const s of mine) {
        const port = (s.body.ports ?? []).find((x) => x.name === name && x.protocol === p.protocol);
        if (!port) continue;
        for (const e of s.body.endpoints ?? []) {
          // A missing ready condition means ready (the kubernetes slice's endpoints have only `ready`).
          endpoints.push({ ip: e.addresses[0], port: port.port, ready: e.conditions.ready !== false, ...(e.nodeName ? { nodeName: e.nodeName } : {}) });
        }
      }
      out.push({
        namespace: ns, name: svc.metadata.name, portName: name, protocol: p.protocol as ProxyServicePort['protocol'],
        clusterIp: formatIpv4(svc.spec.clusterIp), port: p.port,
        ...(p.nodePort && svc.spec.type !== 'ClusterIP' ? { nodePort: p.nodePort } : {}),
        ...(spec.externalIPs?.length ? { externalIps: spec.externalIPs } : {}),
        ...(lbIps.length ? { loadBalancerIps: lbIps } : {}),
        ...(spec.healthCheckNodePort ? { healthCheckNodePort: spec.healthCheckNodePort } : {}),
        ...(spec.externalTrafficPolicy ? { externalTrafficPolicy: spec.externalTrafficPolicy } : {}),
        ...(spec.internalTrafficPolicy === 'Local' ? { internalTrafficPolicy: 'Local' as const } : {}),
        ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: spec.sessionAffinityTimeoutSeconds } : {}),
        endpoints,
      });
    }
  }
  return out;
}

const KUBELET_RULES: { table: TableName; chain: string; args: string[] }[] = [
  { table: 'filter', chain: 'INPUT', args: ['-j', 'KUBE-FIREWALL'] },
  { table: 'filter', chain: 'OUTPUT', args: ['-j', 'KUBE-FIREWALL'] },
  { table: 'filter', chain: 'KUBE-FIREWALL', args: ['-m', 'comment', '--comment', '"kubernetes firewall for dropping marked packets"', '-m', 'mark', '--mark', '0x00008000/0x00008000', '-j', 'DROP'] },
  { table: 'filter', chain: 'KUBE-FIREWALL', args: ['!', '-s', '127.0.0.0/8', '-d', '127.0.0.0/8', '-m', 'comment', '--comment', '"block incoming localnet connections"', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP'] },
  { table: 'nat', chain: 'KUBE-MARK-DROP', args: ['-j', 'MARK', '--or-mark', '0x00008000'] },
];

/**
 * The kube-proxy and kubelet part of a node's ruleset: user chains per table, and rules in each chain's order.
 * In ipvs mode (`ipvs` given: the node's ipvs proxier), kube-proxy's chains are the ipvs proxier's; the iptables
 * proxier's were removed when it started (iptables.CleanupLeftovers), all but KUBE-MARK-MASQ and the canary.
 */
export function kubeRuleset(store: ApiStore, nodeName: string, config: KubeProxyConfig = DEFAULT_KUBE_PROXY_CONFIG, ipvs?: IpvsProxy): Ruleset {
  const canaries = ['KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY'];
  const r: { chains: { filter: string[]; nat: string[] }; rules: RestoreRule[] } = ipvs ?? proxyRules(servicePorts(store), {
    nodeName, masqueradeBit: config.masqueradeBit, masqueradeAll: config.masqueradeAll, clusterCidr: config.clusterCidr || undefined, randomFully: true,
  });
  const rules: NetfilterRule[] = [];
  // Built-in chains: kube-proxy's prepended jumps come out in the reverse of the order it ensures them.
  for (const j of [...(ipvs ? IPVS_JUMP_RULES : JUMP_RULES)].reverse()) rules.push(parseRestoreRule(j.table, j.chain, j.args));
  for (const k of KUBELET_RULES) rules.push(parseRestoreRule(k.table, k.chain, k.args));
  for (const x of r.rules) rules.push(parseRestoreRule(x.table, x.chain, x.args));
  return {
    chains: {
      nat: [...new Set([...r.chains.nat, 'KUBE-MARK-DROP', 'KUBE-MARK-MASQ', ...canaries])],
      filter: [...new Set([...r.chains.filter, 'KUBE-FIREWALL', ...canaries])],
      mangle: canaries,
    },
    rules,
  };
}
