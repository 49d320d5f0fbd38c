// Builtins that set or show variables and options: export, unset, local, declare/typeset, readonly, set, shift, let.

import { ExpansionError } from '../expand.ts';
import type { Ctx, Interpreter } from '../interpreter.ts';
import type { ShellOptions, ShellState } from '../state.ts';
import { isName, say, usage, type Builtin } from './types.ts';

/** The order bash prints attribute letters in (`declare -ir`). */
const ATTR_ORDER = 'aAilnrtux';

const dq = (v: string) => `"${v.replace(/(["\\$`])/g, '\\$1')}"`;

/** `declare -p NAME`'s line. */
function describe(st: ShellState, name: string): string | undefined {
  if (!st.isSet(name) && !st.attrs.has(name)) return undefined;
  let letters = st.attrs.get(name) ?? '';
  if (st.arrays.has(name)) letters += 'a';
  if (st.assoc.has(name)) letters += 'A';
  const flags = [...ATTR_ORDER].filter((l) => letters.includes(l)).join('') || '-';
  if (st.arrays.has(name)) {
    const items = st.keys(name).map((k) => `[${k}]=${dq(st.getElement(name, k)!)}`);
    return `declare -${flags} ${name}=(${items.join(' ')})\n`;
  }
  if (st.assoc.has(name)) {
    const items = [...st.assoc.get(name)!].map(([k, v]) => `[${k}]=${dq(v)} `);
    return `declare -${flags} ${name}=(${items.join('')})\n`;
  }
  const v = st.vars.get(name);
  return `declare -${flags} ${name}${v === undefined ? '' : `=${dq(v)}`}\n`;
}

