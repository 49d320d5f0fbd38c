// The browser terminal's logic: a line editor on top of the engine's shell. The xterm island only passes key
// input in and writes text out, so this runs (and is tested) in Node as well.
import type { Engine } from '../shell/engine.ts';
import { LineEditor } from './line-editor.ts';

/** xterm.js needs CRLF; the shell produces LF. */
export const toTerminal = (text: string): string => text.replace(/\r?\n/g, '\r\n');
export const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export interface TranscriptEntry {
  prompt: string;
  command: string;
  /** Plain text, for the screen-reader log. */
  output: string;
}

export class TerminalSession {
  readonly editor: LineEditor;
  private readonly engine: Engine;
  private readonly write: (text: string) => void;
  private readonly onTranscript: (entry: TranscriptEntry) => void;

  constructor(engine: Engine, write: (text: string) => void, onTranscript: (entry: TranscriptEntry) => void = () => {}) {
    this.engine = engine;
    this.write = write;
    this.onTranscript = onTranscript;
    this.engine.session.interactive = true;
    this.editor = new LineEditor(engine.prompt());
    this.editor.complete = (line, cursor) => {
      const word = /\S*$/.exec(line.slice(0, cursor))![0];
      return engine.shell.complete(line, cursor).filter((c) => c.startsWith(word));
    };
  }

  /** Shows the prompt (when the terminal opens, or after Ctrl-L). */
  showPrompt(): void {
    this.editor.prompt = this.engine.prompt();
    this.write(this.editor.render());
  }

  /** Key input from the terminal. */
  input(data: string): void {
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
        this.showPrompt();
      }
      if (out.submit !== undefined) this.runLine(out.submit);
    }
  }

  /** Runs a line as if typed and entered (replays type it first, then call this). */
  runLine(line: string): string {
    const prompt = this.editor.prompt;
    const { output } = this.engine.shell.run(line);
    this.write(toTerminal(output));
    this.onTranscript({ prompt, command: line, output: stripAnsi(output) });
    this.showPrompt();
    return output;
  }
}
