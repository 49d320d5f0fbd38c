// Pods in the order they were added, with add and delete in O(1) and no hashing: each pod records its slot. A
// scale-up adds hundreds of thousands of pods to two lists (the cluster's and its owner's), and sets of objects
// spent much of pod creation hashing them.
import type { Pod } from './types.ts';
import type { PodRecord } from './pod-record.ts';

export class PodList implements Iterable<Pod> {
  /** Which of the pod's slot fields this list uses. */
  readonly #slot: 'slot' | 'ownerSlot';
  /** Pods, with holes where pods were deleted until the next compaction. */
  #items: (PodRecord | undefined)[] = [];
  #size = 0;

  constructor(slot: 'slot' | 'ownerSlot') {
    this.#slot = slot;
  }

  get size(): number {
    return this.#size;
  }

  add(pod: PodRecord): void {
    pod[this.#slot] = this.#items.length;
    this.#items.push(pod);
    this.#size++;
  }

  delete(pod: PodRecord): boolean {
    const i = pod[this.#slot];
    if (this.#items[i] !== pod) return false;
    this.#items[i] = undefined;
    pod[this.#slot] = -1;
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
      pod[this.#slot] = kept.length;
      kept.push(pod);
    }
    this.#items = kept;
  }
}
