// What BIND 9.18's dig, nslookup and host share (bin/dig/dighost.c): the resolver configuration read from the
// host's /etc/resolv.conf, one UDP socket per query (a fresh source port and id each time), the search walk
// that moves on to the next name only on NXDOMAIN, and the model clock moving as answers arrive.
import { type DnsOutcome, dnsExchange } from '../../../model/dns/exchange.ts';
import { type DnsMessage, newQuery, type RrType } from '../../../model/dns/message.ts';
import { parseResolvConf, type ResolvConf } from '../../../model/dns/resolv-conf.ts';
import { parseIpv4, type Ipv4 } from '../../../model/net/ipv4.ts';
import { type Endpoint, type Network, networkOf } from '../../../model/net/network.ts';
import { clusterSession } from '../../session.ts';
import type { Emission, Session } from '../../types.ts';
import { currentEndpoint } from '../netns.ts';

/** The version the lab's netshoot image carries (Alpine 3.17's bind-tools, spring 2023; assumed). */
export const BIND_VERSION = '9.18.13';
/** dighost.c: UDP retries and the per-try timeout (nslookup and host wait 2 s… dig 5 s; the model uses one). */
export const UDP_TRIES = 3;
const UDP_TIMEOUT_MS = 5000;

export interface LookupContext {
  net: Network;
  from: Endpoint;
  conf: ResolvConf;
  /** Model time; advanced as queries are answered. */
  t: number;
  out: Emission[];
}

export function lookupContext(session: Session): LookupContext {
  const cluster = clusterSession(session).cluster;
  return {
    net: networkOf(cluster), from: currentEndpoint(session), conf: parseResolvConf(session.readFile?.('/etc/resolv.conf') ?? ''),
    t: cluster.now, out: [],
  };
}

export function say(ctx: LookupContext, text: string, stream: 'out' | 'err' = 'out'): void {
  if (text) ctx.out.push({ at: ctx.t, stream, text });
}

/**
 * One query with dighost's retries: each try is a new socket and id; a try that is refused (ICMP port
 * unreachable) or times out is reported to `failed` (the tools print a line for it) and tried again.
 */
export function query(
  ctx: LookupContext, server: Ipv4, name: string, type: RrType, more: Partial<DnsMessage> = {}, failed: (why: 'refused' | 'timeout') => void = () => {},
): DnsOutcome {
  let last: DnsOutcome = { kind: 'timeout' };
  for (let i = 0; i < UDP_TRIES; i++) {
    const q = newQuery(ctx.net.randomInt(0, 0xffff), name, type, more);
    last = dnsExchange(ctx.net, ctx.from, server, q, ctx.net.randomInt(32768, 60999), ctx.t + 0.05);
    if (last.kind === 'reply') {
      ctx.t = last.at;
      return last;
    }
    ctx.t = last.kind === 'refused' ? last.at : ctx.t + UDP_TIMEOUT_MS;
    failed(last.kind);
  }
  return last;
}

/** The server to ask: the one named on the command line (an address), or resolv.conf's first. */
export function serverOf(ctx: LookupContext, given: string | undefined): Ipv4 | undefined {
  if (given !== undefined) return parseIpv4(given.replace(/^@/, ''));
  return ctx.conf.nameservers[0];
}

/** dns_name_format: an absolute name without its final dot (the root stays `.`). */
export function nameText(name: string): string {
  return name === '.' ? '.' : name.replace(/\.$/, '');
}

/** `a.b.c.d` as the in-addr.arpa name BIND's tools look up for an address argument. */
export function isAddress(text: string): boolean {
  return parseIpv4(text) !== undefined;
}
