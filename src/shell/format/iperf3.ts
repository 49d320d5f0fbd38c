// iperf3 3.12's output, as its sources write it (esnet/iperf tag 3.12): src/iperf_locale.c (every line format),
// src/units.c unit_snprintf (Transfer in binary KBytes/MBytes/GBytes, Bitrate in decimal Kbits/Mbits/Gbits, four
// places), src/iperf_api.c iperf_print_intermediate / print_interval_results / iperf_print_results (which lines each
// side prints: headers, the separator between intervals of several streams, [SUM] lines, the sender and receiver
// summaries, the server's one-sided summary) and the JSON objects it builds, and cJSON 1.7.15's cJSON_Print (tabs,
// numbers with %1.15g, or %1.17g when that does not read back the same). Debian 12's iperf3 is 3.12 (the Debian
// bookworm base of networkstatic/iperf3); tests/conformance/iperf3-differential.test.ts compares these shapes with
// the real binary's on loopback.
import { IPERF3_VERSION, type Iperf3Interval, type Iperf3Run, TCP_CONGESTION } from '../../model/net/iperf3.ts';
import { formatIpv4 } from '../../model/net/ipv4.ts';
import { packetCosts } from '../../model/net/throughput.ts';
import { formatFloat, type Spec } from '../commands/printf.ts';

