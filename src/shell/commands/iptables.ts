// iptables-legacy 1.8.4, the EKS AL2 AMI's: `iptables -S`, `iptables -L` (with -n, -v, -x, --line-numbers) and
// `iptables-save`, over the rules the VPC CNI programs (model/net/netfilter.ts) and the counters the packet path
// keeps (model/net/network.ts). Layouts follow iptables' own printers: list_rules, print_header and print_firewall
// in iptables.c, xtables_print_num in libxtables, do_output in iptables-save.c. Rules cannot be changed here: ipamd
// owns them, and aws-node's settings (`kubectl set env ds aws-node …`) are the way to change them.
import type { Node } from '../../model/cluster/types.ts';
import { type Cidr, cidrContains, formatIpv4, type Ipv4, ipHostLabel } from '../../model/net/ipv4.ts';
import {
  BUILTIN_CHAINS, type Negatable, type NetfilterRule, protoName, ruleListExtras, ruleSpec, type Ruleset, type TableName, targetName,
} from '../../model/net/netfilter.ts';
import { networkOf } from '../../model/net/network.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Session } from '../types.ts';
import { formatDate } from './date.ts';
import { hostNode, runsAsRoot } from './netns.ts';

export interface Counts {
  pkts: number;
  bytes: number;
}

/** The rules of the host the shell is on, with their counters. */
interface TablesView {
  ruleset: Ruleset;
  /** A rule's counters, or a built-in chain's policy counters when `rule` is undefined. */
  counts(table: string, chain: string, rule?: NetfilterRule): Counts;
  /** Tables the kernel has loaded (what iptables-save walks without -t). */
  loaded: string[];
  /** What a reverse lookup gives for an address (`iptables -L` without -n). */
  hostName(ip: Ipv4): string | undefined;
}

const VERSION = '1.8.4';
const PROG = `iptables v${VERSION} (legacy)`;
const ZERO: Counts = { pkts: 0, bytes: 0 };
const NO_RULES: Ruleset = { chains: { nat: [], mangle: [], filter: [] }, rules: [] };
const TABLE_NAMES = Object.keys(BUILTIN_CHAINS) as TableName[];

/** Built-in chains in hook order, as libiptc lists them. raw and security load on demand and stay empty here. */
const TABLE_CHAINS: Record<string, readonly string[]> = { ...BUILTIN_CHAINS, raw: ['PREROUTING', 'OUTPUT'], security: ['INPUT', 'FORWARD', 'OUTPUT'] };

/**
 * The tables iptables-save walks. The kernel lists them in the order their modules loaded, which differs from node
 * to node; nat, mangle, filter is our choice. A pod or the bastion has only filter loaded.
 */
const NODE_TABLES = ['nat', 'mangle', 'filter'];

// ---- where the command runs ------------------------------------------------------------------------------------

/** The node whose network namespace the shell is in: one it ssh'd into, or the node of a hostNetwork pod. */
function tablesView(session: Session): TablesView {
  const node = hostNode(session);
  // The bastion and pods run no CNI: their tables hold only the built-in chains.
  if (!node) return { ruleset: NO_RULES, counts: () => ZERO, loaded: ['filter'], hostName: () => undefined };
  const cluster = clusterSession(session).cluster;
  const net = networkOf(cluster);
  // The VPC's resolver names every address of the VPC, network addresses included (ip-192-168-0-0.….compute.internal).
  const hostName = (ip: Ipv4) => (cidrContains(cluster.vpc.cidr, ip) ? `${ipHostLabel(ip)}.${cluster.region}.compute.internal` : undefined);
  return { ruleset: net.ruleset(node), counts: (t, c, r) => net.counter(node, t, c, r), loaded: NODE_TABLES, hostName };
}

