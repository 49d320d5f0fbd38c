// Word expansion in bash's order: brace expansion, then (left to right) tilde, parameter, command and arithmetic
// expansion, then word splitting of the unquoted results on IFS, pathname expansion, and quote removal.
// Expanded text is carried as segments that remember whether they were quoted and whether they may be split, so
// that "$x" stays one field, $x is split, "$@" gives one field per parameter and "" gives an empty field.

import type { List, ParamPart, Word, WordPart } from './ast.ts';
import { ArithError, evaluateArithmetic, type ArithVars } from './arithmetic.ts';
import { hasGlobChars, matchPattern, removeAffix, replacePattern } from './pattern.ts';
import type { ShellState } from './state.ts';

/** An error that aborts the command (and, in a script, the script), with bash's message (no trailing newline). */
export class ExpansionError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export interface ExpandEnv {
  state: ShellState;
  /** $$ */
  pid: string;
  /** Runs a command substitution and returns its standard output. */
  substitute(body: List): string;
  /** Assigns a variable (readonly and integer attributes apply); throws ExpansionError. */
  assign(name: string, value: string, index?: string): void;
  /** Pathnames matching a pattern, sorted; undefined when the session has no file system. */
  glob?(pattern: string): string[] | undefined;
}

/** fieldBreak: between the elements of $@ / ${a[@]}; `keep` (inside "…") keeps empty elements as fields. */
type Segment = { text: string; quoted: boolean; split: boolean } | { fieldBreak: true; keep: boolean };

const DEFAULT_IFS = ' \t\n';

// ---------------------------------------------------------------- public entry points

