// What a CoreDNS pod answers, with EKS's Corefile (cluster.ts: `kubernetes cluster.local in-addr.arpa ip6.arpa
// { pods insecure; fallthrough in-addr.arpa ip6.arpa }`, `forward . /etc/resolv.conf`, `cache 30`, `loadbalance`).
// Follows coredns v1.9.3 (the EKS add-on v1.9.3-eksbuild.3):
// - plugin/kubernetes (handler.go, kubernetes.go, parse.go): `<svc>.<ns>.svc.<zone>` gives the ClusterIP (the
//   Service's ready endpoints when it has no ClusterIP), `<a-b-c-d>.<ns>.pod.<zone>` the address itself when the
//   namespace exists (`pods insecure`), PTR for ClusterIPs and endpoint addresses; TTL 5 (defaultTTL); an
//   unknown name is NXDOMAIN and a known name without that type NODATA, both with the zone's SOA
//   (plugin/backend_lookup.go SOA: `ns.dns.<zone>`, `hostmaster.<zone>`, serial = the time the plugin last saw
//   a Service or endpoints change, 7200 1800 86400 5). Answers set AA, never RA (no plugin sets it).
// - plugin/cache: `cache 30` caps every TTL at 30 s (filterRRSlice on the reply it stores); a hit is rebuilt by
//   item.toMsg with AA set and TTLs counting down from when it was stored.
// - plugin/loadbalance: shuffles the A records of an answer.
// - request.Scrub / miekg Msg.Truncate: a reply that fits is packed without name compression; SizeAndDo echoes
//   the query's OPT record with its supported options (a client's cookie comes back as it was sent).
// Each replica has its own cache; the forward plugin's upstream is the node's nameserver, the VPC resolver.
import type { Cluster } from '../cluster/cluster.ts';
import type { Pod, Service } from '../cluster/types.ts';
import type { EndpointSlice } from '../controllers/endpointslice.ts';
import { SERVICE_NAME_LABEL } from '../controllers/endpointslice.ts';
import { formatIpv4, type Ipv4, parseIpv4 } from '../net/ipv4.ts';
import { createRng, type Rng } from '../rng.ts';
import { addressOfReverseName, type DnsMessage, type DnsRecord, replyTo, reverseName } from './message.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
/** plugin/kubernetes defaultTTL. */
const KUBERNETES_TTL = 5;
/** `cache 30`; plugin/cache's minimum TTL (dnsutil.MinimalDefaultTTL). */
const CACHE_MAX_TTL = 30;
const CACHE_MIN_TTL = 5;

/** A CoreDNS pod's answer, or `forward` when the query goes to the upstream resolver. */
export type CorednsResult = { kind: 'reply'; reply: DnsMessage; cached: boolean } | { kind: 'forward' };

interface CacheItem {
  reply: DnsMessage;
  storedAt: number;
  ttl: number;
}

const caches = new WeakMap<Pod, Map<string, CacheItem>>();
const shuffles = new WeakMap<Pod, Rng>();
const serials = new WeakMap<Cluster, { serial: number; watching: boolean }>();

/** Whether a pod runs CoreDNS (the kube-dns Service's pods). */
export function isCorednsPod(pod: Pod): boolean {
  return pod.namespace === 'kube-system' && pod.labels['k8s-app'] === 'kube-dns';
}

/** The pod's answer to a query that reached it; a forwarded query's answer is given to `storeForwarded`. */
export function corednsAnswer(cluster: Cluster, pod: Pod, query: DnsMessage, now: number): CorednsResult {
  const q = query.question[0];
  if (!q) return { kind: 'reply', reply: replyTo(query, { rcode: 'FORMERR' }), cached: false };
  const cache = cacheOf(pod);
  const key = cacheKey(query);
  const hit = cache.get(key);
  if (hit && now < hit.storedAt + hit.ttl * 1000) {
    const left = hit.ttl - Math.floor((now - hit.storedAt) / 1000);
    const reply: DnsMessage = {
      ...hit.reply, id: query.id, authoritative: true, recursionDesired: query.recursionDesired, checkingDisabled: query.checkingDisabled,
      question: query.question.map((x) => ({ ...x })),
      answer: hit.reply.answer.map((r) => ({ ...r, ttl: left })), authority: hit.reply.authority.map((r) => ({ ...r, ttl: left })),
      additional: hit.reply.additional.map((r) => ({ ...r, ttl: left })),
    };
    return { kind: 'reply', reply: finish(pod, query, reply), cached: true };
  }
  const reply = kubernetesAnswer(cluster, query);
  if (reply === undefined) return { kind: 'forward' };
  return { kind: 'reply', reply: finish(pod, query, store(pod, key, reply, now)), cached: false };
}

