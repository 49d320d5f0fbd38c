// kubectl logs (POD | TYPE/NAME) [CONTAINER]: what a container printed, as kubectl 1.24 fetches and prints it
// (k8s.io/kubectl pkg/cmd/logs/logs.go and pkg/polymorphichelpers/logsforobject.go), with the kubelet's answers
// for containers that have no log to give (pkg/kubelet/kubelet_pods.go, validateContainerLogStatus). The lines
// themselves come from the model (src/model/k8s/container-logs.ts). With -f it keeps running on model time: new
// lines show up when model time reaches them, and it ends when the containers stop (or on Ctrl-C).
import { qualifiedName, resolveResource } from '../../../model/api/discovery.ts';
import { matchesLabels, matchesSet, parseLabelSelector, SelectorParseError } from '../../../model/api/label-selector.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { ConfigMap, Node, Pod } from '../../../model/cluster/types.ts';
import { type ContainerRef, containerLog, containerState, type LogLine, podContainers, rfc3339Nano } from '../../../model/k8s/container-logs.ts';
import type { CommandOutput, Emission, Process } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

// ---- the cluster, as logs sees it ---------------------------------------------------------------------------

/** The few things logs asks of the cluster. */
interface LogsCluster {
  now: number;
  pod(namespace: string, name: string): Pod | undefined;
  /** A namespace's pods, in the order the API server lists them (by name). */
  pods(namespace: string): Pod[];
  /** Another object (a workload, a Service, anything discovery serves), as the store keeps it. */
  object(kind: string, namespace: string, name: string): { spec?: { selector?: unknown } } | undefined;
  node(name: string): Node | undefined;
  corefile(): string | undefined;
  /** The mode a kube-proxy pod started in (its node's kube-proxy run, if this pod is the one that started it). */
  proxyMode(pod: Pod): 'iptables' | 'ipvs' | undefined;
}

/** The one place that knows how the Cluster keeps its objects: the API store, pods in their own collection. */
function logsCluster(cluster: Cluster): LogsCluster {
  return {
    now: cluster.now,
    pod: (namespace, name) => cluster.findPod(namespace, name),
    pods: (namespace) => [...cluster.pods.list(namespace)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    object: (kind, namespace, name) => cluster.store.get(kind, namespace, name) as { spec?: { selector?: unknown } } | undefined,
    node: (name) => cluster.node(name),
    corefile: () => cluster.store.get<ConfigMap>('ConfigMap', 'kube-system', 'coredns')?.data.Corefile,
    proxyMode: (pod) => {
      const run = pod.nodeName ? cluster.kubeProxies.on(pod.nodeName) : undefined;
      return run && run.podUid === pod.uid ? run.config.mode : undefined;
    },
  };
}

// ---- options ------------------------------------------------------------------------------------------------

const USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]";
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';
const DEFAULT_LOGS_CONTAINER = 'kubectl.kubernetes.io/default-logs-container';
/** With a selector and no --tail, kubectl asks for the last 10 lines of each container. */
const SELECTOR_TAIL = 10;

interface Options {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  prefix: boolean;
  allContainers: boolean;
  container?: string;
  tail?: number;
  sinceMs?: number;
  sinceTime?: number;
  limitBytes?: number;
  maxFollow: number;
}

class LogsError extends Error {
  /** What kubectl printed on stderr before failing (its container-defaulting notes). */
  readonly before: string;
  constructor(message: string, before = '') {
    super(message);
    this.before = before;
  }
}

const fail = (stderr: string, stdout = ''): CommandOutput => ({ stdout, stderr, exitCode: 1 });
const usageError = (msg: string) => fail(`error: ${msg}\nSee 'kubectl logs -h' for help and examples\n`);
const flagError = (msg: string) => fail(`error: ${msg}\nSee 'kubectl logs --help' for usage.\n`);

function bool(args: KubectlArgs, name: string): boolean {
  const v = args.flags.get(name);
  return v !== undefined && v !== 'false';
}

