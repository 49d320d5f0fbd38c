// One DNS query over UDP through the datapath, and its answer: the datagram from the client to the server's
// address (the kube-dns ClusterIP is DNAT'ed by kube-proxy's rules to a CoreDNS pod, like any Service), the server
// answering from the address and port the query reached, and the reply un-NAT'ed by conntrack on its way back.
// A CoreDNS pod that must forward sends the query on to the VPC resolver from its own address first.
import { formatIpv4, type Ipv4 } from '../net/ipv4.ts';
import type { Endpoint, Network, Transit } from '../net/network.ts';
import type { Packet } from '../net/packet.ts';
import { corednsAnswer, forwardedAnswer, isCorednsPod } from './coredns.ts';
import { type DnsMessage, messageLength, replyTo } from './message.ts';
import { VPC_RESOLVER_COMPRESSES, vpcResolverAnswer } from './vpc-resolver.ts';

export const DNS_PORT = 53;

export type DnsOutcome =
  | { kind: 'reply'; reply: DnsMessage; at: number; server: Ipv4; /** Its UDP payload length. */ length: number }
  /** An ICMP port unreachable came back (a Service without endpoints: kube-proxy's REJECT). */
  | { kind: 'refused'; at: number }
  /** Nothing came back. */
  | { kind: 'timeout' };

/** How long a server takes to answer: CoreDNS from its informer cache, from its own cache, the VPC resolver. */
const COREDNS_MS = 0.12;
const CACHE_HIT_MS = 0.04;
const VPC_RESOLVER_MS = 0.3;

/** Sends `query` from `from`'s port `sport` to `server`:53 at time `at`. */
export function dnsExchange(net: Network, from: Endpoint, server: Ipv4, query: DnsMessage, sport: number, at: number): DnsOutcome {
  const packet: Packet = {
    proto: 'udp', src: net.sourceAddress(from, server), dst: server, srcPort: sport, dstPort: DNS_PORT, ttl: 64, ipId: net.nextIpId(),
    length: messageLength(query), dns: query,
  };
  const there = net.send(from, packet, at);
  if (there.rejected) return { kind: 'refused', at: there.errors[0]?.at ?? there.at };
  if (!there.receiver || !there.received) return { kind: 'timeout' };
  const answered = serve(net, there, query);
  if (!answered) return { kind: 'timeout' };
  const got = there.received;
  const reply: Packet = {
    proto: 'udp', src: got.dst, dst: got.src, srcPort: got.dstPort, dstPort: got.srcPort, ttl: 64, ipId: net.nextIpId(),
    length: messageLength(answered.reply, answered.compress), dns: answered.reply,
  };
  const back = net.send(there.receiver, reply, answered.at);
  if (!back.received?.dns) return { kind: 'timeout' };
  return { kind: 'reply', reply: back.received.dns, at: back.at, server, length: back.received.length };
}

/** The server's answer to a query that reached it, and when it sends it; undefined if nothing there answers DNS. */
function serve(net: Network, there: Transit, query: DnsMessage): { reply: DnsMessage; compress: boolean; at: number } | undefined {
  const receiver = there.receiver!;
  if (there.received!.dstPort !== DNS_PORT) return undefined;
  if (receiver.kind === 'vpc-resolver') return { reply: vpcResolverAnswer(net.cluster, query), compress: VPC_RESOLVER_COMPRESSES, at: there.at + VPC_RESOLVER_MS };
  if (receiver.kind !== 'pod' || !isCorednsPod(receiver.pod)) return undefined;
  const pod = receiver.pod;
  const result = corednsAnswer(net.cluster, pod, query, there.at);
  if (result.kind === 'reply') return { reply: result.reply, compress: false, at: there.at + (result.cached ? CACHE_HIT_MS : COREDNS_MS) };
  // forward . /etc/resolv.conf: the node's nameserver, the VPC resolver; a query id of the forward plugin's own.
  const upstream = net.cluster.vpc.cidr.base + 2;
  const forwarded: DnsMessage = { ...query, id: net.randomInt(0, 0xffff) };
  const out = dnsExchange(net, receiver, upstream, forwarded, forwardPort(net, pod, there.at), there.at + COREDNS_MS);
  if (out.kind !== 'reply') return { reply: replyTo(query, { rcode: 'SERVFAIL' }), compress: false, at: there.at + 5000 };
  return { reply: forwardedAnswer(pod, query, out.reply, out.at), compress: false, at: out.at + CACHE_HIT_MS };
}

/** The forward plugin keeps its upstream socket for 10 s (`expire`), so queries close together share a source port. */
const forwardSockets = new WeakMap<Network, Map<string, { port: number; usedAt: number }>>();

function forwardPort(net: Network, pod: { uid: string }, at: number): number {
  let byPod = forwardSockets.get(net);
  if (!byPod) forwardSockets.set(net, (byPod = new Map()));
  const s = byPod.get(pod.uid);
  if (s && at - s.usedAt < 10_000) {
    s.usedAt = at;
    return s.port;
  }
  const port = net.randomInt(32768, 60999);
  byPod.set(pod.uid, { port, usedAt: at });
  return port;
}

export const describeServer = (ip: Ipv4) => `${formatIpv4(ip)}#${DNS_PORT}`;
