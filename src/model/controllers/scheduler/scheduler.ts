// kube-scheduler's loop: the active queue of unscheduled pods, the per-node table the framework reads
// (framework.ts, scheduling-index.ts), unschedulable pods retried when capacity frees up or after five minutes
// (the unschedulable queue's flush interval), FailedScheduling events, and the binding.
import type { PodRecord } from '../../cluster/pod-record.ts';
import type { Node, Pod } from '../../cluster/types.ts';
import { EVENT_REPEAT_MS } from '../../cluster/event-recorder.ts';
import type { ClusterRuntime } from '../runtime.ts';
import { type NodeTable, type NodeUsage, podRequests, type Spread } from './framework.ts';
import { SchedulingIndex } from './scheduling-index.ts';

export class Scheduler {
  private table: NodeTable = emptyTable(0);
  /** Pods of one owner per node and per zone that count for spreading (scheduled, not terminating). */
  private readonly spread = new Map<string, Spread>();
  private readonly ownerKeys = new WeakMap<object, string>();
  /** Unscheduled pods, oldest first (the active queue). */
  private unscheduled: PodRecord[] = [];
  private unschedulableSince = new Map<Pod, number>();
  private nextStartNodeIndex = 0;
  /** Set when a node is added or a pod leaves one: every waiting pod is tried again. */
  capacityChanged = false;

  private readonly rt: ClusterRuntime;
  private readonly zones: number;
  private readonly zoneOf: (node: Node) => number;
  /** The kubelet's admission of a bound pod. */
  private readonly admit: (pod: PodRecord, node: Node) => void;

  constructor(rt: ClusterRuntime, zones: number, zoneOf: (node: Node) => number, admit: (pod: PodRecord, node: Node) => void) {
    this.rt = rt;
    this.zones = zones;
    this.zoneOf = zoneOf;
    this.admit = admit;
  }

  enqueue(pod: PodRecord): void {
    this.unscheduled.push(pod);
  }

  addNode(node: Node): void {
    this.growTable();
    const i = node.index;
    this.table.maxPods[i] = node.maxPods;
    this.table.cpuAllocatable[i] = node.allocatable.cpuMilli;
    this.table.memoryAllocatable[i] = node.allocatable.memoryKi;
    this.table.zone[i] = this.zoneOf(node);
    this.markChanged(i);
    this.capacityChanged = true;
  }

  /** Requests in use on a node (describe node's "Allocated resources"). */
  usage(node: Node): NodeUsage {
    const i = node.index;
    return { pods: this.table.pods[i], cpuMilli: this.table.cpuUsed[i], memoryKi: this.table.memoryUsed[i] };
  }

  hasRoom(node: Node): boolean {
    return this.table.pods[node.index] < node.maxPods;
  }

  /** Binds a pod to a node (writes spec.nodeName) and hands it to the node's kubelet. */
  bind(pod: PodRecord, node: Node): void {
    pod.nodeName = node.name;
    pod.scheduledAt = this.rt.now;
    pod.phase = 'ContainerCreating';
    this.rt.pods.bound(pod, node);
    this.addUsage(node, pod, 1);
    this.countSpread(pod, node);
    this.rt.store.update(pod);
    this.rt.changed('pods');
    this.admit(pod, node);
  }

  /** A bound pod's deletion started: it no longer counts for spreading. */
  podTerminating(pod: Pod): void {
    this.uncountSpread(pod);
  }

  /** A pod is gone: its node's resources are free again. */
  podRemoved(pod: Pod, node: Node | undefined): void {
    this.uncountSpread(pod);
    this.unschedulableSince.delete(pod);
    if (node) {
      this.addUsage(node, pod, -1);
      this.capacityChanged = true;
    }
  }

  /** One pass over the active queue; returns how many pods it bound. */
  schedulePending(): number {
    if (this.unscheduled.length === 0) return 0;
    const rt = this.rt;
    const retryAll = this.capacityChanged;
    this.capacityChanged = false;
    let bound = 0;
    const waiting: PodRecord[] = [];
    // Pods of one owner come in runs; each run searches one index that its own bindings keep current.
    let index: SchedulingIndex | undefined;
    let indexFor: { spread: Spread; requests: object } | undefined;
    // An indexed loop: this one call can run 150,000 times round before V8 optimises it, and until then a for-of
    // allocates an iterator result per pod.
    const queue = this.unscheduled;
    for (let i = 0; i < queue.length; i++) {
      const pod = queue[i];
      // A deleted pod is Terminating before it is removed, so the phase alone tells.
      if (pod.nodeName !== undefined || pod.phase !== 'Pending') continue;
      const since = this.unschedulableSince.get(pod);
      if (since !== undefined && !retryAll && rt.now - since < EVENT_REPEAT_MS) {
        waiting.push(pod);
        continue;
      }
      const spread = this.spreadOf(pod), requests = podRequests(pod);
      if (!index || indexFor?.spread !== spread || indexFor.requests !== requests) {
        index = this.reuseIndex(spread, requests, pod);
        indexFor = { spread, requests };
      }
      const result = index.schedule(this.nextStartNodeIndex, rt.rng);
      if ('index' in result) {
        this.nextStartNodeIndex = result.nextStartIndex;
        this.unschedulableSince.delete(pod);
        this.bind(pod, rt.nodes[result.index]);
        index.update(result.index);
        // The binding marked its node changed, but the index is current for it now: the next pass need not
        // catch up on it again (that doubled the index's work in a paced scale-up).
        this.changedFlags[result.index] = 0;
        bound++;
      } else {
        this.unschedulableSince.set(pod, rt.now);
        rt.recorder.record(pod, 'Warning', 'FailedScheduling', result.failure, 'default-scheduler', true);
        waiting.push(pod);
      }
    }
    this.unscheduled = waiting;
    return bound;
  }

