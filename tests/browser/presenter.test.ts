// Presenter mode: "Present" shows a lesson stop by stop (its sections, and a replay's steps) in large type with
// Starlight's chrome hidden; a clicker's keys move it; B blanks; speaker notes come from the scenario; an audience
// window follows it (and drives it) through a BroadcastChannel; a QR code carries the current stop's address.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './setup/axe.ts';
import { baseUrl, openPage, openWidget } from './setup/browser.ts';
import { terminalText, waitForTerminal } from './setup/xterm.ts';

const LESSON = '/lessons/pod-ip/';
/**
 * content/lessons/pod-ip.mdx, counted by hand: the opening and 9 sections ("Where the addresses come from" …
 * "Check yourself"); the 6th, "Watch it on the lab's nodes", holds the vpc-cni-walkthrough replay, whose 13 steps
 * are stops 8 to 20 after the section's own stop 7; "When it goes wrong" is stop 21, "Settings that change this
 * picture" 22 and "Check yourself" 23.
 */
const STOPS = 23;
const REPLAY_SECTION = 'watch-it-on-the-labs-nodes';
const QUICK = { reducedMotion: 'reduce' } as const;

const counter = (page: Page) => page.getByTestId('present-counter');
const notes = (page: Page) => page.getByTestId('speaker-notes');
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name, exact: true });

/** jsQR (a devDependency) in the page, reading the QR code as it is drawn on the screen. */
const JSQR = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
async function decodeQr(page: Page): Promise<string | null> {
  const png = (await page.getByTestId('present-qr').locator('[role=img]').screenshot()).toString('base64');
  await page.addScriptTag({ content: JSQR });
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    return jsQR(data, width, height)?.data ?? null;
  }, png);
}

