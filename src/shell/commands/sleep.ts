// sleep: advances model time; NUMBER[smhd]..., summed, fractions allowed, as GNU sleep.

import type { Command } from '../types.ts';
import { ok, usageError } from './util.ts';

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds for a GNU duration like `0.5`, `1s`, `2m`; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  // GNU sleep reads the number with strtod: exponents (1e3) and inf/infinity (sleep forever) included.
  const m = /^(\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\+?inf(?:inity)?)([smhd]?)$/i.exec(text);
  if (!m) return undefined;
  const n = /^\+?inf/i.test(m[1]!) ? Infinity : Number(m[1]);
  return n * UNIT_SECONDS[m[2]!]!;
}

export const sleep: Command = {
  name: 'sleep',
  usage: 'sleep NUMBER[SUFFIX]...',
  run({ args, session }) {
    const operands = args[0] === '--' ? args.slice(1) : args;
    if (operands.length === 0) return usageError('sleep', 'missing operand');
    let total = 0;
    for (const a of operands) {
      if (a.startsWith('-') && a !== '-' && !/^-\d/.test(a)) return usageError('sleep', `invalid option -- '${a[1]}'`);
      const seconds = parseDuration(a);
      if (seconds === undefined) return usageError('sleep', `invalid time interval '${a}'`);
      total += seconds;
    }
    session.advance(total);
    return ok('');
  },
};
