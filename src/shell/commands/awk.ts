// awk: the part of the language a study lab uses in one-liners.
//   patterns: /re/, !/re/, expressions (NR==2, $3 > 10, $1 ~ /x/, && || !), BEGIN, END, none
//   actions:  print [expr, …], printf fmt, …, next, if/else, assignments (= += -= *= /= %= ++ --), $N = …
//   values:   $0 $N $NF $(NF-1), NR NF FNR FS OFS ORS FILENAME, variables, strings, numbers, concatenation,
//             + - * / % ^, comparisons, ?:, length substr index tolower toupper int sprintf
//   options:  -F SEP, -v NAME=VALUE
// Not supported (a clear `awk: unsupported program: …`, exit 2): arrays, loops, functions, getline, output
// redirection, -f PROGFILE.

import type { Command, CommandOutput } from '../types.ts';
import { compile, posixToJs } from './regex.ts';
import { interpretEscapes } from './echo.ts';
import { fail, ok, parseOptions, readSources, splitLines } from './util.ts';

// ---------------------------------------------------------------- values

type Value = { kind: 'num'; n: number } | { kind: 'str'; s: string } | { kind: 'strnum'; s: string; n: number };

const num = (n: number): Value => ({ kind: 'num', n });
const str = (s: string): Value => ({ kind: 'str', s });
const UNSET: Value = { kind: 'strnum', s: '', n: 0 };
const NUMERIC_RE = /^[ \t\n]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[ \t\n]*$/;

/** Input text (fields, -v values): numeric strings compare as numbers. */
function fromInput(s: string): Value {
  return NUMERIC_RE.test(s) ? { kind: 'strnum', s, n: Number(s.trim()) } : str(s);
}

function toNum(v: Value): number {
  if (v.kind !== 'str') return v.n;
  const m = /^[ \t\n]*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(v.s);
  return m ? Number(m[1]) : 0;
}

