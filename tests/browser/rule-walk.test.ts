// The Services lessons: the rule walk (its first stage without JavaScript, then the engine on first use: stepping
// on, ipvs mode, a NodePort from outside, scaling), the scale view's measurement, axe and a phone's width.
import { expect, it } from 'vitest';
import { axeViolations } from './setup/axe.ts';
import { hydrateAll, openPage, openWidget } from './setup/browser.ts';

const LESSON = '/lessons/services-kube-proxy/';
const SCALE = '/lessons/kube-proxy-at-scale/';
const QUICK = { reducedMotion: 'reduce' } as const;

it('shows the first stage from the page itself, then walks on, in ipvs mode, and from outside to a NodePort', async () => {
  const { page, widget, requests } = await openWidget(LESSON, '.nl-walk', QUICK);
  // Built into the page: the dice as kube-proxy writes them and as iptables prints them.
  await expect.poll(() => widget.locator('.nl-walk__dice').textContent()).toMatch(/0\.3333333333.*0\.33333333349.*0\.5000000000.*0\.50000000000/);
  expect(await widget.getByText(/^Stage 1 of 4: node ip-[\d-]+ · nat PREROUTING$/).count()).toBe(1);
  // Nothing of the engine loads until the reader asks for more than the page carries.
  expect(requests.some((u) => /worker/.test(u))).toBe(false);

  await widget.getByRole('button', { name: 'Next stage' }).click();
  await expect.poll(() => widget.getByText(/^Stage 2 of 4: .*nat POSTROUTING$/).count()).toBe(1);
  await expect.poll(() => widget.locator('.nl-walk__rules').textContent()).toMatch(/-A KUBE-POSTROUTING -m mark ! --mark 0x4000\/0x4000 -j RETURN/);

  await widget.getByRole('button', { name: 'ipvs' }).click();
  await expect.poll(() => widget.locator('.nl-walk__ipvs').count()).toBe(0);
  for (let i = 0; i < 3 && (await widget.locator('.nl-walk__ipvs').count()) === 0; i++) await widget.getByRole('button', { name: 'Next stage' }).click();
  await expect.poll(() => widget.locator('.nl-walk__ipvs').textContent()).toMatch(/^Virtual server TCP 10\.100\.\d+\.\d+:80, scheduler rr: one hash lookup\./);

  await widget.getByRole('button', { name: 'iptables' }).click();
  await widget.getByRole('button', { name: 'outside (the bastion)' }).click();
  await widget.getByRole('button', { name: 'NodePort' }).click();
  await expect.poll(() => widget.locator('.nl-walk__outcome').textContent()).toMatch(/the client’s address 192\.168\.\d+\.\d+ is gone/);
  expect(await widget.locator('.nl-walk__title').textContent()).toMatch(/^the bastion \(outside the cluster\) → 192\.168\.\d+\.\d+:\d{5} /);
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('scales the Deployment and lists the lines each mode changed; a ClusterIP-only Service has no NodePort', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-walk', QUICK);
  await widget.getByRole('combobox').first().selectOption('default/kubernetes:443/TCP');
  await expect.poll(() => widget.locator('.nl-walk__title').textContent()).toMatch(/→ 10\.100\.0\.1:443 \(default\/kubernetes:https\)/);
  await widget.getByRole('button', { name: 'NodePort' }).click();
  await expect.poll(() => widget.getByRole('alert').textContent()).toMatch(/default\/kubernetes:443\/TCP is a ClusterIP Service: it has no NodePort/);

  await widget.getByRole('combobox').first().selectOption('default/nginx-deployment:80/TCP');
  await widget.getByRole('button', { name: 'ClusterIP' }).click();
  await widget.getByLabel(/Scale the Deployment behind/).selectOption('5');
  await widget.getByRole('button', { name: 'Scale and compare' }).click();
  const status = widget.locator('.nl-walk__scale [role=status]');
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/kubectl scale deployment nginx-deployment --replicas=5/);
  expect(await status.textContent()).toMatch(/iptables mode \(iptables -t nat -S\): \d+ added, \d+ removed/);
  expect(await status.locator('.is-added').count()).toBeGreaterThan(4);
  // The walk follows the new endpoints: five rows of dice, 1/5 first.
  await expect.poll(() => widget.locator('.nl-walk__dice tbody tr').count()).toBe(5);
  expect(await widget.locator('.nl-walk__dice').textContent()).toContain('0.2000000000');
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('measures both modes at 10, 1,000 and 10,000 Services in the engine worker', async () => {
  const { page, widget } = await openWidget(SCALE, '.nl-scale', QUICK);
  // Counted at build time.
  expect(await widget.locator('table').first().textContent()).toContain('100,008');
  await widget.getByRole('button', { name: 'Measure on this device' }).click();
  await expect.poll(() => widget.getByRole('button', { name: 'Measure again' }).count(), { timeout: 45_000 }).toBe(1);
  // Times are shown, whatever they are (tests never assert timings).
  expect(await widget.locator('tr.is-measured td').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/ ms$/)]));
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('fits a phone: no sideways scrolling on either page, the widgets within the screen', async () => {
  for (const [path, selector] of [[LESSON, '.nl-walk'], [SCALE, '.nl-scale']]) {
    const { page, widget } = await openWidget(path, selector, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    await hydrateAll(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await widget.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await widget.screenshot({ path: `test-results/mobile-${selector.slice(4)}.png` });
    await page.context().close();
  }
});

it('lists both lessons in the sidebar, in order after the pod-to-pod lesson', async () => {
  const { page } = await openPage(LESSON, QUICK);
  const links = await page.locator('nav[aria-label="Main"] a > span:not(.nl-progress-count)').allTextContents();
  const names = links.map((l) => l.trim());
  expect(names.indexOf('Services and kube-proxy')).toBe(names.indexOf('Pod to pod, pod to internet') + 1);
  expect(names.indexOf('kube-proxy in the lab and at scale')).toBe(names.indexOf('Services and kube-proxy') + 1);
  await page.context().close();
});