/** The upstream's answer to a forwarded query, as the client gets it (cached, TTLs capped). */
export function forwardedAnswer(pod: Pod, query: DnsMessage, upstream: DnsMessage, now: number): DnsMessage {
  // The forward plugin sent it with an id of its own; the client gets its own back.
  const reply: DnsMessage = { ...upstream, id: query.id, edns: undefined };
  return finish(pod, query, store(pod, cacheKey(query), reply, now));
}

/** SizeAndDo, then loadbalance's shuffle of the A records. */
function finish(pod: Pod, query: DnsMessage, reply: DnsMessage): DnsMessage {
  const out: DnsMessage = { ...reply, edns: query.edns ? { udpSize: query.edns.udpSize, ...(query.edns.cookie ? { cookie: query.edns.cookie.slice(0, 16) } : {}) } : undefined };
  const a = out.answer.filter((r) => r.data.type === 'A');
  if (a.length > 1) {
    let rng = shuffles.get(pod);
    if (!rng) shuffles.set(pod, (rng = createRng(`loadbalance:${pod.uid}`)));
    const shuffled = rng.shuffle(a);
    out.answer = [...out.answer.filter((r) => r.data.type !== 'A'), ...shuffled];
  }
  return out;
}

/** plugin/cache WriteMsg: the message TTL (the SOA's minimum for a denial) within [5, 30], applied to every record. */
function store(pod: Pod, key: string, reply: DnsMessage, now: number): DnsMessage {
  const denial = reply.rcode === 'NXDOMAIN' || (reply.rcode === 'NOERROR' && reply.answer.length === 0);
  const ttls = [...reply.answer, ...reply.authority].map((r) => (denial && r.data.type === 'SOA' ? Math.min(r.ttl, r.data.minimum) : r.ttl));
  const msgTtl = ttls.length ? Math.min(...ttls) : CACHE_MIN_TTL;
  const ttl = Math.max(CACHE_MIN_TTL, Math.min(CACHE_MAX_TTL, msgTtl));
  const capped = (rs: DnsRecord[]) => rs.map((r) => ({ ...r, ttl }));
  const out: DnsMessage = { ...reply, answer: capped(reply.answer), authority: capped(reply.authority), additional: capped(reply.additional) };
  if (reply.rcode === 'NOERROR' || reply.rcode === 'NXDOMAIN') cacheOf(pod).set(key, { reply: out, storedAt: now, ttl });
  return out;
}

function cacheOf(pod: Pod): Map<string, CacheItem> {
  let c = caches.get(pod);
  if (!c) caches.set(pod, (c = new Map()));
  return c;
}

/** plugin/cache key: the type and the lowercased name (and the DO bit, which no modelled client sets). */
function cacheKey(query: DnsMessage): string {
  const q = query.question[0];
  return `${q.type}|${q.name.toLowerCase()}|${query.edns?.dnssecOk ? 1 : 0}`;
}

// ---- plugin/kubernetes ---------------------------------------------------------------------------------------

const ZONES = [`${CLUSTER_DOMAIN}.`, 'in-addr.arpa.', 'ip6.arpa.'];
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The kubernetes plugin's reply, or undefined when the name is outside its zones or falls through. */
export function kubernetesAnswer(cluster: Cluster, query: DnsMessage): DnsMessage | undefined {
  const q = query.question[0];
  const qname = q.name.toLowerCase();
  const zone = ZONES.find((z) => qname === z || qname.endsWith(`.${z}`));
  if (zone === undefined) return undefined;
  const clusterZone = `${CLUSTER_DOMAIN}.`;
  const soa = (): DnsRecord => ({
    name: zone === clusterZone ? q.name.slice(q.name.length - zone.length) : zone, ttl: KUBERNETES_TTL,
    data: { type: 'SOA', mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: serialOf(cluster), refresh: 7200, retry: 1800, expire: 86400, minimum: KUBERNETES_TTL },
  });
  const denial = (rcode: 'NOERROR' | 'NXDOMAIN') => replyTo(query, { authoritative: true, rcode, authority: [soa()] });
  if (zone !== clusterZone) {
    if (q.type !== 'PTR') return zone === 'in-addr.arpa.' || zone === 'ip6.arpa.' ? undefined : denial('NXDOMAIN');
    const target = reverseTarget(cluster, addressOfReverseName(qname));
    // fallthrough in-addr.arpa ip6.arpa: what the cluster does not know goes on to the forward plugin.
    if (target === undefined) return undefined;
    return replyTo(query, { authoritative: true, answer: [{ name: q.name, ttl: KUBERNETES_TTL, data: { type: 'PTR', target } }] });
  }
  const addresses = lookup(cluster, qname.slice(0, -clusterZone.length - 1));
  if (addresses === undefined) return denial('NXDOMAIN');
  if (q.type !== 'A' || addresses.length === 0) return denial('NOERROR');
  return replyTo(query, { authoritative: true, answer: addresses.map((address) => ({ name: q.name, ttl: KUBERNETES_TTL, data: { type: 'A' as const, address } })) });
}