/** NAME[=VALUE] arguments of declare, local, export, readonly; `letters` are attributes to add. */
function declareArgs(cmd: string, args: string[], ctx: Ctx, shell: Interpreter, options: { local: boolean; add: string; remove: string; array?: 'a' | 'A' }): number {
  const st = ctx.state;
  let status = 0;
  for (const arg of args) {
    const m = /^([^=[+]+)(\[[^\]]*\])?(\+?=)?(.*)$/s.exec(arg);
    const [, name, index, op, value] = (m ?? ['', '', undefined, undefined, '']) as [string, string, string | undefined, string | undefined, string];
    if (!m || !isName(name)) {
      say(ctx, 'err', `bash: ${cmd}: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (options.local) st.makeLocal(name);
    if (options.array === 'A' && !st.assoc.has(name)) {
      st.vars.delete(name);
      st.arrays.delete(name);
      st.assoc.set(name, new Map());
    } else if (options.array === 'a' && !st.arrays.has(name) && !st.assoc.has(name)) {
      const v = st.vars.get(name);
      st.vars.delete(name);
      st.arrays.set(name, v === undefined ? [] : [v]);
    }
    if (options.remove.includes('r') && st.hasAttr(name, 'r')) {
      say(ctx, 'err', `bash: ${cmd}: ${name}: readonly variable\n`);
      status = 1;
      continue;
    }
    if (op !== undefined) {
      if (st.hasAttr(name, 'r')) {
        say(ctx, 'err', `bash: ${name}: readonly variable\n`);
        status = 1;
        continue;
      }
      st.addAttr(name, options.add.replace('r', ''));
      try {
        if (/^\(.*\)$/s.test(value) && index === undefined) {
          // declare -a a=(1 2 3): the value is re-read as an array assignment.
          const status2 = shell.evalAssignment(`${name}${op}${value}`, ctx);
          if (status2 !== 0) status = status2;
        } else {
          shell.assign(ctx, name, value, index?.slice(1, -1), op === '+=');
        }
      } catch (e) {
        if (!(e instanceof ExpansionError)) throw e;
        say(ctx, 'err', `${e.message}\n`);
        status = 1;
        continue;
      }
    } else if (options.local && !st.isSet(name) && !options.array) {
      // `local x` declares x (unset until assigned) in the function's scope
    }
    if (options.add) st.addAttr(name, options.add);
    if (options.remove) st.removeAttr(name, options.remove);
  }
  return status;
}

/** Parses declare's -aAirxgp style flags (and +x to remove). */
function flags(args: string[], allowed: string): { add: string; remove: string; rest: string[]; bad?: string } {
  let add = '';
  let remove = '';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const l of a.slice(1)) {
      if (!allowed.includes(l)) return { add, remove, rest: [], bad: `${a[0]}${l}` };
      if (a[0] === '-') add += l;
      else remove += l;
    }
  }
  return { add, remove, rest: args.slice(i) };
}

function listDeclared(st: ShellState, filter: (name: string) => boolean, ctx: Ctx): number {
  const names = new Set([...st.vars.keys(), ...st.arrays.keys(), ...st.assoc.keys(), ...st.attrs.keys()]);
  const text = [...names].sort().filter(filter).map((n) => describe(st, n) ?? '').join('');
  say(ctx, 'out', text);
  return 0;
}

export const declare: Builtin = (args, ctx, shell) => {
  const f = flags(args, 'aAilnrtuxpfFg');
  if (f.bad) return usage(ctx, 'declare', `${f.bad}: invalid option\ndeclare: usage: declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]`);
  const st = ctx.state;
  if (f.add.includes('f') || f.add.includes('F')) {
    const names = f.rest.length ? f.rest : [...st.functions.keys()].sort();
    let status = 0;
    for (const n of names) {
      if (st.functions.has(n)) say(ctx, 'out', f.add.includes('F') ? `declare -f ${n}\n` : `${n} () \n{ \n    …\n}\n`);
      else status = 1;
    }
    return status;
  }
  if (f.add.includes('p') || (f.rest.length === 0 && !f.add && !f.remove)) {
    if (f.rest.length === 0) return listDeclared(st, (n) => !f.add.replace('p', '') || [...f.add.replace('p', '')].every((l) => st.hasAttr(n, l) || (l === 'a' && st.arrays.has(n)) || (l === 'A' && st.assoc.has(n))), ctx);
    let status = 0;
    for (const n of f.rest) {
      const line = describe(st, n);
      if (line) say(ctx, 'out', line);
      else {
        say(ctx, 'err', `bash: declare: ${n}: not found\n`);
        status = 1;
      }
    }
    return status;
  }
  const local = ctx.funcs > 0 && !f.add.includes('g');
  const array = f.add.includes('A') ? 'A' : f.add.includes('a') ? 'a' : undefined;
  return declareArgs('declare', f.rest, ctx, shell, { local, add: f.add.replace(/[aAgp]/g, ''), remove: f.remove, array });
};

export const local: Builtin = (args, ctx, shell) => {
  if (ctx.funcs === 0) {
    say(ctx, 'err', 'bash: local: can only be used in a function\n');
    return 1;
  }
  const f = flags(args, 'aAilnrtux');
  if (f.bad) return usage(ctx, 'local', `${f.bad}: invalid option\nlocal: usage: local [option] name[=value] ...`);
  const array = f.add.includes('A') ? 'A' : f.add.includes('a') ? 'a' : undefined;
  return declareArgs('local', f.rest, ctx, shell, { local: true, add: f.add.replace(/[aA]/g, ''), remove: f.remove, array });
};

export const exportBuiltin: Builtin = (args, ctx, shell) => {
  const f = flags(args, 'fnp');
  if (f.bad) return usage(ctx, 'export', `${f.bad}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p`);
  const st = ctx.state;
  if (f.rest.length === 0) return listDeclared(st, (n) => st.hasAttr(n, 'x') && st.isSet(n), ctx);
  if (f.add.includes('n')) {
    for (const n of f.rest) st.removeAttr(n, 'x');
    return 0;
  }
  return declareArgs('export', f.rest, ctx, shell, { local: false, add: 'x', remove: '' });
};

export const readonly: Builtin = (args, ctx, shell) => {
  const f = flags(args, 'aAfp');
  if (f.bad) return usage(ctx, 'readonly', `${f.bad}: invalid option\nreadonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p`);
  const st = ctx.state;
  if (f.rest.length === 0) {
    const names = [...st.attrs.keys()].filter((n) => st.hasAttr(n, 'r')).sort();
    say(ctx, 'out', names.map((n) => describe(st, n) ?? '').join(''));
    return 0;
  }
  const array = f.add.includes('A') ? 'A' : f.add.includes('a') ? 'a' : undefined;
  return declareArgs('readonly', f.rest, ctx, shell, { local: false, add: 'r', remove: '', array });
};

export const unset: Builtin = (args, ctx, shell) => {
  const f = flags(args, 'fvn');
  if (f.bad) return usage(ctx, 'unset', `${f.bad}: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]`);
  const st = ctx.state;
  let status = 0;
  for (const arg of f.rest) {
    if (f.add.includes('f')) {
      st.functions.delete(arg);
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?$/s.exec(arg);
    if (!m) {
      say(ctx, 'err', `bash: unset: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const [, name, index] = m as unknown as [string, string, string | undefined];
    if (st.hasAttr(name, 'r')) {
      say(ctx, 'err', `bash: unset: ${name}: cannot unset: readonly variable\n`);
      status = 1;
      continue;
    }
    if (index !== undefined) {
      if (st.assoc.has(name)) st.assoc.get(name)!.delete(index);
      else if (st.arrays.has(name)) {
        const arr = st.arrays.get(name)!;
        const i = Number(shell.arithmetic(index, ctx));
        delete arr[i < 0 ? arr.length + i : i];
      }
      continue;
    }
    if (!f.add.includes('v') && !st.isSet(name) && st.functions.has(name)) st.functions.delete(name);
    else st.unset(name);
  }
  return status;
};

