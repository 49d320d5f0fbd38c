// conntrack-tools 1.4.4, the EKS AL2 AMI's: `conntrack -L` (filtered with -p, -s, -d, -n) and `conntrack -C` over the
// node's connection tracking table, which the packet path fills (model/net/network.ts). Messages follow
// conntrack.c: exit_error's `conntrack v1.4.4 (conntrack-tools): …` prefix, the count of shown entries on stderr.
import { type Connection, conntrackLine } from '../../model/net/conntrack.ts';
import { parseIpv4 } from '../../model/net/ipv4.ts';
import { networkOf } from '../../model/net/network.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Session } from '../types.ts';
import { runsAsRoot } from './netns.ts';

const PROG = 'conntrack v1.4.4 (conntrack-tools)';

/** Protocol names conntrack has handlers for; the model tracks only icmp, tcp and udp, so the others match nothing. */
const PROTOCOLS = ['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'icmp', 'icmpv6', 'gre'];

interface Filter {
  proto?: string;
  src?: number;
  dst?: number;
  /** -n / --src-nat: only connections whose source was translated. */
  srcNat: boolean;
  /** -g / --dst-nat: only connections whose destination was translated (a Service's DNAT). */
  dstNat: boolean;
  ipv6: boolean;
  /** --sport / --dport (the tcp and udp extensions' --orig-port-src/dst): the original direction's ports. */
  sport?: number;
  dport?: number;
}

interface Request {
  command?: 'L' | 'C' | 'V';
  filter: Filter;
}

const LONG: Record<string, string> = {
  dump: 'L', count: 'C', version: 'V', proto: 'p', src: 's', 'orig-src': 's', dst: 'd', 'orig-dst': 'd', 'src-nat': 'n', 'dst-nat': 'g', family: 'f',
};
const WITH_ARG = 'psdf';
const PORT_OPTIONS: Record<string, 'sport' | 'dport'> = { sport: 'sport', 'orig-port-src': 'sport', dport: 'dport', 'orig-port-dst': 'dport' };

function parameterProblem(message: string): CommandOutput {
  return { stdout: '', stderr: `${PROG}: ${message}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, exitCode: 2 };
}

function setCommand(req: Request, command: 'L' | 'C' | 'V'): CommandOutput | undefined {
  if (req.command) return parameterProblem('Invalid commands combination');
  req.command = command;
  return undefined;
}

function setAddress(filter: Filter, which: 'src' | 'dst', value: string): CommandOutput | undefined {
  const ip = parseIpv4(value);
  if (ip === undefined) return parameterProblem(`Invalid IP address \`${value}'`);
  filter[which] = ip;
  return undefined;
}

function applyOption(req: Request, letter: string, value: string): CommandOutput | undefined {
  const f = req.filter;
  if (letter === 'L' || letter === 'C' || letter === 'V') return setCommand(req, letter);
  if (letter === 'n') f.srcNat = true;
  else if (letter === 'g') f.dstNat = true;
  else if (letter === 's' || letter === 'd') return setAddress(f, letter === 's' ? 'src' : 'dst', value);
  else if (letter === 'p') {
    const proto = value.toLowerCase();
    if (!PROTOCOLS.includes(proto)) return parameterProblem(`\`${value}' unsupported protocol`);
    f.proto = proto;
  } else if (letter === 'f') {
    if (!value.startsWith('ipv4') && !value.startsWith('ipv6')) return parameterProblem(`\`${value}' unsupported protocol`);
    f.ipv6 = value.startsWith('ipv6');
  }
  return undefined;
}

/** Splits one word into options the way getopt_long does; returns how many following words it used. */
function parseWord(req: Request, args: string[], i: number): { used: number; out?: CommandOutput } {
  const word = args[i];
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    // The port options belong to the tcp and udp extensions, which exist only once -p has named one.
    const port = PORT_OPTIONS[name];
    if (port && (req.filter.proto === 'tcp' || req.filter.proto === 'udp')) {
      const value = eq < 0 ? args[i + 1] : word.slice(eq + 1);
      if (value === undefined) return { used: 0, out: parameterProblem(`option \`${word}' requires an argument`) };
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 65535) return { used: 0, out: parameterProblem(`invalid port \`${value}'`) };
      req.filter[port] = n;
      return { used: eq < 0 ? 1 : 0 };
    }
    const letter = Object.hasOwn(LONG, name) ? LONG[name] : undefined;
    if (!letter) return { used: 0, out: parameterProblem(`unknown option \`${word}'`) };
    const value = WITH_ARG.includes(letter) && eq < 0 ? args[i + 1] : word.slice(eq + 1);
    if (value === undefined) return { used: 0, out: parameterProblem(`option \`${word}' requires an argument`) };
    return { used: WITH_ARG.includes(letter) && eq < 0 ? 1 : 0, out: applyOption(req, letter, value) };
  }
  for (let j = 1; j < word.length; j++) {
    const letter = word[j];
    if (WITH_ARG.includes(letter)) {
      const value = word.slice(j + 1) || args[i + 1];
      if (value === undefined) return { used: 0, out: parameterProblem(`option \`${word}' requires an argument`) };
      return { used: word.slice(j + 1) ? 0 : 1, out: applyOption(req, letter, value) };
    }
    if (!'LCVng'.includes(letter)) return { used: 0, out: parameterProblem(`unknown option \`${word}'`) };
    const out = applyOption(req, letter, '');
    if (out) return { used: 0, out };
  }
  return { used: 0 };
}

