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

/** What is wrong with one entry of an untrusted log. */
export type EntryFault =
  | 'not-object' | 'call-fields' | 'not-action' | 'args-long' | 'not-input' | 'ctrl-c' | 'ctrl-d' | 'line-fields' | 'line-long'
  | 'line-break' | 'step' | 'watch' | 'run' | 'first-slice' | 'tick';

/** Why an untrusted log is not one, as data: the page words it in its language (src/widgets/shared/share-link.ts). */
export type LogProblem =
  | { why: 'not-log' }
  | { why: 'scenario-name' }
  | { why: 'no-entries' }
  | { why: 'entries' | 'ticks' | 'commands'; count: number; max: number }
  | { why: 'entry'; n: number; fault: EntryFault; max?: number };

/** The log in `value` (parsed JSON from a link), or why it is not one. */
export function validateClusterLog(value: unknown): { log: ClusterLog } | { error: LogProblem } {
  if (!isObject(value) || !onlyKeys(value, ['scenario', 'entries'])) return { error: { why: 'not-log' } };
  const { scenario, entries } = value;
  if (scenario !== undefined && (typeof scenario !== 'string' || !/^[a-z0-9-]{1,60}$/.test(scenario))) return { error: { why: 'scenario-name' } };
  if (!Array.isArray(entries)) return { error: { why: 'no-entries' } };
  if (entries.length > LOG_LIMITS.entries) return { error: { why: 'entries', count: entries.length, max: LOG_LIMITS.entries } };
  const budget = { ticks: 0, commands: 0 };
  for (const [i, entry] of entries.entries()) {
    const fault = entryError(entry, budget);
    if (fault) return { error: { why: 'entry', n: i + 1, fault, ...(fault === 'line-long' ? { max: LOG_LIMITS.lineChars } : {}) } };
  }
  if (budget.ticks > LOG_LIMITS.ticks) return { error: { why: 'ticks', count: budget.ticks, max: LOG_LIMITS.ticks } };
  if (budget.commands > LOG_LIMITS.commands) return { error: { why: 'commands', count: budget.commands, max: LOG_LIMITS.commands } };
  return { log: value as unknown as ClusterLog };
}

function entryError(entry: unknown, budget: { ticks: number; commands: number }): EntryFault | undefined {
  if (!isObject(entry)) return 'not-object';
  if ('call' in entry) {
    if (!onlyKeys(entry, ['call', 'args'])) return 'call-fields';
    if (typeof entry.call !== 'string' || !Object.hasOwn(CALLS, entry.call) || READ_ONLY_CALLS.has(entry.call as CallName)) return 'not-action';
    if (JSON.stringify(entry.args ?? null).length > LOG_LIMITS.argsChars) return 'args-long';
    return undefined;
  }
  if (!onlyKeys(entry, ['s', 'in']) || !isInt(entry.s, 0, LOG_LIMITS.sessions - 1)) return 'not-input';
  const input = entry.in;
  if (!isObject(input)) return 'not-input';
  if ('cancel' in input) return onlyKeys(input, ['cancel']) && input.cancel === true ? undefined : 'ctrl-c';
  if ('eof' in input) return onlyKeys(input, ['eof']) && input.eof === true ? undefined : 'ctrl-d';
  if (!onlyKeys(input, ['line', 'step', 'live', 'watch'])) return 'line-fields';
  if (typeof input.line !== 'string' || input.line.length > LOG_LIMITS.lineChars) return 'line-long';
  // A terminal never submits a line break: the editor ends the line there.
  if (/[\r\n]/.test(input.line)) return 'line-break';
  if (input.step !== undefined && input.step !== true) return 'step';
  if (input.watch !== undefined && !isInt(input.watch, 1, LOG_LIMITS.watchScreens)) return 'watch';
  if (input.live !== undefined) return liveError(input.live, budget);
  return undefined;
}

function liveError(live: unknown, budget: { ticks: number; commands: number }): EntryFault | undefined {
  if (!isObject(live) || !onlyKeys(live, ['first', 'ticks', 'interrupted'])) return 'run';
  if (typeof live.interrupted !== 'boolean' || !Array.isArray(live.ticks)) return 'run';
  const slice = (n: unknown) => isInt(n, 0, LIVE_NONSTOP_COMMAND_LIMIT);
  if (live.first !== undefined && !slice(live.first)) return 'first-slice';
  budget.commands += (live.first as number | undefined) ?? 0;
  for (const tick of live.ticks as unknown[]) {
    if (!Array.isArray(tick) || tick.length < 1 || tick.length > 2 || !isInt(tick[0], 0, LOG_LIMITS.ticks)) return 'tick';
    if (tick.length === 2 && !slice(tick[1])) return 'tick';
    budget.ticks += Math.max(1, tick[0] as number);
    budget.commands += (tick[1] as number | undefined) ?? 0;
  }
  return undefined;
}

