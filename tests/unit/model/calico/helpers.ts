// A Calico lab for tests: the seed lab's cluster with Calico as its CNI and the netshoot pods running.
import type { Cluster } from '../../../../src/model/cluster/cluster.ts';
import type { Pod } from '../../../../src/model/cluster/types.ts';
import type { CniMode } from '../../../../src/model/calico/config.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

export function calicoLab(cni: CniMode, extra: { maxPods?: number; calicoMtu?: number; seed?: string } = {}) {
  const e = labEngine({ cni, ...extra });
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('sleep 30');
  return e;
}

export function netshootPods(cluster: Cluster): Pod[] {
  return [...cluster.pods.values()].filter((p) => p.name.startsWith('netshoot-pod') && p.phase === 'Running');
}
