// head: -n N, -N, -n -N (all but the last N), -c N, -q/-v headers for several files.

import type { Command } from '../types.ts';
import { cannotOpen, fileHeader, ok, parseOptions, sliceUtf8, readSources, rewriteObsoleteCount, splitLinesKeepEnds, usageError, utf8Length } from './util.ts';

/** `N` or `-N` (head's "all but the last N"). */
function parseSignedCount(text: string): { count: number; allBut: boolean } | undefined {
  const m = /^(-?)(\d+)$/.exec(text);
  return m ? { count: Number(m[2]), allBut: m[1] === '-' } : undefined;
}

export const head: Command = {
  name: 'head',
  usage: 'head [-n N] [-c N] [-q] [FILE]...',
  run(input) {
    const parsed = parseOptions(rewriteObsoleteCount(input.args, 'n'), {
      flags: 'qv',
      valued: 'nc',
      long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v' },
    });
    if (!parsed.ok) return usageError('head', parsed.message);
    const o = parsed.opts;
    // The last of -n / -c wins.
    const last = [...o.sequence].reverse().find((s) => s.letter === 'n' || s.letter === 'c');
    const byBytes = last?.letter === 'c';
    const spec = last?.value === undefined ? { count: 10, allBut: false } : parseSignedCount(last.value);
    if (!spec) return { stdout: '', stderr: `head: invalid number of ${byBytes ? 'bytes' : 'lines'}: '${last!.value}'\n`, exitCode: 1 };

    const { sources, errors } = readSources(input, o.operands, 'head', cannotOpen);
    const headers = o.flags.has('v') || (!o.flags.has('q') && o.operands.length > 1);
    let stdout = '';
    sources.forEach((s, k) => {
      if (headers) stdout += fileHeader(s.name, k);
      if (byBytes) {
        const size = utf8Length(s.text);
        stdout += sliceUtf8(s.text, 0, spec.allBut ? Math.max(0, size - spec.count) : spec.count);
      } else {
        const lines = splitLinesKeepEnds(s.text);
        stdout += (spec.allBut ? lines.slice(0, Math.max(0, lines.length - spec.count)) : lines.slice(0, spec.count)).join('');
      }
    });
    return ok(stdout, errors, errors ? 1 : 0);
  },
};
