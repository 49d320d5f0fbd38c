// kube-scheduler's default profile, reduced to what matters for pod networking labs: the NodeResourcesFit
// filter (pod count against the node's max pods, CPU and memory requests against allocatable), spreading
// pods of one owner across nodes and zones (the default PodTopologySpread constraints), then the least
// allocated node. Ties are broken by the cluster's seeded rng, as kube-scheduler picks randomly among equals.
// Like kube-scheduler, it stops looking once it has found enough feasible nodes in a large cluster
// (percentageOfNodesToScore) and starts the next search where this one stopped.
// Messages follow pkg/scheduler/framework (FitError.Error and the preemption postfilter).
import type { Node, Pod } from '../../cluster/types.ts';
import type { Rng } from '../../rng.ts';

/** kube-scheduler scores pods without requests as if they asked for this (DefaultMilliCPURequest …). */
const DEFAULT_CPU_MILLI = 100;
const DEFAULT_MEMORY_KI = 200 * 1024;
/** Below this many nodes every node is scored (minFeasibleNodesToFind). */
const MIN_FEASIBLE_NODES = 100;

export interface NodeUsage {
  pods: number;
  cpuMilli: number;
  memoryKi: number;
}

/** What the scheduler reads per node, as flat arrays indexed like `nodes` (kept by the cluster). */
export interface NodeTable {
  nodes: readonly Node[];
  pods: Int32Array;
  maxPods: Int32Array;
  cpuUsed: Float64Array;
  cpuAllocatable: Float64Array;
  memoryUsed: Float64Array;
  memoryAllocatable: Float64Array;
  zone: Int32Array;
}

/** Scheduled, non-terminating pods of the pod's owner, per node index and per zone index. */
export interface Spread {
  byNode: Int32Array;
  byZone: Int32Array;
}

export type ScheduleResult = { index: number; nextStartIndex: number } | { failure: string };

const requestsOfTemplate = new WeakMap<Pod['template'], { cpuMilli: number; memoryKi: number }>();

/** A pod's summed container requests (pods of one template share the answer). */
export function podRequests(pod: Pod): { readonly cpuMilli: number; readonly memoryKi: number } {
  let r = requestsOfTemplate.get(pod.template);
  if (!r) {
    r = { cpuMilli: 0, memoryKi: 0 };
    for (const c of pod.template.containers) {
      r.cpuMilli += c.requests.cpuMilli ?? 0;
      r.memoryKi += c.requests.memoryKi ?? 0;
    }
    requestsOfTemplate.set(pod.template, r);
  }
  return r;
}

/** numFeasibleNodesToFind with the default adaptive percentage: 50% − nodes/125, at least 5%. */
export function feasibleNodesToFind(nodes: number): number {
  if (nodes < MIN_FEASIBLE_NODES) return nodes;
  const percentage = Math.max(5, 50 - Math.floor(nodes / 125));
  return Math.max(MIN_FEASIBLE_NODES, Math.floor((nodes * percentage) / 100));
}

/** "3 Too many pods" pieces sorted as kube-scheduler sorts them. */
function histogram(reasons: Map<string, number>): string {
  return [...reasons].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

/** Equal-best node indexes, reused from pod to pod: a large cluster has hundreds of ties per pod. */
let ties = new Int32Array(1024);

/**
 * A node's score has two parts, compared in order. Spreading: fewer pods of the same owner on the node, then in
 * its zone (-1000 per pod on the node, -100 per pod in the zone). Then free resources after placing the pod,
 * 0–100 (LeastAllocated over CPU and memory, defaults for pods without requests).
 */
export function spreadScore(t: NodeTable, spread: Spread | undefined, i: number): number {
  return spread ? -1000 * spread.byNode[i] - 100 * spread.byZone[t.zone[i]] : 0;
}

export function resourceScore(t: NodeTable, i: number, cpuScore: number, memScore: number): number {
  return 50 * (2 - (t.cpuUsed[i] + cpuScore) / t.cpuAllocatable[i] - (t.memoryUsed[i] + memScore) / t.memoryAllocatable[i]);
}

/** Requests as scored: kube-scheduler counts a pod without requests as asking for the defaults. */
export function scoredRequests(pod: Pod): { cpuScore: number; memScore: number } {
  const req = podRequests(pod);
  return { cpuScore: req.cpuMilli || DEFAULT_CPU_MILLI, memScore: req.memoryKi || DEFAULT_MEMORY_KI };
}

/** NodeResourcesFit: room for one more pod, and for its requests. */
export function fits(t: NodeTable, i: number, cpuMilli: number, memoryKi: number): boolean {
  return t.pods[i] + 1 <= t.maxPods[i] && t.cpuUsed[i] + cpuMilli <= t.cpuAllocatable[i] && t.memoryUsed[i] + memoryKi <= t.memoryAllocatable[i];
}

/**
 * One scheduling cycle, node by node from `startIndex`, as kube-scheduler's sampled search does it. This is the
 * reference: SchedulingIndex gives the same answers without visiting every sampled node.
 */
export function schedule(pod: Pod, t: NodeTable, spread: Spread | undefined, startIndex: number, rng: Rng): ScheduleResult {
  const n = t.nodes.length;
  const want = feasibleNodesToFind(n);
  const req = podRequests(pod);
  const { cpuScore, memScore } = scoredRequests(pod);
  const { pods, maxPods, cpuUsed, cpuAllocatable, memoryUsed, memoryAllocatable } = t;
  let tooMany = 0, noCpu = 0, noMemory = 0;
  let bestSpread = -Infinity, bestResources = -Infinity;
  let tieCount = 0;
  if (ties.length < n) ties = new Int32Array(n);
  let found = 0, processed = 0;
  for (let i = startIndex; processed < n && found < want; processed++, i = i + 1 === n ? 0 : i + 1) {
    if (pods[i] + 1 > maxPods[i]) { tooMany++; continue; }
    if (cpuUsed[i] + req.cpuMilli > cpuAllocatable[i]) { noCpu++; continue; }
    if (memoryUsed[i] + req.memoryKi > memoryAllocatable[i]) { noMemory++; continue; }
    found++;
    const sp = spreadScore(t, spread, i), rs = resourceScore(t, i, cpuScore, memScore);
    if (sp > bestSpread || (sp === bestSpread && rs > bestResources)) {
      bestSpread = sp;
      bestResources = rs;
      ties[0] = i;
      tieCount = 1;
    } else if (sp === bestSpread && rs === bestResources) {
      ties[tieCount++] = i;
    }
  }
  if (found === 0) {
    const reasons = new Map<string, number>([['Too many pods', tooMany], ['Insufficient cpu', noCpu], ['Insufficient memory', noMemory]]);
    for (const [k, v] of reasons) if (v === 0) reasons.delete(k);
    // No pod here has a priority above another's, so preemption never finds a victim.
    return {
      failure: `0/${n} nodes are available: ${histogram(reasons)}. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`,
    };
  }
  // rng.pick over the ties in scan order; a lone best draws nothing.
  return { index: tieCount > 1 ? ties[rng.int(tieCount)] : ties[0], nextStartIndex: (startIndex + processed) % n };
}
