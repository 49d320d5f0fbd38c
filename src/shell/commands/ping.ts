// iputils ping (s20161105 on Amazon Linux 2; the netshoot image's is the same shape): echo requests through the
// simulated datapath, one per interval, replies with their TTL and round-trip time, then the statistics. It is a
// Process: a terminal sees each reply when model time reaches it, and Ctrl-C prints the statistics early.
import type { Cluster } from '../../model/cluster/cluster.ts';
import { internetHostByIp } from '../../model/net/internet.ts';
import { formatIpv4, type Ipv4, parseIpv4 } from '../../model/net/ipv4.ts';
import { type Endpoint, type Network, networkOf, pingExchange } from '../../model/net/network.ts';
import { podMtu } from '../../model/net/host-network.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Emission, Process } from '../types.ts';
import { currentEndpoint } from './netns.ts';

/** iputils prints 3 significant digits: 0.061, 1.78, 33.0, 104. */
export function formatTripTime(ms: number): string {
  const us = Math.round(ms * 1000);
  if (us >= 100_000 - 50) return String(Math.round(us / 1000));
  if (us >= 10_000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(us).padStart(3, '0')}`;
}

interface PingOptions {
  count?: number;
  intervalMs: number;
  /** -W: how long to wait for a reply after the last request. */
  waitMs: number;
  size: number;
  numeric: boolean;
  quiet: boolean;
  /** -M do: the DF bit set and no local fragmentation; with the sending interface's MTU. */
  pmtuDo?: boolean;
  mtu?: number;
}

interface Sent {
  seq: number;
  at: number;
  replyAt?: number;
  ttl?: number;
  /** An ICMP error about this request (time exceeded), from this address. */
  errorFrom?: Ipv4;
  /** sendmsg failed with EMSGSIZE: the packet is larger than the interface's MTU and may not be fragmented. */
  localError?: number;
}

class PingProcess implements Process {
  private readonly net: Network;
  private readonly from: Endpoint;
  private readonly target: Ipv4;
  private readonly label: string;
  private readonly replyName: string;
  private readonly o: PingOptions;
  private readonly command: string;
  private readonly id: number;
  private readonly start: number;
  private readonly sent: Sent[] = [];
  private finished = false;
  private code = 0;

  constructor(cluster: Cluster, from: Endpoint, target: Ipv4, label: string, replyName: string, o: PingOptions, command: string) {
    this.net = networkOf(cluster);
    this.command = command;
    this.from = from;
    this.target = target;
    this.label = label;
    this.replyName = replyName;
    this.o = o;
    // Unprivileged ping sockets get their echo id from the kernel, like a port.
    this.id = this.net.randomInt(1, 65535);
    this.start = cluster.now;
  }

  get done(): boolean {
    return this.finished;
  }

  get exitCode(): number {
    return this.code;
  }

  private nextSendAt(): number {
    if (this.o.count !== undefined && this.sent.length >= this.o.count) return Infinity;
    return this.start + this.sent.length * this.o.intervalMs;
  }

  /** With -c, ping ends once every reply is in, or -W after the last request. */
  private endAt(): number {
    if (this.o.count === undefined || this.sent.length < this.o.count) return Infinity;
    const last = this.sent[this.sent.length - 1];
    // iputils stops once replies and errors account for every request.
    const allIn = this.sent.every((s) => s.replyAt !== undefined || s.localError !== undefined);
    return allIn ? this.sent.reduce((m, s) => Math.max(m, s.replyAt ?? s.at), -Infinity) : last.at + this.o.waitMs;
  }

  nextAt(): number {
    if (this.finished) return Infinity;
    const pendingReplies = this.sent.filter((s) => s.replyAt !== undefined && !this.reported.has(s.seq)).map((s) => s.replyAt!);
    return Math.min(this.nextSendAt(), this.endAt(), ...pendingReplies);
  }

  private readonly reported = new Set<number>();

  runUntil(until: number): Emission[] {
    const out: Emission[] = [];
    while (!this.finished) {
      const sendAt = this.nextSendAt();
      if (sendAt <= until) {
        this.send(sendAt);
        continue;
      }
      break;
    }
    for (const s of this.sent) {
      if (this.reported.has(s.seq)) continue;
      if (s.localError !== undefined) {
        this.reported.add(s.seq);
        // ping_common.c receive_error_msg: error(0, 0, "local error: message too long, mtu=%u").
        if (!this.o.quiet) out.push({ at: s.at, stream: 'err', text: `ping: local error: message too long, mtu=${s.localError}\n` });
        continue;
      }
      if (s.replyAt !== undefined && s.replyAt <= until) {
        this.reported.add(s.seq);
        if (!this.o.quiet) out.push({ at: s.replyAt, stream: 'out', text: this.replyLine(s) });
      }
    }
    if (!this.finished && this.endAt() <= until) out.push(...this.stats(this.endAt()));
    return out;
  }

  interrupt(): Emission[] {
    if (this.finished) return [];
    return this.stats(this.net.cluster.now);
  }

  header(): string {
    return `PING ${this.label} (${formatIpv4(this.target)}) ${this.o.size}(${this.o.size + 28}) bytes of data.\n`;
  }

  private send(at: number): void {
    const seq = this.sent.length + 1;
    const entry: Sent = { seq, at };
    this.sent.push(entry);
    // IP header 20 + ICMP header 8 + data: with DF and no fragmenting, more than the MTU never leaves the socket.
    if (this.o.pmtuDo && this.o.mtu !== undefined && this.o.size + 28 > this.o.mtu) {
      entry.localError = this.o.mtu;
      return;
    }
    const { there, back } = pingExchange(this.net, this.from, this.target, at, { id: this.id, seq, size: this.o.size });
    if (seq === 1) this.net.lastPing = { command: this.command, there, back };
    const error = there.errors.find((e) => e.receiver && e.received?.icmp?.type === 'time-exceeded');
    if (error) entry.errorFrom = error.received!.src;
    const sender = this.net.sourceAddress(this.from, this.target);
    if (back?.receiver && back.received && this.net.hostKey(back.receiver) === this.net.hostKey(this.from) && back.received.dst === sender) {
      entry.replyAt = back.at;
      entry.ttl = back.received.ttl;
    }
  }

  private replyLine(s: Sent): string {
    const who = this.replyName ? `${this.replyName} (${formatIpv4(this.target)})` : formatIpv4(this.target);
    return `${this.o.size + 8} bytes from ${who}: icmp_seq=${s.seq} ttl=${s.ttl} time=${formatTripTime(s.replyAt! - s.at)} ms\n`;
  }

  private stats(at: number): Emission[] {
    this.finished = true;
    const transmitted = this.sent.length;
    const replied = this.sent.filter((s) => s.replyAt !== undefined && s.replyAt <= at);
    const errors = this.sent.filter((s) => s.errorFrom !== undefined || s.localError !== undefined).length;
    const loss = transmitted === 0 ? 0 : Math.round(((transmitted - replied.length) / transmitted) * 100);
    // iputils measures from the first request to the last; a real clock adds a millisecond per interval.
    const elapsed = transmitted > 1 ? Math.round(this.sent[transmitted - 1].at - this.sent[0].at) + (transmitted - 1) : 0;
    let text = `\n--- ${this.label} ping statistics ---\n`;
    text += `${transmitted} packets transmitted, ${replied.length} received${errors ? `, +${errors} errors` : ''}, ${loss}% packet loss, time ${elapsed}ms\n`;
    if (replied.length) {
      const times = replied.map((s) => s.replyAt! - s.at);
      const avg = times.reduce((a, b) => a + b, 0) / times.length;
      const mdev = Math.sqrt(Math.max(0, times.reduce((a, b) => a + b * b, 0) / times.length - avg * avg));
      text += `rtt min/avg/max/mdev = ${times.reduce((a, b) => Math.min(a, b)).toFixed(3)}/${avg.toFixed(3)}/${times.reduce((a, b) => Math.max(a, b)).toFixed(3)}/${mdev.toFixed(3)} ms\n`;
    }
    this.code = replied.length ? 0 : 1;
    return [{ at, stream: 'out', text }];
  }
}

function usage(message: string): CommandOutput {
  return {
    stdout: '', exitCode: 2,
    stderr: `ping: ${message}\nUsage: ping [-aAbBdDfhLnOqrRUvV64] [-c count] [-i interval] [-I interface]\n            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n            [-w deadline] [-W timeout] [hop1 ...] destination\n`,
  };
}

export const ping: Command = {
  name: 'ping',
  usage: 'ping [-c count] [-i interval] [-W timeout] [-s size] [-n] [-q] destination',
  run({ args, session }) {
    // iputils' getopt: value options take the next word or the rest of their own (-c2); flags combine (-nq).
    const values: { c?: string; i?: string; W?: string; s?: string; M?: string; n?: boolean; q?: boolean } = {};
    const positionals: string[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (!a.startsWith('-') || a === '-') {
        positionals.push(a);
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'n' || f === 'q') values[f] = true;
        else if (f === 'c' || f === 'i' || f === 'W' || f === 's' || f === 'M') {
          const v = a.slice(j + 1) || args[++k];
          if (v === undefined) return usage(`option requires an argument -- '${f}'`);
          values[f] = v;
          break;
        } else return usage(`invalid option -- '${f}'`);
      }
    }
    const dest = positionals[positionals.length - 1];
    if (!dest) return usage('usage error: Destination address required');
    const count = values.c === undefined ? undefined : Number(values.c);
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) return { stdout: '', stderr: `ping: bad number of packets to transmit.\n`, exitCode: 2 };
    const interval = values.i === undefined ? 1 : Number(values.i);
    if (!(interval >= 0.2)) return { stdout: '', stderr: 'ping: cannot flood; minimal interval allowed for user is 200ms\n', exitCode: 2 };
    const wait = values.W === undefined ? 10 : Number(values.W);
    if (!(wait >= 0)) return { stdout: '', stderr: `ping: bad linger time.\n`, exitCode: 2 };
    const size = values.s === undefined ? 56 : Number(values.s);
    if (!Number.isInteger(size) || size < 0 || size > 65507) return { stdout: '', stderr: `ping: illegal negative packet size ${values.s}.\n`, exitCode: 2 };

    // iputils: -M do | want | dont | probe.
    if (values.M !== undefined && !['do', 'want', 'dont', 'probe'].includes(values.M)) return { stdout: '', stderr: 'ping: wrong value for -M: do, dont, want are valid ones.\n', exitCode: 2 };
    const cluster = clusterSession(session).cluster;
    const net = networkOf(cluster);
    const from = currentEndpoint(session);
    // The sending interface's MTU: a pod's eth0 (the CNI's), a node's eth0 (9001).
    const mtu = from.kind === 'pod' ? podMtu(cluster) : from.kind === 'node' ? 9001 : undefined;
    const target = net.resolve(dest);
    if (target === undefined) return { stdout: '', stderr: `ping: ${dest}: Name or service not known\n`, exitCode: 2 };
    const byName = parseIpv4(dest) === undefined;
    // Given a name, ping prints the reply's reverse name (the internet hosts have one; nodes resolve to their DNS name).
    const reverse = byName && !values.n ? internetHostByIp(target)?.reverseName ?? dest : '';
    const process = new PingProcess(cluster, from, target, dest, reverse, {
      count, intervalMs: interval * 1000, waitMs: wait * 1000, size, numeric: values.n ?? false, quiet: values.q ?? false,
      ...(values.M === 'do' && mtu !== undefined ? { pmtuDo: true, mtu } : {}),
    }, ['ping', ...args].join(' '));
    return { stdout: process.header(), stderr: '', exitCode: 0, process };
  },
};