/** A command's words to argv: every expansion, splitting and globbing. */
export function expandWords(words: readonly Word[], env: ExpandEnv): string[] {
  const out: string[] = [];
  for (const word of words) {
    // Fast path: a plain unquoted word with nothing to expand.
    if (word.parts.length === 1 && word.parts[0]!.type === 'lit') {
      const text = word.parts[0].text;
      if (!/[{~*?[]/.test(text)) {
        out.push(text);
        continue;
      }
    }
    for (const parts of braceExpand(word.parts)) {
      const segs = expandParts(parts, env, false, true);
      for (const f of splitFields(segs, ifs(env))) out.push(...globField(f, env));
    }
  }
  return out;
}

/** One string, no splitting or globbing: assignment values, redirect targets, case subjects, heredocs. */
export function expandString(word: Word, env: ExpandEnv, tildes = false): string {
  if (word.parts.length === 1 && (word.parts[0]!.type === 'lit' || word.parts[0]!.type === 'quoted') && !tildes) return word.parts[0].text;
  let out = '';
  for (const s of expandParts(word.parts, env, false, tildes)) if (!('fieldBreak' in s)) out += s.text;
  return out;
}

/** A pattern (case, [[ == ]], ${x#…}): quoted characters come back escaped with a backslash. */
export function expandPattern(word: Word, env: ExpandEnv): string {
  let out = '';
  for (const s of expandParts(word.parts, env, false, true)) {
    if ('fieldBreak' in s) out += ' ';
    else out += s.quoted ? escapeGlob(s.text) : s.text;
  }
  return out;
}

/** An arithmetic expression's text after expansion, evaluated. */
export function evaluateWord(word: Word, env: ExpandEnv): bigint {
  return arith(expandString(word, env), env);
}

export function arith(text: string, env: ExpandEnv): bigint {
  try {
    return evaluateArithmetic(text, arithVars(env));
  } catch (e) {
    if (e instanceof ArithError) throw new ExpansionError(`bash: ${e.message}`);
    throw e;
  }
}

export function arithVars(env: ExpandEnv): ArithVars {
  return {
    get: (name, index) => {
      if (index !== undefined) return env.state.getElement(name, Number(index));
      const v = special(name, env);
      if (v === undefined && env.state.options.nounset) throw new ExpansionError(`bash: ${name}: unbound variable`);
      return v;
    },
    set: (name, value, index) => env.assign(name, value, index === undefined ? undefined : String(index)),
  };
}

export const escapeGlob = (text: string) => text.replace(/[\\*?[\]]/g, '\\$&');

function ifs(env: ExpandEnv): string {
  return env.state.vars.get('IFS') ?? DEFAULT_IFS;
}

// ---------------------------------------------------------------- brace expansion

type Item = string | WordPart; // a character of unquoted text, or a part brace expansion does not look into

function braceExpand(parts: WordPart[]): WordPart[][] {
  if (!parts.some((p) => p.type === 'lit' && p.text.includes('{'))) return [parts];
  const items: Item[] = [];
  for (const p of parts) {
    if (p.type === 'lit') items.push(...p.text);
    else items.push(p);
  }
  countWords(items);
  return expandItems(items).map(toParts);
}

function toParts(items: Item[]): WordPart[] {
  const parts: WordPart[] = [];
  let lit = '';
  for (const it of items) {
    if (typeof it === 'string') lit += it;
    else {
      if (lit) parts.push({ type: 'lit', text: lit });
      lit = '';
      parts.push(it);
    }
  }
  if (lit) parts.push({ type: 'lit', text: lit });
  return parts;
}

const MAX_BRACE_WORDS = 100_000;

/** The first brace group that expands (a comma list or a sequence): where it is and its alternatives. */
function firstGroup(items: Item[]): { open: number; close: number; alternatives: Item[][] } | undefined {
  for (let i = 0; i < items.length; i++) {
    if (items[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i + 1; j < items.length; j++) {
      const c = items[j];
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) {
          close = j;
          break;
        }
        depth--;
      } else if (c === ',' && depth === 0) commas.push(j);
    }
    if (close < 0) return undefined;
    if (commas.length > 0) {
      const alternatives: Item[][] = [];
      let start = i + 1;
      for (const c of [...commas, close]) {
        alternatives.push(items.slice(start, c));
        start = c + 1;
      }
      return { open: i, close, alternatives };
    }
    const inner = items.slice(i + 1, close);
    const words = inner.every((c) => typeof c === 'string') ? sequence(inner.join('')) : undefined;
    // A sequence's words are whole items: nothing in them is read as a brace again.
    if (words) return { open: i, close, alternatives: words.map((w) => [w]) };
  }
  return undefined;
}

const tooMany = () => new ExpansionError(`bash: brace expansion: more than ${MAX_BRACE_WORDS} words (this shell's limit)`);

/**
 * How many words the items expand to, counted without building them. An alternative's braces are balanced, so
 * a group expands to (its alternatives' words) × (the rest's words); counting first means a line that would
 * expand past the limit is refused before any work, whatever its shape.
 */
function countWords(items: Item[]): number {
  const group = firstGroup(items);
  if (!group) return 1;
  const rest = countWords(items.slice(group.close + 1));
  const total = group.alternatives.reduce((n, alt) => n + countWords(alt), 0) * rest;
  if (total > MAX_BRACE_WORDS) throw tooMany();
  return total;
}

/** Items with runs of characters joined into one string (words are not scanned for braces again). */
function compact(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (typeof it === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += it;
    else out.push(it);
  }
  return out;
}

/** The words, in bash's order: each alternative's words, each followed by every word of the rest. */
function expandItems(items: Item[]): Item[][] {
  if (items.length === 1) return [items];
  const group = firstGroup(items);
  if (!group) return [compact(items)];
  const prefix = compact(items.slice(0, group.open));
  const tails = expandItems(items.slice(group.close + 1));
  const out: Item[][] = [];
  for (const alt of group.alternatives) {
    for (const head of expandItems(alt)) for (const tail of tails) out.push(compact([...prefix, ...head, ...tail]));
  }
  return out;
}

/** {1..10}, {01..10}, {10..1..2}, {a..e}: the words, or undefined when the text is not a sequence. */
function sequence(text: string): string[] | undefined {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(text);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    let step = Math.abs(Number(num[3] ?? 1)) || 1;
    const padded = /^-?0\d/.test(num[1]!) || /^-?0\d/.test(num[2]!);
    const width = padded ? Math.max(num[1]!.length, num[2]!.length) : 0;
    const out: string[] = [];
    if (a > b) step = -step;
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? `-${s}` : s);
      if (out.length > MAX_BRACE_WORDS) throw tooMany();
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(text);
  if (chr) {
    const a = chr[1]!.charCodeAt(0);
    const b = chr[2]!.charCodeAt(0);
    let step = Math.abs(Number(chr[3] ?? 1)) || 1;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return undefined;
}

// ---------------------------------------------------------------- parameter, command, arithmetic expansion

function expandParts(parts: readonly WordPart[], env: ExpandEnv, inDq: boolean, tildes: boolean): Segment[] {
  const segs: Segment[] = [];
  parts.forEach((p, k) => {
    switch (p.type) {
      case 'lit': {
        let text = p.text;
        if (tildes && k === 0 && text.startsWith('~') && (text.length === 1 || text[1] === '/')) {
          segs.push({ text: env.state.vars.get('HOME') ?? '~', quoted: true, split: false });
          text = text.slice(1);
        }
        if (text) segs.push({ text, quoted: inDq, split: false });
        break;
      }
      case 'quoted':
        segs.push({ text: p.text, quoted: true, split: false });
        break;
      case 'dq': {
        const inner = expandParts(p.parts, env, true, false);
        if (inner.length === 0 && !p.parts.some(isAtExpansion)) segs.push({ text: '', quoted: true, split: false });
        segs.push(...inner);
        break;
      }
      case 'param':
        segs.push(...expandParam(p, env, inDq));
        break;
      case 'cmd': {
        const text = env.substitute(p.body).replace(/\n+$/, '');
        segs.push({ text, quoted: inDq, split: !inDq });
        break;
      }
      case 'arith':
        segs.push({ text: String(evaluateWord(p.expr, env)), quoted: inDq, split: !inDq });
        break;
    }
  });
  return segs;
}

function isAtExpansion(p: WordPart): boolean {
  return p.type === 'param' && !p.length && (p.name === '@' || p.index === '@' || (p.indirect === true && p.index !== undefined));
}

/** The value(s) of a parameter before any operator: a list when it is $@, $*, ${a[@]}, ${a[*]}. */
function lookup(p: ParamPart, env: ExpandEnv): { value?: string; list?: string[]; star: boolean } {
  const st = env.state;
  const name = p.name;
  if (name === '@' || name === '*') return { list: st.positional, star: name === '*' };
  if (p.index === '@' || p.index === '*') return { list: st.values(name), star: p.index === '*' };
  if (p.index !== undefined) {
    const key = st.assoc.has(name) ? expandString(p.index, env) : String(evaluateWord(p.index, env));
    return { value: st.getElement(name, key), star: false };
  }
  return { value: special(name, env), star: false };
}

function special(name: string, env: ExpandEnv): string | undefined {
  const st = env.state;
  switch (name) {
    case '?': return String(st.lastStatus);
    case '$': return env.pid;
    case '!': return st.lastBackgroundPid === undefined ? undefined : String(st.lastBackgroundPid);
    case '#': return String(st.positional.length);
    case '0': return 'bash';
    case '-': return `${st.options.errexit ? 'e' : ''}hB${st.options.nounset ? 'u' : ''}${st.options.xtrace ? 'x' : ''}`;
    case 'RANDOM':
      // Seeded, so that runs repeat; `RANDOM=n` reseeds, as in bash.
      if (!st.isSet('RANDOM')) return String(st.nextRandom());
      return st.get(name);
    default:
      if (/^\d+$/.test(name)) return st.positional[Number(name) - 1];
      return st.get(name);
  }
}

function expandParam(p: ParamPart, env: ExpandEnv, inDq: boolean): Segment[] {
  if (p.bad !== undefined) throw new ExpansionError(`bash: ${p.bad}: bad substitution`);
  const st = env.state;
  const ifsFirst = (st.vars.get('IFS') ?? DEFAULT_IFS).slice(0, 1);

  if (p.length) {
    if (p.name === '@' || p.name === '*') return scalarSeg(String(st.positional.length), inDq);
    const r = lookup(p, env);
    if (r.list) return scalarSeg(String(r.list.length), inDq);
    if (r.value === undefined && st.options.nounset && !isSpecial(p.name)) throw new ExpansionError(`bash: ${p.name}: unbound variable`);
    return scalarSeg(String([...(r.value ?? '')].length), inDq);
  }

  if (p.indirect) {
    if (p.index === '@' || p.index === '*') return listSegs(st.keys(p.name), inDq, p.index === '*', ifsFirst);
    const target = special(p.name, env);
    if (target === undefined || target === '') return [];
    if (!/^([A-Za-z_][A-Za-z0-9_]*|\d+|[?$!#@*-])(\[.*\])?$/.test(target)) throw new ExpansionError(`bash: ${target}: invalid variable name`);
    const m = /^([^[]+)(?:\[(.*)\])?$/.exec(target)!;
    const inner: ParamPart = { ...p, indirect: false, name: m[1]!, index: m[2] === undefined ? undefined : m[2] === '@' || m[2] === '*' ? m[2] : { parts: [{ type: 'lit', text: m[2] }], raw: m[2] } };
    return expandParam(inner, env, inDq);
  }

  const r = lookup(p, env);
  const op = p.op;
  if (r.list) {
    let list = r.list;
    if (op) {
      switch (op.kind) {
        case 'default':
        case 'assign':
        case 'alternative':
        case 'error': {
          const empty = list.length === 0 || (op.colon && list.every((v) => v === '')) ;
          if (op.kind === 'alternative') return empty ? [] : wordSegs(op.word, env, inDq);
          if (!empty) break;
          if (op.kind === 'error') throw new ExpansionError(`bash: ${p.name}: ${expandString(op.word, env) || 'parameter null or not set'}`);
          return wordSegs(op.word, env, inDq);
        }
        case 'substring': {
          let offset = Number(evaluateWord(op.offset, env));
          // "${@:1}" counts $0 as position 0.
          const all = p.name === '@' || p.name === '*' ? ['bash', ...list] : list;
          if (offset < 0) offset = Math.max(0, all.length + offset);
          let end = all.length;
          if (op.length) {
            const len = Number(evaluateWord(op.length, env));
            end = len < 0 ? all.length + len : offset + len;
          }
          list = all.slice(offset, Math.max(offset, end));
          break;
        }
        default:
          list = list.map((v) => applyStringOp(op, v, env, p.name));
      }
    }
    return listSegs(list, inDq, r.star, ifsFirst);
  }

  let value = r.value;
  if (op) {
    const colon = 'colon' in op ? op.colon : false;
    const unset = value === undefined || (colon && value === '');
    switch (op.kind) {
      case 'default':
        if (unset) return wordSegs(op.word, env, inDq);
        break;
      case 'assign':
        if (unset) {
          const v = expandString(op.word, env, true);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) throw new ExpansionError(`bash: $${p.name}: cannot assign in this way`);
          env.assign(p.name, v, p.index && typeof p.index !== 'string' ? expandString(p.index, env) : undefined);
          return scalarSeg(v, inDq);
        }
        break;
      case 'alternative':
        return unset ? [] : wordSegs(op.word, env, inDq);
      case 'error':
        if (unset) throw new ExpansionError(`bash: ${p.name}: ${expandString(op.word, env) || 'parameter null or not set'}`);
        break;
      default:
        if (value === undefined && st.options.nounset && !isSpecial(p.name)) throw new ExpansionError(`bash: ${p.name}: unbound variable`);
        value = applyStringOp(op, value ?? '', env, p.name);
    }
  } else if (value === undefined && st.options.nounset && !isSpecial(p.name)) {
    throw new ExpansionError(`bash: ${p.name}: unbound variable`);
  }
  return scalarSeg(value ?? '', inDq);
}

function isSpecial(name: string): boolean {
  return name === '@' || name === '*' || name === '#' || name === '?' || name === '$' || name === '-' || name === '0';
}

function applyStringOp(op: NonNullable<ParamPart['op']>, value: string, env: ExpandEnv, name: string): string {
  switch (op.kind) {
    case 'removePrefix': return removeAffix(value, expandPattern(op.pattern, env), false, op.longest);
    case 'removeSuffix': return removeAffix(value, expandPattern(op.pattern, env), true, op.longest);
    case 'replace': return replacePattern(value, expandPattern(op.pattern, env), expandString(op.replacement, env), op.all, op.anchor);
    case 'case': {
      if (value === '') return value;
      const conv = (s: string) => (op.upper ? s.toUpperCase() : s.toLowerCase());
      return op.all ? conv(value) : conv(value[0]!) + value.slice(1);
    }
    case 'substring': {
      const chars = [...value];
      let offset = Number(evaluateWord(op.offset, env));
      if (offset < 0) offset = Math.max(0, chars.length + offset);
      if (offset > chars.length) return '';
      let end = chars.length;
      if (op.length) {
        const len = Number(evaluateWord(op.length, env));
        end = len < 0 ? chars.length + len : offset + len;
        if (end < offset) throw new ExpansionError(`bash: ${len}: substring expression < 0`);
      }
      return chars.slice(offset, end).join('');
    }
    default:
      void name;
      return value;
  }
}

function scalarSeg(text: string, inDq: boolean): Segment[] {
  return [{ text, quoted: inDq, split: !inDq }];
}

/** $@ and ${a[@]}: one field per element (quoted or not); "$*" joins them with IFS's first character. */
function listSegs(list: string[], inDq: boolean, star: boolean, ifsFirst: string): Segment[] {
  if (inDq && star) return [{ text: list.join(ifsFirst), quoted: true, split: false }];
  const out: Segment[] = [];
  list.forEach((v, i) => {
    if (i > 0) out.push({ fieldBreak: true, keep: inDq });
    out.push({ text: v, quoted: inDq, split: !inDq });
  });
  return out;
}

/** The word of ${x:-word}: inside "…" it is quoted; outside, its unquoted text is split like an expansion. */
function wordSegs(word: Word, env: ExpandEnv, inDq: boolean): Segment[] {
  const segs = expandParts(word.parts, env, inDq, true);
  if (inDq) return segs.map((s) => ('fieldBreak' in s ? s : { ...s, quoted: true, split: false }));
  return segs.map((s) => ('fieldBreak' in s || s.quoted ? s : { ...s, split: true }));
}

// ---------------------------------------------------------------- word splitting and globbing

interface Field {
  text: string;
  /** The text as a pattern: quoted characters escaped. */
  pattern: string;
  glob: boolean;
}

function splitFields(segs: Segment[], ifsChars: string): Field[] {
  const fields: Field[] = [];
  let cur: Field = { text: '', pattern: '', glob: false };
  let has = false;
  let afterWhitespaceBreak = false;
  const finish = (force: boolean) => {
    if (has || force) fields.push(cur);
    cur = { text: '', pattern: '', glob: false };
    has = false;
  };
  for (const s of segs) {
    if ('fieldBreak' in s) {
      finish(s.keep);
      continue;
    }
    if (s.quoted) {
      cur.text += s.text;
      cur.pattern += escapeGlob(s.text);
      has = true;
      afterWhitespaceBreak = false;
      continue;
    }
    if (!s.split || ifsChars === '') {
      if (s.text === '') continue;
      cur.text += s.text;
      cur.pattern += s.text;
      if (!cur.glob && hasGlobChars(s.text)) cur.glob = true;
      has = true;
      afterWhitespaceBreak = false;
      continue;
    }
    const text = s.text;
    for (let i = 0; i < text.length; ) {
      // A run of characters that are not IFS goes into the field at once ($(seq 1 100000) is 100,000 runs).
      let j = i;
      while (j < text.length && !ifsChars.includes(text[j]!)) j++;
      if (j > i) {
        const run = text.slice(i, j);
        cur.text += run;
        cur.pattern += run;
        if (!cur.glob && hasGlobChars(run)) cur.glob = true;
        has = true;
        afterWhitespaceBreak = false;
        i = j;
        continue;
      }
      const c = text[i++]!;
      if (c === ' ' || c === '\t' || c === '\n') {
        if (has) {
          finish(false);
          afterWhitespaceBreak = true;
        }
      } else {
        if (!afterWhitespaceBreak || has) finish(true);
        afterWhitespaceBreak = false;
      }
    }
  }
  if (has) fields.push(cur);
  return fields;
}

function globField(f: Field, env: ExpandEnv): string[] {
  if (!f.glob || env.state.options.noglob || !env.glob) return [f.text];
  const matches = env.glob(f.pattern);
  return matches && matches.length ? matches : [f.text];
}

/** Does `text` match the pattern word (case, [[ == ]])? */
export function matches(text: string, pattern: Word, env: ExpandEnv): boolean {
  return matchPattern(text, expandPattern(pattern, env));
}
