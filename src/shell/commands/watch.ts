// watch: non-interactive it runs the command once and prints procps watch's screen as text:
// `Every 2.0s: CMD  HOST: DATE`, a blank line, then the command's output (stdout and stderr, as watch captures both).
// Interactive faces can drive repeated frames with parseWatchArgs + watchFrame.

import type { Command, CommandInput, Session } from '../types.ts';
import { formatDate } from './date.ts';
import { fail, ok, parseOptions } from './util.ts';

export interface WatchOptions {
  intervalSeconds: number;
  differences: boolean;
  noTitle: boolean;
  /** The command line run by `sh -c`: the words joined by spaces, as watch does. */
  commandLine: string;
}

const WATCH_USAGE = '\nUsage:\n watch [options] command\n';

export function parseWatchArgs(args: readonly string[]): WatchOptions | { error: string } {
  const parsed = parseOptions(args, {
    flags: 'dtbexgcp',
    valued: 'n',
    long: { interval: 'n', differences: 'd', 'no-title': 't', beep: 'b', errexit: 'e', exec: 'x', chgexit: 'g', color: 'c', precise: 'p' },
    stopAtFirstOperand: true,
  });
  if (!parsed.ok) return { error: `watch: ${parsed.message}${WATCH_USAGE}` };
  const o = parsed.opts;
  let intervalSeconds = 2;
  const n = o.values.get('n')?.at(-1);
  if (n !== undefined) {
    const value = /^(\d+\.?\d*|\.\d+)$/.test(n.replace(',', '.')) ? Number(n.replace(',', '.')) : NaN;
    if (Number.isNaN(value)) return { error: `watch: failed to parse argument: '${n}'\n` };
    intervalSeconds = Math.max(0.1, value);
  }
  if (o.operands.length === 0) return { error: WATCH_USAGE };
  return { intervalSeconds, differences: o.flags.has('d'), noTitle: o.flags.has('t'), commandLine: o.operands.join(' ') };
}

/** One screen of watch: title, blank line, output. */
export function watchFrame(options: WatchOptions, session: Session, exec: CommandInput['exec']): string {
  const result = exec(options.commandLine);
  const body = result.stdout + result.stderr;
  if (options.noTitle) return body;
  const when = formatDate(session.now(), '%a %b %e %H:%M:%S %Y');
  return `Every ${options.intervalSeconds.toFixed(1)}s: ${options.commandLine}  ${session.host().hostname}: ${when}\n\n${body}`;
}

export const watch: Command = {
  name: 'watch',
  usage: 'watch [-n SECONDS] [-d] [-t] COMMAND...',
  run({ args, session, exec }) {
    const options = parseWatchArgs(args);
    if ('error' in options) return { stdout: '', stderr: options.error, exitCode: 1 };
    if (options.commandLine.trim() === '') return fail('watch', 'no command given');
    return ok(watchFrame(options, session, exec));
  },
};