  /**
   * The index for pods like `pod`: the last one built if it was for the same owner and requests, brought up to date
   * node by node, else a new one. A paced scale-up schedules its pods 500 to a pass, hundreds of passes over the
   * same owner: building the index is O(nodes), catching up is O(changed nodes · log nodes).
   */
  private reuseIndex(spread: Spread, requests: object, pod: Pod): SchedulingIndex {
    const last = this.lastIndex;
    let index: SchedulingIndex;
    if (last && last.spread === spread && last.requests === requests && last.table === this.table) {
      index = last.index;
      for (const i of this.changedList) {
        if (this.changedFlags[i] === 0) continue;
        this.changedFlags[i] = 0;
        index.update(i);
      }
    } else {
      index = new SchedulingIndex(this.table, spread, pod);
      for (const i of this.changedList) this.changedFlags[i] = 0;
    }
    this.lastIndex = { spread, requests, table: this.table, index };
    this.changedList.length = 0;
    return index;
  }

  /** The index schedulePending used last, and the nodes whose row or spread changed since it was current. */
  private lastIndex?: { spread: Spread; requests: object; table: NodeTable; index: SchedulingIndex };
  /**
   * Those nodes: a flag per node index, and the indexes flagged (an index whose flag was cleared may stay listed).
   * Not a Set: a scale-up marks and unmarks a node per binding, and a Set that fills and empties keeps resizing.
   */
  private changedFlags = new Uint8Array(0);
  private readonly changedList: number[] = [];

  private markChanged(i: number): void {
    if (this.changedFlags[i] === 1) return;
    this.changedFlags[i] = 1;
    this.changedList.push(i);
  }

  private addUsage(node: Node, pod: Pod, sign: 1 | -1): void {
    const i = node.index;
    this.markChanged(i);
    const r = podRequests(pod);
    this.table.pods[i] += sign;
    this.table.cpuUsed[i] += sign * r.cpuMilli;
    this.table.memoryUsed[i] += sign * r.memoryKi;
  }

  /** Keeps the per-node arrays as long as the node list (doubling, like a vector). */
  private growTable(): void {
    const nodes = this.rt.nodes;
    const need = nodes.length;
    if (need <= this.table.pods.length) {
      this.table = { ...this.table, nodes };
      return;
    }
    const bigger = emptyTable(Math.max(16, need * 2));
    for (const key of ['pods', 'maxPods', 'cpuUsed', 'cpuAllocatable', 'memoryUsed', 'memoryAllocatable', 'zone'] as const) {
      (bigger[key] as Int32Array | Float64Array).set(this.table[key]);
    }
    this.table = { ...bigger, nodes };
    const flags = new Uint8Array(bigger.pods.length);
    flags.set(this.changedFlags);
    this.changedFlags = flags;
    for (const [key, sp] of this.spread) {
      const byNode = new Int32Array(bigger.pods.length);
      byNode.set(sp.byNode);
      this.spread.set(key, { byNode, byZone: sp.byZone });
    }
  }

  private ownerKey(pod: Pod): string {
    if (!pod.owner) return `Pod/${pod.namespace}/${pod.name}`;
    let key = this.ownerKeys.get(pod.owner);
    if (key === undefined) this.ownerKeys.set(pod.owner, (key = `${pod.owner.kind}/${pod.namespace}/${pod.owner.name}`));
    return key;
  }

  private spreadOf(pod: Pod): Spread {
    const key = this.ownerKey(pod);
    let sp = this.spread.get(key);
    if (!sp) {
      sp = { byNode: new Int32Array(this.table.pods.length), byZone: new Int32Array(this.zones) };
      this.spread.set(key, sp);
    }
    return sp;
  }

  private countSpread(pod: Pod, node: Node): void {
    const i = node.index;
    const sp = this.spreadOf(pod);
    this.markChanged(i);
    sp.byNode[i]++;
    sp.byZone[this.table.zone[i]]++;
  }

  private uncountSpread(pod: Pod): void {
    // Every bound pod is counted until its deletion starts (which stamps deletedAt).
    if (pod.nodeName === undefined || pod.deletedAt !== undefined) return;
    const i = this.rt.node(pod.nodeName)!.index;
    const sp = this.spreadOf(pod);
    this.markChanged(i);
    sp.byNode[i]--;
    sp.byZone[this.table.zone[i]]--;
  }
}

function emptyTable(size: number): NodeTable {
  return {
    nodes: [],
    pods: new Int32Array(size),
    maxPods: new Int32Array(size),
    cpuUsed: new Float64Array(size),
    cpuAllocatable: new Float64Array(size),
    memoryUsed: new Float64Array(size),
    memoryAllocatable: new Float64Array(size),
    zone: new Int32Array(size),
  };
}
