// The AWS CLI v2 operations beyond EC2 that the seed's load-balancer part runs: `eks describe-cluster`,
// `iam create-policy | get-role | list-attached-role-policies`, `sts get-caller-identity` and `elbv2 describe-load-balancers | describe-target-groups |
// describe-target-health | describe-listeners | describe-rules`. Each answers the API's response in botocore's field order;
// aws.ts applies --query and --output to it.
import { longOption } from './util.ts';
import { awsAccount } from '../../model/aws/account.ts';
import { ACCOUNT_ID } from '../../model/aws/ec2-api.ts';
import { type Action, awsTime, type HealthProbe } from '../../model/aws/elbv2.ts';
import { IamError, type IamRole } from '../../model/aws/iam.ts';
import { SERVER_VERSION } from '../../model/aws/eks.ts';
import type { Cluster } from '../../model/cluster/cluster.ts';
import { healthProbe } from '../../model/lb-controller/health.ts';
import type { Session } from '../types.ts';
import { nlbAttributes, tcpTargetGroupAttributes } from './elbv2-attributes.ts';

type Item = Record<string, unknown>;
export type AwsResult = { ok: Item } | { error: string; code: number };

const err = (code: string, op: string, message: string): AwsResult => ({ error: `\nAn error occurred (${code}) when calling the ${op} operation: ${message}`, code: 254 });

/** A list parameter: the words after it up to the next option. */
function listParam(rest: string[], name: string): string[] | undefined {
  const i = rest.indexOf(name);
  if (i < 0) return undefined;
  const out: string[] = [];
  for (let k = i + 1; k < rest.length && !rest[k].startsWith('--'); k++) out.push(rest[k]);
  return out;
}

export function eksOperation(cluster: Cluster, op: string, rest: string[]): AwsResult {
  if (op !== 'describe-cluster') return { error: `aws: error: argument operation: Invalid choice: '${op}' (this simulator knows describe-cluster)`, code: 252 };
  const name = longOption(rest, '--name');
  if (name === undefined) return { error: 'aws: error: the following arguments are required: --name', code: 252 };
  if (name !== cluster.eks.name) return err('ResourceNotFoundException', 'DescribeCluster', `No cluster found for name: ${name}.`);
  const e = cluster.eks;
  return {
    ok: {
      cluster: {
        name: e.name, arn: e.arn, createdAt: awsTime(cluster.createdAt).replace('.000000', '.123000'),
        version: `${SERVER_VERSION.major}.${SERVER_VERSION.minor.replace('+', '')}`, endpoint: e.endpoint,
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eksctl-${e.name}-cluster-ServiceRole`,
        resourcesVpcConfig: {
          subnetIds: cluster.vpc.subnets.filter((s) => s.public).map((s) => s.id), securityGroupIds: [], vpcId: cluster.vpc.id,
          endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'],
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
        identity: { oidc: { issuer: e.oidcIssuer } },
        status: 'ACTIVE',
        platformVersion: 'eks.7',
        tags: {},
      },
    },
  };
}

export function stsOperation(op: string): AwsResult {
  if (op !== 'get-caller-identity') return { error: `aws: error: argument operation: Invalid choice: '${op}' (this simulator knows get-caller-identity)`, code: 252 };
  return { ok: { UserId: 'AIDAXZCA3PTKEXAMPLE01', Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:user/admin` } };
}

/** IAM's timestamps: whole seconds. */
const iamTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** GetRole's Role in botocore's member order; the trust policy as eksctl's stack writes it (URL-decoded by the CLI). */
function roleJson(cluster: Cluster, role: IamRole): Item {
  const provider = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${role.trust.issuer}`;
  return {
    Path: '/', RoleName: role.name, RoleId: role.id, Arn: role.arn, CreateDate: iamTime(role.createdAt),
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${role.trust.issuer}:aud`]: 'sts.amazonaws.com', [`${role.trust.issuer}:sub`]: role.trust.sub } },
      }],
    },
    Description: '', MaxSessionDuration: 3600, Tags: role.tags,
    RoleLastUsed: role.lastUsedAt === undefined ? {} : { LastUsedDate: iamTime(role.lastUsedAt), Region: cluster.region },
  };
}

