// An iperf3 test between two pods: the connections through the datapath (the control connection, one data
// connection per stream, a few data segments each way so tcpdump has something to show, the closes) and the
// figures the throughput model gives for every interval. What the client prints and what the server writes to
// its log are formatted by the shell (src/shell/format/iperf3.ts) from this run.
// Follows iperf3 3.12 (esnet/iperf, tag 3.12): src/iperf_client_api.c (the control connection first, then
// "Connecting to host"; the streams; a UDP stream's connect datagram waits 30 s for the server's reply,
// SO_RCVTIMEO), src/iperf_api.c (defaults: 10 s, 1 s intervals, 128 KiB TCP blocks, UDP blocks of the control
// connection's MSS at 1 Mbit/s = 1024 × 1024 bit/s), src/iperf_error.c (the messages). Socket numbers are those
// 3.12 prints on Linux (measured with Debian's 3.12: the client's streams are 5, 7, 9, 12, 14 …, the server's
// 5, 8, 11, 13, 15 …).
import type { Cluster } from '../cluster/cluster.ts';
import type { Pod } from '../cluster/types.ts';
import type { Encapsulation } from '../calico/config.ts';
import { podMtu } from './host-network.ts';
import type { Ipv4 } from './ipv4.ts';
import { type Endpoint, networkOf } from './network.ts';
import { type Packet } from './packet.ts';
import { createRng } from '../rng.ts';
import { type TcpConnection, tcpConnect } from './tcp.ts';
import {
  freshCredits, linkRate, type NodeCredits, packetCosts, type PathShape, streamRates, tcpPayload, throughputInputs, type ThroughputInputs,
} from './throughput.ts';

export const IPERF3_VERSION = 'iperf 3.12';
export const IPERF3_PORT = 5201;
export const TCP_BLKSIZE = 128 * 1024;
export const UDP_RATE = 1024 * 1024;
/** iperf3 runs in the pod, on the node's kernel (the EKS 1.24 AMI's), whose default congestion control is cubic. */
export const TCP_CONGESTION = 'cubic';

export interface Iperf3Options {
  host: string;
  port: number;
  seconds: number;
  /** Seconds between interval reports; 0: none. */
  interval: number;
  reverse: boolean;
  parallel: number;
  udp: boolean;
  /** -b: bits per second per stream (undefined: 1 Mbit/s for UDP, unlimited for TCP; 0: unlimited). */
  bitrate?: number;
  /** -l: bytes per write. */
  length?: number;
  /** -M: the TCP maximum segment size asked for. */
  mss?: number;
}

export interface Iperf3Interval {
  /** Seconds from the stream's start. */
  start: number;
  end: number;
  bytes: number;
  /** TCP sender: segments retransmitted, congestion window (bytes), smoothed RTT and its variance (µs). */
  retr: number;
  cwnd: number;
  rttUs: number;
  rttvarUs: number;
  /** UDP: datagrams sent (sender) or received (receiver), lost, jitter. */
  packets: number;
  lost: number;
  jitterMs: number;
}

export interface Iperf3Stream {
  clientSocket: number;
  serverSocket: number;
  clientPort: number;
  /** The client's port as the server saw it (after any SNAT). */
  seenPort: number;
  /** Intervals as the sending side measured them, and as the receiving side did. */
  sent: Iperf3Interval[];
  received: Iperf3Interval[];
}

export interface Iperf3Server {
  pod: Pod;
  container: string;
  port: number;
  /** --forceflush: every line reaches the log as it is printed (otherwise stdout, a pipe, is flushed per test). */
  forceflush: boolean;
}

