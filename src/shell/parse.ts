// Command-line parsing in two phases, because bash expands each simple command only when it runs it
// (`export X=1; echo $X` prints 1, `false; echo $?` prints 1):
//   1. splitLine: structure. Finds words, quotes, comments, operators, redirections and expands aliases
//      (aliases are textual and happen when the line is read, as in bash). Words stay raw (still quoted).
//   2. expandCommand: just before a simple command runs, expands its raw words (variables, $(…), `…`, ~)
//      and removes quotes. shell-quote does the quote removal and $VAR expansion of each single raw word.
// Nothing here throws: every problem comes back as a bash-style error text.

import { parse as shellQuoteParse } from 'shell-quote';

// ---------------------------------------------------------------- types

export type Connector = ';' | '&&' | '||';

export type RedirectOp =
  | '>' // truncate (also >|)
  | '>>' // append
  | '<' // read a file
  | '<<<' // here-string
  | 'dup'; // N>&M

export interface RawRedirect {
  /** The redirected descriptor: 0, 1, 2 … */
  fd: number;
  /** `&> file`, `&>> file`, `>& file`: stdout and stderr together. */
  both: boolean;
  op: RedirectOp;
  /** The target word, still raw (quoted, unexpanded). */
  target: string;
}

export interface RawCommand {
  /** Words as typed (after alias expansion), quotes still in place. Leading NAME=value words included. */
  words: string[];
  redirects: RawRedirect[];
  /** `cmd |& next`: this command's stderr also goes down the pipe. */
  stderrToPipe: boolean;
}

export interface RawPipeline {
  commands: RawCommand[];
  /** Ended with `&`. Recorded for job control; the shell runs it in the foreground for now. */
  background: boolean;
}

export interface ListItem<P> {
  /** How this pipeline hangs on the previous one; null for the first. */
  connector: Connector | null;
  pipeline: P;
}

export type SplitResult = { ok: true; items: ListItem<RawPipeline>[] } | { ok: false; error: string };

export interface Redirect {
  fd: number;
  both: boolean;
  op: RedirectOp;
  /** Expanded target: a file name, a descriptor number for 'dup', the text for '<<<'. */
  target: string;
}

export interface SimpleCommand {
  /** `NAME=value` words before the command name. */
  assignments: { name: string; value: string }[];
  argv: string[];
  redirects: Redirect[];
  stderrToPipe: boolean;
}

export type ExpandResult = { ok: true; command: SimpleCommand } | { ok: false; error: string };

export interface ExpandContext {
  /** A shell variable or special parameter (`?`, `$`, `HOME` …); undefined when unset. */
  lookupVar(name: string): string | undefined;
  /** Runs a command substitution and returns its stdout. Without it, $(…) is an error. */
  substitute?(commandLine: string): string;
}

export interface Pipeline {
  commands: SimpleCommand[];
  background: boolean;
}

export type ParseResult = { ok: true; items: ListItem<Pipeline>[] } | { ok: false; error: string };

// ---------------------------------------------------------------- scanning helpers

const BLANK = new Set([' ', '\t']);
const OPERATOR_START = new Set(['|', '&', ';', '<', '>', '(', ')', '\n']);
/** Characters that end an unquoted plain word (for alias lookup). */
const WORD_STOP = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')', "'", '"', '\\', '$', '`']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT_RE = /^([A-Za-z_][A-Za-z0-9_]*)=/;
/** Bash stops expanding aliases after this many substitutions in one line (ours: a guard against loops). */
const MAX_ALIAS_EXPANSIONS = 64;

class SyntaxError_ {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function unexpectedToken(token: string): SyntaxError_ {
  return new SyntaxError_(`bash: syntax error near unexpected token \`${token}'`);
}

function unexpectedEof(closing: string): SyntaxError_ {
  return new SyntaxError_(
    `bash: unexpected EOF while looking for matching \`${closing}'\nbash: syntax error: unexpected end of file`,
  );
}

/** Index just after the quote that closes the single-quoted string starting at `i` (src[i] === "'"). */
function skipSingleQuoted(src: string, i: number): number {
  const end = src.indexOf("'", i + 1);
  if (end < 0) throw unexpectedEof("'");
  return end + 1;
}

/** $'…': backslash escapes the next character, including the quote. src[i] === '$', src[i+1] === "'". */
function skipAnsiCQuoted(src: string, i: number): number {
  for (let j = i + 2; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === "'") return j + 1;
  }
  throw unexpectedEof("'");
}

