// The DaemonSet controller (kube-controller-manager, pkg/controller/daemon): one pod per node, bound by the
// controller itself (no scheduler), with the template's controller-revision-hash label. A rolling update
// replaces a node's pod only once the old one is gone (maxUnavailable 1, no surge).
import type { PodRecord } from '../cluster/pod-record.ts';
import type { DaemonSet, Node } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

export class DaemonSetController {
  private readonly rt: ClusterRuntime;
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
      const owner = rt.owner('DaemonSet', ds.metadata.name, ds.metadata.uid);
      const covered = new Set([...rt.pods.ownedBy(owner)].map((p) => p.nodeName));
      for (const node of rt.nodes) {
        if (!covered.has(node.name) && this.hasRoom(node)) {
          const pod = rt.createPod(ds.metadata.namespace!, `${ds.metadata.name}-`, ds.spec.template, owner);
          this.bind(pod, node);
          changes++;
        }
      }
    }
    return changes;
  }
}
