// Reading the browser terminal the way a learner sees it: xterm.js's buffer, line by line.
import type { Page } from 'playwright-core';

/** `screen`: `terminal`, or `terminal-2` for the second terminal. */
export async function terminalText(page: Page, scope = '.nl-term', screen = 'terminal'): Promise<string> {
  return page.evaluate(([sel, id]) => {
    const host = document.querySelector(`${sel} [data-testid=${id}]`) as HTMLElement & {
      xterm?: { buffer: { active: { length: number; getLine(i: number): { isWrapped: boolean; translateToString(trim: boolean): string } | undefined } } };
    };
    const buffer = host?.xterm?.buffer.active;
    if (!buffer) return '';
    // Lines the terminal wrapped are joined back, so that long commands and outputs read as one line.
    let text = '';
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const next = buffer.getLine(i + 1);
      text += line.translateToString(!next?.isWrapped) + (next?.isWrapped ? '' : '\n');
    }
    return text.trimEnd();
  }, [scope, screen] as const);
}

/** Waits until the terminal shows text matching `pattern` (trailing spaces of the last line are trimmed). */
export async function waitForTerminal(page: Page, pattern: RegExp, scope = '.nl-term', screen = 'terminal'): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = await terminalText(page, scope, screen);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`terminal never showed ${pattern}; it shows:\n${text}`);
    await page.waitForTimeout(100);
  }
}
