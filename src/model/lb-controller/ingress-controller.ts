// The controller's Ingress group reconciler (v2.5.1 controllers/ingress/group_controller.go) deploying what
// ingress.ts plans: the ALB (tags elbv2.k8s.aws/cluster, ingress.k8s.aws/stack = the group ID,
// ingress.k8s.aws/resource = LoadBalancer), its listeners and rules, a target group per backend with a
// TargetGroupBinding beside its Service, then each member's status.loadBalancer.ingress hostname and its
// SuccessfullyReconciled event (From `ingress`), or FailedBuildModel with the builder's error.
// Simplifications: the managed and backend security groups are IDs on the ALB (no EC2 rules); a changed rule set
// replaces the listener's rules (new ARNs) rather than modifying them in place; no finalizers.
import { awsAccount } from '../aws/account.ts';
import type { Action, Listener, LoadBalancer, TargetGroup } from '../aws/elbv2.ts';
import { allocateIp } from '../aws/vpc.ts';
import { newMeta, type Cluster } from '../cluster/cluster.ts';
import type { GenericObject, Service } from '../cluster/types.ts';
import { randomHex } from '../ids.ts';
import { parseIpv4 } from '../net/ipv4.ts';
import { createRng, type Rng } from '../rng.ts';
import { discoverSubnets, ELB_MIN_FREE_IPS, freeAddresses, releaseLbAddresses, syncTargets } from './controller.ts';
import { releaseGates } from './readiness-gate.ts';
import { type AlbPlan, buildAlb, groupIdString, type IngressGroup, loadGroups, type PlannedAction } from './ingress.ts';

const STACK = 'ingress.k8s.aws/stack';

/** Per owned Ingress: nothing (reconciled), or the error and the event it gets (FailedBuildModel unless told). */
export interface IngressOutcome { ing: GenericObject; error?: string; event?: { reason: string; message: string } }

export class IngressReconciler {
  private readonly cluster: Cluster;
  /** Whether the last reconcile left a pod's readiness gate waiting for its target. */
  gatesWaiting = false;
  /** Its own stream, so that ALBs leave the NLBs' seeded ARNs and names where they were. */
  private readonly rng: Rng;

  constructor(cluster: Cluster) {
    this.cluster = cluster;
    this.rng = createRng(`${cluster.eks.endpoint}/lb-controller/ingress`);
  }

  /** Reconciles every group; returns, per owned Ingress, the error if its group failed. */
  reconcile(credentialsError: () => string | undefined): IngressOutcome[] {
    this.gatesWaiting = false;
    const store = this.cluster.store;
    const { groups, errors } = loadGroups(store.list<GenericObject>('Ingress'), store.list<GenericObject>('IngressClass'));
    const elbv2 = awsAccount(this.cluster).elbv2;
    const wanted = new Set(groups.map((g) => groupIdString(g.id)));
    for (const lb of [...elbv2.loadBalancers]) {
      const stack = lb.tags[STACK];
      if (stack !== undefined && !wanted.has(stack)) this.deleteStack(stack);
    }
    const out: IngressOutcome[] = errors.map((e) => ({ ing: e.ing, error: e.error, event: e.event }));
    if (groups.length === 0) return out;
    const credentials = credentialsError();
    for (const group of groups) {
      const outcome = credentials ?? this.reconcileGroup(group);
      const error = typeof outcome === 'object' ? outcome.deploy : outcome;
      const [reason, what] = typeof outcome === 'object' ? ['FailedDeployModel', 'deploy'] : ['FailedBuildModel', 'build'];
      for (const ing of group.members) out.push({ ing, ...(error ? { error, event: { reason, message: `Failed ${what} model due to ${error}` } } : {}) });
    }
    return out;
  }

  private deleteStack(stack: string): void {
    const elbv2 = awsAccount(this.cluster).elbv2;
    for (const lb of elbv2.loadBalancers.filter((l) => l.tags[STACK] === stack)) {
      elbv2.deleteLoadBalancer(lb);
      releaseLbAddresses(this.cluster, lb);
    }
    for (const tg of elbv2.targetGroups.filter((t) => t.tags[STACK] === stack)) this.deleteTargetGroup(tg);
  }

