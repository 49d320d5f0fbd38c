// Runs the syntax tree (ast.ts) as bash does: lists and and-or lists, pipelines whose stages run in subshells,
// compound commands, functions with dynamic scoping, redirections, background jobs, `set -e`/`-u`/`-o pipefail`.
// Every command is a generator (process.ts) so that a loop calling `sleep` can run with the wall clock on a
// watched terminal and be stopped by Ctrl-C, while a script drives the same generator to its end at once.
// Nothing here throws to its callers: errors become bash's messages on the command's stderr.

import type { AndOr, Assignment, Command, CompoundCommand, FunctionDef, List, Pipeline, Redirect, SimpleCommand } from './ast.ts';
import { arith, expandPattern, expandString, expandWords, ExpansionError, matches, type ExpandEnv } from './expand.ts';
import { Capture, emptyStdin, NULL_SINK, Outbox, type IO, type Sink, type Stdin } from './io.ts';
import { parseExpandableText as parseArith, parseProgram, parseWordText as parseWordQuick, ParseError, TooManyCommands } from './parser.ts';
import { matchPattern } from './pattern.ts';
import {
  BREATHER, BreakSignal, Budget, SLICE_MS, LIVE_NONSTOP_COMMAND_LIMIT, NONSTOP_COMMAND_LIMIT, type Work, ContinueSignal, ExitSignal, FatalSignal, GeneratorProcess, LimitSignal, ReturnSignal,
  type Exec, type Thread,
} from './process.ts';
import type { ShellState } from './state.ts';
import { BUILTINS, FALLBACK_BUILTINS } from './builtins/index.ts';
import { CondError, evaluateCond } from './builtins/test.ts';
import type { Registry } from '../registry.ts';
import type { Command as ToolCommand, CommandInput, CommandOutput, Emission, Process, Session, ShellHost } from '../types.ts';

/** A command that would run until Ctrl-C is stopped as if Ctrl-C came after this much model time, when no one
 *  is at the keyboard (a script, the CLI reading a pipe, `wait` on an endless job). */
export const ENDLESS_AFTER_MS = 10_000;
/** Nested exec()/$(…) deeper than this is a loop (`watch watch watch …`, an alias calling itself through sh). */
export const MAX_DEPTH = 32;
/** bash has no default limit and crashes; ours stops recursion well before JavaScript's stack would. */
export const MAX_FUNCTION_DEPTH = 200;
/** Background jobs one shell keeps at once; beyond it, fork fails as under `ulimit -u`. */
export const MAX_JOBS = 256;
/** A sleep outside loops fast-forwards the model by at most this much (see sleepUntil) … */
export const SLEEP_FAST_FORWARD_MS = 60 * 60_000;
/** … in slices this long, a terminal breathing between them: a minute of the model is at most a few thousand pod steps, well within a Ctrl-C's wait. */
const SLEEP_SLICE_MS = 60_000;
/** $$: a fixed number keeps runs reproducible. */
export const SHELL_PID = '4242';

export interface Ctx {
  state: ShellState;
  io: IO;
  thread: Thread;
  /** exec()/$(…) nesting. */
  depth: number;
  /** Enclosing loops (break and continue need one). */
  loops: number;
  /** Enclosing function calls (return and local need one). */
  funcs: number;
  /** Enclosing `source` (return leaves it). */
  sourced: number;
  /** In a condition (if, while, &&, ||, !): `set -e` does not apply. */
  noErrexit: boolean;
}

export interface Job {
  number: number;
  pid: number;
  title: string;
  process: Process;
  /** Being resumed right now (a job's own commands must not resume it again). */
  running?: boolean;
  /** Its exit status once it has finished: bash keeps a finished job in its table until `wait` or `jobs` (or, at
   *  a terminal, the notification before the prompt) reports it. 128 + 15 when `kill` stopped it. */
  status?: number;
  /** Stopped by `kill` (SIGTERM) at this model time: reported as Terminated, though until time moves on bash has
   *  not yet reaped it, and `jobs` still lists it as Running. */
  terminatedAt?: number;
}

/** How `jobs` and bash's notifications name a job's state. */
export function jobState(job: Job): string {
  if (job.status === undefined) return 'Running';
  if (job.terminatedAt !== undefined) return 'Terminated';
  return job.status === 0 ? 'Done' : `Exit ${job.status}`;
}

export interface ShellCore {
  readonly session: Session;
  readonly registry: Registry;
  readonly history: string[];
  readonly jobs: Job[];
  /** Exit statuses of finished background jobs by pid: `wait PID` finds them after the job has left the table. */
  readonly finishedPids: Map<number, number>;
  /** The main shell's state (the outermost shell, whose scalars are Session.env). */
  readonly state: ShellState;
}

import type { Builtin } from './builtins/types.ts';

export class Interpreter implements ShellCore {
  readonly session: Session;
  readonly registry: Registry;
  readonly history: string[] = [];
  readonly jobs: Job[] = [];
  readonly finishedPids = new Map<number, number>();
  readonly state: ShellState;
  /** Where job output goes while the foreground runs: the current command line's terminal. */
  terminal: Outbox;
  /** A non-interactive shell that ran `exit` (or failed under set -e, or hit an expansion error) reads no more. */
  exited = false;
  private nextPid = 4301;
  /** Commands run since control last returned to the caller: the faces reset it on each line and each tick. */
  readonly work: Work = { commands: 0, total: 0, limit: NONSTOP_COMMAND_LIMIT };

  constructor(session: Session, registry: Registry, state: ShellState) {
    this.session = session;
    this.registry = registry;
    this.state = state;
    this.terminal = new Outbox(this.now);
  }

  now = (): number => this.session.now();

  // ------------------------------------------------------------ drivers

