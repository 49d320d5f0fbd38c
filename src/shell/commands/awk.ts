// awk as gawk (Amazon Linux 2's awk): a tokenizer, a recursive-descent parser for the whole language and a
// tree-walking interpreter.
//   program:  BEGIN/END, patterns (expressions, /re/), ranges (p1, p2), function definitions
//   statements: print/printf (with > >> to files, /dev/stdout, /dev/stderr), if/else, while, do-while, for,
//             for (k in a), break, continue, next, nextfile, exit, return, delete, getline (plain, var, < file,
//             "cmd" | getline), blocks
//   values:   strings, numbers and strnums as POSIX compares them, uninitialized values, associative arrays with
//             SUBSEP, (i, j) in a, $N as lvalues, NF assignments, NR NF FNR FS OFS ORS RS SUBSEP FILENAME RSTART
//             RLENGTH CONVFMT OFMT ENVIRON ARGC ARGV
//   builtins: length substr index split sub gsub gensub match sprintf tolower toupper int sqrt exp log sin cos
//             atan2 rand srand system close fflush systime strftime asort asorti
//   options:  -F SEP, -v NAME=VALUE, operands NAME=VALUE between files
// Not supported (a clear message, exit 2): output pipes (print | "cmd"), -f PROGFILE. `for (k in a)` visits keys
// in insertion order (gawk's order is its hash table's).

import type { Command, CommandInput } from '../types.ts';
import { interpretEscapes } from './echo.ts';
import { formatFloat, formatInteger, formatString, general, type Spec } from './printf.ts';
import { compile, posixToJs } from './regex.ts';
import { fail, parseOptions, readPath } from './util.ts';

// ---------------------------------------------------------------- values

type Value = { kind: 'num'; n: number } | { kind: 'str'; s: string } | { kind: 'strnum'; s: string; n: number };

const num = (n: number): Value => ({ kind: 'num', n });
const str = (s: string): Value => ({ kind: 'str', s });
const UNSET: Value = { kind: 'strnum', s: '', n: 0 };
const NUMERIC_RE = /^[ \t\n]*[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F]+)[ \t\n]*$/;

/** Input text (fields, -v values, getline): numeric-looking strings compare as numbers. */
function fromInput(s: string): Value {
  return NUMERIC_RE.test(s) && !/0[xX]/.test(s) ? { kind: 'strnum', s, n: Number(s.trim()) } : str(s);
}

function strToNum(s: string): number {
  const m = /^[ \t\n]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(s);
  if (m) return Number(m[1]);
  const special = /^[ \t\n]*([-+])(inf|nan)/i.exec(s);
  if (special) return special[2]!.toLowerCase() === 'inf' ? (special[1] === '-' ? -Infinity : Infinity) : NaN;
  return 0;
}

function toNum(v: Value): number {
  return v.kind === 'str' ? strToNum(v.s) : v.n;
}

function numberToString(n: number, format: string): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e16 ? String(n) : BigInt(n).toString();
  if (Number.isNaN(n)) return n < 0 ? '-nan' : '+nan';
  if (!Number.isFinite(n)) return n > 0 ? '+inf' : '-inf';
  if (format === '%.6g') return (n < 0 ? '-' : '') + general(Math.abs(n), 6);
  return awkSprintf(format, [num(n)]);
}

function toBool(v: Value): boolean {
  if (v.kind === 'num') return v.n !== 0;
  if (v.kind === 'strnum') return v.n !== 0;
  return v.s !== '';
}

// ---------------------------------------------------------------- printf

function awkSprintf(format: string, args: Value[], toS: (v: Value) => string = (v) => (v.kind === 'num' ? numberToString(v.n, '%.6g') : v.s)): string {
  let k = 0;
  let at = 0;
  const next = () => {
    if (k >= args.length) throw new AwkFatal(`not enough arguments to satisfy format string\n\t\`${format}'\n\t${' '.repeat(at)}^ ran out for this one`);
    return args[k++]!;
  };
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    const m = /^%([-+ 0#']*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([cdiouxXeEfFgGs%]?)/.exec(format.slice(i))!;
    i += m[0].length;
    at = i - 1;
    const conv = m[5]!;
    if (conv === '%') {
      out += '%';
      continue;
    }
    if (conv === '') {
      out += m[0];
      continue;
    }
    const spec: Spec = { flags: m[1]!.replace("'", ''), conversion: conv };
    if (m[2] === '*') {
      const w = Math.trunc(toNum(next()));
      if (w < 0) spec.flags += '-';
      spec.width = Math.abs(w);
    } else if (m[2] !== undefined) spec.width = Number(m[2]);
    if (m[3] !== undefined) {
      const p = m[3] === '*' ? Math.trunc(toNum(next())) : Number(m[3] || '0');
      if (p >= 0) spec.precision = p;
    }
    const v = next();
    if ('diouxX'.includes(conv)) {
      const n = toNum(v);
      if (!Number.isFinite(n)) out += formatFloat({ ...spec, conversion: 'f', precision: 0 }, n);
      else out += formatInteger({ ...spec, conversion: conv === 'i' ? 'd' : conv }, BigInt(Math.trunc(n)));
    } else if ('eEfFgG'.includes(conv)) out += formatFloat(spec, toNum(v));
    else if (conv === 'c') {
      const text = v.kind === 'num' ? String.fromCodePoint(Math.trunc(v.n) & 0x1fffff) : [...toS(v)][0] ?? '';
      out += formatString({ ...spec, precision: undefined }, text);
    } else {
      let text = toS(v);
      if (spec.precision !== undefined) text = [...text].slice(0, spec.precision).join('');
      out += formatString({ ...spec, precision: undefined }, text);
    }
  }
  return out;
}

// ---------------------------------------------------------------- tokens

class AwkSyntaxError extends Error {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(message);
    this.pos = pos;
  }
}
class AwkFatal extends Error {}
class Unsupported extends Error {}

type Token =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'regex'; v: string; pos: number }
  | { t: 'name'; v: string; pos: number }
  | { t: 'funcname'; v: string; pos: number } // a name directly followed by '('
  | { t: 'builtin'; v: string; pos: number }
  | { t: 'kw'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'nl'; pos: number }
  | { t: 'eof'; pos: number };

