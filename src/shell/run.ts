// The shell: runs command lines against a Session, with pipes, && || ;, redirections and a few builtins.
// It never throws: parse errors, expansion errors and exceptions inside commands all become bash-style text.

import {
  completionContext,
  expandCommand,
  splitLine,
  type ExpandContext,
  type Redirect,
  type RawCommand,
  type RawPipeline,
  type SimpleCommand,
} from './parse.ts';
import type { Registry } from './registry.ts';
import type { Command, CommandInput, CommandOutput, Emission, Process, Session } from './types.ts';

export interface ShellResult {
  /** stdout and stderr interleaved as a terminal shows them. */
  output: string;
  /** The same output in order, each piece tagged with its stream, for faces that keep them apart (the CLI in
   *  pipe mode writes stderr to its own stderr). */
  chunks: Chunk[];
  exitCode: number;
  /** In an interactive session, a command still running in the foreground (ping, tcpdump): the terminal runs it
   *  on with the wall clock and stops it on Ctrl-C. Outside interactive sessions the shell runs it to the end. */
  live?: Process;
}

export interface Shell {
  /** Runs one command line typed by the user (recorded in history). */
  run(line: string): ShellResult;
  /** Runs a command line with stdout and stderr kept apart (what CommandInput.exec gives commands). */
  exec(line: string): CommandOutput;
  /** Completion candidates for the word that ends at `cursor`. */
  complete(line: string, cursor: number): string[];
  /** Lines given to run(), oldest first. */
  readonly history: readonly string[];
  /** Runs background jobs up to the current model time and returns what they printed (the terminal calls this
   *  while it waits at the prompt or runs a foreground process). */
  pollJobs(): string;
  /** Runs a process handed back in ShellResult.live to its end with model time (a replay does not wait). */
  finish(p: Process): ShellResult;
}

/** Nested exec()/$(…) deeper than this is a loop (`watch watch watch …`, an alias calling itself through sh). */
const MAX_DEPTH = 32;
/** $$: the shell's pid. A fixed number keeps runs reproducible. */
const SHELL_PID = '4242';
/** A command that would run until Ctrl-C is stopped as if Ctrl-C came after this much model time, when no one
 *  is at the keyboard (a script, the CLI reading a pipe, `wait` on an endless job). */
export const ENDLESS_AFTER_MS = 10_000;

type Stream = 'out' | 'err';
export interface Chunk {
  stream: Stream;
  text: string;
}

/** Where a file descriptor points while one command runs. */
type Destination =
  | { kind: 'out' } // the pipe to the next stage, or the terminal's stdout
  | { kind: 'err' } // the terminal's stderr
  | { kind: 'null' }
  | { kind: 'file'; path: string; append: boolean };

interface LineResult {
  chunks: Chunk[];
  exitCode: number;
  /** The line's last command is still running (handed to the caller rather than run to the end). */
  process?: Process;
}

interface Job {
  number: number;
  pid: number;
  title: string;
  process: Process;
}

const BUILTIN_USAGE: Record<string, string> = {
  alias: 'alias [-p] [name[=value] ... ]',
  cd: 'cd [dir]',
  clear: 'clear',
  exit: 'exit [n]',
  export: 'export [-p] [name[=value] ...]',
  false: 'false',
  help: 'help',
  history: 'history',
  jobs: 'jobs [-l]',
  fg: 'fg [job_spec]',
  kill: 'kill [-s sigspec | -sigspec] pid | jobspec ...',
  true: 'true',
  wait: 'wait [id ...]',
  unalias: 'unalias [-a] name [name ...]',
  unset: 'unset name [name ...]',
};

function bashQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function isValidName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