export interface Iperf3Run {
  kind: 'ok';
  options: Iperf3Options;
  /** Model times (ms): the control connection up, each stream up, the test's start, its summary. */
  connectedAt: number;
  streamsAt: number[];
  startAt: number;
  endAt: number;
  localIp: Ipv4;
  dialled: Ipv4;
  /** The control connection as the server saw it. */
  controlFrom: Ipv4;
  controlPort: number;
  serverIp: Ipv4;
  server: Iperf3Server;
  /** The server's test number (its banner's "test #N"). */
  testNumber: number;
  streams: Iperf3Stream[];
  /** Seconds the sending side and the receiving side ran. */
  senderTime: number;
  receiverTime: number;
  /** The control connection's MSS (JSON tcp_mss_default; a UDP test's default block size). */
  controlMss: number;
  blksize: number;
  pmtu: number;
  cookie: string;
  /** What the model said, for the learner (`/etc/eks-netlab/throughput-model`) and the tests. */
  model: { path: PathShape; bound: string; inputs: ThroughputInputs };
}

export interface Iperf3Failure {
  kind: 'error';
  at: number;
  message: string;
  /** The control connection was up (so "Connecting to host" was printed) before the failure. */
  connectedAt?: number;
}

const CLIENT_SOCKETS = [5, 7, 9, 12];
const SERVER_SOCKETS = [5, 8, 11];
/** Socket numbers after the measured ones go up by two. */
function socketNumber(measured: number[], i: number): number {
  return i < measured.length ? measured[i] : measured[measured.length - 1] + 2 * (i - measured.length + 1);
}

/** The iperf3 server a pod's container runs: networkstatic/iperf3's entrypoint is iperf3, the seed's args ["-s"]. */
export function iperf3ServerOf(pod: Pod): Iperf3Server | undefined {
  for (const c of pod.template.containers) {
    const repo = c.image.split('@')[0].replace(/:[^/:]*$/, '');
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const entry = c.command?.length ? c.command[0] : /(^|\/)iperf3$/.test(repo) ? 'iperf3' : undefined;
    if (!entry || !/(^|\/)iperf3$/.test(entry)) continue;
    if (!argv.some((a) => a === '-s' || a === '--server')) continue;
    const p = argv.findIndex((a) => a === '-p' || a === '--port');
    const port = p >= 0 ? Number(argv[p + 1]) : IPERF3_PORT;
    return { pod, container: c.name, port, forceflush: argv.includes('--forceflush') };
  }
  return undefined;
}

// ---- per-cluster state: each server's test count, each node's network credits, the tests run --------------

interface Iperf3State {
  tests: WeakMap<Pod, number>;
  credits: Map<string, NodeCredits>;
  runs: number;
}

const states = new WeakMap<Cluster, Iperf3State>();

function stateOf(cluster: Cluster): Iperf3State {
  let s = states.get(cluster);
  if (!s) states.set(cluster, (s = { tests: new WeakMap(), credits: new Map(), runs: 0 }));
  return s;
}

export function nodeCredits(cluster: Cluster, node: string): NodeCredits {
  const s = stateOf(cluster);
  let c = s.credits.get(node);
  if (!c) s.credits.set(node, (c = freshCredits(throughputInputs(cluster.node(node)?.instanceType.name ?? 't3.medium'))));
  return c;
}

// ---- the test -----------------------------------------------------------------------------------------------

const COOKIE_CHARS = 'abcdefghijklmnopqrstuvwxyz234567';
/** The server's reply to a UDP stream's connect datagram never came: recv() gives up after SO_RCVTIMEO. */
const UDP_CONNECT_TIMEOUT_MS = 30_000;

