// TCP connections packet by packet through the datapath: the handshake (or the reset, the REJECT, the silence),
// segments either way, and the close, as two Linux stacks exchange them. Each packet leaves when the one it
// answers has arrived, so captures and times line up as tcpdump would show them. curl's HTTP exchange and
// iperf3's control and data connections are built on it.
import { albServer } from '../aws/alb-dataplane.ts';
import { ipamdServerAt } from '../ipam/introspection.ts';
import { podMtu } from './host-network.ts';
import type { Ipv4 } from './ipv4.ts';
import { type HttpRequest, type HttpResponse, httpServerAt } from './http.ts';
import type { Endpoint, Network, Transit } from './network.ts';
import type { Packet, TcpFlags } from './packet.ts';

export type TcpOutcome =
  | { kind: 'ok'; response: HttpResponse; connectedAt: number; doneAt: number; remote: Ipv4 }
  | { kind: 'refused'; at: number }
  | { kind: 'timeout'; at: number };

/** Linux gives up on a SYN after 6 retries: about 127 s. */
export const SYN_TIMEOUT_MS = 127_000;
const SERVER_THINK_MS = 0.2;

/** An established connection: who is at each end, and the next segment either way. */
export class TcpConnection {
  readonly net: Network;
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** The client's view: its own address and port, the address and port it dialled. */
  readonly src: Ipv4;
  readonly sport: number;
  readonly dst: Ipv4;
  readonly dport: number;
  /** The server's view (after any DNAT and SNAT on the way). */
  readonly seen: Packet;
  readonly connectedAt: number;
  /** When the handshake's last ACK reached the server. */
  ackedAt: number;
  private cSeq: number;
  private sSeq: number;
  private ts: number;

  constructor(o: { net: Network; client: Endpoint; server: Endpoint; src: Ipv4; sport: number; dst: Ipv4; dport: number; seen: Packet; connectedAt: number; cSeq: number; sSeq: number; ts: number }) {
    this.net = o.net;
    this.client = o.client;
    this.server = o.server;
    this.src = o.src;
    this.sport = o.sport;
    this.dst = o.dst;
    this.dport = o.dport;
    this.seen = o.seen;
    this.connectedAt = o.connectedAt;
    this.ackedAt = o.connectedAt;
    this.cSeq = o.cSeq;
    this.sSeq = o.sSeq;
    this.ts = o.ts;
  }

  /** The server's port as it answers (a NodePort or a Service's port became the pod's). */
  get serverPort(): number {
    return this.seen.dstPort!;
  }

  /** A segment from the client (or the server) at `at`, with `length` bytes of payload. */
  send(fromClient: boolean, flags: TcpFlags, length: number, at: number, summary?: string): Transit {
    const p = fromClient
      ? tcpPacket(this, this.src, this.dst, this.sport, this.dport, flags, this.cSeq, this.sSeq, length, summary)
      : tcpPacket(this, this.seen.dst, this.seen.src, this.serverPort, this.seen.srcPort!, flags, this.sSeq, this.cSeq, length, summary);
    const advance = length + (flags.includes('F') ? 1 : 0);
    if (fromClient) this.cSeq += advance;
    else this.sSeq += advance;
    return this.net.send(fromClient ? this.client : this.server, p, at);
  }

  /** The close: FIN from one side, FIN-ACK, the last ACK. Returns when the closing side's last ACK left. */
  close(fromClient: boolean, at: number): number {
    const fin = this.send(fromClient, 'F.', 0, at);
    const finAck = this.send(!fromClient, 'F.', 0, fin.at + 0.02);
    this.send(fromClient, '.', 0, finAck.at);
    return finAck.at;
  }

  nextTs(): number {
    return this.ts++;
  }
}

function tcpPacket(c: TcpConnection, s: Ipv4, d: Ipv4, sp: number, dp: number, flags: TcpFlags, seq: number, ack: number, length: number, summary?: string): Packet {
  const ts = c.nextTs();
  return {
    proto: 'tcp', ttl: 64, src: s, dst: d, srcPort: sp, dstPort: dp, ipId: c.net.nextIpId(), length, summary,
    tcp: { flags, seq, ack, window: flags.includes('S') ? 62727 : 491, tsVal: ts, tsEcr: ts - 6 },
  };
}

/** The MSS a SYN from this endpoint offers when it is not the default 8961 (MTU 9001 − 40): a pod's MTU under
 *  Calico is its tunnel's. */
function synMss(net: Network, e: Endpoint): { mss: number } | Record<string, never> {
  if (e.kind !== 'pod' || e.pod.template.hostNetwork) return {};
  const mtu = podMtu(net.cluster);
  return mtu === 9001 ? {} : { mss: mtu - 40 };
}

export type TcpConnectOutcome =
  | { kind: 'ok'; conn: TcpConnection }
  | { kind: 'refused'; at: number }
  | { kind: 'timeout'; at: number };

/**
 * connect(): the SYN through the datapath; a REJECT on the way or a reset from a port nobody listens on
 * (`listening` says who does) is ECONNREFUSED, silence a timeout; otherwise SYN-ACK and ACK.
 */
