// The builtins that steer the shell itself: : true false exit return break continue eval source . sleep alias
// unalias history help type command, and cd/clear for sessions without a file system.

import { parseDuration } from '../../commands/sleep.ts';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, type Exec } from '../process.ts';
import { say, usage, type Builtin } from './types.ts';

export const colon: Builtin = () => 0;
export const trueBuiltin: Builtin = () => 0;
export const falseBuiltin: Builtin = () => 1;

function numericArg(name: string, arg: string | undefined, ctx: Parameters<Builtin>[1]): number | undefined {
  if (arg === undefined) return undefined;
  if (!/^[-+]?\d+$/.test(arg)) {
    say(ctx, 'err', `bash: ${name}: ${arg}: numeric argument required\n`);
    return NaN;
  }
  return Number(arg);
}

export const exit: Builtin = (args, ctx) => {
  const n = numericArg('exit', args[0], ctx);
  if (Number.isNaN(n)) throw new ExitSignal(2);
  if (args.length > 1) {
    say(ctx, 'err', 'bash: exit: too many arguments\n');
    return 1;
  }
  throw new ExitSignal((n ?? ctx.state.lastStatus) & 255);
};

export const returnBuiltin: Builtin = (args, ctx) => {
  if (ctx.funcs === 0 && ctx.sourced === 0) {
    say(ctx, 'err', "bash: return: can only `return' from a function or sourced script\n");
    return 2;
  }
  const n = numericArg('return', args[0], ctx);
  throw new ReturnSignal(Number.isNaN(n) ? 2 : (n ?? ctx.state.lastStatus) & 255);
};