export function runIperf3(cluster: Cluster, from: Endpoint, o: Iperf3Options): Iperf3Run | Iperf3Failure {
  const net = networkOf(cluster);
  const state = stateOf(cluster);
  const t0 = cluster.now;
  const dst = net.resolve(o.host, from);
  // 3.12's netdial: getaddrinfo fails, and the message carries strerror(errno) of whatever failed last
  // (measured: "Invalid argument").
  if (dst === undefined) return { kind: 'error', at: t0 + 5, message: 'unable to connect to server: Invalid argument' };
  const listens = (e: Endpoint, port: number) => e.kind === 'pod' && iperf3ServerOf(e.pod)?.port === port;
  const opened = tcpConnect(net, from, dst, o.port, t0, listens);
  if (opened.kind === 'refused') return { kind: 'error', at: opened.at, message: 'unable to connect to server: Connection refused' };
  if (opened.kind === 'timeout') return { kind: 'error', at: opened.at, message: 'unable to connect to server: Connection timed out' };
  const control = opened.conn;
  const serverPod = (control.server as Extract<Endpoint, { kind: 'pod' }>).pod;
  const server = iperf3ServerOf(serverPod)!;
  const rtt = Math.max(0.05, control.connectedAt - t0);
  const rng = createRng(`${cluster.seed}/iperf3/${state.runs++}`);
  const cookie = Array.from({ length: 36 }, () => COOKIE_CHARS[rng.int(32)]).join('');
  const testNumber = (state.tests.get(serverPod) ?? 0) + 1;
  state.tests.set(serverPod, testNumber);

  // The control exchange: the cookie, the server's PARAM_EXCHANGE, the parameters (a length and a JSON object),
  // CREATE_STREAMS.
  let t = control.ackedAt;
  t = control.send(true, 'P.', 37, t + 0.02).at;
  t = control.send(false, 'P.', 1, t + 0.05).at;
  t = control.send(true, 'P.', 4, t + 0.02).at;
  t = control.send(true, 'P.', 110 + (o.udp ? 25 : 0), t + 0.01).at;
  t = control.send(false, 'P.', 1, t + 0.1).at;

  const mtu = podMtu(cluster);
  const controlMss = tcpPayload(mtu);
  const blksize = o.length ?? (o.udp ? controlMss : TCP_BLKSIZE);
  const streams: Iperf3Stream[] = [];
  const streamsAt: number[] = [];
  const conns: TcpConnection[] = [];
  const udpFlows: { sport: number; seen: Packet }[] = [];
  for (let i = 0; i < o.parallel; i++) {
    if (o.udp) {
      const src = net.sourceAddress(from, dst);
      const sport = net.randomInt(32768, 60999);
      const hello = net.send(from, { proto: 'udp', src, dst, srcPort: sport, dstPort: o.port, ttl: 64, ipId: net.nextIpId(), length: 4 }, t + 0.05);
      if (!hello.received || hello.receiver?.kind !== 'pod' || hello.receiver.pod !== serverPod) {
        return { kind: 'error', at: t + UDP_CONNECT_TIMEOUT_MS, message: 'unable to read from stream socket: Resource temporarily unavailable', connectedAt: control.connectedAt };
      }
      const seen = hello.received;
      t = net.send(control.server, { proto: 'udp', src: seen.dst, dst: seen.src, srcPort: seen.dstPort, dstPort: seen.srcPort, ttl: 64, ipId: net.nextIpId(), length: 4 }, hello.at + 0.02).at;
      udpFlows.push({ sport, seen });
      streams.push({ clientSocket: socketNumber(CLIENT_SOCKETS, i), serverSocket: 5 + i, clientPort: sport, seenPort: seen.srcPort!, sent: [], received: [] });
    } else {
      const s = tcpConnect(net, from, dst, o.port, t + 0.05, listens);
      if (s.kind !== 'ok') return { kind: 'error', at: s.at, message: 'unable to connect stream: Connection refused', connectedAt: control.connectedAt };
      const conn = s.conn;
      t = conn.send(true, 'P.', 37, conn.ackedAt + 0.02).at;
      conns.push(conn);
      streams.push({ clientSocket: socketNumber(CLIENT_SOCKETS, i), serverSocket: socketNumber(SERVER_SOCKETS, i), clientPort: conn.sport, seenPort: conn.seen.srcPort!, sent: [], received: [] });
    }
    streamsAt.push(t);
  }
  // TEST_START, then TEST_RUNNING on the control connection.
  t = control.send(false, 'P.', 1, t + 0.05).at;
  t = control.send(false, 'P.', 1, t + 0.01).at;
  const startAt = t;

  // The path and what the model makes of it.
  const clientPod = from.kind === 'pod' ? from.pod : undefined;
  const sameNode = clientPod?.nodeName === serverPod.nodeName;
  const encap: Encapsulation | undefined = cluster.calico?.encapsulation;
  const senderNode = o.reverse ? serverPod.nodeName! : clientPod?.nodeName ?? serverPod.nodeName!;
  const receiverNode = o.reverse ? clientPod?.nodeName ?? serverPod.nodeName! : serverPod.nodeName!;
  const inputs = throughputInputs(cluster.node(senderNode)?.instanceType.name ?? 't3.medium');
  const payload = o.udp ? blksize : tcpPayload(mtu, o.mss);
  const path: PathShape = { mtu, ...(encap && !sameNode ? { encap } : {}), sameNode, protocol: o.udp ? 'udp' : 'tcp', payload };
  const target = o.bitrate ?? (o.udp ? UDP_RATE : 0);

  // Interval boundaries: every `interval` seconds, each a few tens of µs late (select() wakes up after the timer).
  const boundaries: number[] = [];
  const step = o.interval > 0 ? o.interval : o.seconds;
  for (let b = step; b < o.seconds - 1e-9; b += step) boundaries.push(b + (20 + rng.int(180)) / 1e6);
  boundaries.push(o.seconds + (20 + rng.int(180)) / 1e6);
  const senderCredits = nodeCredits(cluster, senderNode);
  const receiverCredits = nodeCredits(cluster, receiverNode);
  let bound = 'cpu';
  let prev = 0;
  const inflight = streams.map(() => 0);
  const wire = packetCosts(inputs, path);
  for (const [k, end] of boundaries.entries()) {
    const dt = end - prev;
    const instanceBps = sameNode ? Infinity : Math.min(linkRate(inputs, senderCredits.out, dt), linkRate(inputs, receiverCredits.in, dt));
    // UDP: the sender paces to its target; what the link does not carry is lost. TCP: the streams share the link.
    const rates = streamRates(inputs, path, o.parallel, instanceBps, o.udp ? 0 : target);
    bound = rates.bound;
    let wireBits = 0;
    for (const [i, s] of streams.entries()) {
      // ±2 % a second; a shaper lets nothing through above its rate, so a link-bound stream only falls short.
      const linkBound = rates.bound === 'link' || rates.bound === 'single-flow';
      const jitter = linkBound ? 1 - rng.next() * 0.02 : 1 + (rng.next() * 4 - 2) / 100;
      const rampUp = k === 0 && !o.udp ? 0.9 + rng.next() * 0.05 : 1;
      if (o.udp) {
        const sendBps = Math.min(target > 0 ? target : Infinity, packetCpuRate(inputs, path));
        const sentPackets = Math.floor((sendBps * end) / (8 * blksize)) - Math.floor((sendBps * prev) / (8 * blksize));
        const capacity = Math.floor((rates.perStreamBps * jitter * dt) / (8 * blksize));
        const got = Math.min(sentPackets, capacity);
        const jitterMs = (sameNode ? 0.002 : 0.01) + rng.next() * (got < sentPackets ? 0.2 : 0.03);
        s.sent.push(interval(prev, end, sentPackets * blksize, { packets: sentPackets }));
        s.received.push(interval(prev, end, got * blksize, { packets: sentPackets, lost: sentPackets - got, jitterMs }));
        wireBits += got * wire.wireBytes * 8;
        continue;
      }
      const bytes = Math.round((rates.perStreamBps * dt * jitter * rampUp) / 8);
      const rttUs = Math.round(rtt * 1000 * (1.1 + rng.next() * 0.6));
      const bdp = (rates.perStreamBps / 8) * (rttUs / 1e6);
      const cwnd = Math.max(10 * payload, Math.round(bdp * (1.4 + rng.next())));
      const retr = linkBound
        ? (k === 0 ? 5 + rng.int(60) : rng.next() < 0.2 ? 1 + rng.int(12) : 0)
        : 0;
      // The receiver's interval ends a little later and counts what was in flight at the sender's boundary.
      const nowInFlight = Math.round(Math.min(bytes / 4, cwnd * 0.6));
      s.sent.push(interval(prev, end, bytes, { retr, cwnd, rttUs, rttvarUs: Math.round(rttUs / 4) }));
      s.received.push(interval(prev, end, bytes - nowInFlight + inflight[i], {}));
      inflight[i] = nowInFlight;
      wireBits += (bytes / payload) * wire.wireBytes * 8;
    }
    if (!sameNode) {
      const extra = Math.max(0, wireBits - inputs.bandwidth.baselineGbps * 1e9 * dt);
      senderCredits.out = Math.max(0, senderCredits.out - extra);
      receiverCredits.in = Math.max(0, receiverCredits.in - extra);
    }
    prev = end;
  }
  const lastEnd = prev;
  // The receiving side stops after the last data has arrived: the sender's side ends the test with the client's
  // timer (normal mode), or the server keeps sending until the client's TEST_END reaches it (reverse).
  const drain = (rtt / 1000) * 1.5 + (o.udp ? 0 : 0.0008);
  let senderTime = lastEnd;
  let receiverTime = lastEnd;
  if (!o.reverse) receiverTime = lastEnd + drain;
  else senderTime = lastEnd + drain;
  if (!o.udp && !o.reverse) {
    // The server's last, short interval: the bytes still in flight when the client stopped.
    for (const [i, s] of streams.entries()) s.received.push(interval(lastEnd, receiverTime, inflight[i], {}));
  }

  // Packets a capture sees: the first full segments of each stream, and the closes.
  const dataAt = startAt + 0.02;
  for (const [i, conn] of conns.entries()) {
    const fromClient = !o.reverse;
    conn.send(fromClient, '.', payload, dataAt + i * 0.01);
    conn.send(fromClient, 'P.', payload, dataAt + i * 0.01 + 0.005);
    conn.send(!fromClient, '.', 0, dataAt + i * 0.01 + rtt / 2);
  }
  for (const [i, f] of udpFlows.entries()) {
    const p: Packet = { proto: 'udp', src: net.sourceAddress(from, dst), dst, srcPort: f.sport, dstPort: o.port, ttl: 64, ipId: net.nextIpId(), length: blksize };
    if (o.reverse) net.send(control.server, { ...p, src: f.seen.dst, dst: f.seen.src, srcPort: f.seen.dstPort, dstPort: f.seen.srcPort }, dataAt + i * 0.01);
    else net.send(from, p, dataAt + i * 0.01);
  }
  const stopAt = startAt + lastEnd * 1000;
  let done = stopAt;
  for (const conn of conns) done = Math.max(done, conn.close(true, stopAt + 0.2));
  // TEST_END, EXCHANGE_RESULTS (both sides' JSON), DISPLAY_RESULTS, IPERF_DONE; then the control connection closes.
  let c = control.send(true, 'P.', 1, done + 0.05).at;
  c = control.send(false, 'P.', 1, c + 0.2).at;
  c = control.send(true, 'P.', 4 + 420 * o.parallel, c + 0.1).at;
  c = control.send(false, 'P.', 4 + 420 * o.parallel, c + 0.3).at;
  c = control.send(false, 'P.', 1, c + 0.05).at;
  const endAt = c + 0.1;
  control.close(true, endAt + 0.05);

  return {
    kind: 'ok', options: o, connectedAt: control.connectedAt, streamsAt, startAt, endAt,
    localIp: control.src, dialled: dst, controlFrom: control.seen.src, controlPort: control.seen.srcPort!,
    serverIp: control.seen.dst, server, testNumber, streams, senderTime, receiverTime, controlMss, blksize, pmtu: mtu, cookie,
    model: { path, bound, inputs },
  };
}

/** A UDP sender's own ceiling: its core's packets per second times the datagram. */
function packetCpuRate(inputs: ThroughputInputs, path: PathShape): number {
  return streamRates(inputs, { ...path, sameNode: true }, 1, Infinity).perStreamBps;
}

function interval(start: number, end: number, bytes: number, o: Partial<Iperf3Interval>): Iperf3Interval {
  return { start, end, bytes, retr: 0, cwnd: 0, rttUs: 0, rttvarUs: 0, packets: 0, lost: 0, jitterMs: 0, ...o };
}

