// The shell as its faces see it: lines in, bash's output out. It reads lines as bash does (an unfinished command
// waits for more lines, shown with PS2 `> `), keeps the history, and runs what it read with the interpreter
// (bash/interpreter.ts), either to its end (a script, pipe mode) or, on a watched terminal, until it first waits
// for model time, handing the rest back as a live process.
// It never throws: parse errors, expansion errors and exceptions inside commands all become bash-style text.

import { completionContext } from './bash/completion.ts';
import { Interpreter } from './bash/interpreter.ts';
import { Outbox } from './bash/io.ts';
import { Incomplete, ParseError, parseProgram } from './bash/parser.ts';
import { joinHistoryLines } from './bash/history.ts';
import { GeneratorProcess, LIVE_NONSTOP_COMMAND_LIMIT, NONSTOP_COMMAND_LIMIT } from './bash/process.ts';
import { ShellState } from './bash/state.ts';
import type { List } from './bash/ast.ts';
import type { Registry } from './registry.ts';
import type { CommandOutput, Emission, Process, Session } from './types.ts';

export { ENDLESS_AFTER_MS } from './bash/interpreter.ts';

export interface ShellResult {
  /** stdout and stderr interleaved as a terminal shows them. */
  output: string;
  /** The same output in order, each piece tagged with its stream, for faces that keep them apart (the CLI in
   *  pipe mode writes stderr to its own stderr). */
  chunks: Chunk[];
  exitCode: number;
  /** In an interactive session, a command still running in the foreground (ping, tcpdump, a loop that sleeps):
   *  the terminal runs it on with the wall clock and stops it on Ctrl-C. Outside interactive sessions the shell
   *  runs it to the end. */
  live?: Process;
  /** The line does not finish a command (open quote, `for` without `done`, heredoc body to come, trailing `|`):
   *  nothing ran; the next run() continues it. Faces show PS2 (`> `). */
  more?: boolean;
}

/** How a watched terminal runs a line. */
export interface RunOptions {
  /** The terminal's wall clock in ms: the run hands control back once it has worked SLICE_MS by it, however
   *  heavy its commands, so that Ctrl-C is heard soon. Only the terminal that drives the run's slices gives it: a
   *  widget's or a script's `run` on the same shell runs to its end. */
  wallClock?: () => number;
}

export interface Shell {
  /** Runs one line typed by the user (recorded in history), or buffers it when the command goes on. */
  run(line: string, options?: RunOptions): ShellResult;
  /** Input has ended (Ctrl-D, end of a script): a command still waiting for lines is bash's EOF error. */
  end(): ShellResult;
  /** A command is waiting for more lines (the prompt is PS2). */
  readonly continuing: boolean;
  /** Ctrl-C at PS2: the lines of the unfinished command are dropped. */
  cancel(): void;
  /** Runs a command line with stdout and stderr kept apart (what CommandInput.exec gives commands). */
  exec(line: string): CommandOutput;
  /** Completion candidates for the word that ends at `cursor`. */
  complete(line: string, cursor: number): string[];
  /** Commands given to run(), oldest first (a command typed over several lines is one entry). */
  readonly history: readonly string[];
  /** Runs background jobs up to the current model time and returns what they printed (the terminal calls this
   *  while it waits at the prompt or runs a foreground process). */
  pollJobs(wallClock?: () => number): string;
  /** Runs a process handed back in ShellResult.live to its end with model time (a replay does not wait). */
  finish(p: Process): ShellResult;
  /** Commands run since the shell started: a live run's log counts the commands of each slice that breathed. */
  readonly commandsRun: number;
  /** Playing a log back: the next slice breathes when commandsRun reaches `at`, as recorded, and nowhere else;
   *  undefined: slices breathe as they do live. */
  breatheAt(at: number | undefined): void;
}

/** PS2, bash's prompt for a continuation line. */
export const PS2 = '> ';

type Stream = 'out' | 'err';
export interface Chunk {
  stream: Stream;
  text: string;
}

const toChunks = (list: Emission[]): Chunk[] => list.map((e) => ({ stream: e.stream, text: e.text }));

function result(chunks: Chunk[], exitCode: number, extra: Partial<ShellResult> = {}): ShellResult {
  return { output: chunks.map((c) => c.text).join(''), chunks, exitCode, ...extra };
}

