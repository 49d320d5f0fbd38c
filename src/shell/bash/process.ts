// The interpreter is resumable: every command runs as a generator that yields when it wants model time to pass
// (sleep N, a foreground ping), with the model time (ms) it waits for. Whoever drives the generator decides how
// that time passes: a script (pipe mode, $(…)) advances the model clock at once; a watched terminal lets the wall
// clock catch up first (src/terminal/live-process.ts) and can stop it with Ctrl-C. A running compound command
// or a background job is therefore just a Process (types.ts) wrapped around its generator.

import type { Emission, Process } from '../types.ts';
import type { Outbox } from './io.ts';

/** Yielded value: the model time the interpreter waits for; BREATHER means "nothing to wait for, but let the
 *  caller breathe" (an endless loop without sleep must not freeze a browser tab). */
export type Wait = number;
export const BREATHER = -1;

/** A running command: yields waits, returns its exit status. */
export type Exec = Generator<Wait, number, void>;

// ---------------------------------------------------------------- control flow

export class BreakSignal {
  readonly levels: number;
  constructor(levels: number) {
    this.levels = levels;
  }
}
export class ContinueSignal {
  readonly levels: number;
  constructor(levels: number) {
    this.levels = levels;
  }
}
export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
/** `exit`, or `set -e` after a failure: ends the (sub)shell. */
export class ExitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
/** An expansion error (bad substitution, ${x:?}, $((1/0)), unbound variable): bash abandons the whole command
 *  line, and a non-interactive bash exits. The message has already been printed. */
export class FatalSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
/** A script ran past the limits for running with no one at the keyboard. */
export class LimitSignal {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

// ---------------------------------------------------------------- limits for scripts

/** With no one at the keyboard (pipe mode, $(…)), a loop stops after this much model time … */
export const LOOP_MODEL_MS_LIMIT = 60 * 60_000;
/** … or after this many commands, whichever comes first. */
export const COMMAND_LIMIT = 100_000;
/** Commands one input may run in all before control returns (see Budget): twice a script loop's bound … */
export const NONSTOP_COMMAND_LIMIT = 2 * 100_000;
/** … and on a watched terminal, per tick: a browser tab must not freeze for long (about 0.1 s at worst here;
 *  loops at the prompt pause every 1,000 commands, so only work that cannot pause meets this). */
export const LIVE_NONSTOP_COMMAND_LIMIT = 10_000;

/** The work counter all budgets of one interpreter share. */
export interface Work {
  commands: number;
  /** Commands this interpreter has run since it started (never reset): a log counts slices by it. */
  total: number;
  limit: number;
  /** On a watched terminal: its wall clock and when the current slice ends by it. */
  slice?: { now: () => number; ends: number };
  /** A recorded slice played again (a restored session): it breathes when `total` reaches this, as it did when its
   *  wall clock ended it, and at no other point. */
  breatheAt?: number;
}
/** A watched terminal's run works at most about this long (wall clock, ms) before it breathes. */
export const SLICE_MS = 15;
/** An interactive run yields to the terminal this often when it has nothing to wait for. */
const BREATHE_EVERY = 1_000;

export class Budget {
  commands = 0;
  private loopStartedAt?: number;
  /** Limits apply (nobody can press Ctrl-C). */
  readonly enforced: boolean;
  private readonly now: () => number;
  /** Commands run since control last went back to the caller (a line typed, a terminal's tick), shared by every
   *  budget of one interpreter: subshells, pipe stages and jobs each have a budget of their own, and work that
   *  never returns (`f() { f | f; }; f`, a fork bomb) would otherwise never stop. */
  private readonly work: Work;

  constructor(enforced: boolean, now: () => number, work: Work = { commands: 0, total: 0, limit: NONSTOP_COMMAND_LIMIT }) {
    this.enforced = enforced;
    this.now = now;
    this.work = work;
  }

  /** A command is about to run. Returns true when it is time for a breather. */
  command(): boolean {
    this.commands++;
    const work = this.work;
    work.total++;
    if (++work.commands > work.limit) {
      // Every command from here on fails until control returns, so that the pipe stages and subshells that catch
      // a script's limits unwind too; only the first says why.
      if (work.commands > work.limit + 1) throw new LimitSignal('');
      throw new LimitSignal(`bash: stopped after ${work.limit} commands without returning to the prompt (subshells, pipe stages and jobs included)`);
    }
    if (this.enforced && this.commands > COMMAND_LIMIT) {
      throw new LimitSignal(`bash: stopped after ${COMMAND_LIMIT} commands: nobody is at the keyboard to press Ctrl-C (a script's loops run at most ${COMMAND_LIMIT} commands or ${LOOP_MODEL_MS_LIMIT / 60_000} minutes of model time)`);
    }
    // The count is this budget's and the interpreter's (a pipe's stages each have a budget of one command), and
    // a slice also ends by the clock: a thousand `kubectl get` are not a thousand `:`.
    if (work.breatheAt !== undefined) return work.total === work.breatheAt;
    return this.commands % BREATHE_EVERY === 0 || work.commands % BREATHE_EVERY === 0 || (work.slice !== undefined && work.slice.now() >= work.slice.ends);
  }

