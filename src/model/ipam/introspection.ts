// ipamd's introspection server (VPC CNI v1.12.6, pkg/ipamd/introspect.go): an HTTP server on 127.0.0.1:61679,
// reachable only from the node itself, that AWS's troubleshooting guide and aws-cni-support.sh read. Each handler
// writes json.Marshal of a value and nothing else (no newline):
// - /v1/enis: DataStore.GetENIInfos() (pkg/ipamd/datastore/data_store.go): TotalIPs, AssignedIPs and every ENI in
//   the datastore with its CIDRs (a /32 per secondary address, a /28 per prefix) and the AddressInfo entries the
//   datastore holds for them. An address gets an entry when a pod is given it and keeps it, unassigned, after the
//   pod gives it back (the cooldown is measured from its UnassignedTime); warm addresses no pod has had have none.
//   getUnusedIP drops a CIDR's cooled-down entries when it hands out an address from that CIDR.
// - /v1/eni-configs: the node's ENIConfig name (GetNodeSpecificENIConfigName), a JSON string.
// - /v1/networkutils-env-settings and /v1/ipamd-env-settings: the GetConfigForDebug maps of networkutils and ipamd.
// - anything else ("/", and /v1/pods, which v1.12.6 no longer has): {"AvailableCommands":[…]}.
// The JSON is Go's encoding/json: struct fields in declaration order, map keys sorted, time.Time as RFC 3339 with
// nanoseconds (trailing zeros dropped; the zero time as 0001-01-01T00:00:00Z), net.IPMask ([]byte) in base64,
// strings with <, > and & escaped. Go's net/http adds Date, then Content-Length for a body of at most 2048 bytes
// (written in one go, it fits the response buffer) or Transfer-Encoding: chunked for a longer one, and the sniffed
// Content-Type.
import type { Cluster } from '../cluster/cluster.ts';
import type { Eni, Node, Pod } from '../cluster/types.ts';
import { sandboxContainerId } from '../ids.ts';
import { rfc3339Nano } from '../k8s/container-logs.ts';
import type { HttpRequest, HttpResponse, HttpServer } from '../net/http.ts';
import { formatIpv4, type Ipv4 } from '../net/ipv4.ts';
import { createRng } from '../rng.ts';
import { attachedEnis } from './ipamd.ts';
import { goParseBool } from './settings.ts';

export const INTROSPECTION_PORT = 61679;
/** defaultIntrospectionBindAddress: loopback only. */
const BIND_ADDRESS = 0x7f000001;

/** The paths setupIntrospectionServer registers. Its AvailableCommands list comes from ranging over a Go map, a
 *  rotation of this order fixed when ipamd starts; we show the order of the source. */
const COMMANDS = ['/v1/enis', '/v1/eni-configs', '/v1/networkutils-env-settings', '/v1/ipamd-env-settings'];

/** The CNI's network name (10-aws.conflist) and the interface it sets up in the pod: every IPAMKey's. */
const NETWORK_NAME = 'aws-cni';
const POD_IFNAME = 'eth0';

// ---- Go's encoding/json ------------------------------------------------------------------------------------

/** A JSON string as encoding/json writes it (HTMLEscape on: <, >, & as \u003c …; U+2028 and U+2029 escaped). */
export function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Go map[string]T: keys in byte order. */
function goMap<T>(entries: [string, T][], value: (v: T) => string): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${goString(k)}:${value(v)}`).join(',')}}`;
}

/** time.Time's MarshalJSON: RFC 3339 with up to nine fraction digits, in UTC here (the container's zone). */
function goTime(t: { at: number; ns: number } | undefined): string {
  return goString(t === undefined ? '0001-01-01T00:00:00Z' : rfc3339Nano(t));
}

/** A net.IPMask of a v4 prefix length, as encoding/json writes a []byte: base64 of its four bytes. */
function goMask(bits: number): string {
  const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const bytes = [m >>> 24, (m >>> 16) & 0xff, (m >>> 8) & 0xff, m & 0xff];
  return goString(btoa(String.fromCharCode(...bytes)));
}

// ---- the datastore as GetENIInfos copies it ----------------------------------------------------------------

/**
 * A model time as Go's time.Now() would have stamped it: the model keeps milliseconds, so the nanoseconds below
 * the millisecond come from a hash of what was stamped (the same address and time always print the same).
 */
function stamp(at: number, what: string): { at: number; ns: number } {
  return { at, ns: createRng(`${what}@${at}`).int(1_000_000) };
}

interface AddressInfo {
  address: Ipv4;
  pod?: Pod;
  assignedAt: number;
  unassignedAt?: number;
}

