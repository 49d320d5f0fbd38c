// The part of kube-proxy's KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) that shapes the rules it
// writes, read from the `config` key of EKS's kube-proxy-config ConfigMap the way kube-proxy reads its --config file
// at start: mode ("" means iptables on Linux, as kube-proxy 1.24's getProxyMode defaults it), ipvs.scheduler ("" means
// rr: NewProxier's "IPVS scheduler not specified, use rr by default"), iptables.masqueradeAll/masqueradeBit and
// clusterCIDR (EKS leaves it "", so no local-traffic detector).
import { parse } from 'yaml';

export type ProxyMode = 'iptables' | 'ipvs';

export interface KubeProxyConfig {
  mode: ProxyMode;
  /** The IPVS scheduler as kube-proxy hands it to the kernel (rr when the config leaves it empty). */
  scheduler: string;
  masqueradeAll: boolean;
  masqueradeBit: number;
  clusterCidr: string;
}

export const DEFAULT_KUBE_PROXY_CONFIG: KubeProxyConfig = { mode: 'iptables', scheduler: 'rr', masqueradeAll: false, masqueradeBit: 14, clusterCidr: '' };

/** The config, or a message saying why kube-proxy would refuse to start with it. */
export function parseKubeProxyConfig(text: string | undefined): KubeProxyConfig | { error: string } {
  if (text === undefined) return { error: 'failed to read config: the ConfigMap has no "config" key' };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: `failed to decode config: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object') return { error: 'failed to decode config: not a KubeProxyConfiguration' };
  const c = doc as Record<string, any>;
  const mode = c.mode ?? '';
  // kube-proxy 1.24's validation accepts "", iptables, ipvs and userspace on Linux; the model runs the first three.
  if (mode !== '' && mode !== 'iptables' && mode !== 'ipvs') return { error: `KubeProxyConfiguration.Mode: Invalid value: "${mode}": must be iptables,ipvs,userspace or blank (blank means the best-available proxy [currently iptables])` };
  const scheduler = typeof c.ipvs?.scheduler === 'string' && c.ipvs.scheduler !== '' ? c.ipvs.scheduler : 'rr';
  return {
    mode: mode === 'ipvs' ? 'ipvs' : 'iptables',
    scheduler,
    masqueradeAll: c.iptables?.masqueradeAll === true,
    masqueradeBit: Number.isInteger(c.iptables?.masqueradeBit) ? c.iptables.masqueradeBit : 14,
    clusterCidr: typeof c.clusterCIDR === 'string' ? c.clusterCIDR : '',
  };
}
