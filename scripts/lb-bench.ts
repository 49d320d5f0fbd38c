// The AWS Load Balancer Controller at scale, for `npm run bench`: N LoadBalancer Services (NLB, ip targets, all
// selecting one 3-replica Deployment) reconciled in one pass. The cluster is a 20-node m5.xlarge one, whose VPC has
// room for a thousand internet-facing NLBs (the lab's /24 subnets hold about 240; past that AWS answers
// InvalidSubnet). Figures: the first pass (every NLB, listener, target group and binding created, every target
// registered), a pass with nothing to change (median of 5), and the heap the new objects take.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { awsAccount } from '../src/model/aws/account.ts';
import { lbController } from '../src/model/lb-controller/controller.ts';
import { labFiles } from '../src/node/lab-content.ts';
import { createEngine } from '../src/shell/engine.ts';
import { LB_CONTROLLER_INSTALL } from '../src/model/lb-controller/lab-install.ts';

/** The controller as the seed installs it, then a Deployment for the Services to select. */
const INSTALL = [
  ...LB_CONTROLLER_INSTALL,
  'kubectl create deployment web --image=nginx --replicas=3',
  'sleep 10',
];

export interface LbReconcileFigures {
  services: number;
  loadBalancers: number;
  targetGroups: number;
  targets: number;
  firstMs: number;
  steadyMs: number;
  heapMb: number;
}

function collect(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return gc;
}

export function measureLbReconcile(services: number): LbReconcileFigures {
  const gc = collect();
  const e = createEngine({ files: labFiles(), nodes: 20, instanceType: 'm5.xlarge' });
  for (const line of INSTALL) e.shell.run(line);
  const cluster = e.cluster;
  for (let i = 0; i < services; i++) {
    cluster.applyService({
      namespace: 'default', name: `svc-${i}`, labels: {},
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
      spec: { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', selector: { app: 'web' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] },
    });
  }
  const controller = lbController(cluster);
  gc();
  const heap = process.memoryUsage().heapUsed;
  let start = performance.now();
  controller.reconcile();
  const firstMs = performance.now() - start;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heap) / 1e6;
  const steady: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    controller.reconcile();
    steady.push(performance.now() - start);
  }
  const elbv2 = awsAccount(cluster).elbv2;
  return {
    services, loadBalancers: elbv2.loadBalancers.length, targetGroups: elbv2.targetGroups.length,
    targets: elbv2.targetGroups.reduce((n, tg) => n + tg.targets.length, 0),
    firstMs, steadyMs: steady.sort((a, b) => a - b)[2], heapMb,
  };
}
