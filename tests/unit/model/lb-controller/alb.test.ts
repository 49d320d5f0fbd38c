// The controller's Ingress side, end to end through the shell: groups, defaults, rules and targets as v2.5.1
// builds them (pkg/ingress/model_build_*.go), and what kubectl and aws print of them.
import { describe, expect, it } from 'vitest';
import { awsAccount } from '../../../../src/model/aws/account.ts';
import type { Service } from '../../../../src/model/cluster/types.ts';
import { ingressLoadBalancerName } from '../../../../src/model/lb-controller/naming.ts';
import { pathPatterns, sortPaths } from '../../../../src/model/lb-controller/ingress.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

const SETUP = [
  'curl -s -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json',
  'aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json > /dev/null',
  'eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=kube-system --name=aws-load-balancer-controller --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --override-existing-serviceaccounts --approve > /dev/null',
  'helm repo add eks https://aws.github.io/eks-charts',
  'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller',
  'sleep 30',
  'kubectl apply -f ingress1.yaml',
];

function installed() {
  const e = labEngine();
  for (const l of SETUP) e.sh(l);
  return e;
}

/** An Ingress in game-2048 to service-2048:80, with extra annotations and paths. */
function ingress(name: string, annotations: Record<string, string>, paths = '        - path: /\n          pathType: Prefix') {
  const extra = annotations['kubernetes.io/ingress.class'] === undefined ? '  ingressClassName: alb\n' : '';
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: '${v}'`).join('\n');
  const backend = '          backend:\n            service:\n              name: service-2048\n              port:\n                number: 80';
  const withBackends = paths.split('\n').map((l) => (l.trimStart().startsWith('pathType') ? `${l}\n${backend}` : l)).join('\n');
  return `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  namespace: game-2048
  name: ${name}
  annotations:
${ann || '    x: y'}
spec:
${extra}  rules:
    - http:
        paths:
${withBackends}
EOF`;
}

describe('AWS Load Balancer Controller: ALB for an Ingress', () => {
  it('builds the 2048 ALB: name, DNS shape, status, TargetGroupBinding, listener 404 default and the /* rule', () => {
    const e = installed();
    expect(e.sh('kubectl get ingress -n game-2048')).toMatch(/^ingress-2048\s+alb\s+\*\s+80\s+\d+s$/m);
    e.sh('sleep 5');
    const cluster = e.session.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const lb = elbv2.loadBalancers.find((l) => l.type === 'application')!;
    expect(lb.name).toBe(ingressLoadBalancerName('myeks', { namespace: 'game-2048', name: 'ingress-2048' }, 'internet-facing'));
    expect(lb.dnsName).toMatch(/^k8s-game2048-ingress2-70d50ce3fd-\d{9,10}\.ap-northeast-2\.elb\.amazonaws\.com$/);
    expect(lb.subnets.every((s) => cluster.subnet(s.subnetId).public)).toBe(true);
    expect(e.sh('kubectl get ingress -n game-2048 ingress-2048 -o jsonpath={.status.loadBalancer.ingress[0].hostname}')).toBe(lb.dnsName);
    expect(e.sh('kubectl get targetgroupbindings -n game-2048')).toMatch(/^k8s-game2048-service2-[0-9a-f]{10}\s+service-2048\s+80\s+ip\s+/m);
    const [listener] = elbv2.listeners.filter((l) => l.loadBalancerArn === lb.arn);
    expect(listener).toMatchObject({ port: 80, protocol: 'HTTP', defaultActions: [{ type: 'fixed-response', statusCode: '404', contentType: 'text/plain' }] });
    const rules = JSON.parse(e.sh(`aws elbv2 describe-rules --listener-arn ${listener.arn}`)).Rules;
    expect(rules.map((r: any) => [r.Priority, r.IsDefault])).toEqual([['1', false], ['default', true]]);
    expect(rules[0].Conditions).toEqual([{ Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } }]);
    const lbJson = JSON.parse(e.sh(`aws elbv2 describe-load-balancers --load-balancer-arns ${lb.arn}`)).LoadBalancers[0];
    expect(lbJson).toMatchObject({ Type: 'application', CanonicalHostedZoneId: 'ZWKZPGTI48KDX', Scheme: 'internet-facing' });
    expect(lbJson.SecurityGroups).toHaveLength(2);
    expect(e.sh('kubectl get events -n game-2048 --field-selector involvedObject.kind=Ingress')).toMatch(/Normal\s+SuccessfullyReconciled\s+ingress\/ingress-2048\s+Successfully reconciled/);
  });

  it('defaults: internal scheme (internal- DNS, private subnets), instance targets on the NodePort of every node, ALB health checks', () => {
    const e = installed();
    e.sh(ingress('plain', {}));
    e.sh('sleep 5');
    const cluster = e.session.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const lb = elbv2.loadBalancers.find((l) => l.tags['ingress.k8s.aws/stack'] === 'game-2048/plain')!;
    expect(lb.scheme).toBe('internal');
    expect(lb.dnsName).toMatch(/^internal-k8s-game2048-plain-[0-9a-f]{10}-\d+\.ap-northeast-2\.elb\.amazonaws\.com$/);
    expect(lb.subnets.every((s) => !cluster.subnet(s.subnetId).public)).toBe(true);
    const svc = cluster.store.get<Service>('Service', 'game-2048', 'service-2048')!;
    const tg = elbv2.targetGroups.find((t) => t.tags['ingress.k8s.aws/stack'] === 'game-2048/plain')!;
    expect(tg).toMatchObject({ targetType: 'instance', protocol: 'HTTP', protocolVersion: 'HTTP1', port: svc.spec.ports[0].nodePort });
    expect(tg.healthCheck).toEqual({ protocol: 'HTTP', port: 'traffic-port', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2, path: '/', matcher: '200' });
    expect(tg.targets.map((t) => `${t.id}:${t.port}`).sort()).toEqual(cluster.nodes.map((n) => `${n.instanceId}:${svc.spec.ports[0].nodePort}`).sort());
    expect(tg.tags['ingress.k8s.aws/resource']).toBe('game-2048/plain-service-2048:80');
    // Healthy after the ALB is active and two checks 15 s apart.
    e.sh('sleep 240');
    expect(e.sh(`aws elbv2 describe-target-health --target-group-arn ${tg.arn} --query 'TargetHealthDescriptions[].TargetHealth.State' --output text`)).toBe('healthy\thealthy\thealthy\n');
  });

  it('health-check annotations, the Service overriding the Ingress', () => {
    const e = installed();
    e.sh("kubectl annotate svc -n game-2048 service-2048 alb.ingress.kubernetes.io/healthcheck-path=/svc");
    e.sh(ingress('hc', {
      'alb.ingress.kubernetes.io/healthcheck-path': '/ing', 'alb.ingress.kubernetes.io/healthcheck-interval-seconds': '30',
      'alb.ingress.kubernetes.io/success-codes': '200-399', 'alb.ingress.kubernetes.io/healthy-threshold-count': '3',
    }));
    e.sh('sleep 5');
    const tg = awsAccount(e.session.cluster).elbv2.targetGroups.find((t) => t.tags['ingress.k8s.aws/stack'] === 'game-2048/hc')!;
    expect(tg.healthCheck).toMatchObject({ path: '/svc', intervalSeconds: 30, matcher: '200-399', healthyThreshold: 3 });
  });

  it('group.name: one ALB for two Ingresses, rules in group.order, then Exact, then Prefix longest first', () => {
    const e = installed();
    e.sh(ingress('second', { 'alb.ingress.kubernetes.io/group.name': 'shared', 'alb.ingress.kubernetes.io/group.order': '10' }, '        - path: /b\n          pathType: Prefix'));
    e.sh(ingress('first', { 'alb.ingress.kubernetes.io/group.name': 'shared', 'alb.ingress.kubernetes.io/group.order': '1' },
      '        - path: /a\n          pathType: Prefix\n        - path: /a/longer\n          pathType: Prefix\n        - path: /exact\n          pathType: Exact'));
    e.sh('sleep 5');
    const elbv2 = awsAccount(e.session.cluster).elbv2;
    const lbs = elbv2.loadBalancers.filter((l) => l.tags['ingress.k8s.aws/stack'] === 'shared');
    expect(lbs).toHaveLength(1);
    expect(lbs[0].name).toBe(ingressLoadBalancerName('myeks', { name: 'shared' }, 'internal'));
    expect(lbs[0].name).toMatch(/^k8s-shared-[0-9a-f]{10}$/);
    const listener = elbv2.listeners.find((l) => l.loadBalancerArn === lbs[0].arn)!;
    const rules = elbv2.rules.filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority);
    expect(rules.map((r) => [r.priority, r.conditions[0].values])).toEqual([
      [1, ['/exact']], [2, ['/a/longer', '/a/longer/*']], [3, ['/a', '/a/*']], [4, ['/b', '/b/*']],
    ]);
    // Both Ingresses show the shared ALB's address.
    const out = e.sh('kubectl get ingress -n game-2048 first second -o jsonpath={.items[*].status.loadBalancer.ingress[0].hostname}');
    expect(out).toBe(`${lbs[0].dnsName} ${lbs[0].dnsName}`);
  });

  it('listen-ports, the legacy class annotation, a missing Service (503), a bad port (FailedBuildModel), deletion', () => {
    const e = installed();
    e.sh(ingress('ports', { 'kubernetes.io/ingress.class': 'alb', 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTP": 8080}]' }));
    e.sh('sleep 5');
    const elbv2 = awsAccount(e.session.cluster).elbv2;
    const lb = elbv2.loadBalancers.find((l) => l.tags['ingress.k8s.aws/stack'] === 'game-2048/ports')!;
    expect(elbv2.listeners.filter((l) => l.loadBalancerArn === lb.arn).map((l) => l.port)).toEqual([80, 8080]);
    expect(e.sh('kubectl get ingress -n game-2048 ports')).toMatch(/^ports\s+<none>\s+\*\s+internal-k8s-game2048-ports-/m);

    e.sh(ingress('other-class', { 'kubernetes.io/ingress.class': 'nginx' }));
    e.sh(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  namespace: game-2048
  name: broken
spec:
  ingressClassName: alb
  rules:
    - http:
        paths:
        - path: /missing
          pathType: Prefix
          backend:
            service:
              name: nope
              port:
                number: 80
        - path: /badport
          pathType: Prefix
          backend:
            service:
              name: service-2048
              port:
                number: 8080
EOF`);
    e.sh('sleep 5');
    expect(elbv2.loadBalancers.some((l) => l.tags['ingress.k8s.aws/stack'] === 'game-2048/other-class')).toBe(false);
    expect(e.sh('kubectl describe ingress -n game-2048 broken')).toContain('Warning  FailedBuildModel');
    expect(e.sh('kubectl describe ingress -n game-2048 broken')).toContain('Failed build model due to ingress: game-2048/broken: unable to find port 8080 on service game-2048/service-2048');
    expect(e.sh('kubectl describe ingress -n game-2048 broken')).toMatch(/^              \/missing   nope:80 \(<error: endpoints "nope" not found>\)$/m);
    e.sh(`kubectl patch ingress -n game-2048 broken --type=json -p '[{"op":"remove","path":"/spec/rules/0/http/paths/1"}]'`);
    e.sh('sleep 5');
    const broken = elbv2.loadBalancers.find((l) => l.tags['ingress.k8s.aws/stack'] === 'game-2048/broken')!;
    const ls = elbv2.listeners.find((l) => l.loadBalancerArn === broken.arn)!;
    expect(elbv2.rules.find((r) => r.listenerArn === ls.arn)!.actions).toEqual([{ type: 'fixed-response', statusCode: '503', contentType: 'text/plain', messageBody: 'Backend service does not exist' }]);

    e.sh('kubectl delete ingress -n game-2048 ports');
    e.sh('sleep 5');
    expect(elbv2.loadBalancers.some((l) => l.tags['ingress.k8s.aws/stack'] === 'game-2048/ports')).toBe(false);
    expect(elbv2.targetGroups.some((t) => t.tags['ingress.k8s.aws/stack'] === 'game-2048/ports')).toBe(false);
  });
});