/** printf's %[flags][width][.precision]conversion of one number. */
export function cnum(format: string, value: number): string {
  const m = /^%([-+ #0]*)(\d*)(?:\.(\d+))?([fgde])$/.exec(format);
  if (!m) throw new Error(`cnum: ${format}`);
  if (m[4] === 'd') return String(Math.trunc(value)).padStart(Number(m[2] || 0), ' ');
  const spec: Spec = { flags: m[1], conversion: m[4], ...(m[2] ? { width: Number(m[2]) } : {}), ...(m[3] !== undefined ? { precision: Number(m[3]) } : {}) };
  return formatFloat(spec, value);
}

const BYTE_LABELS = ['Byte', 'KByte', 'MByte', 'GByte', 'TByte'];
const BIT_LABELS = ['bit', 'Kbit', 'Mbit', 'Gbit', 'Tbit'];

/**
 * unit_snprintf: `bytes` as a Transfer ('A': adaptive bytes, 1024 steps) or a per-second figure as a Bitrate
 * ('a': adaptive bits, 1000 steps; 'k' 'm' 'g' 't' fixed bits, 'K' 'M' 'G' 'T' fixed bytes, as -f picks).
 * The caller appends "s" or "s/sec" as iperf3's formats do.
 */
export function unitText(value: number, format = 'A'): string {
  const upper = format === format.toUpperCase();
  let n = upper ? value : value * 8;
  const step = upper ? 1024 : 1000;
  const fixed = 'BKMGT'.indexOf(format.toUpperCase());
  let conv = 0;
  if (fixed >= 0 && format.toUpperCase() !== 'A') conv = fixed;
  else {
    let t = n;
    while (t >= (upper ? 1024 : 1000) && conv < 4) {
      t /= step;
      conv++;
    }
  }
  n /= step ** conv;
  const f = n < 9.995 ? '%4.2f' : n < 99.95 ? '%4.1f' : '%4.0f';
  return `${cnum(f, n)} ${(upper ? BYTE_LABELS : BIT_LABELS)[conv]}`;
}

const range = (st: number, et: number) => `${cnum('%6.2f', st)}-${cnum('%-6.2f', et)}`;
const id = (socket: number | 'SUM') => (socket === 'SUM' ? '[SUM]' : `[${String(socket).padStart(3, ' ')}]`);

export const SEPARATOR = '- - - - - - - - - - - - - - - - - - - - - - - - -';
export const HEADER = {
  bw: '[ ID] Interval           Transfer     Bitrate',
  bwRetr: '[ ID] Interval           Transfer     Bitrate         Retr',
  bwRetrCwnd: '[ ID] Interval           Transfer     Bitrate         Retr  Cwnd',
  udp: '[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams',
  udpSender: '[ ID] Interval           Transfer     Bitrate         Total Datagrams',
};

/** One line of a report: the figures iperf3 formats. `unit` is -f's letter (default 'a'). */
export interface LineFigures {
  socket: number | 'SUM';
  start: number;
  end: number;
  bytes: number;
  seconds: number;
  unit: string;
}

function transferAndRate(f: LineFigures): string {
  const rate = f.seconds > 0 ? f.bytes / f.seconds : 0;
  return `${unitText(f.bytes, 'A')}s  ${unitText(rate, f.unit)}s/sec`;
}

/** report_bw_format / report_sum_bw_format. */
export function bwLine(f: LineFigures, tail = ''): string {
  return `${id(f.socket)} ${range(f.start, f.end)} sec  ${transferAndRate(f)}                  ${tail}`;
}

/** report_bw_retrans_format / report_sum_bw_retrans_format (%3u / %3d retransmits). */
export function bwRetrLine(f: LineFigures, retr: number, tail = ''): string {
  return `${id(f.socket)} ${range(f.start, f.end)} sec  ${transferAndRate(f)}  ${String(retr).padStart(3, ' ')}             ${tail}`;
}

/** report_bw_retrans_cwnd_format: the congestion window as unit_snprintf 'A'. */
export function bwRetrCwndLine(f: LineFigures, retr: number, cwnd: number): string {
  return `${id(f.socket)} ${range(f.start, f.end)} sec  ${transferAndRate(f)}  ${String(retr).padStart(3, ' ')}   ${unitText(cwnd, 'A')}s       `;
}

/** report_bw_udp_format: jitter %5.3f ms, lost/total, (%.2g%%). */
export function udpLine(f: LineFigures, jitterMs: number, lost: number, total: number, tail = ''): string {
  const pct = total > 0 ? (100 * lost) / total : 0;
  return `${id(f.socket)} ${range(f.start, f.end)} sec  ${transferAndRate(f)}  ${cnum('%5.3f', jitterMs)} ms  ${lost}/${total} (${cnum('%.2g', pct)}%)  ${tail}`;
}

/** report_bw_udp_sender_format. */
export function udpSenderLine(f: LineFigures, packets: number): string {
  return `${id(f.socket)} ${range(f.start, f.end)} sec  ${transferAndRate(f)}  ${packets}  `;
}

// ---- cJSON ------------------------------------------------------------------------------------------------

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** cJSON's print_number: an integer as %d when it fits an int, else %1.15g, or %1.17g when %1.15g loses bits. */
export function cjsonNumber(d: number): string {
  if (!Number.isFinite(d)) return 'null';
  if (Number.isInteger(d) && d >= -2147483648 && d <= 2147483647) return String(d);
  const short = cnum('%1.15g', d);
  return Number(short) === d ? short : cnum('%1.17g', d);
}

/** cJSON_Print (formatted): objects one member a line indented by tabs, `"key":\tvalue`; arrays on one line. */
export function cjsonPrint(v: JsonValue, depth = 1): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return cjsonNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => cjsonPrint(x, depth + 1)).join(', ')}]`;
  const tabs = '\t'.repeat(depth);
  const members = Object.entries(v).map(([k, x]) => `${tabs}${JSON.stringify(k)}:\t${cjsonPrint(x, depth + 1)}`);
  return `{\n${members.join(',\n')}${members.length ? '\n' : ''}${'\t'.repeat(depth - 1)}}`;
}

// ---- reports of a run ---------------------------------------------------------------------------------------

/** A line printed at a model time (ms). */
export interface TimedLine {
  at: number;
  text: string;
}

type Role = 'client' | 'server';

/** Whether this side sends: the client unless -R. */
const sends = (run: Iperf3Run, role: Role) => (role === 'client') !== run.options.reverse;

function figures(socket: number | 'SUM', iv: Pick<Iperf3Interval, 'start' | 'end' | 'bytes'>, unit: string): LineFigures {
  return { socket, start: iv.start, end: iv.end, bytes: iv.bytes, seconds: iv.end - iv.start, unit };
}

/** The interval lines one side prints (print_interval_results, iperf_print_intermediate), each at its time. */
function intervalLines(run: Iperf3Run, role: Role, unit: string): TimedLine[] {
  const o = run.options;
  const sender = sends(run, role);
  const many = run.streams.length > 1;
  const socketOf = (i: number) => (role === 'client' ? run.streams[i].clientSocket : run.streams[i].serverSocket);
  const series = run.streams.map((s) => (sender ? s.sent : s.received));
  const out: TimedLine[] = [];
  for (let k = 0; k < series[0].length; k++) {
    const at = run.startAt + series[0][k].end * 1000;
    const lines: string[] = [];
    if (k === 0) {
      lines.push(o.udp ? (sender ? HEADER.udpSender : HEADER.udp) : sender ? HEADER.bwRetrCwnd : HEADER.bw);
    } else if (many) lines.push(SEPARATOR);
    let bytes = 0;
    let retr = 0;
    let packets = 0;
    let lost = 0;
    let jitter = 0;
    for (const [i, s] of series.entries()) {
      const iv = s[k];
      const f = figures(socketOf(i), iv, unit);
      bytes += iv.bytes;
      retr += iv.retr;
      packets += iv.packets;
      lost += iv.lost;
      jitter += iv.jitterMs;
      if (o.udp) lines.push(sender ? udpSenderLine(f, iv.packets) : udpLine(f, iv.jitterMs, iv.lost, iv.packets));
      else lines.push(sender ? bwRetrCwndLine(f, iv.retr, iv.cwnd) : bwLine(f));
    }
    if (many) {
      const f = figures('SUM', { ...series[0][k], bytes }, unit);
      if (o.udp) lines.push(sender ? udpSenderLine(f, packets) : udpLine(f, jitter / series.length, lost, packets));
      else lines.push(sender ? bwRetrLine(f, retr) : bwLine(f));
    }
    out.push({ at, text: lines.map((l) => l + '\n').join('') });
  }
  return out;
}

/** iperf_print_results: the separator, the summary header, per stream the sender and receiver lines, [SUM]s. */
function summaryLines(run: Iperf3Run, role: Role, unit: string): string {
  const o = run.options;
  // The client knows both sides' retransmits; the server its own, which it has only when it sends.
  const lines = [SEPARATOR, o.udp ? HEADER.udp : role === 'client' || sends(run, role) ? HEADER.bwRetr : HEADER.bw];
  // The server prints only its own side; the client both.
  const showSender = role === 'client' || sends(run, role);
  const showReceiver = role === 'client' || !sends(run, role);
  const total = (ivs: Iperf3Interval[]) => ivs.reduce((a, iv) => a + iv.bytes, 0);
  const sum = { sent: 0, received: 0, retr: 0, sentPackets: 0, lost: 0, receivedPackets: 0, jitter: 0 };
  for (const s of run.streams) {
    const socket = role === 'client' ? s.clientSocket : s.serverSocket;
    const sent = total(s.sent);
    const received = total(s.received);
    const retr = s.sent.reduce((a, iv) => a + iv.retr, 0);
    const packets = s.sent.reduce((a, iv) => a + iv.packets, 0);
    const lost = s.received.reduce((a, iv) => a + iv.lost, 0);
    const jitter = s.received.length ? s.received[s.received.length - 1].jitterMs : 0;
    Object.assign(sum, { sent: sum.sent + sent, received: sum.received + received, retr: sum.retr + retr, sentPackets: sum.sentPackets + packets, lost: sum.lost + lost, receivedPackets: sum.receivedPackets + packets, jitter: sum.jitter + jitter });
    const fs = figures(socket, { start: 0, end: run.senderTime, bytes: sent }, unit);
    const fr = figures(socket, { start: 0, end: run.receiverTime, bytes: received }, unit);
    if (o.udp) {
      if (showSender) lines.push(udpLine(fs, 0, 0, packets, 'sender'));
      if (showReceiver) lines.push(udpLine(fr, jitter, lost, packets, 'receiver'));
    } else {
      if (showSender) lines.push(bwRetrLine(fs, retr, 'sender'));
      if (showReceiver) lines.push(bwLine(fr, 'receiver'));
    }
  }
  if (run.streams.length > 1) {
    const fs = figures('SUM', { start: 0, end: run.senderTime, bytes: sum.sent }, unit);
    const fr = figures('SUM', { start: 0, end: run.receiverTime, bytes: sum.received }, unit);
    if (o.udp) {
      if (showSender) lines.push(udpLine(fs, 0, 0, sum.sentPackets, 'sender'));
      if (showReceiver) lines.push(udpLine(fr, sum.jitter / run.streams.length, sum.lost, sum.receivedPackets, 'receiver'));
    } else {
      if (showSender) lines.push(bwRetrLine(fs, sum.retr, 'sender'));
      if (showReceiver) lines.push(bwLine(fr, 'receiver'));
    }
  }
  return lines.map((l) => l + '\n').join('');
}

/** What `iperf3 -c` prints, line by line with the times it prints them. */
export function clientText(run: Iperf3Run, unit = 'a'): TimedLine[] {
  const o = run.options;
  const out: TimedLine[] = [{ at: run.connectedAt, text: `Connecting to host ${o.host}, port ${o.port}\n${o.reverse ? `Reverse mode, remote host ${o.host} is sending\n` : ''}` }];
  run.streams.forEach((s, i) => out.push({ at: run.streamsAt[i], text: `[${String(s.clientSocket).padStart(3, ' ')}] local ${formatIpv4(run.localIp)} port ${s.clientPort} connected to ${formatIpv4(run.dialled)} port ${o.port}\n` }));
  if (o.interval > 0) out.push(...intervalLines(run, 'client', unit));
  out.push({ at: run.endAt, text: `${summaryLines(run, 'client', unit)}\niperf Done.\n` });
  return out;
}

/**
 * The run as the client knows it when Ctrl-C stops it `t` seconds into the test (iperf_got_sigend): the intervals
 * up to t, the last one cut at t, and nothing of the other side's figures (they come with the results exchange
 * at the end, which never happens): the receiving side's bytes are 0 when the client sends, the sending side's
 * bytes and retransmits when it receives (-R).
 */
function interruptedRun(run: Iperf3Run, t: number): Iperf3Run {
  const cut = (ivs: Iperf3Interval[]) => ivs.filter((iv) => iv.start < t).map((iv) => {
    if (iv.end <= t) return iv;
    const share = (t - iv.start) / (iv.end - iv.start);
    return { ...iv, end: t, bytes: Math.floor(iv.bytes * share), retr: Math.floor(iv.retr * share), packets: Math.floor(iv.packets * share), lost: Math.floor(iv.lost * share) };
  });
  const zero = (ivs: Iperf3Interval[]) => ivs.map((iv) => ({ ...iv, bytes: 0, retr: 0, packets: 0, lost: 0, jitterMs: 0 }));
  const streams = run.streams.map((s) => {
    const sent = cut(s.sent);
    const received = cut(s.received);
    return run.options.reverse ? { ...s, sent: zero(sent), received } : { ...s, sent, received: zero(received) };
  });
  return { ...run, streams, senderTime: t, receiverTime: t };
}

/**
 * What `iperf3 -c` prints when Ctrl-C stops it at model time `at` (ms), after the lines already printed: the
 * interval in progress, cut where it stopped, and the summary (stats_callback, reporter_callback), then
 * iperf_errexit's "interrupt - the client has terminated" on stderr. As the real 3.12 prints it (checked on
 * loopback): "[  5]   2.00-2.36   sec ... sender", then "0.00 Bytes  0.00 bits/sec ... receiver".
 */
export function clientInterrupt(run: Iperf3Run, at: number, unit = 'a'): { stdout: string; stderr: string } {
  const stderr = 'iperf3: interrupt - the client has terminated\n';
  const t = (at - run.startAt) / 1000;
  if (t <= 0 || run.options.udp) return { stdout: '', stderr };
  const cut = interruptedRun(run, t);
  const ivs = cut.streams[0][run.options.reverse ? 'received' : 'sent'];
  const partial = run.options.interval > 0 && ivs.length > 0 && ivs[ivs.length - 1].end === t && !run.streams[0][run.options.reverse ? 'received' : 'sent'].some((iv) => iv.end === t);
  const lines = partial ? intervalLines(cut, 'client', unit).at(-1)!.text : '';
  return { stdout: lines + summaryLines(cut, 'client', unit), stderr };
}

/** What `iperf3 -s` prints for one test: its banner (printed when the previous test ended), the test, the summary. */
export function serverText(run: Iperf3Run, unit = 'a'): TimedLine[] {
  const o = run.options;
  const rule = '-----------------------------------------------------------\n';
  const out: TimedLine[] = [
    { at: run.connectedAt, text: `${rule}Server listening on ${run.server.port} (test #${run.testNumber})\n${rule}Accepted connection from ${formatIpv4(run.controlFrom)}, port ${run.controlPort}\n` },
  ];
  run.streams.forEach((s, i) => out.push({ at: run.streamsAt[i], text: `[${String(s.serverSocket).padStart(3, ' ')}] local ${formatIpv4(run.serverIp)} port ${run.server.port} connected to ${formatIpv4(run.controlFrom)} port ${s.seenPort}\n` }));
  if (o.interval > 0) out.push(...intervalLines(run, 'server', unit));
  out.push({ at: run.endAt, text: summaryLines(run, 'server', unit) });
  return out;
}

