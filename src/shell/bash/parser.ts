// bash's grammar (parse.y), by hand: a recursive-descent parser that reads the source text directly, because
// bash's tokens depend on where they are (`}` and `done` are reserved words only in command position, `((` opens
// arithmetic only where a command starts, heredoc bodies start after the line's newline) and aliases are text
// spliced in when the first word of a command is read.
//
// Input that stops in the middle of a construct (an open quote, `for` without `done`, a pending heredoc body,
// a trailing `|`, `&&` or `\`) is not an error while lines are still coming: the parser throws Incomplete and the
// shell asks for the next line with PS2, as bash does. When no more lines will come (`final`), the same place is
// bash's "unexpected end of file" error. Nothing here throws anything else: every problem is a ParseError with
// bash's message.

import type {
  AndOr, Assignment, CaseItem, Command, CompoundCommand, CondExpr, List, ParamOp, ParamPart, Pipeline, Redirect,
  RedirectOp, SimpleCommand, Word, WordPart,
} from './ast.ts';

export class ParseError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** The input ends inside a construct: more lines are needed (or, at the real end, `message` is the error). */
export class Incomplete extends ParseError {}

const EOF_MESSAGE = 'bash: syntax error: unexpected end of file';
const unexpected = (token: string) => new ParseError(`bash: syntax error near unexpected token \`${token}'`);
const eofLooking = (closing: string) =>
  new Incomplete(`bash: unexpected EOF while looking for matching \`${closing}'\n${EOF_MESSAGE}`);

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!', '[[', ']]', 'function']);
/** Reserved words that close a construct: a list stops in front of them. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT_RE = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/s;
/** Characters that end an unquoted word. */
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const REDIRECT_RE = /^(?:&>>|&>|<<<|<<-|<<|<>|<&|<|>>|>&|>\||>)/;
const SPECIAL_PARAMS = new Set(['?', '$', '!', '#', '@', '*', '-', '0']);
const MAX_ALIAS_EXPANSIONS = 64;
/** Builtins whose NAME=(…) arguments are array assignments. */
const DECLARATIONS = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);

type Token =
  | { kind: 'word'; word: Word; start: number; end: number }
  | { kind: 'op'; text: string; fd?: number; start: number; end: number }
  | { kind: 'newline'; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
}

export interface ParseOptions {
  aliases?: ReadonlyMap<string, string>;
  /** No more lines will come: an unfinished construct is a syntax error, not Incomplete. */
  final?: boolean;
  /**
   * At most this many simple commands (eval's bound: a text longer than the shell may run without returning is
   * refused before its parse, which cannot pause, holds the engine).
   */
  maxCommands?: number;
}

/** A text with more commands than ParseOptions.maxCommands. */
export class TooManyCommands extends ParseError {}

/** Parses a whole program (one or more lines). Throws Incomplete or ParseError. */
export function parseProgram(source: string, options: ParseOptions = {}): List {
  const p = new Parser(source, options);
  try {
    return p.program();
  } catch (e) {
    if (e instanceof Incomplete && options.final) throw new ParseError(e.message);
    throw e;
  }
}

/** Parses the text of a heredoc body or an arithmetic expression: expansions, no quote removal of `"`. */
export function parseExpandableText(text: string): Word {
  const p = new Parser(text, { final: true });
  return { parts: p.dqParts(null), raw: text };
}

/** Parses one word from text (assignment values, array elements re-read from the raw word). */
export function parseWordText(text: string, aliases?: ReadonlyMap<string, string>): Word {
  const p = new Parser(text, { aliases, final: true });
  return p.wordUntil(new Set());
}

class Parser {
  private src: string;
  private pos = 0;
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly final: boolean;
  private readonly maxCommands: number;
  private commands = 0;
  private peeked?: Token;
  private heredocs: PendingHeredoc[] = [];
  // Alias bookkeeping: text spliced in by aliases ends at aliasEnd; names used inside it are not expanded again.
  private aliasEnd = -1;
  private aliasUsed = new Set<string>();
  private aliasCount = 0;
  private checkNextAlias = false;

  constructor(src: string, options: ParseOptions) {
    this.src = src;
    this.aliases = options.aliases ?? new Map();
    this.final = options.final ?? false;
    this.maxCommands = options.maxCommands ?? Infinity;
  }

