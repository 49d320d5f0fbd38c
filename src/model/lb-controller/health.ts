// Whether an NLB health check of a target passes now, from the model's state: an ip target passes while a Running
// pod holds that address, or a terminating one that still serves (its checks fail from when it stopped); an instance target is checked on the node: on the NodePort it passes while kube-proxy has
// an endpoint to send the check to (with externalTrafficPolicy Local, one on that node), on spec.healthCheckNodePort
// while the node has a local endpoint, and on any other port never (nothing listens on the node there). An ALB's HTTP check of `/` is
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
      const now = cluster.now;
      for (const p of cluster.pods.values()) {
        if (p.ip === undefined || formatIpv4(p.ip) !== target.id) continue;
        if (p.phase === 'Running') return true;
        // A terminating pod answers until its preStop hook is over (src/model/k8s/termination.ts), then not.
        if (p.phase === 'Terminating' && p.stopsAt !== undefined) return now < p.stopsAt ? true : { failingSince: p.stopsAt };
      }
      // No pod has the address: its checks fail from when the last pod that had it let it go (ipamd's release).
      for (const node of cluster.nodes) {
        for (const eni of node.enis) {
          const ip = eni.secondaryIps.find((a) => formatIpv4(a.ip) === target.id);
          if (ip?.releasedAt !== undefined) return { failingSince: ip.releasedAt };
        }
      }
      return false;
    }
    const node = cluster.nodes.find((n) => n.instanceId === target.id);
    if (!node) return false;
    const svc = backendService(cluster, tg);
    if (!svc) return false;
    // kube-proxy sends to Ready endpoints only (a pod held back by a readiness gate is not one yet).
    const ready = readyEndpoints(cluster, svc).filter(podReady);
    const local = ready.some((p) => p.nodeName === node.name);
    const port = tg.healthCheck.port === 'traffic-port' ? target.port : Number(tg.healthCheck.port);
    // kube-proxy's health check server on spec.healthCheckNodePort: 200 while the node has a local endpoint, 503
    // otherwise (pkg/proxy/healthcheck/service_health.go).
    if (svc.spec.healthCheckNodePort !== undefined && port === svc.spec.healthCheckNodePort) return local;
    // The NodePort: kube-proxy forwards the check to an endpoint, with Local only to one on this node (its
    // KUBE-SVL chain drops the rest).
    if (svc.spec.ports.some((p) => p.nodePort === port)) return svc.spec.externalTrafficPolicy === 'Local' ? local : ready.length > 0;
    // Any other port: nothing of the lab's listens on the node itself there (a pod's containerPort is not a node
    // port), so the check's connection is refused.
    return false;
  };
}