/** C's %.{precision}g, which awk uses to print non-integral numbers (OFMT "%.6g"). */
function formatG(n: number, precision = 6, alternate = false): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan';
  if (n === 0) return '0';
  const p = precision === 0 ? 1 : precision;
  const exponent = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(p)))));
  let text: string;
  if (exponent < -4 || exponent >= p) {
    const [mantissa, exp] = n.toExponential(p - 1).split('e') as [string, string];
    const m = alternate ? mantissa : mantissa.replace(/\.?0+$/, '');
    const e = Number(exp);
    text = `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else {
    text = n.toFixed(Math.max(0, p - 1 - exponent));
    if (!alternate && text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  return text;
}

function numberToString(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : formatG(n);
}

function toStr(v: Value): string {
  return v.kind === 'num' ? numberToString(v.n) : v.s;
}

function toBool(v: Value): boolean {
  if (v.kind === 'num') return v.n !== 0;
  if (v.kind === 'strnum') return v.s === '' ? false : v.n !== 0;
  return v.s !== '';
}

function compareValues(a: Value, b: Value): number {
  if (a.kind !== 'str' && b.kind !== 'str') return Math.sign(toNum(a) - toNum(b));
  const x = toStr(a);
  const y = toStr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------- printf

function sprintf(format: string, args: Value[]): string {
  let k = 0;
  const next = () => args[k++] ?? UNSET;
  return format.replace(/%([-+ 0#]*)(\d+|\*)?(?:\.(\d+|\*))?([cdiouxXeEfFgGs%])/g, (all, flags: string, w, p, conv: string) => {
    if (conv === '%') return '%';
    const width = w === '*' ? toNum(next()) : w === undefined ? 0 : Number(w);
    const precision = p === '*' ? toNum(next()) : p === undefined ? undefined : Number(p);
    const v = next();
    let body: string;
    let numeric = true;
    switch (conv) {
      case 'd':
      case 'i':
      case 'u':
        body = String(Math.trunc(toNum(v)));
        break;
      case 'o':
        body = Math.trunc(toNum(v)).toString(8);
        break;
      case 'x':
      case 'X': {
        const hex = Math.trunc(toNum(v)).toString(16);
        body = conv === 'X' ? hex.toUpperCase() : hex;
        break;
      }
      case 'e':
      case 'E': {
        const [m, e] = toNum(v).toExponential(precision ?? 6).split('e') as [string, string];
        body = `${m}e${Number(e) < 0 ? '-' : '+'}${String(Math.abs(Number(e))).padStart(2, '0')}`;
        if (conv === 'E') body = body.toUpperCase();
        break;
      }
      case 'f':
      case 'F':
        body = toNum(v).toFixed(precision ?? 6);
        break;
      case 'g':
      case 'G':
        body = formatG(toNum(v), precision ?? 6, flags.includes('#'));
        if (conv === 'G') body = body.toUpperCase();
        break;
      case 'c':
        numeric = false;
        body = v.kind === 'num' ? String.fromCodePoint(toNum(v)) : toStr(v).slice(0, 1);
        break;
      default:
        numeric = false;
        body = toStr(v);
        if (precision !== undefined) body = body.slice(0, precision);
    }
    if (numeric && flags.includes('+') && !body.startsWith('-')) body = `+${body}`;
    else if (numeric && flags.includes(' ') && !body.startsWith('-')) body = ` ${body}`;
    if (body.length >= width) return body;
    if (flags.includes('-')) return body.padEnd(width);
    if (numeric && flags.includes('0')) {
      const sign = /^[-+ ]/.test(body) ? body[0]! : '';
      return sign + body.slice(sign.length).padStart(width - sign.length, '0');
    }
    void all;
    return body.padStart(width);
  });
}

// ---------------------------------------------------------------- syntax

class Unsupported extends Error {}

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'regex'; v: string }
  | { t: 'name'; v: string }
  | { t: 'func'; v: string } // a builtin name followed by '('
  | { t: 'op'; v: string }
  | { t: 'nl' }
  | { t: 'eof' };

const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'next', 'if', 'else', 'exit']);
const UNSUPPORTED_WORDS = new Set(['for', 'while', 'do', 'function', 'func', 'getline', 'delete', 'in', 'return', 'split', 'sub', 'gsub', 'match', 'system', 'close']);
const BUILTINS = new Set(['length', 'substr', 'index', 'tolower', 'toupper', 'int', 'sprintf']);
const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '!~', '++', '--', '+=', '-=', '*=', '/=', '%=', '^=', '{', '}', '(', ')', ';', ',', '$', '+', '-', '*', '/', '%', '^', '!', '>', '<', '~', '=', '?', ':', '[', ']'];

function tokenize(program: string): Token[] {
  const tokens: Token[] = [];
  const regexAllowed = () => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.t === 'num' || last.t === 'str' || last.t === 'name' || last.t === 'regex') return false;
    return !(last.t === 'op' && (last.v === ')' || last.v === ']' || last.v === '$' || last.v === '++' || last.v === '--'));
  };
  let i = 0;
  while (i < program.length) {
    const c = program[i]!;
    if (c === ' ' || c === '\t') i++;
    else if (c === '\\' && program[i + 1] === '\n') i += 2;
    else if (c === '\n') {
      tokens.push({ t: 'nl' });
      i++;
    } else if (c === '#') {
      while (i < program.length && program[i] !== '\n') i++;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.test(program.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(program.slice(i))!;
      tokens.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < program.length && program[j] !== '"') {
        if (program[j] === '\\' && j + 1 < program.length) {
          raw += program.slice(j, j + 2);
          j += 2;
        } else raw += program[j++];
      }
      if (j >= program.length) throw new Unsupported('unterminated string');
      tokens.push({ t: 'str', v: interpretEscapes(raw.replace(/\\"/g, '"').replace(/\\\//g, '/')).text });
      i = j + 1;
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inBracket = false;
      while (j < program.length && (program[j] !== '/' || inBracket)) {
        if (program[j] === '\\') j++;
        else if (program[j] === '[') inBracket = true;
        else if (program[j] === ']') inBracket = false;
        j++;
      }
      if (j >= program.length) throw new Unsupported('unterminated regex');
      tokens.push({ t: 'regex', v: program.slice(i + 1, j).replace(/\\\//g, '/') });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(program.slice(i))![0];
      i += word.length;
      if (UNSUPPORTED_WORDS.has(word)) throw new Unsupported(word);
      if (BUILTINS.has(word) && program[i] === '(') tokens.push({ t: 'func', v: word });
      else tokens.push({ t: 'name', v: word });
    } else {
      const op = OPERATORS.find((o) => program.startsWith(o, i));
      if (!op || op === '[' || op === ']') throw new Unsupported(c);
      tokens.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  tokens.push({ t: 'eof' });
  return tokens;
}

type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'regex'; v: string }
  | { t: 'field'; index: Expr }
  | { t: 'var'; name: string }
  | { t: 'unary'; op: string; e: Expr }
  | { t: 'binary'; op: string; l: Expr; r: Expr }
  | { t: 'concat'; l: Expr; r: Expr }
  | { t: 'match'; negate: boolean; l: Expr; re: Expr }
  | { t: 'logic'; op: '&&' | '||'; l: Expr; r: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'assign'; op: string; target: Expr; value: Expr }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { t: 'call'; name: string; args: Expr[] };

type Stmt =
  | { t: 'print'; args: Expr[] }
  | { t: 'printf'; args: Expr[] }
  | { t: 'next' }
  | { t: 'exit' }
  | { t: 'expr'; e: Expr }
  | { t: 'if'; c: Expr; then: Stmt[]; else: Stmt[] };

interface Rule {
  kind: 'begin' | 'end' | 'main';
  pattern?: Expr;
  action: Stmt[];
}

function parseProgram(program: string): Rule[] {
  const tokens = tokenize(program);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const isName = (v: string) => {
    const t = peek();
    return t.t === 'name' && t.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new Unsupported(`expected ${v}`);
    pos++;
  };
  const skipNewlines = () => {
    while (peek().t === 'nl') pos++;
  };
  const skipTerminators = () => {
    while (peek().t === 'nl' || isOp(';')) pos++;
  };
  const isLvalue = (e: Expr) => e.t === 'var' || e.t === 'field';

  function expression(noGreater = false): Expr {
    const left = ternary(noGreater);
    const t = peek();
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && isLvalue(left)) {
      pos++;
      return { t: 'assign', op: t.v, target: left, value: expression(noGreater) };
    }
    return left;
  }
  function ternary(noGreater: boolean): Expr {
    const c = orExpr(noGreater);
    if (!isOp('?')) return c;
    pos++;
    const a = ternary(noGreater);
    expectOp(':');
    return { t: 'cond', c, a, b: ternary(noGreater) };
  }
  function orExpr(noGreater: boolean): Expr {
    let l = andExpr(noGreater);
    while (isOp('||')) {
      pos++;
      skipNewlines();
      l = { t: 'logic', op: '||', l, r: andExpr(noGreater) };
    }
    return l;
  }
  function andExpr(noGreater: boolean): Expr {
    let l = matchExpr(noGreater);
    while (isOp('&&')) {
      pos++;
      skipNewlines();
      l = { t: 'logic', op: '&&', l, r: matchExpr(noGreater) };
    }
    return l;
  }
  function matchExpr(noGreater: boolean): Expr {
    let l = comparison(noGreater);
    while (isOp('~') || isOp('!~')) {
      const negate = isOp('!~');
      pos++;
      l = { t: 'match', negate, l, re: comparison(noGreater) };
    }
    return l;
  }
  function comparison(noGreater: boolean): Expr {
    const l = concatenation();
    const t = peek();
    if (t.t === 'op' && ['<', '<=', '==', '!=', '>=', '>'].includes(t.v)) {
      if (t.v === '>' && noGreater) throw new Unsupported('output redirection');
      pos++;
      return { t: 'binary', op: t.v, l, r: concatenation() };
    }
    return l;
  }
  function startsOperand(): boolean {
    const t = peek();
    if (t.t === 'num' || t.t === 'str' || t.t === 'regex' || t.t === 'func') return true;
    if (t.t === 'name') return !KEYWORDS.has(t.v);
    return t.t === 'op' && (t.v === '$' || t.v === '(' || t.v === '++' || t.v === '--');
  }
  function concatenation(): Expr {
    let l = additive();
    while (startsOperand()) l = { t: 'concat', l, r: additive() };
    return l;
  }
  function additive(): Expr {
    let l = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = (peek() as { v: string }).v;
      pos++;
      l = { t: 'binary', op, l, r: multiplicative() };
    }
    return l;
  }
  function multiplicative(): Expr {
    let l = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (peek() as { v: string }).v;
      pos++;
      l = { t: 'binary', op, l, r: unary() };
    }
    return l;
  }
  function unary(): Expr {
    if (isOp('!') || isOp('-') || isOp('+')) {
      const op = (peek() as { v: string }).v;
      pos++;
      return { t: 'unary', op, e: unary() };
    }
    return power();
  }
  function power(): Expr {
    const base = postfix();
    if (!isOp('^')) return base;
    pos++;
    return { t: 'binary', op: '^', l: base, r: unary() };
  }
  function postfix(): Expr {
    if (isOp('++') || isOp('--')) {
      const op = (peek() as { v: string }).v as '++' | '--';
      pos++;
      const target = postfix();
      if (!isLvalue(target)) throw new Unsupported('++');
      return { t: 'incdec', op, prefix: true, target };
    }
    const e = primary();
    if ((isOp('++') || isOp('--')) && isLvalue(e)) {
      const op = (peek() as { v: string }).v as '++' | '--';
      pos++;
      return { t: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }
  function primary(): Expr {
    const t = peek();
    pos++;
    switch (t.t) {
      case 'num':
        return { t: 'num', v: t.v };
      case 'str':
        return { t: 'str', v: t.v };
      case 'regex':
        return { t: 'regex', v: t.v };
      case 'name':
        if (KEYWORDS.has(t.v)) throw new Unsupported(t.v);
        if (t.v === 'length') return { t: 'call', name: 'length', args: [] };
        return { t: 'var', name: t.v };
      case 'func': {
        expectOp('(');
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(expression());
          while (isOp(',')) {
            pos++;
            args.push(expression());
          }
        }
        expectOp(')');
        return { t: 'call', name: t.v, args };
      }
      case 'op':
        if (t.v === '$') {
          if (isOp('++') || isOp('--') || isOp('-')) throw new Unsupported('$');
          return { t: 'field', index: primary() };
        }
        if (t.v === '(') {
          const e = expression();
          expectOp(')');
          return e;
        }
        if (t.v === '-' || t.v === '!' || t.v === '+') {
          pos--;
          return unary();
        }
    }
    throw new Unsupported('unexpected token');
  }

  function simpleOrBlock(): Stmt[] {
    skipNewlines();
    if (isOp('{')) return block();
    return [statement()];
  }
  function statement(): Stmt {
    const t = peek();
    if (t.t === 'name' && (t.v === 'print' || t.v === 'printf')) {
      pos++;
      const args: Expr[] = [];
      const parenthesized = isOp('(');
      if (!isOp(';') && !isOp('}') && peek().t !== 'nl' && peek().t !== 'eof') {
        args.push(expression(!parenthesized));
        while (isOp(',')) {
          pos++;
          args.push(expression(!parenthesized));
        }
      }
      if (isOp('>') || isOp('|')) throw new Unsupported('output redirection');
      if (t.v === 'printf' && args.length === 0) throw new Unsupported('printf');
      return { t: t.v, args };
    }
    if (isName('next')) {
      pos++;
      return { t: 'next' };
    }
    if (isName('exit')) {
      pos++;
      return { t: 'exit' };
    }
    if (isName('if')) {
      pos++;
      expectOp('(');
      const c = expression();
      expectOp(')');
      const then = simpleOrBlock();
      const save = pos;
      skipTerminators();
      if (isName('else')) {
        pos++;
        return { t: 'if', c, then, else: simpleOrBlock() };
      }
      pos = save;
      return { t: 'if', c, then, else: [] };
    }
    if (isOp('{')) {
      const body = block();
      return { t: 'if', c: { t: 'num', v: 1 }, then: body, else: [] };
    }
    return { t: 'expr', e: expression() };
  }
  function block(): Stmt[] {
    expectOp('{');
    const stmts: Stmt[] = [];
    skipTerminators();
    while (!isOp('}')) {
      if (peek().t === 'eof') throw new Unsupported('unterminated block');
      stmts.push(statement());
      if (!isOp('}') && peek().t !== 'nl' && !isOp(';')) throw new Unsupported('statement end');
      skipTerminators();
    }
    pos++;
    return stmts;
  }

  const rules: Rule[] = [];
  skipTerminators();
  while (peek().t !== 'eof') {
    if (isName('BEGIN') || isName('END')) {
      const kind = isName('BEGIN') ? 'begin' : 'end';
      pos++;
      skipNewlines();
      rules.push({ kind, action: block() });
    } else if (isOp('{')) {
      rules.push({ kind: 'main', action: block() });
    } else {
      const pattern = expression();
      if (isOp('{')) rules.push({ kind: 'main', pattern, action: block() });
      else {
        // A pattern without an action prints the record; it needs a newline or ; before the next rule.
        rules.push({ kind: 'main', pattern, action: [{ t: 'print', args: [] }] });
        if (peek().t !== 'eof' && peek().t !== 'nl' && !isOp(';')) throw new Unsupported('rule end');
      }
    }
    skipTerminators();
  }
  return rules;
}

// ---------------------------------------------------------------- running

class NextRecord {}
class ExitProgram {}
class Fatal extends Error {}

interface Run {
  vars: Map<string, Value>;
  fields: string[]; // fields[0] is $0
  out: string;
}

function splitRecord(record: string, fs: string): string[] {
  if (fs === ' ') return record.split(/[ \t\n]+/).filter((f) => f !== '');
  if (record === '') return [];
  if (fs.length === 1 && fs !== '\\') return record.split(fs);
  const t = posixToJs(fs, 'extended');
  const re = t.ok ? compile(t.source, '') : undefined;
  return re instanceof RegExp ? record.split(re) : record.split(fs);
}

function execute(rules: Rule[], inputs: { name: string; text: string }[], preset: Map<string, Value>): { out: string; error?: string } {
  const state: Run = {
    vars: new Map<string, Value>([
      ['FS', str(' ')],
      ['OFS', str(' ')],
      ['ORS', str('\n')],
      ['NR', num(0)],
      ['FNR', num(0)],
      ['FILENAME', str('')],
      ...preset,
    ]),
    fields: [''],
    out: '',
  };
  const regexCache = new Map<string, RegExp>();
  const regex = (source: string): RegExp => {
    let re = regexCache.get(source);
    if (!re) {
      const t = posixToJs(source, 'extended');
      if (!t.ok) throw new Fatal(`${t.message}: /${source}/`);
      const compiled = compile(t.source, '');
      if (!(compiled instanceof RegExp)) throw new Fatal(`invalid regex: /${source}/`);
      re = compiled;
      regexCache.set(source, re);
    }
    return re;
  };
  const getVar = (name: string): Value => (name === 'NF' ? num(state.fields.length - 1) : (state.vars.get(name) ?? UNSET));
  const setRecord = (record: string) => {
    state.fields = [record, ...splitRecord(record, toStr(getVar('FS')))];
  };
  const rebuildRecord = () => {
    state.fields[0] = state.fields.slice(1).join(toStr(getVar('OFS')));
  };
  const getField = (i: number): Value => {
    if (i < 0) throw new Fatal(`attempt to access field ${i}`);
    return i < state.fields.length ? fromInput(state.fields[i]!) : UNSET;
  };
  const assign = (target: Expr, v: Value): Value => {
    if (target.t === 'var') {
      if (target.name === 'NF') {
        const n = Math.max(0, Math.trunc(toNum(v)));
        state.fields = state.fields.slice(0, n + 1);
        while (state.fields.length < n + 1) state.fields.push('');
        rebuildRecord();
      } else state.vars.set(target.name, v);
    } else if (target.t === 'field') {
      const i = Math.trunc(toNum(evaluate(target.index)));
      if (i < 0) throw new Fatal(`attempt to access field ${i}`);
      if (i === 0) setRecord(toStr(v));
      else {
        while (state.fields.length <= i) state.fields.push('');
        state.fields[i] = toStr(v);
        rebuildRecord();
      }
    }
    return v;
  };
  const arithmetic = (op: string, a: number, b: number): number => {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new Fatal('division by zero attempted');
        return a / b;
      case '%':
        if (b === 0) throw new Fatal('division by zero attempted in `%\'');
        return a % b;
      default:
        return a ** b;
    }
  };

  function evaluate(e: Expr): Value {
    switch (e.t) {
      case 'num':
        return num(e.v);
      case 'str':
        return str(e.v);
      case 'regex':
        return num(regex(e.v).test(state.fields[0]!) ? 1 : 0);
      case 'field':
        return getField(Math.trunc(toNum(evaluate(e.index))));
      case 'var':
        return getVar(e.name);
      case 'unary': {
        const v = evaluate(e.e);
        if (e.op === '!') return num(toBool(v) ? 0 : 1);
        return num(e.op === '-' ? -toNum(v) : toNum(v));
      }
      case 'binary': {
        const a = evaluate(e.l);
        const b = evaluate(e.r);
        if (['<', '<=', '==', '!=', '>=', '>'].includes(e.op)) {
          const c = compareValues(a, b);
          const r = { '<': c < 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0, '>=': c >= 0, '>': c > 0 }[e.op as '<'];
          return num(r ? 1 : 0);
        }
        return num(arithmetic(e.op, toNum(a), toNum(b)));
      }
      case 'concat':
        return str(toStr(evaluate(e.l)) + toStr(evaluate(e.r)));
      case 'match': {
        const text = toStr(evaluate(e.l));
        const source = e.re.t === 'regex' ? e.re.v : toStr(evaluate(e.re));
        return num(regex(source).test(text) !== e.negate ? 1 : 0);
      }
      case 'logic': {
        const l = toBool(evaluate(e.l));
        if (e.op === '&&') return num(l && toBool(evaluate(e.r)) ? 1 : 0);
        return num(l || toBool(evaluate(e.r)) ? 1 : 0);
      }
      case 'cond':
        return toBool(evaluate(e.c)) ? evaluate(e.a) : evaluate(e.b);
      case 'assign': {
        const v = evaluate(e.value);
        if (e.op === '=') return assign(e.target, v);
        return assign(e.target, num(arithmetic(e.op[0]!, toNum(evaluate(e.target)), toNum(v))));
      }
      case 'incdec': {
        const old = toNum(evaluate(e.target));
        const updated = e.op === '++' ? old + 1 : old - 1;
        assign(e.target, num(updated));
        return num(e.prefix ? updated : old);
      }
      case 'call':
        return call(e.name, e.args.map(evaluate));
    }
  }

  function call(name: string, args: Value[]): Value {
    const s = (k: number) => toStr(args[k] ?? UNSET);
    switch (name) {
      case 'length':
        return num([...(args.length ? s(0) : state.fields[0]!)].length);
      case 'substr': {
        const text = s(0);
        // awk positions are 1-based and rounded; the range is clipped to the string.
        const start = Math.round(toNum(args[1] ?? UNSET));
        const end = args[2] === undefined ? Infinity : start + Math.round(toNum(args[2]));
        const from = Math.max(1, start);
        const to = Math.min(text.length + 1, end);
        return str(to > from ? text.slice(from - 1, to - 1) : '');
      }
      case 'index':
        return num(s(0).indexOf(s(1)) + 1);
      case 'tolower':
        return str(s(0).toLowerCase());
      case 'toupper':
        return str(s(0).toUpperCase());
      case 'int':
        return num(Math.trunc(toNum(args[0] ?? UNSET)));
      case 'sprintf':
        return str(sprintf(s(0), args.slice(1)));
    }
    throw new Unsupported(name);
  }

  function runStatements(stmts: Stmt[]): void {
    for (const stmt of stmts) {
      switch (stmt.t) {
        case 'print': {
          const text = stmt.args.length === 0 ? state.fields[0]! : stmt.args.map((a) => toStr(evaluate(a))).join(toStr(getVar('OFS')));
          state.out += text + toStr(getVar('ORS'));
          break;
        }
        case 'printf': {
          const [fmt, ...rest] = stmt.args.map(evaluate);
          state.out += sprintf(toStr(fmt!), rest);
          break;
        }
        case 'next':
          throw new NextRecord();
        case 'exit':
          throw new ExitProgram();
        case 'expr':
          evaluate(stmt.e);
          break;
        case 'if':
          runStatements(toBool(evaluate(stmt.c)) ? stmt.then : stmt.else);
          break;
      }
    }
  }

  let file = '-';
  const fnr = () => toNum(getVar('FNR'));
  try {
    try {
      for (const rule of rules) if (rule.kind === 'begin') runStatements(rule.action);
      const mainRules = rules.filter((r) => r.kind === 'main');
      const hasInputRules = rules.some((r) => r.kind !== 'begin');
      if (hasInputRules) {
        for (const input of inputs) {
          file = input.name;
          state.vars.set('FILENAME', str(input.name === '-' ? '' : input.name));
          state.vars.set('FNR', num(0));
          for (const line of splitLines(input.text)) {
            state.vars.set('NR', num(toNum(getVar('NR')) + 1));
            state.vars.set('FNR', num(fnr() + 1));
            setRecord(line);
            try {
              for (const rule of mainRules) {
                if (!rule.pattern || toBool(evaluate(rule.pattern))) runStatements(rule.action);
              }
            } catch (e) {
              if (!(e instanceof NextRecord)) throw e;
            }
          }
        }
      }
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e;
    }
    for (const rule of rules) if (rule.kind === 'end') runStatements(rule.action);
  } catch (e) {
    if (e instanceof ExitProgram) return { out: state.out };
    if (e instanceof Fatal) {
      return { out: state.out, error: `awk: cmd. line:1: (FILENAME=${file} FNR=${fnr()}) fatal: ${e.message}` };
    }
    throw e;
  }
  return { out: state.out };
}

