// The kernel parameters under /proc/sys that matter to a node's networking, as an EKS node (Amazon Linux 2, kernel
// 5.10) has them once it has booted and its DaemonSets have started. Who sets what:
// - the kernel's defaults (5.10: nf_conntrack_proto_tcp.c's tcp_timeouts, udp's 30 s and 120 s, the devconf
//   defaults of net/ipv4/devinet.c, ip_local_port_range 32768 60999, somaxconn 4096, tcp_rmem/tcp_wmem);
// - systemd 219's /usr/lib/sysctl.d/50-default.conf (AL2, as RHEL 7's, which kept strict mode: the switch to 2 was
//   reverted there): net.ipv4.conf.{default,all}.rp_filter = 1;
// - the EKS AMI's /etc/sysctl.d/99-kubernetes-cri.conf: net.ipv4.ip_forward = 1, which sets every device's
//   forwarding;
// - aws-node's init container (VPC CNI v1.12.6 cmd/aws-vpc-cni-init): net/ipv4/conf/eth0/rp_filter = 2 (loose, so
//   replies for pods on secondary ENIs pass) and net/ipv4/tcp_early_demux = 1, as its log says;
// - kube-proxy 1.24 with EKS's kube-proxy-config (conntrack maxPerCore 32768, min 131072, tcpEstablishedTimeout 24h,
//   tcpCloseWaitTimeout 1h): nf_conntrack_max = max(min, maxPerCore × CPUs), the hash size a quarter of it, the two
//   timeouts; in iptables mode net/ipv4/conf/all/route_localnet = 1; in ipvs mode net/ipv4/vs/conntrack,
//   expire_nodest_conn and expire_quiescent_template = 1 (conn_reuse_mode left as it is on a kernel ≥ 5.9).
// Devices a node gains later (secondary ENIs, pods' host veths, kube-ipvs0) take the `default` values; lo came up
// before systemd-sysctl ran and kept the kernel's. Values a learner writes (sysctl -w) are kept per node; the packet
// path does not follow them. Pure: no DOM, no Node APIs.
import type { Cluster } from '../cluster/cluster.ts';
import type { Node } from '../cluster/types.ts';
import { CONNTRACK_TIMEOUTS, conntrackBuckets, conntrackMax } from './conntrack.ts';
import { nodeInterfaces } from './host-network.ts';

/** How a value reads and what a write must look like: one integer, several (tab-separated when read), a word. */
export type SysctlKind = 'int' | 'ints' | 'string';

export interface SysctlEntry {
  /** Dotted name, as sysctl prints it (`net.ipv4.ip_forward`). */
  key: string;
  /** The file's text without its newline (several values tab-separated). */
  value: string;
  kind: SysctlKind;
  /** Mode 0444: nobody writes it (nf_conntrack_count). */
  readOnly?: boolean;
}

/** Per-device IPv4 settings (net.ipv4.conf.<dev>.*) the model sets; the rest of a device's 30-odd are not listed. */
function confEntries(dev: string, o: { routeLocalnet: boolean }): SysctlEntry[] {
  const rpFilter = dev === 'eth0' ? '2' : dev === 'lo' ? '0' : '1';
  const entries: [string, string][] = [
    ['accept_local', '0'],
    ['arp_announce', '0'],
    ['arp_ignore', '0'],
    ['forwarding', '1'],
    ['proxy_arp', '0'],
    ['route_localnet', dev === 'all' && o.routeLocalnet ? '1' : '0'],
    ['rp_filter', rpFilter],
    ['send_redirects', '1'],
  ];
  return entries.map(([k, value]) => ({ key: `net.ipv4.conf.${dev}.${k}`, value, kind: 'int' }));
}

