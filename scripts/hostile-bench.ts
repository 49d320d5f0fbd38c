// The hostile command lines (tests/data/hostile-command-lines.txt and the generated ones) on a watched terminal:
// how long the shell holds the thread at a time (the first synchronous slice, then every tick until the line ends
// or 2 s of ticks have passed), and how long Ctrl-C takes to stop it. The browser runs the same engine on its main
// thread, so these are the blocks a tab would see (Node here, so a little faster than Chromium).
import { readFileSync } from 'node:fs';
import { labFiles } from '../src/node/lab-content.ts';
import { createEngine } from '../src/shell/engine.ts';

export const GENERATED_HOSTILE_LINES = [
  `echo ${'a'.repeat(100_000)} | wc -c`,
  `echo x${' | cat'.repeat(10_000)}`,
  `echo ${'$(echo '.repeat(40)}deep${')'.repeat(40)}`,
  `${'('.repeat(500)}echo nested${')'.repeat(500)}`,
  `echo ${'{a,b}'.repeat(30)} | wc -c`,
];

export function hostileLines(): string[] {
  const corpus = readFileSync(new URL('../tests/data/hostile-command-lines.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  return [...corpus, ...GENERATED_HOSTILE_LINES];
}

export interface HostileFigure {
  line: string;
  /** The longest the thread was held at once, in ms. */
  maxBlockMs: number;
  /** From Ctrl-C to the process having stopped, in ms (0 when the line had ended by itself). */
  interruptMs: number;
}

export function measureHostile(line: string, tickMs = 50, ticks = 40): HostileFigure {
  const engine = createEngine({ files: labFiles() });
  engine.session.interactive = true;
  let t = performance.now();
  const r = engine.shell.run(line);
  let maxBlockMs = performance.now() - t;
  let interruptMs = 0;
  const live = r.live;
  if (live) {
    for (let i = 0; i < ticks && !live.done; i++) {
      const target = engine.session.now() + tickMs;
      t = performance.now();
      if (live.nextAt() !== Infinity && target > engine.session.now()) engine.session.advance((target - engine.session.now()) / 1000);
      live.runUntil(engine.session.now());
      engine.shell.pollJobs();
      maxBlockMs = Math.max(maxBlockMs, performance.now() - t);
    }
    if (!live.done) {
      t = performance.now();
      live.interrupt();
      interruptMs = performance.now() - t;
    }
  }
  return { line, maxBlockMs, interruptMs };
}
