// dig from BIND 9.18 (bin/dig/dig.c, dighost.c; lib/dns/message.c and masterdump.c for the sections): one query
// with EDNS (udp 1232, a fresh client cookie) and the AD flag, for the name as given (no search list unless
// +search), and the reply printed as dig prints it. Options: @server, -t TYPE or a type word, -x ADDR, +short,
// +search, +nocmd/+nocomments/+nostats are not modelled.
import { formatIpv4 } from '../../../model/net/ipv4.ts';
import { type DnsMessage, type DnsRecord, RR_TYPE_CODE, type RrType, reverseName } from '../../../model/dns/message.ts';
import { searchCandidates } from '../../../model/dns/resolv-conf.ts';
import { parseIpv4 } from '../../../model/net/ipv4.ts';
import { ScheduledOutput } from '../../scheduled-output.ts';
import type { Command, CommandOutput } from '../../types.ts';
import { BIND_VERSION, lookupContext, query, say, serverOf } from './bind-lookup.ts';

const EDNS_UDP_SIZE = 1232;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** masterdump.c's columns (ttl 24, class 32, type 40, rdata 48): tabs up to the column, or one space when the text
 *  already reaches it. */
function padTabs(line: string, column: number): string {
  let width = visualWidth(line);
  if (width >= column) return `${line} `;
  let out = line;
  while (width < column) {
    out += '\t';
    width = (Math.floor(width / 8) + 1) * 8;
  }
  return out;
}

function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) w = ch === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
  return w;
}

export function rdataText(r: DnsRecord): string {
  const d = r.data;
  switch (d.type) {
    case 'A':
      return formatIpv4(d.address);
    case 'AAAA':
      return d.address;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return d.target;
    case 'SOA':
      return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'SRV':
      return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
  }
}

export function recordLine(r: DnsRecord): string {
  let line = padTabs(r.name, 24) + String(r.ttl);
  line = padTabs(line, 32) + 'IN';
  line = padTabs(line, 40) + r.data.type;
  return `${padTabs(line, 48)}${rdataText(r)}`;
}

function questionLine(name: string, type: RrType): string {
  return `${padTabs(padTabs(`;${name}`, 32) + 'IN', 40)}${type}`;
}

/** printmessage's full form. */
export function digMessageText(m: DnsMessage, o: { cmdline: string; server: string; queryMs: number; when: number; size: number }): string {
  const lines = ['', `; <<>> DiG ${BIND_VERSION} <<>> ${o.cmdline}`, ';; global options: +cmd', ';; Got answer:'];
  if (m.question.some((q) => /(^|\.)local\.$/i.test(q.name))) {
    lines.push(';; WARNING: .local is reserved for Multicast DNS', ';; You are currently testing what happens when an mDNS query is leaked to DNS');
  }
  lines.push(`;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${m.id}`);
  const flags = [['qr', m.response], ['aa', m.authoritative], ['tc', m.truncated], ['rd', m.recursionDesired], ['ra', m.recursionAvailable], ['ad', m.authenticData], ['cd', m.checkingDisabled]]
    .filter(([, on]) => on).map(([f]) => ` ${f}`).join('');
  const ar = m.additional.length + (m.edns ? 1 : 0);
  lines.push(`;; flags:${flags}; QUERY: ${m.question.length}, ANSWER: ${m.answer.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${ar}`);
  if (m.recursionDesired && !m.recursionAvailable) lines.push(';; WARNING: recursion requested but not available');
  lines.push('');
  if (m.edns) {
    lines.push(';; OPT PSEUDOSECTION:', `; EDNS: version: 0, flags:${m.edns.dnssecOk ? ' do' : ''}; udp: ${m.edns.udpSize}`);
    if (m.edns.cookie) lines.push(`; COOKIE: ${m.edns.cookie}${m.edns.cookie.length === 16 ? ' (echoed)' : ' (good)'}`);
  }
  lines.push(';; QUESTION SECTION:', ...m.question.map((q) => questionLine(q.name, q.type)), '');
  for (const [title, rs] of [['ANSWER', m.answer], ['AUTHORITY', m.authority], ['ADDITIONAL', m.additional]] as const) {
    if (rs.length) lines.push(`;; ${title} SECTION:`, ...rs.map(recordLine), '');
  }
  lines.push(`;; Query time: ${o.queryMs} msec`, `;; SERVER: ${o.server}#53(${o.server}) (UDP)`, `;; WHEN: ${whenText(o.when)}`, `;; MSG SIZE  rcvd: ${o.size}`, '', '');
  return lines.join('\n');
}