export const awk: Command = {
  name: 'awk',
  usage: "awk [-F SEP] [-v NAME=VALUE] 'PROGRAM' [FILE]...",
  run(input) {
    const parsed = parseOptions(input.args, { valued: 'Fvf', long: { 'field-separator': 'F', assign: 'v', file: 'f' } });
    if (!parsed.ok) return fail('awk', parsed.message, 2);
    const o = parsed.opts;
    if (o.values.has('f')) return fail('awk', 'unsupported program: -f PROGFILE (give the program on the command line)', 2);
    const [program, ...files] = o.operands;
    if (program === undefined) return { stdout: '', stderr: "usage: awk [-F fs][-v var=value]['prog' | -f progfile][file ...]\n", exitCode: 2 };

    const preset = new Map<string, Value>();
    const fs = o.values.get('F')?.at(-1);
    // awk reads escapes in -F (-F '\t' is a tab); -F t is a tab too, by POSIX.
    if (fs !== undefined) preset.set('FS', str(fs === 't' ? '\t' : interpretEscapes(fs).text));
    for (const assignment of o.values.get('v') ?? []) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(assignment);
      if (!m) return fail('awk', `invalid -v argument: ${assignment}`, 2);
      preset.set(m[1]!, fromInput(interpretEscapes(m[2]!).text));
    }

    let rules: Rule[];
    try {
      rules = parseProgram(program);
    } catch (e) {
      if (e instanceof Unsupported) return fail('awk', `unsupported program: ${program}`, 2);
      throw e;
    }
    const { sources, errors } = readSources(input, files, 'awk', (name, error) => `cmd. line:1: fatal: cannot open file '${name}' for reading: ${error}`);
    if (errors) return { stdout: '', stderr: errors, exitCode: 2 };
    let result: { out: string; error?: string };
    try {
      result = execute(rules, sources, preset);
    } catch (e) {
      if (e instanceof Unsupported) return fail('awk', `unsupported program: ${program}`, 2);
      throw e;
    }
    if (result.error) return { stdout: result.out, stderr: `${result.error}\n`, exitCode: 2 } satisfies CommandOutput;
    return ok(result.out);
  },
};