export function iamOperation(cluster: Cluster, session: Session, op: string, rest: string[]): AwsResult {
  const iam = awsAccount(cluster).iam;
  if (op === 'get-role' || op === 'list-attached-role-policies') {
    const name = longOption(rest, '--role-name');
    if (name === undefined) return { error: '\naws: error: the following arguments are required: --role-name\n', code: 252 };
    const role = iam.roles.get(name);
    const opName = op === 'get-role' ? 'GetRole' : 'ListAttachedRolePolicies';
    if (!role) return err('NoSuchEntity', opName, `The role with name ${name} cannot be found.`);
    if (op === 'get-role') return { ok: { Role: roleJson(cluster, role) } };
    return { ok: { AttachedPolicies: role.policyArns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn })) } };
  }
  if (op !== 'create-policy') return { error: `aws: error: argument operation: Invalid choice: '${op}' (this simulator knows create-policy, get-role, list-attached-role-policies)`, code: 252 };
  const name = longOption(rest, '--policy-name');
  const doc = longOption(rest, '--policy-document');
  const missing = [name === undefined ? '--policy-name' : '', doc === undefined ? '--policy-document' : ''].filter(Boolean);
  if (missing.length) return { error: `\naws: error: the following arguments are required: ${missing.join(', ')}\n`, code: 252 };
  let text = doc!;
  // The CLI reads file:// parameters itself (paramfile), relative to the working directory.
  if (text.startsWith('file://')) {
    const path = text.slice(7);
    const content = session.readFile?.(path);
    if (content === undefined) return { error: `\nError parsing parameter '--policy-document': Unable to load paramfile ${text}: [Errno 2] No such file or directory: '${path}'`, code: 252 };
    text = content;
  }
  try {
    const p = awsAccount(cluster).iam.createPolicy(name!, text, cluster.now);
    return {
      ok: {
        Policy: {
          PolicyName: p.name, PolicyId: p.id, Arn: p.arn, Path: '/', DefaultVersionId: 'v1', AttachmentCount: p.attachments,
          PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: awsTime(p.createdAt).replace('.000000', ''), UpdateDate: awsTime(p.createdAt).replace('.000000', ''),
        },
      },
    };
  } catch (e) {
    if (e instanceof IamError) return err(e.code, 'CreatePolicy', e.message);
    throw e;
  }
}

/** An action in botocore's Action member order (Type, TargetGroupArn, Order, FixedResponseConfig, ForwardConfig). */
function actionJson(a: Action, i: number): Item {
  if (a.type === 'forward') {
    return { Type: 'forward', TargetGroupArn: a.targetGroupArn, Order: i + 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: a.targetGroupArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } };
  }
  return { Type: 'fixed-response', Order: i + 1, FixedResponseConfig: { ...(a.messageBody !== undefined ? { MessageBody: a.messageBody } : {}), StatusCode: a.statusCode, ContentType: a.contentType } };
}