export function createShell(session: Session, registry: Registry): Shell {
  const state = new ShellState(session.env);
  // What the session starts with is the environment bash inherited: exported.
  for (const name of session.env.keys()) state.addAttr(name, 'x');
  const shell = new Interpreter(session, registry, state);
  let pending: string[] = [];
  /** The wall clock of the terminal whose run() is under way (see RunOptions). */
  let wallClock: (() => number) | undefined;

  const internalError = (e: unknown): ShellResult => {
    const text = `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
    return result([{ stream: 'err', text }], 1);
  };

  function execute(list: List): ShellResult {
    const clock = session.interactive ? wallClock : undefined;
    shell.newSlice(clock);
    shell.work.limit = session.interactive ? LIVE_NONSTOP_COMMAND_LIMIT : NONSTOP_COMMAND_LIMIT;
    const outbox = new Outbox(shell.now);
    shell.terminal = outbox;
    const live = session.interactive;
    const ctx = shell.topContext(outbox, live);
    const p = new GeneratorProcess(shell.program(list, ctx, true), outbox, ctx.thread, shell.now);
    // Ctrl-C on a live command: $? is 130, as after bash's SIGINT.
    p.onExit = (status) => (state.lastStatus = status);
    // On a terminal, one busy slice before the screen gets the line back (a tick runs one more): the engine
    // answers Ctrl-C between slices.
    if (live) shell.startProcess(p, 1);
    else shell.driveToEnd(p);
    const chunks = toChunks(outbox.drain());
    if (p.done) return result(chunks, p.exitCode);
    // Each time the terminal resumes it, the work budget starts afresh: control came back in between.
    p.onResume = () => shell.newSlice(clock);
    return result(chunks, 0, { live: p });
  }

  function read(source: string, final: boolean, lines: string[]): ShellResult {
    const entry = () => joinHistoryLines(lines);
    let list: List;
    try {
      list = parseProgram(source, { aliases: session.aliases, final });
    } catch (e) {
      if (e instanceof Incomplete && !final) return result([], state.lastStatus, { more: true });
      pending = [];
      if (source.trim() !== '') shell.history.push(entry());
      if (!(e instanceof ParseError)) throw e;
      state.lastStatus = 2;
      return result([{ stream: 'err', text: `${e.message}\n` }], 2);
    }
    pending = [];
    if (source.trim() !== '') shell.history.push(entry());
    return execute(list);
  }

  return {
    run(line, options) {
      wallClock = options?.wallClock;
      try {
        if (shell.exited) return result([], state.lastStatus);
        const source = pending.length ? `${pending.join('\n')}\n${line}` : line;
        const r = read(source, false, [...pending, line]);
        if (r.more) pending.push(line);
        return r;
      } catch (e) {
        pending = [];
        return internalError(e);
      } finally {
        wallClock = undefined;
      }
    },
    end() {
      try {
        if (pending.length === 0 || shell.exited) return result([], state.lastStatus);
        // Every line came with its newline: `echo a \` then end of input is `echo a`.
        return read(`${pending.join('\n')}\n`, true, pending);
      } catch (e) {
        pending = [];
        return internalError(e);
      }
    },
    get continuing() {
      return pending.length > 0;
    },
    cancel() {
      pending = [];
    },
    exec(line) {
      try {
        const ctx = shell.topContext(new Outbox(shell.now), false);
        return shell.execLine(line, { ...ctx, depth: -1 }, false);
      } catch (e) {
        return { stdout: '', stderr: `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
      }
    },
    complete(line, cursor) {
      try {
        const before = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
        const where = completionContext(before, session.aliases, (n) => state.get(n));
        const matches = (candidates: Iterable<string>) => [...new Set(candidates)].filter((c) => typeof c === 'string' && c.startsWith(where.partial));
        if (where.words.length === 0) {
          const names = [...Object.keys(shell.builtinNames()), ...shell.availableCommands().map((c) => c.name), ...session.aliases.keys(), ...state.functions.keys()];
          return matches(names).sort();
        }
        const [name, ...args] = where.words;
        const cmd = shell.findCommand(name!);
        if (!cmd?.complete) return [];
        return matches(cmd.complete(args, session));
      } catch {
        return [];
      }
    },
    history: shell.history,
    finish(p) {
      try {
        const outbox = new Outbox(shell.now);
        shell.terminal = outbox;
        const ctx = shell.topContext(outbox, false);
        const driver = new GeneratorProcess(shell.waitProcess(p, ctx), outbox, ctx.thread, shell.now);
        shell.driveToEnd(driver);
        state.lastStatus = p.exitCode;
        return result(toChunks(outbox.drain()), p.exitCode);
      } catch (e) {
        return internalError(e);
      }
    },
    get commandsRun() {
      return shell.work.total;
    },
    breatheAt(at) {
      shell.work.breatheAt = at;
    },
    pollJobs(clock) {
      try {
        shell.newSlice(clock);
        return shell.runJobs(session.now()).map((e) => e.text).join('');
      } catch (e) {
        return `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
      }
    },
  };
}