function skipDoubleQuoted(src: string, i: number): number {
  for (let j = i + 1; j < src.length; ) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if (c === '$' && src[j + 1] === '(') j = skipParenSubstitution(src, j);
    else if (c === '$' && src[j + 1] === '{') j = skipBraceParameter(src, j);
    else if (c === '`') j = skipBackquoted(src, j);
    else j++;
  }
  throw unexpectedEof('"');
}

function skipBackquoted(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '`') return j + 1;
  }
  throw unexpectedEof('`');
}

/** $( … ) with nesting and quotes inside. src[i] === '$', src[i+1] === '('. */
function skipParenSubstitution(src: string, i: number): number {
  let depth = 1;
  for (let j = i + 2; j < src.length; ) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === "'") j = skipSingleQuoted(src, j);
    else if (c === '"') j = skipDoubleQuoted(src, j);
    else if (c === '`') j = skipBackquoted(src, j);
    else if (c === '(') {
      depth++;
      j++;
    } else if (c === ')') {
      depth--;
      j++;
      if (depth === 0) return j;
    } else j++;
  }
  throw unexpectedEof(')');
}

/** ${ … }. src[i] === '$', src[i+1] === '{'. */
function skipBraceParameter(src: string, i: number): number {
  for (let j = i + 2; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '}') return j + 1;
  }
  throw unexpectedEof('}');
}

// ---------------------------------------------------------------- phase 1: structure

interface SplitOptions {
  /** Completion: an unterminated quote is closed instead of being an error. */
  tolerant?: boolean;
}

interface ScanState {
  items: ListItem<RawPipeline>[];
  /** Last word still open at the end of input (completion wants to know). */
  endedInWord: boolean;
}

