// Pod readiness as the kubelet computes it (kubernetes v1.24 pkg/kubelet/status/generate.go): ContainersReady
// when every container is ready (the model has no readiness probes, so a running container is ready), and Ready
// when the containers are and every readiness gate's condition is "True". Otherwise Ready is False with reason
// ReadinessGatesNotReady and one message per gate that holds it back. The EndpointSlice controller, kube-proxy and
// the Deployment controller's "available" count all go by Ready.
import type { Pod, PodCondition } from '../cluster/types.ts';

export function containersReady(pod: Pod): boolean {
  return pod.phase === 'Running';
}

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.conditions?.find((c) => c.type === type);
}

/** How many of the pod's readiness gates are "True", of how many (kubectl's READINESS GATES column). */
export function readinessGatesReady(pod: Pod): { ready: number; total: number } {
  const gates = pod.readinessGates ?? [];
  return { ready: gates.filter((g) => podCondition(pod, g)?.status === 'True').length, total: gates.length };
}

export function podReady(pod: Pod): boolean {
  if (!containersReady(pod)) return false;
  const gates = pod.readinessGates;
  return gates === undefined || gates.every((g) => podCondition(pod, g)?.status === 'True');
}

/** generatePodReadinessGatesCondition's message when a gate holds the pod back, else undefined. */
export function readinessGatesMessage(pod: Pod): string | undefined {
  const messages = (pod.readinessGates ?? []).flatMap((g) => {
    const c = podCondition(pod, g);
    if (!c) return [`corresponding condition of pod readiness gate "${g}" does not exist.`];
    return c.status === 'True' ? [] : [`the status of pod readiness gate "${g}" is not "True", but ${c.status}`];
  });
  return messages.length ? messages.join(', ') : undefined;
}
