// ipvsadm 1.31 (Amazon Linux 2 ships 1.27, whose listing code prints the same) over the node's IPVS table, which
// kube-proxy fills in ipvs mode: -L/-l (with -n, --stats, --rate, --exact, -t/-u SERVICE), -S (rule format),
// -Z (zero the counters), --version. Errors as ipvsadm.c words them: a non-root user cannot open the IPVS
// netlink family; an unknown service is libipvs's "No such service"; popt's "unknown option". On a node in
// iptables mode the table is empty (ipvsadm loads ip_vs itself).
import { parseIpv4 } from '../../model/net/ipv4.ts';
import { ipHostLabel } from '../../model/net/ipv4.ts';
import { cidrContains } from '../../model/net/ipv4.ts';
import { type ListedService, type ListFormat, listAll, serviceLines, titleLines } from '../../model/net/ipvs-list.ts';
import { rsKey, vsKey } from '../../model/net/ipvs-datapath.ts';
import { networkOf } from '../../model/net/network.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Session } from '../types.ts';
import { hostNode, runsAsRoot } from './netns.ts';

/** version(): IPVSADM_VERSION of 1.27 and the IPVS version it was compiled against. */
const VERSION = 'ipvsadm v1.27 2008/5/15 (compiled with popt and IPVS v1.2.1)\n';
/** usage_exit of ipvsadm 1.27, with SCHEDULERS and PERSISTENCE_ENGINES as its Makefile fills them in. */
const USAGE = "Usage:\n  ipvsadm -A|E -t|u|f service-address [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n  ipvsadm -D -t|u|f service-address\n  ipvsadm -C\n  ipvsadm -R\n  ipvsadm -S [-n]\n  ipvsadm -a|e -t|u|f service-address -r server-address [options]\n  ipvsadm -d -t|u|f service-address -r server-address\n  ipvsadm -L|l [options]\n  ipvsadm -Z [-t|u|f service-address]\n  ipvsadm --set tcp tcpfin udp\n  ipvsadm --start-daemon state [--mcast-interface interface] [--syncid sid]\n  ipvsadm --stop-daemon state\n  ipvsadm -h\n\nCommands:\nEither long or short options are allowed.\n  --add-service     -A        add virtual service with options\n  --edit-service    -E        edit virtual service with options\n  --delete-service  -D        delete virtual service\n  --clear           -C        clear the whole table\n  --restore         -R        restore rules from stdin\n  --save            -S        save rules to stdout\n  --add-server      -a        add real server with options\n  --edit-server     -e        edit real server with options\n  --delete-server   -d        delete real server\n  --list            -L|-l     list the table\n  --zero            -Z        zero counters in a service or all services\n  --set tcp tcpfin udp        set connection timeout values\n  --start-daemon              start connection sync daemon\n  --stop-daemon               stop connection sync daemon\n  --help            -h        display this help message\n\nOptions:\n  --tcp-service  -t service-address   service-address is host[:port]\n  --udp-service  -u service-address   service-address is host[:port]\n  --fwmark-service  -f fwmark         fwmark is an integer greater than zero\n  --ipv6         -6                   fwmark entry uses IPv6\n  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq,\n                                      the default scheduler is wlc.\n  --pe            engine              alternate persistence engine may be sip,\n                                      not set by default.\n  --persistent   -p [timeout]         persistent service\n  --netmask      -M netmask           persistent granularity mask\n  --real-server  -r server-address    server-address is host (and port)\n  --gatewaying   -g                   gatewaying (direct routing) (default)\n  --ipip         -i                   ipip encapsulation (tunneling)\n  --masquerading -m                   masquerading (NAT)\n  --weight       -w weight            capacity of real server\n  --u-threshold  -x uthreshold        upper threshold of connections\n  --l-threshold  -y lthreshold        lower threshold of connections\n  --mcast-interface interface         multicast interface for connection sync\n  --syncid sid                        syncid for connection sync (default=255)\n  --connection   -c                   output of current IPVS connections\n  --timeout                           output of timeout (tcp tcpfin udp)\n  --daemon                            output of daemon information\n  --stats                             output of statistics information\n  --rate                              output of rate information\n  --exact                             expand numbers (display exact values)\n  --thresholds                        output of thresholds information\n  --persistent-conn                   output of persistent connection info\n  --nosort                            disable sorting output of service/server entries\n  --sort                              does nothing, for backwards compatibility\n  --ops          -o                   one-packet scheduling\n  --numeric      -n                   numeric output of addresses and ports\n  --sched-flags  -b flags             scheduler flags (comma-separated)\n";

const fail = (message: string, exitCode = 2): CommandOutput => ({ stdout: '', stderr: `${message}\n`, exitCode });
const tryHelp = (prefix: string): CommandOutput => ({ stdout: '', stderr: `${prefix}Try \`ipvsadm -h' or 'ipvsadm --help' for more information.\n`, exitCode: 255 });

interface Request {
  command?: 'list' | 'save' | 'zero' | 'version' | 'help';
  format: ListFormat;
  service?: { protocol: 'TCP' | 'UDP' | 'SCTP'; text: string };
}

