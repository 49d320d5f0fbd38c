// The controller's Ingress model builder (kubernetes-sigs/aws-load-balancer-controller v2.5.1, pkg/ingress/):
// which Ingresses it owns (group_loader.go classifyIngress: the kubernetes.io/ingress.class annotation first, then
// spec.ingressClassName naming an IngressClass whose controller is ingress.k8s.aws/alb), how they form groups
// (group.name → explicit group, else the Ingress alone; members sorted by group.order, then namespace/name), and
// what one group asks of ELBv2 (model_build_load_balancer.go, _listener.go, _listener_rules.go, _target_group.go,
// _actions.go): one ALB, a listener per listen-port, rules per host/path in order, a target group per backend.
// Pure: reads objects, returns a plan or the error the controller reports; ingress-controller.ts deploys it.
import type { Action, HealthCheck, RuleCondition } from '../aws/elbv2.ts';
import type { GenericObject, Service } from '../cluster/types.ts';
import { ingressLoadBalancerName, ingressTargetGroupName, type Scheme, type TargetType } from './naming.ts';

export const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
const A = 'alb.ingress.kubernetes.io/';

/** networking.k8s.io/v1 Ingress fields the controller reads (the object's body as applied). */
export interface IngressBackend {
  service?: { name: string; port: { number?: number; name?: string } };
}
export interface IngressPath { path?: string; pathType?: string; backend: IngressBackend }
export interface IngressRule { host?: string; http?: { paths: IngressPath[] } }
export interface IngressSpec { ingressClassName?: string; defaultBackend?: IngressBackend; rules?: IngressRule[]; tls?: unknown[] }

export const ingressSpec = (ing: GenericObject): IngressSpec => ((ing.body as { spec?: IngressSpec }).spec ?? {});

export interface GroupId { namespace?: string; name: string }
export const groupIdString = (g: GroupId) => (g.namespace === undefined ? g.name : `${g.namespace}/${g.name}`);

/** classifyIngress: whether this controller (started with --ingress-class=alb) owns the Ingress. */
export function ownsIngress(ing: GenericObject, ingressClasses: GenericObject[]): boolean {
  if (ing.metadata.deletionTimestamp) return false;
  const annotation = ing.metadata.annotations['kubernetes.io/ingress.class'];
  if (annotation !== undefined) return annotation === 'alb';
  const className = ingressSpec(ing).ingressClassName;
  if (className === undefined) return false;
  const cls = ingressClasses.find((c) => c.metadata.name === className);
  return (cls?.body as { spec?: { controller?: string } } | undefined)?.spec?.controller === ALB_CONTROLLER;
}

/** loadGroupID: the group.name annotation makes an explicit group; otherwise the Ingress is a group of its own. */
export function groupOf(ing: GenericObject): GroupId {
  const name = ing.metadata.annotations[`${A}group.name`];
  return name !== undefined ? { name } : { namespace: ing.metadata.namespace!, name: ing.metadata.name };
}

/** validateGroupName (group_loader.go), wrapped in errInvalidIngressGroup; undefined when valid. */
export function groupNameError(name: string): string | undefined {
  if (!/^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/.test(name)) return "invalid ingress group: groupName must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  if (name.length > 63) return 'invalid ingress group: groupName must be no more than 63 characters';
  return undefined;
}

/**
 * Why an Ingress is not reconciled: a bad group name is caught when its event is enqueued (a FailedLoadGroupID
 * event, `failed load groupID due to …`); a bad group.order fails the group's load (only the log's Reconciler error).
 */
export interface GroupLoadError { ing: GenericObject; error: string; event?: { reason: string; message: string } }

export interface IngressGroup { id: GroupId; members: GenericObject[] }

/** Groups of the owned Ingresses, members in group.order then namespace/name order (sortGroupMembers). */
export function loadGroups(ingresses: GenericObject[], ingressClasses: GenericObject[]): { groups: IngressGroup[]; errors: GroupLoadError[] } {
  const byId = new Map<string, IngressGroup>();
  const errors: GroupLoadError[] = [];
  const orders = new Map<GenericObject, number>();
  for (const ing of ingresses.filter((i) => ownsIngress(i, ingressClasses))) {
    const explicit = ing.metadata.annotations[`${A}group.name`];
    const invalid = explicit === undefined ? undefined : groupNameError(explicit);
    if (invalid) {
      errors.push({ ing, error: invalid, event: { reason: 'FailedLoadGroupID', message: `failed load groupID due to ${invalid}` } });
      continue;
    }
    const raw = ing.metadata.annotations[`${A}group.order`];
    const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
    if (raw !== undefined) {
      const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (Number.isNaN(n)) {
        errors.push({ ing, error: `failed to load Ingress group order for ingress: ${key}: failed to parse int64 annotation, ${A}group.order: ${raw}: strconv.ParseInt: parsing "${raw}": invalid syntax` });
        continue;
      }
      if (n < -1000 || n > 1000) {
        errors.push({ ing, error: `explicit Ingress group order must be within [-1000:1000], Ingress: ${key}, order: ${n}` });
        continue;
      }
    }
    orders.set(ing, raw === undefined ? 0 : Number(raw));
    const id = groupOf(ing);
    const k = groupIdString(id);
    if (!byId.has(k)) byId.set(k, { id, members: [] });
    byId.get(k)!.members.push(ing);
  }
  const fq = (i: GenericObject) => `${i.metadata.namespace}/${i.metadata.name}`;
  for (const g of byId.values()) g.members.sort((a, b) => orders.get(a)! - orders.get(b)! || (fq(a) < fq(b) ? -1 : fq(a) > fq(b) ? 1 : 0));
  return { groups: [...byId.values()], errors };
}

