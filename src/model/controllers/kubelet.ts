// The kubelet on every node: a bound pod's sandbox (the VPC CNI asks ipamd for an address, then makes the
// veth pair and the host route), its containers' start, and a deleted pod's graceful termination, after which
// the pod leaves the API store and ipamd takes its address back (into cooldown).
import type { ApiStore } from '../api/store.ts';
import type { PodRecord } from '../cluster/pod-record.ts';
import type { Node } from '../cluster/types.ts';
import { assignPodIp, releasePodIp } from '../ipam/ipamd.ts';
import { HOST_VETH_MAC, VETH_PREFIX } from '../calico/config.ts';
import type { ClusterRuntime, Timers } from './runtime.ts';
import { serveAfterDeletionMs } from '../k8s/termination.ts';

const SANDBOX_DELAY_MS = 1_000;
const CONTAINER_START_MS = 1_500;
const SANDBOX_RETRY_MS = 10_000;
const TERMINATION_MS = 1_000;

export class Kubelets {
  /**
   * Per node (by index), the kubelet's latest batch of pod steps (see atPod): when it runs, what it runs, and its
   * last pod. A batch is a chain of pods linked by kubeletNext, its first pod the timer's argument: a paced
   * scale-up makes one batch per pod step (300,000 of them), and a chain allocates nothing.
   */
  private readonly batchAt: number[] = [];
  private readonly batchRun: (((first: PodRecord) => void) | undefined)[] = [];
  private readonly batchLast: (PodRecord | undefined)[] = [];
  private vethPrefixCache?: string;

  private readonly rt: ClusterRuntime;
  private readonly timers: Timers;
  /** ipamd's pool loop on a node, to wake when the node's addresses change. */
  private readonly wakeIpamd: (node: Node) => void;
  /** Told when a pod has left the store (the scheduler frees its node's resources). */
  private readonly removed: (pod: PodRecord, node: Node | undefined) => void;

  constructor(rt: ClusterRuntime, timers: Timers, wakeIpamd: (node: Node) => void, removed: (pod: PodRecord, node: Node | undefined) => void) {
    this.rt = rt;
    this.timers = timers;
    this.wakeIpamd = wakeIpamd;
    this.removed = removed;
  }

  /** The CNI's settings changed (aws-node restarted): the veth prefix is read again. */
  settingsChanged(): void {
    this.vethPrefixCache = undefined;
  }

  /** A pod was bound to this node: the kubelet starts creating its sandbox. */
  admit(pod: PodRecord, node: Node): void {
    this.atPod(SANDBOX_DELAY_MS, this.sandboxBatch, pod, node);
  }

  /** The pod's deletion started: preStop hooks run, then SIGTERM stops the containers, and a moment later the
   *  sandbox is torn down and the pod is gone. */
  terminate(pod: PodRecord, store: ApiStore): void {
    const serve = serveAfterDeletionMs(pod.template);
    pod.stopsAt = this.rt.now + serve;
    this.rt.at(serve + TERMINATION_MS, () => this.remove(pod, store));
  }

  /**
   * A pod's next step on its node's kubelet. A node's steps of one kind due at one time run together, as one
   * timer: a scale-up schedules hundreds of thousands of them, and running a node's together keeps its ENIs in
   * the CPU's cache. (Kubelets run side by side, so no order between nodes is more right than another.)
   */
  private atPod(delayMs: number, run: (first: PodRecord) => void, pod: PodRecord, node: Node): void {
    const at = this.rt.now + delayMs;
    const i = node.index;
    while (this.batchAt.length <= i) {
      this.batchAt.push(-Infinity);
      this.batchRun.push(undefined);
      this.batchLast.push(undefined);
    }
    const last = this.batchLast[i];
    // A batch due later than now has not run yet (every step here has a delay), so it can take one more pod.
    if (last !== undefined && this.batchAt[i] === at && this.batchRun[i] === run) {
      last.kubeletNext = pod;
      this.batchLast[i] = pod;
      return;
    }
    this.batchAt[i] = at;
    this.batchRun[i] = run;
    this.batchLast[i] = pod;
    this.timers.add(at, run, pod);
  }

