// echo as bash's builtin: -n, -e, -E (combinable, e.g. -ne); anything else, even --help, is printed.

import type { Command } from '../types.ts';
import { ok } from './util.ts';

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Interprets backslash escapes; `stop` is true after \c (print nothing more, not even the newline). */
export function interpretEscapes(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[i + 1]!;
    if (n === 'c') return { text: out, stop: true };
    if (SIMPLE_ESCAPES[n] !== undefined) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (n === '0') {
      const digits = /^[0-7]{0,3}/.exec(text.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i += 1 + digits.length;
    } else if (n === 'x' && /^[0-9A-Fa-f]/.test(text.slice(i + 2))) {
      const digits = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(digits, 16));
      i += 1 + digits.length;
    } else if ((n === 'u' || n === 'U') && /^[0-9A-Fa-f]/.test(text.slice(i + 2))) {
      const digits = new RegExp(`^[0-9A-Fa-f]{1,${n === 'u' ? 4 : 8}}`).exec(text.slice(i + 2))![0];
      const cp = parseInt(digits, 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${n}${digits}`;
      i += 1 + digits.length;
    } else {
      out += c; // unknown escape: kept as typed
    }
  }
  return { text: out, stop: false };
}

export const echo: Command = {
  name: 'echo',
  usage: 'echo [-neE] [ARG]...',
  run({ args }) {
    let newline = true;
    let escapes = false;
    let k = 0;
    for (; k < args.length && /^-[neE]+$/.test(args[k]!); k++) {
      for (const f of args[k]!.slice(1)) {
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    const text = args.slice(k).join(' ');
    if (!escapes) return ok(newline ? `${text}\n` : text);
    const r = interpretEscapes(text);
    return ok(r.stop || !newline ? r.text : `${r.text}\n`);
  },
};