const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'nextfile', 'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf']);
const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'gensub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush', 'systime', 'strftime', 'asort', 'asorti']);
const OPERATORS = ['+=', '-=', '*=', '/=', '%=', '^=', '**=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const regexAllowed = () => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.t === 'num' || last.t === 'str' || last.t === 'name' || last.t === 'regex' || last.t === 'builtin') return false;
    if (last.t === 'kw') return last.v !== 'getline';
    if (last.t === 'op') return ![')', ']', '$', '++', '--'].includes(last.v);
    return true;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ t: 'nl', pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new AwkSyntaxError('unterminated string', i);
        if (src[j] === '\\' && j + 1 < src.length) {
          raw += src[j]! + src[j + 1]!;
          j += 2;
        } else raw += src[j++];
      }
      if (j >= src.length) throw new AwkSyntaxError('unterminated string', i);
      tokens.push({ t: 'str', v: unescapeString(raw), pos: i });
      i = j + 1;
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let raw = '';
      let inBracket = false;
      while (j < src.length && (src[j] !== '/' || inBracket)) {
        if (src[j] === '\n') throw new AwkSyntaxError('unterminated regexp', i);
        if (src[j] === '\\' && j + 1 < src.length) {
          raw += src[j + 1] === '/' ? '/' : src[j]! + src[j + 1]!;
          j += 2;
          continue;
        }
        if (src[j] === '[' && !inBracket) {
          inBracket = true;
          raw += src[j++];
          if (src[j] === '^') raw += src[j++];
          if (src[j] === ']') raw += src[j++];
          continue;
        }
        if (src[j] === ']' && inBracket) inBracket = false;
        raw += src[j++];
      }
      if (j >= src.length) throw new AwkSyntaxError('unterminated regexp', i);
      tokens.push({ t: 'regex', v: raw, pos: i });
      i = j + 1;
      continue;
    }
    const number = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(src.slice(i));
    if (number && /[\d.]/.test(c)) {
      tokens.push({ t: 'num', v: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      const w = word[0];
      const pos = i;
      i += w.length;
      if (KEYWORDS.has(w)) tokens.push({ t: 'kw', v: w === 'func' ? 'function' : w, pos });
      else if (BUILTINS.has(w)) tokens.push({ t: 'builtin', v: w, pos });
      else if (src[i] === '(') tokens.push({ t: 'funcname', v: w, pos });
      else tokens.push({ t: 'name', v: w, pos });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`invalid char '${c}' in expression`, i);
    tokens.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  tokens.push({ t: 'eof', pos: src.length });
  return tokens;
}

function unescapeString(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') {
      out += raw[i];
      continue;
    }
    const n = raw[++i];
    if (n === undefined) out += '\\';
    else if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'r') out += '\r';
    else if (n === '\\') out += '\\';
    else if (n === '"') out += '"';
    else if (n === '/') out += '/';
    else if (n === 'a') out += '\x07';
    else if (n === 'b') out += '\b';
    else if (n === 'f') out += '\f';
    else if (n === 'v') out += '\v';
    else if (/[0-7]/.test(n)) {
      const digits = /^[0-7]{1,3}/.exec(raw.slice(i))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += digits.length - 1;
    } else out += `\\${n}`; // kept for regular expressions ("\." in a dynamic regex)
  }
  return out;
}

// ---------------------------------------------------------------- syntax tree

type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'regex'; re: string }
  | { t: 'var'; name: string }
  | { t: 'field'; index: Expr }
  | { t: 'index'; name: string; keys: Expr[] }
  | { t: 'in'; keys: Expr[]; name: string }
  | { t: 'unary'; op: string; e: Expr }
  | { t: 'binary'; op: string; l: Expr; r: Expr }
  | { t: 'concat'; l: Expr; r: Expr }
  | { t: 'match'; negate: boolean; l: Expr; re: Expr }
  | { t: 'logic'; op: '&&' | '||'; l: Expr; r: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'assign'; op: string; target: Expr; value: Expr }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'user'; name: string; args: Expr[] }
  | { t: 'getline'; target?: Expr; file?: Expr; command?: Expr }
  | { t: 'group'; e: Expr };

type Redirect = { op: '>' | '>>' | '|'; target: Expr };