function parseConntrack(args: string[]): Request | CommandOutput {
  const req: Request = { filter: { srcNat: false, dstNat: false, ipv6: false } };
  for (let i = 0; i < args.length; i++) {
    // getopt moves words that are no options to the end, where conntrack ignores them (`-L conntrack` names the table).
    if (!args[i].startsWith('-') || args[i] === '-') continue;
    const { used, out } = parseWord(req, args, i);
    if (out) return out;
    i += used;
  }
  return req;
}

/** nfct_filter: the original direction's addresses, the protocol, and whether NAT changed the source (-n) or the
 *  destination (-g), by address as libnetfilter_conntrack's NFCT_GOPT_IS_SNAT / IS_DNAT compare them. */
function matches(c: Connection, f: Filter): boolean {
  if (f.ipv6) return false;
  if (f.proto !== undefined && c.proto !== f.proto) return false;
  if (f.src !== undefined && c.original.src !== f.src) return false;
  if (f.dst !== undefined && c.original.dst !== f.dst) return false;
  if (f.sport !== undefined && c.original.sport !== f.sport) return false;
  if (f.dport !== undefined && c.original.dport !== f.dport) return false;
  if (f.dstNat && c.reply.src === c.original.dst) return false;
  return !f.srcNat || c.reply.dst !== c.original.src;
}

function table(session: Session) {
  const s = clusterSession(session);
  const node = s.node();
  return node ? networkOf(s.cluster).conntrack(node.name) : undefined;
}

function list(session: Session, filter: Filter): CommandOutput {
  if (!runsAsRoot(session)) {
    return { stdout: '', stderr: `${PROG}: Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n`, exitCode: 1 };
  }
  const now = session.now();
  const shown = (table(session)?.list(now) ?? []).filter((c) => matches(c, filter));
  return {
    stdout: shown.map((c) => `${conntrackLine(c, now)}\n`).join(''),
    stderr: `${PROG}: ${shown.length} flow entries have been shown.\n`,
    exitCode: 0,
  };
}

/** -C reads /proc/sys/net/netfilter/nf_conntrack_count when netlink is refused, so it needs no root. */
function count(session: Session): CommandOutput {
  return { stdout: `${table(session)?.list(session.now()).length ?? 0}\n`, stderr: '', exitCode: 0 };
}

export const conntrack: Command = {
  name: 'conntrack',
  usage: 'conntrack -L [-p icmp|tcp|udp] [-s IP] [-d IP] [-n] [-g] | conntrack -C',
  hosts: ['node'],
  complete: () => ['-L', '-C', '-p', '-s', '-d', '-n', '-g'],
  run({ args, session }) {
    const req = parseConntrack(args);
    if ('exitCode' in req) return req;
    if (req.command === 'L') return list(session, req.filter);
    if (req.command === 'C') return count(session);
    if (req.command === 'V') return { stdout: `${PROG}\n`, stderr: '', exitCode: 0 };
    // Without a command conntrack prints its usage; its first lines say what it is.
    return { stdout: 'Command line interface for the connection tracking system. Version 1.4.4\nUsage: conntrack [commands] [options]\n', stderr: '', exitCode: 0 };
  },
};
