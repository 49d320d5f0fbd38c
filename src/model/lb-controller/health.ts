// Whether an NLB health check of a target passes now, from the model's state: an ip target passes while a Running
// pod holds that address; an instance target (traffic-port = the NodePort, externalTrafficPolicy Cluster) passes
// while its node is there and kube-proxy has a ready endpoint to send the check to.
import type { HealthProbe } from '../aws/elbv2.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { readyEndpoints } from './controller.ts';

export function healthProbe(cluster: Cluster): HealthProbe {
  return (tg, target) => {
    if (tg.targetType === 'ip') {
      for (const p of cluster.pods.values()) if (p.ip !== undefined && p.phase === 'Running' && formatIpv4(p.ip) === target.id) return true;
      return false;
    }
    if (!cluster.nodes.some((n) => n.instanceId === target.id)) return false;
    const [ns, name] = (tg.tags['service.k8s.aws/stack'] ?? '/').split('/');
    const svc = cluster.store.get<Service>('Service', ns, name);
    return svc !== undefined && readyEndpoints(cluster, svc).length > 0;
  };
}