/** The client's -J document (iperf_json_start, the intervals' objects, iperf_print_results' "end"). */
export function clientJson(run: Iperf3Run, systemInfo: string): string {
  const o = run.options;
  const sender = !o.reverse;
  const streams = run.streams;
  const bps = (bytes: number, seconds: number) => (seconds > 0 ? (bytes * 8) / seconds : 0);
  const at = new Date(run.connectedAt);
  const start: Record<string, JsonValue> = {
    connected: streams.map((s) => ({ socket: s.clientSocket, local_host: formatIpv4(run.localIp), local_port: s.clientPort, remote_host: formatIpv4(run.dialled), remote_port: o.port })),
    version: IPERF3_VERSION,
    system_info: systemInfo,
    timestamp: { time: at.toUTCString().replace(/GMT$/, 'GMT'), timesecs: Math.floor(run.connectedAt / 1000) },
    connecting_to: { host: o.host, port: o.port },
    cookie: run.cookie,
  };
  if (!o.udp) start.tcp_mss_default = run.controlMss;
  Object.assign(start, {
    target_bitrate: o.bitrate ?? (o.udp ? 1048576 : 0),
    sock_bufsize: 0,
    sndbuf_actual: o.udp ? 212992 : 16384,
    rcvbuf_actual: o.udp ? 212992 : 131072,
    test_start: { protocol: o.udp ? 'UDP' : 'TCP', num_streams: streams.length, blksize: run.blksize, omit: 0, duration: o.seconds, bytes: 0, blocks: 0, reverse: o.reverse ? 1 : 0, tos: 0, target_bitrate: o.bitrate ?? (o.udp ? 1048576 : 0) },
  });
  const mine = (s: (typeof streams)[number]) => (sender ? s.sent : s.received);
  const intervals: JsonValue[] = o.interval > 0 ? mine(streams[0]).map((_, k) => {
    const per = streams.map((s) => {
      const iv = mine(s)[k];
      const base = { socket: s.clientSocket, start: iv.start, end: iv.end, seconds: iv.end - iv.start, bytes: iv.bytes, bits_per_second: bps(iv.bytes, iv.end - iv.start) };
      if (o.udp) return sender ? { ...base, packets: iv.packets, omitted: false, sender } : { ...base, jitter_ms: iv.jitterMs, lost_packets: iv.lost, packets: iv.packets, lost_percent: iv.packets ? (100 * iv.lost) / iv.packets : 0, omitted: false, sender };
      return sender ? { ...base, retransmits: iv.retr, snd_cwnd: iv.cwnd, snd_wnd: 3145728, rtt: iv.rttUs, rttvar: iv.rttvarUs, pmtu: run.pmtu, omitted: false, sender } : { ...base, omitted: false, sender };
    });
    const first = mine(streams[0])[k];
    const bytes = streams.reduce((a, s) => a + mine(s)[k].bytes, 0);
    const sumBase = { start: first.start, end: first.end, seconds: first.end - first.start, bytes, bits_per_second: bps(bytes, first.end - first.start) };
    const retr = streams.reduce((a, s) => a + mine(s)[k].retr, 0);
    const packets = streams.reduce((a, s) => a + mine(s)[k].packets, 0);
    const lost = streams.reduce((a, s) => a + mine(s)[k].lost, 0);
    const jitter = streams.reduce((a, s) => a + mine(s)[k].jitterMs, 0) / streams.length;
    const sum = o.udp
      ? (sender ? { ...sumBase, packets, omitted: false, sender } : { ...sumBase, jitter_ms: jitter, lost_packets: lost, packets, lost_percent: packets ? (100 * lost) / packets : 0, omitted: false, sender })
      : (sender ? { ...sumBase, retransmits: retr, omitted: false, sender } : { ...sumBase, omitted: false, sender });
    return { streams: per, sum };
  }) : [];
  const total = (ivs: Iperf3Interval[], f: (iv: Iperf3Interval) => number) => ivs.reduce((a, iv) => a + f(iv), 0);
  const endStreams: JsonValue[] = [];
  const sums = { sent: 0, received: 0, retr: 0, packets: 0, lost: 0, jitter: 0 };
  for (const s of streams) {
    const sent = total(s.sent, (iv) => iv.bytes);
    const received = total(s.received, (iv) => iv.bytes);
    const retr = total(s.sent, (iv) => iv.retr);
    const packets = total(s.sent, (iv) => iv.packets);
    const lost = total(s.received, (iv) => iv.lost);
    const jitter = s.received.length ? s.received[s.received.length - 1].jitterMs : 0;
    Object.assign(sums, { sent: sums.sent + sent, received: sums.received + received, retr: sums.retr + retr, packets: sums.packets + packets, lost: sums.lost + lost, jitter: sums.jitter + jitter });
    if (o.udp) {
      endStreams.push({ udp: { socket: s.clientSocket, start: 0, end: run.senderTime, seconds: run.senderTime, bytes: sent, bits_per_second: bps(sent, run.senderTime), jitter_ms: jitter, lost_packets: lost, packets, lost_percent: packets ? (100 * lost) / packets : 0, out_of_order: 0, sender } });
    } else {
      const rtts = s.sent.map((iv) => iv.rttUs);
      const known = sender;
      endStreams.push({
        sender: { socket: s.clientSocket, start: 0, end: run.senderTime, seconds: run.senderTime, bytes: sent, bits_per_second: bps(sent, run.senderTime), retransmits: retr,
          max_snd_cwnd: known ? Math.max(...s.sent.map((iv) => iv.cwnd)) : 0, max_snd_wnd: known ? 3145728 : 0,
          max_rtt: known ? Math.max(...rtts) : 0, min_rtt: known ? Math.min(...rtts) : 0, mean_rtt: known ? Math.floor(rtts.reduce((a, b) => a + b, 0) / rtts.length) : 0, sender },
        receiver: { socket: s.clientSocket, start: 0, end: run.receiverTime, seconds: run.senderTime, bytes: received, bits_per_second: bps(received, run.receiverTime), sender },
      });
    }
  }
  const end: Record<string, JsonValue> = { streams: endStreams };
  if (o.udp) {
    const pct = sums.packets ? (100 * sums.lost) / sums.packets : 0;
    const jitter = sums.jitter / streams.length;
    end.sum = { start: 0, end: run.receiverTime, seconds: run.receiverTime, bytes: sums.sent, bits_per_second: bps(sums.received, run.receiverTime), jitter_ms: jitter, lost_packets: sums.lost, packets: sums.packets, lost_percent: pct, sender };
    end.sum_sent = { start: 0, end: run.senderTime, seconds: run.senderTime, bytes: sums.sent, bits_per_second: bps(sums.sent, run.senderTime), jitter_ms: 0, lost_packets: 0, packets: sums.packets, lost_percent: 0, sender: true };
    end.sum_received = { start: 0, end: run.receiverTime, seconds: run.receiverTime, bytes: sums.received, bits_per_second: bps(sums.received, run.receiverTime), jitter_ms: jitter, lost_packets: sums.lost, packets: sums.packets, lost_percent: pct, sender: false };
  } else {
    end.sum_sent = { start: 0, end: run.senderTime, seconds: run.senderTime, bytes: sums.sent, bits_per_second: bps(sums.sent, run.senderTime), retransmits: sums.retr, sender };
    end.sum_received = { start: 0, end: run.receiverTime, seconds: run.receiverTime, bytes: sums.received, bits_per_second: bps(sums.received, run.receiverTime), sender };
  }
  // CPU use as the throughput model has it: the sending core's share (its cycles per packet at the rate reached);
  // the receiving side is taken at half of that, an assumption of the model's.
  const busy = Math.min(100, (100 * bps(sums.sent, run.senderTime)) / packetCosts(run.model.inputs, run.model.path).cpuGoodputBps);
  const [host, remote] = sender ? [busy, busy / 2] : [busy / 2, busy];
  end.cpu_utilization_percent = { host_total: host, host_user: host * 0.02, host_system: host * 0.98, remote_total: remote, remote_user: remote * 0.03, remote_system: remote * 0.97 };
  if (!o.udp) Object.assign(end, { sender_tcp_congestion: TCP_CONGESTION, receiver_tcp_congestion: TCP_CONGESTION });
  return cjsonPrint({ start, intervals, end }) + '\n';
}

/** The -J document of a run that failed (iperf_errexit with JSON output). */
export function errorJson(message: string, systemInfo: string): string {
  return cjsonPrint({ start: { connected: [], version: IPERF3_VERSION, system_info: systemInfo }, intervals: [], end: {}, error: message }) + '\n';
}