function scan(line: string, aliases: ReadonlyMap<string, string>, options: SplitOptions): ScanState {
  let src = line;
  const items: ListItem<RawPipeline>[] = [];
  let connector: Connector | null = null;
  let pipeline: RawCommand[] = [];
  let command: RawCommand = { words: [], redirects: [], stderrToPipe: false };
  let word: string | null = null;
  let pendingRedirect: Omit<RawRedirect, 'target'> | null = null;
  // Alias bookkeeping: is the next word in command position, and which aliases this command already used.
  let commandPosition = true;
  let usedAliases = new Set<string>();
  let aliasExpansions = 0;
  // An alias value ending in a blank makes the word after it an alias candidate too: that word starts here.
  let aliasCheckAt = -1;

  const commandIsEmpty = () => command.words.length === 0 && command.redirects.length === 0;

  const endWord = () => {
    if (word === null) return;
    if (pendingRedirect) {
      command.redirects.push({ ...pendingRedirect, target: word });
      pendingRedirect = null;
    } else {
      command.words.push(word);
      const isAssignment = command.words.length === countLeadingAssignments(command.words);
      if (!isAssignment) commandPosition = false;
    }
    word = null;
  };

  const endCommand = (token: string) => {
    endWord();
    if (pendingRedirect) throw unexpectedToken(token === '\n' || token === '' ? 'newline' : token);
    if (commandIsEmpty()) {
      if (token === '' || token === '\n') {
        // Empty text between separators ("a;\n", trailing newline) is fine only if nothing asked for a command.
        return false;
      }
      throw unexpectedToken(token);
    }
    pipeline.push(command);
    command = { words: [], redirects: [], stderrToPipe: false };
    commandPosition = true;
    usedAliases = new Set();
    aliasCheckAt = -1;
    return true;
  };

  const endPipeline = (token: string, background: boolean, next: Connector | null) => {
    const hadCommand = endCommand(token);
    if (!hadCommand) {
      if (pipeline.length > 0) throw token === '' ? unexpectedEof_() : unexpectedToken(token);
      if (connector === '&&' || connector === '||') {
        if (token === '' || token === '\n') throw unexpectedEof_();
        throw unexpectedToken(token);
      }
      if (token !== '' && token !== '\n') throw unexpectedToken(token);
      return;
    }
    items.push({ connector, pipeline: { commands: pipeline, background } });
    pipeline = [];
    connector = next;
  };

  const append = (text: string) => {
    word = (word ?? '') + text;
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i]!;

    if (BLANK.has(c)) {
      endWord();
      i++;
      continue;
    }

    if (c === '#' && word === null) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }

    // Alias expansion: a plain unquoted word in command position.
    const afterBlankAlias = aliasCheckAt >= 0 && i >= aliasCheckAt;
    if (word === null && afterBlankAlias) aliasCheckAt = -1;
    if (word === null && !pendingRedirect && (commandPosition || afterBlankAlias) && !WORD_STOP.has(c)) {
      let end = i;
      while (end < src.length && !WORD_STOP.has(src[end]!)) end++;
      const name = src.slice(i, end);
      const atBoundary = end === src.length || BLANK.has(src[end]!) || OPERATOR_START.has(src[end]!);
      const value = aliases.get(name);
      if (atBoundary && value !== undefined && !usedAliases.has(name) && aliasExpansions < MAX_ALIAS_EXPANSIONS) {
        usedAliases.add(name);
        aliasExpansions++;
        src = src.slice(0, i) + value + src.slice(end);
        aliasCheckAt = /[ \t]$/.test(value) ? i + value.length : -1;
        continue;
      }
    }

    if (OPERATOR_START.has(c)) {
      const two = src.slice(i, i + 2);
      const three = src.slice(i, i + 3);

      // Redirections. A word made only of digits right before > or < is the descriptor.
      if (c === '>' || c === '<' || two === '&>') {
        let fd = c === '<' ? 0 : 1;
        if (word !== null && /^\d+$/.test(word) && c !== '&') {
          fd = Number(word);
          word = null;
        }
        endWord();
        if (pendingRedirect) throw unexpectedToken(readOperator(src, i));
        let op: RedirectOp;
        let both = false;
        let len: number;
        if (three === '&>>') [op, both, len] = ['>>', true, 3];
        else if (two === '&>') [op, both, len] = ['>', true, 2];
        else if (three === '<<<') [op, len] = ['<<<', 3];
        else if (two === '<<') throw new SyntaxError_('bash: here-documents (<<) are not supported in this shell; use <<< or a pipe');
        else if (two === '<(' || two === '>(') throw new SyntaxError_('bash: process substitution is not supported in this shell');
        else if (two === '<&' || two === '<>') throw new SyntaxError_(`bash: ${two}: redirection not supported in this shell`);
        else if (two === '>>') [op, len] = ['>>', 2];
        else if (two === '>&') [op, len] = ['dup', 2];
        else if (two === '>|') [op, len] = ['>', 2];
        else [op, len] = [c === '<' ? '<' : '>', 1];
        pendingRedirect = { fd, both, op };
        i += len;
        continue;
      }

      if (c === '(' || c === ')') {
        if (word !== null && c === '(') throw unexpectedToken('(');
        throw new SyntaxError_(`bash: ${c}: subshells and grouping are not supported in this shell`);
      }

      if (c === '|') {
        if (two === '||') {
          endPipeline('||', false, '||');
          i += 2;
        } else {
          const stderrToPipe = two === '|&';
          const token = stderrToPipe ? '|&' : '|';
          const current = command;
          if (!endCommand(token)) throw unexpectedToken(token);
          current.stderrToPipe = stderrToPipe;
          i += token.length;
        }
        continue;
      }

      if (c === '&') {
        if (two === '&&') {
          endPipeline('&&', false, '&&');
          i += 2;
        } else {
          endPipeline('&', true, ';');
          i += 1;
        }
        continue;
      }

      if (c === ';') {
        if (two === ';;') throw unexpectedToken(';;');
        endPipeline(';', false, ';');
        i += 1;
        continue;
      }

      // newline: a command separator, except right after | && || where bash reads on.
      endWord();
      if (pendingRedirect) throw unexpectedToken('newline');
      if (commandIsEmpty() && (pipeline.length > 0 || connector === '&&' || connector === '||')) {
        i++;
        continue;
      }
      endPipeline('\n', false, ';');
      i++;
      continue;
    }

    // Word characters, including quoted parts and substitutions (kept raw for phase 2).
    try {
      let end: number;
      if (c === "'") end = skipSingleQuoted(src, i);
      else if (c === '"') end = skipDoubleQuoted(src, i);
      else if (c === '`') end = skipBackquoted(src, i);
      else if (c === '$' && src[i + 1] === "'") end = skipAnsiCQuoted(src, i);
      else if (c === '$' && src[i + 1] === '(') end = skipParenSubstitution(src, i);
      else if (c === '$' && src[i + 1] === '{') end = skipBraceParameter(src, i);
      else if (c === '\\') end = Math.min(i + 2, src.length);
      else end = i + 1;
      if (c === '\\' && src[i + 1] === '\n') {
        i += 2; // line continuation
        continue;
      }
      append(src.slice(i, end));
      i = end;
    } catch (e) {
      if (!(e instanceof SyntaxError_) || !options.tolerant) throw e;
      append(src.slice(i));
      i = src.length;
    }
  }

  const endedInWord = word !== null;
  if (pendingRedirect && !options.tolerant) {
    endWord();
    if (pendingRedirect) throw unexpectedToken('newline');
  }
  if (options.tolerant) {
    // A redirect target being completed: keep it as a plain word so there is something to complete.
    pendingRedirect = null;
    endWord();
    if (!commandIsEmpty()) pipeline.push(command);
    if (pipeline.length > 0) items.push({ connector, pipeline: { commands: pipeline, background: false } });
    return { items, endedInWord };
  }
  endPipeline('', false, null);
  return { items, endedInWord };
}

