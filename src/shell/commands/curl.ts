// curl over the simulated datapath: one HTTP/1.1 GET (or HEAD with -I) per URL, through the same routing, SNAT and
// conntrack as ping. Options the lab uses: -s, -v, -o FILE, -w FORMAT (%{http_code}), -I, -i, -m SECONDS, -H.
import { formatIpv4 } from '../../model/net/ipv4.ts';
import { networkOf } from '../../model/net/network.ts';
import { httpExchange, type TcpOutcome } from '../../model/net/tcp.ts';
import { clusterSession } from '../session.ts';
import { ScheduledOutput } from '../scheduled-output.ts';
import type { Command, CommandOutput, Emission } from '../types.ts';
import { currentEndpoint } from './netns.ts';

export const CURL_VERSION = '8.3.0';

interface CurlOptions {
  silent: boolean;
  verbose: boolean;
  head: boolean;
  /** -i: the response's status line and headers before its body. */
  include: boolean;
  /** -H: headers sent as given; a Host header replaces curl's own. */
  headers: [string, string][];
  userAgent?: string;
  output?: string;
  writeOut?: string;
  maxTimeMs?: number;
  showError: boolean;
}

function parseUrl(raw: string): { host: string; port: number; path: string; scheme: string } | undefined {
  // "http://" alone has no host part; curl rejects it rather than looking up "http".
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)$/.exec(raw);
  if (/^[a-z]+:\/\/?$/i.test(raw)) return undefined;
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}

function fail(code: number, message: string, o: CurlOptions): string {
  return o.silent && !o.showError ? '' : `curl: (${code}) ${message}\n`;
}

