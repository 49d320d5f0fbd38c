// Pods in the order they were added, with add and delete in O(1) and no hashing: each pod records its slot. A
// scale-up adds hundreds of thousands of pods to two lists (the cluster's and its owner's), and sets of objects
// spent much of pod creation hashing them.
import type { Pod } from './types.ts';
import type { PodRecord } from './pod-record.ts';

export class PodList implements Iterable<Pod> {
  /** Whether this list uses the pod's ownerSlot field rather than its slot field. */
  readonly #owners: boolean;
  /** Pods, with holes where pods were deleted until the next compaction. */
  #items: (PodRecord | undefined)[] = [];
  #size = 0;

  constructor(slot: 'slot' | 'ownerSlot') {
    this.#owners = slot === 'ownerSlot';
  }

  get size(): number {
    return this.#size;
  }

  add(pod: PodRecord): void {
    this.#setSlot(pod, this.#items.length);
    this.#items.push(pod);
    this.#size++;
  }

  delete(pod: PodRecord): boolean {
    const i = this.#owners ? pod.ownerSlot : pod.slot;
    if (this.#items[i] !== pod) return false;
    this.#items[i] = undefined;
    this.#setSlot(pod, -1);
    this.#size--;
    // Compacting when holes outnumber pods keeps iteration and memory proportional to the pods.
    if (this.#items.length > 64 && this.#size < this.#items.length / 2) this.#compact();
    return true;
  }

  *values(): IterableIterator<Pod> {
    // Pods added while iterating are visited too, as with a Set.
    for (let i = 0; i < this.#items.length; i++) {
      const pod = this.#items[i];
      if (pod !== undefined) yield pod;
    }
  }

  [Symbol.iterator](): IterableIterator<Pod> {
    return this.values();
  }

  #compact(): void {
    const kept: PodRecord[] = [];
    for (const pod of this.#items) {
      if (pod === undefined) continue;
      this.#setSlot(pod, kept.length);
      kept.push(pod);
    }
    this.#items = kept;
  }

  // Named stores, not pod[key]: a keyed store with a varying key is slow, and this runs for every pod created.
  #setSlot(pod: PodRecord, slot: number): void {
    if (this.#owners) pod.ownerSlot = slot;
    else pod.slot = slot;
  }
}
