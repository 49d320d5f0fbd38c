// What the modelled containers print, as the kubelet's CRI log files hold it (stdout and stderr together, each
// line with the time it was written): the lab's images and EKS's system containers, from model time alone.
// Each image's lines are its real start-up output, built from the sources that print them:
// - nginx: nginxinc/docker-nginx's docker-entrypoint.sh and its /docker-entrypoint.d scripts (mainline 1.25.5),
//   then nginx's own `[notice]` lines (the version curl's Server header shows); access lines as the image's
//   log_format `main` writes them; the graceful shutdown SIGQUIT (the image's STOPSIGNAL) starts.
// - aws-node (amazon-k8s-cni v1.12.6): cmd/aws-vpc-cni/main.go, logrus's text format on stderr and
//   utils/cp's `Installed …` on stdout; its init container cmd/aws-vpc-cni-init/main.go.
// - kube-proxy (v1.24, EKS's config: mode iptables, no clusterCIDR): the klog lines its start-up prints at the
//   default verbosity, file:line as kube-proxy 1.24 prints them.
// - coredns 1.9.3: its banner, with the reload plugin's SHA512 of the parsed Corefile (computed here as the
//   plugin does: caddyfile tokens as JSON, then SHA-512).
// Anything else (netshoot's `tail -f /dev/null`, the echoserver) prints nothing.
// Times come from the pod's own (startedAt, sandboxReadyAt, deletedAt), spread by a hash of its UID, so the same
// cluster prints the same logs. Pure: no DOM, no Node APIs, no Math.random().
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Node, Pod } from '../cluster/types.ts';
import { CONNTRACK_TIMEOUTS, conntrackBuckets, conntrackMax, KUBE_PROXY_CONNTRACK } from '../net/conntrack.ts';
import { formatIpv4 } from '../net/ipv4.ts';

/** One line of a container's log: `at` whole model milliseconds, `ns` nanoseconds past that millisecond. */
export interface LogLine {
  at: number;
  ns: number;
  text: string;
}

/** A container of a pod, as `kubectl logs -c` names it. */
export interface ContainerRef {
  name: string;
  image: string;
  init: boolean;
  command?: string[];
}

/** The kubelet's view of a container, as its status reports it. */
export type ContainerState =
  | { state: 'waiting'; reason: string }
  | { state: 'running'; startedAt: number }
  | { state: 'terminated'; startedAt: number; finishedAt: number };

/** What a container's lines depend on besides the pod: the node it runs on, CoreDNS's Corefile. */
export interface LogContext {
  node?: Node;
  corefile?: string;
  /** The mode kube-proxy started in (kube-proxy-config's `mode`); iptables unless told. */
  proxyMode?: 'iptables' | 'ipvs';
}

export const NGINX_VERSION = '1.25.5';
/** kube-proxy v1.24.10-minimal-eksbuild.2's binary reports the EKS build it belongs to. */
export const KUBE_PROXY_VERSION = 'v1.24.10-eks-48e63af';

// ---- containers and their state -----------------------------------------------------------------------------

/** Init containers first, then the pod's containers: the order `--all-containers` reads them in. */
export function podContainers(pod: Pod): ContainerRef[] {
  return [
    ...(pod.template.initContainers ?? []).map((c) => ({ name: c.name, image: c.image, init: true })),
    ...pod.template.containers.map((c) => ({ name: c.name, image: c.image, init: false, command: c.command })),
  ];
}

/** The init container runs once the sandbox is up, and is done well before the pod's containers start. */
const INIT_START_MS = 180;
/** The container runtime stops a container this long after the kubelet asks (SIGTERM or the image's STOPSIGNAL). */
const STOP_MS = 12;

/** The container's state at `now`. The kubelet's default waiting reasons: PodInitializing while init containers
 *  are still to run, ContainerCreating otherwise (pkg/kubelet/kubelet_pods.go, convertToAPIContainerStatuses). */
