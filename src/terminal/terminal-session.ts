// The browser terminal's logic: a line editor on top of the engine's shell. The xterm island only passes key
// input in and writes text out, so this runs (and is tested) in Node as well.
import type { Engine } from '../shell/engine.ts';
import { parseWatchArgs } from '../shell/commands/watch.ts';
import { PS2 } from '../shell/run.ts';
import { stripAnsi } from '../shell/format/ansi.ts';
import { LineEditor } from './line-editor.ts';
import { visibleTail } from './screen-feed.ts';
import { joinHistoryLines } from '../shell/bash/history.ts';
import { type Clock, type LiveRun, REAL_CLOCK, runLive } from './live-process.ts';

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

export class TerminalSession {
  readonly editor: LineEditor;
  private readonly engine: Engine;
  private readonly write: (text: string) => void;
  private readonly onTranscript: (entry: TranscriptEntry) => void;
  private readonly clock: Clock;
  private readonly keep: KeptLines;
  /** A running `watch`: the screen refreshes until Ctrl-C. */
  private watching?: { timer: unknown };
  /** A foreground process (ping, tcpdump) running with the wall clock until it ends or Ctrl-C. */
  private live?: LiveRun;
  /** The lines of a command still being typed (PS2), and the prompt it started at. */
  private continued?: { prompt: string; lines: string[] };
  /** While at the prompt, background jobs (`tcpdump &`) still print as packets arrive. */
  private jobsTimer?: unknown;

  constructor(engine: Engine, write: (text: string) => void, onTranscript: (entry: TranscriptEntry) => void = () => {}, clock: Clock = REAL_CLOCK, keep: KeptLines = KEEP_ALL) {
    this.engine = engine;
    this.keep = keep;
    this.clock = clock;
    this.write = write;
    this.onTranscript = onTranscript;
    this.engine.session.interactive = true;
    this.engine.session.wallClock = () => this.clock.now();
    this.editor = new LineEditor(engine.prompt());
    this.editor.complete = (line, cursor) => {
      const word = /\S*$/.exec(line.slice(0, cursor))![0];
      return engine.shell.complete(line, cursor).filter((c) => c.startsWith(word));
    };
  }

  /** Shows the prompt (when the terminal opens, or after Ctrl-L): PS2 (`> `) while a command goes on. */
  showPrompt(): void {
    this.editor.prompt = this.engine.shell.continuing ? PS2 : this.engine.prompt();
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
        // Ctrl-C drops a command being continued, as bash does; Ctrl-D ends it (bash's EOF error).
        if (out.interrupt) this.engine.shell.cancel();
        else if (this.engine.shell.continuing) this.show(this.engine.shell.end().output);
        this.continued = undefined;
        this.showPrompt();
      }
      if (out.submit !== undefined) this.runLine(out.submit);
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
  private startWatch(line: string): boolean {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'watch' || /[|;&]/.test(line.replace(/'[^']*'|"[^"]*"/g, ''))) return false;
    const options = parseWatchArgs(words.slice(1).map((w) => w.replace(/^(['"])(.*)\1$/, '$2')));
    if ('error' in options) return false;
    const frame = () => {
      const { output } = this.engine.shell.run(line);
      this.write(`\x1b[2J\x1b[H${toTerminal(visibleTail(output, this.keep.screenLines))}`);
      this.watching = { timer: this.clock.setTimeout(tick, options.intervalSeconds * 1000) };
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
    this.watching = undefined;
    this.write('\r\n');
    this.showPrompt();
  }

  /** Runs a line as if typed and entered. Replays pass `live: false`: a recorded `watch` shows one screen. */
  runLine(line: string, live = true): string {
    if (live && !this.engine.shell.continuing && this.startWatch(line)) return '';
    const result = this.engine.shell.run(line);
    if (result.more) {
      // The command goes on: bash's PS2 asks for the next line.
      this.continued ??= { prompt: this.editor.prompt, lines: [] };
      this.continued.lines.push(line);
      this.showPrompt();
      return '';
    }
    // The transcript shows a command typed over several lines as one, after its first prompt.
    const prompt = this.continued?.prompt ?? this.editor.prompt;
    const command = this.continued ? [...this.continued.lines, line].join('\n') : line;
    if (this.continued) this.editor.replaceHistoryTail([...this.continued.lines, line], joinHistoryLines([...this.continued.lines, line]));
    this.continued = undefined;
    let output = result.output;
    this.show(output);
    if (result.live && !live) {
      // A replay shows the finished command at once.
      const rest = this.engine.shell.finish(result.live).output;
      this.show(rest);
      output += rest;
    } else if (result.live) {
      // Only the transcript's end is ever read: a flood running for minutes is not kept whole.
      let said = visibleTail(output, this.keep.transcriptLines);
      this.live = runLive(this.engine, result.live, (text) => {
        said = visibleTail(said + text, this.keep.transcriptLines);
        this.show(text);
      }, () => {
        this.onTranscript({ prompt, command, output: stripAnsi(said) });
        this.showPrompt();
      }, this.clock);
      return output;
    }
    this.onTranscript({ prompt, command, output: stripAnsi(visibleTail(output, this.keep.transcriptLines)) });
    this.showPrompt();
    return output;
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
        const out = this.engine.shell.pollJobs();
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
