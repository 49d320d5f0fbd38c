// Accessibility (axe-core), the mobile layout, and that pages only ever talk to their own origin.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseUrl, hydrateAll, openPage, openWidget, waitForHydration } from './setup/browser.ts';
import { axeViolations } from './setup/axe.ts';
import { waitForTerminal } from './setup/xterm.ts';

const PAGES = ['/', '/lessons/max-pods/', '/lessons/pod-ip/', '/lessons/warm-pool/', '/lessons/filling-a-node/', '/lessons/pod-to-pod/', '/lessons/services-kube-proxy/', '/lessons/kube-proxy-at-scale/', '/lessons/lb-controller/', '/lessons/nlb-targets/', '/lessons/alb-ingress/', '/lessons/vpc-cni-vs-overlay/'];

describe.each(['light', 'dark'] as const)('axe-core in %s mode', (scheme) => {
  it.each(PAGES)('reports no violations on %s', async (path) => {
    const { page } = await openPage(path, { colorScheme: scheme });
    await page.evaluate(() => localStorage.setItem('starlight-theme', 'auto'));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    // Hydrate every island, then check the page as a reader would meet it.
    await hydrateAll(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

it('reports no axe violations with the terminal running and the ENI view drawn', async () => {
  const { page, widget } = await openWidget('/lessons/pod-ip/', '.nl-term', { reducedMotion: 'reduce' });
  await widget.getByRole('button', { name: 'Step forward' }).click();
  await expect.poll(() => widget.getByTestId('step').textContent(), { timeout: 15_000 }).toBe('Step 1 of 13');
  await hydrateAll(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('fits the terminal lesson on a phone, with tap-to-insert chips (screenshot in test-results/)', async () => {
  const { page, widget } = await openWidget('/lessons/filling-a-node/', '.nl-term', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await widget.getByRole('button', { name: 'kubectl get pods | grep -c Pending' }).click();
  await waitForTerminal(page, /# kubectl get pods \| grep -c Pending$/);
  mkdirSync('test-results', { recursive: true });
  await widget.screenshot({ path: 'test-results/mobile-terminal.png' });
  await page.context().close();
});

it('fits a phone screen without sideways scrolling (screenshot in test-results/)', async () => {
  const { page, widget: calc } = await openWidget('/lessons/max-pods/', '.nl-calc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await calc.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  mkdirSync('test-results', { recursive: true });
  await calc.screenshot({ path: 'test-results/mobile-calculator.png' });
  await page.screenshot({ path: 'test-results/mobile-lesson.png', fullPage: true });
  await page.context().close();
});

it('never requests anything from another origin', async () => {
  const { page, requests } = await openPage('/lessons/max-pods/');
  await hydrateAll(page);
  // Use the widgets and the search, so that lazily loaded code and the search index are fetched too.
  await page.locator('.nl-calc').getByRole('combobox').fill('m6i.l');
  await page.locator('.nl-quiz').getByRole('button', { name: 'Next question' }).click();
  await page.locator('button[data-open-modal]:not([disabled])').click();
  await page.locator('dialog[open] input').fill('prefix');
  await page.locator('dialog[open] .pagefind-ui__result').first().waitFor();
  await page.waitForLoadState('networkidle');
  const origin = new URL(baseUrl()).origin;
  expect(requests.length).toBeGreaterThan(5);
  expect(requests.filter((url) => new URL(url).origin !== origin && !url.startsWith('data:'))).toEqual([]);
  await page.context().close();
});

// Hydration must not move the page. A question from ?quiz= replaces the server-rendered one in place: its words
// reflow inside the box (Chromium scores that as a small shift), but the box and everything after it stay put.
it.each(['/lessons/max-pods/', '/lessons/max-pods/?quiz=epgx8'])('does not shift the layout while islands hydrate (%s)', async (path) => {
  const { page } = await openPage(path, { viewport: { width: 390, height: 844 }, isMobile: true });
  await page.waitForLoadState('networkidle');
  const geometry = () =>
    page.evaluate(() =>
      ['.nl-calc', '.nl-quiz', 'footer'].map((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return [s, Math.round(r.top + scrollY), Math.round(r.height)];
      }),
    );
  const before = await geometry();
  await page.evaluate(() => {
    const w = window as unknown as { shift: number };
    w.shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.shift += e.value;
    }).observe({ type: 'layout-shift' });
  });
  // Bring each island into view in turn, as a reader scrolling down would, and let it hydrate.
  for (const selector of ['.nl-calc', '.nl-quiz']) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    await waitForHydration(page, selector);
  }
  await page.waitForLoadState('networkidle');
  if (path.includes('quiz=')) await page.locator('.nl-quiz legend', { hasText: 'm6g.8xlarge' }).waitFor();
  await page.waitForTimeout(300);
  expect(await geometry()).toEqual(before);
  expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBeLessThan(0.02);
  await page.context().close();
});
