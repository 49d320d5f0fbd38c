// Whether an NLB health check of a target passes now, from the model's state: an ip target passes while a Running
// pod holds that address; an instance target (traffic-port = the NodePort, externalTrafficPolicy Cluster) passes
// while its node is there and kube-proxy has a ready endpoint to send the check to. An ALB's HTTP check of `/` is
// answered 200 by the lab's web servers, so it passes on the same terms.
import type { HealthProbe, TargetGroup } from '../aws/elbv2.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import type { GenericObject } from '../cluster/types.ts';
import { podReady } from '../k8s/pod-readiness.ts';
import { readyEndpoints } from './controller.ts';

/** The Service behind a target group: a Service's own stack, or the one its TargetGroupBinding names (Ingress). */
function backendService(cluster: Cluster, tg: TargetGroup): Service | undefined {
  const stack = tg.tags['service.k8s.aws/stack'];
  if (stack !== undefined) {
    const [ns, name] = stack.split('/');
    return cluster.store.get<Service>('Service', ns, name);
  }
  const tgb = cluster.store.list<GenericObject>('TargetGroupBinding').find((b) => (b.body as { spec?: { targetGroupARN?: string } }).spec?.targetGroupARN === tg.arn);
  const ref = (tgb?.body as { spec?: { serviceRef?: { name: string } } } | undefined)?.spec?.serviceRef;
  return tgb && ref ? cluster.store.get<Service>('Service', tgb.metadata.namespace, ref.name) : undefined;
}

export function healthProbe(cluster: Cluster): HealthProbe {
  return (tg, target) => {
    if (tg.targetType === 'ip') {
      for (const p of cluster.pods.values()) if (p.ip !== undefined && p.phase === 'Running' && formatIpv4(p.ip) === target.id) return true;
      return false;
    }
    if (!cluster.nodes.some((n) => n.instanceId === target.id)) return false;
    const svc = backendService(cluster, tg);
    // kube-proxy sends the check to a Ready endpoint.
    return svc !== undefined && readyEndpoints(cluster, svc).some(podReady);
  };
}
