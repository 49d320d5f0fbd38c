// The NLB widget's own lab, built the same way at build time (NlbPath.astro) and in the engine worker (calls.ts), so
// that the server-rendered picture is the one the live cluster gives: the controller installed as the seed lab
// installs it (IRSA, then the chart), the lab's echo Service, and the lab's health-check-port annotation taken off,
// so that the NLB checks each target on its traffic port in both target types (with the lab's 8080, instance
// targets would fail their checks: nothing listens on port 8080 of a node). Commands a learner could type.
import { LB_CONTROLLER_INSTALL } from '../../model/lb-controller/lab-install.ts';

export const NLB_SERVICE = 'default/svc-nlb-ip-type';
const SVC = 'svc-nlb-ip-type';
const A = 'service.beta.kubernetes.io/aws-load-balancer-';

export const NLB_PATH_SETUP = [
  ...LB_CONTROLLER_INSTALL,
  'kubectl apply -f echo-service-nlb.yaml',
  `kubectl annotate svc ${SVC} ${A}healthcheck-port-`,
  'sleep 240',
];

export interface NlbChange {
  targetType?: 'ip' | 'instance';
  externalTrafficPolicy?: 'Cluster' | 'Local';
  crossZone?: boolean;
}

/** How long the widget lets pass after a change: a reconcile, then three 10 s checks of a new target group. */
export const SETTLE_SECONDS = 40;

/** The commands a change is, as a learner would type them. */
export function changeCommands(c: NlbChange): string[] {
  const out: string[] = [];
  if (c.targetType) out.push(`kubectl annotate svc ${SVC} ${A}nlb-target-type=${c.targetType} --overwrite`);
  if (c.externalTrafficPolicy) out.push(`kubectl patch svc ${SVC} -p '{"spec":{"externalTrafficPolicy":"${c.externalTrafficPolicy}"}}'`);
  if (c.crossZone !== undefined) out.push(`kubectl annotate svc ${SVC} ${A}cross-zone-load-balancing-enabled=${c.crossZone} --overwrite`);
  if (out.length) out.push(`sleep ${SETTLE_SECONDS}`);
  return out;
}
