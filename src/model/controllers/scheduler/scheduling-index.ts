// The scheduler's sampled search without visiting every sampled node. A 5,000-node cluster samples 500 nodes per
// pod, and scaling to 150,000 pods made that scan most of the run. This segment tree over the node list answers
// the same questions — where the search stops after finding enough feasible nodes, which nodes score best in that
// window, and the k-th of them in scan order — in O(zones · log nodes) per pod. It holds for a run of pods with
// the same owner and requests, during which only their own bindings change the table (`update`).
// Tests check it against `schedule`, the node-by-node reference, on random clusters.
import type { Pod } from '../../cluster/types.ts';
import type { Rng } from '../../rng.ts';
import {
  feasibleNodesToFind, fits, type NodeTable, podRequests, resourceScore, schedule, type ScheduleResult, scoredRequests, type Spread,
} from './framework.ts';

/** "No feasible node of this zone here." */
const NONE = 0x7fffffff;

export class SchedulingIndex {
  private readonly size: number;
  private readonly zones: number;
  /** Feasible nodes under each tree node. */
  private readonly feasible: Int32Array;
  /** Per tree node and zone: the fewest pods of the owner on one feasible node, … */
  private readonly fewest: Int32Array;
  /** … the best resource score among those nodes, … */
  private readonly resources: Float64Array;
  /** … and how many nodes share both. */
  private readonly count: Int32Array;
  private readonly cpuMilli: number;
  private readonly memoryKi: number;
  private readonly cpuScore: number;
  private readonly memScore: number;
  private readonly table: NodeTable;
  private readonly spread: Spread;
  private readonly pod: Pod;
  /** Scratch for `cover`: two runs of at most 2·log2(size) nodes each. */
  private readonly covering = new Int32Array(128);
  private readonly rightCovering = new Int32Array(64);
  /** What `best` found. */
  private bestSpread = 0;
  private bestResources = 0;
  private bestTies = 0;

  /** For pods like `pod` (same owner, same requests); `spread` is the owner's, kept current by the caller. */
  constructor(table: NodeTable, spread: Spread, pod: Pod) {
    const n = table.nodes.length;
    this.table = table;
    this.spread = spread;
    this.pod = pod;
    this.zones = spread.byZone.length;
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.feasible = new Int32Array(2 * size);
    this.fewest = new Int32Array(2 * size * this.zones).fill(NONE);
    this.resources = new Float64Array(2 * size * this.zones).fill(-Infinity);
    this.count = new Int32Array(2 * size * this.zones);
    const req = podRequests(pod);
    this.cpuMilli = req.cpuMilli;
    this.memoryKi = req.memoryKi;
    ({ cpuScore: this.cpuScore, memScore: this.memScore } = scoredRequests(pod));
    for (let i = 0; i < n; i++) this.setLeaf(i);
    for (let v = size - 1; v >= 1; v--) this.combine(v);
  }

  /** Node `i`'s usage or the owner's count on it changed. */
  update(i: number): void {
    this.failure = undefined;
    this.setLeaf(i);
    for (let v = (this.size + i) >> 1; v >= 1; v >>= 1) this.combine(v);
  }

  /** The failure of this run's pods while the index is unchanged. */
  private failure?: ScheduleResult;

  schedule(startIndex: number, rng: Rng): ScheduleResult {
    const n = this.table.nodes.length;
    const total = this.feasible[1];
    // The failure message counts every node's reason: the reference scan does that. It depends on nothing the
    // next pod of the run changes (no rng, no start index), so a run of unschedulable pods scans once.
    if (total === 0) return (this.failure ??= schedule(this.pod, this.table, this.spread, startIndex, rng));
    const processed = this.windowLength(startIndex, feasibleNodesToFind(n), total);

    // The window is one or two runs of the node list; their covering tree nodes, in scan order.
    let covers = this.cover(startIndex, Math.min(n, startIndex + processed), 0);
    if (startIndex + processed > n) covers = this.cover(0, startIndex + processed - n, covers);

    this.best(covers);
    const spread = this.bestSpread, resources = this.bestResources;
    let k = this.bestTies > 1 ? rng.int(this.bestTies) : 0;
    for (let c = 0; c < covers; c++) {
      let v = this.covering[c];
      const t = this.tiesUnder(v, spread, resources);
      if (k >= t) {
        k -= t;
        continue;
      }
      while (v < this.size) {
        const left = this.tiesUnder(2 * v, spread, resources);
        if (k < left) v = 2 * v;
        else {
          k -= left;
          v = 2 * v + 1;
        }
      }
      return { index: v - this.size, nextStartIndex: (startIndex + processed) % n };
    }
    throw new Error('scheduling index: tie not found');
  }

