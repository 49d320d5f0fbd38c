// `test`, `[` and `[[ … ]]`: bash's conditional expressions. `test` follows POSIX's rules by argument count
// (so `[ -n ]` is true and `[ ! ]` is false) and then -a -o ! ( ); `[[` has its own syntax (parsed in parser.ts):
// == and != match patterns, =~ matches an extended regular expression and fills BASH_REMATCH, operands of -eq
// and friends are arithmetic expressions.

import type { CondExpr } from '../ast.ts';
import { arith, expandPattern, expandString, type ExpandEnv } from '../expand.ts';
import { matchPattern } from '../pattern.ts';
import { posixToJs } from '../../commands/regex.ts';
import type { Session } from '../../types.ts';
import type { Builtin } from './types.ts';
import { say } from './types.ts';

/** An error with status 2 (bad operator, missing `]`, integer expected). */
export class CondError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const INT_OPS: Record<string, (a: bigint, b: bigint) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b,
};
const STRING_OPS = new Set(['=', '==', '!=', '<', '>']);
const FILE_BINARY = new Set(['-nt', '-ot', '-ef']);
const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-z', '-n', '-t', '-v', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-O', '-G', '-N', '-a', '-o']);

function fileType(session: Session, path: string): 'file' | 'directory' | undefined {
  if (session.fileType) return session.fileType(path);
  if (path === '/' || path === '.' || path === '..') return 'directory';
  return session.readFile?.(path) !== undefined ? 'file' : undefined;
}

function unary(op: string, arg: string, session: Session, isSet: (name: string) => boolean): boolean {
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-e':
    case '-a': return fileType(session, arg) !== undefined;
    case '-f': return fileType(session, arg) === 'file';
    case '-d': return fileType(session, arg) === 'directory';
    case '-s': return fileType(session, arg) === 'file' ? (session.readFile?.(arg) ?? '') !== '' : fileType(session, arg) === 'directory';
    case '-r':
    case '-w': return fileType(session, arg) !== undefined;
    case '-x': return fileType(session, arg) === 'directory';
    case '-v': return isSet(arg);
    case '-o': return false;
    default: return false; // -L -t -b -c -p …: nothing of the kind in the model
  }
}

function integer(text: string, who: string): bigint {
  const t = text.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new CondError(`bash: ${who}: ${text}: integer expression expected`);
  return BigInt(t);
}

function binary(op: string, a: string, b: string, who: string): boolean {
  if (INT_OPS[op]) return INT_OPS[op](integer(a, who), integer(b, who));
  switch (op) {
    case '=':
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    default: return false; // -nt -ot -ef: no timestamps or inodes in the model
  }
}

const isBinary = (op: string | undefined) => op !== undefined && (STRING_OPS.has(op) || INT_OPS[op] !== undefined || FILE_BINARY.has(op));

