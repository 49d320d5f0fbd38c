// The controller, end to end through the shell: install as the seed does, then check what it builds.
import { describe, expect, it } from 'vitest';
import { awsAccount } from '../../../../src/model/aws/account.ts';
import type { Service } from '../../../../src/model/cluster/types.ts';
import { formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { loadBalancerName } from '../../../../src/model/lb-controller/naming.ts';
import { readyEndpoints } from '../../../../src/model/lb-controller/controller.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

const INSTALL = [
  'curl -s -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json',
  'aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json > /dev/null',
];
const IRSA = 'eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=kube-system --name=aws-load-balancer-controller --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --override-existing-serviceaccounts --approve > /dev/null';
const HELM = ['helm repo add eks https://aws.github.io/eks-charts', 'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller', 'sleep 30'];

function installed(irsa = true) {
  const e = labEngine();
  // Without IRSA the chart makes its own service account, unannotated: the pods run with the node's role.
  const helm = irsa ? HELM : HELM.map((l) => l.replace(' --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller', ''));
  for (const l of [...INSTALL, ...(irsa ? [IRSA] : []), ...helm]) e.sh(l);
  return e;
}

describe('AWS Load Balancer Controller: NLB for a Service', () => {
  it('names the NLB by the controller algorithm and publishes its DNS name after the reconcile', () => {
    const e = installed();
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    expect(e.sh('kubectl get svc svc-nlb-ip-type')).toContain('<pending>');
    e.sh('sleep 5');
    const cluster = e.session.cluster;
    const svc = cluster.store.get<Service>('Service', 'default', 'svc-nlb-ip-type')!;
    const name = loadBalancerName('myeks', 'default', 'svc-nlb-ip-type', svc.metadata.uid, 'internet-facing');
    const lb = awsAccount(cluster).elbv2.loadBalancers[0];
    expect(lb.name).toBe(name);
    expect(lb.dnsName).toMatch(new RegExp(`^${name}-[0-9a-f]{16}\\.elb\\.ap-northeast-2\\.amazonaws\\.com$`));
    expect(svc.status?.loadBalancer.ingress?.[0].hostname).toBe(lb.dnsName);
    // One subnet per AZ, the public ones (tagged kubernetes.io/role/elb).
    expect(lb.subnets.map((s) => s.az)).toEqual(['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c']);
    expect(lb.subnets.every((s) => cluster.subnet(s.subnetId).public)).toBe(true);
  });

  it('defaults: internal scheme (private subnets) and instance targets on the NodePort, one per node', () => {
    const e = installed();
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh(`kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: plain
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
spec:
  type: LoadBalancer
  selector:
    app: deploy-websrv
  ports:
  - port: 80
    targetPort: 8080
EOF`);
    e.sh('sleep 5');
    const cluster = e.session.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const lb = elbv2.loadBalancers.find((l) => l.tags['service.k8s.aws/stack'] === 'default/plain')!;
    expect(lb.scheme).toBe('internal');
    expect(lb.subnets.every((s) => !cluster.subnet(s.subnetId).public)).toBe(true);
    const tg = elbv2.targetGroups.find((t) => t.tags['service.k8s.aws/stack'] === 'default/plain')!;
    const svc = cluster.store.get<Service>('Service', 'default', 'plain')!;
    expect(tg.targetType).toBe('instance');
    expect(tg.port).toBe(svc.spec.ports[0].nodePort);
    // Property: in instance mode every node is a target, on the NodePort.
    expect(tg.targets.map((t) => `${t.id}:${t.port}`).sort()).toEqual(cluster.nodes.map((n) => `${n.instanceId}:${svc.spec.ports[0].nodePort}`).sort());
  });

  it('ip mode: every ready endpoint is a registered target, through scaling; removed ones drain for 300 s', () => {
    const e = installed();
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 30');
    const cluster = e.session.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const svc = cluster.store.get<Service>('Service', 'default', 'svc-nlb-ip-type')!;
    const check = () => {
      const tg = elbv2.targetGroups[0];
      const active = tg.targets.filter((t) => t.deregisteredAt === undefined).map((t) => `${t.id}:${t.port}`).sort();
      expect(active).toEqual(readyEndpoints(cluster, svc).map((p) => `${formatIpv4(p.ip!)}:8080`).sort());
      return tg;
    };
    check();
    for (const n of [5, 1, 3]) {
      e.sh(`kubectl scale deploy deploy-echo --replicas=${n}`);
      e.sh('sleep 40');
      check();
    }
    const tg = check();
    const draining = tg.targets.filter((t) => t.deregisteredAt !== undefined);
    expect(draining.length).toBeGreaterThan(0);
    e.sh('sleep 300');
    elbv2.expire(tg);
    expect(tg.targets.filter((t) => t.deregisteredAt !== undefined)).toEqual([]);
  });

  it('a target whose pod stops turns unhealthy only after UnhealthyThresholdCount failed checks; the controller drains it first', () => {
    const e = installed();
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 240');
    const arn = "$(aws elbv2 describe-target-groups --query 'TargetGroups[0].TargetGroupArn' --output text)";
    const states = () => e.sh(`aws elbv2 describe-target-health --target-group-arn ${arn} --query 'TargetHealthDescriptions[].TargetHealth.State' --output text`).trim().split('\t').sort().join(' ');
    expect(states()).toBe('healthy healthy');
    // The controller reconciles within a second: the stopped pod's target is draining, never unhealthy.
    e.sh('kubectl scale deploy deploy-echo --replicas=1');
    expect(states()).toBe('healthy healthy');
    e.sh('sleep 1');
    expect(states()).toBe('draining healthy');
    // Without the controller nobody deregisters it: its checks fail from the moment it stopped, and the NLB
    // calls it unhealthy after UnhealthyThresholdCount of them (the target group's health check settings).
    e.sh('helm uninstall aws-load-balancer-controller -n kube-system > /dev/null');
    e.sh('sleep 400');
    const hc = JSON.parse(e.sh(`aws elbv2 describe-target-groups --query 'TargetGroups[0].[HealthCheckIntervalSeconds,UnhealthyThresholdCount]' --output json`)) as [number, number];
    e.sh('kubectl delete pod -l app=deploy-websrv > /dev/null');
    e.sh('sleep 2');
    expect(states()).toBe('healthy');
    e.sh(`sleep ${hc[0] * hc[1] + hc[0]}`);
    expect(states()).toBe('unhealthy');
  });

  it('targets go initial → healthy once the NLB is active and three checks have passed', () => {
    const e = installed();
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 10');
    const arn = "$(aws elbv2 describe-target-groups --query 'TargetGroups[0].TargetGroupArn' --output text)";
    const states = () => e.sh(`aws elbv2 describe-target-health --target-group-arn ${arn} --query 'TargetHealthDescriptions[].TargetHealth.State' --output text`).trim();
    expect(states()).toBe('initial\tinitial');
    e.sh('sleep 175'); // the NLB is active 180 s after creation
    expect(states()).toBe('initial\tinitial');
    e.sh('sleep 30');
    expect(states()).toBe('healthy\thealthy');
  });

  it('without IRSA the controller uses the node role and fails with AWS\'s AccessDenied, in events and logs', () => {
    const e = installed(false);
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 5');
    expect(e.sh('kubectl get svc svc-nlb-ip-type')).toContain('<pending>');
    const describe = e.sh('kubectl describe svc svc-nlb-ip-type');
    expect(describe).toMatch(/Warning\s+FailedBuildModel\s+.*service\s+Failed build model due to AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/eksctl-myeks-nodegroup-ng1-NodeInstanceRole\/i-[0-9a-f]{17} is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers/);
    const logs = e.sh('kubectl logs -n kube-system deploy/aws-load-balancer-controller');
    expect(logs).toContain('"msg":"Reconciler error"');
  });

  it('a role trusting another service account is refused by STS (WebIdentityErr)', () => {
    const e = labEngine();
    for (const l of INSTALL) e.sh(l);
    e.sh('eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=kube-system --name=other --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --approve');
    const role = [...awsAccount(e.session.cluster).iam.roles.values()][0];
    e.sh(`kubectl create serviceaccount aws-load-balancer-controller -n kube-system`);
    e.sh(`kubectl annotate sa aws-load-balancer-controller -n kube-system eks.amazonaws.com/role-arn=${role.arn}`);
    for (const l of HELM) e.sh(l);
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 5');
    expect(e.sh('kubectl describe svc svc-nlb-ip-type')).toContain('Failed build model due to WebIdentityErr: failed to retrieve credentials');
  });

  it('helm list, uninstall, and the CRDs Helm leaves behind', () => {
    const e = installed();
    expect(e.sh('helm list -A')).toMatch(/^aws-load-balancer-controller\tkube-system\t1\s+\t2023-05-05 \d\d:\d\d:\d\d\.\d{9} \+0000 UTC\tdeployed\taws-load-balancer-controller-1\.5\.2\tv2\.5\.1$/m);
    expect(e.sh('helm uninstall aws-load-balancer-controller -n kube-system')).toBe('release "aws-load-balancer-controller" uninstalled\n');
    expect(e.sh('helm list -A')).toBe('NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\n');
    expect(e.sh('kubectl get crd')).toContain('targetgroupbindings.elbv2.k8s.aws');
  });
});
