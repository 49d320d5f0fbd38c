// expr EXPRESSION as GNU coreutils evaluates it: | & < <= = == != >= > + - * / % : (BRE match anchored at the
// start), match, substr, index, length, ( ), with arbitrary-size integers. Exit 0 for a non-null non-zero
// result, 1 otherwise, 2 for a bad expression.

import type { Command } from '../types.ts';
import { compile, posixToJs } from './regex.ts';
import { usageError } from './util.ts';

class ExprError extends Error {
  readonly code: number;
  constructor(message: string, code = 2) {
    super(message);
    this.code = code;
  }
}

const isInteger = (v: string) => /^[-+]?\d+$/.test(v.trim()) && v.trim() === v;
const toInt = (v: string): bigint => {
  if (!isInteger(v)) throw new ExprError('non-integer argument');
  return BigInt(v);
};
const isNull = (v: string) => v === '' || (isInteger(v) && BigInt(v) === 0n);

function evaluate(args: string[]): string {
  let pos = 0;
  const peek = () => args[pos];
  const take = () => args[pos++];
  const need = (after: string) => {
    if (pos >= args.length) throw new ExprError(`syntax error: missing argument after ‘${after}’`);
  };
  const orExpr = (): string => {
    let l = andExpr();
    while (peek() === '|') {
      take();
      need('|');
      const r = andExpr();
      l = !isNull(l) ? l : !isNull(r) ? r : '0';
    }
    return l;
  };
  const andExpr = (): string => {
    let l = compare();
    while (peek() === '&') {
      take();
      need('&');
      const r = compare();
      l = isNull(l) || isNull(r) ? '0' : l;
    }
    return l;
  };
  const compare = (): string => {
    let l = additive();
    for (;;) {
      const op = peek();
      if (!op || !['<', '<=', '=', '==', '!=', '>=', '>'].includes(op)) return l;
      take();
      need(op);
      const r = additive();
      const c = isInteger(l) && isInteger(r) ? (BigInt(l) < BigInt(r) ? -1 : BigInt(l) > BigInt(r) ? 1 : 0) : l < r ? -1 : l > r ? 1 : 0;
      const hit = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '=' || op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '>=' ? c >= 0 : c > 0;
      l = hit ? '1' : '0';
    }
  };
  const additive = (): string => {
    let l = multiplicative();
    while (peek() === '+' || peek() === '-') {
      const op = take()!;
      need(op);
      const r = multiplicative();
      l = String(op === '+' ? toInt(l) + toInt(r) : toInt(l) - toInt(r));
    }
    return l;
  };
  const multiplicative = (): string => {
    let l = matchExpr();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = take()!;
      need(op);
      const r = matchExpr();
      const a = toInt(l);
      const b = toInt(r);
      if (op !== '*' && b === 0n) throw new ExprError('division by zero');
      l = String(op === '*' ? a * b : op === '/' ? a / b : a % b);
    }
    return l;
  };
  const match = (text: string, pattern: string): string => {
    const t = posixToJs(pattern, 'basic');
    if (!t.ok) throw new ExprError(t.message);
    const re = compile(`^(?:${t.source})`, '');
    if (!(re instanceof RegExp)) throw new ExprError('Invalid regular expression');
    const m = re.exec(text);
    if (/\\\(/.test(pattern)) return m?.[1] ?? '';
    return String(m ? [...m[0]].length : 0);
  };
  const matchExpr = (): string => {
    let l = primary();
    while (peek() === ':') {
      take();
      need(':');
      l = match(l, primary());
    }
    return l;
  };
  const primary = (): string => {
    const t = take();
    if (t === undefined) throw new ExprError(`syntax error: missing argument after ‘${args[pos - 2] ?? ''}’`);
    if (t === '(') {
      const v = orExpr();
      if (take() !== ')') throw new ExprError(`syntax error: expecting ‘)’ after ‘${args[pos - 2] ?? ''}’`);
      return v;
    }
    if (t === '+') return take() ?? '';
    if (t === 'length' && pos < args.length) return String([...take()!].length);
    if (t === 'match' && pos + 1 < args.length) return match(take()!, take()!);
    if (t === 'index' && pos + 1 < args.length) {
      const s = [...take()!];
      const chars = take()!;
      const k = s.findIndex((c) => chars.includes(c));
      return String(k + 1);
    }
    if (t === 'substr' && pos + 2 < args.length) {
      const s = [...take()!];
      const p = Number(take());
      const n = Number(take());
      if (!(p >= 1) || !(n >= 1)) return '';
      return s.slice(p - 1, p - 1 + n).join('');
    }
    return t;
  };
  const value = orExpr();
  if (pos < args.length) throw new ExprError(`syntax error: unexpected argument ‘${args[pos]}’`);
  return value;
}

export const expr: Command = {
  name: 'expr',
  usage: 'expr EXPRESSION',
  run({ args }) {
    const list = args[0] === '--' ? args.slice(1) : args;
    if (list.length === 0) return usageError('expr', 'missing operand', 2);
    try {
      const v = evaluate(list);
      return { stdout: `${v}\n`, stderr: '', exitCode: isNull(v) ? 1 : 0 };
    } catch (e) {
      if (e instanceof ExprError) return { stdout: '', stderr: `expr: ${e.message}\n`, exitCode: e.code };
      throw e;
    }
  },
};