export function elbv2Operation(cluster: Cluster, op: string, rest: string[]): AwsResult {
  const elbv2 = awsAccount(cluster).elbv2;
  const probe: HealthProbe = healthProbe(cluster);
  switch (op) {
    case 'describe-load-balancers': {
      const names = listParam(rest, '--names');
      const arns = listParam(rest, '--load-balancer-arns');
      let lbs = elbv2.loadBalancers;
      if (names) {
        const missing = names.find((n) => !lbs.some((l) => l.name === n));
        if (missing) return err('LoadBalancerNotFound', 'DescribeLoadBalancers', `Load balancers '[${missing}]' not found`);
        lbs = lbs.filter((l) => names.includes(l.name));
      }
      if (arns) lbs = lbs.filter((l) => arns.includes(l.arn));
      return {
        ok: {
          LoadBalancers: lbs.map((lb) => ({
            LoadBalancerArn: lb.arn, DNSName: lb.dnsName, CanonicalHostedZoneId: elbv2.hostedZone(lb.type), CreatedTime: awsTime(lb.createdAt), LoadBalancerName: lb.name,
            Scheme: lb.scheme, VpcId: lb.vpcId, State: { Code: elbv2.state(lb) }, Type: lb.type,
            AvailabilityZones: lb.subnets.map((s) => ({ ZoneName: s.az, SubnetId: s.subnetId, LoadBalancerAddresses: [] })),
            ...(lb.securityGroups ? { SecurityGroups: lb.securityGroups } : {}),
            IpAddressType: 'ipv4',
          })),
        },
      };
    }
    case 'describe-target-groups': {
      const lbArn = longOption(rest, '--load-balancer-arn');
      const arns = listParam(rest, '--target-group-arns');
      const names = listParam(rest, '--names');
      let tgs = elbv2.targetGroups;
      if (lbArn) tgs = tgs.filter((t) => t.loadBalancerArns.includes(lbArn));
      if (arns) tgs = tgs.filter((t) => arns.includes(t.arn));
      if (names) {
        const missing = names.find((n) => !tgs.some((t) => t.name === n));
        if (missing) return err('TargetGroupNotFound', 'DescribeTargetGroups', `One or more target groups not found`);
        tgs = tgs.filter((t) => names.includes(t.name));
      }
      return {
        ok: {
          TargetGroups: tgs.map((tg) => ({
            TargetGroupArn: tg.arn, TargetGroupName: tg.name, Protocol: tg.protocol, Port: tg.port, VpcId: tg.vpcId,
            HealthCheckProtocol: tg.healthCheck.protocol, HealthCheckPort: tg.healthCheck.port, HealthCheckEnabled: true,
            HealthCheckIntervalSeconds: tg.healthCheck.intervalSeconds, HealthCheckTimeoutSeconds: tg.healthCheck.timeoutSeconds,
            HealthyThresholdCount: tg.healthCheck.healthyThreshold, UnhealthyThresholdCount: tg.healthCheck.unhealthyThreshold,
            ...(tg.healthCheck.path !== undefined ? { HealthCheckPath: tg.healthCheck.path, Matcher: { HttpCode: tg.healthCheck.matcher } } : {}),
            LoadBalancerArns: tg.loadBalancerArns, TargetType: tg.targetType, ...(tg.protocolVersion ? { ProtocolVersion: tg.protocolVersion } : {}), IpAddressType: 'ipv4',
          })),
        },
      };
    }
    case 'describe-target-health': {
      const arn = longOption(rest, '--target-group-arn');
      if (arn === undefined) return { error: '\naws: error: the following arguments are required: --target-group-arn\n', code: 252 };
      const tg = elbv2.targetGroups.find((t) => t.arn === arn);
      if (!tg) return err('TargetGroupNotFound', 'DescribeTargetHealth', `Target groups '${arn}' not found`);
      elbv2.expire(tg);
      return {
        ok: {
          TargetHealthDescriptions: tg.targets.map((t) => {
            const h = elbv2.health(tg, t, probe);
            return {
              Target: { Id: t.id, Port: t.port },
              HealthCheckPort: tg.healthCheck.port === 'traffic-port' ? String(t.port) : tg.healthCheck.port,
              TargetHealth: { State: h.state, ...(h.reason ? { Reason: h.reason, Description: h.description } : {}) },
            };
          }),
        },
      };
    }
    case 'describe-listeners': {
      const lbArn = longOption(rest, '--load-balancer-arn');
      const arns = listParam(rest, '--listener-arns');
      if (lbArn === undefined && arns === undefined) return err('ValidationError', 'DescribeListeners', 'You must specify either listener ARNs or a load balancer ARN');
      const ls = elbv2.listeners.filter((l) => (lbArn === undefined || l.loadBalancerArn === lbArn) && (arns === undefined || arns.includes(l.arn)));
      return {
        ok: {
          Listeners: ls.map((l) => ({
            ListenerArn: l.arn, LoadBalancerArn: l.loadBalancerArn, Port: l.port, Protocol: l.protocol,
            DefaultActions: l.defaultActions
              ? l.defaultActions.map(actionJson)
              : [{ Type: 'forward', TargetGroupArn: l.targetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: l.targetGroupArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }],
          })),
        },
      };
    }
    case 'describe-load-balancer-attributes': {
      const arn = longOption(rest, '--load-balancer-arn');
      if (arn === undefined) return { error: '\naws: error: the following arguments are required: --load-balancer-arn\n', code: 252 };
      const lb = elbv2.loadBalancers.find((l) => l.arn === arn);
      if (!lb) return err('LoadBalancerNotFound', 'DescribeLoadBalancerAttributes', `Load balancer '${arn}' not found`);
      return { ok: { Attributes: nlbAttributes(lb) } };
    }
    case 'describe-target-group-attributes': {
      const arn = longOption(rest, '--target-group-arn');
      if (arn === undefined) return { error: '\naws: error: the following arguments are required: --target-group-arn\n', code: 252 };
      const tg = elbv2.targetGroups.find((t) => t.arn === arn);
      if (!tg) return err('TargetGroupNotFound', 'DescribeTargetGroupAttributes', `Target groups '${arn}' not found`);
      return { ok: { Attributes: tcpTargetGroupAttributes(tg) } };
    }
    case 'describe-rules': {
      const lsArn = longOption(rest, '--listener-arn');
      const arns = listParam(rest, '--rule-arns');
      if (lsArn === undefined && arns === undefined) return err('ValidationError', 'DescribeRules', 'You must specify either listener ARN or rule ARNs');
      const listener = lsArn === undefined ? undefined : elbv2.listeners.find((l) => l.arn === lsArn);
      if (lsArn !== undefined && !listener) return err('ListenerNotFound', 'DescribeRules', 'One or more listeners not found');
      // A listener's rules by priority, then its default action as the rule `default`.
      const rules = elbv2.rules.filter((r) => (lsArn === undefined || r.listenerArn === lsArn) && (arns === undefined || arns.includes(r.arn))).sort((a, b) => a.priority - b.priority);
      const out: Item[] = rules.map((r) => ({
        RuleArn: r.arn, Priority: String(r.priority),
        Conditions: r.conditions.map((c) => ({ Field: c.field, Values: c.values, ...(c.field === 'host-header' ? { HostHeaderConfig: { Values: c.values } } : { PathPatternConfig: { Values: c.values } }) })),
        Actions: r.actions.map(actionJson), IsDefault: false,
      }));
      if (listener?.defaultActions && arns === undefined) {
        out.push({ RuleArn: listener.defaultRuleArn, Priority: 'default', Conditions: [], Actions: listener.defaultActions.map(actionJson), IsDefault: true });
      }
      return { ok: { Rules: out } };
    }
    default:
      return { error: `aws: error: argument operation: Invalid choice: '${op}' (this simulator knows describe-load-balancers, describe-target-groups, describe-target-health, describe-listeners, describe-rules, describe-load-balancer-attributes and describe-target-group-attributes)`, code: 252 };
  }
}
