// What a builtin is: a function of its arguments and the running context that writes to the context's streams
// and returns a status, or a generator (process.ts) when it waits for model time (sleep, wait, fg) or runs
// commands (eval, source).

import type { Ctx, Interpreter } from '../interpreter.ts';
import type { Exec } from '../process.ts';

export type Builtin = (args: string[], ctx: Ctx, shell: Interpreter) => number | Exec;

/** Writes to the builtin's stdout or stderr. */
export function say(ctx: Ctx, stream: 'out' | 'err', text: string): void {
  (stream === 'out' ? ctx.io.out : ctx.io.err).write(text);
}

/** bash's `name: usage: …` error (status 2). */
export function usage(ctx: Ctx, name: string, text: string): number {
  say(ctx, 'err', `bash: ${name}: ${text}\n`);
  return 2;
}

export const isName = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