export function containerState(pod: Pod, c: ContainerRef, now: number): ContainerState {
  const hasInit = (pod.template.initContainers?.length ?? 0) > 0;
  const stopAt = pod.deletedAt === undefined ? Infinity : pod.deletedAt + STOP_MS;
  if (c.init) {
    const start = pod.sandboxReadyAt === undefined ? undefined : pod.sandboxReadyAt + INIT_START_MS;
    if (start === undefined || now < start) return { state: 'waiting', reason: 'PodInitializing' };
    const end = Math.min(start + initDurationMs(c), stopAt);
    return now < end && pod.startedAt === undefined ? { state: 'running', startedAt: start } : { state: 'terminated', startedAt: start, finishedAt: end };
  }
  if (pod.startedAt === undefined || now < pod.startedAt) return { state: 'waiting', reason: hasInit ? 'PodInitializing' : 'ContainerCreating' };
  return now < stopAt ? { state: 'running', startedAt: pod.startedAt } : { state: 'terminated', startedAt: pod.startedAt, finishedAt: stopAt };
}

function initDurationMs(c: ContainerRef): number {
  return kindOf(c) === 'cni-init' ? 120 : 50;
}

type ImageKind = 'nginx' | 'aws-node' | 'cni-init' | 'kube-proxy' | 'coredns' | 'other';

function kindOf(c: ContainerRef): ImageKind {
  const image = c.image.split('@')[0];
  const repo = image.replace(/:[^/:]*$/, '');
  if (/(^|\/)amazon-k8s-cni-init$/.test(repo)) return 'cni-init';
  if (/(^|\/)amazon-k8s-cni$/.test(repo)) return 'aws-node';
  if (/(^|\/)kube-proxy$/.test(repo)) return 'kube-proxy';
  if (/(^|\/)coredns$/.test(repo)) return 'coredns';
  // The nginx image prints its start-up unless the pod replaced its command (`nginx -g …` keeps the entrypoint).
  if (/(^|\/)nginx$/.test(repo) && (!c.command?.length || c.command[0] === 'nginx')) return 'nginx';
  return 'other';
}

// ---- the log ------------------------------------------------------------------------------------------------

/** Lines other parts of the model write as things happen (nginx's access log), per pod and container. */
const written = new WeakMap<Pod, Map<string, LogLine[]>>();
/** A container keeps this many written lines (the kubelet rotates its log files at 10 MiB). */
const WRITTEN_MAX = 10_000;

/** Appends a line a container writes at model time `at` (ms, fractions allowed). */
export function writeLog(pod: Pod, container: string, at: number, text: string): void {
  let byContainer = written.get(pod);
  if (!byContainer) written.set(pod, (byContainer = new Map()));
  let lines = byContainer.get(container);
  if (!lines) byContainer.set(container, (lines = []));
  const ms = Math.floor(at);
  lines.push({ at: ms, ns: Math.floor((at - ms) * 1000) * 1000 + (hash32(`${pod.uid}/${lines.length}`) % 1000), text });
  if (lines.length > WRITTEN_MAX) lines.splice(0, lines.length - WRITTEN_MAX);
}

/**
 * Everything the container's current instance prints, in order, including lines still to come (start-up
 * lines a little after the container starts, shutdown lines when the pod is being deleted): callers show those
 * with `at` up to the present. Empty for a container that has not started.
 */
export function containerLog(pod: Pod, c: ContainerRef, ctx: LogContext = {}): LogLine[] {
  let start: number | undefined;
  if (c.init) start = pod.sandboxReadyAt === undefined ? undefined : pod.sandboxReadyAt + INIT_START_MS;
  else start = pod.startedAt;
  if (start === undefined) return [];
  const clock = new Clock(start, `${pod.uid}/${c.name}`);
  const lines: LogLine[] = [];
  switch (kindOf(c)) {
    case 'nginx': lines.push(...nginxStartup(clock, c, ctx)); break;
    case 'aws-node': lines.push(...awsNodeStartup(clock)); break;
    case 'cni-init': lines.push(...cniInit(clock, ctx)); break;
    case 'kube-proxy': lines.push(...kubeProxyStartup(clock, ctx)); break;
    case 'coredns': lines.push(...corednsStartup(clock, ctx)); break;
    case 'other': break;
  }
  const more = written.get(pod)?.get(c.name);
  if (more) lines.push(...more);
  if (!c.init && pod.deletedAt !== undefined && kindOf(c) === 'nginx') {
    lines.push(...nginxShutdown(new Clock(pod.deletedAt, `${pod.uid}/${c.name}/stop`), c, ctx));
  }
  return lines.sort((a, b) => a.at - b.at || a.ns - b.ns);
}

/** Steps through a container's first moments: each line a little after the one before, by a hash of its seed. */
class Clock {
  private us = 0;
  private n = 0;
  private readonly start: number;
  private readonly seed: string;
  constructor(start: number, seed: string) {
    this.start = start;
    this.seed = seed;
  }

