// A foreground process on a terminal someone is watching (the browser terminal, the CLI on a TTY): model time
// follows the wall clock while it runs, its output appears when model time reaches it, and Ctrl-C stops it.
// A process that only reacts (tcpdump) does not move the clock: another terminal's ping does.
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

const TICK_MS = 50;

export interface LiveRun {
  /** Ctrl-C: the process prints its last words and the run ends. */
  interrupt(): void;
  readonly running: boolean;
}

export function runLive(engine: Engine, process: Process, write: (text: string) => void, onDone: () => void, clock: Clock = REAL_CLOCK): LiveRun {
  const wallStart = clock.now();
  const modelStart = engine.session.now();
  let timer: unknown;
  let running = true;
  const text = (list: Emission[]) => list.sort((a, b) => a.at - b.at).map((e) => e.text).join('');

  const end = () => {
    running = false;
    clock.clearTimeout(timer);
    onDone();
  };
  const tick = () => {
    if (!running) return;
    if (process.nextAt() !== Infinity) {
      const target = modelStart + (clock.now() - wallStart);
      const now = engine.session.now();
      if (target > now) engine.session.advance((target - now) / 1000);
    }
    const out = text(process.runUntil(engine.session.now())) + engine.shell.pollJobs();
    if (out) write(out);
    if (process.done) return end();
    timer = clock.setTimeout(tick, TICK_MS);
  };
  timer = clock.setTimeout(tick, TICK_MS);
  return {
    interrupt() {
      if (!running) return;
      write('^C' + text(process.interrupt()).replace(/^(?!\n)/, '\n'));
      end();
    },
    get running() {
      return running;
    },
  };
}