  /** A loop is about to run its body again. */
  iteration(): void {
    const now = this.now();
    this.loopStartedAt ??= now;
    if (this.enforced && now - this.loopStartedAt > LOOP_MODEL_MS_LIMIT) {
      throw new LimitSignal(`bash: loop stopped after ${LOOP_MODEL_MS_LIMIT / 60_000} minutes of model time: nobody is at the keyboard to press Ctrl-C (a script's loops run at most ${COMMAND_LIMIT} commands or ${LOOP_MODEL_MS_LIMIT / 60_000} minutes of model time)`);
    }
  }
}

/** What one chain of generators shares: the process it waits for now (Ctrl-C goes to it) and its limits. */
export interface Thread {
  /** Driven by a watched terminal: no limits, endless processes run until Ctrl-C. */
  live: boolean;
  /** A background job: its waits do not run the other jobs. */
  job: boolean;
  budget: Budget;
  /** The foreground process being waited for, and where its output goes (its redirections). */
  current?: { process: Process; emit: (list: Emission[]) => void };
}

// ---------------------------------------------------------------- a generator as a Process

export class GeneratorProcess implements Process {
  private readonly gen: Exec;
  private readonly outbox: Outbox;
  private readonly thread: Thread;
  private readonly now: () => number;
  private waitingFor: Wait = BREATHER;
  private finished = false;
  private status = 0;
  /** Runs around each resumption (e.g. to stand on the host the command started on). */
  private readonly around: <T>(fn: () => T) => T;
  /** Called once with the exit status when the generator ends (sets $?). */
  onExit?: (status: number) => void;
  /** Called when a driver resumes it with runUntil (a terminal's tick). */
  onResume?: () => void;

  constructor(gen: Exec, outbox: Outbox, thread: Thread, now: () => number, around: <T>(fn: () => T) => T = (fn) => fn()) {
    this.gen = gen;
    this.outbox = outbox;
    this.thread = thread;
    this.now = now;
    this.around = around;
  }

  get done(): boolean {
    return this.finished;
  }

  get exitCode(): number {
    return this.status;
  }

  /** It waits for a process that ends by itself (kubectl exec … -- iperf3 -t 30): see Process.endsByItself. */
  get endsByItself(): boolean {
    return this.thread.current?.process.endsByItself ?? false;
  }

  /** It paused with nothing to wait for (a busy loop letting its driver breathe). */
  get breathing(): boolean {
    return !this.finished && this.waitingFor === BREATHER;
  }

  /** The time it waits for (now, for a breather). */
  nextAt(): number {
    if (this.finished) return this.outbox.emissions.length ? this.now() : Infinity;
    return this.waitingFor === BREATHER ? this.now() : this.waitingFor;
  }

  /** Resumes once; returns false when it has ended. */
  step(): boolean {
    if (this.finished) return false;
    let r: IteratorResult<Wait, number>;
    try {
      r = this.around(() => this.gen.next());
    } catch (e) {
      // The interpreter turns every error into text; this is a last line of defence.
      this.outbox.sink('err').write(`bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      r = { done: true, value: 1 };
    }
    if (r.done) {
      this.finish(r.value);
      return false;
    }
    this.waitingFor = r.value;
    return true;
  }

  private finish(status: number): void {
    this.finished = true;
    this.status = status;
    this.onExit?.(status);
  }

  /** Runs until it waits for a time after `until`, at most `maxSteps` times. It is always resumed once: what it
   *  waits for may be a process that only reacts (tcpdump) and has to look whether something came. */
  runUntil(until: number, maxSteps = 10_000): Emission[] {
    this.onResume?.();
    for (let i = 0; i < maxSteps && !this.finished; i++) {
      const w = this.waitingFor;
      if (i > 0 && (w === BREATHER || w > until)) break; // one breather per call
      this.step();
    }
    return this.outbox.drain();
  }

  /** Ctrl-C: the foreground process prints its last words, then the whole command stops (status 130). */
  interrupt(): Emission[] {
    if (this.finished) return this.outbox.drain();
    // Its last words go where its output went (`tcpdump … 2>/dev/null` stays quiet), before the generator's
    // cleanup writes redirected files.
    const current = this.thread.current;
    if (current && !current.process.done) current.emit(current.process.interrupt());
    try {
      this.around(() => this.gen.return(130));
    } catch {
      // a generator that is running (interrupting itself) cannot be stopped from inside; it ends on its own
    }
    this.finish(130);
    return this.outbox.drain();
  }
}
