// The overlay packet view on the "VPC CNI vs overlay networks" lesson: its first view from the page itself, then
// the engine's clusters (IP-in-IP, fragments at MTU 1500), the keyboard, axe in both colour schemes, a phone's width,
// and a clear message when the engine cannot be reached.
import { expect, it } from 'vitest';
import { axeViolations } from './setup/axe.ts';
import { openWidget } from './setup/browser.ts';

const LESSON = '/lessons/vpc-cni-vs-overlay/';
const QUICK = { reducedMotion: 'reduce' } as const;

const column = (widget: import('playwright-core').Locator, name: string) => widget.getByRole('region', { name });

it('shows the VPC CNI beside VXLAN from the page, then IP-in-IP and fragments from the engine', async () => {
  const { page, widget, requests } = await openWidget(LESSON, '.nl-ovl', QUICK);
  // Built into the page: 98 bytes on the VPC CNI, 148 inside VXLAN (50 more), the pods' MTUs.
  expect(await column(widget, 'VPC CNI').textContent()).toMatch(/Pod MTU 9,001 .*On the wire: 98 bytes in one frame, nothing added\./);
  expect(await column(widget, 'Calico VXLAN').textContent()).toMatch(/Pod MTU 8,951 \(9,001 − 50\).*On the wire: 148 bytes in one frame, 50 per frame for the tunnel \(50 more than the VPC CNI\)\./);
  expect(await column(widget, 'Calico VXLAN').getByRole('list').locator('li').allTextContents()).toEqual([
    expect.stringMatching(/^Ethernet 14 B/), expect.stringMatching(/^IPv4 20 B.*192\.168\.\d+\.\d+ → 192\.168\.\d+\.\d+, protocol 17 \(UDP\)/),
    expect.stringMatching(/^UDP 8 B.*→ 4789/), expect.stringMatching(/^VXLAN 8 B.*VNI 4096/), expect.stringMatching(/^Ethernet 14 B/),
    expect.stringMatching(/^IPv4 20 B.*172\.16\.\d+\.\d+ → 172\.16\.\d+\.\d+, protocol 1 \(ICMP\), ttl 63/), expect.stringMatching(/^ICMP 8 B/), expect.stringMatching(/^ping data 56 B/),
  ]);
  expect(requests.some((u) => /worker/.test(u))).toBe(false);

  await widget.getByRole('button', { name: 'Calico IP-in-IP' }).click();
  await expect.poll(() => column(widget, 'Calico IP-in-IP').textContent(), { timeout: 20_000 }).toMatch(/Pod MTU 8,981 \(9,001 − 20\).*118 bytes in one frame, 20 per frame/);
  // The keyboard reaches the choices: Tab to "8,900 B", Enter; then "1,500" with Space.
  await widget.getByRole('button', { name: '8,900 B' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => widget.getByRole('button', { name: '8,900 B' }).getAttribute('aria-pressed')).toBe('true');
  await widget.getByRole('button', { name: '1,500' }).focus();
  await page.keyboard.press('Space');
  await expect.poll(() => column(widget, 'Calico IP-in-IP').textContent(), { timeout: 20_000 }).toMatch(/Pod MTU 1,480 \(1,500 − 20\)/);
  const ipip = await column(widget, 'Calico IP-in-IP').textContent();
  expect(ipip).toMatch(/8,928 bytes do not fit the pod's MTU of 1,480: the pod's kernel cuts the datagram into 7 fragments/);
  expect(ipip).toContain('ping: local error: message too long, mtu=1480');
  expect(await column(widget, 'VPC CNI').textContent()).toContain('ping: local error: message too long, mtu=1500');
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('passes axe in dark mode, fits a phone with 24-pixel targets, and says so when the simulator cannot be reached', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-ovl', { ...QUICK, colorScheme: 'dark', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await widget.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  for (const b of await widget.getByRole('button').all()) {
    const r = await b.boundingBox();
    expect(Math.min(r!.width, r!.height)).toBeGreaterThanOrEqual(24);
  }
  await page.route(/worker/, (r) => r.abort());
  await widget.getByRole('button', { name: '1,000 B' }).click();
  await expect.poll(() => widget.getByRole('alert').first().textContent(), { timeout: 20_000 }).toMatch(/^The simulator could not follow this ping: .+\. The figures below are the previous ones\.$/);
  // The previous figures stay.
  expect(await column(widget, 'Calico VXLAN').textContent()).toContain('148 bytes in one frame');
  await page.context().close();
});
