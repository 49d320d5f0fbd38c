// tail: -n N, -N, -n +N (from line N on), -c N / -c +N. -f is accepted and ignored (nothing grows here).

import type { Command } from '../types.ts';
import { cannotOpen, fileHeader, ok, parseOptions, sliceUtf8, readSources, rewriteObsoleteCount, splitLinesKeepEnds, usageError, utf8Length } from './util.ts';

/** `N`, `-N` (the same) or `+N` (starting at N). */
function parseTailCount(text: string): { count: number; fromStart: boolean } | undefined {
  const m = /^([+-]?)(\d+)$/.exec(text);
  return m ? { count: Number(m[2]), fromStart: m[1] === '+' } : undefined;
}

export const tail: Command = {
  name: 'tail',
  usage: 'tail [-n [+]N] [-c [+]N] [-q] [FILE]...',
  run(input) {
    const parsed = parseOptions(rewriteObsoleteCount(input.args, 'n'), {
      flags: 'qvfF',
      valued: 'nc',
      long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v', follow: 'f' },
    });
    if (!parsed.ok) return usageError('tail', parsed.message);
    const o = parsed.opts;
    const last = [...o.sequence].reverse().find((s) => s.letter === 'n' || s.letter === 'c');
    const byBytes = last?.letter === 'c';
    const spec = last?.value === undefined ? { count: 10, fromStart: false } : parseTailCount(last.value);
    if (!spec) return { stdout: '', stderr: `tail: invalid number of ${byBytes ? 'bytes' : 'lines'}: '${last!.value}'\n`, exitCode: 1 };

    const { sources, errors } = readSources(input, o.operands, 'tail', cannotOpen);
    const headers = o.flags.has('v') || (!o.flags.has('q') && o.operands.length > 1);
    let stdout = '';
    sources.forEach((s, k) => {
      if (headers) stdout += fileHeader(s.name, k);
      if (byBytes) {
        const size = utf8Length(s.text);
        const from = spec.fromStart ? Math.max(0, spec.count - 1) : Math.max(0, size - spec.count);
        stdout += sliceUtf8(s.text, from);
      } else {
        const lines = splitLinesKeepEnds(s.text);
        const from = spec.fromStart ? Math.max(0, spec.count - 1) : Math.max(0, lines.length - spec.count);
        stdout += lines.slice(from).join('');
      }
    });
    return ok(stdout, errors, errors ? 1 : 0);
  },
};
