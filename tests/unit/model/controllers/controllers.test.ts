// The controllers as Kubernetes runs them: ownership through ownerReferences, ReplicaSets per template,
// release of relabelled pods, garbage collection with and without orphaning, a DaemonSet pod per node; and a
// property: any sequence of API writes leaves the store consistent once the controllers have settled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../../src/model/cluster/cluster.ts';
import type { DaemonSet, Deployment, Pod, ReplicaSet } from '../../../../src/model/cluster/types.ts';
import { matchesSet } from '../../../../src/model/api/label-selector.ts';

const web = (replicas: number, image = 'nginx:1.25') => ({
  namespace: 'default', name: 'web', labels: { app: 'web' }, selector: { app: 'web' }, replicas,
  template: { labels: { app: 'web' }, hostNetwork: false, containers: [{ name: 'nginx', image, ports: [], requests: {}, env: [] }] },
});
const live = (c: Cluster, app = 'web') => c.store.list<Pod>('Pod', { namespace: 'default' }).filter((p) => p.labels.app === app && p.phase !== 'Terminating');

describe('Deployment and ReplicaSet controllers', () => {
  it('make a ReplicaSet named by the template hash, owned by the Deployment, and its pods owned by it', () => {
    const c = new Cluster({ seed: 'ctl' });
    c.applyDeployment(web(3));
    const d = c.store.get<Deployment>('Deployment', 'default', 'web')!;
    const [rs] = c.store.list<ReplicaSet>('ReplicaSet', { namespace: 'default' });
    expect(rs.metadata.name).toBe(`web-${rs.metadata.labels['pod-template-hash']}`);
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    const pods = live(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid });
  });

  it('a new template makes a new revision; a rolling update surges one pod at a time until the old ReplicaSet is at zero', () => {
    const c = new Cluster({ seed: 'ctl' });
    c.applyDeployment(web(2));
    c.advance(10);
    c.applyDeployment(web(2, 'nginx:1.26'));
    const sets = c.store.list<ReplicaSet>('ReplicaSet', { namespace: 'default' });
    const replicas = () => sets.map((r) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]).sort();
    // 2 replicas: maxSurge 25% rounds up to 1, maxUnavailable 25% down to 0, so no old pod goes before a new one is Ready.
    expect(replicas()).toEqual([['1', 2], ['2', 1]]);
    c.advance(1);
    expect(replicas()).toEqual([['1', 2], ['2', 1]]);
    c.advance(20);
    expect(replicas()).toEqual([['1', 0], ['2', 2]]);
    expect(c.store.get<Deployment>('Deployment', 'default', 'web')!.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('releases a pod relabelled out of its selector and makes a replacement', () => {
    const c = new Cluster({ seed: 'ctl' });
    c.applyDeployment(web(2));
    c.advance(10);
    const [first] = live(c);
    first.metadata.labels = { ...first.labels, app: 'debug' };
    c.store.update(first);
    c.reconcile();
    expect(first.owner).toBeUndefined();
    expect(first.metadata.ownerReferences).toEqual([]);
    expect(live(c)).toHaveLength(2);
    expect(live(c, 'debug')).toEqual([first]);
  });

  it('garbage-collects a deleted Deployment\'s ReplicaSets and pods, or orphans them', () => {
    const c = new Cluster({ seed: 'ctl' });
    c.applyDeployment(web(2));
    c.advance(10);
    c.delete('Deployment', 'default', 'web');
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toEqual([]);
    c.advance(5);
    expect(c.store.list('Pod', { namespace: 'default' })).toEqual([]);

    c.applyDeployment(web(2));
    c.advance(10);
    c.delete('Deployment', 'default', 'web', 'Orphan');
    const [rs] = c.store.list<ReplicaSet>('ReplicaSet', { namespace: 'default' });
    expect(rs.metadata.ownerReferences).toEqual([]);
    c.advance(5);
    expect(live(c)).toHaveLength(2);
  });

  it('the DaemonSet controller keeps one pod per node, a new node included', () => {
    const c = new Cluster({ seed: 'ctl' });
    const ds = c.store.get<DaemonSet>('DaemonSet', 'kube-system', 'aws-node')!;
    const nodesOf = () => c.store.list<Pod>('Pod', { namespace: 'kube-system' }).filter((p) => p.owner?.uid === ds.metadata.uid).map((p) => p.nodeName).sort();
    expect(nodesOf()).toEqual(c.nodes.map((n) => n.name).sort());
    c.addNode();
    expect(nodesOf()).toHaveLength(4);
  });
});

describe('store consistency', () => {
  const op = fc.oneof(
    fc.record({ op: fc.constant('apply' as const), replicas: fc.integer({ min: 0, max: 8 }), image: fc.constantFrom('nginx:1.25', 'nginx:1.26') }),
    fc.record({ op: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
    fc.record({ op: fc.constant('relabel' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('delete-pod' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('delete' as const), orphan: fc.boolean() }),
    fc.record({ op: fc.constant('sleep' as const), seconds: fc.integer({ min: 0, max: 20 }) }),
  );

  it('owner references point at live owners, owned pods match their selector, and every ReplicaSet has its replicas', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
      const c = new Cluster({ seed: 'prop-store' });
      for (const o of ops) {
        const pods = c.store.list<Pod>('Pod', { namespace: 'default' });
        if (o.op === 'apply') c.applyDeployment(web(o.replicas, o.image));
        else if (o.op === 'scale') c.scaleDeployment('default', 'web', o.replicas);
        else if (o.op === 'relabel' && pods.length) {
          const p = pods[o.pick % pods.length];
          p.metadata.labels = { ...p.labels, app: 'other' };
          c.store.update(p);
          c.reconcile();
        } else if (o.op === 'delete-pod' && pods.length) c.deletePod(pods[o.pick % pods.length]);
        else if (o.op === 'delete') c.delete('Deployment', 'default', 'web', o.orphan ? 'Orphan' : 'Background');
        else if (o.op === 'sleep') c.advance(o.seconds);
      }
      // Terminating pods keep their owner references until the kubelet has removed them (a second here).
      c.advance(2);
      const uids = new Set(['Deployment', 'ReplicaSet', 'DaemonSet'].flatMap((k) => c.store.list(k).map((o) => o.metadata.uid)));
      for (const kind of ['ReplicaSet', 'Pod']) {
        for (const o of c.store.list(kind)) for (const ref of o.metadata.ownerReferences) expect(uids.has(ref.uid)).toBe(true);
      }
      for (const rs of c.store.list<ReplicaSet>('ReplicaSet')) {
        const owned = c.store.list<Pod>('Pod').filter((p) => p.owner?.uid === rs.metadata.uid);
        for (const p of owned) expect(matchesSet(p.labels, rs.spec.selector)).toBe(true);
        expect(owned.filter((p) => p.phase !== 'Terminating')).toHaveLength(rs.spec.replicas);
      }
      // The store's pods are exactly the cluster's pods, each found again by its name.
      for (const p of c.pods.values()) expect(c.store.get('Pod', p.namespace, p.name)).toBe(p);
    }), { numRuns: 60 });
  });
});
