// tee: stdin to stdout and to each FILE (through the session's optional file system; /dev/null always works).

import type { Command } from '../types.ts';
import { ok, parseOptions, usageError } from './util.ts';

export const tee: Command = {
  name: 'tee',
  usage: 'tee [-a] [FILE]...',
  run({ args, stdin, session }) {
    const parsed = parseOptions(args, { flags: 'ai', long: { append: 'a', 'ignore-interrupts': 'i' } });
    if (!parsed.ok) return usageError('tee', parsed.message);
    let stderr = '';
    for (const file of parsed.opts.operands) {
      if (file === '/dev/null') continue;
      const problem = session.writeFile ? session.writeFile(file, stdin, parsed.opts.flags.has('a')) : 'Read-only file system';
      if (problem) stderr += `tee: ${file}: ${problem}\n`;
    }
    return ok(stdin, stderr, stderr ? 1 : 0);
  },
};