  /** How many nodes the search visits from `start` before it has found `want` feasible ones. */
  private windowLength(start: number, want: number, total: number): number {
    const n = this.table.nodes.length;
    // Fewer feasible nodes than it wants: the search visits them all.
    if (want > total) return n;
    const tail = this.feasibleIn(start, n);
    if (tail >= want) return this.nthFeasible(start, want) - start + 1;
    return n - start + this.nthFeasible(0, want - tail) + 1;
  }

  /** Index of the `k`-th (from 1) feasible node at or after `from`; the caller knows it exists. */
  private nthFeasible(from: number, k: number): number {
    const covers = this.cover(from, this.size, 0);
    for (let c = 0; c < covers; c++) {
      let v = this.covering[c];
      if (k > this.feasible[v]) {
        k -= this.feasible[v];
        continue;
      }
      while (v < this.size) {
        if (k <= this.feasible[2 * v]) v = 2 * v;
        else {
          k -= this.feasible[2 * v];
          v = 2 * v + 1;
        }
      }
      return v - this.size;
    }
    throw new Error('scheduling index: feasible node not found');
  }

  private feasibleIn(from: number, to: number): number {
    let sum = 0;
    const covers = this.cover(from, to, 0);
    for (let c = 0; c < covers; c++) sum += this.feasible[this.covering[c]];
    return sum;
  }

  /**
   * Writes the tree nodes covering [from, to), left to right, into `covering` from position `at`; returns the
   * new length. (Scratch space rather than arrays: this runs several times per pod.)
   */
  private cover(from: number, to: number, at: number): number {
    let left = at, right = 0;
    for (let a = from + this.size, b = to + this.size; a < b; a >>= 1, b >>= 1) {
      if (a & 1) this.covering[left++] = a++;
      if (b & 1) this.rightCovering[right++] = --b;
    }
    while (right > 0) this.covering[left++] = this.rightCovering[--right];
    return left;
  }

  /** The best score over the covering nodes and how many nodes have it, left in bestSpread/… (no object per pod). */
  private best(covers: number): void {
    let spread = -Infinity, resources = -Infinity, ties = 0;
    for (let c = 0; c < covers; c++) {
      const v = this.covering[c];
      for (let z = 0; z < this.zones; z++) {
        const at = v * this.zones + z;
        if (this.fewest[at] === NONE) continue;
        const sp = this.spreadOfZone(this.fewest[at], z), rs = this.resources[at];
        if (sp > spread || (sp === spread && rs > resources)) {
          spread = sp;
          resources = rs;
          ties = this.count[at];
        } else if (sp === spread && rs === resources) {
          ties += this.count[at];
        }
      }
    }
    this.bestSpread = spread;
    this.bestResources = resources;
    this.bestTies = ties;
  }

  /** spreadScore of a node in zone `z` with `onNode` pods of the owner. */
  private spreadOfZone(onNode: number, z: number): number {
    return -1000 * onNode - 100 * this.spread.byZone[z];
  }

  private tiesUnder(v: number, spread: number, resources: number): number {
    let t = 0;
    for (let z = 0; z < this.zones; z++) {
      const at = v * this.zones + z;
      if (this.fewest[at] !== NONE && this.resources[at] === resources && this.spreadOfZone(this.fewest[at], z) === spread) t += this.count[at];
    }
    return t;
  }

  private setLeaf(i: number): void {
    const v = this.size + i, base = v * this.zones;
    for (let z = 0; z < this.zones; z++) {
      this.fewest[base + z] = NONE;
      this.resources[base + z] = -Infinity;
      this.count[base + z] = 0;
    }
    if (!fits(this.table, i, this.cpuMilli, this.memoryKi)) {
      this.feasible[v] = 0;
      return;
    }
    const z = this.table.zone[i];
    this.feasible[v] = 1;
    this.fewest[base + z] = this.spread.byNode[i];
    this.resources[base + z] = resourceScore(this.table, i, this.cpuScore, this.memScore);
    this.count[base + z] = 1;
  }

  private combine(v: number): void {
    const l = 2 * v, r = l + 1, zs = this.zones;
    this.feasible[v] = this.feasible[l] + this.feasible[r];
    for (let z = 0; z < zs; z++) {
      const at = v * zs + z, a = l * zs + z, b = r * zs + z;
      const fa = this.fewest[a], fb = this.fewest[b];
      const ra = this.resources[a], rb = this.resources[b];
      if (fa < fb || (fa === fb && ra > rb)) {
        this.fewest[at] = fa; this.resources[at] = ra; this.count[at] = this.count[a];
      } else if (fb < fa || ra < rb) {
        this.fewest[at] = fb; this.resources[at] = rb; this.count[at] = this.count[b];
      } else {
        this.fewest[at] = fa; this.resources[at] = ra; this.count[at] = this.count[a] + this.count[b];
      }
    }
  }
}
