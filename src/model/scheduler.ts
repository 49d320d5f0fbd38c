// kube-scheduler's default profile, reduced to what matters for pod networking labs: the NodeResourcesFit
// filter (pod count against the node's max pods, CPU and memory requests against allocatable), spreading
// pods of one owner across nodes and zones (the default PodTopologySpread constraints), then the least
// allocated node. Ties are broken by the cluster's seeded rng, as kube-scheduler picks randomly among equals.
// Messages follow pkg/scheduler/framework (FitError.Error and the preemption postfilter).
import type { Node, Pod } from './cluster/types.ts';
import type { Rng } from './rng.ts';

/** kube-scheduler scores pods without requests as if they asked for this (DefaultMilliCPURequest …). */
const DEFAULT_CPU_MILLI = 100;
const DEFAULT_MEMORY_KI = 200 * 1024;

export interface NodeUsage {
  pods: number;
  cpuMilli: number;
  memoryKi: number;
}

export type ScheduleResult = { node: Node } | { failure: string };

export function podRequests(pod: Pod): { cpuMilli: number; memoryKi: number } {
  let cpuMilli = 0, memoryKi = 0;
  for (const c of pod.template.containers) {
    cpuMilli += c.requests.cpuMilli ?? 0;
    memoryKi += c.requests.memoryKi ?? 0;
  }
  return { cpuMilli, memoryKi };
}

function filterReason(pod: Pod, node: Node, usage: NodeUsage): string | undefined {
  const req = podRequests(pod);
  if (usage.pods + 1 > node.maxPods) return 'Too many pods';
  if (usage.cpuMilli + req.cpuMilli > node.allocatable.cpuMilli) return 'Insufficient cpu';
  if (usage.memoryKi + req.memoryKi > node.allocatable.memoryKi) return 'Insufficient memory';
  return undefined;
}

/** "3 Too many pods" pieces sorted as kube-scheduler sorts them. */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

export function schedule(
  pod: Pod,
  nodes: readonly Node[],
  usageOf: (node: Node) => NodeUsage,
  samePodsOn: (node: Node) => number,
  rng: Rng,
): ScheduleResult {
  const reasons: string[] = [];
  const feasible: Node[] = [];
  for (const node of nodes) {
    const reason = filterReason(pod, node, usageOf(node));
    if (reason) reasons.push(reason);
    else feasible.push(node);
  }
  if (feasible.length === 0) {
    const n = nodes.length;
    // No pod here has a priority above another's, so preemption never finds a victim.
    return {
      failure: `0/${n} nodes are available: ${histogram(reasons)}. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`,
    };
  }
  const zoneCount = new Map<string, number>();
  for (const node of nodes) zoneCount.set(node.az, (zoneCount.get(node.az) ?? 0) + samePodsOn(node));
  const req = podRequests(pod);
  const score = (node: Node) => {
    const u = usageOf(node);
    const cpu = 1 - (u.cpuMilli + (req.cpuMilli || DEFAULT_CPU_MILLI)) / node.allocatable.cpuMilli;
    const mem = 1 - (u.memoryKi + (req.memoryKi || DEFAULT_MEMORY_KI)) / node.allocatable.memoryKi;
    // Spreading dominates: fewer pods of the same owner on the node, then in its zone; then free resources.
    return -1000 * samePodsOn(node) - 100 * (zoneCount.get(node.az) ?? 0) + 50 * (cpu + mem);
  };
  const scored = feasible.map((node) => ({ node, score: score(node) }));
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  return { node: top.length === 1 ? top[0].node : rng.pick(top).node };
}
