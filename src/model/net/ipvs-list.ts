// What `ipvsadm` prints of a node's IPVS table (ipvsadm 1.31's ipvsadm.c: list_all, print_title,
// print_service_entry, print_largenum; libipvs.c: ipvs_cmp_services, ipvs_cmp_dests). Pure formatting over the
// model's virtual servers and counters; the command itself (options, errors) is shell/commands/ipvsadm.ts.
import type { IpvsCounters } from './ipvs-datapath.ts';
import type { VirtualServer } from '../proxy/ipvs-rules.ts';
import { parseIpv4 } from './ipv4.ts';

export interface ListFormat {
  numeric: boolean;
  stats?: boolean;
  rate?: boolean;
  rule?: boolean;
  exact?: boolean;
}

export interface ListedDest {
  address: string;
  port: number;
  weight: number;
  activeConns: number;
  inactConns: number;
  stats: IpvsCounters;
}

export interface ListedService {
  vs: VirtualServer;
  stats: IpvsCounters;
  dests: ListedDest[];
}

/** getservbyport over Amazon Linux 2's /etc/services, for the ports Services use. */
const SERVICES: Record<string, string> = {
  '22/tcp': 'ssh', '53/tcp': 'domain', '53/udp': 'domain', '80/tcp': 'http', '443/tcp': 'https', '8080/tcp': 'webcache', '8443/tcp': 'pcsync-https',
};

const PROTO_NUMBER: Record<string, number> = { TCP: 6, UDP: 17, SCTP: 132 };

const ip32 = (a: string) => parseIpv4(a)! >>> 0;

/** libipvs compares addresses by subtracting them as unsigned 32-bit numbers and reading the result as an int:
 *  two addresses more than 2^31 apart compare the wrong way round (192.168.x.x lists before 10.100.x.x). */
const addrCmp = (a: string, b: string) => ((ip32(a) - ip32(b)) | 0);

export function compareServices(a: VirtualServer, b: VirtualServer): number {
  return PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] || addrCmp(a.address, b.address) || a.port - b.port;
}

export function compareDests(a: { address: string; port: number }, b: { address: string; port: number }): number {
  return addrCmp(a.address, b.address) || a.port - b.port;
}

/** glibc's qsort: a top-down merge sort (msort_with_tmp) that takes from the left run while cmp <= 0. With
 *  libipvs's comparison, which is not transitive, the order depends on the algorithm, so it is this one. */
export function qsort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const n1 = Math.floor(items.length / 2);
  const left = qsort(items.slice(0, n1), cmp);
  const right = qsort(items.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  return out.concat(left.slice(i), right.slice(j));
}

/** addrport_to_anyname: `ip:port`, or with name resolution the host name and the service name. */
function anyname(address: string, port: number, proto: string, f: ListFormat, hostName: (ip: string) => string | undefined): string {
  if (f.numeric) return `${address}:${port}`;
  return `${hostName(address) ?? address}:${SERVICES[`${port}/${proto.toLowerCase()}`] ?? port}`;
}

function largenum(i: number, f: ListFormat): string {
  if (f.exact) {
    const len = String(i).length;
    return String(i).padStart(len <= 8 ? 9 : len + 1);
  }
  if (i < 100000000) return String(i).padStart(9);
  if (i < 1000000000) return `${Math.floor(i / 1000)}`.padStart(8) + 'K';
  if (i < 100000000000) return `${Math.floor(i / 1000000)}`.padStart(8) + 'M';
  if (i < 100000000000000) return `${Math.floor(i / 1000000000)}`.padStart(8) + 'G';
  return `${Math.floor(i / 1000000000000)}`.padStart(8) + 'T';
}

export function titleLines(f: ListFormat): string {
  const head = 'Prot LocalAddress:Port'.padEnd(33);
  if (f.stats) return `${head} ${['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'].map((x) => x.padStart(8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  if (f.rate) return `${head} ${['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'].map((x) => x.padStart(8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  if (f.rule) return '';
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

/** print_service_entry: the service's line and its destinations', sorted. */
export function serviceLines(s: ListedService, f: ListFormat, hostName: (ip: string) => string | undefined): string {
  const vs = s.vs;
  const vname = anyname(vs.address, vs.port, vs.protocol, f, hostName);
  let out = '';
  const svcName = f.rule ? `${{ TCP: '-t', UDP: '-u', SCTP: '--sctp-service' }[vs.protocol]} ${vname}` : `${vs.protocol.padEnd(4)} ${vname}`.slice(0, 33);
  if (f.rule) out += `-A ${svcName} -s ${vs.scheduler}${vs.persistent !== undefined ? ` -p ${vs.persistent}` : ''}\n`;
  else if (f.stats || f.rate) {
    const st = f.rate ? [0, 0, 0, 0, 0] : [s.stats.conns, s.stats.inPkts, s.stats.outPkts, s.stats.inBytes, s.stats.outBytes];
    out += `${svcName.padEnd(33)}${st.map((x) => largenum(x, f)).join('')}\n`;
  } else out += `${svcName} ${vs.scheduler}${vs.persistent !== undefined ? ` persistent ${vs.persistent}` : ''}\n`;
  for (const d of qsort(s.dests, compareDests)) {
    const full = anyname(d.address, d.port, vs.protocol, f, hostName);
    const dname = f.rule ? full : full.slice(0, 28);
    if (f.rule) out += `-a ${svcName} -r ${dname} -m -w ${d.weight}\n`;
    else if (f.stats) out += `  -> ${dname.padEnd(28)}${[d.stats.conns, d.stats.inPkts, d.stats.outPkts, d.stats.inBytes, d.stats.outBytes].map((x) => largenum(x, f)).join('')}\n`;
    else if (f.rate) out += `  -> ${dname.padEnd(28)} ${'0'.padStart(8)} ${'0'.padStart(8)} ${'0'.padStart(8)}${largenum(0, f)}${largenum(0, f)}\n`;
    else out += `  -> ${dname.padEnd(28)} ${'Masq'.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.activeConns).padEnd(10)} ${String(d.inactConns).padEnd(10)}\n`;
  }
  return out;
}

/** The connection hash table's size, 2^conn_tab_bits (the ip_vs module's default, 12 bits). */
export const IPVS_CONN_TAB_SIZE = 4096;

export function listAll(services: ListedService[], f: ListFormat, hostName: (ip: string) => string | undefined): string {
  const head = f.rule ? '' : `IP Virtual Server version 1.2.1 (size=${IPVS_CONN_TAB_SIZE})\n`;
  const sorted = qsort(services, (a, b) => compareServices(a.vs, b.vs));
  return head + titleLines(f) + sorted.map((s) => serviceLines(s, f, hostName)).join('');
}
