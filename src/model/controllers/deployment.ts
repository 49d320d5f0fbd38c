// The Deployment controller (kube-controller-manager, pkg/controller/deployment): a ReplicaSet per pod
// template, named after the Deployment and the template's pod-template-hash, owned by the Deployment, the
// revision annotation counting templates. Rollouts follow the strategy: RollingUpdate (rolling.go) grows the new
// ReplicaSet up to replicas + maxSurge pods in all and shrinks old ones only while replicas - maxUnavailable pods
// stay available (Ready: minReadySeconds is 0), so a rollout waits for each new pod's readiness, readiness gates
// included; Recreate (recreate.go) scales the old ones to zero and the new one up once their pods are gone.
// Not modelled: proportional scaling of a scale during a rollout, progress deadlines, pausing, history cleanup.
import { matchesSet } from '../api/label-selector.ts';
import type { Deployment, ReplicaSet } from '../cluster/types.ts';
import { podReady } from '../k8s/pod-readiness.ts';
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
  // Set again below while some Deployment waits for pods to become ready (the kubelet then wakes this controller).
  rt.rolloutWaiting = false;
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
    const olds = owned.filter((r) => r !== current);
    changes += d.spec.strategy?.type === 'Recreate' ? recreate(rt, d, current, olds) : rollingUpdate(rt, d, current, olds);
    // Old pods still to replace: the next step waits for a pod's readiness (a plain scale-up waits for nothing).
    if (olds.some((r) => r.spec.replicas > 0)) rt.rolloutWaiting = true;
  }
  return changes;
}

/** A ReplicaSet's available pods: not terminating and Ready (minReadySeconds 0), as its status.availableReplicas. */
function available(rt: ClusterRuntime, rs: ReplicaSet): number {
  let n = 0;
  for (const p of rt.pods.ownedBy(rt.owner('ReplicaSet', rs.metadata.name, rs.metadata.uid))) if (p.phase !== 'Terminating' && podReady(p)) n++;
  return n;
}

/** Pods of a ReplicaSet that still exist, terminating ones included. */
function podsLeft(rt: ClusterRuntime, rs: ReplicaSet): number {
  let n = 0;
  for (const _ of rt.pods.ownedBy(rt.owner('ReplicaSet', rs.metadata.name, rs.metadata.uid))) n++;
  return n;
}

/** intstr.GetScaledValueFromIntOrPercent: a count, or a percentage of replicas rounded up (surge) or down. */
export function scaledValue(v: number | string | undefined, fallback: string, replicas: number, roundUp: boolean): number {
  const value = v ?? fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** deploymentutil.MaxSurge and MaxUnavailable: both zero would stall, so unavailable becomes 1. */
export function rollingBounds(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const s = d.spec.strategy;
  const maxSurge = scaledValue(s?.maxSurge, '25%', d.spec.replicas, true);
  let maxUnavailable = scaledValue(s?.maxUnavailable, '25%', d.spec.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, d.spec.replicas) };
}

function scaleTo(rt: ClusterRuntime, d: Deployment, rs: ReplicaSet, replicas: number): number {
  if (rs.spec.replicas === replicas) return 0;
  const verb = replicas > rs.spec.replicas ? 'up' : 'down';
  rs.spec.replicas = replicas;
  rs.metadata.annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas) };
  rt.store.update(rs, true);
  // Kubernetes 1.24 wording (1.27 added "from N").
  rt.recorder.record({ namespace: d.metadata.namespace!, name: d.metadata.name }, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} to ${replicas}`, 'deployment-controller', false, 'Deployment');
  return 1;
}

const byAge = (a: ReplicaSet, b: ReplicaSet) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1);

/** rolling.go rolloutRolling: the new ReplicaSet up first; if it cannot grow, old ones down. */
function rollingUpdate(rt: ClusterRuntime, d: Deployment, current: ReplicaSet, olds: ReplicaSet[]): number {
  const replicas = d.spec.replicas;
  const { maxSurge, maxUnavailable } = rollingBounds(d);
  const all = [current, ...olds];
  const total = () => all.reduce((n, r) => n + r.spec.replicas, 0);
  // reconcileNewReplicaSet (NewRSNewReplicas)
  if (current.spec.replicas > replicas) return scaleTo(rt, d, current, replicas);
  if (current.spec.replicas < replicas) {
    const room = replicas + maxSurge - total();
    if (room > 0) return scaleTo(rt, d, current, current.spec.replicas + Math.min(room, replicas - current.spec.replicas));
  }
  // reconcileOldReplicaSets
  const active = olds.filter((r) => r.spec.replicas > 0).sort(byAge);
  if (active.length === 0) return 0;
  const minAvailable = replicas - maxUnavailable;
  const newUnavailable = current.spec.replicas - available(rt, current);
  const maxScaledDown = total() - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return 0;
  let changes = 0;
  // cleanupUnhealthyReplicas: old pods that are not available go first, within maxScaledDown.
  let cleaned = 0;
  for (const rs of active) {
    if (cleaned >= maxScaledDown) break;
    const avail = available(rt, rs);
    if (avail >= rs.spec.replicas) continue;
    const down = Math.min(maxScaledDown - cleaned, rs.spec.replicas - avail);
    changes += scaleTo(rt, d, rs, rs.spec.replicas - down);
    cleaned += down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: as many as keep minAvailable pods available.
  const availableNow = all.reduce((n, r) => n + available(rt, r), 0);
  let toScale = availableNow - minAvailable;
  for (const rs of active) {
    if (toScale <= 0) break;
    if (rs.spec.replicas === 0) continue;
    const down = Math.min(rs.spec.replicas, toScale);
    changes += scaleTo(rt, d, rs, rs.spec.replicas - down);
    toScale -= down;
  }
  return changes;
}

/** recreate.go: old ReplicaSets to zero, and the new one up once none of their pods is left. */
function recreate(rt: ClusterRuntime, d: Deployment, current: ReplicaSet, olds: ReplicaSet[]): number {
  let changes = 0;
  for (const rs of olds) changes += scaleTo(rt, d, rs, 0);
  if (olds.some((rs) => podsLeft(rt, rs) > 0)) return changes;
  return changes + scaleTo(rt, d, current, d.spec.replicas);
}
