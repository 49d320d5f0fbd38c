// An echo Deployment behind an ALB Ingress (ip or instance targets), the controller installed as the seed does;
// optionally the namespace labelled for readiness gates first and a preStop sleep in the pods.
import { awsAccount } from '../../../../src/model/aws/account.ts';
import { networkOf } from '../../../../src/model/net/network.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

import { LB_CONTROLLER_INSTALL as INSTALL } from '../../../../src/model/lb-controller/lab-install.ts';

export { INSTALL };

export interface AlbOptions {
  seed?: string;
  replicas?: number;
  targetType?: 'ip' | 'instance';
  /** deregistration_delay.timeout_seconds through the Ingress annotation. */
  deregistrationDelay?: number;
  /** Label the namespace for readiness gates before the pods are made. */
  gates?: boolean;
  preStopSleep?: number;
  /** Extra Ingress paths before the catch-all (`/` Prefix, or none when `catchAll` is false). */
  paths?: { path: string; pathType: string }[];
  catchAll?: boolean;
  host?: string;
}

export function albManifest(o: AlbOptions = {}): string {
  const paths = [...(o.paths ?? []), ...(o.catchAll === false ? [] : [{ path: '/', pathType: 'Prefix' }])];
  const attrs = o.deregistrationDelay !== undefined ? `\n    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=${o.deregistrationDelay}` : '';
  const preStop = o.preStopSleep !== undefined ? `\n        lifecycle:\n          preStop:\n            exec:\n              command: ["/bin/sh", "-c", "sleep ${o.preStopSleep}"]` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels:
      app: echo
  template:
    metadata:
      labels:
        app: echo
    spec:
      containers:
      - name: echo
        image: k8s.gcr.io/echoserver:1.5
        ports:
        - containerPort: 8080${preStop}
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  type: NodePort
  selector:
    app: echo
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: echo
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ${o.targetType ?? 'ip'}${attrs}
spec:
  ingressClassName: alb
  rules:
  - ${o.host ? `host: ${o.host}\n    ` : ''}http:
      paths:
${paths.map((p) => `      - path: ${p.path}\n        pathType: ${p.pathType}\n        backend:\n          service:\n            name: echo\n            port:\n              number: 80`).join('\n')}
`;
}

/** The ALB up and its targets healthy ($ALB holds its DNS name). */
export function withAlb(o: AlbOptions = {}) {
  const e = labEngine(o.seed ? { seed: o.seed } : {});
  for (const l of INSTALL) e.sh(l);
  if (o.gates) e.sh('kubectl label namespace default elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
  // The Service and the Ingress first, so that the webhook finds a TargetGroupBinding when the pods are made.
  const [deploy, ...rest] = albManifest(o).split('\n---\n');
  e.sh(`kubectl apply -f - <<'EOF'\n${rest.join('\n---\n')}EOF`);
  e.sh('sleep 5');
  e.sh(`kubectl apply -f - <<'EOF'\n${deploy}\nEOF`);
  e.sh('sleep 5');
  e.sh('ALB=$(kubectl get ingress echo -o jsonpath={.status.loadBalancer.ingress[0].hostname})');
  e.sh('sleep 300');
  const cluster = e.session.cluster;
  const elbv2 = awsAccount(cluster).elbv2;
  return { e, cluster, elbv2, lb: elbv2.loadBalancers.find((l) => l.type === 'application')!, tg: elbv2.targetGroups[0], net: networkOf(cluster) };
}
