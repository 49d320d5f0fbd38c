// The builtin table. Builtins come before registered commands (as bash's do before $PATH); the fallbacks only
// when the registry has no command of that name.

import { fg, jobs, kill, wait } from './jobs.ts';
import { read } from './read.ts';
import {
  alias, breakBuiltin, cdFallback, clearFallback, colon, command, continueBuiltin, evalBuiltin, execBuiltin, exit,
  falseBuiltin, help, history, returnBuiltin, sleep, source, trueBuiltin, type, unalias,
} from './shell.ts';
import { bracket, test } from './test.ts';
import type { Builtin } from './types.ts';
import { declare, exportBuiltin, let_, local, readonly, set, shift, unset } from './variables.ts';

export const BUILTINS: Record<string, Builtin> = {
  ':': colon,
  true: trueBuiltin,
  false: falseBuiltin,
  exit,
  return: returnBuiltin,
  break: breakBuiltin,
  continue: continueBuiltin,
  eval: evalBuiltin,
  exec: execBuiltin,
  source,
  '.': source,
  sleep,
  alias,
  unalias,
  history,
  help,
  type,
  command,
  test,
  '[': bracket,
  read,
  export: exportBuiltin,
  unset,
  local,
  declare,
  typeset: declare,
  readonly,
  set,
  shift,
  let: let_,
  jobs,
  wait,
  fg,
  kill,
};

export const FALLBACK_BUILTINS: Record<string, Builtin> = {
  cd: cdFallback,
  clear: clearFallback,
};

export type { Builtin } from './types.ts';
