// The NLB widget on the "NLB: ip vs instance targets" lesson: its first picture from the page itself, the switches
// run on the page's cluster (keyboard included), a clear message when the engine cannot answer, a phone's width,
// dark mode, axe; the three load-balancer lessons in the sidebar; the old lesson's address still leads somewhere.
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { axeViolations } from './setup/axe.ts';
import { baseUrl, hydrateAll, openPage, openWidget } from './setup/browser.ts';

const LESSON = '/lessons/nlb-targets/';
const QUICK = { reducedMotion: 'reduce' } as const;
const rows = (widget: Awaited<ReturnType<typeof openWidget>>['widget']) => widget.locator('.nl-nlb__targets tbody tr');

it('shows ip targets and a request from the page itself, then switches to instance targets and to Local', async () => {
  const { page, widget, requests } = await openWidget(LESSON, '.nl-nlb', QUICK);
  // Built into the page: the two echo pods as targets, the request reaching a pod without kube-proxy's DNAT.
  expect(await rows(widget).count()).toBe(2);
  expect(await rows(widget).first().textContent()).toMatch(/^192\.168\.\d+\.\d+:8080 ap-northeast-2[abc]healthypod deploy-echo-/);
  expect(await widget.locator('.nl-nlb__outcome').textContent()).toMatch(/^The pod sees client address 192\.168\.[123]\.\d+: the NLB’s own private address in ap-northeast-2[abc]: client IP preservation is off\. No kube-proxy rule translated the packet/);
  expect(await widget.getByRole('button', { name: 'ip' }).getAttribute('aria-pressed')).toBe('true');
  expect(requests.some((u) => /worker/.test(u))).toBe(false);

  // Keyboard: Tab to the instance button, Enter.
  const instance = widget.getByRole('button', { name: 'instance' });
  await instance.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => widget.locator('.nl-nlb__ran').textContent(), { timeout: 30_000 }).toMatch(/^Ran kubectl annotate svc svc-nlb-ip-type service\.beta\.kubernetes\.io\/aws-load-balancer-nlb-target-type=instance --overwrite \(service\/svc-nlb-ip-type annotated\); sleep 40\.$/);
  expect(await instance.getAttribute('aria-pressed')).toBe('true');
  expect(await rows(widget).count()).toBe(3);
  for (const text of await rows(widget).allTextContents()) expect(text).toMatch(/^i-[0-9a-f]{17}:3\d{4} ap-northeast-2[abc]healthynode ip-192-168-/);
  expect(await widget.locator('.nl-nlb__kp').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^kube-proxy: NodePort 3\d{4}: KUBE-SEP-[A-Z0-9]{16} DNATs to 192\.168\.\d+\.\d+:8080, and marks the connection for masquerade/)]));
  expect(await widget.locator('.nl-nlb__outcome').textContent()).toMatch(/kube-proxy masqueraded the connection there\. kube-proxy chose the pod/);

  await widget.getByRole('button', { name: 'Local' }).click();
  await expect.poll(() => widget.locator('.nl-nlb__ran').textContent(), { timeout: 30_000 }).toContain(`kubectl patch svc svc-nlb-ip-type -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
  expect(await widget.locator('.nl-nlb__state.is-unhealthy').count()).toBe(1);
  expect(await widget.textContent()).toMatch(/Health check: HTTP port 3\d{4} \/healthz, every 10 s, healthy after 2/);
  expect(await widget.locator('.nl-nlb__outcome').textContent()).toMatch(/^The pod sees client address 43\.201\.\d+\.\d+: the client’s own \(public\) address/);

  // Another request: a new source port, the same rules.
  const before = await widget.locator('.nl-nlb__packet').textContent();
  await widget.getByRole('button', { name: 'Another request' }).click();
  await expect.poll(() => widget.locator('.nl-nlb__packet').textContent()).not.toBe(before);
  expect(await widget.locator('.nl-nlb__packet').textContent()).toMatch(/:41001 → /);
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('says so, instead of going blank, when the simulated cluster cannot answer', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-nlb', QUICK);
  await page.route(/worker/, (route) => route.abort());
  await widget.getByRole('button', { name: 'off' }).click();
  await expect.poll(() => widget.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/^The simulated cluster did not answer: /);
  // The last picture stays.
  expect(await rows(widget).count()).toBe(2);
  await page.context().close();
});

it('fits a phone and reads in dark mode (screenshots in test-results/)', async () => {
  mkdirSync('test-results', { recursive: true });
  const { page, widget } = await openWidget(LESSON, '.nl-nlb', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce', colorScheme: 'dark' });
  await hydrateAll(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await widget.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  // Touch targets of at least 24 px.
  for (const b of await widget.getByRole('button').all()) {
    const r = await b.boundingBox();
    expect(Math.min(r!.width, r!.height)).toBeGreaterThanOrEqual(24);
  }
  await widget.screenshot({ path: 'test-results/mobile-nlb-path-dark.png' });
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('lists the three load-balancer lessons in order after kube-proxy, and the old address leads to the first', async () => {
  const { page } = await openPage(LESSON, QUICK);
  const names = (await page.locator('nav[aria-label="Main"] a > span:not(.nl-progress-count)').allTextContents()).map((l) => l.trim());
  const at = names.indexOf('kube-proxy in the lab and at scale');
  expect(names.slice(at + 1, at + 4)).toEqual(['The AWS Load Balancer Controller', 'NLB: ip vs instance targets', 'Ingress with an ALB: the 2048 game']);
  await page.goto(new URL('/lessons/load-balancers/', baseUrl()).href);
  await page.waitForURL(/\/lessons\/lb-controller\/$/);
  expect(await page.locator('h1').textContent()).toBe('The AWS Load Balancer Controller');
  await page.context().close();
});
