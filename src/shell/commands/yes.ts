// yes [STRING]...: the line again and again. Our pipeline stages run one after another, so yes cannot run until
// its reader exits as the real one does (SIGPIPE): it writes a bounded amount, YES_LIMIT_BYTES (about 16 pipe
// buffers' worth, at least one line), which is more than `yes | head`, `yes | sed 5q` or an answered prompt read.
// A reader that wants more than that gets the bounded amount and a note on stderr.

import type { Command } from '../types.ts';
import { ok, utf8Length } from './util.ts';

export const YES_LIMIT_BYTES = 1 << 20;

export const yes: Command = {
  name: 'yes',
  usage: 'yes [STRING]...',
  run({ args }) {
    const words = args[0] === '--' ? args.slice(1) : args;
    const line = `${words.length ? words.join(' ') : 'y'}\n`;
    const count = Math.max(1, Math.floor(YES_LIMIT_BYTES / utf8Length(line)));
    return ok(line.repeat(count));
  },
};