  private deleteTargetGroup(tg: TargetGroup): void {
    awsAccount(this.cluster).elbv2.deleteTargetGroup(tg);
    const tgb = this.cluster.store.list<GenericObject>('TargetGroupBinding').find((b) => (b.body as any).spec?.targetGroupARN === tg.arn);
    if (tgb) {
      this.cluster.delete('TargetGroupBinding', tgb.metadata.namespace, tgb.metadata.name);
      releaseGates(this.cluster, tgb.metadata.namespace!, tgb.metadata.name);
    }
  }

  /** A build error, or AWS's error when deploying, or nothing. */
  private reconcileGroup(group: IngressGroup): string | { deploy: string } | undefined {
    const cluster = this.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const plan = buildAlb(cluster.eks.name, group, (ns, name) => cluster.store.get<Service>('Service', ns, name));
    if ('error' in plan) return plan.error;
    const subnets = discoverSubnets(cluster, plan.scheme);
    if (subnets.length === 0) return `couldn't auto-discover subnets: unable to discover at least one subnet`;
    const stack = groupIdString(group.id);
    const clusterName = cluster.eks.name;
    let lb: LoadBalancer | undefined = elbv2.loadBalancers.find((l) => l.tags[STACK] === stack);
    if (lb && lb.name !== plan.name) {
      this.deleteStack(stack);
      lb = undefined;
    }
    if (!lb) {
      const full = subnets.find((sn) => freeAddresses(sn) < ELB_MIN_FREE_IPS);
      if (full) return { deploy: `InvalidSubnet: Not enough IP space available in ${full.id}. ELB requires at least ${ELB_MIN_FREE_IPS} free IP addresses in each subnet.` };
      const rng = this.rng;
      lb = elbv2.createApplicationLoadBalancer({
        name: plan.name, scheme: plan.scheme, vpcId: cluster.vpc.id, attributes: {},
        tags: { 'elbv2.k8s.aws/cluster': clusterName, 'ingress.k8s.aws/resource': 'LoadBalancer', [STACK]: stack },
        // The managed frontend SG and the shared backend SG (k8s-traffic-<cluster>-<hash>) the nodes' rules reference.
        securityGroups: [`sg-${randomHex(rng, 17)}`, `sg-${randomHex(rng, 17)}`],
        subnets: subnets.map((sn) => ({
          subnetId: sn.id, az: sn.az, privateIp: allocateIp(rng, sn),
          ...(plan.scheme === 'internet-facing' ? { publicIp: parseIpv4(`${rng.pick(['3.34', '3.36', '13.124', '13.209', '43.201', '52.78', '52.79', '54.180'])}.${rng.int(256)}.${1 + rng.int(254)}`)! } : {}),
        })),
      }, rng);
    }
    const tgByRes = this.deployTargetGroups(plan, lb);
    this.deployListeners(plan, lb, tgByRes);
    for (const ing of group.members) {
      const body = ing.body as { status?: { loadBalancer?: { ingress?: { hostname?: string }[] } } };
      if (body.status?.loadBalancer?.ingress?.[0]?.hostname !== lb.dnsName) {
        body.status = { loadBalancer: { ingress: [{ hostname: lb.dnsName }] } };
        cluster.store.update(ing);
      }
    }
    return undefined;
  }

  private deployTargetGroups(plan: AlbPlan, lb: LoadBalancer): Map<string, TargetGroup> {
    const cluster = this.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const stack = groupIdString(plan.group.id);
    const out = new Map<string, TargetGroup>();
    for (const p of plan.targetGroups) {
      let tg = elbv2.targetGroups.find((t) => t.name === p.name);
      if (!tg) {
        tg = elbv2.createTargetGroup({
          name: p.name, protocol: p.protocol, protocolVersion: p.protocolVersion, port: p.port, vpcId: cluster.vpc.id, targetType: p.targetType,
          healthCheck: p.healthCheck, attributes: p.attributes,
          tags: { 'elbv2.k8s.aws/cluster': cluster.eks.name, 'ingress.k8s.aws/resource': p.resourceId, [STACK]: stack },
        }, this.rng);
      }
      // ModifyTargetGroupAttributes: an edited annotation applies to the group in place.
      tg.attributes = p.attributes;
      out.set(p.resourceId, tg);
      this.ensureBinding(plan, p, tg, lb);
      if (syncTargets(cluster, p.service, tg, p.servicePort)) this.gatesWaiting = true;
    }
    const keep = new Set([...out.values()].map((t) => t.arn));
    for (const tg of elbv2.targetGroups.filter((t) => t.tags[STACK] === stack && !keep.has(t.arn))) {
      for (const l of elbv2.listeners.filter((x) => x.loadBalancerArn === lb.arn)) {
        for (const r of elbv2.rules.filter((x) => x.listenerArn === l.arn && x.actions.some((a) => a.type === 'forward' && a.targetGroupArn === tg.arn))) elbv2.deleteRule(r);
      }
      this.deleteTargetGroup(tg);
    }
    return out;
  }

