// Changing an NLB Service's settings as a learner would (kubectl annotate, kubectl patch), and what the controller,
// the health checks and the data plane make of it; and the NLB widget's view of the same (views/nlb-path.ts).
import { describe, expect, it } from 'vitest';
import { awsAccount } from '../../../../src/model/aws/account.ts';
import type { Service } from '../../../../src/model/cluster/types.ts';
import { formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { nlbPath, type NlbPathView } from '../../../../src/model/views/nlb-path.ts';
import { withNlb } from './nlb-helpers.ts';

const A = 'service.beta.kubernetes.io/aws-load-balancer-';
type Lab = ReturnType<typeof withNlb>;
const health = (lab: Lab) => lab.e.sh(`aws elbv2 describe-target-health --target-group-arn $(aws elbv2 describe-target-groups --query 'TargetGroups[0].TargetGroupArn' --output text) --query 'TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]' --output text`);
const view = (lab: Lab, n = 0): NlbPathView => {
  const v = nlbPath(lab.cluster, 'default/svc-nlb', n);
  if ('error' in v) throw new Error(v.error);
  return v;
};
const svc = (lab: Lab) => lab.cluster.store.get<Service>('Service', 'default', 'svc-nlb')!;
const internetFacing = { 'aws-load-balancer-scheme': 'internet-facing' };

describe('kubectl patch and apply on a Service go through the API server', () => {
  it('patches externalTrafficPolicy, allocates a health check node port, and drops it again on the way back', () => {
    const lab = withNlb(internetFacing, { wait: false });
    expect(lab.e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).toBe('service/svc-nlb patched\n');
    const local = svc(lab).spec;
    expect(local.externalTrafficPolicy).toBe('Local');
    expect(local.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(local.ports[0].nodePort).not.toBe(local.healthCheckNodePort);
    expect(lab.e.sh('kubectl get svc svc-nlb -o jsonpath={.spec.externalTrafficPolicy}')).toBe('Local');
    expect(lab.e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`)).toBe('service/svc-nlb patched\n');
    expect(svc(lab).spec.healthCheckNodePort).toBeUndefined();
    expect(lab.e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"externalTrafficPolicy":"Nowhere"}}' 2>&1`))
      .toBe('The Service "svc-nlb" is invalid: spec.externalTrafficPolicy: Invalid value: "Nowhere": ExternalTrafficPolicy must be empty, Cluster or Local\n');
    expect(svc(lab).spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('kubectl apply with a changed annotation configures the Service', () => {
    const lab = withNlb(internetFacing, { wait: false });
    expect(lab.e.sh(`kubectl get svc svc-nlb -o yaml | sed 's/scheme: internet-facing/scheme: internal/' | kubectl apply -f - 2>&1`)).toBe('service/svc-nlb configured\n');
    expect(svc(lab).metadata.annotations[`${A}scheme`]).toBe('internal');
  });
});

describe('the controller follows a change of settings', () => {
  it('instance targets: a new target group of every node on the NodePort takes the listener over, and becomes healthy', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'ip' });
    const before = awsAccount(lab.cluster).elbv2.targetGroups.map((t) => t.name);
    lab.e.sh(`kubectl annotate svc svc-nlb ${A}nlb-target-type=instance --overwrite`);
    lab.e.sh('sleep 40');
    const elbv2 = awsAccount(lab.cluster).elbv2;
    expect(elbv2.targetGroups).toHaveLength(1);
    const tg = elbv2.targetGroups[0];
    expect(before).not.toContain(tg.name);
    expect(elbv2.listeners.filter((l) => l.loadBalancerArn === lab.lb.arn).map((l) => l.targetGroupArn)).toEqual([tg.arn]);
    const nodePort = svc(lab).spec.ports[0].nodePort;
    const lines = health(lab).trim().split('\n');
    expect(lines).toEqual(lab.cluster.nodes.map((n) => `${n.instanceId}\t${nodePort}\thealthy`));
  });

  it('externalTrafficPolicy Local on instance targets: HTTP /healthz on the health check node port, nodes without a pod unhealthy', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'instance' });
    lab.e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    lab.e.sh('sleep 40');
    const hcNodePort = svc(lab).spec.healthCheckNodePort!;
    expect(lab.e.sh(`aws elbv2 describe-target-groups --query 'TargetGroups[0].[HealthCheckProtocol,HealthCheckPort,HealthCheckPath,HealthCheckTimeoutSeconds,HealthyThresholdCount,UnhealthyThresholdCount]' --output text`))
      .toBe(`HTTP\t${hcNodePort}\t/healthz\t6\t2\t2\n`);
    const withPods = new Set([...lab.cluster.pods.values()].filter((p) => p.labels.app === 'deploy-websrv').map((p) => p.nodeName));
    const states = Object.fromEntries(health(lab).trim().split('\n').map((l) => l.split('\t')).map(([id, , state]) => [id, state]));
    for (const n of lab.cluster.nodes) expect(states[n.instanceId]).toBe(withPods.has(n.name) ? 'healthy' : 'unhealthy');
    expect(withPods.size).toBeLessThan(lab.cluster.nodes.length);
  });

  it('a health check port nothing on the node listens on fails every instance target', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-healthcheck-port': '8080' });
    expect(health(lab).trim().split('\n').map((l) => l.split('\t')[2])).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
    // Taking the annotation off (traffic-port) modifies the group in place: same name, healthy again.
    const name = awsAccount(lab.cluster).elbv2.targetGroups[0].name;
    lab.e.sh(`kubectl annotate svc svc-nlb ${A}healthcheck-port-`);
    lab.e.sh('sleep 5');
    expect(awsAccount(lab.cluster).elbv2.targetGroups[0].name).toBe(name);
    expect(health(lab).trim().split('\n').map((l) => l.split('\t')[2])).toEqual(['healthy', 'healthy', 'healthy']);
  });
});