describe('presenter mode', () => {
  it('opens from "Present", moves with a clicker’s keys, shows the notes, blanks, and leaves with Esc', async () => {
    const { page, requests } = await openPage(LESSON, QUICK);
    // Nothing of presenter mode (its code, its styles, the QR library) is on the page before it opens.
    expect(await page.locator('html[data-nl-present], .nl-pres').count()).toBe(0);
    const before = requests.length;
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await expect.poll(() => counter(page).textContent()).toBe(`1 / ${STOPS}`);
    expect(requests.slice(before).some((u) => /\/_astro\/presenter\.[\w-]+\.js$/.test(u))).toBe(true);

    // Starlight's chrome is gone; the opening shows the title and the introduction, nothing after.
    expect(await page.locator('.page > .header').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    expect(await heading(page, 'Where the addresses come from').isVisible()).toBe(false);
    expect(await notes(page).textContent()).toContain('With the AWS VPC CNI, a pod’s address is an ordinary VPC address.');
    // Large type: the page's rem is larger than Starlight's 16 px (about 22 px at 1280 px).
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThanOrEqual(20);

    await page.keyboard.press('PageDown');
    await expect.poll(() => counter(page).textContent()).toBe(`2 / ${STOPS}`);
    expect(await heading(page, 'Where the addresses come from').isVisible()).toBe(true);
    // The title stays for screen readers only.
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect((await page.locator('main > .content-panel:has(h1)').boundingBox())!.height).toBeLessThanOrEqual(1);
    expect(await heading(page, 'What happens when a pod starts').isVisible()).toBe(false);
    const note = await notes(page).textContent();
    expect(note).toContain('A node’s pod addresses live on its ENIs: each ENI has a primary address of its own and secondary addresses the CNI gives to pods.');
    expect(note).not.toContain('A t3.medium attaches');
    expect(note).toContain('Next: What happens when a pod starts');

    for (const [key, at] of [['Space', 3], ['ArrowRight', 4], ['PageUp', 3], ['ArrowLeft', 2], ['End', STOPS], ['Home', 1]] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => counter(page).textContent(), { message: key }).toBe(`${at} / ${STOPS}`);
    }
    // The buttons do the same, for touch.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => counter(page).textContent()).toBe(`2 / ${STOPS}`);
    expect(await page.getByRole('button', { name: 'Previous', exact: true }).evaluate((b) => b.getBoundingClientRect().height)).toBeGreaterThanOrEqual(24);

    // B blanks the screen, and again brings it back.
    await page.keyboard.press('b');
    await expect.poll(() => page.getByTestId('present-blank').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Blank', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('b');
    await expect.poll(() => page.getByTestId('present-blank').isVisible()).toBe(false);

    // The QR code carries this stop's address.
    expect(await decodeQr(page)).toBe(`${baseUrl()}${LESSON}#where-the-addresses-come-from`);

    // Esc: the page as it was, without ?present in its address, focus back on the button.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('html[data-nl-present]').count()).toBe(0);
    expect(await page.locator('.page > .header').isVisible()).toBe(true);
    expect(await heading(page, 'What happens when a pod starts').isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.has('present')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Present');
    await page.context().close();
  });

  it('steps through a replay: its steps are stops, the notes are the scenario’s, the QR code opens the step', async () => {
    const { page, widget: term } = await openWidget(`${LESSON}#${REPLAY_SECTION}`, '.nl-term', QUICK);
    await term.getByRole('button', { name: 'Present this replay' }).click();
    await expect.poll(() => counter(page).textContent()).toBe(`7 / ${STOPS}`);
    expect(await notes(page).textContent()).toContain('Then the replay: 13 steps');

    await page.keyboard.press('PageDown');
    await expect.poll(() => counter(page).textContent()).toBe(`8 / ${STOPS}`);
    await waitForTerminal(page, /kubectl get nodes -o wide\nNAME .*compute\.internal +Ready.*\]#$/s);
    // vpc-cni-walkthrough.yaml's first step.
    await expect.poll(() => notes(page).textContent()).toContain('Three t3.medium worker nodes, one per availability zone; each is named after its private IP.');
    expect(await notes(page).textContent()).toContain('$ kubectl get nodes -o wide');
    expect(await notes(page).textContent()).toContain('Nodes and max pods');
    // At a step, the section's prose gives way to its heading and widgets.
    expect(await heading(page, 'Watch it on the lab’s nodes').isVisible()).toBe(true);
    expect(await page.getByText('The replay tours the lab').isVisible()).toBe(false);
    await expect.poll(() => term.getByTestId('step').textContent()).toBe('Step 1 of 13');
    expect(await decodeQr(page)).toBe(`${baseUrl()}${LESSON}?step=1#${REPLAY_SECTION}`);

    // A click on the replay's screen does not take the clicker's keys into the terminal.
    await term.getByTestId('terminal').click({ force: true });
    await page.keyboard.press('PageDown');
    await waitForTerminal(page, /pods: +17\n.*\]#$/s);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.xterm'))).toBe(false);
    expect(await notes(page).textContent()).toContain("The kubelet's allocatable pods is 17, the max-pods formula's value for a t3.medium.");
    // Back to the section's own stop: the replay starts over.
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect.poll(() => term.getByTestId('step').textContent()).toBe('Step 0 of 13');
    expect(await counter(page).textContent()).toBe(`7 / ${STOPS}`);
    await page.context().close();
  });

  it('keeps an audience window in step: either drives, replay steps run in both, and it has no notes', async () => {
    const { page } = await openPage(LESSON, { ...QUICK, colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await expect.poll(() => counter(page).textContent()).toBe(`1 / ${STOPS}`);
    await page.keyboard.press('PageDown');
    const [audience] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Audience window' }).click(),
    ]);
    await audience.waitForLoadState();
    expect(new URL(audience.url()).searchParams.get('present')).toBe('audience');
    // It joins where the presenter is.
    await expect.poll(() => counter(audience).textContent(), { timeout: 15_000 }).toBe(`2 / ${STOPS}`);
    expect(await audience.locator('html').getAttribute('data-nl-present')).toBe('audience');
    expect(await notes(audience).count()).toBe(0);
    expect(await audience.getByRole('button', { name: 'Audience window' }).count()).toBe(0);

    // The presenter drives …
    await page.keyboard.press('PageDown');
    await expect.poll(() => counter(audience).textContent()).toBe(`3 / ${STOPS}`);
    expect(await heading(audience, 'What happens when a pod starts').isVisible()).toBe(true);
    // … and so can the audience's window.
    await audience.keyboard.press('PageUp');
    await expect.poll(() => counter(page).textContent()).toBe(`2 / ${STOPS}`);
    await audience.keyboard.press('b');
    await expect.poll(() => page.getByTestId('present-blank').isVisible()).toBe(true);
    await page.keyboard.press('b');
    await expect.poll(() => audience.getByTestId('present-blank').isVisible()).toBe(false);

    // A replay's steps run in both windows, each on its own cluster, to the same screen.
    await page.keyboard.press('End');
    await expect.poll(() => counter(audience).textContent()).toBe(`${STOPS} / ${STOPS}`);
    await page.keyboard.press('Home');
    for (let i = 1; i < 9; i++) await page.keyboard.press('PageDown'); // to stop 9: the replay's step 2
    await expect.poll(() => counter(audience).textContent()).toBe(`9 / ${STOPS}`);
    const pattern = /pods: +17\n.*\]#$/s;
    await waitForTerminal(page, pattern);
    await waitForTerminal(audience, pattern);
    expect(await terminalText(audience)).toBe(await terminalText(page));
    await expect.poll(() => audience.locator('.nl-term').getByTestId('step').textContent()).toBe('Step 2 of 13');

    // Esc in one window leaves presenter mode there only.
    await audience.keyboard.press('Escape');
    await expect.poll(() => audience.locator('html[data-nl-present]').count()).toBe(0);
    expect(await page.locator('html').getAttribute('data-nl-present')).toBe('presenter');
    await page.context().close();
  }, 90_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe-core in both windows’ views (${colorScheme})`, async () => {
      const { page } = await openPage(`${LESSON}?present&step=1#${REPLAY_SECTION}`, { ...QUICK, colorScheme });
      await expect.poll(() => counter(page).textContent()).toBe(`8 / ${STOPS}`);
      await waitForTerminal(page, /kubectl get nodes -o wide\n.*\]#$/s);
      expect(await axeViolations(page)).toEqual([]);
      const audience = await page.context().newPage();
      await audience.goto(new URL(`${LESSON}?present=audience`, baseUrl()).href);
      await expect.poll(() => counter(audience).textContent()).toBe(`8 / ${STOPS}`);
      expect(await axeViolations(audience)).toEqual([]);
      await page.context().close();
    });
  }
});