/** POSIX `test` over its arguments (after `[` lost its `]`). */
export function testArgs(args: string[], who: string, session: Session, isSet: (name: string) => boolean): boolean {
  const n = args.length;
  const [a0, a1, a2, a3] = args;
  // POSIX's rules by argument count come first.
  if (n === 0) return false;
  if (n === 1) return a0 !== '';
  if (n === 2) {
    if (a0 === '!') return a1 === '';
    if (UNARY.has(a0!)) return unary(a0!, a1!, session, isSet);
    throw new CondError(`bash: ${who}: ${a0}: unary operator expected`);
  }
  if (n === 3) {
    if (isBinary(a1)) return binary(a1!, a0!, a2!, who);
    if (a1 === '-a') return a0 !== '' && a2 !== '';
    if (a1 === '-o') return a0 !== '' || a2 !== '';
    if (a0 === '!') return !testArgs([a1!, a2!], who, session, isSet);
    if (a0 === '(' && a2 === ')') return a1 !== '';
    throw new CondError(`bash: ${who}: ${a1}: binary operator expected`);
  }
  if (n === 4) {
    if (a0 === '!') return !testArgs(args.slice(1), who, session, isSet);
    if (a0 === '(' && a3 === ')') return testArgs([a1!, a2!], who, session, isSet);
  }
  // Longer expressions: -o binds looser than -a, ! and ( ) as usual.
  let i = 0;
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  const andExpr = (): boolean => {
    let v = notExpr();
    while (args[i] === '-a') {
      i++;
      const r = notExpr();
      v = v && r;
    }
    return v;
  };
  const notExpr = (): boolean => {
    if (args[i] === '!') {
      i++;
      return !notExpr();
    }
    return primary();
  };
  const primary = (): boolean => {
    const t = args[i];
    if (t === undefined) throw new CondError(`bash: ${who}: argument expected`);
    if (t === '(') {
      i++;
      const v = orExpr();
      if (args[i] !== ')') throw new CondError(`bash: ${who}: \`)' expected`);
      i++;
      return v;
    }
    if (isBinary(args[i + 1]) && args[i + 2] !== undefined) {
      i += 3;
      return binary(args[i - 2]!, t, args[i - 1]!, who);
    }
    if (UNARY.has(t) && args[i + 1] !== undefined) {
      i += 2;
      return unary(t, args[i - 1]!, session, isSet);
    }
    i++;
    return t !== '';
  };
  const v = orExpr();
  if (i < args.length) throw new CondError(`bash: ${who}: too many arguments`);
  return v;
}

function runTest(args: string[], who: string, ctx: Parameters<Builtin>[1], shell: Parameters<Builtin>[2]): number {
  try {
    return testArgs(args, who, shell.session, (name) => ctx.state.isSet(name)) ? 0 : 1;
  } catch (e) {
    if (e instanceof CondError) {
      say(ctx, 'err', `${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export const test: Builtin = (args, ctx, shell) => runTest(args, 'test', ctx, shell);

export const bracket: Builtin = (args, ctx, shell) => {
  if (args.at(-1) !== ']') {
    say(ctx, 'err', "bash: [: missing `]'\n");
    return 2;
  }
  return runTest(args.slice(0, -1), '[', ctx, shell);
};

/** [[ … ]] */
export function evaluateCond(e: CondExpr, env: ExpandEnv, session: Session): boolean {
  switch (e.type) {
    case 'and': return evaluateCond(e.left, env, session) && evaluateCond(e.right, env, session);
    case 'or': return evaluateCond(e.left, env, session) || evaluateCond(e.right, env, session);
    case 'not': return !evaluateCond(e.expr, env, session);
    case 'word': return expandString(e.word, env, true) !== '';
    case 'unary': return unary(e.op, expandString(e.arg, env, true), session, (n) => env.state.isSet(n));
    case 'binary': {
      const left = expandString(e.left, env, true);
      if (e.op === '==' || e.op === '=') return matchPattern(left, expandPattern(e.right, env));
      if (e.op === '!=') return !matchPattern(left, expandPattern(e.right, env));
      if (e.op === '=~') return regexMatch(left, expandPattern(e.right, env), env);
      if (INT_OPS[e.op]) return INT_OPS[e.op]!(arith(left, env), arith(expandString(e.right, env, true), env));
      return binary(e.op, left, expandString(e.right, env, true), '[[');
    }
  }
}

/** =~: quoted parts of the pattern match literally (they arrive backslash-escaped); BASH_REMATCH gets the groups. */
function regexMatch(text: string, pattern: string, env: ExpandEnv): boolean {
  const t = posixToJs(pattern, 'extended');
  if (!t.ok) return false; // bash: status 2 for an invalid regex; rare enough to fold into "no match"
  const m = new RegExp(t.source).exec(text);
  env.state.arrays.delete('BASH_REMATCH');
  if (!m) {
    env.state.arrays.set('BASH_REMATCH', []);
    return false;
  }
  env.state.vars.delete('BASH_REMATCH');
  env.state.arrays.set('BASH_REMATCH', [...m].map((g) => g ?? ''));
  return true;
}
