// Wall-clock timers a test moves by hand (the Clock that live processes and the terminal take), so tests of
// things that run with the wall clock never wait for it.
import type { Clock } from '../../../src/terminal/live-process.ts';

export function manualClock(): { clock: Clock; elapse(ms: number): void } {
  let now = 0;
  let pending: { run: () => void; at: number }[] = [];
  const clock: Clock = {
    setTimeout: (run, ms) => {
      const t = { run, at: now + ms };
      pending.push(t);
      return t;
    },
    clearTimeout: (h) => void (pending = pending.filter((t) => t !== h)),
    now: () => now,
  };
  const elapse = (ms: number) => {
    const until = now + ms;
    for (;;) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (!next || next.at > until) break;
      pending.shift();
      now = next.at;
      next.run();
    }
    now = until;
  };
  return { clock, elapse };
}