  /** A fresh context for a command line typed at the top. */
  topContext(out: Outbox, live: boolean): Ctx {
    return {
      state: this.state,
      io: { stdin: emptyStdin(), out: out.sink('out'), err: out.sink('err') },
      thread: { live, job: false, budget: new Budget(!live, this.now, this.work) },
      depth: 0,
      loops: 0,
      funcs: 0,
      sourced: 0,
      noErrexit: false,
    };
  }

  /** Runs a whole program and turns the signals that end it into a status. `outer`: typed by the user. */
  *program(list: List, ctx: Ctx, outer: boolean): Exec {
    let status: number;
    try {
      status = yield* this.list(list, ctx);
    } catch (e) {
      status = this.endOfProgram(e, ctx, outer);
    }
    ctx.state.lastStatus = status;
    return status;
  }

  private endOfProgram(e: unknown, ctx: Ctx, outer: boolean): number {
    if (e instanceof ExitSignal) {
      // exit leaves an ssh host or a `sudo -i` shell; at the outermost host a script ends, a terminal stays.
      if (!this.session.popHost() && outer && !this.session.interactive) this.exited = true;
      return e.status;
    }
    if (e instanceof ErrexitSignal) {
      if (outer && !this.session.interactive) this.exited = true;
      return e.status;
    }
    if (e instanceof FatalSignal) {
      if (outer && !this.session.interactive) this.exited = true;
      return e.status;
    }
    if (e instanceof LimitSignal) {
      if (e.message) ctx.io.err.write(`${e.message}\n`);
      return 130;
    }
    if (e instanceof ReturnSignal) return e.status;
    if (e instanceof BreakSignal || e instanceof ContinueSignal) return 0;
    ctx.io.err.write(`bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  /** Drives a generator process to its end, advancing the model clock as it asks (a script, $(…)). */
  driveToEnd(p: GeneratorProcess): void {
    for (let guard = 0; !p.done; guard++) {
      const at = p.nextAt();
      if (at === Infinity || guard > 10_000_000) {
        p.interrupt();
        return;
      }
      this.advanceTo(at);
      p.step();
    }
  }

  /** Runs a process until it first waits for time to pass; at most `maxBreathers` busy slices. */
  startProcess(p: GeneratorProcess, maxBreathers = 10): void {
    let breathers = 0;
    while (!p.done) {
      const at = p.nextAt();
      if (at > this.now()) return;
      if (p.breathing) {
        if (++breathers > maxBreathers) return;
        // A breather is a return to the caller as far as the work bound goes: maxBreathers bounds this loop.
        this.newSlice(this.work.slice?.now);
      }
      p.step();
    }
  }

  /** Control came back to the caller: the work bound starts afresh, and on a watched terminal a slice of its clock. */
  newSlice(wallClock?: () => number): void {
    this.work.commands = 0;
    this.work.slice = wallClock ? { now: wallClock, ends: wallClock() + SLICE_MS } : undefined;
  }

  advanceTo(at: number): void {
    const now = this.now();
    if (at > now) this.session.advance((at - now) / 1000);
  }

  // ------------------------------------------------------------ jobs

  /** Runs every background job up to `until` and drops the finished ones. */
  runJobs(until: number): Emission[] {
    const out: Emission[] = [];
    for (const job of [...this.jobs]) {
      if (job.running) continue;
      if (job.status === undefined) {
        job.running = true;
        try {
          if (!job.process.done) out.push(...job.process.runUntil(until));
          else if (job.process instanceof GeneratorProcess) out.push(...job.process.runUntil(until));
        } finally {
          job.running = false;
        }
        if (job.process.done) this.finishJob(job, job.process.exitCode);
      }
      // At a terminal, bash reports a finished job (and forgets it) before its next prompt.
      if (job.status !== undefined && this.session.interactive) {
        this.jobs.splice(this.jobs.indexOf(job), 1);
        out.push({ at: until, stream: 'err', text: `[${job.number}]+  ${jobState(job).padEnd(24)}${job.title}\n` });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** A job has ended with this status: it stays in the table (a script's `wait %1` still finds it). */
  finishJob(job: Job, status: number): void {
    if (job.status !== undefined) return;
    job.status = status;
    this.finishedPids.set(job.pid, status);
  }

  /** Jobs' output so far goes to the terminal. */
  flushJobs(): void {
    if (this.jobs.length === 0) return;
    this.terminal.emissions.push(...this.runJobs(this.now()));
  }

  jobsNextAt(): number {
    let next = Infinity;
    for (const j of this.jobs) if (!j.running && j.status === undefined) next = Math.min(next, j.process.nextAt());
    return next;
  }

  findJob(spec: string | undefined): Job | undefined {
    if (spec === undefined || spec === '%' || spec === '%%' || spec === '%+') return this.jobs.at(-1);
    if (spec === '%-') return this.jobs.at(-2);
    if (spec.startsWith('%')) return this.jobs.find((j) => String(j.number) === spec.slice(1));
    return this.jobs.find((j) => String(j.pid) === spec);
  }

  private startJob(item: AndOr, ctx: Ctx): void {
    // A job starting a job starting a job … nests on JavaScript's stack (each starts at once): bound it as the
    // process table would be.
    if (this.jobs.filter((j) => j.status === undefined).length >= MAX_JOBS || ctx.depth >= MAX_DEPTH) {
      // What bash says when fork() fails for want of processes (a fork bomb against `ulimit -u`).
      ctx.io.err.write('bash: fork: Resource temporarily unavailable\n');
      return;
    }
    const outbox = new Outbox(this.now);
    const thread: Thread = { live: ctx.thread.live, job: true, budget: new Budget(!ctx.thread.live, this.now, this.work) };
    const jobCtx: Ctx = {
      ...ctx,
      state: ctx.state.fork(),
      io: { stdin: emptyStdin(), out: outbox.sink('out'), err: outbox.sink('err') },
      thread,
      depth: ctx.depth + 1,
      noErrexit: false,
    };
    const single: AndOr = { ...item, background: false };
    const p = new GeneratorProcess(this.program({ items: [single] }, jobCtx, false), outbox, thread, this.now, this.standingOn(this.session.host()));
    // bash forgets the jobs a signal ended before it starts another (cleanup_dead_jobs: a script's bash counts them
    // as reported); one that exited stays until `wait` or `jobs` reports it.
    for (const dead of this.jobs.filter((j) => j.terminatedAt !== undefined)) this.jobs.splice(this.jobs.indexOf(dead), 1);
    const job: Job = { number: (this.jobs.at(-1)?.number ?? 0) + 1, pid: this.nextPid, title: item.text, process: p };
    this.nextPid += 7;
    ctx.state.lastBackgroundPid = job.pid;
    // Only interactive bash reports the job number and pid.
    if (this.session.interactive) ctx.io.err.write(`[${job.number}] ${job.pid}\n`);
    this.jobs.push(job);
    job.running = true;
    try {
      this.startProcess(p, 1);
    } finally {
      job.running = false;
    }
  }

  // ------------------------------------------------------------ waiting

  /** Lets model time reach `at` (sleep), running background jobs alongside. */
  *sleepUntil(at: number, ctx: Ctx): Exec {
    if (!ctx.thread.job && ctx.loops === 0 && ctx.funcs === 0) {
      // A sleep of its own (`kubectl scale …; sleep 60`) fast-forwards the model even on a watched terminal: the
      // lessons use it to let time pass. In a loop or a function it takes wall-clock time there, so that
      // `while true; do date; sleep 1; done` prints once a second; background jobs run alongside either way.
      // The fast-forward goes in slices, letting a terminal breathe between them (a tab must never freeze), and
      // stops at an hour: beyond that a script's sleep ends with a message, a terminal's takes wall-clock time.
      const fastForwardEnd = Math.min(at, this.now() + SLEEP_FAST_FORWARD_MS);
      while (this.now() < fastForwardEnd) {
        const sliceEnd = Math.min(fastForwardEnd, this.now() + SLEEP_SLICE_MS);
        while (this.now() < sliceEnd) {
          const next = Math.min(sliceEnd, this.jobsNextAt());
          this.session.advance((Math.min(sliceEnd, Math.max(next, this.now() + 1)) - this.now()) / 1000);
          this.flushJobs();
        }
        if (this.now() < fastForwardEnd && ctx.thread.live) yield BREATHER;
      }
      if (this.now() >= at) return 0;
      if (!ctx.thread.live) {
        throw new LimitSignal(`bash: sleep stopped after ${SLEEP_FAST_FORWARD_MS / 60_000} minutes of model time: nobody is at the keyboard to press Ctrl-C`);
      }
    }
    while (this.now() < at) {
      const next = ctx.thread.job ? at : Math.min(at, this.jobsNextAt());
      yield Math.max(next, this.now());
      if (!ctx.thread.job) this.flushJobs();
    }
    return 0;
  }

  /** Waits for a running process (ping, a job brought to the foreground), sending its output to ctx's streams.
   *  Without a watcher, a process that would run until Ctrl-C is interrupted after ENDLESS_AFTER_MS. */
  *waitProcess(p: Process, ctx: Ctx, io: IO = ctx.io): Exec {
    // Without a terminal, a process that never ends stops after ENDLESS_AFTER_MS of waiting. Only the time this
    // driver waits for counts: a shell line being finished may fast-forward its own sleeps (a replayed
    // `sleep 240; aws …`), and that time is the line's work, not waiting for an endless process.
    const limit = ctx.thread.live || p.endsByItself ? Infinity : ENDLESS_AFTER_MS;
    let waited = 0;
    const previous = ctx.thread.current;
    const emit = (list: Emission[]) => {
      for (const e of list) (e.stream === 'out' ? io.out : io.err).write(e.text, e.at);
    };
    ctx.thread.current = { process: p, emit };
    try {
      for (;;) {
        emit(p.runUntil(this.now()));
        if (!ctx.thread.job) this.flushJobs();
        if (p.done) break;
        if (waited >= limit) {
          emit(p.interrupt());
          break;
        }
        let next = p.nextAt();
        if (!ctx.thread.job) next = Math.min(next, this.jobsNextAt());
        // A process that keeps asking for the current instant would spin: let time pass a little.
        if (next <= this.now() && p.nextAt() <= this.now()) next = this.now() + 1;
        // Resumed early (a reactive process such as tcpdump is polled whenever time moves), it simply looks again.
        const before = this.now();
        // While a line waits on a process that ends by itself (a curl in a loop, one that gets a 504 after 10 s),
        // it is not waiting on an endless one: that time does not count.
        const endsByItself = p.endsByItself === true;
        yield endsByItself ? Math.max(next, before) : Math.min(Math.max(next, before), before + (limit - waited));
        if (!endsByItself) waited += this.now() - before;
      }
    } finally {
      ctx.thread.current = previous;
    }
    return p.exitCode;
  }

  // ------------------------------------------------------------ lists

  *list(list: List, ctx: Ctx): Exec {
    let status = ctx.state.lastStatus;
    for (const item of list.items) {
      if (item.background) {
        this.startJob(item, ctx);
        status = 0;
        ctx.state.lastStatus = 0;
        if (!ctx.thread.job) this.flushJobs();
        continue;
      }
      status = yield* this.andOr(item, ctx);
      if (!ctx.thread.job) this.flushJobs();
    }
    return status;
  }

  private *andOr(item: AndOr, ctx: Ctx): Exec {
    const condCtx = item.rest.length > 0 && !ctx.noErrexit ? { ...ctx, noErrexit: true } : ctx;
    let status = yield* this.pipeline(item.first, item.rest.length > 0 ? condCtx : ctx);
    ctx.state.lastStatus = status;
    let lastNegated = item.first.negated;
    // set -e looks only at the pipeline after the final && or ||, and only if it ran.
    let finalRan = item.rest.length === 0;
    for (let k = 0; k < item.rest.length; k++) {
      const { op, pipeline } = item.rest[k]!;
      if ((op === '&&') !== (status === 0)) continue;
      const isLast = k === item.rest.length - 1;
      status = yield* this.pipeline(pipeline, isLast ? ctx : condCtx);
      ctx.state.lastStatus = status;
      lastNegated = pipeline.negated;
      finalRan = isLast;
    }
    // set -e: a failure ends the shell, except where the status is being tested.
    if (status !== 0 && finalRan && ctx.state.options.errexit && !ctx.noErrexit && !lastNegated) throw new ErrexitSignal(status);
    return status;
  }

  *pipeline(pl: Pipeline, ctx: Ctx): Exec {
    const inner = pl.negated && !ctx.noErrexit ? { ...ctx, noErrexit: true } : ctx;
    let status: number;
    if (pl.commands.length === 1) {
      status = yield* this.command(pl.commands[0]!, inner);
    } else {
      let stdin = ctx.io.stdin;
      const statuses: number[] = [];
      for (let k = 0; k < pl.commands.length; k++) {
        const last = k === pl.commands.length - 1;
        const pipe = last ? undefined : new Capture();
        const out: Sink = pipe ?? ctx.io.out;
        const err: Sink = !last && pl.stderrToPipe[k] ? pipe! : ctx.io.err;
        const stage: Ctx = { ...inner, state: ctx.state.fork(), io: { stdin, out, err } };
        statuses.push(last ? yield* this.subshell(pl.commands[k]!, stage) : yield* this.feedingStage(pl.commands[k]!, stage));
        stdin = { text: pipe?.text ?? '', pos: 0 };
      }
      status = statuses.at(-1)!;
      if (ctx.state.options.pipefail) status = [...statuses].reverse().find((s) => s !== 0) ?? 0;
      ctx.state.lastStatus = status;
    }
    return pl.negated ? (status === 0 ? 1 : 0) : status;
  }

  /** A stage that writes into a pipe runs to its end before the next stage reads (nothing reads concurrently),
   *  so an endless one (`while true; do …; done | head`) is stopped by a script's limits even on a terminal, and
   *  the stages after it still get what it wrote. */
  private *feedingStage(cmd: Command, ctx: Ctx): Exec {
    const thread = ctx.thread;
    const outer = thread.budget;
    thread.budget = new Budget(true, this.now, this.work);
    try {
      return yield* this.subshell(cmd, ctx);
    } catch (e) {
      if (!(e instanceof LimitSignal)) throw e;
      if (e.message) ctx.io.err.write(`${e.message}\n`);
      return 130;
    } finally {
      thread.budget = outer;
    }
  }

  /** A command in a forked state: exit, errors and set -e end only the subshell. */
  *subshell(cmd: Command, ctx: Ctx): Exec {
    try {
      return yield* this.command(cmd, ctx);
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof ErrexitSignal || e instanceof FatalSignal) return e.status;
      if (e instanceof ReturnSignal) return e.status;
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return 0;
      throw e;
    }
  }

  *command(cmd: Command, ctx: Ctx): Exec {
    switch (cmd.type) {
      case 'simple':
        return yield* this.simple(cmd, ctx);
      case 'function':
        ctx.state.functions.set(cmd.name, cmd);
        return 0;
      default:
        if (cmd.redirects.length === 0) return yield* this.compound(cmd, ctx);
        return yield* this.withRedirects(cmd.redirects, ctx, (c) => this.compound(cmd, c));
    }
  }

  // ------------------------------------------------------------ compound commands

  private *compound(cmd: CompoundCommand, ctx: Ctx): Exec {
    const cond = ctx.noErrexit ? ctx : { ...ctx, noErrexit: true };
    switch (cmd.type) {
      case 'group':
        return yield* this.list(cmd.body, ctx);
      case 'subshell': {
        const sub: Ctx = { ...ctx, state: ctx.state.fork() };
        try {
          return yield* this.list(cmd.body, sub);
        } catch (e) {
          if (e instanceof ExitSignal || e instanceof ErrexitSignal || e instanceof FatalSignal) return e.status;
          throw e;
        }
      }
      case 'if': {
        for (const clause of cmd.clauses) {
          if ((yield* this.list(clause.test, cond)) === 0) return yield* this.list(clause.body, ctx);
        }
        if (cmd.elseBody) return yield* this.list(cmd.elseBody, ctx);
        return 0;
      }
      case 'while': {
        let status = 0;
        const loop: Ctx = { ...ctx, loops: ctx.loops + 1 };
        const loopCond: Ctx = { ...cond, loops: ctx.loops + 1 };
        for (;;) {
          ctx.thread.budget.iteration();
          const test = yield* this.list(cmd.test, loopCond);
          if ((test === 0) === cmd.until) break;
          const r = yield* this.loopBody(cmd.body, loop);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case 'for': {
        let words: string[];
        try {
          words = cmd.words ? expandWords(cmd.words, this.env(ctx)) : [...ctx.state.positional];
        } catch (e) {
          this.expansionFailed(e, ctx);
        }
        let status = 0;
        const loop: Ctx = { ...ctx, loops: ctx.loops + 1 };
        for (const w of words) {
          ctx.thread.budget.iteration();
          this.assignChecked(ctx, cmd.name, w);
          const r = yield* this.loopBody(cmd.body, loop);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case 'cfor': {
        const loop: Ctx = { ...ctx, loops: ctx.loops + 1 };
        let status = 0;
        const evalText = (text: string): bigint => {
          const w = this.parseArithText(text);
          return this.arithmetic(expandString(w, this.env(ctx)), ctx);
        };
        try {
          if (cmd.init.trim()) evalText(cmd.init);
          for (;;) {
            ctx.thread.budget.iteration();
            if (cmd.test.trim() && evalText(cmd.test) === 0n) break;
            const r = yield* this.loopBody(cmd.body, loop);
            status = r.status;
            if (r.stop) break;
            if (cmd.update.trim()) evalText(cmd.update);
          }
        } catch (e) {
          if (e instanceof ExpansionError) this.expansionFailed(e, ctx);
          throw e;
        }
        return status;
      }
      case 'case': {
        const env = this.env(ctx);
        let subject: string;
        try {
          subject = expandString(cmd.subject, env, true);
        } catch (e) {
          this.expansionFailed(e, ctx);
        }
        let status = 0;
        let fallThrough = false;
        for (let k = 0; k < cmd.items.length; k++) {
          const item = cmd.items[k]!;
          let hit = fallThrough;
          if (!hit) {
            try {
              hit = item.patterns.some((p) => matchPattern(subject, expandPattern(p, env)));
            } catch (e) {
              this.expansionFailed(e, ctx);
            }
          }
          if (!hit) continue;
          status = yield* this.list(item.body, ctx);
          if (item.terminator === ';;') return status;
          fallThrough = item.terminator === ';&';
        }
        return status;
      }
      case 'arith': {
        try {
          const v = this.arithmetic(expandString(cmd.expr, this.env(ctx)), ctx);
          return v === 0n ? 1 : 0;
        } catch (e) {
          if (e instanceof ExpansionError) {
            ctx.io.err.write(`${e.message.replace(/^bash: /, 'bash: ((: ')}\n`);
            return 1;
          }
          throw e;
        }
      }
      case 'cond': {
        try {
          return evaluateCond(cmd.expr, this.env(ctx), this.session) ? 0 : 1;
        } catch (e) {
          if (e instanceof ExpansionError) this.expansionFailed(e, ctx);
          if (e instanceof CondError) {
            if (e.message) ctx.io.err.write(`${e.message}\n`);
            return 2;
          }
          throw e;
        }
      }
    }
  }

  private *loopBody(body: List, ctx: Ctx): Generator<number, { status: number; stop: boolean }, void> {
    try {
      return { status: yield* this.list(body, ctx), stop: false };
    } catch (e) {
      if (e instanceof BreakSignal) {
        if (e.levels > 1) throw new BreakSignal(e.levels - 1);
        return { status: 0, stop: true };
      }
      if (e instanceof ContinueSignal) {
        if (e.levels > 1) throw new ContinueSignal(e.levels - 1);
        return { status: 0, stop: false };
      }
      throw e;
    }
  }

  private arithText = new Map<string, ReturnType<typeof parseArith>>();
  private parseArithText(text: string) {
    let w = this.arithText.get(text);
    if (!w) {
      w = parseArith(text);
      if (this.arithText.size > 200) this.arithText.clear();
      this.arithText.set(text, w);
    }
    return w;
  }

  arithmetic(text: string, ctx: Ctx): bigint {
    return arith(text, this.env(ctx));
  }

  // ------------------------------------------------------------ simple commands

  env(ctx: Ctx): ExpandEnv {
    return {
      state: ctx.state,
      pid: SHELL_PID,
      substitute: (body) => this.substitute(body, ctx),
      assign: (name, value, index) => this.assign(ctx, name, value, index),
      glob: this.session.glob ? (pattern) => this.session.glob!(pattern) : undefined,
    };
  }

  /** Prints an expansion error and abandons the command line (a script ends), as bash does. */
  expansionFailed(e: unknown, ctx: Ctx): never {
    if (e instanceof ExpansionError || e instanceof ParseError) {
      if (e.message) ctx.io.err.write(`${e.message}\n`);
      throw new FatalSignal(1);
    }
    throw e;
  }

  /** Sets a variable as an assignment does; readonly and integer attributes apply. Throws ExpansionError. */
  assign(ctx: Ctx, name: string, value: string, index?: string, append = false): void {
    const st = ctx.state;
    if (st.hasAttr(name, 'r')) throw new ExpansionError(`bash: ${name}: readonly variable`);
    if (st.hasAttr(name, 'i')) {
      const old = index === undefined ? st.get(name) : st.getElement(name, index);
      value = String(arith(append ? `${old || 0}+(${value || 0})` : value || '0', this.env(ctx)));
      append = false;
    }
    if (index !== undefined) {
      const key = st.assoc.has(name) ? index : String(arith(index, this.env(ctx)));
      const old = st.getElement(name, key);
      st.setElement(name, key, append ? (old ?? '') + value : value);
      return;
    }
    st.set(name, append ? (st.get(name) ?? '') + value : value);
  }

  /** An indexed array's elements, replaced (read -a). */
  assignArray(ctx: Ctx, name: string, values: string[]): void {
    if (ctx.state.hasAttr(name, 'r')) throw new ExpansionError(`bash: ${name}: readonly variable`);
    ctx.state.vars.delete(name);
    ctx.state.assoc.delete(name);
    ctx.state.arrays.set(name, values);
  }

  /** `declare a=(1 2)`: the argument re-read as an array assignment. */
  evalAssignment(text: string, ctx: Ctx): number {
    try {
      const list = parseProgram(text, { final: true });
      const cmd = list.items[0]?.first.commands[0];
      if (cmd?.type !== 'simple') return 1;
      this.applyAssignments(cmd.assignments, ctx);
      return 0;
    } catch (e) {
      if (e instanceof FatalSignal) return 1;
      if (e instanceof ParseError) {
        if (e.message) ctx.io.err.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }

  private assignChecked(ctx: Ctx, name: string, value: string): void {
    try {
      this.assign(ctx, name, value);
    } catch (e) {
      this.expansionFailed(e, ctx);
    }
  }

  /** NAME=value words: expanded and assigned in order. */
  applyAssignments(assignments: Assignment[], ctx: Ctx): void {
    const env = this.env(ctx);
    for (const a of assignments) {
      try {
        if (a.array) {
          const st = ctx.state;
          if (st.hasAttr(a.name, 'r')) throw new ExpansionError(`bash: ${a.name}: readonly variable`);
          if (st.assoc.has(a.name)) {
            const map = a.append ? st.assoc.get(a.name)! : new Map<string, string>();
            for (const w of a.array) {
              const m = /^\[([^\]]*)\]=(.*)$/s.exec(w.raw);
              if (m) map.set(expandString(parseWordQuick(m[1]!), env), expandString(parseWordQuick(m[2]!), env, true));
            }
            st.assoc.set(a.name, map);
            continue;
          }
          // a+=(x) appends in place: a loop of appends stays linear (a fork copies its arrays, so nothing leaks).
          const values: (string | undefined)[] = a.append ? (st.arrays.get(a.name) ?? (st.vars.has(a.name) ? [st.vars.get(a.name)] : [])) : [];
          for (const w of a.array) {
            const m = /^\[([^\]]*)\]=(.*)$/s.exec(w.raw);
            if (m) values[Number(arith(expandString(parseWordQuick(m[1]!), env), env))] = expandString(parseWordQuick(m[2]!), env, true);
            else values.push(...expandWords([w], env));
          }
          st.vars.delete(a.name);
          st.arrays.set(a.name, values);
          continue;
        }
        const value = a.value ? expandString(a.value, env, true) : '';
        const index = a.index ? (ctx.state.assoc.has(a.name) ? expandString(a.index, env) : expandString(a.index, env)) : undefined;
        this.assign(ctx, a.name, value, index, a.append);
      } catch (e) {
        this.expansionFailed(e, ctx);
      }
    }
  }

  private *simple(cmd: SimpleCommand, ctx: Ctx): Exec {
    if (ctx.thread.budget.command()) yield BREATHER;
    const env = this.env(ctx);
    let argv: string[];
    this.substitutionStatus = undefined;
    try {
      argv = cmd.words.length ? (isDeclaration(cmd) ? expandDeclaration(cmd, env) : expandWords(cmd.words, env)) : [];
    } catch (e) {
      this.expansionFailed(e, ctx);
    }
    if (ctx.state.options.xtrace) this.trace(cmd, argv, ctx);

    if (argv.length === 0) {
      // Assignments alone set shell variables; $? is the last command substitution's status.
      this.applyAssignments(cmd.assignments, ctx);
      const status = this.substitutionStatus ?? 0;
      if (cmd.redirects.length) {
        return yield* this.withRedirects(cmd.redirects, ctx, function* () {
          return status;
        });
      }
      return status;
    }

    // NAME=value before a command: for that command only, and in its environment (exported while it runs).
    const saved = cmd.assignments.map((a) => [a.name, ctx.state.vars.get(a.name), ctx.state.hasAttr(a.name, 'x')] as const);
    if (cmd.assignments.length) this.applyAssignments(cmd.assignments, ctx);
    for (const [k] of saved) ctx.state.addAttr(k, 'x');
    try {
      if (cmd.redirects.length === 0) return yield* this.invoke(argv, ctx);
      return yield* this.withRedirects(cmd.redirects, ctx, (c) => this.invoke(argv, c));
    } finally {
      for (const [k, v, exported] of saved) {
        if (v === undefined) ctx.state.vars.delete(k);
        else ctx.state.vars.set(k, v);
        if (!exported) ctx.state.removeAttr(k, 'x');
      }
    }
  }

  /** $? after `x=$(cmd)` is cmd's status. */
  private substitutionStatus?: number;

  private trace(cmd: SimpleCommand, argv: string[], ctx: Ctx): void {
    const q = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);
    const prefix = '+'.repeat(ctx.depth + 1);
    let text = '';
    for (const a of cmd.assignments) text += `${prefix} ${a.name}=${q(a.value ? expandString(a.value, this.env(ctx)) : '')}\n`;
    if (argv.length) text += `${prefix} ${argv.map(q).join(' ')}\n`;
    ctx.io.err.write(text);
  }

  /** Runs a command by name: a function, a builtin, or a command from the registry. */
  *invoke(argv: string[], ctx: Ctx, options: { skipFunctions?: boolean } = {}): Exec {
    const [name, ...args] = argv as [string, ...string[]];
    const fn = options.skipFunctions ? undefined : ctx.state.functions.get(name);
    if (fn) return yield* this.callFunction(fn, args, ctx);
    const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    if (builtin) return yield* this.runBuiltin(builtin, args, ctx);
    const cmd = this.findCommand(name);
    if (cmd) return yield* this.runTool(cmd, args, ctx);
    const fallback = Object.hasOwn(FALLBACK_BUILTINS, name) ? FALLBACK_BUILTINS[name] : undefined;
    if (fallback) return yield* this.runBuiltin(fallback, args, ctx);
    ctx.io.err.write(`bash: ${name}: command not found\n`);
    return 127;
  }

  *runBuiltin(builtin: Builtin, args: string[], ctx: Ctx): Exec {
    const r = builtin(args, ctx, this);
    if (typeof r === 'number') return r;
    return yield* r;
  }

  isBuiltin(name: string): boolean {
    return Object.hasOwn(BUILTINS, name) || (Object.hasOwn(FALLBACK_BUILTINS, name) && !this.findCommand(name));
  }

  builtinNames(): Record<string, Builtin> {
    return { ...FALLBACK_BUILTINS, ...BUILTINS };
  }

  /** Registered commands available on the current host, by name. */
  availableCommands(): ToolCommand[] {
    return this.registry
      .names()
      .map((n) => this.findCommand(n))
      .filter((c): c is ToolCommand => c !== undefined);
  }

  findCommand(name: string): ToolCommand | undefined {
    const cmd = this.registry.lookup(name);
    return cmd && (!cmd.hosts || cmd.hosts.includes(this.session.host().kind)) ? cmd : undefined;
  }

  private *runTool(cmd: ToolCommand, args: string[], ctx: Ctx): Exec {
    const input: CommandInput = {
      args,
      stdin: ctx.io.stdin.text.slice(ctx.io.stdin.pos),
      session: this.session,
      getenv: (name) => (ctx.state.hasAttr(name, 'x') ? ctx.state.vars.get(name) : undefined),
      exec: (line, options) => this.execLine(line, ctx, options?.keepRunning ?? false),
    };
    let output: CommandOutput;
    try {
      output = normalize(cmd.run(input));
    } catch (e) {
      output = { stdout: '', stderr: `bash: ${cmd.name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
    }
    const now = this.now();
    if (output.stderrFirst) ctx.io.err.write(output.stderr, now);
    ctx.io.out.write(output.stdout, now);
    if (!output.stderrFirst) ctx.io.err.write(output.stderr, now);
    if (output.process) return yield* this.waitProcess(output.process, ctx);
    return output.exitCode;
  }

  *callFunction(fn: FunctionDef, args: string[], ctx: Ctx): Exec {
    if (ctx.funcs >= MAX_FUNCTION_DEPTH) {
      ctx.io.err.write(`bash: ${fn.name}: maximum function nesting level exceeded (${MAX_FUNCTION_DEPTH})\n`);
      throw new FatalSignal(1);
    }
    const st = ctx.state;
    const positional = st.positional;
    st.positional = args;
    st.pushFrame();
    try {
      return yield* this.command(fn.body, { ...ctx, funcs: ctx.funcs + 1 });
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    } finally {
      st.popFrame();
      st.positional = positional;
    }
  }

  // ------------------------------------------------------------ redirections

  /** Applies redirections left to right (`>/dev/null 2>&1` differs from `2>&1 >/dev/null`), runs, writes files. */
  *withRedirects(redirects: Redirect[], ctx: Ctx, run: (ctx: Ctx) => Exec): Exec {
    const fds = new Map<number, Sink>([[1, ctx.io.out], [2, ctx.io.err]]);
    let stdin: Stdin = ctx.io.stdin;
    const files: FileSink[] = [];
    const env = this.env(ctx);
    const fail = (message: string): number => {
      ctx.io.err.write(`${message}\n`);
      return 1;
    };
    for (const r of redirects) {
      let target: string;
      try {
        // A heredoc's body (quoted delimiter: a literal part) expands without tildes; file names with them.
        target = expandString(r.target, env, r.op !== '<<' && r.op !== '<<-');
      } catch (e) {
        this.expansionFailed(e, ctx);
      }
      const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
      switch (r.op) {
        case '<<':
        case '<<-':
          if (fd === 0) stdin = { text: target, pos: 0 };
          continue;
        case '<<<':
          if (fd === 0) stdin = { text: `${target}\n`, pos: 0 };
          continue;
        case '<':
        case '<>': {
          if (target === '/dev/null') {
            if (fd === 0) stdin = emptyStdin();
            continue;
          }
          const text = this.session.readFile?.(target);
          if (text === undefined) return fail(`bash: ${target}: No such file or directory`);
          if (fd === 0) stdin = { text, pos: 0 };
          continue;
        }
        case '<&':
          continue;
        case '>&':
          if (/^\d+$/.test(target)) {
            const source = fds.get(Number(target));
            if (!source) return fail(`bash: ${target}: Bad file descriptor`);
            fds.set(fd, source);
            continue;
          }
          if (target === '-') {
            fds.set(fd, NULL_SINK);
            continue;
          }
        // `>& file` (not a number) is &> file
        // falls through
        case '&>':
        case '&>>':
        case '>':
        case '>|':
        case '>>': {
          const both = r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === undefined);
          const dest = this.openFile(target, r.op === '>>' || r.op === '&>>', fds, files);
          if (typeof dest === 'string') return fail(dest);
          if (both) {
            fds.set(1, dest);
            fds.set(2, dest);
          } else fds.set(fd, dest);
          continue;
        }
      }
    }
    const inner: Ctx = { ...ctx, io: { stdin, out: fds.get(1)!, err: fds.get(2)! } };
    try {
      return yield* run(inner);
    } finally {
      for (const f of files) {
        const problem = this.session.writeFile?.(f.path, f.text, true);
        if (problem) ctx.io.err.write(`bash: ${f.path}: ${problem}\n`);
      }
    }
  }

