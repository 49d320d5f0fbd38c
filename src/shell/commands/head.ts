// head: -n N, -N, -n -N (all but the last N), -c N, -q/-v headers for several files.

import type { Command } from '../types.ts';
import { runSliceTool } from './head-tail.ts';
import { sliceUtf8, splitLinesKeepEnds, utf8Length } from './util.ts';

interface HeadCount {
  count: number;
  /** `-n -N`: everything but the last N. */
  allBut: boolean;
}

export const head: Command = {
  name: 'head',
  usage: 'head [-n N] [-c N] [-q] [FILE]...',
  run: (input) =>
    runSliceTool<HeadCount>(input, {
      name: 'head',
      defaultSpec: { count: 10, allBut: false },
      parseCount(text) {
        const m = /^([-+]?)(\d+)$/.exec(text);
        return m ? { count: Number(m[2]), allBut: m[1] === '-' } : undefined;
      },
      slice(text, byBytes, { count, allBut }) {
        if (byBytes) {
          const size = utf8Length(text);
          return sliceUtf8(text, 0, allBut ? Math.max(0, size - count) : count);
        }
        if (!allBut) {
          // The first N lines without splitting the whole input (yes | head reads a large bounded stream).
          let end = 0;
          for (let k = 0; k < count && end < text.length; k++) {
            const nl = text.indexOf('\n', end);
            end = nl < 0 ? text.length : nl + 1;
          }
          return text.slice(0, end);
        }
        const lines = splitLinesKeepEnds(text);
        return lines.slice(0, Math.max(0, lines.length - count)).join('');
      },
    }),
};