type Stmt =
  | { t: 'print'; args: Expr[]; redirect?: Redirect }
  | { t: 'printf'; args: Expr[]; redirect?: Redirect }
  | { t: 'expr'; e: Expr }
  | { t: 'if'; c: Expr; then: Stmt; else?: Stmt }
  | { t: 'while'; c: Expr; body: Stmt }
  | { t: 'do'; body: Stmt; c: Expr }
  | { t: 'for'; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { t: 'forin'; key: Expr; name: string; body: Stmt }
  | { t: 'block'; body: Stmt[] }
  | { t: 'next' }
  | { t: 'nextfile' }
  | { t: 'exit'; e?: Expr }
  | { t: 'return'; e?: Expr }
  | { t: 'break' }
  | { t: 'continue' }
  | { t: 'delete'; name: string; keys?: Expr[] };

interface Rule {
  kind: 'begin' | 'end' | 'main';
  pattern?: Expr;
  pattern2?: Expr;
  action?: Stmt[];
  inRange?: boolean;
}

interface Func {
  params: string[];
  body: Stmt[];
}

function parseProgram(src: string): { rules: Rule[]; funcs: Map<string, Func> } {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const is = (t: string, v?: string) => {
    const k = peek();
    return k.t === t && (v === undefined || ('v' in k && k.v === v));
  };
  const isOp = (v: string) => is('op', v);
  const isKw = (v: string) => is('kw', v);
  const fail = (): never => {
    const k = peek();
    throw new AwkSyntaxError(k.t === 'eof' || k.t === 'nl' ? 'syntax error' : 'syntax error', k.pos);
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) fail();
    pos++;
  };
  const optNewlines = () => {
    while (is('nl')) pos++;
  };
  const terminators = () => {
    while (is('nl') || isOp(';')) pos++;
  };

  const funcs = new Map<string, Func>();
  const rules: Rule[] = [];

  // ---- expressions (noIn: inside for (…in…) heads; noGt: unparenthesized print arguments)
  interface Ctx {
    noIn?: boolean;
    noGt?: boolean;
  }
  const isLvalue = (e: Expr) => e.t === 'var' || e.t === 'field' || e.t === 'index';

  function expr(ctx: Ctx = {}): Expr {
    const left = ternary(ctx);
    const k = peek();
    if (k.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^=', '**='].includes(k.v) && isLvalue(left)) {
      pos++;
      optNewlines();
      return { t: 'assign', op: k.v === '**=' ? '^=' : k.v, target: left, value: expr(ctx) };
    }
    return left;
  }
  function ternary(ctx: Ctx): Expr {
    const c = orExpr(ctx);
    if (!isOp('?')) return c;
    pos++;
    optNewlines();
    const a = expr(ctx);
    optNewlines();
    expectOp(':');
    optNewlines();
    return { t: 'cond', c, a, b: expr(ctx) };
  }
  function orExpr(ctx: Ctx): Expr {
    let l = andExpr(ctx);
    while (isOp('||')) {
      pos++;
      optNewlines();
      l = { t: 'logic', op: '||', l, r: andExpr(ctx) };
    }
    return l;
  }
  function andExpr(ctx: Ctx): Expr {
    let l = inExpr(ctx);
    while (isOp('&&')) {
      pos++;
      optNewlines();
      l = { t: 'logic', op: '&&', l, r: inExpr(ctx) };
    }
    return l;
  }
  function inExpr(ctx: Ctx): Expr {
    let l = matchExpr(ctx);
    while (!ctx.noIn && isKw('in')) {
      pos++;
      const name = peek();
      if (name.t !== 'name') fail();
      pos++;
      l = { t: 'in', keys: [l], name: (name as { v: string }).v };
    }
    return l;
  }
  function matchExpr(ctx: Ctx): Expr {
    let l = comparison(ctx);
    while (isOp('~') || isOp('!~')) {
      const negate = peek().t === 'op' && (peek() as { v: string }).v === '!~';
      pos++;
      l = { t: 'match', negate, l, re: comparison(ctx) };
    }
    return l;
  }
  function comparison(ctx: Ctx): Expr {
    const l = concatenation(ctx);
    const k = peek();
    if (k.t === 'op' && ['<', '<=', '==', '!=', '>=', '>'].includes(k.v) && !(k.v === '>' && ctx.noGt)) {
      pos++;
      return { t: 'binary', op: k.v, l, r: concatenation(ctx) };
    }
    return l;
  }
  const startsOperand = () => {
    const k = peek();
    if (k.t === 'num' || k.t === 'str' || k.t === 'regex' || k.t === 'name' || k.t === 'funcname' || k.t === 'builtin') return true;
    if (k.t === 'op') return ['$', '!', '(', '-', '+', '++', '--'].includes(k.v);
    return false;
  };
  function concatenation(ctx: Ctx): Expr {
    let l = additive(ctx);
    // `a b` concatenates; `-`/`+` after an operand are binary (handled in additive) so not here.
    while (startsOperand() && !isOp('-') && !isOp('+') && !isOp('!')) {
      l = { t: 'concat', l, r: additive(ctx) };
    }
    return l;
  }
  function additive(ctx: Ctx): Expr {
    let l = multiplicative(ctx);
    while (isOp('+') || isOp('-')) {
      const op = (peek() as { v: string }).v;
      pos++;
      l = { t: 'binary', op, l, r: multiplicative(ctx) };
    }
    return l;
  }
  function multiplicative(ctx: Ctx): Expr {
    let l = unary(ctx);
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (peek() as { v: string }).v;
      pos++;
      l = { t: 'binary', op, l, r: unary(ctx) };
    }
    return l;
  }
  function unary(ctx: Ctx): Expr {
    if (isOp('!')) {
      pos++;
      return { t: 'unary', op: '!', e: unary(ctx) };
    }
    if (isOp('-') || isOp('+')) {
      const op = (peek() as { v: string }).v;
      pos++;
      return { t: 'unary', op, e: unary(ctx) };
    }
    return power(ctx);
  }
  function power(ctx: Ctx): Expr {
    const base = postfix(ctx);
    if (isOp('^') || isOp('**')) {
      pos++;
      // right associative, and binds tighter than unary minus on its left: -2^2 is -4
      const exponent = isOp('-') || isOp('+') || isOp('!') ? unary(ctx) : power(ctx);
      return { t: 'binary', op: '^', l: base, r: exponent };
    }
    return base;
  }
  function postfix(ctx: Ctx): Expr {
    if (isOp('++') || isOp('--')) {
      const op = (peek() as { v: string }).v as '++' | '--';
      pos++;
      const target = postfix(ctx);
      if (!isLvalue(target)) fail();
      return { t: 'incdec', op, prefix: true, target };
    }
    const e = primary(ctx);
    if (isLvalue(e) && (isOp('++') || isOp('--'))) {
      const op = (peek() as { v: string }).v as '++' | '--';
      pos++;
      return { t: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }
  function args(): Expr[] {
    expectOp('(');
    optNewlines();
    const list: Expr[] = [];
    if (!isOp(')')) {
      for (;;) {
        list.push(expr());
        optNewlines();
        if (!isOp(',')) break;
        pos++;
        optNewlines();
      }
    }
    expectOp(')');
    return list;
  }
  function primary(ctx: Ctx): Expr {
    const k = peek();
    let e: Expr;
    if (k.t === 'num') {
      pos++;
      e = { t: 'num', v: k.v };
    } else if (k.t === 'str') {
      pos++;
      e = { t: 'str', v: k.v };
    } else if (k.t === 'regex') {
      pos++;
      e = { t: 'regex', re: k.v };
    } else if (k.t === 'op' && k.v === '$') {
      pos++;
      // $ binds tighter than ++ on its operand's right: $i++ is ($i)++
      let index: Expr;
      if (isOp('++') || isOp('--') || isOp('-') || isOp('!')) index = unary(ctx);
      else index = primary(ctx);
      e = { t: 'field', index };
    } else if (k.t === 'op' && k.v === '(') {
      pos++;
      optNewlines();
      const first = expr();
      optNewlines();
      if (isOp(',')) {
        // (i, j) in arr
        const keys = [first];
        while (isOp(',')) {
          pos++;
          optNewlines();
          keys.push(expr());
          optNewlines();
        }
        expectOp(')');
        if (!isKw('in')) fail();
        pos++;
        const name = peek();
        if (name.t !== 'name') fail();
        pos++;
        return { t: 'in', keys, name: (name as { v: string }).v };
      }
      expectOp(')');
      e = { t: 'group', e: first };
    } else if (k.t === 'builtin') {
      pos++;
      if (k.v === 'length' && !isOp('(')) e = { t: 'call', name: 'length', args: [] };
      else e = { t: 'call', name: k.v, args: args() };
    } else if (k.t === 'funcname') {
      pos++;
      e = { t: 'user', name: k.v, args: args() };
    } else if (k.t === 'name') {
      pos++;
      if (isOp('[')) {
        pos++;
        const keys = [expr()];
        while (isOp(',')) {
          pos++;
          keys.push(expr());
        }
        expectOp(']');
        e = { t: 'index', name: k.v, keys };
      } else e = { t: 'var', name: k.v };
    } else if (k.t === 'kw' && k.v === 'getline') {
      pos++;
      e = { t: 'getline' };
      if (is('name') || isOp('$')) e.target = postfixTarget();
      if (isOp('<')) {
        pos++;
        e.file = primary(ctx);
      }
    } else {
      return fail();
    }
    // "cmd" | getline [var]
    while (isOp('|') && tokens[pos + 1]?.t === 'kw' && (tokens[pos + 1] as { v: string }).v === 'getline') {
      pos += 2;
      const g: Expr = { t: 'getline', command: e };
      if (is('name') || isOp('$')) g.target = postfixTarget();
      e = g;
    }
    return e;
  }
  function postfixTarget(): Expr {
    const e = primary({});
    if (!isLvalue(e)) fail();
    return e;
  }

  // ---- statements
  function simpleOrBlock(): Stmt {
    optNewlines();
    return statement();
  }
  function endSimple() {
    if (isOp(';') || is('nl')) {
      pos++;
      return;
    }
    if (isOp('}') || is('eof')) return;
    fail();
  }
  function printArgs(): Expr[] {
    if (isOp(';') || is('nl') || isOp('}') || isOp('>') || isOp('>>') || isOp('|') || is('eof')) return [];
    // print (a, b) > "f": a parenthesized list
    if (isOp('(')) {
      const save = pos;
      try {
        pos++;
        const list = [expr()];
        while (isOp(',')) {
          pos++;
          optNewlines();
          list.push(expr());
        }
        expectOp(')');
        if (isOp(';') || is('nl') || isOp('}') || isOp('>') || isOp('>>') || isOp('|') || is('eof')) return list;
      } catch (e) {
        if (!(e instanceof AwkSyntaxError)) throw e;
      }
      pos = save;
    }
    const list = [expr({ noGt: true })];
    while (isOp(',')) {
      pos++;
      optNewlines();
      list.push(expr({ noGt: true }));
    }
    return list;
  }
  function redirect(): Redirect | undefined {
    if (isOp('>') || isOp('>>') || isOp('|')) {
      const op = (peek() as { v: string }).v as Redirect['op'];
      pos++;
      return { op, target: concatenation({ noGt: true }) };
    }
    return undefined;
  }
  function statement(): Stmt {
    if (isOp('{')) {
      pos++;
      const body = statements();
      expectOp('}');
      return { t: 'block', body };
    }
    if (isOp(';')) {
      pos++;
      return { t: 'block', body: [] };
    }
    const k = peek();
    if (k.t === 'kw') {
      switch (k.v) {
        case 'if': {
          pos++;
          expectOp('(');
          const c = expr();
          expectOp(')');
          const then = simpleOrBlock();
          const save = pos;
          terminators();
          if (isKw('else')) {
            pos++;
            return { t: 'if', c, then, else: simpleOrBlock() };
          }
          pos = save;
          return { t: 'if', c, then };
        }
        case 'while': {
          pos++;
          expectOp('(');
          const c = expr();
          expectOp(')');
          if (isOp(';')) {
            pos++;
            return { t: 'while', c, body: { t: 'block', body: [] } };
          }
          return { t: 'while', c, body: simpleOrBlock() };
        }
        case 'do': {
          pos++;
          const body = simpleOrBlock();
          terminators();
          if (!isKw('while')) fail();
          pos++;
          expectOp('(');
          const c = expr();
          expectOp(')');
          endSimple();
          return { t: 'do', body, c };
        }
        case 'for': {
          pos++;
          expectOp('(');
          // for (k in a)
          if (is('name') && tokens[pos + 1]?.t === 'kw' && (tokens[pos + 1] as { v: string }).v === 'in' && tokens[pos + 2]?.t === 'name' && tokens[pos + 3]?.t === 'op' && (tokens[pos + 3] as { v: string }).v === ')') {
            const key: Expr = { t: 'var', name: (peek() as { v: string }).v };
            const name = (tokens[pos + 2] as { v: string }).v;
            pos += 4;
            return { t: 'forin', key, name, body: simpleOrBlock() };
          }
          const init = isOp(';') ? undefined : expr();
          expectOp(';');
          optNewlines();
          const c = isOp(';') ? undefined : expr();
          expectOp(';');
          optNewlines();
          const step = isOp(')') ? undefined : expr();
          expectOp(')');
          if (isOp(';')) {
            pos++;
            return { t: 'for', init, c, step, body: { t: 'block', body: [] } };
          }
          return { t: 'for', init, c, step, body: simpleOrBlock() };
        }
        case 'print':
        case 'printf': {
          pos++;
          const list = printArgs();
          if (k.v === 'printf' && list.length === 0) fail();
          const r = redirect();
          endSimple();
          return { t: k.v, args: list, redirect: r };
        }
        case 'next':
        case 'nextfile':
        case 'break':
        case 'continue':
          pos++;
          endSimple();
          return { t: k.v };
        case 'exit':
        case 'return': {
          pos++;
          const e = isOp(';') || is('nl') || isOp('}') || is('eof') ? undefined : expr();
          endSimple();
          return { t: k.v, e };
        }
        case 'delete': {
          pos++;
          const name = peek();
          if (name.t !== 'name') fail();
          pos++;
          let keys: Expr[] | undefined;
          if (isOp('[')) {
            pos++;
            keys = [expr()];
            while (isOp(',')) {
              pos++;
              keys.push(expr());
            }
            expectOp(']');
          }
          endSimple();
          return { t: 'delete', name: (name as { v: string }).v, keys };
        }
        default:
          break;
      }
    }
    const e = expr();
    endSimple();
    return { t: 'expr', e };
  }
  function statements(): Stmt[] {
    const list: Stmt[] = [];
    terminators();
    while (!isOp('}') && !is('eof')) {
      list.push(statement());
      terminators();
    }
    return list;
  }
  function block(): Stmt[] {
    expectOp('{');
    const body = statements();
    expectOp('}');
    return body;
  }

  const endedWithBlock = () => pos > 0 && tokens[pos - 1]!.t === 'op' && (tokens[pos - 1] as { v: string }).v === '}';
  terminators();
  while (!is('eof')) {
    if (isKw('BEGIN') || isKw('END')) {
      const kind = (peek() as { v: string }).v === 'BEGIN' ? 'begin' : 'end';
      pos++;
      optNewlines();
      if (!isOp('{')) fail();
      rules.push({ kind, action: block() });
    } else if (isKw('function')) {
      pos++;
      const name = peek();
      if (name.t !== 'name' && name.t !== 'funcname') fail();
      pos++;
      expectOp('(');
      const params: string[] = [];
      while (is('name')) {
        params.push((peek() as { v: string }).v);
        pos++;
        if (isOp(',')) {
          pos++;
          optNewlines();
        }
      }
      expectOp(')');
      optNewlines();
      funcs.set((name as { v: string }).v, { params, body: block() });
    } else {
      const rule: Rule = { kind: 'main' };
      if (!isOp('{')) {
        rule.pattern = expr();
        if (isOp(',')) {
          pos++;
          optNewlines();
          rule.pattern2 = expr();
        }
      }
      if (isOp('{')) rule.action = block();
      rules.push(rule);
    }
    if (!is('eof') && !is('nl') && !isOp(';') && !endedWithBlock()) fail();
    terminators();
  }
  return { rules, funcs };
}

// ---------------------------------------------------------------- interpreter

class NextSignal {}
class NextFileSignal {}
class ExitSignal {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}
class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
}

