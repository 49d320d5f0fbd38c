// What controllers share: the API store they reconcile, the model clock, the seeded rng, the event recorder and
// the few cluster-wide indexes a 150,000-pod cluster needs. The Cluster (src/model/cluster/cluster.ts) provides it.
import type { ApiStore } from '../api/store.ts';
import type { EventRecorder } from '../cluster/event-recorder.ts';
import type { PodCollection } from '../cluster/pod-collection.ts';
import type { PodRecord } from '../cluster/pod-record.ts';
import type { Node, Owner, Pod, PodTemplate } from '../cluster/types.ts';
import type { IpamdSettings } from '../ipam/settings.ts';
import type { Rng } from '../rng.ts';
import type { CalicoState } from '../calico/state.ts';

/** The model clock's queue, as controllers put work on it. */
export interface Timers {
  add<T>(at: number, run: (arg: T) => void, arg?: T): void;
}

export type ClusterChange = 'pods' | 'ipam' | 'nodes' | 'workloads' | 'settings';

export interface ClusterRuntime {
  readonly store: ApiStore;
  readonly rng: Rng;
  /** Model time, in ms since the epoch. */
  readonly now: number;
  readonly nodes: readonly Node[];
  readonly pods: PodCollection;
  readonly recorder: EventRecorder;
  /** Calico's IPAM and devices when Calico is the CNI. */
  readonly calico?: CalicoState;
  node(name: string): Node | undefined;
  /** Runs `run` after `delayMs` of model time. */
  at(delayMs: number, run: () => void): void;
  /** Tells the faces what changed (they redraw on the next notify). */
  changed(...what: ClusterChange[]): void;
  /** Asks the instant controllers to run again before control returns; with a kind, only that kind's
   *  controller (a ReplicaSet controller pacing its own syncs need not wake the others). */
  requeue(only?: 'ReplicaSet' | 'DaemonSet'): void;
  ipamdSettings(): IpamdSettings;
  awsNodeEnv(): Map<string, string>;
  /** The pod-template-hash of a template (cached per template object). */
  templateHash(template: PodTemplate): string;
  /** The shared owner object for a controller's pods. */
  owner(kind: Owner['kind'], name: string, uid: string): Owner;
  /** Creates a pod named `base` + a random suffix through the store (the controllers' only way to make one). */
  createPod(namespace: string, base: string, template: PodTemplate, owner: Owner | undefined): PodRecord;
  /** Whether a Deployment's rollout waits for pods to become ready: the kubelet then wakes the controllers when a
   *  container starts (pod status writes wake nothing otherwise). */
  rolloutWaiting: boolean;
  /** Starts a pod's graceful deletion. */
  deletePod(pod: Pod): void;
}