/** pflag's Int64Var: strconv.ParseInt(s, 0, 64). */
function int(args: KubectlArgs, flag: string): number | undefined {
  const v = args.flags.get(flag);
  if (v === undefined) return undefined;
  const m = /^([+-]?)(?:0x([0-9a-f]+)|0o?([0-7]+)|([1-9]\d*|0))$/i.exec(v);
  if (!m) throw new LogsError(`invalid argument "${v}" for "--${flag}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`);
  const n = m[2] !== undefined ? parseInt(m[2], 16) : m[3] !== undefined ? parseInt(m[3], 8) : Number(m[4]);
  return m[1] === '-' ? -n : n;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s) {
    const m = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '') || !(m[3] in UNITS)) return undefined;
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * UNITS[m[3]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

function options(args: KubectlArgs): Options {
  const since = args.flags.get('since');
  let sinceMs: number | undefined;
  if (since !== undefined) {
    sinceMs = parseGoDuration(since);
    if (sinceMs === undefined) throw new LogsError(`invalid argument "${since}" for "--since" flag: time: invalid duration "${since}"`);
  }
  return {
    follow: bool(args, 'follow'),
    previous: bool(args, 'previous'),
    timestamps: bool(args, 'timestamps'),
    prefix: bool(args, 'prefix'),
    allContainers: bool(args, 'all-containers'),
    container: args.flags.get('container'),
    tail: int(args, 'tail'),
    sinceMs,
    limitBytes: int(args, 'limit-bytes'),
    maxFollow: int(args, 'max-log-requests') ?? 5,
  };
}

/** util.ParseRFC3339: RFC 3339, with or without fractional seconds. */
function parseRfc3339(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

// ---- what to read -------------------------------------------------------------------------------------------

/** SelectorsForObject: the kinds whose pods kubectl can find (Jobs and StatefulSets too; the model runs neither). */
const SELECTS_PODS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job', 'ReplicationController', 'Service']);

/** One container's log stream, as kubectl requests it. */
interface Request {
  pod: Pod;
  container: ContainerRef;
}

/** podutils.ByLogging: scheduled before unscheduled, running before pending, ready longer, more restarts, older. */
function byLogging(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.nodeName ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Pod) => (p.phase === 'Running' || p.phase === 'Terminating' ? 0 : 2);
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Pod) => (p.phase === 'Running' ? 0 : 1);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (ready(a) === 0 && a.startedAt !== b.startedAt) return (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity);
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  return a.createdAt - b.createdAt;
}