  /** Moves on by about `us` microseconds (±25 %) and stamps a line there. */
  line(us: number, text: string): LogLine {
    const h = hash32(`${this.seed}/${this.n++}`);
    this.us += Math.max(1, Math.round(us * (0.75 + (h % 1000) / 2000)));
    const ms = Math.floor(this.us / 1000);
    return { at: this.start + ms, ns: (this.us % 1000) * 1000 + ((h >>> 10) % 1000), text };
  }
}

/** FNV-1a, 32 bits: spreads a seed into a number. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3339 with nanoseconds and no trailing zeros, as Go's time.RFC3339Nano (`kubectl logs --timestamps`). */
export function rfc3339Nano(line: Pick<LogLine, 'at' | 'ns'>): string {
  const d = new Date(line.at);
  const frac = `${pad(d.getUTCMilliseconds(), 3)}${pad(line.ns, 6)}`.replace(/0+$/, '');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? `.${frac}` : ''}Z`;
}

/** nginx's error log time (ngx_cached_err_log_time): local time, the container's TZ is UTC. */
function nginxTime(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** nginx's $time_local: `05/May/2023:08:10:00 +0000`. */
function nginxTimeLocal(at: number): string {
  const d = new Date(at);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** logrus's text formatter without a terminal: `time="2023-05-05T06:00:12Z" level=info msg="…"` (time.RFC3339, %q). */
function logrus(clock: Clock, us: number, msg: string): LogLine {
  const l = clock.line(us, '');
  const t = new Date(l.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  l.text = `time="${t}" level=info msg=${goQuote(msg)}`;
  return l;
}

/** Go's %q for the plain ASCII the CNI logs. */
function goQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** klog's header: `I0505 06:00:12.345678       1 file.go:123] ` (severity, month day, time to µs, thread id %7d). */
function klog(clock: Clock, us: number, where: string, msg: string): LogLine {
  const l = clock.line(us, '');
  const d = new Date(l.at);
  const micros = pad(d.getUTCMilliseconds() * 1000 + Math.floor(l.ns / 1000), 6);
  l.text = `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros} ${'1'.padStart(7)} ${where}] ${msg}`;
  return l;
}

// ---- nginx --------------------------------------------------------------------------------------------------

function nginxFlavour(c: ContainerRef, ctx: LogContext): { gcc: string; workers: number[] } {
  const tag = c.image.split('@')[0].match(/:([^/:]+)$/)?.[1] ?? 'latest';
  const cpus = ctx.node?.instanceType.vcpus ?? 2;
  // Alpine 3.19's gcc for the alpine variants, Debian bookworm's for the others; `gcc -v` ends its version
  // with a space, and nginx's configure keeps it. The entrypoint's subshells take the pids below the workers'.
  const alpine = tag.includes('alpine');
  const first = alpine ? 30 : 29;
  return {
    gcc: alpine ? 'gcc 13.2.1 20231014 (Alpine 13.2.1_git20231014) ' : 'gcc 12.2.0 (Debian 12.2.0-14) ',
    workers: Array.from({ length: Math.max(1, cpus) }, (_, i) => first + i),
  };
}

function nginxStartup(clock: Clock, c: ContainerRef, ctx: LogContext): LogLine[] {
  const e = '/docker-entrypoint.sh';
  const conf = '/etc/nginx/conf.d/default.conf';
  const out = [
    clock.line(2_500, `${e}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`),
    clock.line(300, `${e}: Looking for shell scripts in /docker-entrypoint.d/`),
    clock.line(2_000, `${e}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`),
    clock.line(1_500, `10-listen-on-ipv6-by-default.sh: info: Getting the checksum of ${conf}`),
    clock.line(6_000, `10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in ${conf}`),
    clock.line(1_200, `${e}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`),
    clock.line(2_000, `${e}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`),
    clock.line(3_500, `${e}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`),
    clock.line(2_500, `${e}: Configuration complete; ready for start up`),
  ];
  const { gcc, workers } = nginxFlavour(c, ctx);
  const notice = (us: number, who: number, msg: string) => {
    const l = clock.line(us, '');
    l.text = `${nginxTime(l.at)} [notice] ${who}#${who}: ${msg}`;
    return l;
  };
  out.push(
    notice(3_000, 1, 'using the "epoll" event method'),
    notice(40, 1, `nginx/${NGINX_VERSION}`),
    notice(30, 1, `built by ${gcc}`),
    notice(30, 1, `OS: Linux ${KERNEL}`),
    notice(30, 1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576'),
    notice(150, 1, 'start worker processes'),
    ...workers.map((w) => notice(250, 1, `start worker process ${w}`)),
  );
  return out;
}