export function tcpConnect(net: Network, from: Endpoint, dst: Ipv4, port: number, at: number, listening: (server: Endpoint, port: number, address: Ipv4) => boolean): TcpConnectOutcome {
  const src = net.sourceAddress(from, dst);
  const sport = net.connectPort(src, dst, port, at);
  let cSeq = net.randomInt(0, 0xfffffff) * 16;
  const ts = net.randomInt(1_000_000, 3_000_000_000);
  let tsNow = ts;
  const synPacket: Packet = {
    proto: 'tcp', ttl: 64, src, dst, srcPort: sport, dstPort: port, ipId: net.nextIpId(), length: 0,
    tcp: { flags: 'S', seq: cSeq, ack: 0, window: 62727, tsVal: tsNow++, tsEcr: tsNow - 7, ...synMss(net, from) },
  };
  const syn = net.send(from, synPacket, at);
  // A REJECT on the way (kube-proxy's for a Service without endpoints): the ICMP port unreachable reaches the
  // client's kernel, and connect() fails with ECONNREFUSED as it does on a reset.
  if (syn.rejected) return { kind: 'refused', at: syn.errors[0]?.at ?? syn.at };
  if (!syn.receiver || !syn.received) return { kind: 'timeout', at: at + SYN_TIMEOUT_MS };
  const server = syn.receiver;
  const seen = syn.received;
  const serverPort = seen.dstPort!;
  if (!listening(server, serverPort, seen.dst)) {
    // Nothing listens: the server's kernel answers with a reset.
    const rst: Packet = {
      proto: 'tcp', ttl: 64, src: seen.dst, dst: seen.src, srcPort: serverPort, dstPort: seen.srcPort!, ipId: net.nextIpId(), length: 0,
      tcp: { flags: 'R.', seq: 0, ack: cSeq + 1, window: 491, tsVal: tsNow++, tsEcr: tsNow - 7 },
    };
    return { kind: 'refused', at: net.send(server, rst, syn.at).at };
  }
  let sSeq = net.randomInt(0, 0xfffffff) * 16;
  const synAck: Packet = {
    proto: 'tcp', ttl: 64, src: seen.dst, dst: seen.src, srcPort: serverPort, dstPort: seen.srcPort!, ipId: net.nextIpId(), length: 0,
    tcp: { flags: 'S.', seq: sSeq, ack: cSeq + 1, window: 62727, tsVal: tsNow++, tsEcr: tsNow - 7, ...synMss(net, server) },
  };
  const back = net.send(server, synAck, syn.at + SERVER_THINK_MS / 4);
  cSeq += 1;
  sSeq += 1;
  const conn = new TcpConnection({ net, client: from, server, src, sport, dst, dport: port, seen, connectedAt: back.at, cSeq, sSeq, ts: tsNow });
  const ack = conn.send(true, '.', 0, back.at);
  conn.ackedAt = ack.at;
  return { kind: 'ok', conn };
}

function httpText(r: HttpResponse): string {
  return `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${r.body}`;
}

export function httpExchange(
  net: Network, from: Endpoint, dst: Ipv4, port: number, request: Omit<HttpRequest, 'client' | 'clientPort' | 'server' | 'serverPort' | 'at'>, at: number,
): TcpOutcome {
  // An ALB node answers for its listeners; a pod's server is gone once it got SIGTERM; a node's own servers listen
  // on the addresses they bound (ipamd's introspection on 127.0.0.1 only).
  const serverAt = (server: Endpoint, p: number, address: Ipv4) =>
    server.kind === 'lb' ? albServer(net, server, p)
    : server.kind === 'node' ? ipamdServerAt(net.cluster, server.node, address, p)
    : httpServerAt(server, p, at);
  const opened = tcpConnect(net, from, dst, port, at, (server, p, address) => serverAt(server, p, address) !== undefined);
  if (opened.kind !== 'ok') return opened;
  const conn = opened.conn;
  const handler = serverAt(conn.server, conn.serverPort, conn.seen.dst)!;
  const extra = (request.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const reqText = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\nUser-Agent: ${request.userAgent}\r\nAccept: */*\r\n${extra}\r\n`;
  const req = conn.send(true, 'P.', reqText.length, conn.ackedAt + 0.05, `HTTP: ${request.method} ${request.path} HTTP/1.1`);
  const arrived = req.received ?? conn.seen;
  const response = handler({ ...request, client: arrived.src, clientPort: arrived.srcPort!, server: arrived.dst, serverPort: conn.serverPort, at: req.at });
  const resText = httpText(response);
  const sAck = conn.send(false, '.', 0, req.at + 0.01);
  // A proxy's answer waits for its backend (delayMs).
  const res = conn.send(false, 'P.', resText.length, sAck.at + SERVER_THINK_MS + (response.delayMs ?? 0), `HTTP: HTTP/1.1 ${response.status} ${response.reason}`);
  const cAck = conn.send(true, '.', 0, res.at);
  conn.close(true, cAck.at + 0.1);
  return { kind: 'ok', response, connectedAt: conn.connectedAt, doneAt: res.at, remote: dst };
}
