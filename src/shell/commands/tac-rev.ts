// tac (lines last to first; a last line without a newline is glued to the next, as GNU does) and rev
// (characters of each line reversed, util-linux).

import type { Command } from '../types.ts';
import { ok, parseOptions, readSources, splitLinesKeepEnds, usageError } from './util.ts';

export const tac: Command = {
  name: 'tac',
  usage: 'tac [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'br', valued: 's', long: { separator: 's', before: 'b', regex: 'r' } });
    if (!parsed.ok) return usageError('tac', parsed.message);
    const { sources, errors } = readSources(input, parsed.opts.operands, 'tac', (name, error) =>
      error === 'Is a directory' ? `${name}: read error: Invalid argument` : `failed to open '${name}' for reading: ${error}`);
    const separator = parsed.opts.values.get('s')?.at(-1) ?? '\n';
    const before = parsed.opts.flags.has('b');
    const records = (text: string): string[] => {
      if (separator === '\n' && !before) return splitLinesKeepEnds(text);
      // Each record keeps its separator: after it (default) or before it (-b).
      const parts = text.split(separator);
      if (before) return parts.map((p, k) => (k === 0 ? p : separator + p)).filter((p) => p !== '');
      return parts.map((p, k) => (k < parts.length - 1 ? p + separator : p)).filter((p) => p !== '');
    };
    const out = sources.map((s) => records(s.text).reverse().join('')).join('');
    return ok(out, errors, errors ? 1 : 0);
  },
};

export const rev: Command = {
  name: 'rev',
  usage: 'rev [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: '0', long: { zero: '0' } });
    if (!parsed.ok) return usageError('rev', parsed.message);
    const { sources, errors } = readSources(input, parsed.opts.operands, 'rev', (name, error) =>
      error === 'Is a directory' ? `${name}: 0: Is a directory` : `cannot open ${name}: ${error}`);
    const out = sources
      .map((s) => splitLinesKeepEnds(s.text).map((line) => {
        const nl = line.endsWith('\n') ? '\n' : '';
        return [...line.slice(0, line.length - nl.length)].reverse().join('') + nl;
      }).join(''))
      .join('');
    return ok(out, errors, errors ? 1 : 0);
  },
};