function userChains(ruleset: Ruleset, table: string): string[] {
  const name = TABLE_NAMES.find((t) => t === table);
  // libiptc keeps user chains sorted by strcmp (byte order), after the built-in ones.
  return name ? [...ruleset.chains[name]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [];
}

function chainsOf(ruleset: Ruleset, table: string): string[] {
  return [...(tableExists(table) ? TABLE_CHAINS[table] : []), ...userChains(ruleset, table)];
}

function rulesOf(ruleset: Ruleset, table: string, chain: string): NetfilterRule[] {
  return ruleset.rules.filter((r) => r.table === table && r.chain === chain);
}

function tableExists(table: string): boolean {
  return Object.hasOwn(TABLE_CHAINS, table);
}

function isBuiltin(table: string, chain: string): boolean {
  return tableExists(table) && TABLE_CHAINS[table].includes(chain);
}

function references(ruleset: Ruleset, table: string, chain: string): number {
  return ruleset.rules.filter((r) => r.table === table && (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === chain).length;
}

// ---- errors in iptables' words ------------------------------------------------------------------------------------

const TRY_HELP = "Try `iptables -h' or 'iptables --help' for more information.\n";

function parameterProblem(message: string): CommandOutput {
  return { stdout: '', stderr: `${PROG}: ${message}\n${TRY_HELP}`, exitCode: 2 };
}

function versionProblem(message: string): CommandOutput {
  return { stdout: '', stderr: `${PROG}: ${message}\nPerhaps iptables or your kernel needs to be upgraded.\n`, exitCode: 3 };
}

/** What iptables says to a user who is not root (iptc_init fails with EACCES). */
export function permissionDenied(table: string): CommandOutput {
  return versionProblem(`can't initialize iptables table \`${table}': Permission denied (you must be root)`);
}

const NO_CHAIN: CommandOutput = { stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', exitCode: 1 };

const NOT_SIMULATED: CommandOutput = {
  stdout: '',
  stderr: 'iptables: only listing (-S, -L) is simulated; the VPC CNI owns these rules: change them through aws-node\'s settings\n',
  exitCode: 2,
};

// ---- parsing (getopt_long as do_command4 drives it) -------------------------------------------------------------------

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** Reverse lookups for addresses when not numeric; without it (or without an answer) addresses print as numbers. */
  hostName?: (ip: Ipv4) => string | undefined;
}

interface Request extends ListFormat {
  command?: 'L' | 'S';
  chain?: string;
  rulenum?: number;
  table: string;
  seen: Set<string>;
}

type Parsed = { req: Request } | { done: CommandOutput };

const LONG_OPTIONS: Record<string, string> = {
  list: 'L', 'list-rules': 'S', table: 't', numeric: 'n', verbose: 'v', exact: 'x', 'line-numbers': '0', version: 'V',
  help: 'h', wait: 'w', 'wait-interval': 'W', modprobe: 'M', ipv4: '4', ipv6: '6', append: 'A', delete: 'D', check: 'C',
  insert: 'I', replace: 'R', flush: 'F', zero: 'Z', 'new-chain': 'N', 'delete-chain': 'X', 'rename-chain': 'E',
  policy: 'P', source: 's', destination: 'd', src: 's', dst: 'd', protocol: 'p', 'in-interface': 'i', jump: 'j',
  match: 'm', 'out-interface': 'o', fragments: 'f', 'set-counters': 'c', goto: 'g',
};

/** Options that change rules, or take a rule's matches: outside what this simulator does. */
const EDITING = 'ACDRIFZNXEPsdpjiomgcf';
/** Options whose argument is optional: attached (`-LINPUT`, `--list=INPUT`) or the next word when it is no option. */
const OPTIONAL_ARG = 'LSwWh';
const REQUIRED_ARG = 'tM';

/** A long option by its full name or an unambiguous prefix, as getopt_long accepts them. */
function longLetter(options: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(options, name)) return options[name];
  // Prefixes of several names are ambiguous unless they all mean the same option (--s: source, src, set-counters).
  const letters = new Set(Object.entries(options).filter(([n]) => n.startsWith(name)).map(([, l]) => l));
  return name && letters.size === 1 ? [...letters][0] : undefined;
}

/** The next word when getopt would take it as an optional argument (xs_has_arg). */
function nextArg(args: string[], cursor: { i: number }): string | undefined {
  const w = args[cursor.i + 1];
  if (w === undefined || w.startsWith('-') || w.startsWith('!')) return undefined;
  cursor.i++;
  return w;
}

function setCommand(req: Request, letter: 'L' | 'S'): CommandOutput | undefined {
  if (req.command) return parameterProblem(`Cannot use -${letter} with -${req.command}\n`);
  req.command = letter;
  return undefined;
}

function listCommand(req: Request, letter: 'L' | 'S', attached: string | undefined, args: string[], cursor: { i: number }): CommandOutput | undefined {
  const clash = setCommand(req, letter);
  if (clash) return clash;
  req.chain = attached ?? nextArg(args, cursor);
  const num = req.chain === undefined ? undefined : nextArg(args, cursor);
  if (num === undefined) return undefined;
  if (!/^\d+$/.test(num) || Number(num) < 1 || Number(num) > 2 ** 31 - 1) return parameterProblem(`Invalid rule number \`${num}'`);
  req.rulenum = Number(num);
  return undefined;
}

/** Applies one option; returns output when the command ends there (an error, -V, -h). */
function applyOption(req: Request, letter: string, value: string | undefined, args: string[], cursor: { i: number }): CommandOutput | undefined {
  req.seen.add(letter);
  if (letter === 'L' || letter === 'S') return listCommand(req, letter, value, args, cursor);
  if (letter === 't') req.table = value ?? '';
  else if (letter === 'n') req.numeric = true;
  else if (letter === 'v') req.verbose = true;
  else if (letter === 'x') req.exact = true;
  else if (letter === '0') req.lineNumbers = true;
  else if (letter === 'V') return { stdout: `${PROG}\n`, stderr: '', exitCode: 0 };
  else if (letter === 'h') return { stdout: HELP, stderr: '', exitCode: 0 };
  else if (letter === '6') return { stdout: '', stderr: `This is the IPv4 version of iptables.\n${TRY_HELP}`, exitCode: 2 };
  else if (letter === 'w' || letter === 'W') {
    if (value === undefined) nextArg(args, cursor);
  } else if (EDITING.includes(letter)) return NOT_SIMULATED;
  return undefined;
}

function parseLong(req: Request, word: string, args: string[], cursor: { i: number }): CommandOutput | undefined {
  const eq = word.indexOf('=');
  const name = word.slice(2, eq < 0 ? undefined : eq);
  const letter = longLetter(LONG_OPTIONS, name);
  if (!letter) return parameterProblem(`unknown option "${word}"`);
  let value = eq < 0 ? undefined : word.slice(eq + 1);
  if (REQUIRED_ARG.includes(letter) && value === undefined) {
    value = args[++cursor.i];
    if (value === undefined) return parameterProblem(`option "${word}" requires an argument`);
  }
  return applyOption(req, letter, value, args, cursor);
}

function parseCluster(req: Request, word: string, args: string[], cursor: { i: number }): CommandOutput | undefined {
  for (let j = 1; j < word.length; j++) {
    const letter = word[j];
    const rest = word.slice(j + 1);
    if (OPTIONAL_ARG.includes(letter)) return applyOption(req, letter, rest || undefined, args, cursor);
    if (REQUIRED_ARG.includes(letter)) {
      const value = rest || args[++cursor.i];
      if (value === undefined) return parameterProblem(`option "${word}" requires an argument`);
      return applyOption(req, letter, value, args, cursor);
    }
    if (!'nvxV46'.includes(letter) && !EDITING.includes(letter)) return parameterProblem(`unknown option "${word}"`);
    const out = applyOption(req, letter, undefined, args, cursor);
    if (out) return out;
  }
  return undefined;
}

function parseWord(req: Request, args: string[], cursor: { i: number }): CommandOutput | undefined {
  const word = args[cursor.i];
  if (word === '--') {
    return cursor.i + 1 < args.length ? parameterProblem('unknown arguments found on commandline') : undefined;
  }
  if (word.startsWith('--')) return parseLong(req, word, args, cursor);
  if (word.startsWith('-') && word.length > 1) return parseCluster(req, word, args, cursor);
  // The optstring starts with '-': a stray word reaches do_command4 as a non-option, reported without the prefix.
  return { stdout: '', stderr: `Bad argument \`${word}'\n${TRY_HELP}`, exitCode: 2 };
}

/** generic_opt_check: -S takes none of -n, -x, --line-numbers (iptables reports the first in its option order). */
function checkListRulesOptions(req: Request): CommandOutput | undefined {
  if (req.command !== 'S') return undefined;
  const illegal = ['n', 'x', '0'].find((l) => req.seen.has(l));
  return illegal ? parameterProblem(`Illegal option \`-${illegal}' with this command\n`) : undefined;
}

function parseIptables(args: string[]): Parsed {
  const req: Request = { table: 'filter', numeric: false, verbose: false, exact: false, lineNumbers: false, seen: new Set() };
  const cursor = { i: 0 };
  for (; cursor.i < args.length; cursor.i++) {
    const out = parseWord(req, args, cursor);
    if (out) return { done: out };
    if (args[cursor.i] === '--') break;
  }
  if (!req.command) return { done: parameterProblem('no command specified') };
  const illegal = checkListRulesOptions(req);
  return illegal ? { done: illegal } : { req };
}

// ---- iptables -S ------------------------------------------------------------------------------------------------------

/** iptables -v -S puts the counters just before the target (print_rule4 with counters < 0). */
function withCounters(spec: string, c: Counts): string {
  const at = spec.startsWith('-j ') ? 0 : spec.lastIndexOf(' -j ') + 1;
  return `${spec.slice(0, at)}-c ${c.pkts} ${c.bytes} ${spec.slice(at)}`;
}

function declaration(view: TablesView, table: string, chain: string, verbose: boolean): string {
  if (!isBuiltin(table, chain)) return `-N ${chain}`;
  const c = view.counts(table, chain);
  return `-P ${chain} ACCEPT${verbose ? ` -c ${c.pkts} ${c.bytes}` : ''}`;
}

function appendLine(view: TablesView, rule: NetfilterRule, verbose: boolean): string {
  const spec = ruleSpec(rule);
  return `-A ${rule.chain} ${verbose ? withCounters(spec, view.counts(rule.table, rule.chain, rule)) : spec}`;
}

/** list_rules: every chain's -P or -N line first (so the output restores in order), then the rules. */
function listRules(view: TablesView, req: Request, chains: string[]): string {
  const lines = req.rulenum ? [] : chains.map((c) => declaration(view, req.table, c, req.verbose));
  for (const chain of chains) {
    const rules = rulesOf(view.ruleset, req.table, chain);
    const shown = req.rulenum ? rules.slice(req.rulenum - 1, req.rulenum) : rules;
    lines.push(...shown.map((r) => appendLine(view, r, req.verbose)));
  }
  return lines.map((l) => `${l}\n`).join('');
}

// ---- iptables -L --------------------------------------------------------------------------------------------------------

const UNITS = ['K', 'M', 'G', 'T'];

/** xtables_print_num: 5 columns, then K/M/G/T with rounding, unless -x (8 columns, exact). `table` false: no padding. */
function formatCount(n: number, exact: boolean, table = true): string {
  if (exact) return table ? `${String(n).padStart(8)} ` : `${n} `;
  if (n <= 99999) return table ? `${String(n).padStart(5)} ` : `${n} `;
  let v = Math.floor((n + 500) / 1000);
  let unit = 0;
  while (v > 9999 && unit < UNITS.length - 1) {
    v = Math.floor((v + 500) / 1000);
    unit++;
  }
  return table ? `${String(v).padStart(4)}${UNITS[unit]} ` : `${v}${UNITS[unit]} `;
}

/** print_header's first line: the policy and its counters for a built-in chain, the references for a user chain. */
export function formatChainHeader(chain: string, policy: Counts | undefined, refs: number, o: ListFormat): string {
  if (!policy) return `Chain ${chain} (${refs} references)`;
  if (!o.verbose) return `Chain ${chain} (policy ACCEPT)`;
  return `Chain ${chain} (policy ACCEPT ${formatCount(policy.pkts, o.exact, false)}packets, ${formatCount(policy.bytes, o.exact, false)}bytes)`;
}

function columnHeader(o: ListFormat): string {
  let s = o.lineNumbers ? `${'num'.padEnd(4)} ` : '';
  if (o.verbose) s += o.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : `${'pkts'.padStart(5)} ${'bytes'.padStart(5)} `;
  s += `${'target'.padEnd(9)} `;
  s += ' prot opt';
  if (o.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return `${s} ${'source'.padEnd(19)}  ${'destination'.padEnd(19)} `;
}

function ifaceText(m: Negatable<string> | undefined, numeric: boolean): string {
  return `${m?.not ? '!' : ''}${m?.value ?? (numeric ? '*' : 'any')}`;
}

/** An address column: the inversion mark, then the address or its name, then the mask (none for /32). */
function addrText(m: Negatable<Cidr> | undefined, o: ListFormat): string {
  const mark = m?.not ? '!' : ' ';
  if (!m || m.value.prefix === 0) return `${mark}${(o.numeric ? '0.0.0.0/0' : 'anywhere').padEnd(19)} `;
  const host = (!o.numeric && o.hostName?.(m.value.base)) || formatIpv4(m.value.base);
  const suffix = m.value.prefix === 32 ? '' : `/${m.value.prefix}`;
  return `${mark}${`${host}${suffix}`.padEnd(19)} `;
}

/** print_firewall in table format: counters, target, protocol, options, interfaces, addresses, then the matches. */
export function formatRuleRow(rule: NetfilterRule, counts: Counts, o: ListFormat, num = 0): string {
  let s = o.lineNumbers ? `${String(num).padEnd(4)} ` : '';
  if (o.verbose) s += formatCount(counts.pkts, o.exact) + formatCount(counts.bytes, o.exact);
  // The model's rules match every protocol and no fragment flag: ` all  -- `.
  s += `${targetName(rule.target).padEnd(9)}  ${(rule.match.proto ? protoName(rule.match.proto, o.numeric) : 'all').padEnd(5)}-- `;
  if (o.verbose) s += ` ${ifaceText(rule.match.inIface, o.numeric).padEnd(6)} ${ifaceText(rule.match.outIface, o.numeric).padEnd(6)} `;
  return s + addrText(rule.match.src, o) + addrText(rule.match.dst, o) + ruleListExtras(rule, o.numeric);
}

function listChain(view: TablesView, req: Request, chain: string): string[] {
  const o: ListFormat = { ...req, hostName: view.hostName };
  const lines: string[] = [];
  if (!req.rulenum) {
    const policy = isBuiltin(req.table, chain) ? view.counts(req.table, chain) : undefined;
    lines.push(formatChainHeader(chain, policy, references(view.ruleset, req.table, chain), o), columnHeader(o));
  }
  rulesOf(view.ruleset, req.table, chain).forEach((rule, i) => {
    if (!req.rulenum || req.rulenum === i + 1) lines.push(formatRuleRow(rule, view.counts(req.table, chain, rule), o, i + 1));
  });
  return lines;
}

/** list_entries: the chains one after another, a blank line between them. */
function listEntries(view: TablesView, req: Request, chains: string[]): string {
  return chains.map((c) => listChain(view, req, c).map((l) => `${l}\n`).join('')).join('\n');
}

// ---- the commands -----------------------------------------------------------------------------------------------------

function runIptables(args: string[], session: Session): CommandOutput {
  const parsed = parseIptables(args);
  if ('done' in parsed) return parsed.done;
  const req = parsed.req;
  if (!runsAsRoot(session)) return permissionDenied(req.table);
  if (!tableExists(req.table)) return versionProblem(`can't initialize iptables table \`${req.table}': Table does not exist (do you need to insmod?)`);
  const view = tablesView(session);
  const chains = chainsOf(view.ruleset, req.table).filter((c) => req.chain === undefined || c === req.chain);
  if (chains.length === 0) return NO_CHAIN;
  const stdout = req.command === 'S' ? listRules(view, req, chains) : listEntries(view, req, chains);
  return { stdout, stderr: '', exitCode: 0 };
}

export const iptables: Command = {
  name: 'iptables',
  usage: 'iptables [-t nat|mangle|filter] -S [CHAIN] | -L [CHAIN] [-n] [-v] [-x] [--line-numbers]',
  complete(words) {
    const prev = words[words.length - 1];
    if (prev === '-t' || prev === '--table') return NODE_TABLES;
    return ['-t', '-S', '-L', '-n', '-v', '-x', '--line-numbers'];
  },
  run({ args, session }) {
    return runIptables(args, session);
  },
};

// ---- iptables-save ------------------------------------------------------------------------------------------------------

/** ctime(3) in UTC: `Fri May  5 17:56:18 2023`. */
function ctime(ms: number): string {
  return formatDate(ms, '%a %b %e %H:%M:%S %Y');
}

function chainLine(view: TablesView, table: string, chain: string): string {
  if (!isBuiltin(table, chain)) return `:${chain} - [0:0]`;
  const c = view.counts(table, chain);
  return `:${chain} ACCEPT [${c.pkts}:${c.bytes}]`;
}

function saveRule(view: TablesView, rule: NetfilterRule, counters: boolean): string {
  const c = view.counts(rule.table, rule.chain, rule);
  return `${counters ? `[${c.pkts}:${c.bytes}] ` : ''}-A ${rule.chain} ${ruleSpec(rule)}`;
}

/** do_output: the header, the table, every chain with its policy and counters, the rules, COMMIT, the footer. */
function saveTable(view: TablesView, table: string, counters: boolean, now: number): string {
  const chains = chainsOf(view.ruleset, table);
  const lines = [
    `# Generated by iptables-save v${VERSION} on ${ctime(now)}`,
    `*${table}`,
    ...chains.map((c) => chainLine(view, table, c)),
    ...chains.flatMap((c) => rulesOf(view.ruleset, table, c).map((r) => saveRule(view, r, counters))),
    'COMMIT',
    `# Completed on ${ctime(now)}`,
  ];
  return lines.map((l) => `${l}\n`).join('');
}

interface SaveRequest {
  table?: string;
  counters: boolean;
  stderr: string;
}

const SAVE_LONG: Record<string, string> = { binary: 'b', counters: 'c', dump: 'd', table: 't', modprobe: 'M', version: 'V' };

/** One option word as getopt_long splits it: its letter and an attached value (`-tnat`, `--table=nat`). */
function saveOption(word: string): { letter?: string; attached?: string } {
  if (!word.startsWith('--')) return { letter: word[1], attached: word.slice(2) || undefined };
  const eq = word.indexOf('=');
  return { letter: longLetter(SAVE_LONG, word.slice(2, eq < 0 ? undefined : eq)), attached: eq < 0 ? undefined : word.slice(eq + 1) };
}

/** glibc's own report of an option getopt does not know; iptables-save then stops. */
function saveUnknown(word: string): CommandOutput {
  const text = word.startsWith('--') ? `unrecognized option '${word}'` : `invalid option -- '${word[1]}'`;
  return { stdout: '', stderr: `iptables-save: ${text}\n`, exitCode: 1 };
}

/** getopt_long over "bcdt:M:V". */
function parseSave(args: string[]): SaveRequest | CommandOutput {
  const req: SaveRequest = { counters: false, stderr: '' };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word.startsWith('-') || word === '-') return { stdout: '', stderr: 'Unknown arguments found on commandline\n', exitCode: 1 };
    const { letter, attached } = saveOption(word);
    if (letter === 'c') req.counters = true;
    else if (letter === 'b') req.stderr += '-b/--binary option is not implemented\n';
    else if (letter === 'V') return { stdout: `iptables-save v${VERSION} (legacy)\n`, stderr: '', exitCode: 0 };
    else if (letter === 't' || letter === 'M') {
      const value = attached ?? args[++i];
      if (value === undefined) return { stdout: '', stderr: `iptables-save: option requires an argument -- '${letter}'\n`, exitCode: 1 };
      if (letter === 't') req.table = value;
    } else if (letter !== 'd') return saveUnknown(word);
  }
  return req;
}

function runSave(args: string[], session: Session): CommandOutput {
  const req = parseSave(args);
  if ('exitCode' in req) return req;
  if (req.table !== undefined && !tableExists(req.table)) {
    return { stdout: '', stderr: `iptables-save v${VERSION} (legacy): Cannot initialize: Table does not exist (do you need to insmod?)\n\n`, exitCode: 1 };
  }
  const view = tablesView(session);
  const tables = req.table !== undefined ? [req.table] : view.loaded;
  const stdout = tables.map((t) => saveTable(view, t, req.counters, session.now())).join('');
  return { stdout, stderr: req.stderr, exitCode: 0 };
}

export const iptablesSave: Command = {
  name: 'iptables-save',
  usage: 'iptables-save [-t TABLE] [-c]',
  complete: () => ['-t', '-c'],
  run({ args, session }) {
    return runSave(args, session);
  },
};

/** The synopsis exit_printhelp starts with. */
const HELP = `iptables v${VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

`;