/** The pods a command line names: one pod, the pod kubectl picks for a workload, or all pods a selector matches. */
function resolvePods(view: LogsCluster, namespace: string, resource: string | undefined, selector: string | undefined): { pods: Pod[]; stderr: string } {
  if (selector !== undefined) {
    let parsed;
    try {
      parsed = parseLabelSelector(selector);
    } catch (e) {
      if (e instanceof SelectorParseError) {
        throw new LogsError(`Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "${selector}", field selector "": ${e.message}`);
      }
      throw e;
    }
    const pods = view.pods(namespace).filter((p) => matchesLabels(p.labels, parsed));
    return { pods, stderr: pods.length ? '' : `No resources found in ${namespace} namespace.\n` };
  }
  const slash = resource!.indexOf('/');
  const typed = slash < 0 ? 'pods' : resource!.slice(0, slash);
  const name = slash < 0 ? resource! : resource!.slice(slash + 1);
  const api = resolveResource(typed);
  if (!api) throw new LogsError(`error: the server doesn't have a resource type "${typed}"`);
  if (name === '') throw new LogsError('error: arguments in resource/name form must have a single resource and name');
  if (api.kind === 'Pod') {
    const pod = view.pod(namespace, name);
    if (!pod) throw new LogsError(`Error from server (NotFound): pods "${name}" not found`);
    return { pods: [pod], stderr: '' };
  }
  const obj = view.object(api.kind, namespace, name);
  if (!obj) throw new LogsError(`Error from server (NotFound): ${qualifiedName(api)} "${name}" not found`);
  const goType = `*${api.version}.${api.kind}`;
  if (!SELECTS_PODS.has(api.kind)) throw new LogsError(`error: cannot get the logs from ${goType}: selector for ${goType} not implemented`);
  // Services and ReplicationControllers select by a map; the apps and batch kinds by a LabelSelector's matchLabels.
  const raw = obj.spec?.selector as Record<string, string> | { matchLabels?: Record<string, string> } | undefined;
  const sel = raw && typeof raw.matchLabels === 'object' ? (raw.matchLabels as Record<string, string>) : (raw as Record<string, string> | undefined);
  if (api.kind === 'Service' && (!sel || Object.keys(sel).length === 0)) {
    throw new LogsError(`error: cannot get the logs from ${goType}: invalid service '${name}': Service is defined without a selector`);
  }
  const pods = view.pods(namespace).filter((p) => matchesSet(p.labels, sel ?? {}));
  // GetFirstPod would watch for a pod until --pod-running-timeout (20 s); the model answers at once.
  if (pods.length === 0) throw new LogsError('error: timed out waiting for the condition');
  const pod = [...pods].sort(byLogging)[0];
  return { pods: [pod], stderr: pods.length > 1 ? `Found ${pods.length} pods, using pod/${pod.name}\n` : '' };
}

/** logsForObjectWithClient for one pod: which containers, and what kubectl says about its choice. */
function requestsFor(pod: Pod, o: Options): { requests: Request[]; stderr: string } {
  const all = podContainers(pod);
  if (o.allContainers) return { requests: all.map((container) => ({ pod, container })), stderr: '' };
  let stderr = '';
  let name = o.container;
  const annotations = pod.annotations ?? {};
  if (name === undefined) {
    let wanted: string | undefined;
    if (annotations[DEFAULT_CONTAINER]) wanted = annotations[DEFAULT_CONTAINER];
    else if (annotations[DEFAULT_LOGS_CONTAINER]) {
      wanted = annotations[DEFAULT_LOGS_CONTAINER];
      stderr += `Using deprecated annotation \`kubectl.kubernetes.io/default-logs-container\` in pod/${pod.name}. Please use \`kubectl.kubernetes.io/default-container\` instead\n`;
    }
    if (wanted !== undefined) {
      if (all.some((c) => c.name === wanted)) name = wanted;
      else stderr += `Default container name "${wanted}" not found in pod ${pod.name}\n`;
    }
  }
  if (name === undefined) {
    name = pod.template.containers[0].name;
    if (all.length > 1) {
      const names = [...all.filter((c) => !c.init).map((c) => c.name), ...all.filter((c) => c.init).map((c) => `${c.name} (init)`)];
      stderr += `Defaulted container "${name}" out of: ${names.join(', ')}\n`;
    }
  }
  // FindContainerByName looks at containers, then init containers.
  const container = all.find((c) => !c.init && c.name === name) ?? all.find((c) => c.init && c.name === name);
  if (!container) throw new LogsError(`error: container ${name} is not valid for pod ${pod.name}`, stderr);
  return { requests: [{ pod, container }], stderr };
}

// ---- reading a stream ---------------------------------------------------------------------------------------

/** What the kubelet answers for one stream: its lines so far, or its refusal (`Error from server (BadRequest): …`). */
function readStream(view: LogsCluster, r: Request, o: Options, now: number): { lines: LogLine[] } | { error: string } {
  const { pod, container } = r;
  // The API server has no kubelet to ask for a pod that is not on a node: an empty log.
  if (!pod.nodeName) return { lines: [] };
  if (o.previous) {
    // The model keeps no terminated instance: restarts are the only trace of one.
    if (pod.restarts === 0 || container.init) return { error: `previous terminated container "${container.name}" in pod "${pod.name}" not found` };
    return { lines: [] };
  }
  const state = containerState(pod, container, now);
  if (state.state === 'waiting') return { error: `container "${container.name}" in pod "${pod.name}" is waiting to start: ${state.reason}` };
  const node = view.node(pod.nodeName);
  const lines = containerLog(pod, container, { node, corefile: view.corefile(), proxyMode: view.proxyMode(pod) }).filter((l) => l.at <= now);
  return { lines };
}

