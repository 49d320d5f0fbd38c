// The AWS Load Balancer Controller's service reconciler (kubernetes-sigs/aws-load-balancer-controller v2.5.1,
// controllers/service/service_controller.go, pkg/service/model_build_*.go) and its TargetGroupBinding reconciler
// (pkg/targetgroupbinding/resource_manager.go), reduced to what the lab shows:
// - it owns a `type: LoadBalancer` Service with `spec.loadBalancerClass: service.k8s.aws/nlb`, or the annotation
//   `service.beta.kubernetes.io/aws-load-balancer-type: external` (or the deprecated `nlb-ip`); its v2.5 mutating
//   webhook stamps the class onto LoadBalancer Services created while it runs;
// - for each it builds one NLB (scheme `internal` unless annotated internet-facing; subnets discovered by their
//   kubernetes.io/role/elb or internal-elb tag, one per AZ), a TCP listener and a target group per Service port,
//   and a TargetGroupBinding per target group, then publishes the NLB's DNS name in status.loadBalancer.ingress;
// - targets: `ip` registers every ready endpoint's pod IP on its target port, `instance` every node on the NodePort;
// - its AWS calls use the credentials IRSA gives the pods: the role in the service account's
//   eks.amazonaws.com/role-arn annotation, which STS lets it assume only if the role's trust policy names this
//   cluster's OIDC issuer and this service account. Without the annotation it falls back to the node's instance
//   role, which may not call ELBv2. Either failure is the Service's FailedBuildModel event and a "Reconciler error"
//   in the controller's log, with the messages AWS's SDK returns (issues #1935, #2627).
// Simplifications: one reconcile a second after any change (not a work queue with backoff); security group rules, TLS, proxy protocol and the Ingress
// reconciler are not modelled yet; a Service's resources go as soon as it is deleted (no finalizer).
import { awsAccount } from '../aws/account.ts';
import { ACCOUNT_ID, subnetTags } from '../aws/ec2-api.ts';
import type { HealthCheck, Listener, LoadBalancer, TargetGroup } from '../aws/elbv2.ts';
import { policyAllows } from '../aws/iam.ts';
import { allocateIp } from '../aws/vpc.ts';
import { newMeta, type Cluster } from '../cluster/cluster.ts';
import type { GenericObject, Pod, Service, ServiceAccount } from '../cluster/types.ts';
import { writeLog } from '../k8s/container-logs.ts';
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts';
import { createRng, type Rng } from '../rng.ts';
import { CHART_NAME } from './chart.ts';
import { IngressReconciler } from './ingress-controller.ts';
import { groupIdString, groupOf } from './ingress.ts';
import { healthProbe } from './health.ts';
import { loadBalancerName, type Scheme, type TargetType, targetGroupName } from './naming.ts';
import { injectReadinessGates, releaseGates, TARGET_HEALTH_REQUEUE_MS, updateGateConditions } from './readiness-gate.ts';

export const NLB_CLASS = 'service.k8s.aws/nlb';
const A = 'service.beta.kubernetes.io/';
/** How long after a change the controller's reconcile has run and its AWS calls returned. */
const RECONCILE_DELAY_MS = 1_000;

/** Whether the controller owns this Service (pkg/service/service_utils.go, IsServiceSupported). */
export function ownsService(svc: Service): boolean {
  if (svc.spec.type !== 'LoadBalancer') return false;
  if (svc.spec.loadBalancerClass !== undefined) return svc.spec.loadBalancerClass === NLB_CLASS;
  const t = svc.metadata.annotations[`${A}aws-load-balancer-type`];
  return t === 'external' || t === 'nlb-ip';
}

/** What the annotations ask for, with the controller's defaults (docs/guide/service/annotations.md, v2.5.1). */
export interface NlbSpec {
  scheme: Scheme;
  targetType: TargetType;
  healthCheck: HealthCheck;
  lbAttributes: Record<string, string>;
  tgAttributes: Record<string, string>;
}