export interface PlannedTargetGroup {
  /** `ns/ing-svc:port`, the ingress.k8s.aws/resource tag. */
  resourceId: string;
  name: string;
  service: Service;
  /** The backend's port as written (a number or a port name). */
  backendPort: number | string;
  servicePort: Service['spec']['ports'][number];
  port: number;
  targetType: TargetType;
  protocol: 'HTTP' | 'HTTPS';
  protocolVersion: string;
  healthCheck: HealthCheck;
  /** alb.ingress.kubernetes.io/target-group-attributes (deregistration_delay.timeout_seconds=…, …). */
  attributes: Record<string, string>;
  ingress: GenericObject;
}

/** A forward action names its target group by resource ID until the group is deployed. */
export type PlannedAction = { type: 'forward'; targetGroup: string } | Exclude<Action, { type: 'forward' }>;

export interface PlannedRule { priority: number; conditions: RuleCondition[]; actions: PlannedAction[]; ingress: GenericObject }
export interface PlannedListener { port: number; protocol: 'HTTP' | 'HTTPS'; defaultActions: PlannedAction[]; rules: PlannedRule[] }

export interface AlbPlan {
  group: IngressGroup;
  name: string;
  scheme: Scheme;
  listeners: PlannedListener[];
  targetGroups: PlannedTargetGroup[];
}

class BuildError extends Error {}

/** buildLoadBalancerScheme: every member that sets one must agree; internal by default. */
function schemeOf(group: IngressGroup): Scheme {
  const explicit = [...new Set(group.members.map((m) => m.metadata.annotations[`${A}scheme`]).filter((s): s is string => s !== undefined))];
  if (explicit.length > 1) throw new BuildError(`conflicting scheme: map[${explicit.sort().map((s) => `${s}:{}`).join(' ')}]`);
  if (explicit.length === 0) return 'internal';
  if (explicit[0] !== 'internal' && explicit[0] !== 'internet-facing') throw new BuildError(`unknown scheme: ${explicit[0]}`);
  return explicit[0];
}

/** computeIngressListenPorts: the listen-ports annotation (JSON), HTTP:80 without it. */
export function listenPorts(ing: GenericObject): Map<number, 'HTTP' | 'HTTPS'> {
  const raw = ing.metadata.annotations[`${A}listen-ports`];
  if (raw === undefined) return new Map([[80, 'HTTP']]);
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch (e) {
    throw new BuildError(`failed to parse listen-ports configuration: \`${raw}\`: ${goJsonError(e)}`);
  }
  if (!Array.isArray(entries)) throw new BuildError(`failed to parse listen-ports configuration: \`${raw}\`: json: cannot unmarshal ${typeof entries === 'object' ? 'object' : typeof entries} into Go value of type []map[string]int64`);
  if (entries.length === 0) throw new BuildError(`empty listen-ports configuration: \`${raw}\``);
  const out = new Map<number, 'HTTP' | 'HTTPS'>();
  for (const entry of entries as Record<string, number>[]) {
    for (const [protocol, port] of Object.entries(entry)) {
      if (port < 1 || port > 65535) throw new BuildError(`listen port must be within [1, 65535]: ${port}`);
      if (protocol !== 'HTTP' && protocol !== 'HTTPS') throw new BuildError(`listen protocol must be within [HTTP, HTTPS]: ${protocol}`);
      out.set(port, protocol);
    }
  }
  return out;
}

/** Go's encoding/json words for the commonest mistake (a JS SyntaxError otherwise, reduced to its gist). */
function goJsonError(e: unknown): string {
  const m = /Unexpected token '?(.)'?/.exec(String((e as Error).message));
  return m ? `invalid character '${m[1]}' looking for beginning of value` : 'unexpected end of JSON input';
}

