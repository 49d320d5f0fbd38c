// The Deployment controller (kube-controller-manager, pkg/controller/deployment): a ReplicaSet per pod
// template, named after the Deployment and the template's pod-template-hash, owned by the Deployment, the
// revision annotation counting templates. Rollouts here are Recreate-like: the new ReplicaSet takes every
// replica at once and the old ones go to zero (a networking lab needs no surge arithmetic).
import { matchesSet } from '../api/label-selector.ts';
import type { Deployment, ReplicaSet } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

export const REVISION = 'deployment.kubernetes.io/revision';

export function replicaSetsOf(rt: Pick<ClusterRuntime, 'store'>, d: Deployment): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const r of rt.store.collection<ReplicaSet>('ReplicaSet').list(d.metadata.namespace)) {
    if (r.metadata.ownerReferences.some((o) => o.controller && o.uid === d.metadata.uid)) out.push(r);
  }
  return out;
}

/** ClaimReplicaSets: ReplicaSets without a controller whose labels match the Deployment's selector become its own. */
function adoptOrphans(rt: ClusterRuntime, d: Deployment): number {
  let adopted = 0;
  for (const r of rt.store.collection<ReplicaSet>('ReplicaSet').list(d.metadata.namespace)) {
    if (r.metadata.ownerReferences.some((o) => o.controller) || !matchesSet(r.metadata.labels, d.spec.selector)) continue;
    r.metadata.ownerReferences = [...r.metadata.ownerReferences, { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }];
    rt.store.update(r);
    adopted++;
  }
  return adopted;
}

export function revisionOf(o: { metadata: { annotations: Record<string, string> } }): number {
  return Number(o.metadata.annotations[REVISION] ?? 0);
}

/** One pass over every Deployment; returns how many writes it made. */
export function syncDeployments(rt: ClusterRuntime): number {
  let changes = 0;
  const store = rt.store;
  for (const d of store.collection<Deployment>('Deployment').list()) {
    changes += adoptOrphans(rt, d);
    const hash = rt.templateHash(d.spec.template);
    const owned = replicaSetsOf(rt, d);
    const maxRevision = owned.reduce((m, r) => Math.max(m, revisionOf(r)), 0);
    let current = owned.find((r) => r.metadata.labels['pod-template-hash'] === hash);
    if (!current) {
      const revision = String(maxRevision + 1);
      current = store.create<ReplicaSet>({
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, uid: '', resourceVersion: 0, creationTimestamp: 0,
          labels: { ...d.spec.template.labels, 'pod-template-hash': hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
            'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + Math.ceil(d.spec.replicas / 4)),
            [REVISION]: revision,
          },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          replicas: 0,
          selector: { ...d.spec.selector, 'pod-template-hash': hash },
          template: { ...d.spec.template, labels: { ...d.spec.template.labels, 'pod-template-hash': hash } },
        },
      });
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      store.update(d);
      changes++;
    } else if (revisionOf(current) < maxRevision) {
      // Rolling back to an older template: its ReplicaSet becomes the newest revision again.
      const revision = String(maxRevision + 1);
      current.metadata.annotations = { ...current.metadata.annotations, [REVISION]: revision };
      store.update(current);
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      store.update(d);
      changes++;
    }
    for (const r of owned) {
      if (r !== current && r.spec.replicas !== 0) {
        r.spec.replicas = 0;
        store.update(r, true);
        changes++;
      }
    }
    if (current.spec.replicas !== d.spec.replicas) {
      const verb = d.spec.replicas > current.spec.replicas ? 'up' : 'down';
      current.spec.replicas = d.spec.replicas;
      current.metadata.annotations = { ...current.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas) };
      store.update(current, true);
      // Kubernetes 1.24 wording (1.27 added "from N").
      rt.recorder.record({ namespace: d.metadata.namespace!, name: d.metadata.name }, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${current.metadata.name} to ${d.spec.replicas}`, 'deployment-controller', false, 'Deployment');
      changes++;
    }
  }
  return changes;
}