/**
 * The A records of a name inside the cluster zone (without the zone): [] for a name that exists without
 * addresses (`svc.cluster.local`, a namespace), undefined for one that does not (parse.go's segments).
 */
function lookup(cluster: Cluster, name: string): Ipv4[] | undefined {
  const parts = name === '' ? [] : name.split('.');
  const namespaceExists = (ns: string) => cluster.store.get('Namespace', undefined, ns) !== undefined || ns === 'default' || ns === 'kube-system';
  const last = parts[parts.length - 1];
  if (parts.length === 0) return [];
  if (last !== 'svc' && last !== 'pod') return undefined;
  if (parts.length === 1) return [];
  const ns = parts[parts.length - 2];
  if (parts.length === 2) return namespaceExists(ns) ? [] : undefined;
  if (last === 'pod') {
    // `pods insecure`: the address written with dashes, for any namespace that exists.
    if (parts.length !== 3 || !namespaceExists(ns)) return undefined;
    const ip = parseIpv4(parts[0].replaceAll('-', '.'));
    return ip === undefined || !/^\d+-\d+-\d+-\d+$/.test(parts[0]) ? undefined : [ip];
  }
  const svcName = parts[parts.length - 3];
  if (!LABEL.test(svcName)) return undefined;
  const svc = cluster.store.get<Service>('Service', ns, svcName);
  if (!svc) return undefined;
  if (parts.length === 3) return [svc.spec.clusterIp];
  // <endpoint>.<svc>.<ns>.svc: an endpoint of the Service by its dashed address.
  if (parts.length === 4) {
    const ip = endpointsOf(cluster, svc).find((e) => formatIpv4(e).replaceAll('.', '-') === parts[0]);
    return ip === undefined ? undefined : [ip];
  }
  return undefined;
}

/** The ready addresses of a Service's EndpointSlices. */
function endpointsOf(cluster: Cluster, svc: Service): Ipv4[] {
  const out: Ipv4[] = [];
  for (const s of cluster.store.list<EndpointSlice>('EndpointSlice', { namespace: svc.metadata.namespace })) {
    if (s.metadata.labels?.[SERVICE_NAME_LABEL] !== svc.metadata.name) continue;
    for (const e of s.body.endpoints ?? []) if (e.conditions.ready !== false) for (const a of e.addresses) out.push(parseIpv4(a)!);
  }
  return out;
}

/** reverse.go: a ClusterIP's Service name, else an endpoint's `<dashed-ip>.<svc>.<ns>.svc` name. */
function reverseTarget(cluster: Cluster, ip: Ipv4 | undefined): string | undefined {
  if (ip === undefined) return undefined;
  const services = cluster.store.list<Service>('Service');
  const svc = services.find((s) => s.spec.clusterIp === ip);
  if (svc) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}.`;
  for (const s of services) {
    if (endpointsOf(cluster, s).includes(ip)) return `${formatIpv4(ip).replaceAll('.', '-')}.${s.metadata.name}.${s.metadata.namespace}.svc.${CLUSTER_DOMAIN}.`;
  }
  return undefined;
}

/**
 * The SOA serial: dnsController.Modified(), the Unix time at which the plugin last saw a Service or an
 * EndpointSlice added, changed or deleted (the CoreDNS pods start after the system Services exist).
 */
function serialOf(cluster: Cluster): number {
  let s = serials.get(cluster);
  if (!s) {
    const times = [...cluster.store.list<Service>('Service'), ...cluster.store.list<EndpointSlice>('EndpointSlice')].map((o) => o.metadata.creationTimestamp);
    s = { serial: Math.floor(Math.max(0, ...times) / 1000), watching: true };
    serials.set(cluster, s);
    const state = s;
    const bump = () => {
      state.serial = Math.floor(cluster.now / 1000);
    };
    cluster.store.watch('Service', bump);
    cluster.store.watch('EndpointSlice', bump);
  }
  return s.serial;
}

export { reverseName };
