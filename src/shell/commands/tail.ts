// tail: -n N, -N, -n +N (from line N on), -c N / -c +N. -f is accepted and ignored (nothing grows here).

import type { Command } from '../types.ts';
import { runSliceTool } from './head-tail.ts';
import { sliceUtf8, splitLinesKeepEnds, utf8Length } from './util.ts';

interface TailCount {
  count: number;
  /** `+N`: starting at the Nth line (or byte). */
  fromStart: boolean;
}

export const tail: Command = {
  name: 'tail',
  usage: 'tail [-n [+]N] [-c [+]N] [-q] [FILE]...',
  run: (input) =>
    runSliceTool<TailCount>(input, {
      name: 'tail',
      extraFlags: 'fF',
      extraLong: { follow: 'f' },
      defaultSpec: { count: 10, fromStart: false },
      parseCount(text) {
        const m = /^([+-]?)(\d+)$/.exec(text);
        return m ? { count: Number(m[2]), fromStart: m[1] === '+' } : undefined;
      },
      slice(text, byBytes, { count, fromStart }) {
        if (byBytes) {
          const size = utf8Length(text);
          return sliceUtf8(text, fromStart ? Math.max(0, count - 1) : Math.max(0, size - count));
        }
        const lines = splitLinesKeepEnds(text);
        return lines.slice(fromStart ? Math.max(0, count - 1) : Math.max(0, lines.length - count)).join('');
      },
    }),
};
