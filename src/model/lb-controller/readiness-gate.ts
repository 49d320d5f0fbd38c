// Pod readiness gates of the AWS Load Balancer Controller (v2.5.1):
// - the mutating webhook mpod.elbv2.k8s.aws (pkg/inject/pod_readiness_gate.go) runs on every pod created in a
//   namespace labelled elbv2.k8s.aws/pod-readiness-gate-inject=enabled: for each TargetGroupBinding of the pod's
//   namespace with target type ip whose Service selects the pod, it adds the readiness gate
//   target-health.elbv2.k8s.aws/<binding name> (and drops the v1 controller's target-health.alb.ingress.k8s.aws
//   gates). Only at creation: pods that exist when the namespace is labelled keep no gate.
// - the TargetGroupBinding reconciler (pkg/targetgroupbinding/resource_manager.go updateTargetHealthPodCondition)
//   writes the gate's condition from the pod's target health: "True" once the target is healthy, else "False", with
//   the target's Reason and Description as the condition's reason and message (Elb.RegistrationInProgress "Target
//   registration is in progress" until the target is registered). While some pod waits it looks again after
//   targetHealthRequeueDuration (15 s). A deleted binding sets its pods' gates "True" ("Target Group Binding is
//   deleted") so they do not stay unready.
import type { TargetGroup } from '../aws/elbv2.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { GenericObject, Namespace, Pod, PodCondition, Service } from '../cluster/types.ts';
import { matchesSet } from '../api/label-selector.ts';

export const INJECT_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';
export const CONDITION_PREFIX = 'target-health.elbv2.k8s.aws';
const LEGACY_PREFIX = 'target-health.alb.ingress.k8s.aws';
/** defaultTargetHealthRequeueDuration. */
export const TARGET_HEALTH_REQUEUE_MS = 15_000;

export const gateOf = (bindingName: string) => `${CONDITION_PREFIX}/${bindingName}`;

/** The gates the webhook adds to a pod being created (none unless its namespace asks for them). */
export function injectReadinessGates(cluster: Cluster, pod: Pod): void {
  const ns = cluster.store.get<Namespace>('Namespace', undefined, pod.namespace);
  if (ns?.metadata.labels[INJECT_LABEL] !== 'enabled') return;
  const wanted: string[] = [];
  for (const tgb of cluster.store.list<GenericObject>('TargetGroupBinding', { namespace: pod.namespace })) {
    const spec = (tgb.body as { spec?: { targetType?: string; serviceRef?: { name: string } } }).spec;
    if (spec?.targetType !== 'ip' || !spec.serviceRef) continue;
    const svc = cluster.store.get<Service>('Service', pod.namespace, spec.serviceRef.name);
    // An empty selector selects nothing (labels.Nothing()).
    if (!svc?.spec.selector || Object.keys(svc.spec.selector).length === 0 || !matchesSet(pod.labels, svc.spec.selector)) continue;
    wanted.push(gateOf(tgb.metadata.name));
  }
  if (wanted.length === 0) return;
  const kept = (pod.readinessGates ?? []).filter((g) => !g.startsWith(LEGACY_PREFIX));
  pod.readinessGates = [...kept, ...wanted.filter((g) => !kept.includes(g))];
}

/** updateTargetHealthPodConditionForPod: writes the condition if it changed; returns whether it changed. */
export function setGateCondition(cluster: Cluster, pod: Pod, type: string, status: PodCondition['status'], reason: string | undefined, message: string | undefined): boolean {
  if (!pod.readinessGates?.includes(type)) return false;
  const existing = pod.conditions?.find((c) => c.type === type);
  if (existing && existing.status === status && existing.reason === reason && existing.message === message) return false;
  const next: PodCondition = {
    type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}),
    lastTransitionTime: !existing || existing.status !== status ? cluster.now : existing.lastTransitionTime,
  };
  pod.conditions = existing ? pod.conditions!.map((c) => (c === existing ? next : c)) : [...(pod.conditions ?? []), next];
  cluster.store.update(pod);
  // A pod's Ready may have changed: the Deployment controller may take its next rollout step.
  cluster.requeue();
  return true;
}

/** updatePodAsHealthyForDeletedTGB. */
export function releaseGates(cluster: Cluster, namespace: string, bindingName: string): void {
  const type = gateOf(bindingName);
  for (const pod of cluster.pods.values()) {
    if (pod.namespace === namespace && pod.readinessGates?.includes(type)) setGateCondition(cluster, pod, type, 'True', undefined, 'Target Group Binding is deleted');
  }
}

/**
 * After registering a target group's ip targets: each pod with this binding's gate gets its target's health as
 * the gate's condition. Returns whether some pod's gate is not "True" yet (the reconciler then looks again).
 */
export function updateGateConditions(cluster: Cluster, tg: TargetGroup, bindingName: string, pods: { pod: Pod; id: string; port: number }[], health: (t: TargetGroup['targets'][number]) => { state: string; reason?: string; description?: string }): boolean {
  const type = gateOf(bindingName);
  let waiting = false;
  for (const { pod, id, port } of pods) {
    if (!pod.readinessGates?.includes(type)) continue;
    const target = tg.targets.find((t) => t.id === id && t.port === port && t.deregisteredAt === undefined);
    const h = target ? health(target) : { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
    const status = h.state === 'healthy' ? 'True' : 'False';
    if (status !== 'True') waiting = true;
    setGateCondition(cluster, pod, type, status, h.reason, h.description);
  }
  return waiting;
}
