// wc: -l -w -c -m -L with GNU's column widths (7 for a pipe, the digits of the total size for files,
// 1 when a single count of a single input is printed).

import type { Command } from '../types.ts';
import { ok, parseOptions, readPath, usageError, utf8Length, type Source } from './util.ts';

type Count = 'l' | 'w' | 'm' | 'c' | 'L';
const ORDER: Count[] = ['l', 'w', 'm', 'c', 'L'];

function count(text: string, what: Count): number {
  switch (what) {
    case 'l':
      return (text.match(/\n/g) ?? []).length;
    case 'w':
      return (text.match(/[^ \t\n\r\f\v]+/g) ?? []).length;
    case 'm':
      return [...text].length;
    case 'c':
      return utf8Length(text);
    case 'L':
      return Math.max(0, ...text.split('\n').map((l) => [...l.replace(/\t/g, '        ')].length));
  }
}

export const wc: Command = {
  name: 'wc',
  usage: 'wc [-lwcmL] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'lwcmL',
      long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' },
    });
    if (!parsed.ok) return usageError('wc', parsed.message);
    const chosen = ORDER.filter((c) => parsed.opts.flags.has(c));
    const counts: Count[] = chosen.length > 0 ? chosen : ['l', 'w', 'c'];
    const operands = parsed.opts.operands;
    // A directory is an error, and still gets a line of zeros (GNU counts what it could read).
    const sources: (Source & { special?: boolean })[] = [];
    let errors = '';
    for (const name of operands.length ? operands : ['-']) {
      if (name === '-') {
        sources.push({ name, text: input.stdin });
        continue;
      }
      const r = readPath(input.session, name);
      if (r.ok) sources.push({ name, text: r.text });
      else {
        errors += `wc: ${name}: ${r.error}\n`;
        if (r.error === 'Is a directory') sources.push({ name, text: '', special: true });
      }
    }

    const inputs = operands.length === 0 ? 1 : operands.length;
    let width = 1;
    if (!(inputs === 1 && counts.length === 1)) {
      const fromPipe = sources.some((s) => s.name === '-' || s.special);
      const totalSize = sources.filter((s) => s.name !== '-').reduce((n, s) => n + utf8Length(s.text), 0);
      width = Math.max(fromPipe ? 7 : 1, String(totalSize).length);
    }
    const format = (values: number[], name?: string) =>
      values.map((v) => String(v).padStart(width)).join(' ') + (name === undefined ? '' : ` ${name}`) + '\n';

    let stdout = '';
    const totals = counts.map(() => 0);
    for (const s of sources) {
      const values = counts.map((c) => count(s.text, c));
      values.forEach((v, k) => {
        totals[k] = counts[k] === 'L' ? Math.max(totals[k]!, v) : totals[k]! + v;
      });
      stdout += format(values, operands.length === 0 ? undefined : s.name);
    }
    if (operands.length > 1) stdout += format(totals, 'total');
    return ok(stdout, errors, errors ? 1 : 0);
  },
};