describe('group names', () => {
  it('validateGroupName: a bad group.name is a FailedLoadGroupID event and no ALB', () => {
    const e = installed();
    e.sh(ingress('badgroup', { 'alb.ingress.kubernetes.io/group.name': 'Bad_Group' }));
    e.sh('sleep 5');
    const events = e.sh('kubectl describe ingress -n game-2048 badgroup').split('Events:')[1];
    // Once: the Ingress is not enqueued again until it changes.
    expect(events.match(/FailedLoadGroupID/g)).toHaveLength(1);
    expect(events).toMatch(/^  Warning  FailedLoadGroupID  \d+s    ingress  failed load groupID due to invalid ingress group: groupName must consist of lower case alphanumeric characters, '-' or '\.', and must start and end with an alphanumeric character$/m);
    expect(awsAccount(e.session.cluster).elbv2.loadBalancers.filter((l) => l.type === 'application')).toHaveLength(1);
  });
});

describe('Ingress paths as the controller orders and writes them (model_build_listener_rules.go)', () => {
  it('Prefix / is /*; Prefix /foo and /foo/ are /foo and /foo/*; Exact as written; wildcards refused', () => {
    expect(pathPatterns('/', 'Prefix')).toEqual(['/*']);
    expect(pathPatterns('/foo/', 'Prefix')).toEqual(['/foo', '/foo/*']);
    expect(pathPatterns('/foo', 'Exact')).toEqual(['/foo']);
    expect(pathPatterns('/foo*', 'ImplementationSpecific')).toEqual(['/foo*']);
    expect(() => pathPatterns('/foo*', 'Prefix')).toThrow("prefix path shouldn't contain wildcards: /foo*");
  });
  it('sortIngressPaths: Exact, Prefix by length (stable), then the rest in order', () => {
    const p = (path: string, pathType?: string) => ({ path, ...(pathType ? { pathType } : {}), backend: {} });
    expect(sortPaths([p('/x'), p('/a', 'Prefix'), p('/abc', 'Prefix'), p('/e', 'Exact'), p('/b', 'Prefix')]).map((x) => x.path)).toEqual(['/e', '/abc', '/a', '/b', '/x']);
  });
});
