// The hostile command lines (tests/data/hostile-command-lines.txt and the generated ones) on a watched terminal:
// how long the shell works at a time without a pause (the first synchronous slice, then every tick until the line
// ends or 2 s of ticks have passed) and how long Ctrl-C takes once it is handled. In the browser the engine runs
// in a worker, so that stretch is how long a Ctrl-C may wait; measureHostileInBrowser measures the page itself.
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
  // With a watched terminal's wall clock, as TerminalSession runs a typed line.
  const r = engine.shell.run(line, { wallClock: () => performance.now() });
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

export interface BrowserHostileFigure {
  line: string;
  /** The longest task on the page's main thread while the line ran (0: none over 50 ms, Chromium's floor). */
  longestTaskMs: number;
  /** From Ctrl-C (pressed 30 ms after Enter) to the prompt being back in the terminal's buffer. */
  ctrlCMs: number;
}

/**
 * The same lines typed into a lesson's terminal in Chromium (a fresh page each): the page's long tasks (the
 * Long Tasks API reports every task over 50 ms) and how soon Ctrl-C, pressed while the line runs, gives the
 * prompt back. The engine runs in a worker, so what the main thread does is xterm.js drawing the output.
 */
export async function measureHostileInBrowser(baseUrl: string, lines: string[]): Promise<BrowserHostileFigure[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const figures: BrowserHostileFigure[] = [];
  type Host = HTMLElement & { xterm: { paste(s: string): void; buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } } };
  try {
  for (const line of lines) {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/lessons/filling-a-node/`);
    const widget = page.locator('.nl-term');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => !document.querySelector('astro-island:has(.nl-term)')?.hasAttribute('ssr'));
    await widget.getByRole('button', { name: 'Take over' }).click();
    await page.waitForFunction(() => (document.querySelector('.nl-term [data-testid=terminal]') as Host | null)?.xterm?.buffer.active.getLine(0)?.translateToString(true).trimEnd().endsWith(']#'));
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.longest = Math.max(w.longest, e.duration)))).observe({ type: 'longtask' });
    });
    // Pasted, not typed key by key: a 100 KB line would take minutes at typing speed.
    await page.evaluate((text) => (document.querySelector('.nl-term [data-testid=terminal]') as Host).xterm.paste(text), line);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(30);
    const start = Date.now();
    await page.keyboard.press('Control+C');
    // The prompt comes back on a line of its own (a clear screen or a long output may scroll the first away).
    await page.waitForFunction(
      () => {
        const buffer = (document.querySelector('.nl-term [data-testid=terminal]') as Host).xterm.buffer.active;
        for (let i = buffer.length - 1; i >= 0; i--) {
          const text = buffer.getLine(i)?.translateToString(true).trimEnd() ?? '';
          if (text !== '') return text.endsWith(']#');
        }
        return false;
      },
      undefined,
      { polling: 5, timeout: 30_000 },
    );
    const ctrlCMs = Date.now() - start;
    await page.waitForTimeout(200);
    const longestTaskMs = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    figures.push({ line, longestTaskMs, ctrlCMs });
    } catch (e) {
      // A line the page never came back from is a figure too (the worst one), not the end of the benchmark.
      console.error(`  ${line.slice(0, 60)}: ${(e as Error).message.split('\n')[0]}`);
      figures.push({ line, longestTaskMs: NaN, ctrlCMs: Infinity });
    } finally {
      await context.close();
    }
  }
  } finally {
    await browser.close();
  }
  return figures;
}
