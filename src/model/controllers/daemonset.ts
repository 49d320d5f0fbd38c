// The DaemonSet controller (kube-controller-manager, pkg/controller/daemon): one pod per node, bound by the
// controller itself (no scheduler), with the template's controller-revision-hash label. A rolling update
// replaces a node's pod only once the old one is gone (maxUnavailable 1, no surge). Like the ReplicaSet
// controller it paces itself: at most 250 pods per sync (daemon_controller.go's BurstReplicas), then it syncs
// that DaemonSet again once the slow-start batches' API calls are done.
import type { PodRecord } from '../cluster/pod-record.ts';
import { ApiError } from '../api/store.ts';
import { API_ROUND_TRIP_MS, slowStartBatches } from './replicaset.ts';
import type { DaemonSet, Node } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

/** The DaemonSet controller's BurstReplicas. */
export const DAEMONSET_BURST = 250;

export class DaemonSetController {
  private readonly rt: ClusterRuntime;
  /** When each DaemonSet (by uid) may sync again. */
  private readonly busyUntil = new Map<string, number>();
  /** One event subject per DaemonSet, so repeats of an event count up. */
  private readonly subjects = new Map<string, { namespace: string; name: string }>();

  private subject(ds: DaemonSet): { namespace: string; name: string } {
    let s = this.subjects.get(ds.metadata.uid);
    if (!s) this.subjects.set(ds.metadata.uid, (s = { namespace: ds.metadata.namespace!, name: ds.metadata.name }));
    return s;
  }
  /** Binds a pod to a node and hands it to that node's kubelet. */
  private readonly bind: (pod: PodRecord, node: Node) => void;
  /** Whether a node has room for one more pod. */
  private readonly hasRoom: (node: Node) => boolean;

  constructor(rt: ClusterRuntime, bind: (pod: PodRecord, node: Node) => void, hasRoom: (node: Node) => boolean) {
    this.rt = rt;
    this.bind = bind;
    this.hasRoom = hasRoom;
  }

  sync(): number {
    const rt = this.rt;
    let changes = 0;
    for (const ds of rt.store.collection<DaemonSet>('DaemonSet').list()) {
      const uid = ds.metadata.uid;
      if ((this.busyUntil.get(uid) ?? 0) > rt.now) continue;
      const owner = rt.owner('DaemonSet', ds.metadata.name, uid);
      // The nodes that have one of its pods, flagged by node index: on 5,000 nodes this runs 20 times a DaemonSet
      // as the controller paces itself, and a set of node names cost a string lookup per node each time.
      const covered = new Uint8Array(rt.nodes.length);
      for (const p of rt.pods.ownedBy(owner)) {
        const i = (p as PodRecord).nodeIndex;
        if (i >= 0) covered[i] = 1;
      }
      let made = 0;
      let more = false;
      for (const node of rt.nodes) {
        if (covered[node.index] === 0 && this.hasRoom(node)) {
          if (made === DAEMONSET_BURST) {
            more = true;
            break;
          }
          let pod;
          try {
            pod = rt.createPod(ds.metadata.namespace!, `${ds.metadata.name}-`, ds.spec.template, owner);
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            rt.recorder.record(this.subject(ds), 'Warning', 'FailedCreate', `Error creating: ${e.message}`, 'daemonset-controller', true, 'DaemonSet');
            more = true;
            break;
          }
          this.bind(pod, node);
          made++;
        }
      }
      changes += made;
      if (more) {
        // After a failed create the work queue backs off; a full batch just waits for its calls.
        const busyMs = made === DAEMONSET_BURST ? slowStartBatches(made).length * API_ROUND_TRIP_MS : 10_000;
        this.busyUntil.set(uid, rt.now + busyMs);
        rt.at(busyMs, () => rt.requeue('DaemonSet'));
      }
    }
    return changes;
  }
}