  private deployListeners(plan: AlbPlan, lb: LoadBalancer, tgByRes: Map<string, TargetGroup>): void {
    const elbv2 = awsAccount(this.cluster).elbv2;
    const resolve = (a: PlannedAction): Action => (a.type === 'forward' ? { type: 'forward', targetGroupArn: tgByRes.get(a.targetGroup)!.arn } : a);
    const ports = new Set(plan.listeners.map((l) => l.port));
    for (const l of elbv2.listeners.filter((x) => x.loadBalancerArn === lb.arn && !ports.has(x.port))) {
      for (const r of elbv2.rules.filter((x) => x.listenerArn === l.arn)) elbv2.deleteRule(r);
      elbv2.listeners.splice(elbv2.listeners.indexOf(l), 1);
    }
    for (const pl of plan.listeners) {
      const defaultActions = pl.defaultActions.map(resolve);
      let listener: Listener | undefined = elbv2.listeners.find((x) => x.loadBalancerArn === lb.arn && x.port === pl.port);
      if (listener && listener.protocol !== pl.protocol) listener.protocol = pl.protocol;
      if (!listener) listener = elbv2.createHttpListener(lb, pl.port, pl.protocol, defaultActions, this.rng);
      listener.defaultActions = defaultActions;
      const want = pl.rules.map((r) => ({ priority: r.priority, conditions: r.conditions, actions: r.actions.map(resolve), ing: r.ingress }));
      const have = elbv2.rules.filter((r) => r.listenerArn === listener!.arn).sort((a, b) => a.priority - b.priority);
      const same = JSON.stringify(have.map((r) => [r.priority, r.conditions, r.actions])) === JSON.stringify(want.map((r) => [r.priority, r.conditions, r.actions]));
      if (!same) {
        for (const r of have) elbv2.deleteRule(r);
        for (const r of want) {
          elbv2.createRule(listener, r.priority, r.conditions, r.actions, {
            'elbv2.k8s.aws/cluster': this.cluster.eks.name, [STACK]: groupIdString(plan.group.id),
          }, this.rng);
        }
      }
    }
    elbv2.attachTargetGroups(lb.arn);
  }

  /** model_build_target_group.go buildTargetGroupBindingSpec: the backend SG may reach the target port. */
  private ensureBinding(plan: AlbPlan, p: AlbPlan['targetGroups'][number], tg: TargetGroup, lb: LoadBalancer): void {
    const ns = p.service.metadata.namespace!;
    if (this.cluster.store.get('TargetGroupBinding', ns, tg.name)) return;
    const id = plan.group.id;
    const labels: Record<string, string> = id.namespace === undefined ? { [STACK]: id.name } : { 'ingress.k8s.aws/stack-name': id.name, 'ingress.k8s.aws/stack-namespace': id.namespace };
    const targetPort = p.targetType === 'instance' ? p.servicePort.nodePort ?? 0 : p.servicePort.targetPort;
    const backendSg = lb.securityGroups?.[1] ?? '';
    const rule = (port: number | string) => ({ from: [{ securityGroup: { groupID: backendSg } }], ports: [{ port, protocol: 'TCP' }] });
    const obj: GenericObject = {
      kind: 'TargetGroupBinding', apiVersion: 'elbv2.k8s.aws/v1beta1',
      metadata: newMeta(tg.name, ns, labels),
      body: {
        spec: {
          ipAddressType: 'ipv4',
          networking: { ingress: [rule(targetPort), ...(p.healthCheck.port !== 'traffic-port' ? [rule(/^\d+$/.test(p.healthCheck.port) ? Number(p.healthCheck.port) : p.healthCheck.port)] : [])] },
          serviceRef: { name: p.service.metadata.name, port: p.backendPort },
          targetGroupARN: tg.arn,
          targetType: tg.targetType,
        },
        status: { observedGeneration: 1 },
      },
    };
    this.cluster.store.create(obj);
    this.cluster.recorder.record({ namespace: ns, name: tg.name }, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled', 'targetGroupBinding', true, 'TargetGroupBinding');
  }
}
