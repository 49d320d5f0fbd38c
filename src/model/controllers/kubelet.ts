// The kubelet on every node: a bound pod's sandbox (the VPC CNI asks ipamd for an address, then makes the
// veth pair and the host route), its containers' start, and a deleted pod's graceful termination, after which
// the pod leaves the API store and ipamd takes its address back (into cooldown).
import type { ApiStore } from '../api/store.ts';
import type { PodRecord } from '../cluster/pod-record.ts';
import type { Node } from '../cluster/types.ts';
import { assignPodIp, releasePodIp } from '../ipam/ipamd.ts';
import type { ClusterRuntime, Timers } from './runtime.ts';

const SANDBOX_DELAY_MS = 1_000;
const CONTAINER_START_MS = 1_500;
const SANDBOX_RETRY_MS = 10_000;
const TERMINATION_MS = 1_000;

/** Pod steps one kubelet runs at one time, in the order they were asked for. */
interface KubeletBatch {
  at: number;
  step: (pod: PodRecord) => void;
  pods: PodRecord[];
}

function runBatch(batch: KubeletBatch): void {
  for (const pod of batch.pods) batch.step(pod);
}

export class Kubelets {
  /** Per node (by index): the kubelet's latest batch of pod steps (see atPod). */
  private readonly batches: (KubeletBatch | undefined)[] = [];
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
    this.atPod(SANDBOX_DELAY_MS, this.sandboxStep, pod, node);
  }

  /** The pod's deletion started: its containers stop and, after the grace the model gives them, it is gone. */
  terminate(pod: PodRecord, store: ApiStore): void {
    this.rt.at(TERMINATION_MS, () => this.remove(pod, store));
  }

  /**
   * A pod's next step on its node's kubelet. A node's steps of one kind due at one time run together, as one
   * timer: a scale-up schedules hundreds of thousands of them, and running a node's together keeps its ENIs in
   * the CPU's cache. (Kubelets run side by side, so no order between nodes is more right than another.)
   */
  private atPod(delayMs: number, step: (pod: PodRecord) => void, pod: PodRecord, node: Node): void {
    const at = this.rt.now + delayMs;
    const last = this.batches[node.index];
    if (last !== undefined && last.at === at && last.step === step) {
      last.pods.push(pod);
      return;
    }
    const batch: KubeletBatch = { at, step, pods: [pod] };
    this.batches[node.index] = batch;
    this.timers.add(at, runBatch, batch);
  }

  private readonly sandboxStep = (pod: PodRecord) => this.createSandbox(pod);
  private readonly startStep = (pod: PodRecord) => {
    if (pod.phase !== 'ContainerCreating') return;
    pod.phase = 'Running';
    pod.startedAt = this.rt.now;
    // The kubelet's status update.
    this.rt.store.update(pod);
    this.rt.changed('pods');
  };

  /** The kubelet creates the pod sandbox; the VPC CNI gives it an address from ipamd, a veth and a route. */
  private createSandbox(pod: PodRecord): void {
    const rt = this.rt;
    const node = rt.node(pod.nodeName ?? '');
    if (!node || pod.phase !== 'ContainerCreating') return;
    if (pod.template.hostNetwork) {
      pod.ip = node.enis[0].primaryIp;
    } else {
      const got = assignPodIp(node, pod, rt.ipamdSettings(), rt.now);
      this.wakeIpamd(node);
      if (!got) {
        rt.recorder.sandboxFailed(pod);
        this.atPod(SANDBOX_RETRY_MS, this.sandboxStep, pod, node);
        return;
      }
      const prefix = (this.vethPrefixCache ??= rt.awsNodeEnv().get('AWS_VPC_K8S_CNI_VETHPREFIX') ?? 'eni');
      pod.attachVeth(prefix, node.nextIfindex++);
      rt.changed('ipam');
    }
    pod.sandboxReadyAt = rt.now;
    this.atPod(CONTAINER_START_MS, this.startStep, pod, node);
    rt.changed('pods');
  }

  private remove(pod: PodRecord, store: ApiStore): void {
    const rt = this.rt;
    const node = pod.nodeName ? rt.node(pod.nodeName) : undefined;
    store.remove(pod);
    this.removed(pod, node);
    rt.requeue();
    if (node && pod.ip !== undefined && !pod.template.hostNetwork) {
      releasePodIp(node, pod.uid, rt.now);
      this.wakeIpamd(node);
      rt.changed('ipam');
    }
    rt.changed('pods');
  }
}
