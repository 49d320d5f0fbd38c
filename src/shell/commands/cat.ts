// cat: stdin passthrough, FILE operands from the session's optional file system, -n numbering.

import type { Command } from '../types.ts';
import { ok, parseOptions, readSources, splitLinesKeepEnds, usageError } from './util.ts';

export const cat: Command = {
  name: 'cat',
  usage: 'cat [-n] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'nbAsuvETe',
      long: { number: 'n', 'number-nonblank': 'b', 'show-all': 'A', 'squeeze-blank': 's', 'show-ends': 'E', 'show-tabs': 'T', 'show-nonprinting': 'v' },
    });
    if (!parsed.ok) return usageError('cat', parsed.message);
    const { sources, errors } = readSources(input, parsed.opts.operands, 'cat');
    let text = sources.map((s) => s.text).join('');
    const f = parsed.opts.flags;
    const showEnds = f.has('A') || f.has('E') || f.has('e');
    const showTabs = f.has('A') || f.has('T');
    const showNonprinting = f.has('A') || f.has('v') || f.has('e');
    if (f.has('s')) text = text.replace(/\n\n\n+/g, '\n\n').replace(/^\n\n+/, '\n');
    if (showEnds || showTabs || showNonprinting) {
      text = [...text].map((ch) => {
        const c = ch.codePointAt(0)!;
        if (ch === '\n') return showEnds ? '$\n' : ch;
        if (ch === '\t') return showTabs ? '^I' : ch;
        if (!showNonprinting) return ch;
        if (c < 32) return `^${String.fromCharCode(c + 64)}`;
        if (c === 127) return '^?';
        if (c >= 128) return [...new TextEncoder().encode(ch)].map((b) => (b >= 160 ? `M-${b === 255 ? '^?' : String.fromCharCode(b - 128)}` : `M-^${String.fromCharCode(b - 128 + 64)}`)).join('');
        return ch;
      }).join('');
    }
    if (f.has('n') || f.has('b')) {
      // GNU numbers lines across all files: six columns, then a tab (-b: non-empty lines only).
      let n = 0;
      text = splitLinesKeepEnds(text)
        .map((line) => (f.has('b') && /^(\$?)\n$/.test(line) ? line : `${String(++n).padStart(6)}\t${line}`))
        .join('');
    }
    return ok(text, errors, errors ? 1 : 0);
  },
};