function unexpectedEof_(): SyntaxError_ {
  return new SyntaxError_('bash: syntax error: unexpected end of file');
}

function readOperator(src: string, i: number): string {
  const m = /^(&>>|&>|<<<|>>|>&|>\||<<|<|>)/.exec(src.slice(i));
  return m ? m[1]! : src[i]!;
}

function countLeadingAssignments(words: string[]): number {
  let n = 0;
  while (n < words.length && ASSIGNMENT_RE.test(words[n]!)) n++;
  return n;
}

/** Phase 1: a command line as a list of pipelines, words still raw. Aliases are expanded here. */
export function splitLine(line: string, aliases: ReadonlyMap<string, string> = new Map()): SplitResult {
  try {
    return { ok: true, items: scan(line, aliases, {}).items };
  } catch (e) {
    if (e instanceof SyntaxError_) return { ok: false, error: e.message };
    return { ok: false, error: `bash: parse error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------- phase 2: expansion

class ExpansionError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** Single-quotes a text for re-reading by shell-quote. */
function singleQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Escapes a text for re-reading inside double quotes. */
function escapeForDoubleQuotes(text: string): string {
  return text.replace(/[\\"$`]/g, (m) => `\\${m}`);
}

/** An unquoted substitution's output, split into fields the way bash does, each quoted so nothing in it is read again. */
function fieldsForReparse(result: string): string {
  const fields = result.split(/[ \t\n]+/).filter(Boolean);
  if (fields.length === 0) return result === '' ? '' : ' ';
  const lead = /^[ \t\n]/.test(result) ? ' ' : '';
  const trail = /[ \t\n]$/.test(result) ? ' ' : '';
  return lead + fields.map(singleQuote).join(' ') + trail;
}

function runSubstitution(commandLine: string, ctx: ExpandContext): string {
  if (commandLine.startsWith('(')) throw new ExpansionError('bash: $((…)): arithmetic expansion is not supported in this shell');
  if (!ctx.substitute) throw new ExpansionError('bash: command substitution is not supported here');
  // bash strips all trailing newlines from the output of a command substitution.
  return ctx.substitute(commandLine).replace(/\n+$/, '');
}

/**
 * Rewrites the parts of a raw word that shell-quote does not know (or reads differently from bash) into
 * text it reads the bash way: $(…) and `…` become their quoted output, a leading ~ becomes $HOME,
 * an unquoted # is escaped (shell-quote would start a comment inside a word; bash does not).
 */
