// kube-proxy's start on each node, as far as the rules it writes depend on it: kube-proxy reads its --config file
// (EKS mounts the kube-proxy-config ConfigMap there) once, when its container starts, and keeps that mode and
// scheduler until it is restarted. So editing the ConfigMap changes nothing until the DaemonSet's pods are
// replaced (`kubectl rollout restart ds kube-proxy -n kube-system`, or deleting a pod): each node switches when its
// new pod starts.
//
// What a start does to the node (kube-proxy 1.24, cmd/kube-proxy/app/server_others.go):
// - in ipvs mode, the ipvs proxier creates the dummy interface kube-ipvs0 (netlink EnsureDummyDevice: a random
//   locally administered MAC, the node's next ifindex) and, before that, iptables.CleanupLeftovers removes the
//   iptables proxier's chains ("Tearing down inactive rules.");
// - in iptables mode, ipvs.CleanupLeftovers flushes IPVS, deletes kube-ipvs0 and destroys the ipsets.
// Both cleanups leave KUBE-MARK-MASQ and the canary chains alone. A config kube-proxy cannot read makes it exit
// (the pod crash-loops); the node keeps the rules it had, so the model records nothing for such a start.
import type { ConfigMap, Pod } from '../cluster/types.ts';
import type { Rng } from '../rng.ts';
import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig, parseKubeProxyConfig } from '../proxy/kube-proxy-config.ts';
import type { ClusterRuntime } from './runtime.ts';

/** kube-ipvs0 as netlink created it. */
export interface DummyDevice {
  ifindex: number;
  mac: string;
}

/** What the kube-proxy running on a node started with. */
export interface KubeProxyRun {
  config: KubeProxyConfig;
  /** The pod that started it ('' for the nodes' first kube-proxy, when no pod has started yet). */
  podUid: string;
  startedAt: number;
  dummy?: DummyDevice;
  /** Changes with every start: rules cached for a node are rebuilt when it moves. */
  generation: number;
}

const isKubeProxyPod = (p: Pod) => p.namespace === 'kube-system' && p.owner?.kind === 'DaemonSet' && p.owner.name === 'kube-proxy';

export class KubeProxyStarts {
  private readonly rt: ClusterRuntime;
  private readonly rng: Rng;
  private readonly runs = new Map<string, KubeProxyRun>();
  private generation = 0;

  constructor(rt: ClusterRuntime, rng: Rng) {
    this.rt = rt;
    this.rng = rng;
    // The kubelet's status write when a container starts (phase Running, startedAt now).
    rt.store.watch<Pod>('Pod', (_type, pod) => {
      if (pod.phase !== 'Running' || pod.startedAt !== rt.now || !pod.nodeName || !isKubeProxyPod(pod)) return;
      const prev = this.runs.get(pod.nodeName);
      if (prev?.podUid === pod.uid) return;
      this.start(pod.nodeName, pod.uid);
    }, ['MODIFIED']);
  }

  /**
   * The config text last read and what it parsed to. Every node's kube-proxy reads the same ConfigMap: building a
   * 5,000-node cluster starts 5,000 of them, and parsing the YAML each time took longer than the rest of it.
   */
  private lastRead?: { text: string | undefined; config: ReturnType<typeof parseKubeProxyConfig> };

  private start(nodeName: string, podUid: string): void {
    const cm = this.rt.store.get<ConfigMap>('ConfigMap', 'kube-system', 'kube-proxy-config');
    const text = cm?.data.config;
    if (!this.lastRead || this.lastRead.text !== text) this.lastRead = { text, config: parseKubeProxyConfig(text) };
    const config = this.lastRead.config;
    if ('error' in config) return;
    const prev = this.runs.get(nodeName);
    let dummy = prev?.config.mode === 'ipvs' ? prev.dummy : undefined;
    if (config.mode === 'ipvs' && !dummy) {
      const node = this.rt.node(nodeName);
      if (node) dummy = { ifindex: node.nextIfindex++, mac: randomMac(this.rng) };
    }
    this.runs.set(nodeName, { config, podUid, startedAt: this.rt.now, generation: ++this.generation, ...(config.mode === 'ipvs' && dummy ? { dummy } : {}) });
  }

  /** The kube-proxy a node runs now (iptables mode with EKS's config until a pod has started). */
  on(nodeName: string): KubeProxyRun {
    return this.runs.get(nodeName) ?? { config: DEFAULT_KUBE_PROXY_CONFIG, podUid: '', startedAt: 0, generation: 0 };
  }
}

/** eth_random_addr: random bytes, the multicast bit cleared and the locally administered bit set. */
function randomMac(rng: Rng): string {
  const b = Array.from({ length: 6 }, () => rng.int(256));
  b[0] = (b[0] & 0xfe) | 0x02;
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
