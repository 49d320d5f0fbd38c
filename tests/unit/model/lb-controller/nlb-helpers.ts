// The seed's echo Deployment behind an NLB Service with chosen annotations, the controller installed as the seed does.
import { awsAccount } from '../../../../src/model/aws/account.ts';
import { networkOf } from '../../../../src/model/net/network.ts';
import { labEngine } from '../../shell/engine-helpers.ts';
// The controller installed as the seed installs it: the one list the ALB tests use too.
import { INSTALL } from './alb-helpers.ts';

/** The seed's echo Deployment and a Service with these annotations (besides the class), NLB active and targets healthy. */
export function withNlb(annotations: Record<string, string>, o: { seed?: string; replicas?: number; wait?: boolean } = {}) {
  const e = labEngine(o.seed ? { seed: o.seed } : {});
  for (const l of INSTALL) e.sh(l);
  const ann = Object.entries(annotations).map(([k, v]) => `    service.beta.kubernetes.io/${k}: "${v}"`).join('\n');
  e.sh(`kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy-echo
spec:
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels:
      app: deploy-websrv
  template:
    metadata:
      labels:
        app: deploy-websrv
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: akos-websrv
        image: k8s.gcr.io/echoserver:1.5
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: svc-nlb
${ann ? `  annotations:\n${ann}\n` : ''}spec:
  ports:
    - port: 80
      targetPort: 8080
      protocol: TCP
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector:
    app: deploy-websrv
EOF`);
  e.sh('sleep 5');
  e.sh('NLB=$(kubectl get svc svc-nlb -o jsonpath={.status.loadBalancer.ingress[0].hostname})');
  if (o.wait !== false) e.sh('sleep 240');
  const cluster = e.session.cluster;
  const elbv2 = awsAccount(cluster).elbv2;
  const lb = elbv2.loadBalancers[0];
  const tg = elbv2.targetGroups[0];
  return { e, cluster, lb, tg, net: networkOf(cluster) };
}

