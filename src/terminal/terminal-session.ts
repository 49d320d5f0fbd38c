// The browser terminal's logic: a line editor on top of the engine's shell. The xterm island only passes key
// input in and writes text out, so this runs (and is tested) in Node as well.
import type { Engine } from '../shell/engine.ts';
import { parseWatchArgs } from '../shell/commands/watch.ts';
import { PS2 } from '../shell/run.ts';
import { stripAnsi } from '../shell/format/ansi.ts';
import { LineEditor } from './line-editor.ts';
import { visibleTail } from './screen-feed.ts';
import { joinHistoryLines } from '../shell/bash/history.ts';
import { type Clock, firstSlice, type LiveRecord, type LiveRun, REAL_CLOCK, type ReplayFault, replayLive, runLive } from './live-process.ts';

/** Why a logged line could not be done again as recorded, as data (the page words it). */
export interface LineFault {
  line: string;
  fault: ReplayFault | 'ended-at-once' | 'runs-on';
}

export type { Clock } from './live-process.ts';

/** xterm.js needs CRLF; the shell produces LF. */
export const toTerminal = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export interface TranscriptEntry {
  prompt: string;
  command: string;
  /** Plain text, for the screen-reader log. */
  output: string;
}

/** How much of an output its readers keep: the terminal (scrollback and screen) and the screen reader's log. */
export interface KeptLines {
  screenLines: number;
  transcriptLines: number;
}

const KEEP_ALL: KeptLines = { screenLines: Infinity, transcriptLines: Infinity };

/**
 * One thing a terminal did to its shell, enough to do it again exactly: a line (a scenario's `step`, run to its end
 * at once; a `live` run with its record; a `watch` with the screens it showed), or Ctrl-C / Ctrl-D while a command
 * was being continued (PS2). Keystrokes that only edit the line are not kept.
 */
export type LoggedInput = { line: string; step?: true; live?: LiveRecord; watch?: number } | { cancel: true } | { eof: true };

export class TerminalSession {
  readonly editor: LineEditor;
  private readonly engine: Engine;
  private readonly write: (text: string) => void;
  private readonly onTranscript: (entry: TranscriptEntry) => void;
  private readonly clock: Clock;
  private readonly keep: KeptLines;
  /** A running `watch`: the screen refreshes until Ctrl-C. */
  private watching?: { line: string; frames: number; timer: unknown };
  /** A foreground process (ping, tcpdump) running with the wall clock until it ends or Ctrl-C. */
  private live?: LiveRun;
  /** The lines of a command still being typed (PS2), and the prompt it started at. */
  private continued?: { prompt: string; lines: string[] };
  /** While at the prompt, background jobs (`tcpdump &`) still print as packets arrive. */
  private jobsTimer?: unknown;
  /** Hears every input that changed the shell, as it is done (see LoggedInput). */
  onLog: (entry: LoggedInput) => void = () => {};
  /** A log is being done again: no wall clock cuts its slices (the log says where they ended). */
  private replaying = false;
  private readonly wallClock = () => this.clock.now();
  /** Hears the prompt each time it is shown. */
  onPrompt: (prompt: string) => void = () => {};

  constructor(engine: Engine, write: (text: string) => void, onTranscript: (entry: TranscriptEntry) => void = () => {}, clock: Clock = REAL_CLOCK, keep: KeptLines = KEEP_ALL) {
    this.engine = engine;
    this.keep = keep;
    this.clock = clock;
    this.write = write;
    this.onTranscript = onTranscript;
    this.engine.session.interactive = true;
    this.editor = new LineEditor(engine.prompt());
    this.editor.complete = (line, cursor) => {
      const word = /\S*$/.exec(line.slice(0, cursor))![0];
      return engine.shell.complete(line, cursor).filter((c) => c.startsWith(word));
    };
  }

  /** Shows the prompt (when the terminal opens, or after Ctrl-L): PS2 (`> `) while a command goes on. */
  showPrompt(): void {
    this.editor.prompt = this.engine.shell.continuing ? PS2 : this.engine.prompt();
    this.onPrompt(this.editor.prompt);
    this.write(this.editor.render());
  }

