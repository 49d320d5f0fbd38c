// cat: stdin passthrough, FILE operands from the session's optional file system, -n numbering.

import type { Command } from '../types.ts';
import { ok, parseOptions, readSources, splitLinesKeepEnds, usageError } from './util.ts';

export const cat: Command = {
  name: 'cat',
  usage: 'cat [-n] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'nAsuv', long: { number: 'n' } });
    if (!parsed.ok) return usageError('cat', parsed.message);
    const { sources, errors } = readSources(input, parsed.opts.operands, 'cat');
    let text = sources.map((s) => s.text).join('');
    if (parsed.opts.flags.has('n')) {
      // GNU numbers lines across all files: six columns, then a tab.
      text = splitLinesKeepEnds(text)
        .map((line, i) => `${String(i + 1).padStart(6)}\t${line}`)
        .join('');
    }
    return ok(text, errors, errors ? 1 : 0);
  },
};