const LONG: Record<string, string> = {
  list: 'L', numeric: 'n', save: 'S', zero: 'Z', version: 'v', help: 'h', 'tcp-service': 't', 'udp-service': 'u', 'sctp-service': 'sctp',
  stats: 'stats', rate: 'rate', exact: 'exact',
};

function parse(args: string[]): Request | CommandOutput {
  const req: Request = { format: { numeric: false } };
  const setCommand = (c: Request['command']): CommandOutput | undefined => {
    // set_command: a second command is refused.
    if (req.command && req.command !== c) return fail('multiple commands specified');
    req.command = c;
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let opts: string[];
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      const o = Object.hasOwn(LONG, name) ? LONG[name] : undefined;
      if (!o) return tryHelp(`${a}: unknown option\n`);
      opts = [o];
      if (['t', 'u', 'sctp'].includes(o) && a.includes('=')) args = [...args.slice(0, i + 1), a.slice(a.indexOf('=') + 1), ...args.slice(i + 1)];
    } else if (a.startsWith('-') && a.length > 1) opts = [...a.slice(1)];
    else return fail(`unexpected argument ${a}`);
    for (const o of opts) {
      let out: CommandOutput | undefined;
      switch (o) {
        case 'L': case 'l': out = setCommand('list'); break;
        case 'S': out = setCommand('save'); break;
        case 'Z': out = setCommand('zero'); break;
        case 'v': out = setCommand('version'); break;
        case 'h': out = setCommand('help'); break;
        case 'n': req.format.numeric = true; break;
        case 'stats': req.format.stats = true; break;
        case 'rate': req.format.rate = true; break;
        case 'exact': req.format.exact = true; break;
        case 't': case 'u': case 'sctp': {
          const text = args[++i];
          if (text === undefined) return tryHelp(`${a}: missing argument\n`);
          req.service = { protocol: o === 't' ? 'TCP' : o === 'u' ? 'UDP' : 'SCTP', text };
          break;
        }
        default: return tryHelp(`-${o}: unknown option\n`);
      }
      if (out) return out;
    }
  }
  return req;
}

export const ipvsadm: Command = {
  name: 'ipvsadm',
  usage: 'ipvsadm -L|-l [-n] [--stats|--rate] [--exact] [-t|-u VIP:PORT] | ipvsadm -S [-n] | ipvsadm -Z',
  hosts: ['node'],
  complete: () => ['-L', '-l', '-n', '--stats', '--rate', '--exact', '-t', '-u', '-S', '-Z', '--version'],
  run({ args, session }) {
    const req = parse(args);
    if ('exitCode' in req) return req;
    if (req.command === 'version') return { stdout: VERSION, stderr: '', exitCode: 0 };
    if (req.command === 'help') return { stdout: VERSION + USAGE, stderr: '', exitCode: 0 };
    if (!runsAsRoot(session)) return fail("Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?");
    const node = hostNode(session);
    const cluster = clusterSession(session).cluster;
    if (!node) return fail("Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?");
    const net = networkOf(cluster);
    const ipvs = net.ipvs(node);
    const now = session.now();
    if (req.command === 'zero') {
      // ip_vs_zero_all: the counters go back to 0 (kept per virtual and real server).
      for (const vs of ipvs?.proxy.virtualServers ?? []) {
        const k = vsKey(vs.protocol, vs.address, vs.port);
        for (const c of [net.ipvsKernel.stats(node.name, k), ...vs.reals.map((r) => net.ipvsKernel.stats(node.name, k, rsKey(r)))]) Object.assign(c, { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 });
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    const conns = net.conntrack(node.name).list(now).filter((c) => c.ipvs);
    const listed: ListedService[] = (ipvs?.proxy.virtualServers ?? []).map((vs) => {
      const k = vsKey(vs.protocol, vs.address, vs.port);
      return {
        vs, stats: net.ipvsKernel.stats(node.name, k),
        dests: vs.reals.map((r) => {
          const mine = conns.filter((c) => c.ipvs!.vs === k && c.ipvs!.rs === rsKey(r));
          const active = mine.filter((c) => c.tcpState === 'ESTABLISHED').length;
          return { address: r.address, port: r.port, weight: r.weight, activeConns: active, inactConns: mine.length - active, stats: net.ipvsKernel.stats(node.name, k, rsKey(r)) };
        }),
      };
    });
    // The VPC's resolver names the VPC's addresses; ClusterIPs have no PTR record.
    const hostName = (ip: string) => {
      const a = parseIpv4(ip);
      return a !== undefined && cidrContains(cluster.vpc.cidr, a) ? `${ipHostLabel(a)}.${cluster.region}.compute.internal` : undefined;
    };
    const format: ListFormat = req.command === 'save' ? { ...req.format, rule: true } : req.format;
    if (req.service) {
      const [addr, port] = req.service.text.split(':');
      const ip = parseIpv4(addr);
      if (ip === undefined) return fail(`illegal virtual server address[:port] specified`);
      const found = listed.find((s) => s.vs.protocol === req.service!.protocol && s.vs.address === addr && s.vs.port === Number(port ?? 0));
      if (!found) return fail('No such service', 1);
      return { stdout: titleLines(format) + serviceLines(found, format, hostName), stderr: '', exitCode: 0 };
    }
    return { stdout: listAll(listed, format, hostName), stderr: '', exitCode: 0 };
  },
};
