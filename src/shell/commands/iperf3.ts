// iperf3 3.12 in a pod (networkstatic/iperf3, nicolaka/netshoot): `iperf3 -c HOST` runs a test through the model's
// datapath and prints what iperf3 prints, each line when model time reaches it; the server pod's log gets the
// server's side of it (src/model/net/iperf3.ts runs the test, src/shell/format/iperf3.ts writes its reports).
// Options as src/iperf_api.c iperf_parse_arguments reads them (getopt_long: bundled short options, arguments
// attached or separate, K/M/G suffixes where iperf3 takes them) and its parameter errors; a help or usage error
// prints the usage as 3.12 does (on stdout after a parameter error, on stderr after getopt's own complaint).
import { writeLog } from '../../model/k8s/container-logs.ts';
import { IPERF3_PORT, type Iperf3Options, iperf3ServerOf, runIperf3 } from '../../model/net/iperf3.ts';
import { clientInterrupt, clientJson, clientText, errorJson, serverText } from '../format/iperf3.ts';
import { ScheduledOutput } from '../scheduled-output.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Emission } from '../types.ts';
import { IPERF3_HELP } from './iperf3-help.ts';
import { currentEndpoint } from './netns.ts';

/** The Linux kernel the pods share with their node (the EKS 1.24 AMI's); its build date is not in the model. */
const KERNEL = '5.10.178-162.673.amzn2.x86_64';

const WITH_ARG = new Set('pfictblPMnkwBSCTOAIFLX'.split(''));
const LONG: Record<string, string> = {
  port: 'p', format: 'f', interval: 'i', client: 'c', time: 't', bitrate: 'b', bandwidth: 'b', length: 'l', parallel: 'P',
  'set-mss': 'M', udp: 'u', reverse: 'R', json: 'J', verbose: 'V', server: 's', help: 'h', version: 'v', bytes: 'n',
  blockcount: 'k', window: 'w', bind: 'B', tos: 'S', congestion: 'C', title: 'T', omit: 'O', 'no-delay': 'N',
  version4: '4', version6: '6', zerocopy: 'Z', daemon: 'D', 'one-off': '1', debug: 'd',
};
const LONG_ONLY = new Set(['forceflush', 'get-server-output', 'bidir', 'logfile', 'connect-timeout', 'cport']);

