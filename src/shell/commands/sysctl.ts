// sysctl as Amazon Linux 2 has it (procps-ng 3.3.10, sysctl.c) over the node's kernel parameters (model/net/sysctl.ts):
// `sysctl KEY…`, `-n`, `-N`, `-b`, `-e`, `-q`, `-a` (with `-r REGEX`), `-w KEY=VALUE` (or any KEY=VALUE), `-p [FILE]`.
// Its quirks kept: a failed read or write adds -1 to the exit status (one failure exits 255), a value the kernel
// rejects warns `setting key "…": Invalid argument` and is still echoed, an unknown option prints the usage on
// stdout and exits 0, and the permission message quotes the key with single quotes (procps-ng 4 uses double).
import type { Node } from '../../model/cluster/types.ts';
import { networkOf } from '../../model/net/network.ts';
import { nodeSysctls, type SysctlEntry, writeSysctl } from '../../model/net/sysctl.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandInput, CommandOutput } from '../types.ts';
import { hostNode, runsAsRoot } from './netns.ts';
import { compile, posixToJs } from './regex.ts';
import { parseOptions, readPath } from './util.ts';

const PROC_PATH = '/proc/sys/';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of a variables
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

interface Flags {
  nameOnly: boolean;
  printName: boolean;
  printNewline: boolean;
  ignoreError: boolean;
  quiet: boolean;
  pattern?: RegExp;
}

/**
 * slashdot: the first separator decides the form; `net/ipv4/ip_forward` becomes `net.ipv4.ip_forward`, and a name
 * already in the wanted form stays as it is (a mixed one has both kinds swapped, as procps does).
 */
function slashdot(name: string, from: '/' | '.', to: '/' | '.'): string {
  const first = name.search(/[/.]/);
  if (first < 0 || name[first] === to) return name;
  return name.replace(/[/.]/g, (c) => (c === from ? to : from));
}

class Sysctl {
  stdout = '';
  stderr = '';
  private readonly entries: Map<string, SysctlEntry>;
  private readonly sorted: SysctlEntry[];
  private readonly node: Node;
  private readonly root: boolean;
  private readonly f: Flags;

  constructor(entries: SysctlEntry[], node: Node, root: boolean, f: Flags) {
    this.sorted = entries;
    this.entries = new Map(entries.map((e) => [e.key, e]));
    this.node = node;
    this.root = root;
    this.f = f;
  }

  private warn(text: string): void {
    this.stderr += `sysctl: ${text}\n`;
  }

  /** Directories are the dotted prefixes of the keys. */
  private isDirectory(key: string): boolean {
    return this.sorted.some((e) => e.key.startsWith(`${key}.`));
  }

  /** ReadSetting: the key's line, or the whole directory below it (DisplayAll). */
  read(name: string): number {
    if (name === '') {
      this.warn('"" is an unknown key');
      return -1;
    }
    const key = slashdot(name, '/', '.');
    const path = PROC_PATH + slashdot(name, '.', '/');
    const entry = this.entries.get(key);
    if (!entry && !this.isDirectory(key)) {
      if (this.f.ignoreError) return 0;
      this.warn(`cannot stat ${path}: No such file or directory`);
      return -1;
    }
    if (!entry) return this.displayAll(`${key}.`);
    if (this.f.pattern && !this.f.pattern.test(key)) return 0;
    if (this.f.nameOnly) this.stdout += `${key}\n`;
    else if (this.f.printName) this.stdout += `${key} = ${entry.value}\n`;
    else this.stdout += this.f.printNewline ? `${entry.value}\n` : entry.value;
    return 0;
  }

  /** DisplayAll: every key under a directory, in the order procfs lists them. */
  displayAll(prefix = ''): number {
    let rc = 0;
    for (const e of this.sorted) if (e.key.startsWith(prefix)) rc |= this.read(e.key);
    return rc;
  }

  /** WriteSetting: `name=value` through the kernel's handler for the key. */
  write(setting: string): number {
    const eq = setting.indexOf('=');
    if (eq < 0) {
      this.warn(`"${setting}" must be of the form name=value`);
      return -1;
    }
    const value = setting.slice(eq + 1);
    if (eq === 0 || value === '') {
      this.warn(`malformed setting "${setting}"`);
      return -2;
    }
    const name = setting.slice(0, eq);
    const key = slashdot(name, '/', '.');
    const entry = this.entries.get(key);
    if (!entry) {
      if (this.isDirectory(key)) {
        this.warn(`setting key "${key}": Is a directory`);
        return 0;
      }
      if (this.f.ignoreError) return 0;
      this.warn(`cannot stat ${PROC_PATH}${slashdot(name, '.', '/')}: No such file or directory`);
      return -1;
    }
    // A 0444 file fails the mode check before the open; xwarn adds whatever errno an earlier call left (procps-ng 4.0.2
    // prints Invalid argument here, on the machine the tests compare with).
    if (entry.readOnly) {
      this.warn(`setting key "${key}": Invalid argument`);
      return 0;
    }
    if (!this.root) {
      this.warn(`permission denied on key '${key}'`);
      return -1;
    }
    // The kernel's answer comes when the stream is closed, after sysctl has decided the write worked.
    if (writeSysctl(this.node, entry, value) === 'invalid') this.warn(`setting key "${key}": Invalid argument`);
    if (!this.f.quiet) {
      if (this.f.nameOnly) this.stdout += `${key}\n`;
      else if (this.f.printName) this.stdout += `${key} = ${value}\n`;
      else this.stdout += this.f.printNewline ? `${value}\n` : value;
    }
    return 0;
  }