  /** Key input from the terminal. */
  input(data: string): void {
    if (this.watching) {
      // Like the real watch, only Ctrl-C gets through.
      if (data.includes('\x03')) this.stopWatch();
      return;
    }
    if (this.live?.running) {
      // Typing ahead is not echoed; Ctrl-C stops the process.
      if (data.includes('\x03')) this.live.interrupt();
      return;
    }
    let pending: string | undefined = data;
    while (pending !== undefined) {
      const out = this.editor.input(pending);
      pending = out.pending;
      this.write(out.write);
      if (out.clear) {
        this.write('\x1b[2J\x1b[H');
        this.write(this.editor.render());
      }
      if (out.interrupt || out.eof) {
        if (out.eof) this.write('\r\n');
        this.endContinued(out.interrupt ? 'cancel' : 'eof');
      }
      if (out.submit !== undefined) this.runLine(out.submit);
    }
  }

  /** Ctrl-C drops a command being continued, as bash does; Ctrl-D ends it (bash's EOF error). */
  private endContinued(how: 'cancel' | 'eof'): void {
    if (this.engine.shell.continuing) {
      if (how === 'cancel') this.engine.shell.cancel();
      else this.show(this.engine.shell.end().output);
      this.onLog(how === 'cancel' ? { cancel: true } : { eof: true });
    }
    this.continued = undefined;
    this.showPrompt();
  }

  /**
   * A logged input done again, as the terminal first did it (its output shown after the prompt), with no wall
   * clock: a live run goes through its recorded ticks at once. Returns why it could not be, when the log does not
   * fit what the line does (a log not made by this engine).
   */
  replay(entry: LoggedInput): LineFault | undefined {
    this.replaying = true;
    try {
      if ('cancel' in entry || 'eof' in entry) {
        const eof = 'eof' in entry;
        this.write(eof ? '\r\n' : '^C\r\n');
        this.endContinued(eof ? 'eof' : 'cancel');
        return undefined;
      }
      this.write(`${toTerminal(entry.line)}\r\n`);
      this.editor.addHistory(entry.line);
      return this.runLine(entry.line, !entry.step, entry).error;
    } finally {
      this.replaying = false;
    }
  }

  get isWatching(): boolean {
    return this.watching !== undefined;
  }

  /** A foreground process is running (the prompt comes back when it ends). */
  get isBusy(): boolean {
    return this.live?.running ?? false;
  }