  /** Runs `step` on a batch's pods in the order they joined it. Each pod is unlinked before its step, which
   *  may put it in a later batch. */
  private static runChain(first: PodRecord, step: (pod: PodRecord) => void): void {
    for (let pod: PodRecord | undefined = first; pod !== undefined;) {
      const next: PodRecord | undefined = pod.kubeletNext;
      pod.kubeletNext = undefined;
      step(pod);
      pod = next;
    }
  }

  private readonly sandboxStep = (pod: PodRecord) => this.createSandbox(pod);
  private readonly sandboxBatch = (first: PodRecord) => Kubelets.runChain(first, this.sandboxStep);
  private readonly startStep = (pod: PodRecord) => {
    if (pod.phase !== 'ContainerCreating') return;
    pod.phase = 'Running';
    pod.startedAt = this.rt.now;
    // The kubelet's status update.
    this.rt.store.update(pod);
    if (this.rt.rolloutWaiting) this.rt.requeue();
    this.rt.changed('pods');
  };
  private readonly startBatch = (first: PodRecord) => Kubelets.runChain(first, this.startStep);

  /** The kubelet creates the pod sandbox; the VPC CNI gives it an address from ipamd, a veth and a route. */
  private createSandbox(pod: PodRecord): void {
    const rt = this.rt;
    // Nodes keep their index for good: the pod's is as good as a lookup by name, and cheaper.
    const node = pod.nodeIndex >= 0 ? rt.nodes[pod.nodeIndex] : undefined;
    if (!node || pod.phase !== 'ContainerCreating') return;
    if (pod.template.hostNetwork) {
      pod.ip = node.enis[0].primaryIp;
    } else if (rt.calico) {
      // Calico's CNI plugin: an address from calico-ipam (the node's block), a cali… veth with the fixed host MAC.
      const ip = rt.calico.ipam.assign(node.name, `${pod.namespace}/${pod.name}`);
      if (ip === undefined) {
        rt.recorder.sandboxFailed(pod);
        this.atPod(SANDBOX_RETRY_MS, this.sandboxBatch, pod, node);
        return;
      }
      pod.ip = ip;
      pod.attachVeth(VETH_PREFIX, node.nextIfindex++, HOST_VETH_MAC);
    } else {
      const got = assignPodIp(node, pod, rt.ipamdSettings(), rt.now);
      this.wakeIpamd(node);
      if (!got) {
        rt.recorder.sandboxFailed(pod);
        this.atPod(SANDBOX_RETRY_MS, this.sandboxBatch, pod, node);
        return;
      }
      const prefix = (this.vethPrefixCache ??= rt.awsNodeEnv().get('AWS_VPC_K8S_CNI_VETHPREFIX') ?? 'eni');
      pod.attachVeth(prefix, node.nextIfindex++);
      rt.changed('ipam');
    }
    pod.sandboxReadyAt = rt.now;
    this.atPod(CONTAINER_START_MS, this.startBatch, pod, node);
    rt.changed('pods');
  }

  private remove(pod: PodRecord, store: ApiStore): void {
    const rt = this.rt;
    const node = pod.nodeIndex >= 0 ? rt.nodes[pod.nodeIndex] : undefined;
    store.remove(pod);
    this.removed(pod, node);
    rt.requeue();
    if (node && pod.ip !== undefined && !pod.template.hostNetwork && rt.calico) {
      rt.calico.ipam.release(pod.ip);
    } else if (node && pod.ip !== undefined && !pod.template.hostNetwork) {
      releasePodIp(node, pod.uid, rt.now);
      this.wakeIpamd(node);
      rt.changed('ipam');
    }
    rt.changed('pods');
  }
}
