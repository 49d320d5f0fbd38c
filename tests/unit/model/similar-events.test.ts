// client-go's event recorder (tools/record/events_cache.go) applied to the kubelet's failed sandboxes: nine events
// of their own, then one combined event counted up, within a spam budget of 25 and one more per five minutes.
import { describe, expect, it } from 'vitest';
import { SimilarEvents } from '../../../src/model/cluster/similar-events.ts';
import { labEngine } from '../shell/engine-helpers.ts';

describe('SimilarEvents', () => {
  it('records nine similar events one by one, then combines the tenth and counts up from it', () => {
    const similar = new SimilarEvents<never>();
    const kinds = Array.from({ length: 12 }, (_, i) => similar.observe(i * 10_000));
    expect(kinds.slice(0, 9).every((k) => k.kind === 'unique')).toBe(true);
    expect(kinds.slice(9)).toEqual([{ kind: 'combined', count: 1 }, { kind: 'combined', count: 2 }, { kind: 'combined', count: 3 }]);
  });

  it('starts over after ten quiet minutes', () => {
    const similar = new SimilarEvents<never>();
    for (let i = 0; i < 10; i++) similar.observe(i * 1000);
    expect(similar.observe(9000 + 600_001).kind).toBe('unique');
  });

  it('lets 25 through at once, then one per five minutes, while the logger keeps counting', () => {
    const similar = new SimilarEvents<never>();
    const burst = Array.from({ length: 30 }, (_, i) => similar.observe(i));
    expect(burst.filter((k) => k.kind !== 'dropped')).toHaveLength(25);
    expect(burst.slice(25).every((k) => k.kind === 'dropped')).toBe(true);
    // Five minutes later one token is back: the combined event jumps to the logger's count.
    expect(similar.observe(29 + 300_000)).toEqual({ kind: 'combined', count: 22 });
    expect(similar.observe(29 + 300_001).kind).toBe('dropped');
  });
});

describe("the kubelet's FailedCreatePodSandBox events", () => {
  it('show nine failed sandboxes, each with its own ID, then one combined event with its count', () => {
    // One t3.medium with a single ENI: five addresses for pods, so the sixth nginx pod never gets one.
    const { sh } = labEngine({ nodes: 1, awsNodeEnv: [['MAX_ENI', '1']] });
    sh('kubectl scale deploy coredns -n kube-system --replicas=0');
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=6');
    sh('sleep 125');
    const pod = sh("kubectl get pods --no-headers | grep ContainerCreating | awk '{print $1}'").trim();
    expect(pod).toMatch(/^nginx-deployment-/);
    const lines = sh(`kubectl describe pod ${pod} | grep FailedCreatePodSandBox`).trim().split('\n');
    // Attempts at 1 s, 11 s … 121 s: thirteen, of which nine stand alone and four are combined.
    expect(lines).toHaveLength(10);
    const ids = lines.slice(0, 9).map((l) => /sandbox "([0-9a-f]{64})"/.exec(l)?.[1]);
    expect(new Set(ids).size).toBe(9);
    expect(lines[9]).toMatch(/Warning\s+FailedCreatePodSandBox\s+4s \(x4 over 34s\)\s+kubelet\s+\(combined from similar events\): Failed to create pod sandbox: rpc error/);
  });
});