  private openFile(path: string, append: boolean, fds: Map<number, Sink>, files: FileSink[]): Sink | string {
    if (path === '/dev/null') return NULL_SINK;
    if (path === '/dev/stdout') return fds.get(1)!;
    if (path === '/dev/stderr') return fds.get(2)!;
    if (path === '') return 'bash: : No such file or directory';
    if (!this.session.writeFile) return `bash: ${path}: Read-only file system`;
    if (!append) {
      // bash truncates (creates) the file before the command runs
      const problem = this.session.writeFile(path, '', false);
      if (problem) return `bash: ${path}: ${problem}`;
    }
    const existing = files.find((f) => f.path === path);
    if (existing) return existing;
    const f = new FileSink(path);
    files.push(f);
    return f;
  }

  // ------------------------------------------------------------ substitution and exec

  /** $(…): runs in a subshell to its end (with the limits of a script) and returns its output. */
  substitute(body: List, ctx: Ctx): string {
    if (ctx.depth >= MAX_DEPTH) {
      ctx.io.err.write(`bash: maximum nesting level exceeded (${MAX_DEPTH})\n`);
      return '';
    }
    const capture = new Capture();
    const outbox = new Outbox(this.now);
    const thread: Thread = { live: false, job: ctx.thread.job, budget: new Budget(true, this.now, this.work) };
    const sub: Ctx = {
      ...ctx,
      state: ctx.state.fork(),
      io: { stdin: ctx.io.stdin, out: capture, err: ctx.io.err },
      thread,
      depth: ctx.depth + 1,
      noErrexit: false,
    };
    const p = new GeneratorProcess(this.subshellProgram(body, sub), outbox, thread, this.now);
    this.driveToEnd(p);
    for (const e of outbox.drain()) ctx.io.err.write(e.text, e.at);
    this.substitutionStatus = p.exitCode;
    ctx.state.lastStatus = p.exitCode;
    return capture.text;
  }

