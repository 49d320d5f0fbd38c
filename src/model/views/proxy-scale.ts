// What kube-proxy's two modes cost as a cluster grows: the model renders a full sync for N ClusterIP Services
// with M endpoints each, in iptables mode (proxyRules: the restore input kube-proxy hands iptables-restore, then
// read back rule by rule as iptables would, parseRestoreRule) and in ipvs mode (ipvsProxy: virtual and real
// servers, ipsets, the few iptables rules; then indexed as the kernel holds them, IpvsNode). The counts are the
// model's rules; the timings, when a clock is given, are how long this TypeScript took here: a stand-in for the
// work, not kube-proxy's or the kernel's own figures.
//
// The Services are made up for the measurement (namespace `scale`, ClusterIPs in 10.100.0.0/16, endpoints in
// 100.64.0.0/10 as custom networking would give pods, spread over three nodes): no cluster of this size runs here.
import { formatIpv4 } from '../net/ipv4.ts';
import { IpvsNode } from '../net/ipvs-datapath.ts';
import { parseRestoreRule } from '../net/netfilter.ts';
import { type ProxyServicePort, proxyRules, restoreText } from '../proxy/iptables-rules.ts';
import { ipvsProxy } from '../proxy/ipvs-rules.ts';
import { utf8Length } from '../utf8.ts';

export interface ScaleQuery {
  services: number;
  endpointsPerService: number;
}

export interface IptablesCost {
  /** `-A` lines in the restore input (filter and nat). */
  rules: number;
  /** User chains declared (`:KUBE-… - [0:0]`). */
  chains: number;
  /** Bytes of restore input handed to iptables-restore on a full sync. */
  bytes: number;
  /** Rules of KUBE-SERVICES a new connection is compared with before its Service's rule: on average and at worst. */
  comparedAverage: number;
  comparedWorst: number;
  /** The model's time to write the input, and to read it back into rules (ms), when measured. */
  renderMs?: number;
  loadMs?: number;
}

export interface IpvsCost {
  virtualServers: number;
  realServers: number;
  ipsetEntries: number;
  /** iptables rules ipvs mode still writes (they match ipsets, not Services). */
  rules: number;
  /** Rules of KUBE-SERVICES a new connection to a ClusterIP is compared with, then one IPVS hash lookup. */
  compared: number;
  renderMs?: number;
  loadMs?: number;
}

export interface ScaleRow extends ScaleQuery {
  endpoints: number;
  iptables: IptablesCost;
  ipvs: IpvsCost;
}

/** The largest sizes the view accepts: 10,000 Services of 10 endpoints render in about a second here. */
export const SCALE_LIMITS = { services: 20_000, endpointsPerService: 20 } as const;

const NODES = ['scale-node-0', 'scale-node-1', 'scale-node-2'];
const CLUSTER_IP_BASE = (10 << 24) | (100 << 16);
const POD_BASE = (100 << 24) | (64 << 16);

/** The made-up service map: Service i at 10.100.0.0 + 20 + i, its endpoints numbered on from 100.64.0.10. */
export function scaleServicePorts(q: ScaleQuery): ProxyServicePort[] {
  const ports: ProxyServicePort[] = [];
  let pod = 10;
  for (let i = 0; i < q.services; i++) {
    const endpoints = [];
    for (let j = 0; j < q.endpointsPerService; j++, pod++) {
      endpoints.push({ ip: formatIpv4((POD_BASE + pod) >>> 0), port: 8080, ready: true, nodeName: NODES[pod % NODES.length] });
    }
    ports.push({
      namespace: 'scale', name: `svc-${String(i).padStart(5, '0')}`, portName: '', protocol: 'TCP',
      clusterIp: formatIpv4((CLUSTER_IP_BASE + 20 + i) >>> 0), port: 80, endpoints,
    });
  }
  return ports;
}

export function checkScaleQuery(q: ScaleQuery): string | undefined {
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!ok(q.services, SCALE_LIMITS.services)) return `Services: a whole number from 1 to ${SCALE_LIMITS.services.toLocaleString('en-US')}.`;
  if (!ok(q.endpointsPerService, SCALE_LIMITS.endpointsPerService)) return `Endpoints per Service: a whole number from 1 to ${SCALE_LIMITS.endpointsPerService}.`;
  return undefined;
}

/**
 * One full sync of each mode for the made-up cluster. `clock` (milliseconds, e.g. performance.now) is only read
 * to time the work; without it the row has counts alone, the same on every run.
 */
export function proxyScale(q: ScaleQuery, clock?: () => number): ScaleRow {
  const bad = checkScaleQuery(q);
  if (bad) throw new Error(bad);
  const ports = scaleServicePorts(q);
  const options = { nodeName: NODES[0], masqueradeBit: 14, randomFully: true };
  const time = <T>(work: () => T): [T, number | undefined] => {
    const start = clock?.();
    const value = work();
    return [value, clock && start !== undefined ? clock() - start : undefined];
  };

  // iptables mode: kube-proxy writes the whole input; iptables-restore reads it rule by rule.
  const [written, renderMs] = time(() => {
    const r = proxyRules(ports, options);
    return { r, text: restoreText(r) };
  });
  const [parsed, loadMs] = time(() => written.r.rules.map((x) => parseRestoreRule(x.table, x.chain, x.args)));
  // Each Service's place in KUBE-SERVICES (nat): a new connection is compared with every rule above it.
  const services = parsed.filter((r) => r.table === 'nat' && r.chain === 'KUBE-SERVICES' && r.target.kind === 'jump' && r.target.chain.startsWith('KUBE-SVC-'));
  const positions = services.map((_, i) => i + 1);
  const iptables: IptablesCost = {
    rules: written.r.rules.length,
    chains: written.r.chains.filter.length + written.r.chains.nat.length,
    bytes: utf8Length(written.text),
    comparedAverage: positions.length ? positions.reduce((a, b) => a + b, 0) / positions.length : 0,
    comparedWorst: positions.length,
    ...(renderMs !== undefined ? { renderMs, loadMs } : {}),
  };

  // ipvs mode: virtual servers, real servers and ipsets; the kernel indexes them by address and port.
  const [proxy, ipvsRenderMs] = time(() => ipvsProxy(ports, { ...options, nodeIps: ['192.168.1.10'], scheduler: 'rr' }));
  const [, ipvsLoadMs] = time(() => {
    const node = new IpvsNode(proxy);
    return proxy.rules.map((x) => parseRestoreRule(x.table, x.chain, x.args)).length + (node.proxy === proxy ? 0 : 1);
  });
  const kubeServices = proxy.rules.filter((r) => r.table === 'nat' && r.chain === 'KUBE-SERVICES');
  // A pod's connection to a ClusterIP matches the last rule (the KUBE-CLUSTER-IP ACCEPT) after all the others.
  const accept = kubeServices.findIndex((r) => r.args.includes('KUBE-CLUSTER-IP') && r.args.at(-1) === 'ACCEPT');
  const ipvs: IpvsCost = {
    virtualServers: proxy.virtualServers.length,
    realServers: proxy.virtualServers.reduce((n, v) => n + v.reals.length, 0),
    ipsetEntries: proxy.ipsets.reduce((n, s) => n + s.entries.length, 0),
    rules: proxy.rules.length,
    compared: accept + 1,
    ...(ipvsRenderMs !== undefined ? { renderMs: ipvsRenderMs, loadMs: ipvsLoadMs } : {}),
  };
  return { ...q, endpoints: q.services * q.endpointsPerService, iptables, ipvs };
}
