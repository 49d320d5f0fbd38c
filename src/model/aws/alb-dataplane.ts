// An Application Load Balancer's data plane as AWS documents it (Elastic Load Balancing, "Application Load
// Balancers": listeners and rules, target groups, health checks, HTTP headers, troubleshooting): a node ends the
// client's HTTP connection, the listener's rules pick an action, and a forward opens a connection of the node's own,
// from its private address, to one target.
//
// - Rules: "Rules are evaluated in priority order, from the lowest value to the highest value. The default rule is
//   evaluated last." A rule matches when all its conditions do: path-pattern against the path (case-sensitive, no
//   query string), host-header against the Host header (case-insensitive, without a port); `*` matches any run of
//   characters and `?` one.
// - Routing: "the default routing algorithm is round robin" per target group; each node routes only to healthy
//   targets (cross-zone is always on for ALBs); "if a target group contains only unhealthy registered targets, the
//   load balancer routes requests to all those targets" (fail open). With none healthy or unhealthy (every target
//   `initial` or `draining`, as mid-rollout, issue #1124) there is no target to send to: 503. A target deregistered
//   a moment ago still gets requests until the deregistration reaches the nodes (DEREGISTRATION_PROPAGATION_MS).
// - Headers added to the request: X-Forwarded-For (the client's address, appended to one the client sent),
//   X-Forwarded-Proto, X-Forwarded-Port, and X-Amzn-Trace-Id `Root=1-<epoch seconds, 8 hex>-<24 hex>` (drawn from a
//   stream of the cluster's seed, so replays repeat them).
// - Errors the ALB answers itself, with its awselb/2.0 HTML page: 502 when the target resets the connection (nothing
//   listens any more: a pod that got SIGTERM), 503 with no target to send to, 504 when the target does not answer
//   the connection within 10 s (a pod that is gone). The listener's fixed-response action answers with its status,
//   `Content-Type: <type>; charset=utf-8` and its body (the controller's default: 404, text/plain, empty).
import type { Cluster } from '../cluster/cluster.ts';
import { randomHex } from '../ids.ts';
import type { HttpRequest, HttpResponse, HttpServer } from '../net/http.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import type { Network } from '../net/network.ts';
import { httpExchange } from '../net/tcp.ts';
import { createRng, type Rng } from '../rng.ts';
import { awsAccount } from './account.ts';
import type { Action, LbSubnet, Listener, LoadBalancer, RuleCondition, TargetGroup } from './elbv2.ts';
import { type TargetView, targetViews } from './nlb-dataplane.ts';

/** "If the load balancer fails to establish a connection with the target within 10 seconds": 504. */
export const ALB_CONNECT_TIMEOUT_MS = 10_000;

const REASONS: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

/** Per cluster: each target group's round-robin position, and the trace-id stream. */
const state = new WeakMap<Cluster, { next: Map<string, number>; rng: Rng }>();

function stateOf(cluster: Cluster) {
  let s = state.get(cluster);
  if (!s) state.set(cluster, (s = { next: new Map(), rng: createRng(`${cluster.eks.endpoint}/alb-trace`) }));
  return s;
}

/** Whether the ALB has a listener on this port (its security group lets in only those). */
export function albListens(cluster: Cluster, lb: LoadBalancer, port: number): boolean {
  return awsAccount(cluster).elbv2.listeners.some((l) => l.loadBalancerArn === lb.arn && l.port === port);
}

