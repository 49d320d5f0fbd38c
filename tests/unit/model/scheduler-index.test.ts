// The indexed search must choose exactly what kube-scheduler's node-by-node search (the reference `schedule`)
// chooses, draw the same random numbers, and stop at the same node, pod after pod.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/model/cluster/types.ts';
import { createRng } from '../../../src/model/rng.ts';
import { SchedulingIndex } from '../../../src/model/controllers/scheduler/scheduling-index.ts';
import { type NodeTable, podRequests, schedule, type Spread } from '../../../src/model/controllers/scheduler/framework.ts';

function podAsking(cpuMilli: number, memoryKi: number): Pod {
  const requests = { ...(cpuMilli ? { cpuMilli } : {}), ...(memoryKi ? { memoryKi } : {}) };
  return {
    kind: 'Pod', resourceVersion: 0, metadata: undefined as never,
    uid: 'u', namespace: 'default', name: 'p', labels: {}, phase: 'Pending', createdAt: 0, restarts: 0,
    template: { labels: {}, hostNetwork: false, containers: [{ name: 'c', image: 'i', ports: [], requests, env: [] }] },
  };
}

// Few distinct values, so that equal scores (ties) and full nodes are common.
const nodeArb = fc.record({
  maxPods: fc.integer({ min: 1, max: 6 }),
  pods: fc.integer({ min: 0, max: 6 }),
  cpuAllocatable: fc.constantFrom(1930, 3920),
  cpuUsed: fc.constantFrom(0, 100, 250, 1800),
  memoryAllocatable: fc.constantFrom(3_000_000, 6_000_000),
  memoryUsed: fc.constantFrom(0, 204_800, 2_900_000),
  onNode: fc.integer({ min: 0, max: 2 }),
});

const clusterArb = fc.record({
  zones: fc.integer({ min: 1, max: 4 }),
  // Above 100 nodes the search samples a window; below it, it visits every node.
  nodes: fc.oneof(fc.array(nodeArb, { minLength: 1, maxLength: 20 }), fc.array(nodeArb, { minLength: 100, maxLength: 260 })),
  byZone: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
  start: fc.nat(),
  request: fc.constantFrom([0, 0], [100, 0], [250, 102_400], [1000, 1_000_000]),
  seed: fc.string(),
  pods: fc.integer({ min: 1, max: 40 }),
});

type ClusterCase = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function placesLikeTheReference(c: ClusterCase): void {
  const n = c.nodes.length;
  const t: NodeTable = {
    nodes: c.nodes.map((_, i) => ({ name: `n${i}` }) as Node),
    pods: Int32Array.from(c.nodes, (x) => Math.min(x.pods, x.maxPods)),
    maxPods: Int32Array.from(c.nodes, (x) => x.maxPods),
    cpuUsed: Float64Array.from(c.nodes, (x) => x.cpuUsed),
    cpuAllocatable: Float64Array.from(c.nodes, (x) => x.cpuAllocatable),
    memoryUsed: Float64Array.from(c.nodes, (x) => x.memoryUsed),
    memoryAllocatable: Float64Array.from(c.nodes, (x) => x.memoryAllocatable),
    zone: Int32Array.from(c.nodes, (_, i) => i % c.zones),
  };
  const spread: Spread = { byNode: Int32Array.from(c.nodes, (x) => x.onNode), byZone: Int32Array.from(c.byZone.slice(0, c.zones)) };
  const pod = podAsking(c.request[0], c.request[1]);
  const req = podRequests(pod);
  const index = new SchedulingIndex(t, spread, pod);
  const a = createRng(c.seed), b = createRng(c.seed);
  let start = c.start % n;
  for (let k = 0; k < c.pods; k++) {
    const expected = schedule(pod, t, spread, start, a);
    const got = index.schedule(start, b);
    expect(got).toEqual(expected);
    if (!('index' in expected)) break;
    const i = expected.index;
    t.pods[i]++;
    t.cpuUsed[i] += req.cpuMilli;
    t.memoryUsed[i] += req.memoryKi;
    spread.byNode[i]++;
    spread.byZone[t.zone[i]]++;
    index.update(i);
    start = expected.nextStartIndex;
  }
  expect(b.next()).toBe(a.next());
}

describe('SchedulingIndex', () => {
  it('places a run of pods exactly where the node-by-node search places them', () => {
    fc.assert(fc.property(clusterArb, placesLikeTheReference), { numRuns: 300 });
  });

  it('stops at the last feasible node when there are exactly as many as the search wants', () => {
    // 150 nodes: the search wants 100 feasible ones; 50 are full, so the 100th is the last feasible one.
    const node = { maxPods: 5, pods: 0, cpuAllocatable: 1930, cpuUsed: 0, memoryAllocatable: 3_000_000, memoryUsed: 0, onNode: 0 };
    const nodes = Array.from({ length: 150 }, (_, i) => ({ ...node, pods: i % 3 === 0 ? 5 : 0 }));
    placesLikeTheReference({ zones: 3, nodes, byZone: [0, 0, 0, 0], start: 7, request: [100, 0], seed: 's', pods: 1 });
  });
});
