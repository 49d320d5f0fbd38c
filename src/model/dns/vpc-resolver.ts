// The Amazon-provided DNS server (Route 53 Resolver) at the VPC's base address + 2, which the nodes' resolv.conf
// names and CoreDNS forwards to. It answers recursively (RA), never authoritatively, and compresses names as every
// ordinary DNS server does: EC2's private names (`ip-192-168-1-29.<region>.compute.internal`, both ways) for
// addresses in the VPC, and the model's internet (internet.ts); anything else does not exist (NXDOMAIN, with the
// root zone's SOA as a recursive resolver returns it for an unknown top-level domain).
import type { Cluster } from '../cluster/cluster.ts';
import { internetHostByName, internetHostByIp } from '../net/internet.ts';
import { cidrContains, formatIpv4, type Ipv4, parseIpv4 } from '../net/ipv4.ts';
import { NLB_DNS_TTL, nlbDnsAnswer } from '../aws/nlb-dataplane.ts';
import { addressOfReverseName, type DnsMessage, type DnsRecord, replyTo } from './message.ts';

/** TTL of the records it returns (a resolver's cache counts down from the zone's TTL; the model keeps one value). */
const ANSWER_TTL = 60;
/** The root zone's SOA as resolvers return it with NXDOMAIN for a name under no existing TLD. */
const ROOT_SOA: DnsRecord = {
  name: '.', ttl: 900,
  data: { type: 'SOA', mname: 'a.root-servers.net.', rname: 'nstld.verisign-grs.com.', serial: 2023050500, refresh: 1800, retry: 900, expire: 604800, minimum: 86400 },
};

export function vpcResolverAddress(cluster: Cluster): Ipv4 {
  return cluster.vpc.cidr.base + 2;
}

/** Whether its replies are packed with name compression (for their length on the wire). */
export const VPC_RESOLVER_COMPRESSES = true;

export function vpcResolverAnswer(cluster: Cluster, query: DnsMessage): DnsMessage {
  const q = query.question[0];
  const base = { recursionAvailable: true } as const;
  if (!q) return replyTo(query, { ...base, rcode: 'FORMERR' });
  const name = q.name.toLowerCase();
  const region = `${cluster.region}.compute.internal.`;
  const record = (data: DnsRecord['data']): DnsRecord => ({ name: q.name, ttl: ANSWER_TTL, data });
  // EC2 private names: ip-a-b-c-d.<region>.compute.internal for any address in the VPC.
  const m = new RegExp(`^ip-(\\d+)-(\\d+)-(\\d+)-(\\d+)\\.${region.replaceAll('.', '\\.')}$`).exec(name);
  if (m) {
    const ip = parseIpv4(m.slice(1, 5).join('.'));
    if (ip !== undefined && cidrContains(cluster.vpc.cidr, ip)) {
      return replyTo(query, { ...base, answer: q.type === 'A' ? [record({ type: 'A', address: ip })] : [], authority: q.type === 'A' ? [] : [regionSoa(region)] });
    }
  }
  if (q.type === 'PTR') {
    const ip = addressOfReverseName(name);
    if (ip !== undefined && cidrContains(cluster.vpc.cidr, ip)) {
      return replyTo(query, { ...base, answer: [record({ type: 'PTR', target: `ip-${formatIpv4(ip).replaceAll('.', '-')}.${region}` })] });
    }
    const host = ip === undefined ? undefined : internetHostByIp(ip);
    if (host) return replyTo(query, { ...base, answer: [record({ type: 'PTR', target: `${host.reverseName}.` })] });
    return replyTo(query, { ...base, rcode: 'NXDOMAIN', authority: [ROOT_SOA] });
  }
  // Route 53's records for a load balancer's name (aws/nlb-dataplane.ts): A records only (ipv4 address type).
  const nlb = nlbDnsAnswer(cluster, name, query.id);
  if (nlb) {
    const answer = q.type === 'A' ? nlb.map((address) => ({ name: q.name, ttl: NLB_DNS_TTL, data: { type: 'A' as const, address } })) : [];
    return replyTo(query, { ...base, answer, authority: q.type === 'A' ? [] : [elbSoa(cluster.region)] });
  }
  const host = internetHostByName(name);
  if (host) {
    const answer = q.type === 'A' ? [record({ type: 'A', address: host.ip })] : q.type === 'AAAA' && host.ipv6 ? [record({ type: 'AAAA', address: host.ipv6 })] : [];
    return replyTo(query, { ...base, answer });
  }
  return replyTo(query, { ...base, rcode: 'NXDOMAIN', authority: [ROOT_SOA] });
}

/** The private zone EC2 serves for `<region>.compute.internal` names (a NODATA answer's SOA). */
function regionSoa(region: string): DnsRecord {
  return { name: region, ttl: ANSWER_TTL, data: { type: 'SOA', mname: `ns-internal.${region}`, rname: `hostmaster.${region}`, serial: 1, refresh: 3600, retry: 900, expire: 604800, minimum: 60 } };
}

/** The SOA of the region's ELB zone, which a NODATA answer (AAAA for an ipv4 NLB) carries. Route 53's shape
 *  (awsdns name servers, `awsdns-hostmaster.amazon.com.`, serial 1, 7200 900 1209600); which awsdns server the ELB
 *  zone names is not documented: the model's is illustrative. */
function elbSoa(region: string): DnsRecord {
  return {
    name: `elb.${region}.amazonaws.com.`, ttl: 60,
    data: { type: 'SOA', mname: 'ns-1436.awsdns-51.org.', rname: 'awsdns-hostmaster.amazon.com.', serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 60 },
  };
}