function loopControl(name: 'break' | 'continue'): Builtin {
  return (args, ctx) => {
    const n = numericArg(name, args[0], ctx);
    if (Number.isNaN(n)) return 1;
    if (n !== undefined && n < 1) {
      say(ctx, 'err', `bash: ${name}: ${n}: loop count out of range\n`);
      return 1;
    }
    if (ctx.loops === 0) {
      say(ctx, 'err', `bash: ${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    const levels = Math.min(n ?? 1, ctx.loops);
    throw name === 'break' ? new BreakSignal(levels) : new ContinueSignal(levels);
  };
}
export const breakBuiltin = loopControl('break');
export const continueBuiltin = loopControl('continue');

export const evalBuiltin: Builtin = (args, ctx, shell) => shell.evalText(args.join(' '), ctx);

export const source: Builtin = function* (args, ctx, shell): Exec {
  if (args.length === 0) return usage(ctx, 'source', 'filename argument required\nsource: usage: source filename [arguments]');
  const [path, ...rest] = args as [string, ...string[]];
  const text = shell.session.readFile?.(path);
  if (text === undefined) {
    say(ctx, 'err', `bash: ${path}: No such file or directory\n`);
    return 1;
  }
  const st = ctx.state;
  const positional = st.positional;
  if (rest.length) st.positional = rest;
  try {
    return yield* shell.evalText(text, { ...ctx, sourced: ctx.sourced + 1 });
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    if (rest.length) st.positional = positional;
  }
};

export const sleep: Builtin = function* (args, ctx, shell): Exec {
  const operands = args[0] === '--' ? args.slice(1) : args;
  const fail = (message: string) => {
    say(ctx, 'err', `sleep: ${message}\nTry 'sleep --help' for more information.\n`);
    return 1;
  };
  if (operands.length === 0) return fail('missing operand');
  let total = 0;
  for (const a of operands) {
    if (a.startsWith('-') && a !== '-' && !/^-\d/.test(a)) return fail(`invalid option -- '${a[1]}'`);
    const seconds = parseDuration(a);
    if (seconds === undefined) return fail(`invalid time interval '${a}'`);
    total += seconds;
  }
  yield* shell.sleepUntil(shell.now() + total * 1000, ctx);
  return 0;
};

const bashQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

export const alias: Builtin = (args, ctx, shell) => {
  const aliases = shell.session.aliases;
  const list = (names: string[]) => names.map((n) => `alias ${n}=${bashQuote(aliases.get(n)!)}\n`).join('');
  const names = args.filter((a) => a !== '-p');
  if (names.length === 0) {
    say(ctx, 'out', list([...aliases.keys()].sort()));
    return 0;
  }
  let status = 0;
  for (const arg of names) {
    const eq = arg.indexOf('=');
    if (eq > 0) aliases.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (aliases.has(arg)) say(ctx, 'out', list([arg]));
    else {
      say(ctx, 'err', `bash: alias: ${arg}: not found\n`);
      status = 1;
    }
  }
  return status;
};

export const unalias: Builtin = (args, ctx, shell) => {
  const aliases = shell.session.aliases;
  if (args.length === 0) {
    say(ctx, 'err', 'unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  if (args.includes('-a')) {
    aliases.clear();
    return 0;
  }
  let status = 0;
  for (const name of args) {
    if (!aliases.delete(name)) {
      say(ctx, 'err', `bash: unalias: ${name}: not found\n`);
      status = 1;
    }
  }
  return status;
};

export const history: Builtin = (_args, ctx, shell) => {
  say(ctx, 'out', shell.history.map((line, i) => `${String(i + 1).padStart(5)}  ${line}\n`).join(''));
  return 0;
};

export const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);
/** bash's builtins that the model provides as commands (echo, printf, cd, pwd …) still answer `type` as builtins. */
const BASH_BUILTIN_NAMES = new Set(['echo', 'printf', 'cd', 'pwd', 'test', '[', 'true', 'false', 'kill', 'read', 'type', 'command', 'hash', 'umask', 'getopts', 'shopt', 'times', 'trap', 'ulimit', 'enable', 'disown', 'suspend', 'logout', 'mapfile', 'readarray', 'dirs', 'pushd', 'popd', 'bind', 'builtin', 'caller', 'compgen', 'complete', 'compopt', 'exec', 'fc']);

type Kind = { kind: 'alias' | 'keyword' | 'function' | 'builtin' | 'file'; text: string } | undefined;

function kindOf(name: string, ctx: Parameters<Builtin>[1], shell: Parameters<Builtin>[2]): Kind {
  const alias = shell.session.aliases.get(name);
  if (alias !== undefined) return { kind: 'alias', text: alias };
  if (KEYWORDS.has(name)) return { kind: 'keyword', text: name };
  if (ctx.state.functions.has(name)) return { kind: 'function', text: name };
  if (shell.isBuiltin(name) || BASH_BUILTIN_NAMES.has(name)) return { kind: 'builtin', text: name };
  if (shell.findCommand(name)) return { kind: 'file', text: `/usr/bin/${name}` };
  return undefined;
}

export const type: Builtin = (args, ctx, shell) => {
  const names = args.filter((a) => !/^-[aftpP]+$/.test(a));
  const brief = args.includes('-t');
  let status = 0;
  for (const name of names) {
    const k = kindOf(name, ctx, shell);
    if (!k) {
      if (!brief) say(ctx, 'err', `bash: type: ${name}: not found\n`);
      status = 1;
      continue;
    }
    if (brief) {
      say(ctx, 'out', `${k.kind}\n`);
      continue;
    }
    const text = {
      alias: `${name} is aliased to \`${k.text}'`,
      keyword: `${name} is a shell keyword`,
      function: `${name} is a function`,
      builtin: `${name} is a shell builtin`,
      file: `${name} is ${k.text}`,
    }[k.kind];
    say(ctx, 'out', `${text}\n`);
  }
  return status;
};

export const command: Builtin = function* (args, ctx, shell): Exec {
  if (args[0] === '-v' || args[0] === '-V') {
    let status = 0;
    for (const name of args.slice(1)) {
      const k = kindOf(name, ctx, shell);
      if (!k) {
        if (args[0] === '-V') say(ctx, 'err', `bash: command: ${name}: not found\n`);
        status = 1;
        continue;
      }
      if (args[0] === '-V') {
        yield* shell.runBuiltin(type, [name], ctx);
        continue;
      }
      say(ctx, 'out', k.kind === 'alias' ? `alias ${name}=${bashQuote(k.text)}\n` : `${k.text}\n`);
    }
    return status;
  }
  const rest = args[0] === '-p' ? args.slice(1) : args;
  if (rest.length === 0) return 0;
  // Functions are skipped, builtins and commands run.
  return yield* shell.invoke(rest, ctx, { skipFunctions: true });
};

export const help: Builtin = (_args, ctx, shell) => {
  const lines = [
    ...Object.keys(shell.builtinNames()).sort(),
    ...shell.availableCommands().map((c) => c.usage),
  ];
  say(ctx, 'out', lines.map((l) => `${l}\n`).join(''));
  return 0;
};

/** cd over the session's file system: no argument is $HOME, `-` is $OLDPWD (printed, as bash does). */
export const cdFallback: Builtin = (args, ctx, shell) => {
  const operands = args[0] === '--' ? args.slice(1) : args;
  if (operands.length > 1) {
    say(ctx, 'err', 'bash: cd: too many arguments\n');
    return 1;
  }
  const env = shell.session.env;
  let dir: string | undefined = operands[0] ?? env.get('HOME');
  if (dir === undefined) {
    say(ctx, 'err', 'bash: cd: HOME not set\n');
    return 1;
  }
  const back = dir === '-';
  if (back) {
    dir = env.get('OLDPWD');
    if (dir === undefined) {
      say(ctx, 'err', 'bash: cd: OLDPWD not set\n');
      return 1;
    }
  }
  const problem = shell.session.chdir?.(dir);
  if (problem) {
    say(ctx, 'err', `bash: cd: ${dir}: ${problem}\n`);
    return 1;
  }
  if (back) say(ctx, 'out', `${shell.session.cwd?.() ?? dir}\n`);
  return 0;
};
export const clearFallback: Builtin = () => 0;

/** `exec CMD`: runs CMD (the shell does not really go away). */
export const execBuiltin: Builtin = function* (args, ctx, shell): Exec {
  if (args.length === 0) return 0;
  return yield* shell.invoke(args, ctx);
};