function addressInfoJson(a: AddressInfo): string {
  const ip = formatIpv4(a.address);
  const key = a.pod
    ? `{"networkName":${goString(NETWORK_NAME)},"containerID":${goString(sandboxContainerId(a.pod.uid))},"ifName":${goString(POD_IFNAME)}}`
    : '{"networkName":"","containerID":"","ifName":""}';
  // IPAMMetadata's fields are omitempty: a released address's entry has neither.
  const meta = a.pod ? `{"k8sPodNamespace":${goString(a.pod.namespace)},"k8sPodName":${goString(a.pod.name)}}` : '{}';
  return `{"Address":${goString(ip)},"IPAMKey":${key},"IPAMMetadata":${meta},"AssignedTime":${goTime(stamp(a.assignedAt, `assigned/${ip}`))},"UnassignedTime":${goTime(a.unassignedAt === undefined ? undefined : stamp(a.unassignedAt, `unassigned/${ip}`))}}`;
}

interface CidrInfo {
  base: Ipv4;
  bits: number;
  isPrefix: boolean;
  addresses: AddressInfo[];
}

/** GetENIInfos copies Cidr, IPAddresses and IsPrefix into a new CidrInfo: AddressFamily stays empty. */
function cidrInfoJson(c: CidrInfo): string {
  const addresses = goMap(c.addresses.map((a): [string, AddressInfo] => [formatIpv4(a.address), a]), addressInfoJson);
  return `{"Cidr":{"IP":${goString(formatIpv4(c.base))},"Mask":${goMask(c.bits)}},"IPAddresses":${addresses},"IsPrefix":${c.isPrefix},"AddressFamily":""}`;
}

/** An ENI's CIDRs: one /32 per secondary address, or one /28 per delegated prefix, with their entries. */
function eniCidrs(eni: Eni, pods: ReadonlyMap<string, Pod>): CidrInfo[] {
  const byBase = new Map<Ipv4, CidrInfo>();
  for (const ip of eni.secondaryIps) {
    const base = ip.prefix ?? ip.ip;
    let cidr = byBase.get(base);
    if (!cidr) byBase.set(base, (cidr = { base, bits: ip.prefix === undefined ? 32 : 28, isPrefix: ip.prefix !== undefined, addresses: [] }));
    const pod = ip.podUid === undefined ? undefined : pods.get(ip.podUid);
    if (pod && ip.assignedAt !== undefined) cidr.addresses.push({ address: ip.ip, pod, assignedAt: ip.assignedAt });
    else if (ip.podUid === undefined && ip.assignedAt !== undefined && ip.releasedAt !== undefined) {
      cidr.addresses.push({ address: ip.ip, assignedAt: ip.assignedAt, unassignedAt: ip.releasedAt });
    }
  }
  return [...byBase.values()];
}

/** The ENI struct's exported fields in order (createTime is unexported); IPv6Cidrs is an empty map on IPv4. */
function eniJson(eni: Eni, pods: ReadonlyMap<string, Pod>): string {
  const cidrs = goMap(eniCidrs(eni, pods).map((c): [string, CidrInfo] => [`${formatIpv4(c.base)}/${c.bits}`, c]), cidrInfoJson);
  return `{"ID":${goString(eni.id)},"IsPrimary":${eni.deviceNumber === 0},"IsTrunk":false,"IsEFA":false,"DeviceNumber":${eni.deviceNumber},"AvailableIPv4Cidrs":${cidrs},"IPv6Cidrs":{}}`;
}

/** GET /v1/enis: ENIInfos {TotalIPs, AssignedIPs, ENIs} for the ENIs in the datastore (attached ones). */
export function eniInfosJson(cluster: Cluster, node: Node): string {
  const pods = new Map(cluster.podsOn(node).map((p) => [p.uid, p]));
  const enis = attachedEnis(node, cluster.now);
  let total = 0;
  let assigned = 0;
  for (const eni of enis) {
    // ds.total adds each CIDR's size: 1 per /32, 16 per /28 (all of whose addresses the model lists).
    total += eni.secondaryIps.length;
    assigned += eni.assignedIps;
  }
  return `{"TotalIPs":${total},"AssignedIPs":${assigned},"ENIs":${goMap(enis.map((e): [string, Eni] => [e.id, e]), (e) => eniJson(e, pods))}}`;
}

/** GetNodeSpecificENIConfigName: the externally managed label, else the annotation, else the label ENI_CONFIG_*_DEF name, else "default". */
export function eniConfigsJson(cluster: Cluster, node: Node): string {
  return goString(cluster.eniConfigName(node));
}

/** strconv.ParseInt with base 0: a 0x, 0o, 0b or 0 (octal) prefix picks the base. */
function goParseIntBase0(text: string): number | undefined {
  const m = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]?([0-7]+)|([1-9]\d*|0))$/.exec(text);
  if (!m) return undefined;
  const n = m[2] ? Number.parseInt(m[2], 16) : m[3] ? Number.parseInt(m[3], 2) : m[4] ? Number.parseInt(m[4], 8) : Number(m[5]);
  return m[1] === '-' ? -n : n;
}

