// One short TCP connection carrying one HTTP request, packet by packet through the datapath: the handshake, the
// request, the response, and the close, as curl and a web server exchange them. Each packet leaves when the one
// it answers has arrived, so captures and times line up as tcpdump would show them.
import type { Ipv4 } from './ipv4.ts';
import { albServer } from '../aws/alb-dataplane.ts';
import { type HttpRequest, type HttpResponse, httpServerAt } from './http.ts';
import type { Endpoint, Network, Transit } from './network.ts';
import type { Packet, TcpFlags } from './packet.ts';

export type TcpOutcome =
  | { kind: 'ok'; response: HttpResponse; connectedAt: number; doneAt: number; remote: Ipv4 }
  | { kind: 'refused'; at: number }
  | { kind: 'timeout'; at: number };

/** Linux gives up on a SYN after 6 retries: about 127 s. */
const SYN_TIMEOUT_MS = 127_000;
const SERVER_THINK_MS = 0.2;

function httpText(r: HttpResponse): string {
  return `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${r.body}`;
}

export function httpExchange(
  net: Network, from: Endpoint, dst: Ipv4, port: number, request: Omit<HttpRequest, 'client' | 'clientPort' | 'server' | 'serverPort' | 'at'>, at: number,
): TcpOutcome {
  const src = net.sourceAddress(from, dst);
  const sport = net.connectPort(src, dst, port, at);
  let cSeq = net.randomInt(0, 0xfffffff) * 16;
  let ts = net.randomInt(1_000_000, 3_000_000_000);
  const base = { proto: 'tcp' as const, ttl: 64, length: 0 };
  const packet = (s: Ipv4, d: Ipv4, sp: number, dp: number, flags: TcpFlags, seq: number, ack: number, length = 0, summary?: string): Packet => ({
    ...base, src: s, dst: d, srcPort: sp, dstPort: dp, ipId: net.nextIpId(), length, summary,
    tcp: { flags, seq, ack, window: flags.includes('S') ? 62727 : 491, tsVal: ts++, tsEcr: ts - 7 },
  });

  // SYN
  const syn = net.send(from, packet(src, dst, sport, port, 'S', cSeq, 0), at);
  // A REJECT on the way (kube-proxy's for a Service without endpoints): the ICMP port unreachable reaches the
  // client's kernel, and connect() fails with ECONNREFUSED as it does on a reset.
  if (syn.rejected) return { kind: 'refused', at: syn.errors[0]?.at ?? syn.at };
  if (!syn.receiver || !syn.received) return { kind: 'timeout', at: at + SYN_TIMEOUT_MS };
  const server = syn.receiver;
  const seen = syn.received;
  // The server answers from the port the packet reached it on (after any DNAT: a NodePort or a Service's port
  // becomes the pod's).
  const serverPort = seen.dstPort!;
  const handler = server.kind === 'lb' ? albServer(net, server, serverPort) : httpServerAt(server, serverPort, syn.at);
  if (!handler) {
    // Nothing listens: the server's kernel answers with a reset.
    const rst = net.send(server, packet(seen.dst, seen.src, serverPort, seen.srcPort!, 'R.', 0, cSeq + 1), syn.at);
    return { kind: 'refused', at: rst.at };
  }
  let sSeq = net.randomInt(0, 0xfffffff) * 16;
  const back = (t: Transit) => t.at;
  const synAck = net.send(server, packet(seen.dst, seen.src, serverPort, seen.srcPort!, 'S.', sSeq, cSeq + 1), syn.at + SERVER_THINK_MS / 4);
  cSeq += 1;
  sSeq += 1;
  const ack = net.send(from, packet(src, dst, sport, port, '.', cSeq, sSeq), back(synAck));
  const connectedAt = back(synAck);
  const extra = (request.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const reqText = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\nUser-Agent: ${request.userAgent}\r\nAccept: */*\r\n${extra}\r\n`;
  const req = net.send(from, packet(src, dst, sport, port, 'P.', cSeq, sSeq, reqText.length, `HTTP: ${request.method} ${request.path} HTTP/1.1`), back(ack) + 0.05);
  const arrived = req.received ?? seen;
  const response = handler({ ...request, client: arrived.src, clientPort: arrived.srcPort!, server: arrived.dst, serverPort, at: req.at });
  const resText = httpText(response);
  const sAck = net.send(server, packet(arrived.dst, arrived.src, serverPort, arrived.srcPort!, '.', sSeq, cSeq + reqText.length), req.at + 0.01);
  const res = net.send(server, packet(arrived.dst, arrived.src, serverPort, arrived.srcPort!, 'P.', sSeq, cSeq + reqText.length, resText.length, `HTTP: HTTP/1.1 ${response.status} ${response.reason}`), back(sAck) + SERVER_THINK_MS + (response.delayMs ?? 0));
  cSeq += reqText.length;
  sSeq += resText.length;
  const cAck = net.send(from, packet(src, dst, sport, port, '.', cSeq, sSeq), back(res));
  const fin = net.send(from, packet(src, dst, sport, port, 'F.', cSeq, sSeq), back(cAck) + 0.1);
  const finAck = net.send(server, packet(arrived.dst, arrived.src, serverPort, arrived.srcPort!, 'F.', sSeq, cSeq + 1), back(fin) + 0.02);
  net.send(from, packet(src, dst, sport, port, '.', cSeq + 1, sSeq + 1), back(finAck));
  return { kind: 'ok', response, connectedAt, doneAt: back(res), remote: dst };
}