  /**
   * `watch CMD` on its own line repaints the screen every interval, as procps watch does, with model time
   * passing at the same pace, until Ctrl-C. (In a pipe or a script it prints one screen: the shell's watch.)
   */
  private startWatch(line: string, frames?: number): boolean {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'watch' || /[|;&]/.test(line.replace(/'[^']*'|"[^"]*"/g, ''))) return false;
    const options = parseWatchArgs(words.slice(1).map((w) => w.replace(/^(['"])(.*)\1$/, '$2')));
    if ('error' in options) return false;
    const screen = () => {
      const { output } = this.engine.shell.run(line);
      this.write(`\x1b[2J\x1b[H${toTerminal(visibleTail(output, this.keep.screenLines))}`);
    };
    if (frames !== undefined) {
      // Replayed: the screens it showed, then Ctrl-C.
      for (let i = 0; i < frames; i++) {
        if (i > 0) this.engine.session.advance(options.intervalSeconds);
        screen();
      }
      this.watching = { line, frames, timer: undefined };
      this.stopWatch();
      return true;
    }
    const frame = () => {
      screen();
      this.watching = { line, frames: (this.watching?.frames ?? 0) + 1, timer: this.clock.setTimeout(tick, options.intervalSeconds * 1000) };
    };
    const tick = () => {
      if (!this.watching) return;
      this.engine.session.advance(options.intervalSeconds);
      frame();
    };
    frame();
    return true;
  }

  private stopWatch(): void {
    if (!this.watching) return;
    this.clock.clearTimeout(this.watching.timer);
    this.onLog({ line: this.watching.line, watch: this.watching.frames });
    this.watching = undefined;
    this.write('\r\n');
    this.showPrompt();
  }

  /**
   * Runs a line as if typed and entered. Replays of a scenario pass `live: false`: the command runs to its end at
   * once (a recorded `watch` shows one screen). `logged`: the line's record, when a log is being played again.
   */
  runLine(line: string, live = true, logged?: { live?: LiveRecord; watch?: number }): { error?: LineFault } {
    if (live && !this.engine.shell.continuing && this.startWatch(line, logged?.watch)) return {};
    const shell = this.engine.shell;
    const before = shell.commandsRun;
    // A replayed first slice ends where the recorded one did.
    if (logged?.live?.first !== undefined) shell.breatheAt(before + logged.live.first);
    let result;
    try {
      result = shell.run(line, { wallClock: this.replaying ? undefined : this.wallClock });
    } finally {
      shell.breatheAt(undefined);
    }
    if (result.more) {
      // The command goes on: bash's PS2 asks for the next line.
      this.onLog({ line });
      this.continued ??= { prompt: this.editor.prompt, lines: [] };
      this.continued.lines.push(line);
      this.showPrompt();
      return {};
    }
    // The transcript shows a command typed over several lines as one, after its first prompt.
    const prompt = this.continued?.prompt ?? this.editor.prompt;
    const command = this.continued ? [...this.continued.lines, line].join('\n') : line;
    if (this.continued) this.editor.replaceHistoryTail([...this.continued.lines, line], joinHistoryLines([...this.continued.lines, line]));
    this.continued = undefined;
    let output = result.output;
    this.show(output);
    const done = (error?: LineFault) => {
      this.onTranscript({ prompt, command, output: stripAnsi(visibleTail(output, this.keep.transcriptLines)) });
      this.showPrompt();
      return { error };
    };
    if (result.live && !live) {
      // A replay shows the finished command at once.
      const rest = shell.finish(result.live).output;
      this.show(rest);
      output += rest;
      this.onLog({ line, step: true });
      return done();
    }
    if (logged && Boolean(result.live) !== Boolean(logged.live)) {
      // A run that should not be there is stopped, as Ctrl-C would (it may never end by itself).
      if (result.live) this.show(result.live.interrupt().map((e) => e.text).join(''));
      return done({ line, fault: logged.live ? 'ended-at-once' : 'runs-on' });
    }
    if (result.live && logged?.live) {
      const replayed = replayLive(this.engine, result.live, logged.live);
      if ('error' in replayed) {
        if (!result.live.done) this.show(result.live.interrupt().map((e) => e.text).join(''));
        return done({ line, fault: replayed.error });
      }
      this.show(replayed.output);
      output += replayed.output;
      this.onLog({ line, live: logged.live });
      return done();
    }
    if (result.live) {
      // Only the transcript's end is ever read: a flood running for minutes is not kept whole.
      output = visibleTail(output, this.keep.transcriptLines);
      this.live = runLive(this.engine, result.live, (text) => {
        output = visibleTail(output + text, this.keep.transcriptLines);
        this.show(text);
      }, (record) => {
        this.onLog({ line, live: record });
        done();
      }, this.clock, firstSlice(this.engine, result.live, before));
      return {};
    }
    this.onLog({ line });
    return done();
  }

  /** A command's output on the screen: only what the terminal can keep is converted and sent (a megabyte of
   *  `yes` costs the worker as much time to convert as to make). */
  private show(text: string): void {
    if (text) this.write(toTerminal(visibleTail(text, this.keep.screenLines)));
  }

  /** Background jobs print while the prompt waits (a `tcpdump &` seeing another terminal's ping). */
  watchJobs(): void {
    const poll = () => {
      if (!this.live?.running && !this.watching) {
        const out = this.engine.shell.pollJobs(this.wallClock);
        if (out) {
          // Output lands above the line being typed, as bash's does (the line is redrawn after it).
          this.write('\r\x1b[K' + toTerminal(visibleTail(out, this.keep.screenLines)));
          this.write(this.editor.render());
        }
      }
      this.jobsTimer = this.clock.setTimeout(poll, 200);
    };
    this.jobsTimer = this.clock.setTimeout(poll, 200);
  }

  /** Stops timers (the terminal is closing). */
  dispose(): void {
    this.live?.interrupt();
    if (this.jobsTimer !== undefined) this.clock.clearTimeout(this.jobsTimer);
  }
}