export function createShell(session: Session, registry: Registry): Shell {
  const history: string[] = [];
  let lastExitCode = 0;
  const jobs: Job[] = [];
  let nextPid = 4301;

  // ------------------------------------------------------------ processes and jobs

  const byTime = (a: Emission, b: Emission) => a.at - b.at;
  const toChunks = (list: Emission[]): Chunk[] => list.map((e) => ({ stream: e.stream, text: e.text }));

  /** Runs every background job up to `until` and drops the finished ones. */
  function runJobs(until: number): Emission[] {
    const out: Emission[] = [];
    for (const job of [...jobs]) {
      if (!job.process.done) out.push(...job.process.runUntil(until));
      if (job.process.done) {
        jobs.splice(jobs.indexOf(job), 1);
        if (session.interactive) out.push({ at: until, stream: 'err', text: `[${job.number}]+  ${'Done'.padEnd(24)}${job.title}\n` });
      }
    }
    return out;
  }

  /** Moves model time forward to `at` (controllers and ipamd run on the way). */
  function advanceTo(at: number): void {
    const now = session.now();
    if (at > now) session.advance((at - now) / 1000);
  }

  /**
   * Runs a foreground process to its end with model time, background jobs alongside. A process that would run
   * until Ctrl-C is interrupted after ENDLESS_AFTER_MS.
   */
  function drive(p: Process): { own: Emission[]; others: Emission[] } {
    const own: Emission[] = [];
    const others: Emission[] = [];
    const cap = session.now() + ENDLESS_AFTER_MS;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const now = session.now();
      own.push(...p.runUntil(now));
      others.push(...runJobs(now));
      if (p.done) break;
      const next = Math.min(p.nextAt(), ...jobs.map((j) => j.process.nextAt()));
      if (next > cap) {
        advanceTo(cap);
        own.push(...p.runUntil(cap));
        others.push(...runJobs(cap));
        if (!p.done) own.push(...p.interrupt());
        break;
      }
      advanceTo(Math.max(next, now));
      if (next <= now && p.nextAt() <= now) {
        // A process that keeps asking for the current instant would spin: let time pass a little.
        advanceTo(now + 1);
      }
    }
    return { own: own.sort(byTime), others: others.sort(byTime) };
  }

  function startJob(p: Process, title: string, chunks: Chunk[]): void {
    const job: Job = { number: (jobs.at(-1)?.number ?? 0) + 1, pid: nextPid, title, process: p };
    nextPid += 7;
    jobs.push(job);
    // Only interactive bash reports the job number and pid.
    if (session.interactive) chunks.push({ stream: 'err', text: `[${job.number}] ${job.pid}\n` });
  }

  function findJob(spec: string | undefined): Job | undefined {
    if (spec === undefined || spec === '%' || spec === '%%' || spec === '%+') return jobs.at(-1);
    if (spec.startsWith('%')) return jobs.find((j) => String(j.number) === spec.slice(1));
    return jobs.find((j) => String(j.pid) === spec);
  }

  // ------------------------------------------------------------ builtins

  /** What a builtin can do besides returning output: ask the current line to stop (exit left a host). */
  interface BuiltinContext {
    stopLine(): void;
  }
  type Builtin = (args: string[], stdin: string, ctx: BuiltinContext) => CommandOutput;
  const result = (stdout = '', stderr = '', exitCode = 0): CommandOutput => ({ stdout, stderr, exitCode });

  const builtins: Record<string, Builtin> = {
    true: () => result(),
    false: () => result('', '', 1),
    cd: (args) => { const dir = args[0] ?? session.env.get('HOME') ?? '/'; const e = session.chdir?.(dir); return e ? result('', `bash: cd: ${dir}: ${e}\n`, 1) : result(); },
    clear: () => result(),
    exit: (_args, _stdin, ctx) => {
      if (session.popHost()) ctx.stopLine();
      return result();
    },
    export: (args) => {
      const names = args.filter((a) => a !== '-p');
      if (names.length === 0) {
        const lines = [...session.env.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => `declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`);
        return result(lines.join(''));
      }
      let stderr = '';
      for (const arg of names) {
        const eq = arg.indexOf('=');
        const name = eq < 0 ? arg : arg.slice(0, eq);
        if (!isValidName(name)) stderr += `bash: export: \`${arg}': not a valid identifier\n`;
        else if (eq >= 0) session.env.set(name, arg.slice(eq + 1));
      }
      return result('', stderr, stderr ? 1 : 0);
    },
    unset: (args) => {
      for (const name of args) session.env.delete(name);
      return result();
    },
    alias: (args) => {
      const list = (names: string[]) => names.map((n) => `alias ${n}=${bashQuote(session.aliases.get(n)!)}\n`).join('');
      const names = args.filter((a) => a !== '-p');
      if (names.length === 0) return result(list([...session.aliases.keys()].sort()));
      let stdout = '';
      let stderr = '';
      for (const arg of names) {
        const eq = arg.indexOf('=');
        if (eq > 0) session.aliases.set(arg.slice(0, eq), arg.slice(eq + 1));
        else if (session.aliases.has(arg)) stdout += list([arg]);
        else stderr += `bash: alias: ${arg}: not found\n`;
      }
      return result(stdout, stderr, stderr ? 1 : 0);
    },
    unalias: (args) => {
      if (args.length === 0) return result('', 'unalias: usage: unalias [-a] name [name ...]\n', 2);
      if (args.includes('-a')) {
        session.aliases.clear();
        return result();
      }
      let stderr = '';
      for (const name of args) {
        if (!session.aliases.delete(name)) stderr += `bash: unalias: ${name}: not found\n`;
      }
      return result('', stderr, stderr ? 1 : 0);
    },
    history: () => result(history.map((line, i) => `${String(i + 1).padStart(5)}  ${line}\n`).join('')),
    jobs: (args) => {
      const long = args.includes('-l');
      const lines = jobs.map((j, i) => {
        const mark = i === jobs.length - 1 ? '+' : i === jobs.length - 2 ? '-' : ' ';
        const status = j.process.done ? 'Done' : 'Running';
        return `[${j.number}]${mark}  ${long ? `${j.pid} ` : ''}${status.padEnd(24)}${j.title}${j.process.done ? '' : ' &'}\n`;
      });
      return result(lines.join(''));
    },
    wait: (args) => {
      const targets = args.length ? args.map((a) => findJob(a)) : [...jobs];
      let out = '';
      let err = '';
      let code = 0;
      for (const [k, job] of targets.entries()) {
        if (!job) {
          err += `bash: wait: ${args[k]}: no such job\n`;
          code = 127;
          continue;
        }
        jobs.splice(jobs.indexOf(job), 1);
        const { own, others } = drive(job.process);
        for (const e of [...own, ...others].sort(byTime)) {
          if (e.stream === 'out') out += e.text;
          else err += e.text;
        }
        code = job.process.exitCode;
      }
      return result(out, err, code);
    },
    fg: (args) => {
      const job = findJob(args[0]);
      if (!job) return result('', `bash: fg: ${args[0] ?? 'current'}: no such job\n`, 1);
      jobs.splice(jobs.indexOf(job), 1);
      return { stdout: `${job.title}\n`, stderr: '', exitCode: 0, process: job.process };
    },
    kill: (args) => {
      const targets = args.filter((a) => !/^-(\w+|s)$/.test(a));
      if (targets.length === 0) return result('', 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n', 2);
      let err = '';
      let out = '';
      for (const t of targets) {
        const job = findJob(t);
        if (!job) {
          err += t.startsWith('%') ? `bash: kill: ${t}: no such job\n` : `bash: kill: (${t}) - No such process\n`;
          continue;
        }
        jobs.splice(jobs.indexOf(job), 1);
        for (const e of job.process.interrupt()) {
          if (e.stream === 'out') out += e.text;
          else err += e.text;
        }
        if (session.interactive) err += `[${job.number}]+  ${'Terminated'.padEnd(24)}${job.title}\n`;
      }
      return result(out, err, err && !out ? 1 : 0);
    },
    help: () => {
      const lines = [
        ...Object.entries(BUILTIN_USAGE).map(([, usage]) => usage),
        ...availableCommands().map((c) => c.usage),
      ];
      return result(lines.map((l) => `${l}\n`).join(''));
    },
  };

  // ------------------------------------------------------------ lookup

  const availableOnHost = (cmd: Command) => !cmd.hosts || cmd.hosts.includes(session.host().kind);

  const availableCommands = (): Command[] =>
    registry
      .names()
      .map((n) => registry.lookup(n))
      .filter((c): c is Command => c !== undefined && availableOnHost(c));

  const findCommand = (name: string): Command | undefined => {
    const cmd = registry.lookup(name);
    return cmd && availableOnHost(cmd) ? cmd : undefined;
  };

  // ------------------------------------------------------------ execution

  const lookupVar = (name: string): string | undefined => {
    if (name === '?') return String(lastExitCode);
    if (name === '$') return SHELL_PID;
    if (name === '0') return 'bash';
    if (name === '#') return '0';
    return session.env.get(name);
  };

  /** `handUp`: the caller takes a still-running last command (otherwise the line runs to its end). */
  function execLine(line: string, depth: number, handUp = false): LineResult {
    if (depth > MAX_DEPTH) {
      return { chunks: [{ stream: 'err', text: `bash: maximum nesting level exceeded (${MAX_DEPTH})\n` }], exitCode: 1 };
    }
    const chunks: Chunk[] = [];
    const split = splitLine(line, session.aliases);
    if (!split.ok) {
      lastExitCode = 2;
      return { chunks: [{ stream: 'err', text: `${split.error}\n` }], exitCode: 2 };
    }
    let stopped = false;
    let handedUp: Process | undefined;
    const ctx: BuiltinContext = { stopLine: () => (stopped = true) };
    split.items.forEach((item, k) => {
      if (stopped) return;
      if (item.connector === '&&' && lastExitCode !== 0) return;
      if (item.connector === '||' && lastExitCode === 0) return;
      // Only the line's last command may keep running after the line returns; the others must finish first.
      const last = k === split.items.length - 1 && handUp;
      const r = runPipeline(item.pipeline, depth, chunks, ctx, last);
      lastExitCode = r.exitCode;
      handedUp = r.process;
      chunks.push(...toChunks(runJobs(session.now())));
    });
    return { chunks, exitCode: lastExitCode, process: handedUp };
  }

  function runPipeline(
    pipeline: RawPipeline, depth: number, chunks: Chunk[], ctx: BuiltinContext, mayHandUp: boolean,
  ): { exitCode: number; process?: Process } {
    let stdin = '';
    let exitCode = 0;
    let process: Process | undefined;
    const stages = pipeline.commands;
    stages.forEach((raw, k) => {
      const stage = runStage(raw, stdin, depth, chunks, ctx);
      exitCode = stage.exitCode;
      const lastStage = k === stages.length - 1;
      if (stage.process) {
        if (pipeline.background && stages.length === 1) {
          if (stage.out) chunks.push({ stream: 'out', text: stage.out });
          if (stage.err) chunks.push({ stream: 'err', text: stage.err });
          startJob(stage.process, stage.title, chunks);
          exitCode = 0;
          return;
        }
        if (mayHandUp && stages.length === 1) {
          if (stage.out) chunks.push({ stream: 'out', text: stage.out });
          if (stage.err) chunks.push({ stream: 'err', text: stage.err });
          process = stage.process;
          return;
        }
        const { own, others } = drive(stage.process);
        exitCode = stage.process.exitCode;
        if (lastStage) {
          // On the terminal, the command's own output and the background jobs' interleave in time.
          if (stage.out) chunks.push({ stream: 'out', text: stage.out });
          if (stage.err) chunks.push({ stream: 'err', text: stage.err });
          chunks.push(...toChunks([...own, ...others].sort(byTime)));
          return;
        }
        chunks.push(...toChunks(others));
        stage.out += own.filter((e) => e.stream === 'out').map((e) => e.text).join('');
        stage.err += own.filter((e) => e.stream === 'err').map((e) => e.text).join('');
      }
      if (!lastStage) {
        stdin = stage.out;
        if (stage.err) chunks.push({ stream: 'err', text: stage.err });
        return;
      }
      // A command hands back both streams at once, so their interleaving is lost: the last stage's stdout is shown
      // before its stderr, after the stderr of the earlier stages (which ran first).
      if (stage.out) chunks.push({ stream: 'out', text: stage.out });
      if (stage.err) chunks.push({ stream: 'err', text: stage.err });
    });
    return { exitCode, process };
  }

  /** One simple command with its redirections: what goes down the pipe (out) and to the terminal (err). */
  function runStage(
    raw: RawCommand,
    stdin: string,
    depth: number,
    chunks: Chunk[],
    ctx: BuiltinContext,
  ): { out: string; err: string; exitCode: number; process?: Process; title: string } {
    const expandCtx: ExpandContext = {
      lookupVar,
      substitute: (commandLine) => {
        const inner = execLine(commandLine, depth + 1);
        // A substitution's stderr goes straight to the terminal, as in bash.
        for (const c of inner.chunks) if (c.stream === 'err') chunks.push(c);
        return inner.chunks.filter((c) => c.stream === 'out').map((c) => c.text).join('');
      },
    };
    const expanded = expandCommand(raw, expandCtx);
    if (!expanded.ok) return { out: '', err: `${expanded.error}\n`, exitCode: 1, title: '' };
    const cmd = expanded.command;
    const title = cmd.argv.join(' ');

    const routing = openRedirects(cmd, stdin);
    if ('error' in routing) return { out: '', err: routing.error, exitCode: 1, title };

    const output = runCommand(cmd, routing.stdin, depth, ctx);

    let out = '';
    let err = '';
    const files = new Map<string, { append: boolean; text: string }>();
    const send = (dest: Destination, text: string) => {
      if (text === '') return;
      if (dest.kind === 'out') out += text;
      else if (dest.kind === 'err') err += text;
      else if (dest.kind === 'file') {
        const f = files.get(dest.path) ?? { append: dest.append, text: '' };
        f.text += text;
        files.set(dest.path, f);
      }
    };
    send(routing.fds.get(1) ?? { kind: 'out' }, output.stdout);
    send(routing.fds.get(2) ?? { kind: 'err' }, output.stderr);
    for (const [path, f] of files) {
      const problem = session.writeFile?.(path, f.text, f.append);
      if (problem) err += `bash: ${path}: ${problem}\n`;
    }
    const process = output.process && routeProcess(output.process, routing.fds.get(1) ?? { kind: 'out' }, routing.fds.get(2) ?? { kind: 'err' });
    return { out, err, exitCode: output.exitCode, process, title };
  }

  /** A running command's later output goes where its redirections say, as the first output did. */
  function routeProcess(p: Process, stdout: Destination, stderr: Destination): Process {
    if (stdout.kind === 'out' && stderr.kind === 'err') return p;
    const route = (list: Emission[]): Emission[] => list.flatMap((e) => {
      const dest = e.stream === 'out' ? stdout : stderr;
      if (dest.kind === 'out' || dest.kind === 'err') return [{ ...e, stream: dest.kind }];
      if (dest.kind === 'file') session.writeFile?.(dest.path, e.text, true);
      return [];
    });
    return {
      nextAt: () => p.nextAt(),
      runUntil: (until) => route(p.runUntil(until)),
      interrupt: () => route(p.interrupt()),
      get done() {
        return p.done;
      },
      get exitCode() {
        return p.exitCode;
      },
    };
  }

  /** Applies redirections left to right, as bash does (`>/dev/null 2>&1` differs from `2>&1 >/dev/null`). */
  function openRedirects(
    cmd: SimpleCommand,
    pipeIn: string,
  ): { stdin: string; fds: Map<number, Destination> } | { error: string } {
    const fds = new Map<number, Destination>([
      [1, { kind: 'out' }],
      [2, { kind: 'err' }],
    ]);
    let stdin = pipeIn;
    const fileDestination = (r: Redirect): Destination | { error: string } => {
      if (r.target === '/dev/null') return { kind: 'null' };
      if (r.target === '/dev/stdout') return fds.get(1)!;
      if (r.target === '/dev/stderr') return fds.get(2)!;
      if (r.target === '') return { error: `bash: : No such file or directory\n` };
      if (!session.writeFile) return { error: `bash: ${r.target}: Read-only file system\n` };
      if (r.op === '>') {
        // bash truncates (creates) the file before the command runs
        const problem = session.writeFile(r.target, '', false);
        if (problem) return { error: `bash: ${r.target}: ${problem}\n` };
      }
      return { kind: 'file', path: r.target, append: true };
    };

    for (const r of cmd.redirects) {
      if (r.op === '<') {
        const text = session.readFile?.(r.target);
        if (text === undefined) return { error: `bash: ${r.target}: No such file or directory\n` };
        if (r.fd === 0) stdin = text;
        continue;
      }
      if (r.op === '<<<') {
        if (r.fd === 0) stdin = `${r.target}\n`;
        continue;
      }
      if (r.op === 'dup' && !r.both && /^\d+$/.test(r.target)) {
        const source = fds.get(Number(r.target));
        if (!source) return { error: `bash: ${r.target}: Bad file descriptor\n` };
        fds.set(r.fd, source);
        continue;
      }
      if (r.op === 'dup' && r.target === '-') {
        fds.set(r.fd, { kind: 'null' });
        continue;
      }
      // `>& file` (a non-number) means both streams, like &>
      const both = r.both || r.op === 'dup';
      const dest = fileDestination(r);
      if ('error' in dest) return dest;
      if (both) {
        fds.set(1, dest);
        fds.set(2, dest);
      } else {
        fds.set(r.fd, dest);
      }
    }
    if (cmd.stderrToPipe) fds.set(2, fds.get(1)!);
    return { stdin, fds };
  }

  function runCommand(cmd: SimpleCommand, stdin: string, depth: number, ctx: BuiltinContext): CommandOutput {
    const [name, ...args] = cmd.argv;
    if (name === undefined) {
      // NAME=value alone sets a shell variable.
      for (const a of cmd.assignments) session.env.set(a.name, a.value);
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    // NAME=value before a command: in that command's environment only.
    const saved = cmd.assignments.map((a) => [a.name, session.env.get(a.name)] as const);
    for (const a of cmd.assignments) session.env.set(a.name, a.value);
    try {
      return invoke(name, args, stdin, depth, ctx);
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) session.env.delete(k);
        else session.env.set(k, v);
      }
    }
  }

  function invoke(name: string, args: string[], stdin: string, depth: number, ctx: BuiltinContext): CommandOutput {
    try {
      const builtin = Object.hasOwn(builtins, name) ? builtins[name] : undefined;
      if (builtin) return normalize(builtin(args, stdin, ctx));
      const cmd = findCommand(name);
      if (!cmd) return { stdout: '', stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
      const input: CommandInput = {
        args,
        stdin,
        session,
        exec: (line, options) => separate(execLine(line, depth + 1, options?.keepRunning ?? false)),
      };
      return normalize(cmd.run(input));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { stdout: '', stderr: `bash: ${name}: internal error: ${message}\n`, exitCode: 1 };
    }
  }

  /** A command that returned something odd must not break the shell. */
  function normalize(out: CommandOutput | undefined): CommandOutput {
    return {
      stdout: typeof out?.stdout === 'string' ? out.stdout : '',
      stderr: typeof out?.stderr === 'string' ? out.stderr : '',
      exitCode: Number.isInteger(out?.exitCode) ? (out!.exitCode & 255) : 1,
      process: out?.process,
    };
  }

  function separate(r: LineResult): CommandOutput {
    let stdout = '';
    let stderr = '';
    for (const c of r.chunks) {
      if (c.stream === 'out') stdout += c.text;
      else stderr += c.text;
    }
    return { stdout, stderr, exitCode: r.exitCode, process: r.process };
  }

  function internalError(message: string): ShellResult {
    const text = `bash: internal error: ${message}\n`;
    return { output: text, chunks: [{ stream: 'err', text }], exitCode: 1 };
  }

  function safely<T>(fn: () => T, fallback: (message: string) => T): T {
    try {
      return fn();
    } catch (e) {
      return fallback(e instanceof Error ? e.message : String(e));
    }
  }

  // ------------------------------------------------------------ completion

  function complete(line: string, cursor: number): string[] {
    const before = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
    const where = completionContext(before, session.aliases, { lookupVar });
    const matches = (candidates: Iterable<string>) =>
      [...new Set(candidates)].filter((c) => typeof c === 'string' && c.startsWith(where.partial));
    if (where.words.length === 0) {
      const names = [
        ...Object.keys(builtins),
        ...availableCommands().map((c) => c.name),
        ...session.aliases.keys(),
      ];
      return matches(names).sort();
    }
    const [name, ...args] = where.words;
    const cmd = findCommand(name!);
    if (!cmd?.complete) return [];
    return matches(cmd.complete(args, session));
  }

  return {
    run(line) {
      return safely(
        () => {
          if (line.trim() !== '') history.push(line);
          const r = execLine(line, 0, session.interactive);
          return { output: r.chunks.map((c) => c.text).join(''), chunks: r.chunks, exitCode: r.exitCode, live: r.process };
        },
        internalError,
      );
    },
    exec(line) {
      return safely(
        () => separate(execLine(line, 0)),
        (message) => ({ stdout: '', stderr: `bash: internal error: ${message}\n`, exitCode: 1 }),
      );
    },
    complete(line, cursor) {
      return safely(
        () => complete(line, cursor),
        () => [],
      );
    },
    history,
    finish(p) {
      return safely(
        () => {
          const { own, others } = drive(p);
          lastExitCode = p.exitCode;
          const chunks = toChunks([...own, ...others].sort(byTime));
          return { output: chunks.map((c) => c.text).join(''), chunks, exitCode: p.exitCode };
        },
        internalError,
      );
    },
    pollJobs() {
      return safely(
        () => runJobs(session.now()).sort(byTime).map((e) => e.text).join(''),
        (message) => `bash: internal error: ${message}\n`,
      );
    },
  };
}