function nginxShutdown(clock: Clock, c: ContainerRef, ctx: LogContext): LogLine[] {
  const { workers } = nginxFlavour(c, ctx);
  const notice = (us: number, who: number, msg: string) => {
    const l = clock.line(us, '');
    l.text = `${nginxTime(l.at)} [notice] ${who}#${who}: ${msg}`;
    return l;
  };
  return [
    notice(800, 1, 'signal 3 (SIGQUIT) received, shutting down'),
    ...workers.map((w) => notice(120, w, 'gracefully shutting down')),
    ...workers.map((w) => notice(60, w, 'exiting')),
    ...workers.map((w) => notice(200, w, 'exit')),
    notice(300, 1, `signal 17 (SIGCHLD) received from ${workers[0]}`),
    ...workers.map((w) => notice(40, 1, `worker process ${w} exited with code 0`)),
    notice(60, 1, 'exit'),
  ];
}

/** The nodes' kernel (the EKS AMI of the lab's time), as `kubectl get nodes -o wide` shows it. */
const KERNEL = '5.10.178-162.673.amzn2.x86_64';

/** An HTTP request nginx answered, as the image's access log (log_format main) writes it to stdout. */
export function nginxAccessLine(at: number, r: { client: string; method: string; path: string; status: number; bytes: number; userAgent: string }): string {
  return `${r.client} - - [${nginxTimeLocal(at)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}" "-"`;
}

// ---- the VPC CNI --------------------------------------------------------------------------------------------

function awsNodeStartup(clock: Clock): LogLine[] {
  return [
    // cp.InstallBinaries: fmt.Printf on stdout.
    clock.line(9_000, 'Installed /host/opt/cni/bin/aws-cni'),
    clock.line(6_000, 'Installed /host/opt/cni/bin/egress-v4-cni'),
    logrus(clock, 400, 'Starting IPAM daemon... '),
    logrus(clock, 3_000, 'Checking for IPAM connectivity... '),
    // waitForIPAM polls grpc-health-probe until ipamd answers: ipamd's own start-up (it talks to EC2) takes ~2 s.
    logrus(clock, 2_000_000, 'Copying config file... '),
    logrus(clock, 600, 'Successfully copied CNI plugin binary and config file.'),
  ];
}

function cniInit(clock: Clock, ctx: LogContext): LogLine[] {
  const mac = ctx.node?.enis[0]?.mac ?? '02:00:00:00:00:00';
  return [
    logrus(clock, 2_000, 'Copying CNI plugin binaries ...'),
    ...['loopback', 'portmap', 'bandwidth', 'host-local', 'aws-cni-support.sh'].map((b) => clock.line(4_000, `Installed /host/opt/cni/bin/${b}`)),
    logrus(clock, 200, 'Copied all CNI plugin binaries to /host/opt/cni/bin'),
    logrus(clock, 9_000, `Found primaryMAC ${mac}`),
    logrus(clock, 400, 'Found primaryIF eth0'),
    // procsyswrapper.Get returns /proc/sys's text as it is, newline and all; logrus quotes it.
    logrus(clock, 300, 'Updated net/ipv4/conf/eth0/rp_filter to 2\n'),
    logrus(clock, 200, 'Updated net/ipv4/tcp_early_demux to 1\n'),
    logrus(clock, 100, 'CNI init container done'),
  ];
}

// ---- kube-proxy ---------------------------------------------------------------------------------------------

