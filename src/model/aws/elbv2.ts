// Elastic Load Balancing v2 as its API describes it: network and application load balancers, their listeners
// (and an ALB listener's rules), target groups and registered targets, and target health over model time. What the AWS Load Balancer Controller creates lives
// here; `aws elbv2 describe-*` prints it in the API's field order (botocore's elbv2 service model).
//
// Health follows AWS's documented states: a target is `initial` (Elb.RegistrationInProgress while the load
// balancer is still provisioning or the registration is reaching its nodes, then Elb.InitialHealthChecking) until HealthyThresholdCount checks have
// passed, one per HealthCheckIntervalSeconds; `unhealthy` (Target.FailedHealthChecks) once UnhealthyThresholdCount
// in a row have failed; `draining` (Target.DeregistrationInProgress) for deregistration_delay.timeout_seconds after
// deregistration (300 s by default), then gone. States are computed from the clock when read, so nothing runs
// while nobody looks.
import { randomHex } from '../ids.ts';
import type { Ipv4 } from '../net/ipv4.ts';
import type { Rng } from '../rng.ts';
import { ACCOUNT_ID } from './ec2-api.ts';

/** How long a new NLB stays `provisioning` (AWS quotes "a few minutes"; the lab's took about three). */
export const NLB_PROVISIONING_MS = 180_000;

/**
 * How long after DeregisterTargets a load balancer's nodes may still send new requests or connections to the
 * target. AWS documents no figure; that they do for a few seconds is what the controller's users measure (issues
 * #1064 and #1719: 502/504 after deregistration, even with readiness gates) and why AWS's EKS best practices put a
 * preStop sleep in front of SIGTERM. Assumed: 5 s.
 */
export const DEREGISTRATION_PROPAGATION_MS = 5_000;
/** The same for a new target: Elb.RegistrationInProgress until its first health check (assumed equal). */
export const REGISTRATION_PROPAGATION_MS = DEREGISTRATION_PROPAGATION_MS;

/** Route 53 hosted zones of the regions' network load balancers (AWS's Elastic Load Balancing endpoints table). */
const NLB_HOSTED_ZONES: Record<string, string> = {
  'ap-northeast-2': 'ZIBE1TIR4CVXY',
  'us-east-1': 'Z26RNL4JYFTOTI',
  'us-west-2': 'Z18D5FSROUN65G',
};
/** The same table's zones for application load balancers (and Classic ones). */
const ALB_HOSTED_ZONES: Record<string, string> = {
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-west-2': 'Z1H1FL5HABSF5',
};

export interface LbSubnet {
  subnetId: string;
  az: string;
  /** The load balancer's node in this AZ: its ENI's private address (what an ip target sees as the client). */
  privateIp: Ipv4;
  /** Internet-facing: the public address its DNS name resolves to in this AZ. */
  publicIp?: Ipv4;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  type: 'network' | 'application';
  /** ALBs only: the security groups attached (NLBs have none before v2.6 of the controller). */
  securityGroups?: string[];
  scheme: 'internal' | 'internet-facing';
  vpcId: string;
  createdAt: number;
  subnets: LbSubnet[];
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

export interface HealthCheck {
  protocol: 'TCP' | 'HTTP' | 'HTTPS';
  /** 'traffic-port' or a port number, as text (the API's HealthCheckPort is a string). */
  port: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  path?: string;
  matcher?: string;
}

export interface Target {
  id: string;
  port: number;
  registeredAt: number;
  /** When deregistration started (draining until deregistration_delay.timeout_seconds after). */
  deregisteredAt?: number;
}

export interface TargetGroup {
  arn: string;
  name: string;
  protocol: 'TCP' | 'HTTP' | 'HTTPS';
  /** HTTP(S) target groups: HTTP1, HTTP2 or GRPC. */
  protocolVersion?: string;
  port: number;
  vpcId: string;
  targetType: 'ip' | 'instance';
  healthCheck: HealthCheck;
  loadBalancerArns: string[];
  attributes: Record<string, string>;
  tags: Record<string, string>;
  targets: Target[];
}

/** A listener's or rule's action, as the controller writes it (Order is its index + 1). */
export type Action =
  | { type: 'forward'; targetGroupArn: string }
  | { type: 'fixed-response'; statusCode: string; contentType: string; messageBody?: string };

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'TCP' | 'HTTP' | 'HTTPS';
  /** NLB listeners forward to one target group. */
  targetGroupArn?: string;
  /** ALB listeners: the default action (the controller's is a fixed 404 unless an Ingress has a defaultBackend). */
  defaultActions?: Action[];
  /** ALB listeners: the ARN of the `default` rule that DescribeRules lists last. */
  defaultRuleArn?: string;
}

