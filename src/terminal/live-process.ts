// A foreground process on a terminal someone is watching (the browser terminal, the CLI on a TTY): model time
// follows the wall clock while it runs, its output appears when model time reaches it, and Ctrl-C stops it.
// A process that only reacts (tcpdump) does not move the clock: another terminal's ping does.
//
// What a run did is kept as a LiveRecord, so that a session can be rebuilt exactly (a shared link, an engine
// restarted): model time moves in whole ticks, and the one thing no clock can say again, how many commands a
// slice ran before its wall-clock time was up, is counted.
import type { Engine } from '../shell/engine.ts';
import type { Emission, Process } from '../shell/types.ts';

/** Wall-clock timers, injectable so that tests can drive time without waiting. */
export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const REAL_CLOCK: Clock = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** A tick of a live run, in wall-clock ms and in model time. */
export const TICK_MS = 50;

/**
 * One tick: the ticks of model time it moved (TICK_MS each; 0 when the process only reacts), and, when its slice
 * breathed, the commands the slice ran.
 */
export type LiveTick = [steps: number, commands?: number];

export interface LiveRecord {
  /** Commands of the first slice (run as the line was entered), when it breathed. */
  first?: number;
  ticks: LiveTick[];
  /** Ended by Ctrl-C (otherwise by itself). */
  interrupted: boolean;
}

export interface LiveRun {
  /** Ctrl-C: the process prints its last words and the run ends. */
  interrupt(): void;
  readonly running: boolean;
}

const text = (list: Emission[]) => list.sort((a, b) => a.at - b.at).map((e) => e.text).join('');
const breathing = (p: Process) => p.breathing === true;

/** Ctrl-C's echo and the process's last words, on a line of their own. */
const interruption = (process: Process) => '^C' + text(process.interrupt()).replace(/^(?!\n)/, '\n');

/** `record.first` for a process that `shell.run` has just handed back after its first slice. */
export function firstSlice(engine: Engine, process: Process, commandsBefore: number): number | undefined {
  return breathing(process) ? engine.shell.commandsRun - commandsBefore : undefined;
}

export function runLive(engine: Engine, process: Process, write: (text: string) => void, onDone: (record: LiveRecord) => void, clock: Clock = REAL_CLOCK, first?: number): LiveRun {
  const wallStart = clock.now();
  const record: LiveRecord = { first, ticks: [], interrupted: false };
  let ticks = 0;
  let timer: unknown;
  let running = true;

  const end = () => {
    running = false;
    clock.clearTimeout(timer);
    onDone(record);
  };
  const tick = () => {
    if (!running) return;
    let steps = 0;
    if (process.nextAt() !== Infinity) {
      // As many ticks of model time as the wall clock has seen since the start, and at least one.
      steps = Math.max(1, Math.floor((clock.now() - wallStart) / TICK_MS) - ticks);
      ticks += steps;
      engine.session.advance((steps * TICK_MS) / 1000);
    }
    const before = engine.shell.commandsRun;
    const emitted = process.runUntil(engine.session.now());
    record.ticks.push(breathing(process) ? [steps, engine.shell.commandsRun - before] : [steps]);
    const out = text(emitted) + engine.shell.pollJobs(() => clock.now());
    if (out) write(out);
    if (process.done) return end();
    timer = clock.setTimeout(tick, TICK_MS);
  };
  timer = clock.setTimeout(tick, TICK_MS);
  return {
    interrupt() {
      if (!running) return;
      record.interrupted = true;
      write(interruption(process));
      end();
    },
    get running() {
      return running;
    },
  };
}

/**
 * A recorded run again, at once: the same ticks of model time and the same slices, so the cluster ends as the
 * recorded one did. Returns its output, or an error when the process does not go as recorded (a log that was
 * not made by this line).
 */
/** Why a recorded run could not be done again, as data (the page words it: src/widgets/shared/share-link.ts). */
export type ReplayFault = 'ended-early' | 'ended-before-interrupt' | 'not-ended';

export function replayLive(engine: Engine, process: Process, record: LiveRecord): { output: string } | { error: ReplayFault } {
  let output = '';
  for (const [steps, commands] of record.ticks) {
    if (process.done) return { error: 'ended-early' };
    if (steps) engine.session.advance((steps * TICK_MS) / 1000);
    engine.shell.breatheAt(commands === undefined ? undefined : engine.shell.commandsRun + commands);
    try {
      output += text(process.runUntil(engine.session.now()));
    } finally {
      engine.shell.breatheAt(undefined);
    }
    output += engine.shell.pollJobs();
  }
  if (record.interrupted) {
    if (process.done) return { error: 'ended-before-interrupt' };
    output += interruption(process);
  } else if (!process.done) {
    return { error: 'not-ended' };
  }
  return { output };
}
