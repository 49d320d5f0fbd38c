// calicoctl v3.25 (Kubernetes datastore) on the bastion: `get ippool|nodes [-o wide]` and `ipam show
// [--show-blocks]` over the model's Calico state. Sources (projectcalico/calico v3.25.1):
// calicoctl/calicoctl/resourcemgr/ippool.go and node.go (the columns and their templates: NAT, IPIPMODE and
// VXLANMODE default to Never; a node's ASN and IPV4 only with a BGP spec, the ASN in brackets when it is the
// cluster's default 64512), commands/common/printer.go (Go's tabwriter with minwidth 5, tabwidth 1, padding 3,
// every cell tab-terminated, then a blank line), commands/ipam/show.go (olekukonko/tablewriter with borders,
// "%.5g" totals, "%.5g (%.f%%)" use). The operator's pool is default-ipv4-ippool; blocks are listed in the
// order the datastore keeps them, by their resource names (172-16-34-192-26).
import type { Cluster } from '../../model/cluster/cluster.ts';
import { cidrSize, formatCidr, formatIpv4 } from '../../model/net/ipv4.ts';
import { clusterSession } from '../session.ts';
import { cnum } from '../format/iperf3.ts';
import { tabwrite } from '../format/tabwriter.ts';
import type { Command, CommandOutput } from '../types.ts';

const POOL_NAME = 'default-ipv4-ippool';
const DEFAULT_ASN = 64512;

/** printer.go: each cell tab-terminated, tabwriter(minwidth 5, tabwidth 1, padding 3), a blank line after. */
function calicoTable(rows: string[][]): string {
  return `${tabwrite(rows.map((r) => r.map((c) => `${c}\t`).join('')).join('\n'), 3, 5)}\n\n`;
}

/** olekukonko/tablewriter's default box: headers centred, numbers right-aligned, other cells left-aligned. */
export function boxTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const centre = (s: string, w: number) => ' '.repeat(Math.floor((w - s.length) / 2)) + s + ' '.repeat(w - s.length - Math.floor((w - s.length) / 2));
  const cell = (s: string, w: number) => (/^-?\d+\.?\d*$/.test(s) ? s.padStart(w) : s.padEnd(w));
  const line = (cells: string[], f: (s: string, w: number) => string) => `|${cells.map((c, i) => ` ${f(c, widths[i])} `).join('|')}|\n`;
  return rule + line(header, centre) + rule + rows.map((r) => line(r, cell)).join('') + rule;
}

/** Go's %.5g for the counts calicoctl prints (integers below 10^5 print as they are). */
function g5(n: number): string {
  if (n < 1e5) return String(n);
  const e = Math.floor(Math.log10(n));
  return `${(n / 10 ** e).toPrecision(5).replace(/\.?0+$/, '')}e+${String(e).padStart(2, '0')}`;
}

function ippools(cluster: Cluster, wide: boolean): string {
  const c = cluster.calico!;
  const cidr = formatCidr(c.ipam.pool);
  if (!wide) return calicoTable([['NAME', 'CIDR', 'SELECTOR'], [POOL_NAME, cidr, 'all()']]);
  const vxlan = c.encapsulation === 'vxlan';
  return calicoTable([
    ['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR'],
    [POOL_NAME, cidr, 'true', vxlan ? 'Never' : 'Always', vxlan ? 'Always' : 'Never', 'false', 'false', 'all()'],
  ]);
}

function nodes(cluster: Cluster, wide: boolean): string {
  const sorted = [...cluster.nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
  if (!wide) return calicoTable([['NAME'], ...sorted.map((n) => [n.name])]);
  // With VXLAN the operator disables BGP and calico-node runs with IP=none: no BGP spec. With IPIP, BIRD needs it:
  // the autodetected address with its subnet's prefix.
  const bgp = cluster.calico!.encapsulation === 'ipip';
  return calicoTable([
    ['NAME', 'ASN', 'IPV4', 'IPV6'],
    ...sorted.map((n) => [n.name, bgp ? `(${DEFAULT_ASN})` : '', bgp ? `${formatIpv4(n.enis[0].primaryIp)}/${cluster.subnet(n.subnetId).cidr.prefix}` : '', '']),
  ]);
}

function ipamShow(cluster: Cluster, showBlocks: boolean): string {
  const ipam = cluster.calico!.ipam;
  const row = (kind: string, cidr: string, inUse: number, capacity: number) => [
    kind, cidr, g5(capacity),
    // Go's %.f: ties to even (12.5 % prints 12).
    `${g5(inUse)} (${cnum('%.0f', (100 * inUse) / capacity)}%)`,
    `${g5(capacity - inUse)} (${cnum('%.0f', (100 * (capacity - inUse)) / capacity)}%)`,
  ];
  const name = (cidr: string) => cidr.replace(/[./]/g, '-');
  const blocks = [...ipam.blocks].sort((a, b) => (name(formatCidr(a.cidr)) < name(formatCidr(b.cidr)) ? -1 : 1));
  const used = blocks.reduce((n, b) => n + b.handles.size, 0);
  const rows = [row('IP Pool', formatCidr(ipam.pool), used, cidrSize(ipam.pool))];
  if (showBlocks) for (const b of blocks) rows.push(row('Block', formatCidr(b.cidr), b.handles.size, cidrSize(b.cidr)));
  return boxTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], rows);
}

export const calicoctl: Command = {
  name: 'calicoctl',
  usage: 'calicoctl get ippool|nodes [-o wide] | calicoctl ipam show [--show-blocks]',
  hosts: ['bastion'],
  run({ args, session }): CommandOutput {
    const cluster = clusterSession(session).cluster;
    const words = args.filter((a) => !a.startsWith('-') && a !== 'wide');
    const wide = args.some((a, i) => a === '-owide' || a === '--output=wide' || ((a === '-o' || a === '--output') && args[i + 1] === 'wide'));
    if (!cluster.calico) {
      // No Calico CRDs on a VPC CNI cluster: the API server has no such resource.
      return { stdout: '', stderr: 'Failed to get resources: the server could not find the requested resource\n', exitCode: 1 };
    }
    const [verb, what] = words;
    if (verb === 'get' && what && ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'].includes(what)) return { stdout: ippools(cluster, wide), stderr: '', exitCode: 0 };
    if (verb === 'get' && what && ['node', 'nodes', 'no', 'nos'].includes(what)) return { stdout: nodes(cluster, wide), stderr: '', exitCode: 0 };
    if (verb === 'ipam' && what === 'show') return { stdout: ipamShow(cluster, args.includes('--show-blocks')), stderr: '', exitCode: 0 };
    if (verb === 'get' && what) return { stdout: '', stderr: `Failed to get resources: resource type '${what}' is not supported\n`, exitCode: 1 };
    return { stdout: '', stderr: `Invalid option: 'calicoctl ${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`, exitCode: 1 };
  },
};
