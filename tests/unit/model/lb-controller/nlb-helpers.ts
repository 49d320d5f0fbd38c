// The seed's echo Deployment behind an NLB Service with chosen annotations, the controller installed as the seed does.
import { awsAccount } from '../../../../src/model/aws/account.ts';
import { networkOf } from '../../../../src/model/net/network.ts';
import { labEngine } from '../../shell/engine-helpers.ts';
import { LB_CONTROLLER_INSTALL } from '../../../../src/model/lb-controller/lab-install.ts';
import { echoNlbManifest } from '../../../../src/model/quiz/load-balancer-question.ts';

/** The seed's echo Deployment and a Service with these annotations (besides the class), NLB active and targets healthy. */
export function withNlb(annotations: Record<string, string>, o: { seed?: string; replicas?: number; wait?: boolean } = {}) {
  const e = labEngine(o.seed ? { seed: o.seed } : {});
  for (const l of LB_CONTROLLER_INSTALL) e.sh(l);
  const full = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [`service.beta.kubernetes.io/${k}`, v]));
  e.sh(`kubectl apply -f - <<'EOF'\n${echoNlbManifest(o.replicas ?? 2, full)}EOF`);
  e.sh('sleep 5');
  e.sh('NLB=$(kubectl get svc svc-nlb -o jsonpath={.status.loadBalancer.ingress[0].hostname})');
  if (o.wait !== false) e.sh('sleep 240');
  const cluster = e.session.cluster;
  const elbv2 = awsAccount(cluster).elbv2;
  const lb = elbv2.loadBalancers[0];
  const tg = elbv2.targetGroups[0];
  return { e, cluster, lb, tg, net: networkOf(cluster) };
}

