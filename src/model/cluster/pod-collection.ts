// The store's collection of pods. A large cluster holds 150,000 of them, so besides the list every kind has,
// it keeps the indexes the controllers need: pods by owner (ReplicaSet and DaemonSet controllers) and pods by
// node (the kubelet, ipamd, `ip route`).
import type { Collection } from '../api/store.ts';
import { PodList } from './pod-list.ts';
import type { PodRecord } from './pod-record.ts';
import type { Node, Owner, Pod } from './types.ts';

export class PodCollection implements Collection<Pod> {
  /** Every pod, in creation order. */
  readonly all = new PodList('slot');
  private readonly byOwner = new Map<Owner, PodList>();
  /** Pods without a controller (made with `kubectl run`, or released): the few a ReplicaSet could adopt. */
  readonly orphans = new Set<Pod>();
  /** Pods by name (one pod, or those of that name in several namespaces): names repeat across namespaces only. */
  private readonly byName = new Map<string, Pod | Pod[]>();
  /** How many of each controller's pods are terminating: a ReplicaSet filling in to 150,000 pods counts its live
   *  pods at every sync, and a count beats a walk. */
  private readonly terminatingByOwner = new Map<Owner, number>();
  /** Pods bound to each node (by node index), in binding order (a node holds tens of pods: arrays beat sets). */
  private readonly byNode: Pod[][] = [];

  get size(): number {
    return this.all.size;
  }

  values(): IterableIterator<Pod> {
    return this.all.values();
  }

  [Symbol.iterator](): IterableIterator<Pod> {
    return this.all.values();
  }

  get(namespace: string | undefined, name: string): Pod | undefined {
    // Keyed by the name alone: the name strings exist already, so the index allocates no keys.
    const entry = this.byName.get(name);
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) return entry.namespace === namespace ? entry : undefined;
    return entry.find((p) => p.namespace === namespace);
  }

  *list(namespace?: string): Iterable<Pod> {
    for (const p of this.all.values()) if (namespace === undefined || p.namespace === namespace) yield p;
  }

  insert(pod: Pod, resourceVersion: number): boolean {
    // One lookup serves the check and the add: a scale-up inserts 150,000 pods into a map that large.
    const entry = this.byName.get(pod.name);
    if (entry !== undefined && (Array.isArray(entry) ? entry.some((p) => p.namespace === pod.namespace) : entry.namespace === pod.namespace)) return false;
    pod.resourceVersion = resourceVersion;
    this.addNamed(pod, entry);
    return true;
  }

  add(pod: Pod): void {
    this.addNamed(pod, this.byName.get(pod.name));
  }

  /** Adds a pod, given what the name index holds for its name now. */
  private addNamed(pod: Pod, entry: Pod | Pod[] | undefined): void {
    const record = pod as PodRecord;
    this.all.add(record);
    this.byName.set(pod.name, entry === undefined ? pod : Array.isArray(entry) ? [...entry, pod] : [entry, pod]);
    if (record.owner) this.ownedList(record.owner).add(record);
    else this.orphans.add(pod);
  }

  remove(pod: Pod): void {
    const record = pod as PodRecord;
    this.all.delete(record);
    const entry = this.byName.get(pod.name);
    if (entry === pod) this.byName.delete(pod.name);
    else if (Array.isArray(entry)) {
      const rest = entry.filter((p) => p !== pod);
      this.byName.set(pod.name, rest.length === 1 ? rest[0] : rest);
    }
    if (record.owner) {
      this.byOwner.get(record.owner)?.delete(record);
      if (record.phase === 'Terminating') this.countTerminating(record.owner, -1);
    }
    this.orphans.delete(pod);
    if (record.nodeName !== undefined && record.nodeIndex >= 0) {
      const list = this.byNode[record.nodeIndex];
      list.splice(list.indexOf(pod), 1);
    }
  }

  /** The pods a controller owns (live and terminating). */
  ownedBy(owner: Owner): Iterable<Pod> {
    return this.byOwner.get(owner) ?? [];
  }

  /** The pods a controller owns that are not terminating. */
  liveOwnedBy(owner: Owner): number {
    return (this.byOwner.get(owner)?.size ?? 0) - (this.terminatingByOwner.get(owner) ?? 0);
  }

  /** A pod's graceful deletion began (its phase is now Terminating). */
  terminating(pod: Pod): void {
    if (pod.owner) this.countTerminating(pod.owner, 1);
  }

  private countTerminating(owner: Owner, by: number): void {
    this.terminatingByOwner.set(owner, (this.terminatingByOwner.get(owner) ?? 0) + by);
  }

  /** A pod leaves its controller (its labels stopped matching, or its owner was deleted with orphaning). */
  release(pod: Pod): void {
    if (!pod.owner) return;
    if (pod.phase === 'Terminating') this.countTerminating(pod.owner, -1);
    this.byOwner.get(pod.owner)?.delete(pod as PodRecord);
    pod.owner = undefined;
    this.orphans.add(pod);
  }

  /** A controller claims an orphan whose labels match its selector. */
  adopt(pod: Pod, owner: Owner): void {
    if (pod.owner) return;
    this.orphans.delete(pod);
    pod.owner = owner;
    if (pod.phase === 'Terminating') this.countTerminating(owner, 1);
    this.ownedList(owner).add(pod as PodRecord);
  }

  bound(pod: PodRecord, node: Node): void {
    pod.nodeIndex = node.index;
    this.onNode(node).push(pod);
  }

  onNode(node: Node): Pod[] {
    let list = this.byNode[node.index];
    if (!list) this.byNode[node.index] = list = [];
    return list;
  }

  private ownedList(owner: Owner): PodList {
    let owned = this.byOwner.get(owner);
    if (!owned) this.byOwner.set(owner, (owned = new PodList('ownerSlot')));
    return owned;
  }
}
