// hostname: the current host's name (-s: up to the first dot).

import type { Command } from '../types.ts';
import { ok, parseOptions, usageError } from './util.ts';

export const hostname: Command = {
  name: 'hostname',
  usage: 'hostname [-s]',
  run({ args, session }) {
    const parsed = parseOptions(args, { flags: 's', long: { short: 's' } });
    if (!parsed.ok) return usageError('hostname', parsed.message);
    const name = session.host().hostname;
    return ok(`${parsed.opts.flags.has('s') ? name.split('.')[0] : name}\n`);
  },
};