describe('the NLB widget view', () => {
  it('ip targets: the pods are the targets, no kube-proxy DNAT on the way, the pod sees the NLB node’s private address', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'ip' });
    const v = view(lab);
    expect(v.settings).toEqual({ targetType: 'ip', externalTrafficPolicy: 'Cluster', crossZone: false });
    const pods = [...lab.cluster.pods.values()].filter((p) => p.labels.app === 'deploy-websrv');
    expect(v.targets.map((t) => `${t.id}:${t.port}`).sort()).toEqual(pods.map((p) => `${formatIpv4(p.ip!)}:8080`).sort());
    expect(v.targets.every((t) => t.state === 'healthy' && t.what.startsWith('pod deploy-echo-'))).toBe(true);
    expect(v.request.hops.map((h) => h.kind)).toEqual(['client', 'network', 'nlb', 'network', 'node', 'pod']);
    expect(v.request.kubeProxyDnat).toBe(false);
    const nlbHop = v.request.hops.find((h) => h.kind === 'nlb')!;
    const az = nlbHop.place.replace('NLB node in ', '');
    expect(v.request.clientSeen).toBe(formatIpv4(lab.lb.subnets.find((s) => s.az === az)!.privateIp));
    expect(v.targetGroup.preserveClientIp).toBe(false);
  });

  it('instance targets with Cluster: every node is a target, kube-proxy DNATs and masquerades; with Local the client address survives', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'instance' });
    const v = view(lab);
    expect(v.targets.map((t) => t.id)).toEqual(lab.cluster.nodes.map((n) => n.instanceId));
    expect(v.request.kubeProxyDnat).toBe(true);
    const nodeIps = lab.cluster.nodes.map((n) => formatIpv4(n.enis[0].primaryIp));
    expect(nodeIps).toContain(v.request.clientSeen);
    lab.e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    lab.e.sh('sleep 40');
    for (let n = 0; n < 5; n++) {
      const r = view(lab, n).request;
      expect(r.clientSeen).toBe(formatIpv4(lab.net.bastion.publicIp));
      // The pod that answers runs on the node the NLB sent the packet to: no second hop.
      expect(r.hops.filter((h) => h.kind === 'node')).toHaveLength(1);
    }
  });

  it('cross-zone off: an AZ without a healthy target drops out of DNS and each NLB node keeps to its own AZ', () => {
    const lab = withNlb({ ...internetFacing, 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-cross-zone-load-balancing-enabled': 'false' }, { replicas: 1 });
    const v = view(lab);
    expect(v.settings.crossZone).toBe(false);
    expect(v.dns).toHaveLength(1);
    expect(v.dns[0].az).toBe(v.targets[0].az);
    lab.e.sh(`kubectl annotate svc svc-nlb ${A}cross-zone-load-balancing-enabled=true --overwrite`);
    lab.e.sh('sleep 5');
    expect(view(lab).dns).toHaveLength(3);
  });

  it('says why when there is no load balancer', () => {
    const lab = withNlb(internetFacing, { wait: false });
    expect(nlbPath(lab.cluster, 'default/nope')).toEqual({ error: 'No Service default/nope in this cluster.' });
    expect(nlbPath(lab.cluster, 'default/kubernetes')).toHaveProperty('error');
  });
});