/** networkutils.GetConfigForDebug (pkg/networkutils/network.go): the values as networkutils parsed them. */
export function networkutilsEnvJson(env: ReadonlyMap<string, string>): string {
  const cidrs = (key: string) => {
    const v = env.get(key);
    // parseCIDRString returns a nil slice for an unset variable: null.
    if (!v) return 'null';
    const list = v.split(',').map((c) => c.trim()).filter((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c));
    return list.length ? `[${list.map(goString).join(',')}]` : 'null';
  };
  const mtuText = env.get('AWS_VPC_ENI_MTU');
  const mtu = mtuText !== undefined && /^[+-]?\d+$/.test(mtuText) ? Number(mtuText) : 9001;
  // typeOfSNAT: a snatType (uint32) with no MarshalJSON, so its number: none 0, hashrandom 1, prng 2.
  const snat = ({ none: 0, hashrandom: 1 } as Record<string, number>)[env.get('AWS_VPC_K8S_CNI_RANDOMIZESNAT') ?? ''] ?? 2;
  const connmark = goParseIntBase0(env.get('AWS_VPC_K8S_CNI_CONNMARK') ?? '');
  const entries: [string, string][] = [
    // getConnmark: strconv.ParseInt(v, 0, 64), 0x80 when unset, unparsable or out of range.
    ['AWS_VPC_K8S_CNI_CONNMARK', String(connmark !== undefined && connmark > 0 && connmark <= 0xffffffff ? connmark : 0x80)],
    ['AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', cidrs('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS')],
    ['AWS_VPC_K8S_CNI_EXTERNALSNAT', String(goParseBool(env.get('AWS_VPC_K8S_CNI_EXTERNALSNAT'), false))],
    ['AWS_EXTERNAL_SERVICE_CIDRS', cidrs('AWS_EXTERNAL_SERVICE_CIDRS')],
    // GetEthernetMTU: clamped to 576..9001; unparsable is 9001.
    ['AWS_VPC_ENI_MTU', String(Math.min(Math.max(mtu, 576), 9001))],
    ['AWS_VPC_K8S_CNI_VETHPREFIX', goString(env.get('AWS_VPC_K8S_CNI_VETHPREFIX') ?? 'eni')],
    ['AWS_VPC_CNI_NODE_PORT_SUPPORT', String(goParseBool(env.get('AWS_VPC_CNI_NODE_PORT_SUPPORT'), true))],
    ['AWS_VPC_K8S_CNI_RANDOMIZESNAT', String(snat)],
  ];
  return goMap(entries, (v) => v);
}

/** ipamd's GetConfigForDebug: WARM_IP_TARGET, WARM_ENI_TARGET, custom networking, managing ENIs on unschedulable nodes. */
export function ipamdEnvJson(cluster: Cluster, env: ReadonlyMap<string, string>): string {
  const s = cluster.ipamdSettings();
  return goMap<string>([
    ['WARM_IP_TARGET', String(s.warmIpTarget)],
    ['WARM_ENI_TARGET', String(s.warmEniTarget)],
    ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', String(s.customNetworking)],
    ['AWS_MANAGE_ENIS_NON_SCHEDULABLE', String(goParseBool(env.get('AWS_MANAGE_ENIS_NON_SCHEDULABLE'), false))],
  ], (v) => v);
}

// ---- the server ---------------------------------------------------------------------------------------------

/** The aws-node pod on the node, while its containers run (ipamd serves only then). */
function awsNodeRunning(cluster: Cluster, node: Node): boolean {
  return cluster.podsOn(node).some((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'aws-node' && p.phase === 'Running');
}

/** What Go's net/http sends with a body written by one w.Write, as the handler's only output. */
function goResponse(req: HttpRequest, body: string): HttpResponse {
  const date: [string, string] = ['Date', new Date(req.at).toUTCString()];
  const type: [string, string] = ['Content-Type', 'text/plain; charset=utf-8'];
  const headers: [string, string][] = body.length <= 2048
    ? [date, ['Content-Length', String(body.length)], type]
    : [date, type, ['Transfer-Encoding', 'chunked']];
  return { status: 200, reason: 'OK', headers, body };
}

/** ipamd's introspection server on a node, when one listens at `address`:`port`. */
export function ipamdServerAt(cluster: Cluster, node: Node, address: Ipv4, port: number): HttpServer | undefined {
  if (port !== INTROSPECTION_PORT || address !== BIND_ADDRESS) return undefined;
  const env = cluster.awsNodeEnv();
  if (goParseBool(env.get('DISABLE_INTROSPECTION'), false) || !awsNodeRunning(cluster, node)) return undefined;
  return (req) => {
    // ServeMux matches the path without the query.
    const path = req.path.split('?')[0];
    const body =
      path === '/v1/enis' ? eniInfosJson(cluster, node)
      : path === '/v1/eni-configs' ? eniConfigsJson(cluster, node)
      : path === '/v1/networkutils-env-settings' ? networkutilsEnvJson(env)
      : path === '/v1/ipamd-env-settings' ? ipamdEnvJson(cluster, env)
      : `{"AvailableCommands":[${COMMANDS.map(goString).join(',')}]}`;
    return goResponse(req, body);
  };
}
