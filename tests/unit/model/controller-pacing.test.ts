// The ReplicaSet and DaemonSet controllers pace themselves as kube-controller-manager's do: burstReplicas pods
// per sync in slow-start batches, the next sync after those calls; and the cluster's pod limit answers as a full
// etcd does. A huge scale therefore returns at once and fills in over model time.
import { describe, expect, it } from 'vitest';
import { BURST_REPLICAS, slowStartBatches } from '../../../src/model/controllers/replicaset.ts';
import { labEngine } from '../shell/engine-helpers.ts';

const count = (sh: (l: string) => string, line: string) => Number(sh(`${line} | wc -l`).trim());

describe('slowStartBatch', () => {
  it('doubles from one, the last batch takes what is left (replica_set.go)', () => {
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(BURST_REPLICAS)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245]);
    expect(slowStartBatches(0)).toEqual([]);
  });
});

describe('a ReplicaSet scaled far beyond the cluster', () => {
  it('creates at most 500 pods per sync, so the API answers at once and pods appear over model time', () => {
    const { sh, cluster } = labEngine();
    const before = cluster.pods.size;
    expect(sh('kubectl create deployment web --image=nginx --replicas=5000')).toBe('deployment.apps/web created\n');
    expect(cluster.pods.size - before).toBe(BURST_REPLICAS);
    sh('sleep 1');
    const afterOneSecond = cluster.pods.size - before;
    // Nine slow-start batches of 20 ms each per sync: five or six syncs in a second.
    expect(afterOneSecond).toBeGreaterThan(5 * BURST_REPLICAS);
    expect(afterOneSecond).toBeLessThan(5000);
    sh('sleep 5');
    expect(cluster.pods.size - before).toBe(5000);
    // The three t3.medium nodes run 17 pods each (8 are the system's); the rest stay unscheduled.
    expect(count(sh, 'kubectl get pods --no-headers | grep Pending')).toBe(5000 - (3 * 17 - 8));
  });

  it('scaling down deletes in bursts of 500 too', () => {
    const { sh, cluster } = labEngine();
    sh('kubectl create deployment web --image=nginx --replicas=2000');
    sh('sleep 10');
    sh('kubectl scale deployment web --replicas=0');
    const terminating = () => [...cluster.pods.all.values()].filter((p) => p.namespace === 'default' && p.phase === 'Terminating').length;
    expect(terminating()).toBe(BURST_REPLICAS);
  });

  it('stops at the pod limit with the error a full etcd gives, and the cluster keeps answering', () => {
    const { sh, cluster } = labEngine();
    expect(cluster.podLimit).toBe(3 * 17 + 10_000);
    sh('kubectl scale deployment coredns -n kube-system --replicas=100000000');
    sh('sleep 60');
    expect(cluster.pods.size).toBe(cluster.podLimit);
    expect(sh('kubectl get events -n kube-system --field-selector reason=FailedCreate --no-headers')).toMatch(
      /Warning\s+FailedCreate\s+replicaset\/coredns-\w+\s+Error creating: etcdserver: mvcc: database space exceeded\n$/,
    );
    expect(sh('kubectl run one-more --image=nginx')).toBe('Error from server: etcdserver: mvcc: database space exceeded\n');
    expect(sh('kubectl get nodes --no-headers | wc -l')).toBe('3\n');
    sh('kubectl scale deployment coredns -n kube-system --replicas=2');
    sh('sleep 120');
    expect(count(sh, 'kubectl get pods -n kube-system -l k8s-app=kube-dns --no-headers')).toBe(2);
  }, 30_000); // 10,000 pods made, scheduled and deleted: seconds on a busy machine
});

describe('kubectl scale checks the count as kubectl and the API server do', () => {
  it('refuses a count the scale subresource cannot hold, and changes nothing', () => {
    const engine = labEngine();
    const r = engine.shell.exec('kubectl scale deployment coredns -n kube-system --replicas=3000000000');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error from server \(BadRequest\): .*int32/);
    expect(engine.sh("kubectl get deploy coredns -n kube-system -o jsonpath='{.spec.replicas}'")).toBe('2');
  });
});
