// The ReplicaSet controller (kube-controller-manager, pkg/controller/replicaset): keeps as many live pods as
// spec.replicas, named from the ReplicaSet with a random suffix; deletes surplus pods in its order (unscheduled
// first, then not running, then the newest); releases a pod whose labels stop matching its selector (it is then
// an orphan and the controller makes a replacement), as the controller's ClaimPods does.
//
// Like kube-controller-manager, it makes or deletes at most burstReplicas (500) pods in one sync, in slow-start
// batches (1, 2, 4 … pods, each batch one API round trip after the last), and syncs that ReplicaSet again once
// those calls are done: a scale to 100,000 fills in over model time while the API answers at once.
import { ApiError } from '../api/store.ts';
import { matchesSet } from '../api/label-selector.ts';
import type { Pod, ReplicaSet } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

/** kube-controller-manager's BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;
/** Model time one API call takes from the controller (a create or delete of a pod). */
export const API_ROUND_TRIP_MS = 20;

/** The batch sizes of the controller's slowStartBatch for `count` calls: 1, 2, 4 … and what is left. */
export function slowStartBatches(count: number): number[] {
  const batches = [];
  for (let size = 1, left = count; left > 0; size *= 2) {
    batches.push(Math.min(size, left));
    left -= size;
  }
  return batches;
}

export class ReplicaSetController {
  /** When each ReplicaSet (by uid) may sync again: its last sync's API calls are still under way until then. */
  private readonly busyUntil = new Map<string, number>();
  /** Consecutive failed syncs by ReplicaSet uid: the work queue's exponential backoff (5 ms doubling, 1000 s cap). */
  private readonly failures = new Map<string, number>();
  /** One event subject per ReplicaSet, so the recorder counts repeats of an event instead of adding more. */
  private readonly subjects = new Map<string, { namespace: string; name: string }>();

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
      const uid = rs.metadata.uid;
      if ((this.busyUntil.get(uid) ?? 0) > rt.now) continue;
      const liveCount = rt.pods.liveOwnedBy(owner);
      const diff = Math.min(Math.abs(rs.spec.replicas - liveCount), BURST_REPLICAS);
      if (diff === 0) continue;
      let done = 0;
      let failed = false;
      if (liveCount < rs.spec.replicas) {
        try {
          for (; done < diff; done++) rt.createPod(ns, `${rs.metadata.name}-`, rs.spec.template, owner);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          // The rest of the batch fails as the first did; the controller tries again, backing off.
          failed = true;
          let subject = this.subjects.get(uid);
          if (!subject) this.subjects.set(uid, (subject = { namespace: ns, name: rs.metadata.name }));
          rt.recorder.record(subject, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, 'replicaset-controller', true, 'ReplicaSet');
        }
      } else {
        const rank = (p: Pod) => (p.nodeName === undefined ? 0 : p.phase !== 'Running' ? 1 : 2);
        const live = [...rt.pods.ownedBy(owner)].filter((p) => p.phase !== 'Terminating');
        const victims = live.sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt).slice(0, diff);
        for (const p of victims) rt.deletePod(p);
        done = victims.length;
      }
      changes += done;
      // More to do than one sync may do (or a failed create to retry): sync again when these calls are done.
      const failures = failed ? (this.failures.get(uid) ?? 0) + 1 : 0;
      this.failures.set(uid, failures);
      if (done < Math.abs(rs.spec.replicas - liveCount)) {
        const busyMs = failed ? Math.min(5 * 2 ** (failures - 1), 1_000_000) : slowStartBatches(done).length * API_ROUND_TRIP_MS;
        this.busyUntil.set(uid, rt.now + busyMs);
        rt.at(busyMs, () => rt.requeue('ReplicaSet'));
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
