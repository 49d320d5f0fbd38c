// The lessons' code blocks (src/node/code-blocks.ts, src/styles/code.css, src/code-copy/): highlighted in the
// reader's theme, long output wrapped where the block asks for it, and a Copy button that copies the block's text.
import { expect, it } from 'vitest';
import { openPage } from './setup/browser.ts';

it('copies a block\'s exact text with its Copy button', async () => {
  const { page } = await openPage('/lessons/alb-ingress/', { permissions: ['clipboard-read', 'clipboard-write'] });
  const block = page.locator('.nl-code').filter({ has: page.locator('pre[data-language="yaml"]') });
  await block.scrollIntoViewIfNeeded();
  await block.hover();
  await block.getByRole('button', { name: 'Copy' }).click();
  await expect.poll(() => block.locator('.nl-copy').textContent()).toBe('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')[0]).toBe('spec:');
  expect(copied).toContain('command: ["/bin/sh", "-c", "sleep 15"]');
  expect(copied.endsWith('\n')).toBe(false);
  await page.context().close();
});

it('labels the Copy button in Korean on Korean pages', async () => {
  const { page } = await openPage('/ko/lessons/alb-ingress/');
  await expect.poll(() => page.locator('.nl-code .nl-copy').first().textContent()).toBe('복사');
  await page.context().close();
});


it.each(['light', 'dark'] as const)('colours highlighted tokens for the %s theme', async (scheme) => {
  const { page } = await openPage('/lessons/alb-ingress/', { colorScheme: scheme });
  const key = page.locator('pre[data-language="yaml"] .line span').first();
  expect(await key.textContent()).toBe('spec');
  // github-light's and github-dark's colour for a YAML key.
  expect(await key.evaluate((el) => getComputedStyle(el).color)).toBe(scheme === 'light' ? 'rgb(34, 134, 58)' : 'rgb(133, 232, 157)');
  await page.context().close();
});

it('wraps blocks marked wrap and scrolls the others on a phone', async () => {
  const { page } = await openPage('/lessons/pod-ip/', { viewport: { width: 390, height: 800 } });
  const overflow = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => el.scrollWidth > el.clientWidth));
  const wrapped = await overflow('.sl-markdown-content pre.wrap');
  expect(wrapped.length).toBeGreaterThan(0);
  expect(wrapped.every((o) => !o)).toBe(true);
  expect((await overflow('.sl-markdown-content pre:not(.wrap)')).some((o) => o)).toBe(true);
  // Plain output is sent as text: no span per line.
  expect(await page.locator('.sl-markdown-content pre[data-language="text"] span').count()).toBe(0);
  await page.context().close();
});
