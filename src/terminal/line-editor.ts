// A readline-like line editor for the browser terminal, as plain logic: key input in, terminal output out.
// It knows nothing of xterm.js; the island feeds it xterm's onData strings and writes back what it returns.
// Wide characters (Hangul, CJK) take two columns, so cursor movement counts display columns, not code units.

export interface EditorOutput {
  /** Text to write to the terminal (ANSI sequences included). */
  write: string;
  /** A complete line the user entered with Enter. */
  submit?: string;
  /** Ctrl-C: the line was abandoned. */
  interrupt?: boolean;
  /** Ctrl-L: the screen should be cleared (the editor redraws the prompt and line itself). */
  clear?: boolean;
  /** Ctrl-D on an empty line. */
  eof?: boolean;
  /** Input after a submitted line (a multi-line paste), to feed back once the line has run. */
  pending?: string;
}

/** Columns a character takes in a terminal: 2 for East Asian wide characters, 0 for combining marks. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c === 0) return 0;
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1160 && c <= 0x11ff) || c === 0x200b) return 0;
  if (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)
  ) return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

const left = (n: number) => (n > 0 ? `\x1b[${n}D` : '');
const right = (n: number) => (n > 0 ? `\x1b[${n}C` : '');

export class LineEditor {
  /** The line as an array of characters (code points), so that surrogate pairs stay whole. */
  private chars: string[] = [];
  private cursor = 0;
  private readonly history: string[] = [];
  private historyIndex = 0;
  /** The line being typed before browsing history, restored when coming back down. */
  private draft: string[] = [];
  prompt: string;
  /** Completion candidates for the text before the cursor. */
  complete?: (line: string, cursor: number) => string[];

  constructor(prompt: string) {
    this.prompt = prompt;
  }

  get line(): string {
    return this.chars.join('');
  }

  /** Prompt and current line, as when a new prompt appears. */
  render(): string {
    return this.prompt + this.line + left(textWidth(this.chars.slice(this.cursor).join('')));
  }

  /** Replaces the whole line (history, completion, take-over), redrawing it in place. */
  setLine(text: string, cursorAtEnd = true): string {
    const back = textWidth(this.chars.slice(0, this.cursor).join(''));
    this.chars = [...text];
    this.cursor = cursorAtEnd ? this.chars.length : 0;
    return left(back) + '\x1b[K' + text + left(textWidth(this.chars.slice(this.cursor).join('')));
  }

  /** A command typed over several lines becomes one entry, as bash's cmdhist makes it: its lines' entries go. */
  replaceHistoryTail(lines: readonly string[], entry: string): void {
    for (const line of [...lines].reverse()) if (this.history.at(-1) === line) this.history.pop();
    this.addHistory(entry);
  }

  addHistory(line: string): void {
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.historyIndex = this.history.length;
  }

  /** Handles one onData chunk from xterm (a key, an escape sequence, pasted text or IME-composed text). */
  input(data: string): EditorOutput {
    let out = '';
    const results: EditorOutput = { write: '' };
    let i = 0;
    while (i < data.length) {
      const rest = data.slice(i);
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Z]|[bfd])/.exec(rest);
      if (seq) {
        out += this.escape(seq[0]);
        i += seq[0].length;
        continue;
      }
      const ch = String.fromCodePoint(rest.codePointAt(0)!);
      i += ch.length;
      switch (ch) {
        case '\r':
        case '\n': {
          const line = this.line;
          out += '\r\n';
          this.addHistory(line);
          this.chars = [];
          this.cursor = 0;
          this.draft = [];
          results.submit = line;
          // Anything pasted after the newline is left for the next prompt, as a shell would read it.
          const remaining = data.slice(i);
          results.write = out;
          if (remaining) results.pending = remaining;
          return results;
        }
        case '\x7f':
        case '\b':
          out += this.backspace();
          break;
        case '\x01': out += this.moveTo(0); break;
        case '\x05': out += this.moveTo(this.chars.length); break;
        case '\x02': out += this.moveTo(Math.max(0, this.cursor - 1)); break;
        case '\x06': out += this.moveTo(Math.min(this.chars.length, this.cursor + 1)); break;
        case '\x15': out += this.killBefore(); break;
        case '\x0b': out += this.killAfter(); break;
        case '\x17': out += this.killWord(); break;
        case '\x03':
          out += '^C\r\n';
          this.chars = [];
          this.cursor = 0;
          this.historyIndex = this.history.length;
          results.interrupt = true;
          break;
        case '\x0c':
          results.clear = true;
          break;
        case '\x04':
          if (this.chars.length === 0) results.eof = true;
          else out += this.deleteForward();
          break;
        case '\t':
          out += this.tab();
          break;
        case '\x10': out += this.historyMove(-1); break;
        case '\x0e': out += this.historyMove(1); break;
        default:
          if (ch >= ' ' || ch.codePointAt(0)! > 0x7f) out += this.insert(ch);
      }
    }
    results.write = out;
    return results;
  }

  private escape(seq: string): string {
    switch (seq) {
      case '\x1b[D': case '\x1bOD': return this.moveTo(Math.max(0, this.cursor - 1));
      case '\x1b[C': case '\x1bOC': return this.moveTo(Math.min(this.chars.length, this.cursor + 1));
      case '\x1b[A': case '\x1bOA': return this.historyMove(-1);
      case '\x1b[B': case '\x1bOB': return this.historyMove(1);
      case '\x1b[H': case '\x1bOH': case '\x1b[1~': return this.moveTo(0);
      case '\x1b[F': case '\x1bOF': case '\x1b[4~': return this.moveTo(this.chars.length);
      case '\x1b[3~': return this.deleteForward();
      case '\x1bb': case '\x1b[1;5D': return this.moveTo(this.wordStart());
      case '\x1bf': case '\x1b[1;5C': return this.moveTo(this.wordEnd());
      default: return '';
    }
  }

  private moveTo(pos: number): string {
    const from = textWidth(this.chars.slice(0, this.cursor).join(''));
    const to = textWidth(this.chars.slice(0, pos).join(''));
    this.cursor = pos;
    return to < from ? left(from - to) : right(to - from);
  }

  /** Redraws from the cursor to the end of the line after a change there. */
  private redrawTail(eraseExtra: number): string {
    const tail = this.chars.slice(this.cursor).join('');
    return tail + ' '.repeat(eraseExtra) + left(textWidth(tail) + eraseExtra);
  }

  private insert(ch: string): string {
    this.chars.splice(this.cursor, 0, ch);
    this.cursor++;
    return ch + this.redrawTail(0);
  }

  private backspace(): string {
    if (this.cursor === 0) return '';
    const [removed] = this.chars.splice(this.cursor - 1, 1);
    this.cursor--;
    const w = charWidth(removed);
    return left(w) + this.redrawTail(w);
  }

  private deleteForward(): string {
    if (this.cursor >= this.chars.length) return '';
    const [removed] = this.chars.splice(this.cursor, 1);
    return this.redrawTail(charWidth(removed));
  }

  private killBefore(): string {
    const w = textWidth(this.chars.slice(0, this.cursor).join(''));
    this.chars.splice(0, this.cursor);
    this.cursor = 0;
    return left(w) + this.redrawTail(w);
  }

  private killAfter(): string {
    const w = textWidth(this.chars.slice(this.cursor).join(''));
    this.chars.splice(this.cursor);
    return ' '.repeat(w) + left(w);
  }

  private wordStart(): number {
    let p = this.cursor;
    while (p > 0 && this.chars[p - 1] === ' ') p--;
    while (p > 0 && this.chars[p - 1] !== ' ') p--;
    return p;
  }

  private wordEnd(): number {
    let p = this.cursor;
    while (p < this.chars.length && this.chars[p] === ' ') p++;
    while (p < this.chars.length && this.chars[p] !== ' ') p++;
    return p;
  }

  private killWord(): string {
    const start = this.wordStart();
    const w = textWidth(this.chars.slice(start, this.cursor).join(''));
    this.chars.splice(start, this.cursor - start);
    this.cursor = start;
    return left(w) + this.redrawTail(w);
  }

  private historyMove(step: number): string {
    if (this.history.length === 0) return '';
    if (this.historyIndex === this.history.length) this.draft = [...this.chars];
    const next = Math.min(this.history.length, Math.max(0, this.historyIndex + step));
    if (next === this.historyIndex) return '';
    this.historyIndex = next;
    return this.setLine(next === this.history.length ? this.draft.join('') : this.history[next]);
  }

  /** Tab: complete the word before the cursor, or list the candidates (bash's second-Tab listing at once). */
  private tab(): string {
    if (!this.complete) return '';
    const before = this.chars.slice(0, this.cursor).join('');
    const word = /\S*$/.exec(before)![0];
    const candidates = this.complete(this.line, this.cursor);
    if (candidates.length === 0) return '\x07';
    let common = candidates[0];
    for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
    if (candidates.length === 1) common += candidates[0].endsWith('/') ? '' : ' ';
    if (common.length > word.length) {
      let out = '';
      for (const ch of common.slice(word.length)) out += this.insert(ch);
      return out;
    }
    if (candidates.length === 1) return '';
    // Several candidates and nothing more in common: show them, then redraw the prompt and line.
    return '\r\n' + candidates.join('  ') + '\r\n' + this.render();
  }
}