/** unit_atof / unit_atoi: a number with an optional k/m/g/t suffix (1024 steps for sizes, 1000 for rates). */
function unitValue(text: string, step: number): number {
  const m = /^([0-9]*\.?[0-9]*)([kKmMgGtT]?)/.exec(text)!;
  const n = Number(m[1]) || 0;
  const exp = { '': 0, k: 1, m: 2, g: 3, t: 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return n * step ** exp;
}

const paramError = (msg: string): CommandOutput => ({ stdout: IPERF3_HELP, stderr: `iperf3: parameter error - ${msg}\n\n`, exitCode: 1 });

export const iperf3: Command = {
  name: 'iperf3',
  // In the pods' images (networkstatic/iperf3, netshoot); Amazon Linux's nodes and the bastion have none.
  hosts: ['pod'],
  usage: 'iperf3 -c HOST [-t N] [-i N] [-R] [-P N] [-u [-b RATE]] [-J] [-p PORT] [-l LEN] [-M MSS]',
  run({ args, session }): CommandOutput {
    const seen = new Map<string, string>();
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a.startsWith('--') && a.length > 2) {
        const [name, attached] = a.slice(2).split(/=(.*)/s);
        const short = LONG[name];
        if (!short && !LONG_ONLY.has(name)) return { stdout: '', stderr: `iperf3: unrecognized option '${a}'\n${IPERF3_HELP}`, exitCode: 1 };
        const key = short ?? name;
        if (WITH_ARG.has(key) || ['logfile', 'connect-timeout', 'cport'].includes(key)) {
          const v = attached ?? args[++k];
          if (v === undefined) return { stdout: '', stderr: `iperf3: option '--${name}' requires an argument\n${IPERF3_HELP}`, exitCode: 1 };
          seen.set(key, v);
        } else seen.set(key, '');
        continue;
      }
      if (!a.startsWith('-') || a === '-') continue;
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (!WITH_ARG.has(c) && !'uRJVshvN46ZD1d'.includes(c)) return { stdout: '', stderr: `iperf3: invalid option -- '${c}'\n${IPERF3_HELP}`, exitCode: 1 };
        if (WITH_ARG.has(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++k];
          if (v === undefined) return { stdout: '', stderr: `iperf3: option requires an argument -- '${c}'\n${IPERF3_HELP}`, exitCode: 1 };
          seen.set(c, v);
          break;
        }
        seen.set(c, '');
      }
    }
    if (seen.has('h')) return { stdout: IPERF3_HELP, stderr: '', exitCode: 0 };
    const s = clusterSession(session);
    const pod = s.pod();
    if (seen.has('v')) {
      return { stdout: `iperf 3.12 (cJSON 1.7.15)\nLinux ${pod?.name ?? session.host().hostname} ${KERNEL} #1 SMP x86_64\nOptional features available: CPU affinity setting, IPv6 flow label, SCTP, TCP congestion algorithm setting, sendfile / zerocopy, socket pacing, authentication, bind to device, support IPv4 don't fragment\n`, stderr: '', exitCode: 0 };
    }
    if (seen.has('s') && seen.has('c')) return paramError('cannot be both server and client');
    if (!seen.has('s') && !seen.has('c')) return paramError('must either be a client (-c) or server (-s)');
    if (seen.has('s')) {
      // The pod's own iperf3 -s already holds the port.
      const port = seen.has('p') ? Number(seen.get('p')) : IPERF3_PORT;
      if (pod && iperf3ServerOf(pod)?.port === port) return { stdout: '', stderr: 'iperf3: error - unable to start listener for connections: Address already in use\niperf3: exiting\n', exitCode: 1 };
      return { stdout: '', stderr: 'eks-netlab: iperf3 -s runs as the pod\'s own command here (args: ["-s"] in its manifest)\n', exitCode: 1 };
    }
    const num = (key: string, fallback: number) => (seen.has(key) ? Number.parseFloat(seen.get(key)!) || 0 : fallback);
    const o: Iperf3Options = {
      host: seen.get('c')!,
      port: Math.trunc(num('p', IPERF3_PORT)),
      seconds: Math.trunc(num('t', 10)),
      interval: num('i', 1),
      reverse: seen.has('R'),
      parallel: Math.trunc(num('P', 1)),
      udp: seen.has('u'),
      ...(seen.has('b') ? { bitrate: unitValue(seen.get('b')!, 1000) } : {}),
      ...(seen.has('l') ? { length: Math.trunc(unitValue(seen.get('l')!, 1024)) } : {}),
      ...(seen.has('M') ? { mss: Math.trunc(num('M', 0)) } : {}),
    };
    // -t 0 runs until interrupted; a day is as long as iperf3 allows a timed test to be.
    if (o.seconds === 0) o.seconds = 86400;
    if (o.seconds > 86400) return paramError('test duration too long (maximum = 86400 seconds)');
    if (o.interval !== 0 && (o.interval < 0.1 || o.interval > 60)) return paramError('invalid report interval (min = 0.1, max = 60 seconds)');
    if (o.parallel > 128) return paramError('number of parallel streams too large (maximum = 128)');
    if (o.parallel < 1) o.parallel = 1;
    if (o.mss !== undefined && o.mss > 9216) return paramError('TCP MSS too large (maximum = 9216 bytes)');
    if (o.length !== undefined && o.length > (o.udp ? 65507 : 1048576)) return paramError(`block size too large (maximum = ${o.udp ? 65507 : 1048576} bytes)`);
    if (!pod) return { stdout: '', stderr: 'bash: iperf3: command not found\n', exitCode: 127 };

    const unit = seen.get('f') || 'a';
    const json = seen.has('J');
    const systemInfo = `Linux ${pod.name} ${KERNEL} #1 SMP x86_64`;
    const out: Emission[] = [];
    const result = runIperf3(s.cluster, currentEndpoint(session), o);
    if (result.kind === 'error') {
      if (json) out.push({ at: result.at, stream: 'out', text: errorJson(result.message, systemInfo) });
      else {
        if (result.connectedAt !== undefined) out.push({ at: result.connectedAt, stream: 'out', text: `Connecting to host ${o.host}, port ${o.port}\n${o.reverse ? `Reverse mode, remote host ${o.host} is sending\n` : ''}` });
        out.push({ at: result.at, stream: 'err', text: `iperf3: error - ${result.message}\n` });
      }
      out.push({ at: result.at, stream: 'out', text: '' });
      return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(out, 1, true) };
    }
    if (json) out.push({ at: result.endAt, stream: 'out', text: clientJson(result, systemInfo) });
    else for (const l of clientText(result, unit)) out.push({ at: l.at, stream: 'out', text: l.text });
    // The server's stdout is a pipe: block-buffered, flushed when a test ends (or every line with --forceflush).
    const server = result.server;
    let n = 0;
    for (const l of serverText(result)) {
      const at = Math.floor(server.forceflush ? l.at : result.endAt);
      // Two microseconds apart: the lines of one write keep their order in the log.
      for (const line of l.text.replace(/\n$/, '').split('\n')) writeLog(server.pod, server.container, at + n++ * 0.002, line);
    }
    // Ctrl-C before the end: the partial summary, then iperf_errexit (exit status 1). -J's interrupted document is
    // not modelled: it stops silently.
    const lastWords = json ? undefined : () => {
      const now = s.cluster.now;
      const { stdout, stderr } = clientInterrupt(result, now, unit);
      return { emissions: [...(stdout ? [{ at: now, stream: 'out' as const, text: stdout }] : []), { at: now, stream: 'err' as const, text: stderr }], exitCode: 1 };
    };
    return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(out, 0, true, lastWords) };
  },
};
