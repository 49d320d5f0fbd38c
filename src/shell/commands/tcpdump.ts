// tcpdump on the host the shell is on: it sees each packet where that host's kernel does (a forwarded packet on
// the way in and on the way out, so `-i any` prints it twice and `-i eth0` once), printed by tcpdump-format.ts
// and filtered by pcap-filter.ts. It is a Process that only reacts: packets that other commands (or another
// terminal) send while it runs.
import { networkOf, type Capture } from '../../model/net/network.ts';
import { compileFilter, type LibpcapFlavor } from '../../model/net/pcap-filter.ts';
import { captureHeader, captureSummary, TcpdumpFormatter } from '../../model/net/tcpdump-format.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Emission, Process } from '../types.ts';
import { currentEndpoint, currentNetns, runsAsRoot } from './netns.ts';

interface Options {
  device?: string;
  count?: number;
  link: boolean;
  numeric: boolean;
  verbose: boolean;
  expression: string;
}

const USAGE = `Usage: tcpdump [-aAbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ -j tstamptype ] [ -M secret ] [ --number ]
\t\t[ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ --time-stamp-precision precision ]
\t\t[ --immediate-mode ] [ -T type ] [ --version ] [ -V file ]
\t\t[ -w file ] [ -W filecount ] [ -y datalinktype ] [ -z postrotate-command ]
\t\t[ -Z user ] [ expression ]
`;

function parse(args: string[]): Options | CommandOutput {
  const o: Options = { link: false, numeric: false, verbose: false, expression: '' };
  const rest: string[] = [];
  // glibc's getopt permutes: options may follow the filter words (`tcpdump -i any icmp -c 8`), up to `--`.
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') {
      rest.push(...args.slice(k + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (f === 'n') o.numeric = true;
      else if (f === 'e') o.link = true;
      else if (f === 'v') o.verbose = true;
      else if (f === 'l' || f === 'q' || f === 'S' || f === 'p') continue;
      else if (f === 'i' || f === 'c' || f === 's') {
        const v = a.slice(j + 1) || args[++k];
        if (v === undefined) return { stdout: '', stderr: `tcpdump: option requires an argument -- '${f}'\n${USAGE}`, exitCode: 1 };
        if (f === 'i') o.device = v;
        else if (f === 'c') {
          const n = Number(v);
          if (!Number.isInteger(n) || n <= 0) return { stdout: '', stderr: `tcpdump: invalid packet count ${v}\n`, exitCode: 1 };
          o.count = n;
        }
        break;
      } else return { stdout: '', stderr: `tcpdump: invalid option -- '${f}'\n${USAGE}`, exitCode: 1 };
    }
  }
  o.expression = rest.join(' ');
  return o;
}

class Tcpdump implements Process {
  private readonly queue: Capture[] = [];
  private readonly unsubscribe: () => void;
  private readonly formatter = new TcpdumpFormatter();
  private readonly o: Options;
  private captured = 0;
  private finished = false;
  private readonly nowFn: () => number;

  constructor(subscribe: (l: (c: Capture) => void) => () => void, accept: (c: Capture) => boolean, o: Options, now: () => number) {
    this.o = o;
    this.nowFn = now;
    this.unsubscribe = subscribe((c) => {
      if (!this.finished && accept(c)) this.queue.push(c);
    });
  }

  get done(): boolean {
    return this.finished;
  }

  get exitCode(): number {
    return 0;
  }

  nextAt(): number {
    // It never moves time itself, but a capture already on its way is due when the clock gets there.
    return Infinity;
  }

  runUntil(until: number): Emission[] {
    const out: Emission[] = [];
    this.queue.sort((a, b) => a.at - b.at);
    while (!this.finished && this.queue.length && this.queue[0].at <= until) {
      const c = this.queue.shift()!;
      this.captured++;
      const link = this.o.link ? { srcMac: c.srcMac, dstMac: c.dstMac, direction: c.direction, cooked: this.o.device === 'any' } : undefined;
      out.push({ at: c.at, stream: 'out', text: `${this.formatter.line({ at: c.at, packet: c.packet, link })}\n` });
      if (this.o.count !== undefined && this.captured >= this.o.count) out.push(...this.stop(c.at, false));
    }
    return out;
  }

  interrupt(): Emission[] {
    if (this.finished) return [];
    return this.stop(this.nowFn(), true);
  }

  private stop(at: number, interrupted: boolean): Emission[] {
    this.finished = true;
    this.unsubscribe();
    const counts = { captured: this.captured, received: this.captured, dropped: 0 };
    return [
      ...(interrupted ? [{ at, stream: 'out' as const, text: '\n' }] : []),
      { at, stream: 'err', text: captureSummary(counts).map((l) => `${l}\n`).join('') },
    ];
  }
}

export const tcpdump: Command = {
  name: 'tcpdump',
  usage: 'tcpdump [-i interface] [-n] [-nn] [-e] [-c count] [expression]',
  run({ args, session }) {
    const parsed = parse(args);
    if ('exitCode' in parsed) return parsed;
    const o = parsed;
    const cluster = clusterSession(session).cluster;
    const net = networkOf(cluster);
    const interfaces = currentNetns(session).interfaces;
    const device = o.device ?? interfaces.find((i) => i.kind !== 'loopback')?.name ?? 'eth0';
    if (!runsAsRoot(session)) {
      return { stdout: '', stderr: `tcpdump: ${device}: You don't have permission to capture on that device\n(socket: Operation not permitted)\n`, exitCode: 1 };
    }
    if (device !== 'any' && !interfaces.some((i) => i.name === device)) {
      return { stdout: '', stderr: `tcpdump: ${device}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`, exitCode: 1 };
    }
    const here = currentEndpoint(session);
    const flavor: LibpcapFlavor = here.kind === 'pod' ? '1.10' : '1.5';
    const filter = compileFilter(o.expression, (name) => net.resolve(name), { libpcap: flavor });
    if (!filter.ok) return { stdout: '', stderr: `tcpdump: ${filter.error}\n`, exitCode: 1 };
    const hostKey = net.hostKey(here);
    const start = cluster.now;
    const accept = (c: Capture) => c.host === hostKey && c.at >= start && (device === 'any' || c.iface === device) && filter.match(c.packet);
    const process = new Tcpdump((l) => net.onCapture(l), accept, { ...o, device }, () => cluster.now);
    // Pods print the node's tcpdump 4.9 format too (netshoot's 4.99 adds interface names to `-i any` lines).
    return { stdout: '', stderr: captureHeader(device, { verbose: o.verbose }).map((l) => `${l}\n`).join(''), exitCode: 0, process };
  },
};