  // ------------------------------------------------------------ tokens

  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        const nl = this.src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.src.length : nl;
      } else return;
    }
  }

  private peek(): Token {
    if (this.peeked) return this.peeked;
    this.skipBlanks();
    const start = this.pos;
    let tok: Token;
    if (this.pos >= this.src.length) {
      tok = { kind: 'eof', start, end: start };
    } else {
      const c = this.src[this.pos]!;
      if (c === '\n') tok = { kind: 'newline', start, end: start + 1 };
      else if (META.has(c)) tok = this.operator(start);
      else {
        const word = this.wordUntil(META);
        // A word of digits glued to < or > is the descriptor a redirection applies to.
        const next = this.src[this.pos];
        if ((next === '<' || next === '>') && /^\d+$/.test(word.raw) && word.parts.length === 1 && word.parts[0]!.type === 'lit') {
          const op = this.operator(this.pos);
          if (op.kind === 'op' && REDIRECT_RE.test(op.text) && !op.text.startsWith('&')) {
            tok = { ...op, fd: Number(word.raw), start };
            this.pos = op.end;
            this.peeked = tok;
            return tok;
          }
        }
        tok = { kind: 'word', word, start, end: this.pos };
      }
    }
    this.pos = start;
    this.peeked = tok;
    return tok;
  }

  private operator(start: number): Token {
    const rest = this.src.slice(start, start + 3);
    const m = /^(?:;;&|;;|;&|&&|\|\||\|&|&>>|&>|<<<|<<-|<<|<>|<&|>>|>&|>\||[;&|<>()])/.exec(rest);
    const text = m![0];
    return { kind: 'op', text, start, end: start + text.length };
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    this.pos = t.end;
    if (t.kind === 'newline') this.readHeredocBodies();
    return t;
  }

  /** The token's text, as bash names it in "near unexpected token". */
  private tokenText(t: Token): string {
    if (t.kind === 'newline') return 'newline';
    if (t.kind === 'eof') return 'newline';
    if (t.kind === 'op') return t.text;
    return t.word.raw;
  }

  private fail(t: Token): never {
    if (t.kind === 'eof') throw new Incomplete(EOF_MESSAGE);
    throw unexpected(this.tokenText(t));
  }

  private isReserved(t: Token, word?: string): boolean {
    if (t.kind !== 'word') return false;
    const w = t.word;
    if (w.parts.length !== 1 || w.parts[0]!.type !== 'lit') return false;
    return word === undefined ? RESERVED.has(w.raw) : w.raw === word;
  }

  private expectReserved(word: string): void {
    const t = this.peek();
    if (!this.isReserved(t, word)) this.fail(t);
    this.next();
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  // ------------------------------------------------------------ lists

  program(): List {
    const list = this.list();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t);
    if (this.heredocs.length) {
      if (!this.final) throw new Incomplete(EOF_MESSAGE);
      this.readHeredocBodies();
    }
    return list;
  }

  /** and-or lists separated by ; & or newlines, up to a closing reserved word, `)`, `;;` or the end. */
  private list(): List {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'op' && (t.text === ')' || t.text === ';;' || t.text === ';&' || t.text === ';;&')) break;
      if (t.kind === 'word' && this.isReserved(t) && CLOSERS.has(t.word.raw)) break;
      const item = this.andOr();
      items.push(item);
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.text === ';' || sep.text === '&')) {
        this.next();
        if (sep.text === '&') item.background = true;
      } else if (sep.kind === 'newline') {
        this.next();
      } else break;
    }
    return { items };
  }

  /** A list that must not be empty (the body of if, while, a group …). */
  private compoundList(): List {
    const list = this.list();
    if (list.items.length === 0) this.fail(this.peek());
    return list;
  }

  private andOr(): AndOr {
    const start = this.peek().start;
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '&&' && t.text !== '||')) break;
      this.next();
      this.skipNewlines();
      rest.push({ op: t.text as '&&' | '||', pipeline: this.pipeline() });
    }
    return { first, rest, background: false, text: this.src.slice(start, this.pos).trim() };
  }

  private pipeline(): Pipeline {
    let negated = false;
    while (this.isReserved(this.peek(), '!')) {
      this.next();
      negated = !negated;
    }
    const commands: Command[] = [this.command()];
    const stderrToPipe: boolean[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '|' && t.text !== '|&')) break;
      this.next();
      stderrToPipe.push(t.text === '|&');
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negated, commands, stderrToPipe };
  }

  // ------------------------------------------------------------ commands

  /** Splices an alias in place of the word at `t`, if it is one. Returns true when it did. */
  private expandAlias(t: Token): boolean {
    if (t.kind !== 'word' || this.aliases.size === 0) return false;
    const w = t.word;
    if (w.parts.length !== 1 || w.parts[0]!.type !== 'lit') return false;
    if (t.start >= this.aliasEnd) this.aliasUsed = new Set();
    const value = this.aliases.get(w.raw);
    if (value === undefined || this.aliasUsed.has(w.raw) || this.aliasCount >= MAX_ALIAS_EXPANSIONS) return false;
    this.aliasUsed.add(w.raw);
    this.aliasCount++;
    this.src = this.src.slice(0, t.start) + value + this.src.slice(t.end);
    this.aliasEnd = this.aliasEnd > t.start ? this.aliasEnd + value.length - (t.end - t.start) : t.start + value.length;
    this.checkNextAlias = /[ \t]$/.test(value);
    this.peeked = undefined;
    this.pos = t.start;
    return true;
  }

  private command(): Command {
    let t = this.peek();
    while (t.kind === 'word' && !this.isReserved(t) && this.expandAlias(t)) t = this.peek();
    if (t.kind === 'op') {
      if (t.text === '(') {
        if (this.src[t.start + 1] === '(') {
          const arith = this.tryArithCommand();
          if (arith) return this.withRedirects(arith);
        }
        this.next();
        const body = this.compoundList();
        const close = this.peek();
        if (close.kind !== 'op' || close.text !== ')') this.fail(close);
        this.next();
        return this.withRedirects({ type: 'subshell', body, redirects: [] });
      }
      if (!REDIRECT_RE.test(t.text)) this.fail(t);
      return this.simpleCommand();
    }
    if (t.kind !== 'word') this.fail(t);
    if (this.isReserved(t)) {
      switch (t.word.raw) {
        case '{': {
          this.next();
          const body = this.compoundList();
          this.expectReserved('}');
          return this.withRedirects({ type: 'group', body, redirects: [] });
        }
        case 'if': return this.withRedirects(this.ifCommand());
        case 'for': return this.withRedirects(this.forCommand());
        case 'while':
        case 'until': return this.withRedirects(this.whileCommand(t.word.raw === 'until'));
        case 'case': return this.withRedirects(this.caseCommand());
        case '[[': return this.withRedirects(this.condCommand());
        case 'function': return this.functionKeyword();
        default: this.fail(t);
      }
    }
    // NAME () compound-command
    // Outside POSIX mode bash takes nearly any unquoted word as a function name: `:(){ :|:& };:` defines `:`.
    if (/^[\w.:@%+,!^~-]+$/.test(t.word.raw) && !/^\d+$/.test(t.word.raw)) {
      const after = /^[ \t]*\([ \t]*\)/.exec(this.src.slice(t.end));
      if (after) {
        this.next();
        this.pos += after[0].length;
        this.peeked = undefined;
        return this.functionBody(t.word.raw);
      }
    }
    return this.simpleCommand();
  }

  private functionKeyword(): Command {
    this.next();
    const name = this.peek();
    if (name.kind !== 'word') this.fail(name);
    this.next();
    const parens = /^[ \t]*\([ \t]*\)/.exec(this.src.slice(this.pos));
    if (parens) this.pos += parens[0].length;
    return this.functionBody(name.word.raw);
  }

  private functionBody(name: string): Command {
    this.skipNewlines();
    const body = this.command();
    if (body.type === 'simple' || body.type === 'function') throw unexpected(body.type === 'simple' ? (body.words[0]?.raw ?? 'newline') : name);
    return { type: 'function', name, body };
  }

  private withRedirects(c: CompoundCommand): CompoundCommand {
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !REDIRECT_RE.test(t.text)) return c;
      c.redirects.push(this.redirect());
    }
  }

  private ifCommand(): CompoundCommand {
    this.next();
    const clauses: { test: List; body: List }[] = [];
    let elseBody: List | undefined;
    for (;;) {
      const test = this.compoundList();
      this.expectReserved('then');
      const body = this.compoundList();
      clauses.push({ test, body });
      const t = this.peek();
      if (this.isReserved(t, 'elif')) {
        this.next();
        continue;
      }
      if (this.isReserved(t, 'else')) {
        this.next();
        elseBody = this.compoundList();
      }
      this.expectReserved('fi');
      return { type: 'if', clauses, elseBody, redirects: [] };
    }
  }

  private doGroup(): List {
    this.skipNewlines();
    this.expectReserved('do');
    const body = this.compoundList();
    this.expectReserved('done');
    return body;
  }

  private forCommand(): CompoundCommand {
    this.next();
    this.skipBlanks();
    if (this.src.startsWith('((', this.pos)) {
      const inner = this.arithText(this.pos + 2);
      this.pos = inner.end;
      this.peeked = undefined;
      const parts = splitTopLevel(inner.text, ';');
      if (parts.length !== 3) throw new ParseError(`bash: syntax error: \`;' unexpected`);
      const sep = this.peek();
      if (sep.kind === 'op' && sep.text === ';') this.next();
      const body = this.doGroup();
      return { type: 'cfor', init: parts[0]!, test: parts[1]!, update: parts[2]!, body, redirects: [] };
    }
    const name = this.peek();
    if (name.kind !== 'word') this.fail(name);
    if (!NAME_RE.test(name.word.raw)) throw new ParseError(`bash: \`${name.word.raw}': not a valid identifier`);
    this.next();
    let words: Word[] | undefined;
    this.skipNewlines();
    if (this.isReserved(this.peek(), 'in')) {
      this.next();
      words = [];
      for (;;) {
        const t = this.peek();
        if (t.kind !== 'word') break;
        this.next();
        words.push(t.word);
      }
      const sep = this.peek();
      if (sep.kind === 'op' && sep.text === ';') this.next();
      else if (sep.kind === 'newline') this.next();
      else this.fail(sep);
    } else {
      const sep = this.peek();
      if (sep.kind === 'op' && sep.text === ';') this.next();
    }
    const body = this.doGroup();
    return { type: 'for', name: name.word.raw, words, body, redirects: [] };
  }

  private whileCommand(until: boolean): CompoundCommand {
    this.next();
    const test = this.compoundList();
    const body = this.doGroup();
    return { type: 'while', until, test, body, redirects: [] };
  }

  private caseCommand(): CompoundCommand {
    this.next();
    const subject = this.peek();
    if (subject.kind !== 'word') this.fail(subject);
    this.next();
    this.skipNewlines();
    this.expectReserved('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.peek();
      if (this.isReserved(t, 'esac')) {
        this.next();
        break;
      }
      if (t.kind === 'op' && t.text === '(') {
        this.next();
        t = this.peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        t = this.peek();
        if (t.kind !== 'word') this.fail(t);
        this.next();
        patterns.push(t.word);
        const sep = this.peek();
        if (sep.kind === 'op' && sep.text === '|') {
          this.next();
          continue;
        }
        if (sep.kind === 'op' && sep.text === ')') {
          this.next();
          break;
        }
        this.fail(sep);
      }
      const body = this.list();
      const end = this.peek();
      let terminator: CaseItem['terminator'] = ';;';
      if (end.kind === 'op' && (end.text === ';;' || end.text === ';&' || end.text === ';;&')) {
        this.next();
        terminator = end.text;
        items.push({ patterns, body, terminator });
        continue;
      }
      items.push({ patterns, body, terminator });
      this.skipNewlines();
      this.expectReserved('esac');
      break;
    }
    return { type: 'case', subject: subject.word, items, redirects: [] };
  }

  /** `((` … `))` where a command starts; undefined when it is really `( (` (nested subshells). */
  private tryArithCommand(): CompoundCommand | undefined {
    const start = this.peek().start;
    const inner = this.arithText(start + 2);
    this.peeked = undefined;
    this.pos = inner.end;
    return { type: 'arith', expr: parseExpandableText(inner.text), redirects: [] };
  }

  /** The text of an arithmetic expression from `from` up to the matching `))`; pos after it. */
  private arithText(from: number): { text: string; end: number } {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (this.src[i + 1] === ')') return { text: this.src.slice(from, i), end: i + 2 };
          throw unexpected(')');
        }
        depth--;
      }
    }
    throw eofLooking(')');
  }

  // ------------------------------------------------------------ [[ … ]]

  private condCommand(): CompoundCommand {
    this.next();
    const expr = this.condOr();
    const t = this.condToken();
    if (t.text !== ']]') {
      if (t.text === '') throw new Incomplete(EOF_MESSAGE);
      throw unexpected(t.text);
    }
    this.condNext();
    return { type: 'cond', expr, redirects: [] };
  }

  /** [[ has its own tokens: < > ( ) are operators, not redirections and subshells. */
  private condToken(): { text: string; word?: Word; end: number } {
    this.peeked = undefined;
    for (;;) {
      this.skipBlanks();
      if (this.src[this.pos] === '\n') this.pos++;
      else break;
    }
    const start = this.pos;
    if (start >= this.src.length) return { text: '', end: start };
    const two = this.src.slice(start, start + 2);
    if (two === '&&' || two === '||') return { text: two, end: start + 2 };
    const c = this.src[start]!;
    if (c === '(' || c === ')' || c === '<' || c === '>') return { text: c, end: start + 1 };
    if (c === ';' || c === '&' || c === '|') throw unexpected(c);
    const word = this.wordUntil(META);
    const end = this.pos;
    this.pos = start;
    return { text: word.raw, word, end };
  }

  private condNext(): { text: string; word?: Word } {
    const t = this.condToken();
    this.pos = t.end;
    return t;
  }

  private condOr(): CondExpr {
    let left = this.condAnd();
    while (this.condToken().text === '||') {
      this.condNext();
      left = { type: 'or', left, right: this.condAnd() };
    }
    return left;
  }

  private condAnd(): CondExpr {
    let left = this.condNot();
    while (this.condToken().text === '&&') {
      this.condNext();
      left = { type: 'and', left, right: this.condNot() };
    }
    return left;
  }

  private condNot(): CondExpr {
    const t = this.condToken();
    if (t.text === '!' && t.word) {
      this.condNext();
      return { type: 'not', expr: this.condNot() };
    }
    return this.condPrimary();
  }

  private condPrimary(): CondExpr {
    const t = this.condNext();
    if (t.text === '') throw new Incomplete(EOF_MESSAGE);
    if (t.text === '(' && !t.word) {
      const e = this.condOr();
      const close = this.condNext();
      if (close.text !== ')') throw close.text === '' ? new Incomplete(EOF_MESSAGE) : unexpected(close.text);
      return e;
    }
    if (!t.word || t.text === ']]') throw unexpected(t.text);
    if (/^-[a-zA-Z]$/.test(t.text) && UNARY_TESTS.has(t.text)) {
      const next = this.condToken();
      if (next.word && next.text !== ']]') {
        this.condNext();
        return { type: 'unary', op: t.text, arg: next.word };
      }
    }
    const op = this.condToken();
    if (BINARY_TESTS.has(op.text) || ((op.text === '<' || op.text === '>') && !op.word)) {
      this.condNext();
      if (op.text === '=~') return { type: 'binary', op: '=~', left: t.word, right: this.regexWord() };
      const right = this.condNext();
      if (!right.word) throw right.text === '' ? new Incomplete(EOF_MESSAGE) : unexpected(right.text);
      return { type: 'binary', op: op.text, left: t.word, right: right.word };
    }
    return { type: 'word', word: t.word };
  }

  /** The right side of =~: ( ) | < > are part of the regular expression, up to a blank at depth 0. */
  private regexWord(): Word {
    this.skipBlanks();
    const start = this.pos;
    let depth = 0;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'lit', text: lit });
      lit = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if ((c === ' ' || c === '\t' || c === '\n') && depth === 0) break;
      if (c === '(') depth++;
      if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
      if (c === '&' && this.src[this.pos + 1] === '&' && depth === 0) break;
      if (c === '|' && this.src[this.pos + 1] === '|' && depth === 0) break;
      if (c === "'" || c === '"' || (c === '$' && isExpansionStart(this.src[this.pos + 1])) || c === '\\' || c === '`') {
        flush();
        parts.push(...this.wordPart());
        continue;
      }
      lit += c;
      this.pos++;
    }
    flush();
    return { parts, raw: this.src.slice(start, this.pos) };
  }

  // ------------------------------------------------------------ simple commands

  private simpleCommand(): SimpleCommand {
    if (++this.commands > this.maxCommands) throw new TooManyCommands(`more than ${this.maxCommands} commands`);
    const cmd: SimpleCommand = { type: 'simple', assignments: [], words: [], redirects: [] };
    for (;;) {
      let t = this.peek();
      if (t.kind === 'op') {
        if (REDIRECT_RE.test(t.text)) {
          cmd.redirects.push(this.redirect());
          continue;
        }
        if (t.text === '(' && cmd.words.length > 0) throw unexpected('(');
        if (t.text === '(') throw unexpected('(');
        break;
      }
      if (t.kind !== 'word') break;
      if (cmd.words.length === 0) {
        const assignment = this.assignment(t);
        if (assignment) {
          cmd.assignments.push(assignment);
          continue;
        }
        while (this.expandAlias(t)) {
          t = this.peek();
          if (t.kind !== 'word') break;
        }
        if (t.kind !== 'word') continue;
        if (cmd.assignments.length > 0 && this.isReserved(t) && !CLOSERS.has(t.word.raw)) {
          // `x=1 if` is a command named if, as in bash; nothing to do specially
        }
      } else if (this.checkNextAlias) {
        this.checkNextAlias = false;
        if (this.expandAlias(t)) continue;
      } else if (DECLARATIONS.has(cmd.words[0]!.raw) && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test(t.word.raw) && this.src[t.end] === '(') {
        // declare -a a=(1 2): the whole assignment is one argument, re-read by the builtin.
        this.next();
        this.arrayLiteral();
        const raw = this.src.slice(t.start, this.pos);
        cmd.words.push({ parts: [{ type: 'quoted', text: raw }], raw });
        continue;
      }
      this.next();
      cmd.words.push(t.word);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) this.fail(this.peek());
    return cmd;
  }

  /** NAME=value, NAME+=value, NAME[i]=value, NAME=(…) at the start of a simple command. */
  private assignment(t: Token & { kind: 'word' }): Assignment | undefined {
    const m = ASSIGNMENT_RE.exec(t.word.raw);
    if (!m || t.word.parts[0]?.type !== 'lit' || !(t.word.parts[0].text.startsWith(m[1]!))) return undefined;
    const [prefix, name, bracket, plus] = m as unknown as [string, string, string | undefined, string];
    this.next();
    const index = bracket ? parseWordText(bracket.slice(1, -1)) : undefined;
    const rest = t.word.raw.slice(prefix.length);
    if (rest === '' && this.src[this.pos] === '(') return { name, index, append: plus === '+', array: this.arrayLiteral() };
    return { name, index, append: plus === '+', value: parseWordText(rest) };
  }

  /** ( word … ) after NAME=, across lines; pos is at the `(`. */
  private arrayLiteral(): Word[] {
    this.pos++;
    this.peeked = undefined;
    const array: Word[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.src[this.pos];
      if (c === '\n') {
        this.pos++;
        continue;
      }
      if (c === ')') {
        this.pos++;
        break;
      }
      if (c === undefined) throw eofLooking(')');
      if (META.has(c)) throw unexpected(c);
      array.push(this.wordUntil(META));
    }
    this.peeked = undefined;
    return array;
  }

  private redirect(): Redirect {
    const t = this.next() as Token & { kind: 'op' };
    const op = t.text as RedirectOp;
    if ((op === '<' || op === '>') && this.src[this.pos] === '(') {
      throw new ParseError(`bash: process substitution ${op}(…) is not supported in this shell; use a pipe or a file`);
    }
    const target = this.peek();
    if (target.kind === 'eof') throw unexpected('newline');
    if (target.kind !== 'word') this.fail(target);
    this.next();
    const r: Redirect = { fd: t.fd, op, target: target.word };
    if (op === '<<' || op === '<<-') {
      const quoted = /['"\\]/.test(target.word.raw);
      const delimiter = target.word.raw.replace(/\\(.)|'([^']*)'|"([^"]*)"/gs, (_m, a, b, c) => a ?? b ?? c ?? '');
      r.literalBody = quoted;
      r.target = { parts: [], raw: '' };
      this.heredocs.push({ redirect: r, delimiter, stripTabs: op === '<<-' });
    }
    return r;
  }

  /** After a newline: the bodies of the heredocs opened on the line just read. */
  private readHeredocBodies(): void {
    const pending = this.heredocs;
    this.heredocs = [];
    for (const h of pending) {
      let body = '';
      for (;;) {
        if (this.pos >= this.src.length) {
          if (!this.final) {
            this.heredocs = pending.slice(pending.indexOf(h));
            throw new Incomplete(EOF_MESSAGE);
          }
          break;
        }
        const nl = this.src.indexOf('\n', this.pos);
        let line = nl < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, nl);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          this.pos = nl < 0 ? this.src.length : nl + 1;
          break;
        }
        if (nl < 0 && !this.final) {
          this.heredocs = pending.slice(pending.indexOf(h));
          throw new Incomplete(EOF_MESSAGE);
        }
        this.pos = nl < 0 ? this.src.length : nl + 1;
        body += `${line}\n`;
      }
      h.redirect.target = h.redirect.literalBody ? { parts: [{ type: 'quoted', text: body }], raw: body } : parseExpandableText(body);
    }
  }

  // ------------------------------------------------------------ words

  /** One word up to an unquoted character of `stop` (blanks and operators for ordinary words). */
  wordUntil(stop: ReadonlySet<string>): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (stop.has(c)) break;
      if (c === "'" || c === '"' || c === '$' || c === '\\' || c === '`') {
        if (c === '\\' && this.src[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        if (c === '$' && !isExpansionStart(this.src[this.pos + 1])) {
          lit += c;
          this.pos++;
          continue;
        }
        if (lit) parts.push({ type: 'lit', text: lit });
        lit = '';
        parts.push(...this.wordPart());
        continue;
      }
      // extglob-style @(…) and friends are not supported; a ( inside a word is the error bash gives without extglob
      lit += c;
      this.pos++;
    }
    if (lit) parts.push({ type: 'lit', text: lit });
    return { parts, raw: this.src.slice(start, this.pos) };
  }

  /** A quoted piece or an expansion starting at pos (one of ' " $ \ `). */
  private wordPart(): WordPart[] {
    const c = this.src[this.pos]!;
    if (c === "'") {
      const end = this.src.indexOf("'", this.pos + 1);
      if (end < 0) throw eofLooking("'");
      const text = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      return [{ type: 'quoted', text }];
    }
    if (c === '\\') {
      const next = this.src[this.pos + 1];
      if (next === undefined) {
        if (!this.final) throw new Incomplete(EOF_MESSAGE);
        this.pos++;
        return [{ type: 'lit', text: '\\' }];
      }
      this.pos += 2;
      return [{ type: 'quoted', text: next }];
    }
    if (c === '"') {
      this.pos++;
      const parts = this.dqParts('"');
      return [{ type: 'dq', parts }];
    }
    if (c === '`') return [this.backquote()];
    return [this.dollar(false)];
  }

  /** Inside "…" (close = '"') or a heredoc body / arithmetic text (close = null): expansions, \ before $ ` " \ newline. */
  dqParts(close: '"' | null): WordPart[] {
    const parts: WordPart[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ type: 'quoted', text });
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) {
        if (close) throw eofLooking('"');
        break;
      }
      const c = this.src[this.pos]!;
      if (c === close) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n === '\n') this.pos += 2;
        else if (n === '$' || n === '`' || n === '\\' || (n === '"' && close)) {
          text += n;
          this.pos += 2;
        } else {
          text += c;
          this.pos++;
        }
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.backquote());
        continue;
      }
      if (c === '$' && isExpansionStart(this.src[this.pos + 1]) && this.src[this.pos + 1] !== "'") {
        flush();
        parts.push(this.dollar(true));
        continue;
      }
      text += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  private backquote(): WordPart {
    let inner = '';
    for (let i = this.pos + 1; i < this.src.length; i++) {
      const c = this.src[i]!;
      if (c === '\\' && (this.src[i + 1] === '`' || this.src[i + 1] === '\\' || this.src[i + 1] === '$')) {
        inner += this.src[++i];
      } else if (c === '`') {
        this.pos = i + 1;
        return { type: 'cmd', body: this.subProgram(inner) };
      } else inner += c;
    }
    throw eofLooking('`');
  }

  /** A command substitution's text, parsed as a program of its own (with the same aliases). */
  private subProgram(text: string): List {
    const p = new Parser(text, { aliases: this.aliases, final: true });
    try {
      return p.program();
    } catch (e) {
      if (e instanceof Incomplete && !this.final) throw new Incomplete(e.message);
      throw e;
    }
  }

  /** $… at pos: $name, $1, $?, ${…}, $(…), $((…)), $'…', $"…". */
  private dollar(inDq: boolean): WordPart {
    const n = this.src[this.pos + 1]!;
    if (n === "'" && !inDq) {
      const { text, end } = ansiC(this.src, this.pos + 2);
      if (end < 0) throw eofLooking("'");
      this.pos = end;
      return { type: 'quoted', text };
    }
    if (n === '"' && !inDq) {
      this.pos += 2;
      return { type: 'dq', parts: this.dqParts('"') };
    }
    if (n === '(') {
      if (this.src[this.pos + 2] === '(') {
        const arith = this.tryArithExpansion();
        if (arith) return arith;
      }
      this.pos += 2;
      const sub = new Parser(this.src, { aliases: this.aliases, final: this.final });
      sub.pos = this.pos;
      const body = sub.list();
      const close = sub.peek();
      if (close.kind === 'eof') throw eofLooking(')');
      if (close.kind !== 'op' || close.text !== ')') sub.fail(close);
      this.pos = close.end;
      return { type: 'cmd', body };
    }
    if (n === '{') return this.braceParameter(inDq);
    if (/[0-9]/.test(n)) {
      this.pos += 2;
      return { type: 'param', name: n };
    }
    if (SPECIAL_PARAMS.has(n)) {
      this.pos += 2;
      return { type: 'param', name: n };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1, this.pos + 200));
    if (!m) {
      this.pos++;
      return { type: 'lit', text: '$' };
    }
    const name = m[0];
    this.pos += 1 + name.length;
    return { type: 'param', name };
  }

  private tryArithExpansion(): WordPart | undefined {
    // $(( … )) unless the parentheses do not close as `))` (then it is $( ( … ) … )).
    let depth = 0;
    for (let i = this.pos + 3; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (this.src[i + 1] !== ')') return undefined;
          const text = this.src.slice(this.pos + 3, i);
          this.pos = i + 2;
          return { type: 'arith', expr: parseExpandableText(text) };
        }
        depth--;
      }
    }
    throw eofLooking(')');
  }

  /** ${…}: the parameter, then an operator and its words. */
  private braceParameter(inDq: boolean): ParamPart {
    try {
      return this.braceParameterInner(inDq);
    } catch (e) {
      if (!(e instanceof BadSubstitution)) throw e;
      this.pos = e.end;
      return { type: 'param', name: '', bad: e.text };
    }
  }

  private braceParameterInner(inDq: boolean): ParamPart {
    const open = this.pos;
    this.pos += 2;
    const s = this.src;
    const part: ParamPart = { type: 'param', name: '' };
    const close = findBraceEnd(s, open + 2);
    // bash's own message here has no "syntax error: unexpected end of file" line.
    if (close < 0) throw new Incomplete(`bash: unexpected EOF while looking for matching \`${inDq ? '"' : '}'}'`);
    const bad = (): never => {
      // bash reports the whole ${…} text when it expands it (an error at run time, not a syntax error).
      throw new BadSubstitution(s.slice(open, close + 1), close + 1);
    };
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}' && !/^[-=?+:]/.test(s[this.pos + 1] ?? '')) {
      part.length = true;
      this.pos++;
    } else if (s[this.pos] === '!' && /[A-Za-z_@*#?0-9]/.test(s[this.pos + 1] ?? '')) {
      part.indirect = true;
      this.pos++;
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$!#@*\-0])/.exec(s.slice(this.pos, this.pos + 200));
    if (!m) {
      if (this.pos >= s.length) throw eofLooking('}');
      bad();
    }
    part.name = m![0];
    this.pos += part.name.length;
    if (s[this.pos] === '[' && NAME_RE.test(part.name)) {
      const end = findBracketEnd(s, this.pos + 1);
      if (end < 0) throw eofLooking('}');
      const inner = s.slice(this.pos + 1, end);
      part.index = inner === '@' || inner === '*' ? inner : parseWordText(inner);
      this.pos = end + 1;
    }
    if (this.pos >= s.length) throw eofLooking('}');
    if (s[this.pos] === '}') {
      this.pos++;
      return part;
    }
    if (part.length) bad();
    const rest = s.slice(this.pos, this.pos + 3);
    const word = (stop: string): Word => this.paramWord(stop);
    let op: ParamOp | undefined;
    const simple = /^(:?)([-=+?])/.exec(rest);
    if (simple) {
      this.pos += simple[0].length;
      const colon = simple[1] === ':';
      const w = word('}');
      const kind = ({ '-': 'default', '=': 'assign', '+': 'alternative', '?': 'error' } as const)[simple[2] as '-' | '=' | '+' | '?'];
      op = { kind, colon, word: w };
    } else if (rest.startsWith('##') || rest.startsWith('#')) {
      const longest = rest.startsWith('##');
      this.pos += longest ? 2 : 1;
      op = { kind: 'removePrefix', longest, pattern: word('}') };
    } else if (rest.startsWith('%%') || rest.startsWith('%')) {
      const longest = rest.startsWith('%%');
      this.pos += longest ? 2 : 1;
      op = { kind: 'removeSuffix', longest, pattern: word('}') };
    } else if (rest.startsWith('/')) {
      this.pos++;
      let all = false;
      let anchor: '' | '#' | '%' = '';
      if (s[this.pos] === '/') {
        all = true;
        this.pos++;
      } else if (s[this.pos] === '#' || s[this.pos] === '%') {
        anchor = s[this.pos] as '#' | '%';
        this.pos++;
      }
      const pattern = word('/}');
      let replacement: Word = { parts: [], raw: '' };
      if (s[this.pos] === '/') {
        this.pos++;
        replacement = word('}');
      }
      op = { kind: 'replace', all, anchor, pattern, replacement };
      if (s[this.pos] !== '}') bad();
    } else if (rest.startsWith('^') || rest.startsWith(',')) {
      const upper = rest[0] === '^';
      const all = rest[1] === rest[0];
      this.pos += all ? 2 : 1;
      op = { kind: 'case', upper, all };
      if (s[this.pos] !== '}') bad();
    } else if (rest.startsWith(':')) {
      this.pos++;
      const offset = word(':}');
      let length: Word | undefined;
      if (s[this.pos] === ':') {
        this.pos++;
        length = word('}');
      }
      op = { kind: 'substring', offset, length };
    } else bad();
    if (this.pos >= s.length) throw eofLooking('}');
    if (s[this.pos] !== '}') bad();
    this.pos++;
    part.op = op;
    return part;
  }

  /** The word inside ${x…}: quotes and expansions allowed, blanks literal, up to an unquoted char of `stop`. */
  private paramWord(stop: string): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (stop.includes(c) && depth === 0) break;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === "'" || c === '"' || c === '\\' || c === '`' || (c === '$' && isExpansionStart(this.src[this.pos + 1]))) {
        if (lit) parts.push({ type: 'lit', text: lit });
        lit = '';
        parts.push(...this.wordPart());
        continue;
      }
      lit += c;
      this.pos++;
    }
    if (this.pos >= this.src.length) throw eofLooking('}');
    if (lit) parts.push({ type: 'lit', text: lit });
    return { parts, raw: this.src.slice(start, this.pos) };
  }
}

