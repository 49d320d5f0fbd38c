// What was done to one of the page's clusters, in order, enough to build it again exactly on a fresh copy of its
// starting cluster: the lines its terminals ran (with the records of live runs) and the widgets' actions. A
// shared link carries one (share-link.ts), and the engine worker rebuilds a cluster from one (host.ts).
//
// A log comes from a URL, so it is checked here as untrusted input: its shape, and bounds on how much it may
// ask the engine to do. It is never anything but commands for our shell on our model and calls from our table.
import { LIVE_NONSTOP_COMMAND_LIMIT } from '../../shell/bash/process.ts';

import type { LoggedInput } from '../../terminal/terminal-session.ts';
import { CALLS, type CallName, READ_ONLY_CALLS } from './calls.ts';

export type ClusterLogEntry =
  /** Session `s`: the s-th terminal opened on the cluster (0: the first). */
  | { s: number; in: LoggedInput }
  | { call: CallName; args: unknown };

export interface ClusterLog {
  /** The scenario whose starting cluster it began from; none: the lab's cluster. */
  scenario?: string;
  entries: ClusterLogEntry[];
}

/** Bounds on what a log may ask for: a long study session fits, a hostile link does not get far. */
export const LOG_LIMITS = {
  entries: 2_000,
  lineChars: 4_096,
  sessions: 4,
  /** Ticks of live runs in all (an hour of them). */
  ticks: 72_000,
  /** Commands of all recorded slices together. */
  commands: 2_000_000,
  watchScreens: 3_600,
  argsChars: 2_000,
} as const;

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

/** The log in `value` (parsed JSON from a link), or why it is not one. */
export function validateClusterLog(value: unknown): { log: ClusterLog } | { error: string } {
  if (!isObject(value) || !onlyKeys(value, ['scenario', 'entries'])) return { error: 'it is not a cluster log' };
  const { scenario, entries } = value;
  if (scenario !== undefined && (typeof scenario !== 'string' || !/^[a-z0-9-]{1,60}$/.test(scenario))) return { error: 'its scenario name is not one of ours' };
  if (!Array.isArray(entries)) return { error: 'it has no list of entries' };
  if (entries.length > LOG_LIMITS.entries) return { error: `it has ${entries.length} entries; a link holds at most ${LOG_LIMITS.entries}` };
  const budget = { ticks: 0, commands: 0 };
  for (const [i, entry] of entries.entries()) {
    const why = entryError(entry, budget);
    if (why) return { error: `entry ${i + 1}: ${why}` };
  }
  if (budget.ticks > LOG_LIMITS.ticks) return { error: `its live runs last ${budget.ticks} ticks; a link holds at most ${LOG_LIMITS.ticks}` };
  if (budget.commands > LOG_LIMITS.commands) return { error: `its live runs ran ${budget.commands} commands; a link holds at most ${LOG_LIMITS.commands}` };
  return { log: value as unknown as ClusterLog };
}

function entryError(entry: unknown, budget: { ticks: number; commands: number }): string | undefined {
  if (!isObject(entry)) return 'not an object';
  if ('call' in entry) {
    if (!onlyKeys(entry, ['call', 'args'])) return 'a call with unknown fields';
    if (typeof entry.call !== 'string' || !Object.hasOwn(CALLS, entry.call) || READ_ONLY_CALLS.has(entry.call as CallName)) return 'not a widget action of this site';
    if (JSON.stringify(entry.args ?? null).length > LOG_LIMITS.argsChars) return 'its arguments are too long';
    return undefined;
  }
  if (!onlyKeys(entry, ['s', 'in']) || !isInt(entry.s, 0, LOG_LIMITS.sessions - 1)) return 'not a terminal input';
  const input = entry.in;
  if (!isObject(input)) return 'not a terminal input';
  if ('cancel' in input) return onlyKeys(input, ['cancel']) && input.cancel === true ? undefined : 'a malformed Ctrl-C';
  if ('eof' in input) return onlyKeys(input, ['eof']) && input.eof === true ? undefined : 'a malformed Ctrl-D';
  if (!onlyKeys(input, ['line', 'step', 'live', 'watch'])) return 'a line with unknown fields';
  if (typeof input.line !== 'string' || input.line.length > LOG_LIMITS.lineChars) return `a line must be text of at most ${LOG_LIMITS.lineChars} characters`;
  // A terminal never submits a line break: the editor ends the line there.
  if (/[\r\n]/.test(input.line)) return 'a line with a line break in it';
  if (input.step !== undefined && input.step !== true) return 'a malformed step';
  if (input.watch !== undefined && !isInt(input.watch, 1, LOG_LIMITS.watchScreens)) return 'a malformed watch';
  if (input.live !== undefined) return liveError(input.live, budget);
  return undefined;
}

function liveError(live: unknown, budget: { ticks: number; commands: number }): string | undefined {
  if (!isObject(live) || !onlyKeys(live, ['first', 'ticks', 'interrupted'])) return 'a malformed run record';
  if (typeof live.interrupted !== 'boolean' || !Array.isArray(live.ticks)) return 'a malformed run record';
  const slice = (n: unknown) => isInt(n, 0, LIVE_NONSTOP_COMMAND_LIMIT);
  if (live.first !== undefined && !slice(live.first)) return 'a malformed first slice';
  budget.commands += (live.first as number | undefined) ?? 0;
  for (const tick of live.ticks as unknown[]) {
    if (!Array.isArray(tick) || tick.length < 1 || tick.length > 2 || !isInt(tick[0], 0, LOG_LIMITS.ticks)) return 'a malformed tick';
    if (tick.length === 2 && !slice(tick[1])) return 'a malformed tick';
    budget.ticks += Math.max(1, tick[0] as number);
    budget.commands += (tick[1] as number | undefined) ?? 0;
  }
  return undefined;
}

