// The ReplicaSet controller (kube-controller-manager, pkg/controller/replicaset): keeps as many live pods as
// spec.replicas, named from the ReplicaSet with a random suffix; deletes surplus pods in its order (unscheduled
// first, then not running, then the newest); releases a pod whose labels stop matching its selector (it is then
// an orphan and the controller makes a replacement), as the controller's ClaimPods does.
import { matchesSet } from '../api/label-selector.ts';
import type { Pod, ReplicaSet } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

export class ReplicaSetController {
  /** Pods relabelled since the last pass: only these can have stopped matching their owner's selector. */
  private readonly relabelled = new Set<Pod>();

  private readonly rt: ClusterRuntime;

  constructor(rt: ClusterRuntime) {
    this.rt = rt;
    rt.store.watch<Pod>('Pod', (type, pod) => {
      // A relabelled pod has labels of its own; others share their template's.
      if (pod.owner?.kind === 'ReplicaSet' && pod.labels !== pod.template.labels && !this.relabelled.has(pod)) {
        this.relabelled.add(pod);
        rt.requeue();
      }
    }, ['MODIFIED']);
  }

  sync(): number {
    const rt = this.rt;
    let changes = this.releaseUnmatched();
    for (const rs of rt.store.collection<ReplicaSet>('ReplicaSet').list()) {
      const ns = rs.metadata.namespace!;
      const owner = rt.owner('ReplicaSet', rs.metadata.name, rs.metadata.uid);
      // ClaimPods: an orphan of the namespace whose labels match is adopted before any pod is made.
      for (const pod of [...rt.pods.orphans]) {
        if (pod.namespace === ns && pod.phase !== 'Terminating' && matchesSet(pod.labels, rs.spec.selector)) {
          rt.pods.adopt(pod, owner);
          rt.store.update(pod);
          changes++;
        }
      }
      const live = [...rt.pods.ownedBy(owner)].filter((p) => p.phase !== 'Terminating');
      for (let i = live.length; i < rs.spec.replicas; i++) {
        rt.createPod(ns, `${rs.metadata.name}-`, rs.spec.template, owner);
        changes++;
      }
      if (live.length > rs.spec.replicas) {
        const rank = (p: Pod) => (p.nodeName === undefined ? 0 : p.phase !== 'Running' ? 1 : 2);
        const victims = [...live].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt).slice(0, live.length - rs.spec.replicas);
        for (const p of victims) rt.deletePod(p);
        changes += victims.length;
      }
    }
    return changes;
  }

  private releaseUnmatched(): number {
    let released = 0;
    for (const pod of this.relabelled) {
      const owner = pod.owner;
      if (!owner) continue;
      const rs = this.rt.store.get<ReplicaSet>('ReplicaSet', pod.namespace, owner.name);
      if (rs && !matchesSet(pod.labels, rs.spec.selector)) {
        this.rt.pods.release(pod);
        this.rt.store.update(pod);
        released++;
      }
    }
    this.relabelled.clear();
    return released;
  }
}