/** strftime("%a %b %d %H:%M:%S %Z %Y") in the container's zone, UTC. */
function whenText(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export const dig: Command = {
  name: 'dig',
  usage: 'dig [@server] [-t type] [-x addr] [+short] [+search] name [type]',
  run({ args, session }): CommandOutput {
    let serverArg: string | undefined;
    let type: RrType | undefined;
    let name: string | undefined;
    let short = false;
    let search = false;
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a.startsWith('@')) serverArg = a.slice(1);
      else if (a === '+short') short = true;
      else if (a === '+search') search = true;
      else if (a === '+nosearch' || a === '+noshort') continue;
      else if (a === '-t') type = typeOf(args[++k] ?? '');
      else if (a === '-x') {
        const ip = parseIpv4(args[++k] ?? '');
        if (ip === undefined) return { stdout: '', stderr: `Invalid IP address ${args[k] ?? ''}\n`, exitCode: 1 };
        name = reverseName(ip);
        type = 'PTR';
      } else if (a.startsWith('+')) return { stdout: '', stderr: `Invalid option: ${a}\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n`, exitCode: 1 };
      else if (name !== undefined && typeOf(a) !== undefined) type = typeOf(a);
      else if (name === undefined) name = a;
    }
    const ctx = lookupContext(session);
    const server = serverOf(ctx, serverArg);
    if (server === undefined) return { stdout: '', stderr: `dig: couldn't get address for '${serverArg}': not found\n`, exitCode: 10 };
    // Without a name dig asks the root zone's NS.
    const qname = name ?? '.';
    const qtype = type ?? (name === undefined ? 'NS' : 'A');
    const candidates = search ? searchCandidates(qname, ctx.conf) : [qname.endsWith('.') ? qname : `${qname}.`];
    const cmdline = args.join(' ');
    for (let i = 0; i < candidates.length; i++) {
      const sentAt = ctx.t;
      const cookie = [0, 1, 2, 3].map(() => ctx.net.randomInt(0, 0xffff).toString(16).padStart(4, '0')).join('');
      const r = query(ctx, server, candidates[i], qtype, { authenticData: true, edns: { udpSize: EDNS_UDP_SIZE, cookie } });
      if (r.kind !== 'reply') {
        say(ctx, `;; communications error to ${formatIpv4(server)}#53: ${r.kind === 'refused' ? 'connection refused' : 'timed out'}\n`);
        say(ctx, `\n; <<>> DiG ${BIND_VERSION} <<>> ${cmdline}\n;; global options: +cmd\n;; no servers could be reached\n`);
        return finish(ctx.out, ctx.t, 9);
      }
      if (r.reply.rcode === 'NXDOMAIN' && i < candidates.length - 1) continue;
      if (short) say(ctx, r.reply.answer.map((x) => `${rdataText(x)}\n`).join(''));
      else {
        say(ctx, digMessageText(r.reply, { cmdline, server: formatIpv4(server), queryMs: Math.floor(ctx.t - sentAt), when: ctx.t, size: r.length }));
      }
      break;
    }
    return finish(ctx.out, ctx.t, 0);
  },
};

function typeOf(word: string): RrType | undefined {
  const t = word.toUpperCase();
  return t in RR_TYPE_CODE && t !== 'OPT' ? (t as RrType) : undefined;
}

function finish(out: { at: number; stream: 'out' | 'err'; text: string }[], at: number, code: number): CommandOutput {
  out.push({ at, stream: 'out', text: '' });
  return { stdout: '', stderr: '', exitCode: 0, process: new ScheduledOutput(out, code) };
}
