// The garbage collector (kube-controller-manager, pkg/controller/garbagecollector): when an object goes, so do
// the objects whose ownerReferences name it (background propagation), or they lose that reference (orphan).
// A Deployment's deletion takes its ReplicaSets, and theirs take their pods.
import type { ApiRecord } from '../api/types.ts';
import type { Pod } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export class GarbageCollector {
  /** Owners whose dependents keep living without them (`kubectl delete --cascade=orphan`). */
  private readonly orphaning = new Set<string>();

  private readonly rt: ClusterRuntime;

  constructor(rt: ClusterRuntime) {
    this.rt = rt;
    rt.store.watch('*', (_type, obj) => {
      if (obj.kind !== 'Pod') this.collect(obj);
    }, ['DELETED']);
  }

  /** Deletes an object with the propagation policy kubectl asked for. */
  delete(obj: ApiRecord, propagation: Propagation = 'Background'): void {
    if (obj.kind === 'Pod') {
      this.rt.deletePod(obj as Pod);
      return;
    }
    if (propagation === 'Orphan') this.orphaning.add(obj.metadata.uid);
    this.rt.store.remove(obj);
    this.orphaning.delete(obj.metadata.uid);
  }

  private collect(owner: ApiRecord): void {
    const rt = this.rt;
    const uid = owner.metadata.uid;
    const orphan = this.orphaning.has(uid);
    if (owner.kind === 'ReplicaSet' || owner.kind === 'DaemonSet') {
      const pods = [...rt.pods.ownedBy(rt.owner(owner.kind, owner.metadata.name, uid))];
      for (const pod of pods) {
        if (orphan) {
          rt.pods.release(pod);
          rt.store.update(pod);
        } else rt.deletePod(pod);
      }
      return;
    }
    // Dependents of other kinds are few: a scan of the namespaced kinds that have owners here.
    for (const kind of ['ReplicaSet', 'ControllerRevision', 'EndpointSlice', 'Endpoints']) {
      for (const dep of [...rt.store.collection(kind).list(owner.metadata.namespace)]) {
        const refs = dep.metadata.ownerReferences;
        if (!refs.some((r) => r.uid === uid)) continue;
        if (orphan) {
          dep.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          rt.store.update(dep);
        } else {
          rt.store.remove(dep);
        }
      }
    }
  }
}
