// Draining, registration and readiness gates over model time, and what a client of the ALB sees during a rollout:
// AWS's target states and reasons (DescribeTargetHealth), the controller's readiness gate (docs/deploy/
// pod_readiness_gate.md, pkg/inject, pkg/targetgroupbinding at v2.5.1), the ALB's awselb/2.0 pages and headers.
import { describe, expect, it } from 'vitest';
import { DEREGISTRATION_PROPAGATION_MS } from '../../../../src/model/aws/elbv2.ts';
import type { ReplicaSet } from '../../../../src/model/cluster/types.ts';
import { formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { withAlb } from './alb-helpers.ts';
import { withNlb } from './nlb-helpers.ts';

const HEALTH = `--query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State,TargetHealth.Reason]' --output text`;

/** The HTTP status of each of n requests, one a second. */
function codes(sh: (l: string) => string, n: number): string[] {
  return sh(`for i in $(seq 1 ${n}); do curl -s -o /dev/null -w '%{http_code}\\n' $ALB; sleep 1; done`).trim().split('\n');
}

describe('target registration and draining over model time', () => {
  it('a scaled-down pod\'s target drains for the default 300 s with AWS\'s reason, then is gone', () => {
    const { e, tg } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip' }, { replicas: 2 });
    e.sh(`TG=${tg.arn}`);
    const before = e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`).trim().split('\n');
    expect(before.every((l) => /\thealthy\tNone$/.test(l))).toBe(true);
    e.sh('kubectl scale deploy deploy-echo --replicas=1; sleep 3');
    const json = JSON.parse(e.sh('aws elbv2 describe-target-health --target-group-arn $TG'));
    const draining = json.TargetHealthDescriptions.filter((d: { TargetHealth: { State: string } }) => d.TargetHealth.State === 'draining');
    expect(draining).toHaveLength(1);
    expect(draining[0].TargetHealth).toEqual({ State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    expect(draining[0].HealthCheckPort).toBe('8080');
    e.sh('sleep 290');
    expect(e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`)).toMatch(/\tdraining\t/);
    e.sh('sleep 10');
    expect(e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`).trim().split('\n')).toHaveLength(1);
  });

  it('the target-group-attributes annotation sets the deregistration delay, and an edit applies in place', () => {
    const { e, tg } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-target-group-attributes': 'deregistration_delay.timeout_seconds=30' });
    expect(tg.attributes['deregistration_delay.timeout_seconds']).toBe('30');
    e.sh(`TG=${tg.arn}; kubectl scale deploy deploy-echo --replicas=1; sleep 25`);
    expect(e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`)).toMatch(/\tdraining\t/);
    e.sh('sleep 10');
    expect(e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`)).not.toMatch(/draining/);
    e.sh(`kubectl annotate svc svc-nlb --overwrite service.beta.kubernetes.io/aws-load-balancer-target-group-attributes=deregistration_delay.timeout_seconds=10; sleep 2`);
    expect(e.sh(`aws elbv2 describe-target-group-attributes --target-group-arn $TG --query "Attributes[?Key=='deregistration_delay.timeout_seconds'].Value" --output text`)).toBe('10\n');
  });

  it('a new target is initial (registration, then initial health checks) until the healthy threshold passes', () => {
    // ALB defaults: checks every 15 s, healthy after 2.
    const { e, tg } = withAlb({ replicas: 1 });
    e.sh(`TG=${tg.arn}; kubectl scale deploy echo --replicas=2; sleep 4`);
    const states = () => e.sh(`aws elbv2 describe-target-health --target-group-arn $TG ${HEALTH}`).trim().split('\n').map((l) => l.split('\t').slice(1).join(' ')).sort();
    expect(states()).toEqual(['healthy None', 'initial Elb.RegistrationInProgress']);
    e.sh('sleep 6');
    expect(states()).toEqual(['healthy None', 'initial Elb.InitialHealthChecking']);
    e.sh('sleep 30');
    expect(states()).toEqual(['healthy None', 'healthy None']);
  });
});

describe('HTTP through the ALB', () => {
  it('round robin over the target group, with the headers the ALB adds', () => {
    const { e, cluster, lb, net } = withAlb({ replicas: 2 });
    const hosts = e.sh('for i in 1 2 3 4 5 6; do curl -s $ALB | grep Hostname; done').trim().split('\n');
    expect(new Set(hosts).size).toBe(2);
    for (let i = 2; i < hosts.length; i++) expect(hosts[i]).toBe(hosts[i - 2]);
    const page = e.sh('curl -s $ALB');
    // Internet-facing, reached from the bastion through the internet gateway: its public address.
    const bastion = formatIpv4(net.bastion.publicIp);
    expect(page).toContain(`\tx-forwarded-for=${bastion}\n\tx-forwarded-port=80\n\tx-forwarded-proto=http\n`);
    const trace = /\tx-amzn-trace-id=Root=1-([0-9a-f]{8})-([0-9a-f]{24})\n/.exec(page);
    expect(trace).not.toBeNull();
    expect(Math.abs(parseInt(trace![1], 16) - cluster.now / 1000)).toBeLessThan(2);
    // The target sees the ALB node's private address, not the client's.
    const client = /client_address=(\S+)/.exec(page)![1];
    expect(lb.subnets.map((s) => formatIpv4(s.privateIp))).toContain(client);
    // Same seed, same trace ids.
    const again = withAlb({ replicas: 2 });
    again.e.sh('for i in 1 2 3 4 5 6; do curl -s $ALB; done');
    expect(/x-amzn-trace-id=\S+/.exec(again.e.sh('curl -s $ALB'))![0]).toBe(trace![0].trim());
  });

  it('rules by priority: an Exact path, a host; anything else gets the listener\'s fixed 404 as the ALB prints it', () => {
    const { e } = withAlb({ paths: [{ path: '/api', pathType: 'Exact' }], catchAll: false, host: 'echo.example.com' });
    const notFound = e.sh('curl -s -i $ALB/api');
    expect(notFound).toMatch(/^HTTP\/1\.1 404 Not Found\r\nServer: awselb\/2\.0\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n$/);
    expect(e.sh('curl -s -H "Host: echo.example.com" $ALB/api | grep "real path"')).toBe('\treal path=/api\n');
    expect(e.sh('curl -s -o /dev/null -w "%{http_code}" -H "Host: ECHO.example.com" $ALB/api')).toBe('200');
    expect(e.sh('curl -s -o /dev/null -w "%{http_code}" -H "Host: echo.example.com" $ALB/api/x')).toBe('404');
  });
});

describe('a rollout behind the ALB', () => {
  it('without readiness gates: errors while old targets are gone and new ones still initial (issue #1124)', () => {
    const { e } = withAlb({ replicas: 2, deregistrationDelay: 30 });
    e.sh('kubectl rollout restart deploy echo');
    const seen = codes(e.sh, 60);
    // A request to a pod that got SIGTERM before its deregistration reached the ALB: reset (502) or, once the pod
    // is gone, no answer within 10 s (504); then only initial and draining targets: no target at all (503).
    expect(seen.some((c) => c === '502' || c === '504')).toBe(true);
    expect(seen.filter((c) => c === '503').length).toBeGreaterThan(10);
    expect(seen.slice(-5)).toEqual(['200', '200', '200', '200', '200']);
  });

  it('the ALB\'s 503 page, exactly as it sends it', () => {
    const { e } = withAlb({ replicas: 1 });
    e.sh('kubectl rollout restart deploy echo; sleep 12');
    expect(e.sh('curl -s -i $ALB').replace(/Date: .*\r\n/, 'Date: X\r\n')).toBe(
      'HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\nDate: X\r\nContent-Type: text/html\r\nContent-Length: 162\r\nConnection: keep-alive\r\n\r\n'
      + '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n',
    );
  });

  it('with readiness gates: the webhook injects target-health.elbv2.k8s.aws/<binding>, and the rollout waits for healthy targets', () => {
    const { e, cluster } = withAlb({ replicas: 2, gates: true });
    const binding = e.sh('kubectl get targetgroupbindings -o name').trim().split('/')[1];
    expect(e.sh("kubectl get pods -o jsonpath='{.items[0].spec.readinessGates}'")).toBe(`[{"conditionType":"target-health.elbv2.k8s.aws/${binding}"}]`);
    e.sh('kubectl rollout restart deploy echo; sleep 5');
    const wide = e.sh('kubectl get pods -o wide --no-headers');
    expect(wide.trim().split('\n')).toHaveLength(3);
    expect(wide).toMatch(/ 1\/1 +Running .* 0\/1\n/);
    // The Ready condition as the kubelet writes it while the gate's condition is False.
    const newPod = `pod/${e.sh("kubectl get pods -o wide --no-headers | awk '$NF == \"0/1\" {print $1}'").trim()}`;
    expect(newPod).toMatch(/^pod\/echo-[a-z0-9]+-[a-z0-9]{5}$/);
    const cond = JSON.parse(e.sh(`kubectl get ${newPod} -o jsonpath='{.status.conditions}'`));
    expect(cond[0]).toMatchObject({ type: `target-health.elbv2.k8s.aws/${binding}`, status: 'False', reason: 'Elb.RegistrationInProgress', message: 'Target registration is in progress' });
    expect(cond.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: `the status of pod readiness gate "target-health.elbv2.k8s.aws/${binding}" is not "True", but False` });
    const describe = e.sh(`kubectl describe ${newPod}`);
    // describe.go's "%v \t%v \n" rows: three spaces between the longest type and its status.
    expect(describe).toContain(`Readiness Gates:\n  Type${' '.repeat(binding.length + 28 + 3 - 4)}Status\n  target-health.elbv2.k8s.aws/${binding}   False\n`);
    // The old ReplicaSet keeps both pods until the new pod's target is healthy (2 checks of 15 s, seen within 15 s).
    const revision = (n: string) => {
      const rs = cluster.store.list<ReplicaSet>('ReplicaSet', { namespace: 'default' }).find((r) => r.metadata.annotations['deployment.kubernetes.io/revision'] === n)!;
      return e.sh(`kubectl get rs ${rs.metadata.name} -o jsonpath='{.spec.replicas} {.status.readyReplicas}'`);
    };
    expect(revision('1')).toBe('2 2');
    e.sh('sleep 30');
    expect(revision('1')).toBe('2 2');
    expect(revision('2')).toBe('1 0');
    e.sh('sleep 120');
    expect(e.sh('kubectl get pods -o wide --no-headers').trim().split('\n').map((l) => l.trim().split(/\s+/).at(-1))).toEqual(['1/1', '1/1']);
    expect(e.sh(`kubectl describe ${newPod} | grep -A2 "^Conditions"`)).toBe(`Conditions:\n  Type${' '.repeat(binding.length + 28 + 3 - 4)}Status\n  target-health.elbv2.k8s.aws/${binding}   True\n`);
  });

  it('pods made before the namespace is labelled get no gate; nor do pods behind instance targets', () => {
    const late = withAlb({ replicas: 1 });
    late.e.sh('kubectl label namespace default elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
    expect(late.e.sh("kubectl get pods -o jsonpath='{.items[*].spec.readinessGates}'")).toBe('');
    late.e.sh('kubectl scale deploy echo --replicas=2; sleep 2');
    expect(late.e.sh("kubectl get pods -o jsonpath='{.items[*].spec.readinessGates}'")).toMatch(/target-health\.elbv2\.k8s\.aws\/k8s-default-echo-/);
    const instance = withAlb({ replicas: 1, gates: true, targetType: 'instance' });
    expect(instance.e.sh('kubectl get pods -o wide --no-headers')).toMatch(/<none>\s+<none>\n$/);
  });

  it('with readiness gates and a preStop sleep longer than the deregistration takes to reach the ALB: no error at all', () => {
    const { e } = withAlb({ replicas: 2, gates: true, preStopSleep: 15, deregistrationDelay: 30 });
    expect(15_000).toBeGreaterThan(DEREGISTRATION_PROPAGATION_MS + 1_000);
    e.sh('kubectl rollout restart deploy echo');
    const seen = codes(e.sh, 150);
    expect(new Set(seen)).toEqual(new Set(['200']));
    const rs = e.sh('kubectl get rs --no-headers').trim().split('\n').map((l) => l.split(/\s+/).slice(1, 4).join(' ')).sort();
    expect(rs).toEqual(['0 0 0', '2 2 2']);
  });

  it('with readiness gates but no preStop sleep: a pod still exits before its deregistration reaches the ALB (issue #1719)', () => {
    const { e } = withAlb({ replicas: 2, gates: true, deregistrationDelay: 30 });
    e.sh('kubectl rollout restart deploy echo');
    const seen = codes(e.sh, 150);
    expect(seen.filter((c) => c !== '200').length).toBeGreaterThan(0);
    expect(seen).not.toContain('503');
  });
});

describe('a subnet without room for another load balancer', () => {
  it('is AWS\'s InvalidSubnet in a FailedDeployModel event, not a crash; deleting Services gives the addresses back', () => {
    const { e, cluster } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip' }, { wait: false });
    // The lab's /24 private subnets (the internal scheme's) hold about 250 addresses each.
    for (let i = 0; i < 260; i++) {
      cluster.applyService({
        namespace: 'default', name: `many-${i}`, labels: {}, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' },
        spec: { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', selector: { app: 'deploy-websrv' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }] },
      });
    }
    e.sh('sleep 2');
    const event = cluster.recorder.events.find((ev) => ev.reason === 'FailedDeployModel');
    expect(event?.message).toMatch(/^Failed deploy model due to InvalidSubnet: Not enough IP space available in subnet-0[0-9a-f]{16}\. ELB requires at least 8 free IP addresses in each subnet\.\n\tstatus code: 400, request id: [0-9a-f-]{36}$/);
    const pending = e.sh('kubectl get svc --no-headers | grep -c "<pending>"').trim();
    expect(Number(pending)).toBeGreaterThan(0);
    e.sh('for i in $(seq 0 40); do kubectl delete svc many-$i > /dev/null; done; sleep 5');
    expect(e.sh('kubectl get svc --no-headers | grep -c "<pending>"').trim()).toBe('0');
  });
});

describe('kubectl rollout status through a gated rollout', () => {
  it('prints the status viewer\'s messages as they change, then success', () => {
    const { e } = withAlb({ replicas: 2, gates: true });
    // kubectl/pkg/polymorphichelpers/rollout_status.go: new replicas updated, then old ones pending termination.
    expect(e.sh('kubectl rollout restart deploy echo > /dev/null; kubectl rollout status deploy echo')).toBe(
      'Waiting for deployment "echo" rollout to finish: 1 out of 2 new replicas have been updated...\n'
      + 'Waiting for deployment "echo" rollout to finish: 1 old replicas are pending termination...\n'
      + 'deployment "echo" successfully rolled out\n',
    );
  });
});