/** The ALB's own error page (text/html, CRLF line ends as it sends them). */
export function albErrorPage(status: 502 | 503 | 504, at: number): HttpResponse {
  const title = `${status} ${REASONS[status]}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return {
    status, reason: REASONS[status],
    headers: [['Server', 'awselb/2.0'], ['Date', new Date(at).toUTCString()], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']],
    body,
  };
}

function fixedResponse(a: Extract<Action, { type: 'fixed-response' }>, at: number): HttpResponse {
  const body = a.messageBody ?? '';
  const status = Number(a.statusCode);
  return {
    status, reason: STATUS_TEXT[status] ?? '',
    headers: [['Server', 'awselb/2.0'], ['Date', new Date(at).toUTCString()], ['Content-Type', `${a.contentType}; charset=utf-8`], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']],
    body,
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** An ALB condition value: `*` any run of characters, `?` one, everything else literal. */
function wildcard(pattern: string, text: string, caseless: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseless ? 'i' : '').test(text);
}

function conditionMatches(c: RuleCondition, req: HttpRequest): boolean {
  if (c.field === 'path-pattern') {
    const path = req.path.split('?')[0];
    return c.values.some((v) => wildcard(v, path, false));
  }
  const host = req.host.replace(/:\d+$/, '');
  return c.values.some((v) => wildcard(v, host, true));
}

/** The actions for a request: the first rule by priority whose conditions all match, else the default. */
export function albActions(cluster: Cluster, listener: Listener, req: HttpRequest): { actions: Action[]; rule: string } {
  const elbv2 = awsAccount(cluster).elbv2;
  const rules = elbv2.rules.filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority);
  for (const r of rules) if (r.conditions.every((c) => conditionMatches(c, req))) return { actions: r.actions, rule: String(r.priority) };
  return { actions: listener.defaultActions ?? [], rule: 'default' };
}

/** The target the next request to this target group goes to, or why there is none. */
export function albTarget(cluster: Cluster, lb: LoadBalancer, tg: TargetGroup): { target: TargetView } | { none: string } {
  const azs = new Set(lb.subnets.map((s) => s.az));
  const views = targetViews(cluster, tg).filter((v) => azs.has(v.az));
  let candidates = views.filter((v) => v.state === 'healthy');
  if (candidates.length === 0) {
    const live = views.filter((v) => v.state !== 'draining');
    if (live.length > 0 && live.every((v) => v.state === 'unhealthy')) candidates = live;
  }
  if (candidates.length === 0) {
    return { none: views.length === 0 ? `target group ${tg.name} has no registered targets` : `no healthy target in ${tg.name} (${views.map((v) => v.state).join(', ')})` };
  }
  // Registration order, as the target group keeps them; the position walks round it.
  const s = stateOf(cluster);
  const i = s.next.get(tg.arn) ?? 0;
  s.next.set(tg.arn, i + 1);
  return { target: candidates[i % candidates.length] };
}

/** X-Amzn-Trace-Id as the ALB adds it: version 1, the request's time in epoch seconds, 96 random bits. */
function traceId(cluster: Cluster, at: number): string {
  return `Root=1-${Math.floor(at / 1000).toString(16).padStart(8, '0')}-${randomHex(stateOf(cluster).rng, 24)}`;
}

/** The HTTP server an ALB node is on a listener's port: rules, then a fixed response or a proxied request. */
export function albServer(net: Network, node: { lb: LoadBalancer; subnet: LbSubnet }, port: number): HttpServer | undefined {
  const cluster = net.cluster;
  const elbv2 = awsAccount(cluster).elbv2;
  const listener = elbv2.listeners.find((l) => l.loadBalancerArn === node.lb.arn && l.port === port);
  if (!listener) return undefined;
  return (req) => {
    const [action] = albActions(cluster, listener, req).actions;
    if (!action) return albErrorPage(503, req.at);
    if (action.type === 'fixed-response') return fixedResponse(action, req.at);
    const tg = elbv2.targetGroups.find((t) => t.arn === action.targetGroupArn);
    if (!tg) return albErrorPage(503, req.at);
    const pick = albTarget(cluster, node.lb, tg);
    if ('none' in pick) return albErrorPage(503, req.at);
    const t = pick.target;
    const forwarded = (req.headers ?? []).find(([k]) => k.toLowerCase() === 'x-forwarded-for')?.[1];
    const client = formatIpv4(req.client);
    const headers: [string, string][] = [
      ...(req.headers ?? []).filter(([k]) => !/^x-forwarded-(for|proto|port)$|^x-amzn-trace-id$/i.test(k)),
      ['X-Forwarded-For', forwarded ? `${forwarded}, ${client}` : client],
      ['X-Forwarded-Proto', listener.protocol.toLowerCase()],
      ['X-Forwarded-Port', String(listener.port)],
      ['X-Amzn-Trace-Id', traceId(cluster, req.at)],
    ];
    const out = httpExchange(net, { kind: 'lb', lb: node.lb, subnet: node.subnet }, t.ip, t.port, { method: req.method, path: req.path, host: req.host, userAgent: req.userAgent, headers }, req.at);
    if (out.kind === 'ok') return { ...out.response, delayMs: out.doneAt - req.at };
    if (out.kind === 'refused') return { ...albErrorPage(502, out.at), delayMs: out.at - req.at };
    return { ...albErrorPage(504, req.at + ALB_CONNECT_TIMEOUT_MS), delayMs: ALB_CONNECT_TIMEOUT_MS };
  };
}