export interface RuleCondition {
  field: 'host-header' | 'path-pattern';
  values: string[];
}

/** A rule of an ALB listener; the listener's default action is its `default` rule, not stored here. */
export interface ListenerRule {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: RuleCondition[];
  actions: Action[];
  tags: Record<string, string>;
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export interface TargetHealth {
  state: TargetState;
  reason?: string;
  description?: string;
}

/** Whether a health check of this target would pass now (the model's datapath answers it). */
/** Whether a target's health check passes now; a check that fails may say since when (a pod that stopped serving),
 *  so that the target turns unhealthy only after UnhealthyThresholdCount failed checks, as on AWS. */
export type HealthProbe = (tg: TargetGroup, target: Target) => boolean | { failingSince: number };

export class ElbV2 {
  readonly loadBalancers: LoadBalancer[] = [];
  readonly targetGroups: TargetGroup[] = [];
  readonly listeners: Listener[] = [];
  readonly rules: ListenerRule[] = [];

  private readonly rng: Rng;
  private readonly region: string;
  private readonly now: () => number;

  constructor(rng: Rng, region: string, now: () => number) {
    this.rng = rng;
    this.region = region;
    this.now = now;
  }

  private arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:${this.region}:${ACCOUNT_ID}:${resource}`;
  }

  createLoadBalancer(input: Omit<LoadBalancer, 'arn' | 'dnsName' | 'type' | 'createdAt'>): LoadBalancer {
    const id = randomHex(this.rng, 16);
    // AWS appends 16 hex digits to the name; internal NLBs have no `internal-` prefix (ALBs do).
    const lb: LoadBalancer = {
      ...input, type: 'network', createdAt: this.now(),
      arn: this.arn(`loadbalancer/net/${input.name}/${id}`),
      dnsName: `${input.name}-${randomHex(this.rng, 16)}.elb.${this.region}.amazonaws.com`,
    };
    this.loadBalancers.push(lb);
    return lb;
  }

  /**
   * An application load balancer. Its DNS name differs from an NLB's in shape: `<name>-<decimal id>.<region>.elb.
   * amazonaws.com` (region before `elb`), with `internal-` in front when internal. The id is drawn from the caller's
   * stream so that creating an ALB leaves the NLBs' seeded names where they were.
   */
  createApplicationLoadBalancer(input: Omit<LoadBalancer, 'arn' | 'dnsName' | 'type' | 'createdAt'>, rng: Rng): LoadBalancer {
    const lb: LoadBalancer = {
      ...input, type: 'application', createdAt: this.now(),
      arn: this.arn(`loadbalancer/app/${input.name}/${randomHex(rng, 16)}`),
      dnsName: `${input.scheme === 'internal' ? 'internal-' : ''}${input.name}-${100_000_000 + rng.int(2_000_000_000)}.${this.region}.elb.amazonaws.com`,
    };
    this.loadBalancers.push(lb);
    return lb;
  }

  /** An ALB listener whose default action is the controller's (a fixed-response 404, text/plain). */
  createHttpListener(lb: LoadBalancer, port: number, protocol: 'HTTP' | 'HTTPS', defaultActions: Action[], rng: Rng): Listener {
    const lbPart = lb.arn.split(':loadbalancer/')[1];
    const arn = this.arn(`listener/${lbPart}/${randomHex(rng, 16)}`);
    const l: Listener = { arn, loadBalancerArn: lb.arn, port, protocol, defaultActions, defaultRuleArn: `${arn.replace(':listener/', ':listener-rule/')}/${randomHex(rng, 16)}` };
    this.listeners.push(l);
    return l;
  }

  /** A rule at a priority; a forward action attaches its target group to the listener's load balancer. */
  createRule(listener: Listener, priority: number, conditions: RuleCondition[], actions: Action[], tags: Record<string, string>, rng: Rng): ListenerRule {
    const lsPart = listener.arn.split(':listener/')[1];
    const r: ListenerRule = { arn: this.arn(`listener-rule/${lsPart}/${randomHex(rng, 16)}`), listenerArn: listener.arn, priority, conditions, actions, tags };
    this.rules.push(r);
    this.attachTargetGroups(listener.loadBalancerArn);
    return r;
  }

  deleteRule(rule: ListenerRule): void {
    this.rules.splice(this.rules.indexOf(rule), 1);
  }

  /** A target group's LoadBalancerArns: the load balancers whose listeners or rules forward to it. */
  attachTargetGroups(lbArn: string): void {
    const ls = this.listeners.filter((l) => l.loadBalancerArn === lbArn);
    const used = new Set<string>();
    for (const l of ls) {
      if (l.targetGroupArn) used.add(l.targetGroupArn);
      for (const a of [...(l.defaultActions ?? []), ...this.rules.filter((r) => r.listenerArn === l.arn).flatMap((r) => r.actions)]) if (a.type === 'forward') used.add(a.targetGroupArn);
    }
    for (const tg of this.targetGroups) {
      const has = tg.loadBalancerArns.includes(lbArn);
      if (used.has(tg.arn) && !has) tg.loadBalancerArns.push(lbArn);
      if (!used.has(tg.arn) && has) tg.loadBalancerArns = tg.loadBalancerArns.filter((a) => a !== lbArn);
    }
  }

  state(lb: LoadBalancer): 'provisioning' | 'active' {
    return this.now() - lb.createdAt >= NLB_PROVISIONING_MS ? 'active' : 'provisioning';
  }

  /** A target group; `rng` lets a caller draw its ID from a stream of its own. */
  createTargetGroup(input: Omit<TargetGroup, 'arn' | 'targets' | 'loadBalancerArns'>, rng: Rng = this.rng): TargetGroup {
    const tg: TargetGroup = { ...input, arn: this.arn(`targetgroup/${input.name}/${randomHex(rng, 16)}`), targets: [], loadBalancerArns: [] };
    this.targetGroups.push(tg);
    return tg;
  }

  createListener(lb: LoadBalancer, port: number, tg: TargetGroup): Listener {
    const lbPart = lb.arn.split(':loadbalancer/')[1];
    const l: Listener = { arn: this.arn(`listener/${lbPart}/${randomHex(this.rng, 16)}`), loadBalancerArn: lb.arn, port, protocol: 'TCP', targetGroupArn: tg.arn };
    if (!tg.loadBalancerArns.includes(lb.arn)) tg.loadBalancerArns.push(lb.arn);
    this.listeners.push(l);
    return l;
  }

  deleteLoadBalancer(lb: LoadBalancer): void {
    for (const l of this.listeners.filter((x) => x.loadBalancerArn === lb.arn)) {
      for (const r of this.rules.filter((x) => x.listenerArn === l.arn)) this.deleteRule(r);
      this.listeners.splice(this.listeners.indexOf(l), 1);
    }
    for (const tg of this.targetGroups) tg.loadBalancerArns = tg.loadBalancerArns.filter((a) => a !== lb.arn);
    this.loadBalancers.splice(this.loadBalancers.indexOf(lb), 1);
  }

  deleteTargetGroup(tg: TargetGroup): void {
    this.targetGroups.splice(this.targetGroups.indexOf(tg), 1);
  }

  /** Registers targets not yet registered (a draining one comes back as new). */
  register(tg: TargetGroup, targets: { id: string; port: number }[]): void {
    this.expire(tg);
    for (const t of targets) {
      const existing = tg.targets.find((x) => x.id === t.id && x.port === t.port);
      if (existing && existing.deregisteredAt === undefined) continue;
      if (existing) tg.targets.splice(tg.targets.indexOf(existing), 1);
      tg.targets.push({ id: t.id, port: t.port, registeredAt: this.now() });
    }
  }

  deregister(tg: TargetGroup, targets: { id: string; port: number }[]): void {
    for (const t of targets) {
      const existing = tg.targets.find((x) => x.id === t.id && x.port === t.port && x.deregisteredAt === undefined);
      if (existing) existing.deregisteredAt = this.now();
    }
    this.expire(tg);
  }

  deregistrationDelayMs(tg: TargetGroup): number {
    return Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? '300') * 1000;
  }

  /** Drops targets whose draining is over. */
  expire(tg: TargetGroup): void {
    const delay = this.deregistrationDelayMs(tg);
    tg.targets = tg.targets.filter((t) => t.deregisteredAt === undefined || this.now() - t.deregisteredAt < delay);
  }

  loadBalancersOf(tg: TargetGroup): LoadBalancer[] {
    return this.loadBalancers.filter((lb) => tg.loadBalancerArns.includes(lb.arn));
  }

  /** A target's health now: what DescribeTargetHealth answers. */
  health(tg: TargetGroup, t: Target, probe: HealthProbe): TargetHealth {
    if (t.deregisteredAt !== undefined) return { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
    return this.healthAt(tg, t, probe, this.now());
  }

  /**
   * The state the load balancer's nodes route by. Like health(), except that a target deregistered less than
   * DEREGISTRATION_PROPAGATION_MS ago is still in their tables as it was when it was deregistered (its checks had
   * passed then: the controller deregisters endpoints that were serving).
   */
  dataPlaneState(tg: TargetGroup, t: Target, probe: HealthProbe): TargetState {
    if (t.deregisteredAt !== undefined && this.now() - t.deregisteredAt < DEREGISTRATION_PROPAGATION_MS) {
      return this.healthAt(tg, t, () => true, t.deregisteredAt).state;
    }
    return this.health(tg, t, probe).state;
  }

  private healthAt(tg: TargetGroup, t: Target, probe: HealthProbe, now: number): TargetHealth {
    const lbs = this.loadBalancersOf(tg);
    if (lbs.length === 0) return { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
    const lb = lbs[0];
    const activeAt = lb.createdAt + NLB_PROVISIONING_MS;
    if (now < activeAt) return { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
    // A registration, like a deregistration, takes a moment to reach the nodes; their checks start then.
    const checking = Math.max(activeAt, t.registeredAt + REGISTRATION_PROPAGATION_MS);
    if (now < checking) return { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
    const hc = tg.healthCheck;
    const checks = (from: number, to: number) => Math.floor((to - from) / (hc.intervalSeconds * 1000));
    const result = probe(tg, t);
    const initial: TargetHealth = { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' };
    if (result === true) return checks(checking, now) >= hc.healthyThreshold ? { state: 'healthy' } : initial;
    const failingSince = result === false ? -Infinity : Math.max(checking, result.failingSince);
    if (checks(Math.max(checking, failingSince), now) >= hc.unhealthyThreshold) {
      return { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
    }
    // Not enough failed checks yet: the target keeps the state the checks before the failure gave it.
    return failingSince > checking && checks(checking, failingSince) >= hc.healthyThreshold ? { state: 'healthy' } : initial;
  }

  /** The hosted zone of the region's NLBs or ALBs (CanonicalHostedZoneId). */
  hostedZone(type: LoadBalancer['type'] = 'network'): string {
    return type === 'application' ? ALB_HOSTED_ZONES[this.region] ?? 'ZWKZPGTI48KDX' : NLB_HOSTED_ZONES[this.region] ?? 'ZIBE1TIR4CVXY';
  }
}

/** The API's timestamps: ISO 8601 with microseconds and an offset, as the AWS CLI v2 prints them. */
export function awsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