  private *subshellProgram(body: List, ctx: Ctx): Exec {
    try {
      return yield* this.list(body, ctx);
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof ErrexitSignal || e instanceof FatalSignal) return e.status;
      if (e instanceof LimitSignal) {
        if (e.message) ctx.io.err.write(`${e.message}\n`);
        return 130;
      }
      if (e instanceof ReturnSignal) return e.status;
      return 0;
    }
  }

  /** CommandInput.exec: a command line run for a command (ssh HOST CMD, sudo, watch, kubectl exec … --). With
   *  keepRunning, a line still running when it first waits comes back as a process for the caller to run on. */
  execLine(line: string, ctx: Ctx, keepRunning: boolean): CommandOutput {
    if (ctx.depth >= MAX_DEPTH) {
      return { stdout: '', stderr: `bash: maximum nesting level exceeded (${MAX_DEPTH})\n`, exitCode: 1 };
    }
    let list: List;
    try {
      list = parseProgram(line, { aliases: this.session.aliases, final: true });
    } catch (e) {
      const message = e instanceof ParseError ? e.message : String(e);
      return { stdout: '', stderr: `${message}\n`, exitCode: 2 };
    }
    const outbox = new Outbox(this.now);
    const thread: Thread = keepRunning
      ? { live: ctx.thread.live, job: ctx.thread.job, budget: ctx.thread.budget }
      : { live: false, job: ctx.thread.job, budget: new Budget(true, this.now, this.work) };
    const sub: Ctx = {
      ...ctx,
      io: { stdin: { text: ctx.io.stdin.text.slice(ctx.io.stdin.pos), pos: 0 }, out: outbox.sink('out'), err: outbox.sink('err') },
      thread,
      depth: ctx.depth + 1,
      noErrexit: false,
    };
    // A line that keeps running later must stand on the host it started on (ssh pops its host when it returns).
    const p = new GeneratorProcess(this.program(list, sub, false), outbox, thread, this.now, this.standingOn(this.session.host()));
    if (keepRunning) this.startProcess(p);
    else this.driveToEnd(p);
    let stdout = '';
    let stderr = '';
    const events = outbox.drain();
    for (const e of events) {
      if (e.stream === 'out') stdout += e.text;
      else stderr += e.text;
    }
    // The caller gets the two streams apart: say which began, so that `sudo CMD 2>&1` keeps CMD's order.
    const stderrFirst = stdout !== '' && events.find((e) => e.text !== '')?.stream === 'err';
    if (p.done) return { stdout, stderr, exitCode: p.exitCode, ...(stderrFirst ? { stderrFirst } : {}) };
    return { stdout, stderr, exitCode: 0, process: p, ...(stderrFirst ? { stderrFirst } : {}) };
  }

  /** Runs code on a given host: a job or a remote command resumed later, from wherever the foreground is, must
   *  see (and write files on) the host it was started on. */
  private standingOn(host: ShellHost): <T>(fn: () => T) => T {
    return <T>(fn: () => T): T => {
      if (this.session.host() === host) return fn();
      this.session.pushHost(host);
      try {
        return fn();
      } finally {
        this.session.popHost();
      }
    };
  }

  /** eval and source: a text run in the current shell. */
  *evalText(text: string, ctx: Ctx): Exec {
    let list: List;
    try {
      list = parseProgram(text, { aliases: this.session.aliases, final: true, maxCommands: this.work.limit });
    } catch (e) {
      if (e instanceof TooManyCommands) {
        ctx.io.err.write(`bash: eval: ${e.message}: over this shell's bound of ${this.work.limit} commands without returning to the prompt\n`);
        return 1;
      }
      // eval's unexpected EOF is one line: bash does not add "syntax error: unexpected end of file" there.
      const message = e instanceof ParseError ? e.message.replace(/\nbash: syntax error: unexpected end of file$/, '') : String(e);
      ctx.io.err.write(`${message}\n`);
      return 2;
    }
    return yield* this.list(list, ctx);
  }
}