function kubeProxyStartup(clock: Clock, ctx: LogContext): LogLine[] {
  const ip = ctx.node ? formatIpv4(ctx.node.enis[0].primaryIp) : '127.0.0.1';
  const localnet = '"Setting route_localnet=1, use nodePortAddresses to filter loopback addresses for NodePorts to skip it https://issues.k8s.io/90259"';
  // EKS's kube-proxy-config: conntrack min 131072 (more than 32768 per core on these nodes), so kube-proxy
  // raises nf_conntrack_max and the hash size (a quarter of it), and sets the established and CLOSE_WAIT timeouts
  // to 24h and 1h (net/sysctl.ts lists the values a node then has).
  const max = ctx.node ? conntrackMax(ctx.node) : KUBE_PROXY_CONNTRACK.min;
  const buckets = ctx.node ? conntrackBuckets(ctx.node) : KUBE_PROXY_CONNTRACK.min / 4;
  return [
    klog(clock, 16_000, 'node.go:163', `Successfully retrieved node IP: ${ip}`),
    klog(clock, 500, 'server_others.go:138', `"Detected node IP" address="${ip}"`),
    // newProxyServer's ipvs branch (1.24: server_others.go:269/271) has no "dual-stack mode" line.
    ...(ctx.proxyMode === 'ipvs'
      ? [
          klog(clock, 2_500, 'server_others.go:269', '"Using ipvs Proxier"'),
          klog(clock, 90, 'server_others.go:271', '"Creating dualStackProxier for ipvs"'),
        ]
      : [
          klog(clock, 2_500, 'server_others.go:206', '"Using iptables Proxier"'),
          klog(clock, 150, 'server_others.go:213', '"kube-proxy running in dual-stack mode" ipFamily=IPv4'),
          klog(clock, 90, 'server_others.go:214', '"Creating dualStackProxier for iptables"'),
        ]),
    // Both modes ask for their local detector the same way.
    klog(clock, 120, 'server_others.go:486', '"Detect-local-mode set to ClusterCIDR, but no cluster CIDR defined"'),
    klog(clock, 80, 'server_others.go:535', '"Defaulting to no-op detect-local" detect-local-mode="ClusterCIDR"'),
    // The iptables proxier says why it sets route_localnet (once per family); the ipvs one says nothing of it.
    ...(ctx.proxyMode === 'ipvs' ? [] : [klog(clock, 70, 'proxier.go:259', localnet), klog(clock, 180, 'proxier.go:259', localnet)]),
    klog(clock, 190, 'server.go:661', `"Version info" version="${KUBE_PROXY_VERSION}"`),
    klog(clock, 20, 'server.go:663', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'),
    // SetMax, then the two timeouts; each "Set sysctl" only where the kernel's value differs (432000 and 60 s).
    klog(clock, 1_100, 'conntrack.go:100', `"Set sysctl" entry="net/netfilter/nf_conntrack_max" value=${max}`),
    klog(clock, 40, 'conntrack.go:52', `"Setting nf_conntrack_max" nf_conntrack_max=${max}`),
    klog(clock, 260, 'conntrack.go:83', `"Setting conntrack hashsize" conntrack hashsize=${buckets}`),
    klog(clock, 120, 'conntrack.go:100', `"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_established" value=${CONNTRACK_TIMEOUTS.ESTABLISHED}`),
    klog(clock, 13_900, 'conntrack.go:100', `"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_close_wait" value=${CONNTRACK_TIMEOUTS.CLOSE_WAIT}`),
    klog(clock, 2_400, 'config.go:317', '"Starting service config controller"'),
    klog(clock, 780, 'shared_informer.go:255', 'Waiting for caches to sync for service config'),
    klog(clock, 40, 'config.go:444', '"Starting node config controller"'),
    klog(clock, 10, 'shared_informer.go:255', 'Waiting for caches to sync for node config'),
    klog(clock, 2_500, 'config.go:226', '"Starting endpoint slice config controller"'),
    klog(clock, 10, 'shared_informer.go:255', 'Waiting for caches to sync for endpoint slice config'),
    klog(clock, 98_000, 'shared_informer.go:262', 'Caches are synced for service config'),
    klog(clock, 10, 'shared_informer.go:262', 'Caches are synced for node config'),
    klog(clock, 2_200, 'shared_informer.go:262', 'Caches are synced for endpoint slice config'),
  ];
}

// ---- CoreDNS ------------------------------------------------------------------------------------------------

function corednsStartup(clock: Clock, ctx: LogContext): LogLine[] {
  const out = [clock.line(40_000, '.:53')];
  if (ctx.corefile !== undefined && /^\s*reload\b/m.test(ctx.corefile)) {
    out.push(clock.line(300, `[INFO] plugin/reload: Running configuration SHA512 = ${corefileSha512(ctx.corefile)}`));
  }
  out.push(clock.line(60, 'CoreDNS-1.9.3'), clock.line(20, 'linux/amd64, go1.18.2, 45b0a11'));
  return out;
}

/**
 * The reload plugin's hash of a Corefile (coredns 1.9.3 plugin/reload: `sha512.Sum512(json.Marshal(serverBlocks))`,
 * the server blocks as coredns/caddy v1.1.1's caddyfile.Parse returns them: keys, and each directive's tokens
 * with their line numbers). Whitespace and comments do not change it; a line break does.
 */
export function corefileSha512(corefile: string): string {
  return bytesToHex(sha512(utf8ToBytes(goJson(parseCaddyfile(corefile)))));
}

interface Token {
  line: number;
  text: string;
}
interface ServerBlock {
  keys: string[];
  tokens: Map<string, Token[]>;
}

/** caddyfile's lexer: words split on white space, `"…"` quoted with `\"` escapes, `#` comments to the line end. */
function lexCaddyfile(input: string): Token[] {
  const out: Token[] = [];
  let line = 1, val = '', tokLine = 1, comment = false, quoted = false, escaped = false, started = false;
  const emit = () => {
    out.push({ line: tokLine, text: val });
    val = '';
    started = false;
  };
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  for (const ch of s) {
    if (quoted) {
      if (!escaped && ch === '\\') {
        escaped = true;
        continue;
      }
      if (!escaped && ch === '"') {
        quoted = false;
        emit();
        continue;
      }
      if (ch === '\n') line++;
      if (escaped && ch !== '"') val += '\\';
      val += ch;
      escaped = false;
      continue;
    }
    if (/\s/.test(ch)) {
      if (ch === '\r') continue;
      if (ch === '\n') {
        line++;
        comment = false;
      }
      if (started) emit();
      continue;
    }
    if (ch === '#') comment = true;
    if (comment) continue;
    if (!started) {
      tokLine = line;
      started = true;
      if (ch === '"') {
        quoted = true;
        continue;
      }
    }
    val += ch;
  }
  if (started) emit();
  return out;
}

/** caddyfile.Parse without imports and snippets (a Corefile of the lab has neither). */
function parseCaddyfile(input: string): ServerBlock[] {
  const t = lexCaddyfile(input);
  const blocks: ServerBlock[] = [];
  let i = 0;
  const newLine = (k: number) => k > 0 && t[k].line > t[k - 1].line;
  while (i < t.length) {
    const b: ServerBlock = { keys: [], tokens: new Map() };
    // Addresses up to `{` or the end of the line (a trailing comma continues them).
    let another = false;
    for (;;) {
      let key = t[i].text;
      if (key === '{') break;
      if (key !== '') {
        another = key.endsWith(',');
        if (another) key = key.slice(0, -1);
        b.keys.push(key);
      }
      i++;
      if (i >= t.length) break;
      if (!another && newLine(i)) break;
    }
    const braced = i < t.length && t[i].text === '{';
    if (braced) i++;
    while (i < t.length) {
      // Without braces the block's directives run to the end of the file.
      if (t[i].text === '}') {
        if (braced) i++;
        break;
      }
      const dir = t[i].text;
      const list = b.tokens.get(dir) ?? [];
      b.tokens.set(dir, list);
      list.push(t[i++]);
      let nesting = 0;
      while (i < t.length) {
        const v = t[i].text;
        if (v === '{') nesting++;
        else if (newLine(i) && nesting === 0) break;
        else if (v === '}' && nesting > 0) nesting--;
        else if (v === '}' && nesting === 0) break;
        list.push(t[i++]);
      }
    }
    if (b.keys.length) blocks.push(b);
  }
  return blocks;
}

/** encoding/json's output for []ServerBlock: fields in declaration order, map keys sorted, HTML characters escaped. */
function goJson(blocks: ServerBlock[]): string {
  const str = (s: string) =>
    JSON.stringify(s)
      .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/\\[bf]/g, (e) => (e === '\\b' ? '\\u0008' : '\\u000c'));
  return `[${blocks
    .map((b) => {
      const dirs = [...b.tokens.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const tokens = dirs.map((d) => `${str(d)}:[${b.tokens.get(d)!.map((k) => `{"File":"","Line":${k.line},"Text":${str(k.text)}}`).join(',')}]`);
      return `{"Keys":[${b.keys.map(str).join(',')}],"Tokens":{${tokens.join(',')}}}`;
    })
    .join(',')}]`;
}
