// seq [-s SEP] [-w] [-f FORMAT] [FIRST [INCREMENT]] LAST, as GNU coreutils prints it: integers when every operand
// is one, otherwise a fixed number of decimals (the most that FIRST or INCREMENT has), -w pads with zeros to
// the widest number, -f takes a printf floating-point format (%g %e %f with flags and width).

import type { Command } from '../types.ts';
import { formatFloat, fixed } from './printf.ts';
import { ok, parseOptions, usageError } from './util.ts';

/** The operand's value and its decimals as seq counts them (an exponent lowers them: 1.5e1 has 0). */
function operand(text: string): { value: number; decimals: number } | undefined {
  const m = /^[ \t]*[-+]?(?:(\d*)\.?(\d*))(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m || (m[1] === '' && m[2] === '') || !/\d/.test(text)) {
    if (/^[ \t]*[-+]?(inf(inity)?|nan)$/i.test(text)) return { value: Number(text.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN')), decimals: 0 };
    return undefined;
  }
  const decimals = Math.max(0, (m[2] ?? '').length - Number(m[3] ?? '0'));
  return { value: Number(text.trim()), decimals };
}

export const seq: Command = {
  name: 'seq',
  usage: 'seq [-w] [-s SEP] [-f FORMAT] [FIRST [INCREMENT]] LAST',
  run(input) {
    // Negative numbers are operands, not options.
    const args = input.args.map((a) => (/^-\d|^-\.\d/.test(a) ? `\u0000${a}` : a));
    const parsed = parseOptions(args, { flags: 'w', valued: 'sf', long: { separator: 's', format: 'f', 'equal-width': 'w' } });
    if (!parsed.ok) return usageError('seq', parsed.message);
    const o = parsed.opts;
    const operands = o.operands.map((a) => a.replace(/^\u0000/, ''));
    if (operands.length === 0) return usageError('seq', 'missing operand');
    if (operands.length > 3) return usageError('seq', `extra operand ‘${operands[3]}’`);
    const values = [];
    for (const text of operands) {
      const v = operand(text);
      if (!v) return usageError('seq', `invalid floating point argument: ‘${text}’`);
      values.push(v);
    }
    const first = values.length > 1 ? values[0]! : { value: 1, decimals: 0 };
    const step = values.length === 3 ? values[1]! : { value: 1, decimals: 0 };
    const last = values.at(-1)!;
    if (step.value === 0) return usageError('seq', `invalid Zero increment value: ‘${operands[1]}’`);
    const separator = o.values.get('s')?.at(-1) ?? '\n';
    const format = o.values.get('f')?.at(-1);
    if (format !== undefined && o.flags.has('w')) return usageError('seq', 'format string may not be specified when printing equal width strings');

    let render: (n: number) => string;
    if (format !== undefined) {
      const m = /^((?:[^%]|%%)*)%([-+ 0#']*)(\d+)?(?:\.(\d+))?([feEgGaA])((?:[^%]|%%)*)$/.exec(format);
      if (!m) return { stdout: '', stderr: `seq: format ‘${format}’ has no % directive\n`, exitCode: 1 };
      const spec = { flags: m[2]!, width: m[3] === undefined ? undefined : Number(m[3]), precision: m[4] === undefined ? undefined : Number(m[4]), conversion: m[5]! };
      const unescape = (s: string) => s.replaceAll('%%', '%');
      render = (n) => unescape(m[1]!) + formatFloat(spec, n) + unescape(m[6]!);
    } else {
      const decimals = Math.max(first.decimals, step.decimals);
      // Safe integers print as JavaScript prints them, and far faster than through printf's exact decimals.
      const plain = (n: number) => (decimals === 0 && Number.isSafeInteger(n) && !Object.is(n, -0) ? String(n) : (n < 0 || Object.is(n, -0) ? '-' : '') + fixed(Math.abs(n), decimals));
      if (o.flags.has('w')) {
        const width = Math.max(plain(first.value).length, plain(last.value).length);
        render = (n) => {
          const text = plain(n);
          return text.startsWith('-') ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0');
        };
      } else render = plain;
    }

    const out: string[] = [];
    // Pipeline stages run one after another here, so seq cannot stop when its reader does: like yes, it writes a
    // bounded amount (200,000 numbers, over 1 MiB) and says so, rather than hold a browser tab for seconds.
    const limit = 200_000;
    for (let k = 0; ; k++) {
      const n = first.value + k * step.value;
      if (step.value > 0 ? n > last.value + Math.abs(step.value) * 1e-12 : n < last.value - Math.abs(step.value) * 1e-12) break;
      if (k >= limit) return { stdout: out.join(separator) + '\n', stderr: `seq: stopped after ${limit} numbers (this shell bounds seq)\n`, exitCode: 1 };
      out.push(render(n));
    }
    return ok(out.length ? `${out.join(separator)}\n` : '');
  },
};