  /** Preload: `name = value` lines of a file, comments (# ;) and short lines skipped. */
  preload(file: string, text: string | undefined): number {
    if (text === undefined) {
      this.warn(`cannot open "${file}": No such file or directory`);
      return -1;
    }
    let rc = 0;
    text.split('\n').forEach((raw, i) => {
      if (raw === '' && i === text.split('\n').length - 1) return;
      const line = raw.trim();
      if (line.length < 2 || line[0] === '#' || line[0] === ';') return;
      const eq = line.indexOf('=');
      const name = (eq < 0 ? line : line.slice(0, eq)).trim();
      const value = eq < 0 ? '' : line.slice(eq + 1).replace(/[\r\n].*$/, '').replace(/^[ \t]+/, '');
      if (name === '' || value === '') {
        this.warn(`${file}(${i + 1}): invalid syntax, continuing...`);
        return;
      }
      if (this.f.pattern && !this.f.pattern.test(name)) return;
      rc |= this.write(`${name}=${value}`);
    });
    return rc;
  }
}

/** `-pFILE` and `--load=FILE`: p's argument is optional, so it is only ever joined to the option. */
function splitLoadOption(args: string[]): { args: string[]; file?: string } {
  let file: string | undefined;
  const out = args.map((a) => {
    if (a.startsWith('--load=')) {
      file = a.slice(7);
      return '--load';
    }
    // Letters before it are flags (not -r, whose value would swallow the rest); what follows p is its file.
    const m = /^-([^-rpf]*)[pf](.+)$/.exec(a);
    if (m) {
      file = m[2];
      return `-${m[1]}p`;
    }
    return a;
  });
  return { args: out, file };
}

const exitOf = (rc: number) => ((rc % 256) + 256) % 256;

export const sysctl: Command = {
  name: 'sysctl',
  usage: 'sysctl [-n] [-e] [-N] [-q] [-w] [-a] [-p [FILE]] [variable[=value] ...]',
  hosts: ['node'],
  complete: (words, session) => {
    const node = hostNode(session);
    if (!node) return [];
    return nodeSysctls(clusterSession(session).cluster, node, 0).map((e) => e.key);
  },
  run(input: CommandInput): CommandOutput {
    const { session } = input;
    if (input.args.length === 0) return { stdout: '', stderr: USAGE, exitCode: 1 };
    const split = splitLoadOption(input.args);
    const parsed = parseOptions(split.args, {
      flags: 'bneNwfpqoxaAXVdhSD',
      valued: 'r',
      long: { all: 'a', deprecated: 'D', binary: 'b', ignore: 'e', names: 'N', values: 'n', load: 'p', quiet: 'q', write: 'w', system: 'S', pattern: 'r', help: 'h', version: 'V' },
    });
    // getopt's complaint, then the usage on stdout: sysctl.c treats '?' like -h.
    if (!parsed.ok) return { stdout: USAGE, stderr: `sysctl: ${parsed.message}\n`, exitCode: 0 };
    const o = parsed.opts;
    for (const { letter } of o.sequence) {
      if (letter === 'V') return { stdout: 'sysctl from procps-ng 3.3.10\n', stderr: '', exitCode: 0 };
      if (letter === 'h' || letter === 'd') return { stdout: USAGE, stderr: '', exitCode: 0 };
    }
    let pattern: RegExp | undefined;
    const re = o.values.get('r')?.at(-1);
    if (re !== undefined) {
      const t = posixToJs(re, 'extended');
      const c = t.ok ? compile(t.source, '') : undefined;
      // regcomp failing matches nothing.
      pattern = c instanceof RegExp ? c : /(?!)/;
    }
    const f: Flags = {
      nameOnly: o.flags.has('N'),
      printName: !(o.flags.has('n') || o.flags.has('b')),
      printNewline: !o.flags.has('b'),
      ignoreError: o.flags.has('e'),
      quiet: o.flags.has('q'),
      pattern,
    };
    const s = clusterSession(session);
    const node = hostNode(session)!;
    const entries = nodeSysctls(s.cluster, node, networkOf(s.cluster).conntrack(node.name).list(s.now()).length);
    const run = new Sysctl(entries, node, runsAsRoot(session), f);
    // Warnings go out unbuffered, the values when stdout is flushed: into a pipe, at exit.
    const done = (rc: number): CommandOutput => ({ stdout: run.stdout, stderr: run.stderr, exitCode: exitOf(rc), stderrFirst: run.stderr !== '' });
    if (o.flags.has('S')) {
      // --system reads /run/sysctl.d, /etc/sysctl.d, /usr/lib/sysctl.d …: files this model does not have.
      return done(run.preload('/etc/sysctl.conf', readFile(input, '/etc/sysctl.conf')));
    }
    if (o.flags.has('a') || o.flags.has('A') || o.flags.has('X')) return done(run.displayAll());
    if (o.flags.has('p') || o.flags.has('f')) {
      let rc = 0;
      if (split.file !== undefined) rc |= run.preload(split.file, readFile(input, split.file));
      else if (o.operands.length === 0) rc |= run.preload('/etc/sysctl.conf', readFile(input, '/etc/sysctl.conf'));
      for (const file of o.operands) rc |= run.preload(file, readFile(input, file));
      return done(rc);
    }
    if (o.operands.length === 0) {
      return { stdout: '', stderr: "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", exitCode: 1 };
    }
    if (f.nameOnly && f.quiet) {
      return { stdout: '', stderr: "sysctl: options -N and -q cannot coexist\nTry `sysctl --help' for more information.\n", exitCode: 1 };
    }
    let rc = 0;
    for (const arg of o.operands) rc += o.flags.has('w') || arg.includes('=') ? run.write(arg) : run.read(arg);
    return done(rc);
  },
};

function readFile(input: CommandInput, path: string): string | undefined {
  const r = readPath(input.session, path);
  return r.ok ? r.text : undefined;
}