/** `set -e` ended the shell after a failure. */
export class ErrexitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}


class FileSink implements Sink {
  text = '';
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  write(text: string): void {
    this.text += text;
  }
}

/** Builtins whose NAME=value arguments are assignments: not split or globbed (`export X=$TWO`). */
const DECLARATION_BUILTINS = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);

function isDeclaration(cmd: SimpleCommand): boolean {
  const first = cmd.words[0]!;
  return first.parts.length === 1 && first.parts[0]!.type === 'lit' && DECLARATION_BUILTINS.has(first.raw);
}

function expandDeclaration(cmd: SimpleCommand, env: ExpandEnv): string[] {
  const argv: string[] = [];
  for (const w of cmd.words) {
    const m = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.exec(w.raw);
    if (m && w.parts[0]?.type === 'lit') argv.push(m[0] + expandString(parseWordQuick(w.raw.slice(m[0].length)), env, true));
    else argv.push(...expandWords([w], env));
  }
  return argv;
}

/** A command that returned something odd must not break the shell. */
function normalize(out: CommandOutput | undefined): CommandOutput {
  return {
    stdout: typeof out?.stdout === 'string' ? out.stdout : '',
    stderr: typeof out?.stderr === 'string' ? out.stderr : '',
    exitCode: Number.isInteger(out?.exitCode) ? out!.exitCode & 255 : 1,
    stderrFirst: out?.stderrFirst === true,
    process: out?.process,
  };
}