export const curl: Command = {
  name: 'curl',
  usage: 'curl [-s] [-v] [-I] [-o FILE] [-w FORMAT] [-m SECONDS] URL',
  run({ args, session }): CommandOutput {
    const o: CurlOptions = { silent: false, verbose: false, head: false, include: false, headers: [], showError: false };
    const urls: string[] = [];
    args = expandShortOptions(args);
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a === '-s' || a === '--silent') o.silent = true;
      else if (a === '-S' || a === '--show-error') o.showError = true;
      else if (a === '-v' || a === '--verbose') o.verbose = true;
      else if (a === '-I' || a === '--head') o.head = true;
      else if (a === '-i' || a === '--include') o.include = true;
      else if (a === '-o' || a === '--output') o.output = args[++k];
      else if (a === '-w' || a === '--write-out') o.writeOut = args[++k];
      else if (a === '-m' || a === '--max-time') {
        const v = args[++k];
        if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return { stdout: '', stderr: `curl: option ${a}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2 };
        o.maxTimeMs = Number(v) * 1000;
      }
      else if (a === '-H' || a === '--header') {
        const h = args[++k] ?? '';
        const i = h.indexOf(':');
        if (i > 0) o.headers.push([h.slice(0, i).trim(), h.slice(i + 1).trim()]);
      } else if (a === '-A' || a === '--user-agent') o.userAgent = args[++k];
      else if (a === '-L' || a === '-k' || a === '--location' || a === '--insecure') continue;
      else if (a.startsWith('-') && a !== '-') return { stdout: '', stderr: `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2 };
      else urls.push(a);
    }
    if (urls.length === 0) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 };
    const cluster = clusterSession(session).cluster;
    const net = networkOf(cluster);
    const from = currentEndpoint(session);
    const start = cluster.now;
    const out: Emission[] = [];
    let t = start;
    let code = 0;
    const say = (stream: 'out' | 'err', text: string) => text && out.push({ at: t, stream, text });
    // -w is written even when the transfer failed (http_code 000), after curl's error line.
    const failed = (code: number, message: string, remote = '') => {
      say('err', fail(code, message, o));
      if (o.writeOut !== undefined) say('out', writeOut(o.writeOut, 0, (t - start) / 1000, remote));
      return code;
    };
    for (const raw of urls) {
      const url = parseUrl(raw);
      if (!url) {
        code = failed(3, 'URL rejected: No host part in the URL');
        continue;
      }
      const ip = net.resolve(url.host, from);
      if (ip === undefined) {
        code = failed(6, `Could not resolve host: ${url.host}`);
        continue;
      }
      const ipText = formatIpv4(ip);
      if (o.verbose) say('err', `*   Trying ${ipText}:${url.port}...\n`);
      const ownHost = o.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
      const hostHeader = ownHost ?? (url.port === 80 || url.port === 443 ? url.host : `${url.host}:${url.port}`);
      const userAgent = o.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? o.userAgent ?? `curl/${CURL_VERSION}`;
      const extra = o.headers.filter(([k]) => !/^(host|user-agent)$/i.test(k));
      const result: TcpOutcome = httpExchange(net, from, ip, url.port, { method: o.head ? 'HEAD' : 'GET', path: url.path, host: hostHeader, userAgent, ...(extra.length ? { headers: extra } : {}) }, t);
      if (result.kind === 'timeout' || (o.maxTimeMs !== undefined && (result.kind === 'ok' ? result.doneAt : result.at) - t > o.maxTimeMs)) {
        const limit = o.maxTimeMs ?? result.at - t;
        t += limit;
        const waited = Math.round(limit);
        code = failed(28, o.maxTimeMs !== undefined
          ? `Connection timed out after ${waited} milliseconds`
          : `Failed to connect to ${url.host} port ${url.port} after ${waited} ms: Couldn't connect to server`, ipText);
        continue;
      }
      if (result.kind === 'refused') {
        const after = Math.max(0, Math.round(result.at - t));
        t = result.at;
        if (o.verbose) say('err', `* connect to ${ipText} port ${url.port} failed: Connection refused\n`);
        code = failed(7, `Failed to connect to ${url.host} port ${url.port} after ${after} ms: Couldn't connect to server`, ipText);
        continue;
      }
      const r = result.response;
      if (o.verbose) {
        say('err', `* Connected to ${url.host} (${ipText}) port ${url.port} (#0)\n`);
        say('err', `> ${o.head ? 'HEAD' : 'GET'} ${url.path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: ${userAgent}\n> Accept: */*\n${extra.map(([k, v]) => `> ${k}: ${v}\n`).join('')}> \n`);
      }
      t = result.doneAt;
      if (o.verbose) say('err', `< HTTP/1.1 ${r.status} ${r.reason}\n${r.headers.map(([k, v]) => `< ${k}: ${v}\n`).join('')}< \n`);
      const headText = `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
      const body = o.head ? headText : o.include ? headText + r.body : r.body;
      if (o.output === undefined || o.output === '-') say('out', body);
      else if (o.output !== '/dev/null') {
        const problem = session.writeFile?.(o.output, body, false);
        if (problem) say('err', `Warning: Failed to open the file ${o.output}: ${problem}\n`);
      }
      if (o.verbose) say('err', `* Connection #0 to host ${url.host} left intact\n`);
      if (o.writeOut !== undefined) say('out', writeOut(o.writeOut, r.status, (t - start) / 1000, ipText));
    }
    // Each line appears when model time reaches the moment curl would print it; curl itself ends at `t`.
    out.push({ at: t, stream: 'out', text: '' });
    return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(out, code, true) };
  },
};

/** Short options that take a value: the rest of a bundle (`-ofile`) or the next word is it. */
const WITH_VALUE = new Set(['o', 'w', 'm', 'H', 'A']);

/** curl reads `-sSv` as `-s -S -v`, and `-sofile` as `-s -o file`, as getopt-style bundles. */
function expandShortOptions(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!/^-[A-Za-z]{2,}/.test(a) || a.startsWith('--')) {
      out.push(a);
      continue;
    }
    for (let i = 1; i < a.length; i++) {
      const c = a[i];
      out.push(`-${c}`);
      if (WITH_VALUE.has(c)) {
        if (i + 1 < a.length) out.push(a.slice(i + 1));
        break;
      }
    }
  }
  return out;
}

/** curl's -w variables the lab uses, with its escapes. */
function writeOut(format: string, status: number, seconds: number, remoteIp: string): string {
  return format
    .replace(/%\{http_code\}|%\{response_code\}/g, String(status).padStart(3, '0'))
    .replace(/%\{time_total\}/g, seconds.toFixed(6))
    .replace(/%\{remote_ip\}/g, remoteIp)
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}