/** sortIngressPaths: Exact first, then Prefix longest first (stable), then ImplementationSpecific / none as written. */
export function sortPaths(paths: IngressPath[]): IngressPath[] {
  const exact = paths.filter((p) => p.pathType === 'Exact');
  const prefix = paths.filter((p) => p.pathType === 'Prefix').map((p, i) => [p, i] as const)
    .sort((a, b) => (b[0].path ?? '').length - (a[0].path ?? '').length || a[1] - b[1]).map(([p]) => p);
  const rest = paths.filter((p) => p.pathType === undefined || p.pathType === 'ImplementationSpecific');
  const unknown = paths.find((p) => p.pathType !== undefined && !['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType));
  if (unknown) throw new BuildError(`unknown pathType for path ${unknown.path ?? ''}`);
  return [...exact, ...prefix, ...rest];
}

/** buildPathPatterns: Prefix `/` is `/*`; Prefix `/foo` is `/foo` and `/foo/*`; Exact and ImplementationSpecific as written. */
export function pathPatterns(path: string, pathType: string | undefined): string[] {
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (pathType === 'Prefix' && path === '/') return ['/*'];
    if (/[*?]/.test(path)) throw new BuildError(`${pathType === 'Exact' ? 'exact' : 'prefix'} path shouldn't contain wildcards: ${path}`);
    if (pathType === 'Exact') return [path];
    const normalized = path.replace(/\/$/, '');
    return [normalized, `${normalized}/*`];
  }
  return [path];
}

/** buildRuleConditions: host-header if the rule has a host, path-pattern if the path is set; neither → `/*`. */
export function ruleConditions(rule: IngressRule, path: IngressPath): RuleCondition[] {
  const out: RuleCondition[] = [];
  if (rule.host) out.push({ field: 'host-header', values: [rule.host] });
  if (path.path) out.push({ field: 'path-pattern', values: pathPatterns(path.path, path.pathType) });
  if (out.length === 0) out.push({ field: 'path-pattern', values: ['/*'] });
  return out;
}

/** Annotations of the Service override the Ingress's (algorithm.MergeStringMap(svc, ing): the first wins). */
function merged(svc: Service, ing: GenericObject): Record<string, string> {
  return { ...ing.metadata.annotations, ...svc.metadata.annotations };
}

function int64(a: Record<string, string>, key: string, def: number): number {
  const raw = a[`${A}${key}`];
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new BuildError(`failed to parse int64 annotation, ${A}${key}: ${raw}: strconv.ParseInt: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

/** annotations.ParseStringMapAnnotation: `k1=v1,k2=v2`; a pair without `=` is the controller's parse error. */
function stringMap(a: Record<string, string>, key: string): Record<string, string> {
  const raw = a[`${A}${key}`];
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const i = pair.indexOf('=');
    if (i < 0) throw new BuildError(`failed to parse stringMap annotation, ${A}${key}: ${raw}`);
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** buildTargetGroupSpec: target type, protocol, port and health check with the v2.5.1 defaults (model_builder.go). */
function targetGroupSpec(clusterName: string, group: IngressGroup, ing: GenericObject, svc: Service, backendPort: number | string): PlannedTargetGroup {
  const ann = merged(svc, ing);
  const targetType = ann[`${A}target-type`] ?? 'instance';
  if (targetType !== 'instance' && targetType !== 'ip') throw new BuildError(`unknown targetType: ${targetType}`);
  const protocol = ann[`${A}backend-protocol`] ?? 'HTTP';
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') throw new BuildError(`backend protocol must be within [HTTP, HTTPS]: ${protocol}`);
  const protocolVersion = ann[`${A}backend-protocol-version`] ?? 'HTTP1';
  const ns = svc.metadata.namespace!;
  const sp = svc.spec.ports.find((p) => (typeof backendPort === 'number' ? p.port === backendPort : p.name === backendPort));
  if (!sp) throw new BuildError(`unable to find port ${backendPort} on service ${ns}/${svc.metadata.name}`);
  // buildTargetGroupPort: the NodePort for instance targets, the numeric targetPort for ip, 1 for a named one.
  const port = targetType === 'instance' ? sp.nodePort ?? 0 : typeof sp.targetPort === 'number' ? sp.targetPort : 1;
  const hcProtocol = ann[`${A}healthcheck-protocol`] ?? protocol;
  if (hcProtocol !== 'HTTP' && hcProtocol !== 'HTTPS') throw new BuildError('healthCheckProtocol must be within [HTTP, HTTPS]');
  const healthCheck: HealthCheck = {
    protocol: hcProtocol,
    port: ann[`${A}healthcheck-port`] ?? 'traffic-port',
    intervalSeconds: int64(ann, 'healthcheck-interval-seconds', 15),
    timeoutSeconds: int64(ann, 'healthcheck-timeout-seconds', 5),
    healthyThreshold: int64(ann, 'healthy-threshold-count', 2),
    unhealthyThreshold: int64(ann, 'unhealthy-threshold-count', 2),
    path: ann[`${A}healthcheck-path`] ?? (protocolVersion === 'GRPC' ? '/AWS.ALB/healthcheck' : '/'),
    matcher: ann[`${A}success-codes`] ?? (protocolVersion === 'GRPC' ? '12' : '200'),
  };
  const name = ingressTargetGroupName({
    clusterName, groupId: groupIdString(group.id), ingNamespace: ing.metadata.namespace!, ingName: ing.metadata.name, svcNamespace: ns,
    svcName: svc.metadata.name, svcUid: svc.metadata.uid, port: backendPort, tgPort: port, targetType, tgProtocol: protocol, tgProtocolVersion: protocolVersion,
  });
  return {
    resourceId: `${ing.metadata.namespace}/${ing.metadata.name}-${svc.metadata.name}:${backendPort}`,
    name, service: svc, backendPort, servicePort: sp, port, targetType, protocol, protocolVersion, healthCheck, ingress: ing,
    attributes: stringMap(ann, 'target-group-attributes'),
  };
}

/** Builds one group's ALB; throws nothing, returns the controller's error text instead. */
export function buildAlb(clusterName: string, group: IngressGroup, services: (ns: string, name: string) => Service | undefined): AlbPlan | { error: string } {
  try {
    const scheme = schemeOf(group);
    const tgs = new Map<string, PlannedTargetGroup>();
    const ingKey = (ing: GenericObject) => `${ing.metadata.namespace}/${ing.metadata.name}`;
    /** An Ingress backend's action: forward to its target group, or 503 when the Service is missing. */
    const action = (ing: GenericObject, backend: IngressBackend): PlannedAction => {
      const ref = backend.service;
      if (!ref) throw new BuildError(`ingress: ${ingKey(ing)}: missing service backend`);
      const svc = services(ing.metadata.namespace!, ref.name);
      if (!svc) return { type: 'fixed-response', statusCode: '503', contentType: 'text/plain', messageBody: 'Backend service does not exist' };
      const port = ref.port.name ?? ref.port.number ?? 0;
      let tg: PlannedTargetGroup;
      try {
        tg = targetGroupSpec(clusterName, group, ing, svc, port);
      } catch (e) {
        throw new BuildError(`ingress: ${ingKey(ing)}: ${(e as Error).message}`);
      }
      if (!tgs.has(tg.resourceId)) tgs.set(tg.resourceId, tg);
      return { type: 'forward', targetGroup: tg.resourceId };
    };
    // Ports from every member's listen-ports; a port's listener carries the rules of the Ingresses that listen on it.
    const byPort = new Map<number, { protocol: 'HTTP' | 'HTTPS'; ings: GenericObject[] }>();
    for (const ing of group.members) {
      for (const [port, protocol] of listenPorts(ing)) {
        const cur = byPort.get(port);
        if (cur && cur.protocol !== protocol) throw new BuildError(`conflicting protocol for port ${port}: ${cur.protocol}, ${protocol}`);
        if (cur) cur.ings.push(ing);
        else byPort.set(port, { protocol, ings: [ing] });
      }
    }
    const listeners: PlannedListener[] = [];
    for (const [port, { protocol, ings }] of [...byPort].sort((a, b) => a[0] - b[0])) {
      const withDefault = ings.filter((i) => ingressSpec(i).defaultBackend);
      if (withDefault.length > 1) throw new BuildError(`multiple ingress defined default backend: [${withDefault.map(ingKey).join(' ')}]`);
      const defaultActions: PlannedAction[] = withDefault.length
        ? [action(withDefault[0], ingressSpec(withDefault[0]).defaultBackend!)]
        : [{ type: 'fixed-response', statusCode: '404', contentType: 'text/plain' }];
      const rules: PlannedRule[] = [];
      for (const ing of ings) {
        for (const rule of ingressSpec(ing).rules ?? []) {
          if (!rule.http) continue;
          for (const path of sortPaths(rule.http.paths ?? [])) {
            let conditions: RuleCondition[];
            try {
              conditions = ruleConditions(rule, path);
            } catch (e) {
              throw new BuildError(`ingress: ${ingKey(ing)}: ${(e as Error).message}`);
            }
            rules.push({ priority: rules.length + 1, conditions, actions: [action(ing, path.backend)], ingress: ing });
          }
        }
      }
      listeners.push({ port, protocol, defaultActions, rules });
    }
    return { group, name: ingressLoadBalancerName(clusterName, group.id, scheme), scheme, listeners, targetGroups: [...tgs.values()] };
  } catch (e) {
    if (e instanceof BuildError) return { error: e.message };
    throw e;
  }
}