function parseMap(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (text ?? '').split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

export function nlbSpec(svc: Service): NlbSpec {
  const a = svc.metadata.annotations;
  const scheme: Scheme = a[`${A}aws-load-balancer-scheme`] === 'internet-facing' ? 'internet-facing'
    : a[`${A}aws-load-balancer-scheme`] === undefined && a[`${A}aws-load-balancer-internal`] === 'false' ? 'internet-facing' : 'internal';
  const targetType: TargetType = a[`${A}aws-load-balancer-type`] === 'nlb-ip' ? 'ip' : a[`${A}aws-load-balancer-nlb-target-type`] === 'ip' ? 'ip' : 'instance';
  // Instance targets of a Service with externalTrafficPolicy Local are checked where kube-proxy answers whether the
  // node has a local endpoint: HTTP GET /healthz on spec.healthCheckNodePort, 10 s / 6 s, 2 and 2
  // (buildTargetGroupHealthCheckConfigForInstanceModeLocal); annotations still win.
  const local = targetType === 'instance' && svc.spec.externalTrafficPolicy === 'Local' && svc.spec.type === 'LoadBalancer';
  const protocol = (a[`${A}aws-load-balancer-healthcheck-protocol`] ?? (local ? 'http' : 'tcp')).toUpperCase() as HealthCheck['protocol'];
  const num = (key: string, def: number) => (a[`${A}${key}`] !== undefined ? Number(a[`${A}${key}`]) : def);
  const healthCheck: HealthCheck = {
    protocol,
    port: a[`${A}aws-load-balancer-healthcheck-port`] ?? (local ? String(svc.spec.healthCheckNodePort ?? 'traffic-port') : 'traffic-port'),
    intervalSeconds: num('aws-load-balancer-healthcheck-interval', 10),
    timeoutSeconds: num('aws-load-balancer-healthcheck-timeout', local ? 6 : 10),
    healthyThreshold: num('aws-load-balancer-healthcheck-healthy-threshold', local ? 2 : 3),
    unhealthyThreshold: num('aws-load-balancer-healthcheck-unhealthy-threshold', local ? 2 : 3),
    ...(protocol !== 'TCP' ? { path: a[`${A}aws-load-balancer-healthcheck-path`] ?? (local ? '/healthz' : '/'), matcher: a[`${A}aws-load-balancer-healthcheck-success-codes`] ?? '200-399' } : {}),
  };
  const lbAttributes = parseMap(a[`${A}aws-load-balancer-attributes`]);
  // The deprecated annotation the seed uses still sets the attribute.
  const crossZone = a[`${A}aws-load-balancer-cross-zone-load-balancing-enabled`];
  if (crossZone !== undefined && lbAttributes['load_balancing.cross_zone.enabled'] === undefined) lbAttributes['load_balancing.cross_zone.enabled'] = crossZone;
  const tgAttributes = parseMap(a[`${A}aws-load-balancer-target-group-attributes`]);
  tgAttributes['proxy_protocol_v2.enabled'] ??= a[`${A}aws-load-balancer-proxy-protocol`] === '*' ? 'true' : 'false';
  return { scheme, targetType, healthCheck, lbAttributes, tgAttributes };
}

/** The AWS SDK's request IDs are UUIDs. */
function requestId(rng: Rng): string {
  const h = () => rng.int(0x10000).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}`;
}

export class LbController {
  private readonly cluster: Cluster;
  private readonly rng: Rng;
  private due = false;
  /** Services reconciled successfully, by uid, with the spec they were reconciled at (events only on change). */
  private readonly reconciled = new Map<string, string>();
  private readonly ingressRefs = new Map<string, { namespace: string; name: string }>();
  /** The role ARN each of the controller's pods got from IRSA when it was created (undefined: none). */
  private readonly podRoles = new Map<string, string | undefined>();
  /** The Ingress group reconciler, run in the same pass. */
  private readonly ingress: IngressReconciler;

  constructor(cluster: Cluster) {
    this.cluster = cluster;
    this.rng = createRng(`${cluster.eks.endpoint}/lb-controller`);
    const wake = () => this.schedule();
    cluster.store.watch('Service', (type, obj) => {
      if (type === 'ADDED') this.mutateService(obj as Service);
      this.schedule();
    });
    cluster.store.watch('Pod', (type, obj) => {
      // EKS's pod identity webhook injects AWS_ROLE_ARN at pod creation from the service account's annotation; a
      // pod created before the annotation keeps the node's credentials until it is replaced.
      const pod = obj as Pod;
      if (type === 'ADDED' && this.isControllerPod(pod)) {
        const sa = cluster.store.get<ServiceAccount>('ServiceAccount', pod.namespace, pod.template.serviceAccountName ?? 'default');
        this.podRoles.set(pod.uid, sa?.metadata.annotations['eks.amazonaws.com/role-arn']);
      }
      if (type === 'DELETED') this.podRoles.delete(pod.uid);
      // mpod.elbv2.k8s.aws: the webhook sees a pod before it is stored; here, as the store announces it.
      if (type === 'ADDED' && this.runningPods().length > 0) injectReadinessGates(cluster, pod);
      wake();
    });
    cluster.store.watch('ServiceAccount', wake);
    cluster.store.watch('Deployment', wake);
    cluster.store.watch('Ingress', wake);
    cluster.store.watch('IngressClass', wake);
    this.ingress = new IngressReconciler(cluster);
  }

  private schedule(): void {
    if (this.due) return;
    this.due = true;
    this.cluster.at(RECONCILE_DELAY_MS, () => {
      this.due = false;
      this.reconcile();
    });
  }

  private isControllerPod(p: Pod): boolean {
    return p.namespace === 'kube-system' && p.labels['app.kubernetes.io/name'] === CHART_NAME;
  }

  /** The controller's pods that are running, by name: the first holds the leader lease and logs the reconciles. */
  runningPods(): Pod[] {
    return [...this.cluster.pods.values()]
      .filter((p) => this.isControllerPod(p) && p.phase === 'Running')
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** mservice.elbv2.k8s.aws: a new LoadBalancer Service without a class gets the controller's. */
  private mutateService(svc: Service): void {
    if (svc.spec.type !== 'LoadBalancer' || svc.spec.loadBalancerClass !== undefined || this.runningPods().length === 0) return;
    const t = svc.metadata.annotations[`${A}aws-load-balancer-type`];
    if (t !== undefined && t !== 'external' && t !== 'nlb-ip') return;
    svc.spec.loadBalancerClass = NLB_CLASS;
  }

  private log(level: 'info' | 'error', fields: Record<string, unknown>): void {
    const leader = this.leader ?? this.runningPods()[0];
    if (!leader) return;
    const ts = new Date(this.cluster.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    writeLog(leader, CHART_NAME, this.cluster.now, JSON.stringify({ level, ts, ...fields }));
  }

  /** Why the controller's AWS calls fail, or undefined when its credentials allow ELBv2. */
  credentialsError(): string | undefined {
    const account = awsAccount(this.cluster);
    // The leader's credentials: the role the webhook gave it when it was created (the service account's annotation
    // now, for a pod created before the controller watched).
    const leader = this.runningPods()[0];
    const saName = leader?.template.serviceAccountName ?? 'default';
    const sa = this.cluster.store.get<ServiceAccount>('ServiceAccount', 'kube-system', saName);
    const roleArn = leader && this.podRoles.has(leader.uid) ? this.podRoles.get(leader.uid) : sa?.metadata.annotations['eks.amazonaws.com/role-arn'];
    const rid = requestId(this.rng);
    if (!roleArn) {
      const node = this.cluster.nodes[0];
      return `AccessDenied: User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/eksctl-myeks-nodegroup-ng1-NodeInstanceRole/${node?.instanceId ?? 'i-0'} is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the elasticloadbalancing:DescribeLoadBalancers action\n\tstatus code: 403, request id: ${rid}`;
    }
    const role = account.iam.roleByArn(roleArn);
    const issuer = this.cluster.eks.oidcIssuer.replace(/^https:\/\//, '');
    if (!role || role.trust.issuer !== issuer || role.trust.sub !== `system:serviceaccount:kube-system:${saName}`) {
      return `WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, request id: ${rid}`;
    }
    // STS handed the pod credentials for the role: IAM's RoleLastUsed.
    role.lastUsedAt ??= this.cluster.now;
    const docs = role.policyArns.map((arn) => account.iam.policies.get(arn)?.document).filter((d): d is string => d !== undefined);
    if (!policyAllows(docs, 'elasticloadbalancing:CreateLoadBalancer')) {
      const session = sessionName(this.rng);
      return `AccessDenied: User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.name}/${session} is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the elasticloadbalancing:DescribeLoadBalancers action\n\tstatus code: 403, request id: ${rid}`;
    }
    return undefined;
  }

  /** A look at target health is already on the clock for pods whose readiness gate waits. */
  private probeDue = false;
  /** Set by this pass's target syncs when some pod's readiness gate is not "True" yet. */
  private gatesWaiting = false;

  /** The pod that logs during a pass (the one holding the leader lease). */
  private leader?: Pod;

  reconcile(): void {
    this.leader = this.runningPods()[0];
    if (!this.leader) return;
    try {
      this.reconcilePass();
    } finally {
      this.leader = undefined;
    }
  }

  private reconcilePass(): void {
    this.gatesWaiting = false;
    this.reconcileIngresses();
    this.reconcileServices();
    if ((this.gatesWaiting || this.ingress.gatesWaiting) && !this.probeDue) {
      // RequeueNeededAfter("monitor targetHealth", 15 s).
      this.probeDue = true;
      this.cluster.at(TARGET_HEALTH_REQUEUE_MS, () => {
        this.probeDue = false;
        this.schedule();
      });
    }
  }

  private reconcileServices(): void {
    const services = this.cluster.store.list<Service>('Service').filter(ownsService);
    const elbv2 = awsAccount(this.cluster).elbv2;
    // Stacks whose Service is gone (or no longer ours): their load balancer, target groups and bindings go.
    const keys = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const lb of [...elbv2.loadBalancers]) {
      const stack = lb.tags['service.k8s.aws/stack'];
      if (stack === undefined || keys.has(stack)) continue;
      this.deleteStack(stack);
    }
    if (services.length === 0) return;
    const credentials = this.credentialsError();
    const index = indexStacks(elbv2);
    for (const svc of services) {
      const outcome = credentials ?? this.reconcileService(svc, index);
      const error = typeof outcome === 'object' ? outcome.deploy : outcome;
      const key = `${svc.metadata.uid}`;
      if (error) {
        this.reconciled.delete(key);
        const [reason, what] = typeof outcome === 'object' ? ['FailedDeployModel', 'deploy'] : ['FailedBuildModel', 'build'];
        this.cluster.recorder.record({ namespace: svc.metadata.namespace!, name: svc.metadata.name }, 'Warning', reason, `Failed ${what} model due to ${error}`, 'service', true, 'Service');
        this.log('error', {
          msg: 'Reconciler error', controller: 'service', object: { name: svc.metadata.name, namespace: svc.metadata.namespace }, namespace: svc.metadata.namespace,
          name: svc.metadata.name, reconcileID: requestId(this.rng), error,
        });
        // controller-runtime retries with backoff: the next attempt, in model time.
        this.schedule();
        continue;
      }
      const fingerprint = JSON.stringify([svc.spec, svc.metadata.annotations]);
      if (this.reconciled.get(key) !== fingerprint) {
        this.reconciled.set(key, fingerprint);
        this.log('info', { logger: 'controllers.service', msg: 'successfully deployed model', service: { namespace: svc.metadata.namespace, name: svc.metadata.name } });
        this.cluster.recorder.record({ namespace: svc.metadata.namespace!, name: svc.metadata.name }, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled', 'service', true, 'Service');
      }
    }
  }

  /** Ingress groups: events and log lines per member Ingress, as recordIngressGroupEvent writes them. */
  private reconcileIngresses(): void {
    for (const { ing, error, event } of this.ingress.reconcile(() => this.credentialsError())) {
      const key = `ingress/${ing.metadata.uid}`;
      // The recorder counts repeats per object it is given: one reference per Ingress.
      let ref = this.ingressRefs.get(key);
      if (!ref) this.ingressRefs.set(key, (ref = { namespace: ing.metadata.namespace!, name: ing.metadata.name }));
      if (error) {
        this.reconciled.delete(key);
        if (event) this.cluster.recorder.record(ref, 'Warning', event.reason, event.message, 'ingress', true, 'Ingress');
        this.log('error', {
          msg: 'Reconciler error', controller: 'ingress', object: { name: ing.metadata.name, namespace: ing.metadata.namespace }, namespace: ing.metadata.namespace,
          name: ing.metadata.name, reconcileID: requestId(this.rng), error,
        });
        // A group that failed to load or build is retried with backoff; an Ingress whose group name is invalid
        // is never enqueued, so it waits for its next change.
        if (event?.reason !== 'FailedLoadGroupID') this.schedule();
        continue;
      }
      const fingerprint = JSON.stringify([(ing.body as { spec?: unknown }).spec, ing.metadata.annotations]);
      if (this.reconciled.get(key) !== fingerprint) {
        this.reconciled.set(key, fingerprint);
        this.log('info', { logger: 'controllers.ingress', msg: 'successfully deployed model', ingressGroup: groupIdString(groupOf(ing)) });
        this.cluster.recorder.record(ref, 'Normal', 'SuccessfullyReconciled', 'Successfully reconciled', 'ingress', true, 'Ingress');
      }
    }
  }

  private deleteStack(stack: string): void {
    const elbv2 = awsAccount(this.cluster).elbv2;
    for (const lb of elbv2.loadBalancers.filter((l) => l.tags['service.k8s.aws/stack'] === stack)) {
      elbv2.deleteLoadBalancer(lb);
      releaseLbAddresses(this.cluster, lb);
    }
    for (const tg of elbv2.targetGroups.filter((t) => t.tags['service.k8s.aws/stack'] === stack)) {
      elbv2.deleteTargetGroup(tg);
      const [ns] = stack.split('/');
      if (this.cluster.store.get('TargetGroupBinding', ns, tg.name)) {
        this.cluster.delete('TargetGroupBinding', ns, tg.name);
        releaseGates(this.cluster, ns, tg.name);
      }
    }
  }

  /** Builds and deploys one Service's stack; returns the error the controller reports, if any (a build error, or
   *  one of AWS's when deploying). */
  private reconcileService(svc: Service, index: StackIndex): string | { deploy: string } | undefined {
    const cluster = this.cluster;
    const elbv2 = awsAccount(cluster).elbv2;
    const ns = svc.metadata.namespace!;
    const stack = `${ns}/${svc.metadata.name}`;
    const spec = nlbSpec(svc);
    const clusterName = cluster.eks.name;
    const perAz = discoverSubnets(cluster, spec.scheme);
    if (perAz.length === 0) return `couldn't auto-discover subnets: unable to discover at least one subnet`;
    const name = loadBalancerName(clusterName, ns, svc.metadata.name, svc.metadata.uid, spec.scheme);
    const tags = { 'elbv2.k8s.aws/cluster': clusterName, 'service.k8s.aws/resource': 'LoadBalancer', 'service.k8s.aws/stack': stack };
    let lb: LoadBalancer | undefined = index.lbByStack.get(stack);
    // The name (and so the scheme) cannot change in place: the controller replaces the load balancer.
    if (lb && lb.name !== name) {
      this.deleteStack(stack);
      index.lbByStack.delete(stack);
      for (const tg of index.tgsByStack.get(stack) ?? []) index.tgByName.delete(tg.name);
      index.tgsByStack.delete(stack);
      lb = undefined;
    }
    if (!lb) {
      const full = perAz.find((sn) => freeAddresses(sn) < ELB_MIN_FREE_IPS);
      if (full) return { deploy: `InvalidSubnet: Not enough IP space available in ${full.id}. ELB requires at least ${ELB_MIN_FREE_IPS} free IP addresses in each subnet.\n\tstatus code: 400, request id: ${requestId(this.rng)}` };
      const rng = createRng(`${cluster.eks.endpoint}/nlb/${name}`);
      lb = elbv2.createLoadBalancer({
        name, scheme: spec.scheme, vpcId: cluster.vpc.id, tags, attributes: spec.lbAttributes,
        subnets: perAz.map((sn) => ({
          subnetId: sn.id, az: sn.az, privateIp: allocateIp(rng, sn),
          ...(spec.scheme === 'internet-facing' ? { publicIp: parseIpv4(`${rng.pick(['3.34', '3.36', '13.124', '13.209', '43.201', '52.78', '52.79', '54.180'])}.${rng.int(256)}.${1 + rng.int(254)}`)! } : {}),
        })),
      });
      index.lbByStack.set(stack, lb);
    }
    lb.attributes = spec.lbAttributes;
    const wanted = new Set<string>();
    for (const port of svc.spec.ports) {
      const tgPort = spec.targetType === 'instance' ? port.nodePort ?? 0 : typeof port.targetPort === 'number' ? port.targetPort : 1;
      const tgName = targetGroupName({
        clusterName, namespace: ns, name: svc.metadata.name, uid: svc.metadata.uid, tgPort, svcPort: port.port, targetType: spec.targetType,
        tgProtocol: 'TCP', hcProtocol: spec.healthCheck.protocol, hcInterval: spec.healthCheck.intervalSeconds,
      });
      wanted.add(tgName);
      let tg = index.tgByName.get(tgName);
      if (!tg) {
        tg = elbv2.createTargetGroup({
          name: tgName, protocol: 'TCP', port: tgPort, vpcId: cluster.vpc.id, targetType: spec.targetType, healthCheck: spec.healthCheck,
          attributes: spec.tgAttributes, tags: { 'elbv2.k8s.aws/cluster': clusterName, 'service.k8s.aws/resource': `${stack}:${port.port}`, 'service.k8s.aws/stack': stack },
        });
        index.tgByName.set(tgName, tg);
        const list = index.tgsByStack.get(stack);
        if (list) list.push(tg);
        else index.tgsByStack.set(stack, [tg]);
      } else {
        // ModifyTargetGroup: settings outside the name's hash change in place.
        tg.healthCheck = spec.healthCheck;
      }
      tg.attributes = spec.tgAttributes;
      // A new target group (the target type or health check changed its name) takes the listener over: the
      // controller modifies the listener's default action, then deletes the old group.
      const listenerKey = `${lb.arn} ${port.port}`;
      const listener = index.listeners.get(listenerKey);
      if (!listener) index.listeners.set(listenerKey, elbv2.createListener(lb, port.port, tg));
      else if (listener.targetGroupArn !== tg.arn) {
        listener.targetGroupArn = tg.arn;
        elbv2.attachTargetGroups(lb.arn);
      }
      this.ensureBinding(svc, tg, port.port, lb);
      if (syncTargets(this.cluster, svc, tg, port)) this.gatesWaiting = true;
    }
    for (const tg of (index.tgsByStack.get(stack) ?? []).filter((t) => !wanted.has(t.name))) {
      index.tgByName.delete(tg.name);
      index.tgsByStack.set(stack, index.tgsByStack.get(stack)!.filter((t) => t !== tg));
      for (const l of elbv2.listeners.filter((x) => x.targetGroupArn === tg.arn)) {
        elbv2.listeners.splice(elbv2.listeners.indexOf(l), 1);
        index.listeners.delete(`${l.loadBalancerArn} ${l.port}`);
      }
      elbv2.deleteTargetGroup(tg);
      if (cluster.store.get('TargetGroupBinding', ns, tg.name)) {
        cluster.delete('TargetGroupBinding', ns, tg.name);
        releaseGates(cluster, ns, tg.name);
      }
    }
    const hostname = lb.dnsName;
    if (svc.status?.loadBalancer.ingress?.[0]?.hostname !== hostname) {
      svc.status = { loadBalancer: { ingress: [{ hostname }] } };
      cluster.store.update(svc);
    }
    return undefined;
  }

  private ensureBinding(svc: Service, tg: TargetGroup, port: number, lb: LoadBalancer): void {
    const ns = svc.metadata.namespace!;
    if (this.cluster.store.get('TargetGroupBinding', ns, tg.name)) return;
    const trafficPort = tg.port;
    // The node security group rule's source: the NLB's subnets when the client IP is not preserved (ip targets
    // by default), else anywhere (internet-facing) or the VPC (internal).
    const preserve = (tg.attributes['preserve_client_ip.enabled'] ?? String(tg.targetType === 'instance')) === 'true';
    const cidrs = !preserve
      ? lb.subnets.map((s) => this.cluster.subnet(s.subnetId)).map((sn) => `${formatIpv4(sn.cidr.base)}/${sn.cidr.prefix}`)
      : lb.scheme === 'internet-facing' ? ['0.0.0.0/0'] : [`${formatIpv4(this.cluster.vpc.cidr.base)}/${this.cluster.vpc.cidr.prefix}`];
    const hcPort = tg.healthCheck.port === 'traffic-port' ? trafficPort : Number(tg.healthCheck.port);
    const ports = [{ port: trafficPort, protocol: 'TCP' }, ...(hcPort !== trafficPort ? [{ port: hcPort, protocol: 'TCP' }] : [])];
    const obj: GenericObject = {
      kind: 'TargetGroupBinding', apiVersion: 'elbv2.k8s.aws/v1beta1',
      metadata: newMeta(tg.name, ns, { 'service.k8s.aws/stack-name': svc.metadata.name, 'service.k8s.aws/stack-namespace': ns }),
      body: {
        spec: {
          ipAddressType: 'ipv4',
          networking: { ingress: [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports }] },
          serviceRef: { name: svc.metadata.name, port },
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

/**
 * The TargetGroupBinding reconciler's target sync (resource_manager.go): ip registers every endpoint whose
 * containers are ready and that is not terminating, Ready or not (a pod held back only by this binding's readiness
 * gate must be registered for the gate ever to pass), on the resolved target port, then writes the pods' gate
 * conditions; instance registers every node on the NodePort. Targets no longer wanted are deregistered (draining).
 * Returns whether some pod's readiness gate still waits for its target to be healthy.
 */
export function syncTargets(cluster: Cluster, svc: Service, tg: TargetGroup, port: Service['spec']['ports'][number]): boolean {
  const elbv2 = awsAccount(cluster).elbv2;
  let want: { id: string; port: number; pod?: Pod }[];
  if (tg.targetType === 'instance') {
    want = cluster.nodes.map((n) => ({ id: n.instanceId, port: port.nodePort ?? 0 }));
  } else {
    want = readyEndpoints(cluster, svc).flatMap((pod) => {
      const p = containerPort(pod, port.targetPort);
      return p === undefined ? [] : [{ id: formatIpv4(pod.ip!), port: p, pod }];
    });
  }
  const key = (t: { id: string; port: number }) => `${t.id}:${t.port}`;
  const wantKeys = new Set(want.map(key));
  elbv2.deregister(tg, tg.targets.filter((t) => t.deregisteredAt === undefined && !wantKeys.has(key(t))));
  elbv2.register(tg, want);
  if (tg.targetType !== 'ip') return false;
  const probe = healthProbe(cluster);
  return updateGateConditions(cluster, tg, tg.name, want.map((w) => ({ pod: w.pod!, id: w.id, port: w.port })), (t) => elbv2.health(tg, t, probe));
}

/** One reconcile pass's view of the Services' stacks in ELBv2, by key (a thousand Services would otherwise search
 *  every load balancer and target group for each of them). */
interface StackIndex {
  lbByStack: Map<string, LoadBalancer>;
  tgByName: Map<string, TargetGroup>;
  tgsByStack: Map<string, TargetGroup[]>;
  /** `<load balancer ARN> <port>` of every listener. */
  listeners: Map<string, Listener>;
}

function indexStacks(elbv2: ReturnType<typeof awsAccount>['elbv2']): StackIndex {
  const index: StackIndex = { lbByStack: new Map(), tgByName: new Map(), tgsByStack: new Map(), listeners: new Map() };
  for (const lb of elbv2.loadBalancers) {
    const stack = lb.tags['service.k8s.aws/stack'];
    if (stack !== undefined) index.lbByStack.set(stack, lb);
  }
  for (const tg of elbv2.targetGroups) {
    index.tgByName.set(tg.name, tg);
    const stack = tg.tags['service.k8s.aws/stack'];
    if (stack === undefined) continue;
    const list = index.tgsByStack.get(stack);
    if (list) list.push(tg);
    else index.tgsByStack.set(stack, [tg]);
  }
  for (const l of elbv2.listeners) index.listeners.set(`${l.loadBalancerArn} ${l.port}`, l);
  return index;
}

/** CreateLoadBalancer's InvalidSubnet: "ELB requires at least 8 free IP addresses in each subnet". */
export const ELB_MIN_FREE_IPS = 8;

/** Addresses EC2 could still hand out in a subnet (the first four and the last are AWS's). */
export function freeAddresses(sn: Cluster['vpc']['subnets'][number]): number {
  return 2 ** (32 - sn.cidr.prefix) - 5 - sn.used.size;
}

/** A deleted load balancer's node addresses go back to their subnets. */
export function releaseLbAddresses(cluster: Cluster, lb: LoadBalancer): void {
  for (const s of lb.subnets) cluster.subnet(s.subnetId).used.delete(s.privateIp);
}

/** Subnets for a load balancer of this scheme, one per AZ, found by their kubernetes.io/role/(internal-)elb tag. */
export function discoverSubnets(cluster: Cluster, scheme: Scheme): Cluster['vpc']['subnets'] {
  const tagKey = scheme === 'internet-facing' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb';
  const subnets = cluster.vpc.subnets.filter((sn) => subnetTags(cluster.vpc, sn).some((t) => t.Key === tagKey));
  return [...new Map(subnets.map((sn) => [sn.az, sn])).values()];
}

/** A Service's endpoints whose containers are ready and that are not terminating: Running pods its selector matches,
 *  with an address (Ready or held back by a readiness gate). */
export function readyEndpoints(cluster: Cluster, svc: Service): Pod[] {
  const sel = svc.spec.selector;
  if (!sel) return [];
  return [...cluster.pods.values()].filter((p) => p.namespace === svc.metadata.namespace && p.phase === 'Running' && p.ip !== undefined
    && Object.entries(sel).every(([k, v]) => p.labels[k] === v));
}

/** The port a Service's targetPort means on this pod (a name is looked up among its containers' ports). */
export function containerPort(pod: Pod, targetPort: number | string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  for (const c of pod.template.containers) for (const p of c.ports) if (p.name === targetPort) return p.containerPort;
  return undefined;
}


/** The session name the AWS SDK gives a web-identity session: a nanosecond timestamp. */
function sessionName(rng: Rng): string {
  return `${1683340000000000000n + BigInt(rng.int(1_000_000_000))}`;
}

const controllers = new WeakMap<Cluster, LbController>();

/** The cluster's controller (made when its chart is installed; it idles while no pod of it runs). */
export function lbController(cluster: Cluster): LbController {
  let c = controllers.get(cluster);
  if (!c) controllers.set(cluster, (c = new LbController(cluster)));
  return c;
}

export function hasLbController(cluster: Cluster): boolean {
  return controllers.has(cluster);
}