/** The node's parameters as the kernel lists them: sorted name by name down the tree, as `sysctl -a` walks it. */
export function nodeSysctls(cluster: Cluster, node: Node, conntrackCount: number): SysctlEntry[] {
  const ipvs = cluster.kubeProxies.on(node.name).config.mode === 'ipvs';
  const max = String(conntrackMax(node));
  const t = CONNTRACK_TIMEOUTS;
  const int = (key: string, value: number | string): SysctlEntry => ({ key, value: String(value), kind: 'int' });
  const devices = ['all', 'default', ...nodeInterfaces(cluster, node).map((i) => i.name)];
  const list: SysctlEntry[] = [
    int('net.core.netdev_max_backlog', 1000),
    int('net.core.rmem_default', 212992),
    int('net.core.rmem_max', 212992),
    int('net.core.somaxconn', 4096),
    int('net.core.wmem_default', 212992),
    int('net.core.wmem_max', 212992),
    ...devices.flatMap((d) => confEntries(d, { routeLocalnet: !ipvs })),
    int('net.ipv4.icmp_echo_ignore_all', 0),
    int('net.ipv4.ip_default_ttl', 64),
    int('net.ipv4.ip_forward', 1),
    { key: 'net.ipv4.ip_local_port_range', value: '32768\t60999', kind: 'ints' },
    int('net.ipv4.ip_nonlocal_bind', 0),
    { key: 'net.ipv4.tcp_congestion_control', value: 'cubic', kind: 'string' },
    int('net.ipv4.tcp_early_demux', 1),
    int('net.ipv4.tcp_fin_timeout', 60),
    int('net.ipv4.tcp_keepalive_intvl', 75),
    int('net.ipv4.tcp_keepalive_probes', 9),
    int('net.ipv4.tcp_keepalive_time', 7200),
    int('net.ipv4.tcp_mtu_probing', 0),
    { key: 'net.ipv4.tcp_rmem', value: '4096\t131072\t6291456', kind: 'ints' },
    int('net.ipv4.tcp_syncookies', 1),
    int('net.ipv4.tcp_tw_reuse', 2),
    { key: 'net.ipv4.tcp_wmem', value: '4096\t16384\t4194304', kind: 'ints' },
    int('net.ipv4.udp_early_demux', 1),
    ...(ipvs
      ? [int('net.ipv4.vs.conn_reuse_mode', 1), int('net.ipv4.vs.conntrack', 1), int('net.ipv4.vs.expire_nodest_conn', 1), int('net.ipv4.vs.expire_quiescent_template', 1)]
      : []),
    int('net.netfilter.nf_conntrack_acct', 0),
    int('net.netfilter.nf_conntrack_buckets', conntrackBuckets(node)),
    int('net.netfilter.nf_conntrack_checksum', 1),
    { key: 'net.netfilter.nf_conntrack_count', value: String(conntrackCount), kind: 'int', readOnly: true },
    int('net.netfilter.nf_conntrack_events', 1),
    int('net.netfilter.nf_conntrack_generic_timeout', t.generic),
    int('net.netfilter.nf_conntrack_icmp_timeout', t.icmp),
    int('net.netfilter.nf_conntrack_log_invalid', 0),
    int('net.netfilter.nf_conntrack_max', max),
    int('net.netfilter.nf_conntrack_tcp_be_liberal', 0),
    int('net.netfilter.nf_conntrack_tcp_loose', 1),
    int('net.netfilter.nf_conntrack_tcp_max_retrans', 3),
    int('net.netfilter.nf_conntrack_tcp_timeout_close', t.CLOSE),
    int('net.netfilter.nf_conntrack_tcp_timeout_close_wait', t.CLOSE_WAIT),
    int('net.netfilter.nf_conntrack_tcp_timeout_established', t.ESTABLISHED),
    int('net.netfilter.nf_conntrack_tcp_timeout_fin_wait', t.FIN_WAIT),
    int('net.netfilter.nf_conntrack_tcp_timeout_last_ack', t.LAST_ACK),
    int('net.netfilter.nf_conntrack_tcp_timeout_max_retrans', t.MAX_RETRANS),
    int('net.netfilter.nf_conntrack_tcp_timeout_syn_recv', t.SYN_RECV),
    int('net.netfilter.nf_conntrack_tcp_timeout_syn_sent', t.SYN_SENT),
    int('net.netfilter.nf_conntrack_tcp_timeout_time_wait', t.TIME_WAIT),
    int('net.netfilter.nf_conntrack_tcp_timeout_unacknowledged', t.UNACK),
    int('net.netfilter.nf_conntrack_timestamp', 0),
    int('net.netfilter.nf_conntrack_udp_timeout', t.udp),
    int('net.netfilter.nf_conntrack_udp_timeout_stream', t.udpStream),
    // The top-level alias of nf_conntrack_max.
    int('net.nf_conntrack_max', max),
  ];
  if (node.sysctlWrites) for (const e of list) e.value = node.sysctlWrites.get(e.key) ?? e.value;
  return list.sort((a, b) => compareKeys(a.key, b.key));
}

/** procfs lists a directory's entries in name order (its rbtree's namecmp), so the walk is component by component. */
export function compareKeys(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * A write to /proc/sys as the kernel's proc handlers take it: an integer (several for a vector, stored
 * tab-separated), or a word; 'invalid' (EINVAL) otherwise, or for a port range whose low end is above its high one.
 */
export function writeSysctl(node: Node, entry: SysctlEntry, text: string): 'ok' | 'invalid' {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let value: string;
  if (entry.kind === 'string') {
    if (words.length !== 1) return 'invalid';
    value = words[0];
  } else {
    if (words.length === 0 || !words.every((w) => /^[+-]?\d+$/.test(w))) return 'invalid';
    const n = words.map(Number);
    if (entry.key === 'net.ipv4.ip_local_port_range' && (n.length !== 2 || n[0] > n[1] || n[0] < 0 || n[1] > 65535)) return 'invalid';
    value = entry.kind === 'int' ? String(n[0]) : n.join('\t');
  }
  (node.sysctlWrites ??= new Map()).set(entry.key, value);
  return 'ok';
}
