// A pod as the cluster keeps it: the Pod fields, plus what the cluster needs to find and describe it cheaply.
import type { ObjectMeta, OwnerReference } from '../api/types.ts';
import { TERMINATION_GRACE_S } from '../k8s/termination.ts';
import type { Ipv4 } from '../net/ipv4.ts';
import { LazyPodVeth } from './pod-veth.ts';
import type { SandboxFailureEvent } from './sandbox-failure-event.ts';
import type { SimilarEvents } from './similar-events.ts';
import type { Owner, Pod, PodTemplate, PodVeth } from './types.ts';

/**
 * A pod as the cluster creates it. A class rather than an object literal: a scale-up makes hundreds of thousands,
 * and constructors allocate them fastest, every field present from the start so that all pods share one shape.
 */
export class PodRecord implements Pod {
  get kind(): 'Pod' {
    return 'Pod';
  }
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string> = undefined;
  owner?: Owner;
  resourceVersion = 0;
  template: PodTemplate;
  nodeName?: string = undefined;
  /** The bound node's index (-1 until bound), for the per-node index. */
  nodeIndex = -1;
  phase: Pod['phase'] = 'Pending';
  ip?: Ipv4 = undefined;
  eniDevice?: number = undefined;
  /** The host veth is described (name, MAC, netns) only when someone looks: see attachVeth. */
  private vethPrefix?: string = undefined;
  private vethIfindex?: number = undefined;
  /** A MAC the CNI sets on the host end (Calico's ee:ee:ee:ee:ee:ee) instead of the kernel's random one. */
  private vethMacFixed?: string = undefined;
  private vethView?: PodVeth = undefined;
  createdAt: number;
  scheduledAt?: number = undefined;
  sandboxReadyAt?: number = undefined;
  startedAt?: number = undefined;
  deletedAt?: number = undefined;
  restarts = 0;
  readinessGates?: string[] = undefined;
  /** While terminating: when its containers stopped serving (preStop done, SIGTERM sent). */
  stopsAt?: number = undefined;
  conditions?: Pod['conditions'] = undefined;
  /** Where the pod sits in the cluster's list of pods and in its owner's (see PodList). */
  slot = -1;
  ownerSlot = -1;
  /** The kubelet's event recorder's memory of this pod's failed sandboxes: the first failure's event, then the
   *  recorder's state (see Cluster.sandboxFailed). */
  sandboxFailures?: SandboxFailureEvent | SimilarEvents<SandboxFailureEvent> = undefined;
  /** The next pod of the kubelet batch this pod waits in (see Kubelets.atPod). */
  kubeletNext?: PodRecord = undefined;

  constructor(uid: string, namespace: string, name: string, template: PodTemplate, owner: Owner | undefined, createdAt: number) {
    this.uid = uid;
    this.namespace = namespace;
    this.name = name;
    this.labels = template.labels;
    this.owner = owner;
    this.template = template;
    this.createdAt = createdAt;
    if (template.readinessGates) this.readinessGates = template.readinessGates;
  }

  /** The pod's metadata in the API's shape; writes to labels, annotations and resourceVersion reach the pod. */
  get metadata(): ObjectMeta {
    return new PodMeta(this);
  }

  get veth(): PodVeth | undefined {
    if (this.vethView === undefined && this.vethIfindex !== undefined) {
      this.vethView = new LazyPodVeth(this.namespace, this.name, this.uid, this.vethPrefix!, this.vethIfindex, this.vethMacFixed);
    }
    return this.vethView;
  }

  set veth(v: PodVeth | undefined) {
    this.vethView = v;
    if (v === undefined) this.vethIfindex = undefined;
  }

  /** As a plain Pod (snapshots and tests compare these), the veth described whether or not anyone looked. */
  toJSON(): Pod {
    const { vethPrefix: _p, vethIfindex: _i, vethMacFixed: _m, vethView: _v, slot: _s, ownerSlot: _o, nodeIndex: _n, sandboxFailures: _f, kubeletNext: _k, ...fields } = this;
    return { ...fields, veth: this.veth } as unknown as Pod;
  }

  /** The CNI created the pod's veth pair: its host end took this interface index. */
  attachVeth(prefix: string, ifindex: number, mac?: string): void {
    this.vethMacFixed = mac;
    this.vethPrefix = prefix;
    this.vethIfindex = ifindex;
    this.vethView = undefined;
  }
}


/** A pod's fields as ObjectMeta. */
class PodMeta implements ObjectMeta {
  private readonly pod: PodRecord;

  constructor(pod: PodRecord) {
    this.pod = pod;
  }

  get name() { return this.pod.name; }
  get namespace() { return this.pod.namespace; }
  get uid() { return this.pod.uid; }
  get creationTimestamp() { return this.pod.createdAt; }
  get resourceVersion() { return this.pod.resourceVersion; }
  set resourceVersion(v: number) { this.pod.resourceVersion = v; }
  get labels() { return this.pod.labels; }
  set labels(v: Record<string, string>) { this.pod.labels = v; }
  get annotations() { return this.pod.annotations ?? {}; }
  set annotations(v: Record<string, string>) { this.pod.annotations = Object.keys(v).length ? v : undefined; }
  get generateName() { return this.pod.owner ? this.pod.name.slice(0, -5) : undefined; }
  get deletionTimestamp() { return this.pod.deletedAt === undefined ? undefined : this.pod.deletedAt + (this.pod.template.terminationGracePeriodSeconds ?? TERMINATION_GRACE_S) * 1000; }
  get deletionGracePeriodSeconds() { return this.pod.deletedAt === undefined ? undefined : this.pod.template.terminationGracePeriodSeconds ?? TERMINATION_GRACE_S; }
  get ownerReferences(): OwnerReference[] {
    const o = this.pod.owner;
    return o ? [{ apiVersion: 'apps/v1', kind: o.kind, name: o.name, uid: o.uid, controller: true, blockOwnerDeletion: true }] : [];
  }
}