type AwkArray = Map<string, Value>;
interface Cell {
  value?: Value;
  array?: AwkArray;
  /** An unset variable passed to a function: becomes an array in the caller too when used as one. */
  onArray?: (a: AwkArray) => void;
}

interface Input {
  name: string;
  text: string;
}

function regexFor(source: string, cache: Map<string, RegExp>): RegExp {
  const hit = cache.get(source);
  if (hit) return hit;
  const t = posixToJs(source, 'extended');
  if (!t.ok) throw new AwkFatal(`Invalid regular expression: /${source}/: ${t.message}`);
  const re = compile(t.source, 'g');
  if (!(re instanceof RegExp)) throw new AwkFatal(`Invalid regular expression: /${source}/`);
  cache.set(source, re);
  return re;
}

function execute(
  program: { rules: Rule[]; funcs: Map<string, Func> },
  inputs: (Input | { assign: string; value: string })[],
  preset: Map<string, Value>,
  input: CommandInput,
  argv: string[],
): { out: string; err: string; exitCode: number } {
  const { rules, funcs } = program;
  const globals = new Map<string, Cell>();
  const regexCache = new Map<string, RegExp>();
  let out = '';
  let err = '';
  const files = new Map<string, string>();
  const readers = new Map<string, { lines: string[]; pos: number }>();
  let seed = 0;
  let randState = 0;
  const rand = () => {
    // A fixed linear congruential generator: deterministic, as gawk's rand() is without srand().
    randState = (randState * 1103515245 + 12345) % 2147483648;
    return randState / 2147483648;
  };

  const cell = (name: string, scope?: Map<string, Cell>): Cell => {
    const local = scope?.get(name);
    if (local) return local;
    let c = globals.get(name);
    if (!c) {
      c = {};
      globals.set(name, c);
    }
    return c;
  };
  const setVar = (name: string, v: Value) => {
    cell(name).value = v;
  };
  const getVar = (name: string) => cell(name).value ?? UNSET;
  setVar('FS', str(' '));
  setVar('OFS', str(' '));
  setVar('ORS', str('\n'));
  setVar('RS', str('\n'));
  setVar('SUBSEP', str('\x1c'));
  setVar('CONVFMT', str('%.6g'));
  setVar('OFMT', str('%.6g'));
  setVar('NR', num(0));
  setVar('FNR', num(0));
  setVar('RSTART', num(0));
  setVar('RLENGTH', num(-1));
  setVar('FILENAME', str(''));
  const environ: AwkArray = new Map();
  for (const [k, v] of input.session.env) environ.set(k, fromInput(v));
  cell('ENVIRON').array = environ;
  const argvArray: AwkArray = new Map(argv.map((a, k) => [String(k), fromInput(a)]));
  cell('ARGV').array = argvArray;
  setVar('ARGC', num(argv.length));
  for (const [k, v] of preset) setVar(k, v);

  const toStr = (v: Value): string => (v.kind === 'num' ? numberToString(v.n, toStrRaw(getVar('CONVFMT'))) : v.s);
  const toOutput = (v: Value): string => (v.kind === 'num' ? numberToString(v.n, toStrRaw(getVar('OFMT'))) : v.s);

  // ---- the record
  let record = '';
  let fields: string[] | null = null; // null: not split yet
  const splitRecord = (text: string, fs: string): string[] => {
    if (text === '') return [];
    if (fs === ' ') return text.split(/[ \t\n]+/).filter((f) => f !== '');
    if (fs === '') return [...text];
    if (fs.length === 1 && fs !== '\\') return text.split(fs === '\t' ? '\t' : fs);
    const re = regexFor(fs, regexCache);
    return text.split(new RegExp(re.source, ''));
  };
  const getFields = (): string[] => {
    if (fields === null) {
      fields = splitRecord(record, toStr(getVar('FS')));
      setVar('NF', num(fields.length));
    }
    return fields;
  };
  const setRecord = (text: string) => {
    record = text;
    fields = null;
    getFields();
  };
  const rebuild = () => {
    record = getFields().join(toStr(getVar('OFS')));
  };
  const getField = (i: number): Value => {
    if (i < 0) throw new AwkFatal(`attempt to access field ${i}`);
    if (i === 0) return fromInput(record);
    const f = getFields()[i - 1];
    return f === undefined ? UNSET : fromInput(f);
  };
  const setField = (i: number, v: string) => {
    if (i < 0) throw new AwkFatal(`attempt to access field ${i}`);
    if (i === 0) return setRecord(v);
    const f = getFields();
    while (f.length < i) f.push('');
    f[i - 1] = v;
    setVar('NF', num(f.length));
    rebuild();
  };

  // ---- arrays
  const arrayOf = (name: string, scope?: Map<string, Cell>): AwkArray => {
    const c = cell(name, scope);
    if (c.value !== undefined && c.value !== UNSET && !c.array) throw new AwkFatal(`attempt to use scalar \`${name}' as an array`);
    if (!c.array) {
      c.array = new Map();
      c.onArray?.(c.array);
    }
    return c.array;
  };
  const keyOf = (keys: Expr[], scope?: Map<string, Cell>) => keys.map((k) => toStr(evaluate(k, scope))).join(toStr(getVar('SUBSEP')));

  const regexOf = (e: Expr, scope?: Map<string, Cell>): RegExp => (e.t === 'regex' ? regexFor(e.re, regexCache) : regexFor(toStr(evaluate(e, scope)), regexCache));
  const test = (re: RegExp, text: string) => {
    re.lastIndex = 0;
    return re.test(text);
  };

  // ---- main input for getline
  let inputIndex = -1;
  let inputLines: string[] = [];
  let lineIndex = 0;
  const splitRecords = (text: string): string[] => {
    const rs = toStr(getVar('RS'));
    if (text === '') return [];
    if (rs === '\n') {
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines;
    }
    if (rs === '') return text.replace(/^\n+/, '').split(/\n\n+/).map((r) => r.replace(/\n+$/, '')).filter((r) => r !== '');
    const parts = rs.length === 1 ? text.split(rs) : text.split(new RegExp(regexFor(rs, regexCache).source));
    if (parts.at(-1) === '' || parts.at(-1) === '\n') parts.pop();
    return parts;
  };
  /** The next record of the main input (advancing files and operand assignments), or undefined at the end. */
  const nextRecord = (): string | undefined => {
    for (;;) {
      if (inputIndex >= 0 && lineIndex < inputLines.length) return inputLines[lineIndex++];
      inputIndex++;
      if (inputIndex >= inputs.length) return undefined;
      const item = inputs[inputIndex]!;
      if ('assign' in item) {
        setVar(item.assign, fromInput(item.value));
        inputLines = [];
        lineIndex = 0;
        continue;
      }
      setVar('FILENAME', str(item.name));
      setVar('FNR', num(0));
      inputLines = splitRecords(item.text);
      lineIndex = 0;
    }
  };

  const writeTo = (redirect: Redirect | undefined, text: string, scope?: Map<string, Cell>) => {
    if (!redirect) {
      out += text;
      return;
    }
    if (redirect.op === '|') throw new Unsupported('output pipes (print | "command")');
    const target = toStr(evaluate(redirect.target, scope));
    if (target === '/dev/stdout' || target === '-') out += text;
    else if (target === '/dev/stderr') err += text;
    else {
      const first = !files.has(target);
      files.set(target, (files.get(target) ?? '') + text);
      const problem = input.session.writeFile ? input.session.writeFile(target, text, !(first && redirect.op === '>')) : 'Read-only file system';
      if (problem) throw new AwkFatal(`can't redirect to \`${target}' (${problem})`);
    }
  };

  const sub = (scope: Map<string, Cell> | undefined, args: Expr[], global: boolean): Value => {
    const re = regexOf(args[0]!, scope);
    const replacement = toStr(evaluate(args[1]!, scope));
    const target = args[2] ?? { t: 'field', index: { t: 'num', v: 0 } } as Expr;
    const text = toStr(evaluate(target, scope));
    let count = 0;
    re.lastIndex = 0;
    const result = text.replace(new RegExp(re.source, global ? 'g' : ''), (m: string) => {
      count++;
      let r = '';
      for (let i = 0; i < replacement.length; i++) {
        const c = replacement[i]!;
        if (c === '\\' && replacement[i + 1] === '&') {
          r += '&';
          i++;
        } else if (c === '\\' && replacement[i + 1] === '\\') {
          r += '\\';
          i++;
        } else if (c === '&') r += m;
        else r += c;
      }
      return r;
    });
    if (count > 0) assign(target, str(result), scope);
    return num(count);
  };

  const gensub = (scope: Map<string, Cell> | undefined, args: Expr[]): Value => {
    const re = regexOf(args[0]!, scope);
    const replacement = toStr(evaluate(args[1]!, scope));
    const how = toStr(evaluate(args[2]!, scope));
    const text = args[3] ? toStr(evaluate(args[3], scope)) : record;
    const global = /^[gG]/.test(how);
    const which = global ? 0 : Math.max(1, Math.trunc(strToNum(how)));
    let n = 0;
    return str(text.replace(new RegExp(re.source, 'g'), (...m: unknown[]) => {
      n++;
      const match = m[0] as string;
      if (!global && n !== which) return match;
      return replacement.replace(/\\(\d)|\\(&)|&/g, (all, d: string | undefined, amp: string | undefined) => (d !== undefined ? (d === '0' ? match : String(m[Number(d)] ?? '')) : amp ? '&' : match));
    }));
  };

  const assign = (target: Expr, v: Value, scope?: Map<string, Cell>): Value => {
    if (target.t === 'var') {
      const c = cell(target.name, scope);
      if (c.array) throw new AwkFatal(`attempt to use array \`${target.name}' in a scalar context`);
      c.value = v;
      if (target.name === 'NF') {
        const f = getFields();
        const n = Math.max(0, Math.trunc(toNum(v)));
        f.length = n;
        for (let k = 0; k < n; k++) f[k] ??= '';
        rebuild();
      }
    } else if (target.t === 'field') setField(Math.trunc(toNum(evaluate(target.index, scope))), toStr(v));
    else if (target.t === 'index') arrayOf(target.name, scope).set(keyOf(target.keys, scope), v);
    else if (target.t === 'group') return assign(target.e, v, scope);
    return v;
  };

  const callUser = (name: string, argExprs: Expr[], scope?: Map<string, Cell>): Value => {
    const f = funcs.get(name);
    if (!f) throw new AwkFatal(`function \`${name}' not defined`);
    const locals = new Map<string, Cell>();
    f.params.forEach((p, k) => {
      const a = argExprs[k];
      if (!a) {
        locals.set(p, {});
        return;
      }
      if (a.t === 'var') {
        const c = cell(a.name, scope);
        if (c.array) {
          locals.set(p, c);
          return;
        }
        if (c.value === undefined) {
          locals.set(p, { onArray: (arr) => {
            c.array = arr;
          } });
          return;
        }
      }
      locals.set(p, { value: evaluate(a, scope) });
    });
    try {
      for (const s of f.body) run(s, locals);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
    return UNSET;
  };

  const callBuiltin = (name: string, a: Expr[], scope?: Map<string, Cell>): Value => {
    const s = (k: number) => toStr(evaluate(a[k]!, scope));
    const n = (k: number) => toNum(evaluate(a[k]!, scope));
    switch (name) {
      case 'length': {
        if (a.length === 0) return num([...record].length);
        const arg = a[0]!;
        if (arg.t === 'var') {
          const c = cell(arg.name, scope);
          if (c.array) return num(c.array.size);
        }
        return num([...s(0)].length);
      }
      case 'substr': {
        const chars = [...s(0)];
        // gawk (like BWK awk) treats a start below 1 as 1, keeping the length.
        const from = Math.max(Math.round(n(1)), 1);
        const len = a.length > 2 ? Math.round(n(2)) : Infinity;
        const to = len === Infinity ? chars.length + 1 : from + len;
        return str(to <= from ? '' : chars.slice(from - 1, to - 1).join(''));
      }
      case 'index': {
        const hay = s(0);
        const at = hay.indexOf(s(1));
        return num(at < 0 ? 0 : [...hay.slice(0, at)].length + 1);
      }
      case 'split': {
        const text = s(0);
        const target = a[1]!;
        if (target.t !== 'var') throw new AwkFatal('split: second argument is not an array');
        const arr = arrayOf(target.name, scope);
        arr.clear();
        let parts: string[];
        if (a.length > 2) {
          const sepExpr = a[2]!;
          if (sepExpr.t === 'regex') parts = text === '' ? [] : text.split(new RegExp(regexFor(sepExpr.re, regexCache).source));
          else parts = splitRecord(text, toStr(evaluate(sepExpr, scope)));
        } else parts = splitRecord(text, toStr(getVar('FS')));
        parts.forEach((p, k) => arr.set(String(k + 1), fromInput(p)));
        return num(parts.length);
      }
      case 'sub':
      case 'gsub':
        return sub(scope, a, name === 'gsub');
      case 'gensub':
        return gensub(scope, a);
      case 'match': {
        const text = s(0);
        const re = regexOf(a[1]!, scope);
        re.lastIndex = 0;
        const m = new RegExp(re.source).exec(text);
        const start = m ? [...text.slice(0, m.index)].length + 1 : 0;
        const length = m ? [...m[0]].length : -1;
        setVar('RSTART', num(start));
        setVar('RLENGTH', num(length));
        if (a[2] && a[2].t === 'var') {
          const arr = arrayOf(a[2].name, scope);
          arr.clear();
          m?.forEach((g, k) => {
            if (g !== undefined) arr.set(String(k), fromInput(g));
          });
        }
        return num(start);
      }
      case 'sprintf':
        return str(awkSprintf(s(0), a.slice(1).map((e) => evaluate(e, scope)), toStr));
      case 'tolower':
        return str(s(0).toLowerCase());
      case 'toupper':
        return str(s(0).toUpperCase());
      case 'int':
        return num(Math.trunc(n(0)));
      case 'sqrt':
        return num(Math.sqrt(n(0)));
      case 'exp':
        return num(Math.exp(n(0)));
      case 'log':
        return num(Math.log(n(0)));
      case 'sin':
        return num(Math.sin(n(0)));
      case 'cos':
        return num(Math.cos(n(0)));
      case 'atan2':
        return num(Math.atan2(n(0), n(1)));
      case 'rand':
        return num(rand());
      case 'srand': {
        const previous = seed;
        seed = a.length ? Math.trunc(n(0)) : Math.floor(input.session.now() / 1000);
        randState = seed;
        return num(previous);
      }
      case 'systime':
        return num(Math.floor(input.session.now() / 1000));
      case 'strftime': {
        const format = a.length ? s(0) : '%a %b %e %H:%M:%S %Z %Y';
        const when = a.length > 1 ? n(1) * 1000 : input.session.now();
        const d = new Date(when);
        const two = (x: number) => String(x).padStart(2, '0');
        const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
        const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        return str(format.replace(/%([a-zA-Z%])/g, (m, c: string) => ({
          Y: String(d.getUTCFullYear()), m: two(d.getUTCMonth() + 1), d: two(d.getUTCDate()), e: String(d.getUTCDate()).padStart(2),
          H: two(d.getUTCHours()), M: two(d.getUTCMinutes()), S: two(d.getUTCSeconds()), Z: 'UTC', a: days[d.getUTCDay()]!,
          b: months[d.getUTCMonth()]!, s: String(Math.floor(when / 1000)), '%': '%', F: `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
          T: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
        } as Record<string, string>)[c] ?? m));
      }
      case 'system': {
        const r = input.exec(s(0));
        out += r.stdout;
        err += r.stderr;
        return num(r.exitCode);
      }
      case 'close': {
        const key = s(0);
        readers.delete(key);
        files.delete(key);
        return num(0);
      }
      case 'fflush':
        return num(0);
      case 'asort':
      case 'asorti': {
        const source = a[0]!;
        if (source.t !== 'var') throw new AwkFatal(`${name}: first argument is not an array`);
        const arr = arrayOf(source.name, scope);
        const items = name === 'asort' ? [...arr.values()] : [...arr.keys()].map((k) => fromInput(k));
        items.sort((x, y) => compareValues(x, y));
        const dest = a[1] && a[1].t === 'var' ? arrayOf(a[1].name, scope) : arr;
        dest.clear();
        items.forEach((v, k) => dest.set(String(k + 1), v));
        return num(items.length);
      }
      default:
        throw new AwkFatal(`function \`${name}' not defined`);
    }
  };

  const compareValues = (a: Value, b: Value): number => {
    if (a.kind !== 'str' && b.kind !== 'str') {
      const x = toNum(a);
      const y = toNum(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = toStr(a);
    const y = toStr(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

  const getline = (e: Extract<Expr, { t: 'getline' }>, scope?: Map<string, Cell>): Value => {
    let line: string | undefined;
    if (e.file || e.command) {
      const key = toStr(evaluate((e.file ?? e.command)!, scope));
      let reader = readers.get(key);
      if (!reader) {
        let text: string;
        if (e.command) {
          const r = input.exec(key);
          err += r.stderr;
          text = r.stdout;
        } else {
          const r = key === '-' || key === '/dev/stdin' ? { ok: true as const, text: input.stdin } : readPath(input.session, key);
          if (!r.ok) return num(-1);
          text = r.text;
        }
        reader = { lines: splitRecords(text), pos: 0 };
        readers.set(key, reader);
      }
      if (reader.pos >= reader.lines.length) return num(0);
      line = reader.lines[reader.pos++]!;
      if (e.target) assign(e.target, fromInput(line), scope);
      else {
        setRecord(line);
        if (e.command) setVar('NR', num(toNum(getVar('NR')) + 1));
      }
      return num(1);
    }
    line = nextRecord();
    if (line === undefined) return num(0);
    setVar('NR', num(toNum(getVar('NR')) + 1));
    setVar('FNR', num(toNum(getVar('FNR')) + 1));
    if (e.target) assign(e.target, fromInput(line), scope);
    else setRecord(line);
    return num(1);
  };

  function evaluate(e: Expr, scope?: Map<string, Cell>): Value {
    switch (e.t) {
      case 'num':
        return num(e.v);
      case 'str':
        return str(e.v);
      case 'regex':
        return num(test(regexFor(e.re, regexCache), record) ? 1 : 0);
      case 'group':
        return evaluate(e.e, scope);
      case 'var': {
        if (e.name === 'NF') getFields();
        const c = cell(e.name, scope);
        if (c.array) throw new AwkFatal(`attempt to use array \`${e.name}' in a scalar context`);
        return c.value ?? UNSET;
      }
      case 'field':
        return getField(Math.trunc(toNum(evaluate(e.index, scope))));
      case 'index': {
        const arr = arrayOf(e.name, scope);
        const key = keyOf(e.keys, scope);
        let v = arr.get(key);
        if (v === undefined) {
          v = UNSET;
          arr.set(key, v); // referencing an element creates it, as in awk
        }
        return v;
      }
      case 'in':
        return num(arrayOf(e.name, scope).has(keyOf(e.keys, scope)) ? 1 : 0);
      case 'unary': {
        const v = evaluate(e.e, scope);
        if (e.op === '!') return num(toBool(v) ? 0 : 1);
        return num(e.op === '-' ? -toNum(v) : toNum(v));
      }
      case 'binary': {
        if (['<', '<=', '==', '!=', '>=', '>'].includes(e.op)) {
          const c = compareValues(evaluate(e.l, scope), evaluate(e.r, scope));
          const r = e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '==' ? c === 0 : e.op === '!=' ? c !== 0 : e.op === '>=' ? c >= 0 : c > 0;
          return num(r ? 1 : 0);
        }
        const x = toNum(evaluate(e.l, scope));
        const y = toNum(evaluate(e.r, scope));
        return num(arith(e.op, x, y));
      }
      case 'concat':
        return str(toStr(evaluate(e.l, scope)) + toStr(evaluate(e.r, scope)));
      case 'match': {
        const text = toStr(evaluate(e.l, scope));
        const hit = test(regexOf(e.re, scope), text);
        return num(hit !== e.negate ? 1 : 0);
      }
      case 'logic': {
        const l = toBool(evaluate(e.l, scope));
        if (e.op === '&&') return num(l && toBool(evaluate(e.r, scope)) ? 1 : 0);
        return num(l || toBool(evaluate(e.r, scope)) ? 1 : 0);
      }
      case 'cond':
        return toBool(evaluate(e.c, scope)) ? evaluate(e.a, scope) : evaluate(e.b, scope);
      case 'assign': {
        if (e.op === '=') {
          return assign(e.target, evaluate(e.value, scope), scope);
        }
        const y = toNum(evaluate(e.value, scope));
        const x = toNum(evaluate(e.target, scope));
        return assign(e.target, num(arith(e.op.slice(0, -1), x, y)), scope);
      }
      case 'incdec': {
        const old = toNum(evaluate(e.target, scope));
        const next = e.op === '++' ? old + 1 : old - 1;
        assign(e.target, num(next), scope);
        return num(e.prefix ? next : old);
      }
      case 'call':
        return callBuiltin(e.name, e.args, scope);
      case 'user':
        return callUser(e.name, e.args, scope);
      case 'getline':
        return getline(e, scope);
    }
  }

  function arith(op: string, x: number, y: number): number {
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        if (y === 0) throw new AwkFatal('division by zero attempted');
        return x / y;
      case '%':
        if (y === 0) throw new AwkFatal('division by zero attempted in `%\'');
        return x % y;
      case '^':
        return x ** y;
      default:
        throw new AwkFatal(`unknown operator ${op}`);
    }
  }

  function run(s: Stmt, scope?: Map<string, Cell>): void {
    switch (s.t) {
      case 'print': {
        const text = s.args.length === 0 ? record : s.args.map((a) => toOutput(evaluate(a, scope))).join(toStr(getVar('OFS')));
        writeTo(s.redirect, text + toStr(getVar('ORS')), scope);
        return;
      }
      case 'printf': {
        const [fmt, ...rest] = s.args.map((a) => evaluate(a, scope));
        writeTo(s.redirect, awkSprintf(toStr(fmt!), rest, toStr), scope);
        return;
      }
      case 'expr':
        evaluate(s.e, scope);
        return;
      case 'if':
        if (toBool(evaluate(s.c, scope))) run(s.then, scope);
        else if (s.else) run(s.else, scope);
        return;
      case 'while':
        while (toBool(evaluate(s.c, scope))) {
          if (loopBody(s.body, scope)) break;
        }
        return;
      case 'do':
        do {
          if (loopBody(s.body, scope)) break;
        } while (toBool(evaluate(s.c, scope)));
        return;
      case 'for':
        if (s.init) evaluate(s.init, scope);
        while (!s.c || toBool(evaluate(s.c, scope))) {
          if (loopBody(s.body, scope)) break;
          if (s.step) evaluate(s.step, scope);
        }
        return;
      case 'forin': {
        const arr = arrayOf(s.name, scope);
        for (const key of [...arr.keys()]) {
          if (!arr.has(key)) continue;
          assign(s.key, fromInput(key), scope);
          if (loopBody(s.body, scope)) break;
        }
        return;
      }
      case 'block':
        for (const b of s.body) run(b, scope);
        return;
      case 'next':
        throw new NextSignal();
      case 'nextfile':
        throw new NextFileSignal();
      case 'exit':
        throw new ExitSignal(s.e ? Math.trunc(toNum(evaluate(s.e, scope))) : exitCode);
      case 'return':
        throw new ReturnSignal(s.e ? evaluate(s.e, scope) : UNSET);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'delete': {
        const arr = arrayOf(s.name, scope);
        if (s.keys) arr.delete(keyOf(s.keys, scope));
        else arr.clear();
        return;
      }
    }
  }
  /** Runs a loop body; true when it ran `break`. */
  function loopBody(body: Stmt, scope?: Map<string, Cell>): boolean {
    try {
      run(body, scope);
    } catch (e) {
      if (e instanceof BreakSignal) return true;
      if (e instanceof ContinueSignal) return false;
      throw e;
    }
    return false;
  }

  let exitCode = 0;
  let exiting = false;
  const runActions = (list: Stmt[]) => {
    for (const s of list) run(s);
  };
  const fatal = (message: string): { out: string; err: string; exitCode: number } => {
    const where = toStr(getVar('FILENAME'));
    const position = toNum(getVar('NR')) > 0 ? `(FILENAME=${where || '-'} FNR=${toNum(getVar('FNR'))}) ` : '';
    return { out, err: `${err}awk: cmd. line:1: ${position}fatal: ${message}\n`, exitCode: 2 };
  };

  try {
    try {
      for (const r of rules) if (r.kind === 'begin') runActions(r.action!);
    } catch (e) {
      if (e instanceof ExitSignal) {
        exitCode = e.code;
        exiting = true;
      } else throw e;
    }
    const mains = rules.filter((r) => r.kind === 'main');
    const ends = rules.filter((r) => r.kind === 'end');
    if (!exiting && (mains.length > 0 || ends.length > 0)) {
      try {
        for (let line = nextRecord(); line !== undefined; line = nextRecord()) {
          setVar('NR', num(toNum(getVar('NR')) + 1));
          setVar('FNR', num(toNum(getVar('FNR')) + 1));
          setRecord(line);
          try {
            for (const rule of mains) {
              let selected: boolean;
              if (rule.pattern2) {
                if (rule.inRange) {
                  selected = true;
                  if (toBool(evaluate(rule.pattern2))) rule.inRange = false;
                } else if (toBool(evaluate(rule.pattern!))) {
                  selected = true;
                  rule.inRange = !toBool(evaluate(rule.pattern2));
                } else selected = false;
              } else selected = !rule.pattern || toBool(evaluate(rule.pattern));
              if (!selected) continue;
              if (rule.action) runActions(rule.action);
              else out += record + toStr(getVar('ORS'));
            }
          } catch (e) {
            if (e instanceof NextSignal) continue;
            if (e instanceof NextFileSignal) {
              lineIndex = inputLines.length;
              continue;
            }
            throw e;
          }
        }
      } catch (e) {
        if (e instanceof ExitSignal) exitCode = e.code;
        else throw e;
      }
    }
    try {
      for (const r of ends) runActions(r.action!);
    } catch (e) {
      if (e instanceof ExitSignal) exitCode = e.code;
      else throw e;
    }
  } catch (e) {
    if (e instanceof AwkFatal) return fatal(e.message);
    if (e instanceof NextSignal) return fatal('`next\' used in BEGIN or END action');
    throw e;
  }
  return { out, err, exitCode };
}

function toStrRaw(v: Value): string {
  return v.kind === 'num' ? String(v.n) : v.s;
}

/** gawk's report of a syntax error: the program line and a caret under the place. */
function syntaxReport(program: string, e: AwkSyntaxError): string {
  const before = program.slice(0, e.pos);
  const lineNo = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = program.indexOf('\n', e.pos);
  const line = program.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const caret = ' '.repeat(Math.max(0, e.pos - lineStart));
  const what = e.message === 'syntax error' ? (e.pos >= program.length ? 'unexpected newline or end of string' : 'syntax error') : e.message;
  return `awk: cmd. line:${lineNo}: ${line}\nawk: cmd. line:${lineNo}: ${caret}^ ${what}\n`;
}

export const awk: Command = {
  name: 'awk',
  usage: "awk [-F FS] [-v VAR=VALUE] 'PROGRAM' [FILE]...",
  run(input) {
    const parsed = parseOptions(input.args, { valued: 'Fvf', flags: '', long: { 'field-separator': 'F', assign: 'v', file: 'f' }, stopAtFirstOperand: true });
    if (!parsed.ok) return fail('awk', parsed.message, 2);
    const o = parsed.opts;
    if (o.values.has('f')) return fail('awk', 'unsupported program: -f PROGFILE (give the program on the command line)', 2);
    const [program, ...operands] = o.operands;
    if (program === undefined) {
      return { stdout: '', stderr: 'Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] \'program\' file ...\n', exitCode: 2 };
    }

    const preset = new Map<string, Value>();
    const fsOption = o.values.get('F')?.at(-1);
    // awk reads escapes in -F (-F '\t' is a tab); -F t is a tab too, by POSIX.
    if (fsOption !== undefined) preset.set('FS', str(fsOption === 't' ? '\t' : interpretEscapes(fsOption).text));
    for (const assignment of o.values.get('v') ?? []) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(assignment);
      if (!m) return fail('awk', `\`${assignment}' argument to \`-v' not in \`var=value' form`, 2);
      preset.set(m[1]!, fromInput(interpretEscapes(m[2]!).text));
    }

    let compiled: ReturnType<typeof parseProgram>;
    try {
      compiled = parseProgram(program);
    } catch (e) {
      if (e instanceof AwkSyntaxError) return { stdout: '', stderr: syntaxReport(program, e), exitCode: 1 };
      throw e;
    }

    // Operands: files, `-`, and NAME=VALUE assignments that take effect when reached.
    const inputs: (Input | { assign: string; value: string })[] = [];
    let stderr = '';
    let anyFile = false;
    for (const operand of operands) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(operand);
      if (m) {
        inputs.push({ assign: m[1]!, value: interpretEscapes(m[2]!).text });
        continue;
      }
      anyFile = true;
      if (operand === '-' || operand === '/dev/stdin') {
        inputs.push({ name: '-', text: input.stdin });
        continue;
      }
      const r = readPath(input.session, operand);
      if (!r.ok) {
        if (r.error === 'Is a directory') {
          stderr += `awk: warning: command line argument \`${operand}' is a directory: skipped\n`;
          continue;
        }
        return { stdout: '', stderr: `${stderr}awk: fatal: cannot open file \`${operand}' for reading: ${r.error}\n`, exitCode: 2 };
      }
      inputs.push({ name: operand, text: r.text });
    }
    if (!anyFile) inputs.push({ name: '-', text: input.stdin });

    try {
      const r = execute(compiled, inputs, preset, input, ['awk', ...operands]);
      return { stdout: r.out, stderr: stderr + r.err, exitCode: r.exitCode };
    } catch (e) {
      if (e instanceof Unsupported) return fail('awk', `unsupported: ${e.message}`, 2);
      throw e;
    }
  },
};