const LONG_OPTIONS: Record<string, keyof ShellOptions> = { errexit: 'errexit', nounset: 'nounset', pipefail: 'pipefail', xtrace: 'xtrace', noglob: 'noglob' };
const SHORT_OPTIONS: Record<string, keyof ShellOptions> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob' };
/** Options bash knows that the model accepts and ignores. */
const IGNORED_SHORT = 'abhkmnpvtBCEHPT';
const IGNORED_LONG = new Set(['allexport', 'braceexpand', 'emacs', 'errtrace', 'functrace', 'hashall', 'histexpand', 'history', 'ignoreeof', 'interactive-comments', 'keyword', 'monitor', 'noclobber', 'noexec', 'notify', 'onecmd', 'physical', 'posix', 'privileged', 'verbose', 'vi']);

export const set: Builtin = (args, ctx) => {
  const st = ctx.state;
  if (args.length === 0) {
    const names = [...new Set([...st.vars.keys(), ...st.arrays.keys()])].sort();
    say(ctx, 'out', names.map((n) => (st.arrays.has(n) ? `${n}=(${st.keys(n).map((k) => `[${k}]=${dq(st.getElement(n, k)!)}`).join(' ')})\n` : `${n}=${quoteValue(st.vars.get(n) ?? '')}\n`)).join(''));
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--' || a === '-') {
      st.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const name = args[i + 1];
      if (name === undefined) {
        const all = [...Object.keys(LONG_OPTIONS), ...IGNORED_LONG].sort();
        say(ctx, 'out', all.map((n) => (a === '-o' ? `${n.padEnd(15)}\t${LONG_OPTIONS[n] && st.options[LONG_OPTIONS[n]] ? 'on' : 'off'}\n` : `set ${LONG_OPTIONS[n] && st.options[LONG_OPTIONS[n]] ? '-' : '+'}o ${n}\n`)).join(''));
        return 0;
      }
      i++;
      if (LONG_OPTIONS[name]) st.options[LONG_OPTIONS[name]] = a === '-o';
      else if (!IGNORED_LONG.has(name)) {
        say(ctx, 'err', `bash: set: ${name}: invalid option name\n`);
        return 2;
      }
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      for (const l of a.slice(1)) {
        if (SHORT_OPTIONS[l]) st.options[SHORT_OPTIONS[l]] = a[0] === '-';
        else if (!IGNORED_SHORT.includes(l)) {
          say(ctx, 'err', `bash: set: ${a[0]}${l}: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n`);
          return 2;
        }
      }
      continue;
    }
    st.positional = args.slice(i);
    return 0;
  }
  return 0;
};

function quoteValue(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(v) && v !== '' ? v : `'${v.replaceAll("'", `'\\''`)}'`;
}

export const shift: Builtin = (args, ctx) => {
  const st = ctx.state;
  const n = args[0] === undefined ? 1 : Number(args[0]);
  if (!Number.isInteger(n) || n < 0) {
    say(ctx, 'err', `bash: shift: ${args[0]}: numeric argument required\n`);
    return 1;
  }
  if (n > st.positional.length) return 1;
  st.positional = st.positional.slice(n);
  return 0;
};

export const let_: Builtin = (args, ctx, shell) => {
  if (args.length === 0) {
    say(ctx, 'err', 'bash: let: expression expected\n');
    return 1;
  }
  let last = 0n;
  for (const a of args) {
    try {
      last = shell.arithmetic(a, ctx);
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      say(ctx, 'err', `${e.message.replace(/^bash: /, 'bash: let: ')}\n`);
      return 1;
    }
  }
  return last === 0n ? 1 : 0;
};
