// fold [-w WIDTH] [-s] [-b] [FILE]...: lines broken at WIDTH columns (a tab to the next multiple of 8, a
// backspace one back, a carriage return to 0; -b counts bytes); -s breaks after the last blank that fits.

import type { Command } from '../types.ts';
import { ok, parseCount, parseOptions, readSources, rewriteObsoleteCount, splitLinesKeepEnds, usageError, utf8Length } from './util.ts';

function foldLine(line: string, width: number, spaces: boolean, bytes: boolean): string {
  const chars = [...line];
  let out = '';
  let current: string[] = [];
  let column = 0;
  const advance = (col: number, ch: string) => {
    if (bytes) return col + utf8Length(ch);
    if (ch === '\t') return col + 8 - (col % 8);
    if (ch === '\b') return Math.max(0, col - 1);
    if (ch === '\r') return 0;
    return col + 1;
  };
  for (const ch of chars) {
    if (ch === '\n') {
      current.push(ch);
      continue;
    }
    let next = advance(column, ch);
    if (next > width) {
      let carried: string[] = [];
      if (spaces) {
        const blank = current.map((c) => c === ' ' || c === '\t').lastIndexOf(true);
        if (blank >= 0) {
          carried = current.slice(blank + 1);
          current = current.slice(0, blank + 1);
        }
      }
      out += `${current.join('')}\n`;
      current = carried;
      column = carried.reduce(advance, 0);
      next = advance(column, ch);
    }
    current.push(ch);
    column = next;
  }
  return out + current.join('');
}

export const fold: Command = {
  name: 'fold',
  usage: 'fold [-bs] [-w WIDTH] [FILE]...',
  run(input) {
    const parsed = parseOptions(rewriteObsoleteCount(input.args, 'w'), { flags: 'bs', valued: 'w', long: { bytes: 'b', spaces: 's', width: 'w' } });
    if (!parsed.ok) return usageError('fold', parsed.message);
    const o = parsed.opts;
    const text = o.values.get('w')?.at(-1) ?? '80';
    const width = parseCount(text);
    if (width === undefined || width === 0) return { stdout: '', stderr: `fold: invalid number of columns: ‘${text}’${width === 0 ? ': Numerical result out of range' : ''}\n`, exitCode: 1 };
    const { sources, errors } = readSources(input, o.operands, 'fold');
    const out = sources.map((s) => splitLinesKeepEnds(s.text).map((l) => foldLine(l, width, o.flags.has('s'), o.flags.has('b'))).join('')).join('');
    return ok(out, errors, errors ? 1 : 0);
  },
};