class BadSubstitution {
  readonly text: string;
  readonly end: number;
  constructor(text: string, end: number) {
    this.text = text;
    this.end = end;
  }
}

const UNARY_TESTS = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-v', '-o', '-R']);
const BINARY_TESTS = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function isExpansionStart(c: string | undefined): boolean {
  return c !== undefined && (c === '{' || c === '(' || c === "'" || c === '"' || /[A-Za-z_0-9?$!#@*-]/.test(c));
}

function findBraceEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function findBracketEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Splits at `sep` outside parentheses (for ((init; test; update))). */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const ANSI_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** $'…' from just after the opening quote: the decoded text and the index after the closing quote (-1: unterminated). */
function ansiC(s: string, from: number): { text: string; end: number } {
  let text = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") return { text, end: i + 1 };
    if (c !== '\\') {
      text += c;
      continue;
    }
    const n = s[i + 1];
    if (n === undefined) break;
    if (ANSI_ESCAPES[n] !== undefined) {
      text += ANSI_ESCAPES[n];
      i++;
    } else if (/[0-7]/.test(n)) {
      const d = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      text += String.fromCharCode(parseInt(d, 8) & 0xff);
      i += d.length;
    } else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
      const d = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))![0];
      text += String.fromCharCode(parseInt(d, 16));
      i += 1 + d.length;
    } else if ((n === 'u' || n === 'U') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
      const d = new RegExp(`^[0-9a-fA-F]{1,${n === 'u' ? 4 : 8}}`).exec(s.slice(i + 2))![0];
      text += String.fromCodePoint(Math.min(parseInt(d, 16), 0x10ffff));
      i += 1 + d.length;
    } else {
      text += `\\${n}`;
      i++;
    }
  }
  return { text, end: -1 };
}