/** The kubelet's filters: the last --tail lines, then those written since --since / --since-time. */
function select(lines: LogLine[], o: Options, tail: number | undefined, now: number): LogLine[] {
  let out = tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  // --since is sent in whole seconds (rounded); 0 sends nothing.
  const sinceS = o.sinceMs === undefined ? 0 : Math.round(o.sinceMs / 1000);
  if (sinceS !== 0) {
    const from = now - sinceS * 1000;
    out = out.filter((l) => l.at >= from);
  }
  if (o.sinceTime !== undefined) out = out.filter((l) => l.at >= o.sinceTime!);
  return out;
}

function render(r: Request, line: LogLine, o: Options): string {
  const prefix = o.prefix ? `[pod/${r.pod.name}/${r.container.name}] ` : '';
  return `${prefix}${o.timestamps ? `${rfc3339Nano(line)} ` : ''}${line.text}\n`;
}

/** --limit-bytes: the kubelet stops the stream after that many bytes, mid-line if need be. */
function limit(text: string, o: Options): string {
  return o.limitBytes !== undefined && o.limitBytes > 0 ? text.slice(0, o.limitBytes) : text;
}

// ---- the command --------------------------------------------------------------------------------------------

export function kubectlLogs(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const view = logsCluster(cluster);
  let o: Options;
  try {
    o = options(args);
  } catch (e) {
    if (e instanceof LogsError) return flagError(e.message);
    throw e;
  }
  const selector = args.flags.get('selector');
  const [resource, inlineContainer, ...extra] = args.positionals;
  if (resource === undefined && selector === undefined) return usageError(`expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`);
  if (extra.length) return usageError(`expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`);
  if (resource !== undefined && inlineContainer === undefined && selector !== undefined) return usageError('only a selector (-l) or a POD name is allowed');
  if (resource !== undefined && selector !== undefined) return fail('error: name cannot be provided when a selector is specified\n');
  const containerFlag = o.container;
  if (inlineContainer !== undefined) o.container = inlineContainer;
  const sinceTimeText = args.flags.get('since-time');
  if (sinceTimeText !== undefined) {
    o.sinceTime = parseRfc3339(sinceTimeText);
    if (o.sinceTime === undefined) return fail(`error: parsing time "${sinceTimeText}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTimeText}" as "2006"\n`);
  }
  const namespace = args.flags.get('namespace') ?? 'default';

  let found;
  try {
    found = resolvePods(view, namespace, resource, selector);
  } catch (e) {
    if (e instanceof LogsError) return fail(`${e.message}\n`);
    throw e;
  }

  // LogsOptions.Validate.
  if (sinceTimeText !== undefined && o.sinceMs !== undefined) return fail('error: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
  if (o.allContainers && o.container !== undefined) return fail(`error: --all-containers=true should not be specified with container name ${o.container}\n`);
  if (containerFlag !== undefined && inlineContainer !== undefined) return fail('error: only one of -c or an inline [CONTAINER] arg is allowed\n');
  if (o.limitBytes !== undefined && o.limitBytes < 0) return fail('error: --limit-bytes must be greater than 0\n');
  if (o.sinceMs !== undefined && o.sinceMs < 0) return fail('error: --since must be greater than 0\n');
  if (o.tail !== undefined && o.tail < -1) return fail('error: --tail must be greater than or equal to -1\n');

  let stderr = found.stderr;
  const requests: Request[] = [];
  for (const pod of found.pods) {
    try {
      const r = requestsFor(pod, o);
      stderr += r.stderr;
      requests.push(...r.requests);
    } catch (e) {
      if (e instanceof LogsError) return fail(`${stderr}${e.before}${e.message}\n`);
      throw e;
    }
  }
  const tail = o.tail ?? (selector !== undefined && resource === undefined ? SELECTOR_TAIL : undefined);
  const now = view.now;

  if (o.follow && requests.length > 1 && requests.length > o.maxFollow) {
    return fail(`${stderr}error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${o.maxFollow}, use --max-log-requests to increase the limit\n`);
  }

  let stdout = '';
  const streams: Stream[] = [];
  for (const r of requests) {
    const got = readStream(view, r, o, now);
    if ('error' in got) return fail(`${stderr}Error from server (BadRequest): ${got.error}\n`, stdout);
    const shown = select(got.lines, o, tail, now);
    stdout += limit(shown.map((l) => render(r, l, o)).join(''), o);
    if (o.follow) streams.push({ request: r, seen: got.lines.length, ended: false });
  }
  if (!o.follow) return { stdout, stderr, exitCode: 0 };
  const process = new FollowProcess(view, streams, o);
  return process.done ? { stdout, stderr, exitCode: 0 } : { stdout, stderr, exitCode: 0, process };
}

interface Stream {
  request: Request;
  /** How many of the container's lines have been read (shown, or left out by --tail/--since at the start). */
  seen: number;
  ended: boolean;
}

/** `kubectl logs -f`: the streams stay open until their containers stop; each new line shows when it is written. */
class FollowProcess implements Process {
  private finished = false;
  private code = 0;
  private last: number;
  private readonly view: LogsCluster;
  private readonly streams: Stream[];
  private readonly o: Options;

  constructor(view: LogsCluster, streams: Stream[], o: Options) {
    this.view = view;
    this.streams = streams;
    this.o = o;
    this.last = view.now;
    // A pod that is not on a node has nothing to follow: its empty stream ends at once.
    for (const s of streams) if (!s.request.pod.nodeName) s.ended = true;
    if (streams.every((s) => s.ended)) this.finished = true;
  }

  get done(): boolean {
    return this.finished;
  }

  get exitCode(): number {
    return this.code;
  }

  private lines(s: Stream): LogLine[] {
    const { pod, container } = s.request;
    return containerLog(pod, container, { node: pod.nodeName ? this.view.node(pod.nodeName) : undefined, corefile: this.view.corefile(), proxyMode: this.view.proxyMode(pod) });
  }

  nextAt(): number {
    if (this.finished) return Infinity;
    let next = Infinity;
    for (const s of this.streams) {
      if (s.ended) continue;
      const pending = this.lines(s).slice(s.seen);
      if (pending.length) next = Math.min(next, Math.max(pending[0].at, this.last));
      const state = containerState(s.request.pod, s.request.container, Infinity);
      if (state.state === 'terminated') next = Math.min(next, Math.max(state.finishedAt, this.last));
    }
    return next;
  }

  runUntil(until: number): Emission[] {
    if (this.finished) return [];
    const out: Emission[] = [];
    for (const s of this.streams) {
      if (s.ended) continue;
      const all = this.lines(s);
      while (s.seen < all.length && all[s.seen].at <= until) {
        const l = all[s.seen++];
        out.push({ at: l.at, stream: 'out', text: render(s.request, l, this.o) });
      }
      const state = containerState(s.request.pod, s.request.container, until);
      if (state.state === 'terminated' && s.seen >= all.length) s.ended = true;
    }
    this.last = Math.max(this.last, until);
    if (this.streams.every((s) => s.ended)) this.finished = true;
    return out.sort((a, b) => a.at - b.at);
  }

  interrupt(): Emission[] {
    if (this.finished) return [];
    this.finished = true;
    // kubectl does not catch SIGINT: the shell sees 128 + 2.
    this.code = 130;
    return [];
  }
}