function preExpand(raw: string, ctx: ExpandContext): string {
  let out = '';
  let i = 0;
  if (raw === '~' || raw.startsWith('~/')) {
    out += singleQuote(ctx.lookupVar('HOME') ?? '~');
    i = 1;
  }
  let inDouble = false;
  while (i < raw.length) {
    const c = raw[i]!;
    if (!inDouble && c === "'") {
      const end = skipSingleQuoted(raw, i);
      out += raw.slice(i, end);
      i = end;
    } else if (!inDouble && c === '$' && raw[i + 1] === "'") {
      const end = skipAnsiCQuoted(raw, i);
      out += raw.slice(i, end);
      i = end;
    } else if (c === '\\') {
      out += raw.slice(i, i + 2);
      i += 2;
    } else if (c === '"') {
      inDouble = !inDouble;
      out += c;
      i++;
    } else if (c === '$' && raw[i + 1] === '(') {
      const end = skipParenSubstitution(raw, i);
      const result = runSubstitution(raw.slice(i + 2, end - 1), ctx);
      // Unquoted, the output is split into words (each one quoted so nothing in it is read again).
      out += inDouble ? escapeForDoubleQuotes(result) : fieldsForReparse(result);
      i = end;
    } else if (c === '`') {
      const end = skipBackquoted(raw, i);
      const inner = raw.slice(i + 1, end - 1).replace(/\\([\\`$])/g, '$1');
      const result = runSubstitution(inner, ctx);
      out += inDouble ? escapeForDoubleQuotes(result) : fieldsForReparse(result);
      i = end;
    } else if (c === '$' && raw[i + 1] === '{') {
      const end = skipBraceParameter(raw, i);
      out += raw.slice(i, end);
      i = end;
    } else if (c === '#' && !inDouble) {
      out += '\\#';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** shell-quote's env callback: plain names, ${#NAME}, ${NAME:-word}, ${NAME-word}. */
function variableLookup(ctx: ExpandContext): (key: string) => string | undefined {
  return (key: string) => {
    if (key === '') return undefined; // a lone `$` stays a `$`
    if (key.startsWith('#') && key.length > 1) return String((ctx.lookupVar(key.slice(1)) ?? '').length);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?)([-=+?])(.*)$/s.exec(key);
    if (m) {
      const [, name, colon, kind, word] = m as unknown as [string, string, string, string, string];
      const value = ctx.lookupVar(name);
      const unset = value === undefined || (colon === ':' && value === '');
      if (kind === '-' || kind === '=') return unset ? word : value;
      if (kind === '+') return unset ? '' : word;
      if (unset) throw new ExpansionError(`bash: ${name}: ${word || 'parameter null or not set'}`);
      return value;
    }
    if (/^[0-9]/.test(key)) return ctx.lookupVar(key) ?? ''; // positional parameters ($1abc is ${1}abc in bash; rare here)
    if (!NAME_RE.test(key) && !/^[?$#!@*-]$/.test(key)) throw new ExpansionError(`bash: \${${key}}: bad substitution`);
    return ctx.lookupVar(key) ?? '';
  };
}

function expandRaw(raw: string, ctx: ExpandContext, split: boolean): string[] {
  const text = preExpand(raw, ctx);
  let entries: ReturnType<typeof shellQuoteParse>;
  try {
    entries = shellQuoteParse(text, variableLookup(ctx), { splitUnquoted: split } as object);
  } catch (e) {
    if (e instanceof ExpansionError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith('Bad substitution')) throw new ExpansionError(`bash: ${raw}: bad substitution`);
    throw new ExpansionError(`bash: ${raw}: ${message}`);
  }
  const words: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') words.push(entry);
    // No file system to glob against: bash leaves a pattern without matches as it is.
    else if ('op' in entry && entry.op === 'glob') words.push(entry.pattern);
    else if ('op' in entry) words.push(entry.op);
  }
  return words;
}

/** Expands one raw word into fields (word splitting applies to unquoted expansions). */
export function expandWord(raw: string, ctx: ExpandContext): string[] {
  return expandRaw(raw, ctx, true);
}

/** Expands one raw word into exactly one string (assignment values, redirect targets). */
function expandWordWhole(raw: string, ctx: ExpandContext): string {
  return expandRaw(raw, ctx, false).join(' ');
}

/** Builtins whose NAME=value arguments are not word-split, as in bash. */
const DECLARATION_BUILTINS = new Set(['export', 'local', 'declare', 'readonly', 'alias']);

/** Phase 2: expands one raw simple command. Runs $(…) through ctx.substitute. */
export function expandCommand(raw: RawCommand, ctx: ExpandContext): ExpandResult {
  try {
    const nAssign = countLeadingAssignments(raw.words);
    const assignments = raw.words.slice(0, nAssign).map((w) => {
      const eq = w.indexOf('=');
      return { name: w.slice(0, eq), value: expandWordWhole(w.slice(eq + 1), ctx) };
    });
    const argv: string[] = [];
    let declaration = false;
    for (const w of raw.words.slice(nAssign)) {
      if (declaration && ASSIGNMENT_RE.test(w)) {
        const eq = w.indexOf('=');
        argv.push(w.slice(0, eq + 1) + expandWordWhole(w.slice(eq + 1), ctx));
        continue;
      }
      argv.push(...expandWord(w, ctx));
      if (argv.length === 1 && DECLARATION_BUILTINS.has(argv[0]!)) declaration = true;
    }
    const redirects = raw.redirects.map((r) => ({
      fd: r.fd,
      both: r.both,
      op: r.op,
      target: expandWordWhole(r.target, ctx),
    }));
    return { ok: true, command: { assignments, argv, redirects, stderrToPipe: raw.stderrToPipe } };
  } catch (e) {
    if (e instanceof ExpansionError || e instanceof SyntaxError_) return { ok: false, error: e.message };
    return { ok: false, error: `bash: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Both phases at once (expansion of the whole line up front): for tests and tools, not for running. */
export function parseLine(line: string, aliases: ReadonlyMap<string, string>, ctx: ExpandContext): ParseResult {
  const split = splitLine(line, aliases);
  if (!split.ok) return split;
  const items: ListItem<Pipeline>[] = [];
  for (const item of split.items) {
    const commands: SimpleCommand[] = [];
    for (const raw of item.pipeline.commands) {
      const expanded = expandCommand(raw, ctx);
      if (!expanded.ok) return expanded;
      commands.push(expanded.command);
    }
    items.push({ connector: item.connector, pipeline: { commands, background: item.pipeline.background } });
  }
  return { ok: true, items };
}

// ---------------------------------------------------------------- completion support

export interface CompletionContext {
  /** Words of the simple command under the cursor, before the partial word, expanded (aliases too). */
  words: string[];
  /** The word being completed, quotes removed ('' right after a blank). */
  partial: string;
}

/** Where the cursor is, for completion: never fails (unterminated quotes are closed). */
export function completionContext(lineBeforeCursor: string, aliases: ReadonlyMap<string, string>, ctx: ExpandContext): CompletionContext {
  const safeCtx: ExpandContext = { lookupVar: ctx.lookupVar }; // never run commands while completing
  const dequote = (w: string): string[] => {
    try {
      return expandRaw(closeQuotes(w), safeCtx, false);
    } catch {
      return [w];
    }
  };
  try {
    // The partial word is found without aliases: completing `k` must offer `k…`, not what k stands for.
    const plain = scan(lineBeforeCursor, new Map(), { tolerant: true });
    const atNewCommand = /(\|\|?|&&?|;|\n)[ \t]*$/.test(lineBeforeCursor);
    const partialRaw = plain.endedInWord && !atNewCommand ? (plain.items.at(-1)?.pipeline.commands.at(-1)?.words.at(-1) ?? '') : '';
    const rest = lineBeforeCursor.slice(0, lineBeforeCursor.length - partialRaw.length);
    const expanded = scan(rest, aliases, { tolerant: true });
    const last = expanded.items.at(-1);
    const command = !last || atNewCommand || /(\|\|?|&&?|;|\n)[ \t]*$/.test(rest) ? undefined : last.pipeline.commands.at(-1);
    const raw = command?.words ?? [];
    const words = raw.slice(countLeadingAssignments(raw)).flatMap(dequote);
    return { words, partial: partialRaw === '' ? '' : dequote(partialRaw).join('') };
  } catch {
    return { words: [], partial: '' };
  }
}

/** Closes an unterminated quote at the end of a partial word so it can be dequoted. */
function closeQuotes(w: string): string {
  let quote: string | null = null;
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    if (quote === null && c === '\\') i++;
    else if (quote === '"' && c === '\\') i++;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return quote ? w + quote : w;
}
