// Share links: "Share" gives a URL that rebuilds the exact cluster in a fresh browser (seed plus the log of what was
// done), and links that are damaged, foreign or hostile are refused with a message and a way to start fresh.
import { deflateRawSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { openWidget } from './setup/browser.ts';
import { terminalText, waitForTerminal } from './setup/xterm.ts';

const LESSON = '/lessons/filling-a-node/';
const QUICK = { reducedMotion: 'reduce' } as const;
const LOOK = 'kubectl get pods -o wide | sort | head -60; date';

/** What the terminal printed after the last time `command` was run. */
const outputOf = (text: string, command: string) => text.slice(text.lastIndexOf(command));

it('"Share" gives a link that rebuilds the same cluster in a fresh browser', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-term', { ...QUICK, permissions: ['clipboard-read', 'clipboard-write'] });
  await widget.getByRole('button', { name: 'Take over' }).click();
  await waitForTerminal(page, /\]#$/);
  await page.keyboard.type('kubectl apply -f nginx-dp.yaml\n');
  await page.keyboard.type('kubectl scale deployment nginx-deployment --replicas=51; sleep 60\n');
  // A live run, stopped by hand: its length is the wall clock's, and the link keeps it.
  await page.keyboard.type('ping -c 1000 8.8.8.8\n');
  await page.waitForTimeout(1200);
  await page.keyboard.press('Control+C');
  await waitForTerminal(page, /ping statistics/);
  await page.keyboard.type(`${LOOK}\n`);
  const before = outputOf(await waitForTerminal(page, /UTC 2023\n.*\]#$/s), LOOK);
  expect(before).toMatch(/Pending/);

  await widget.getByRole('button', { name: 'Share' }).click();
  const status = widget.getByRole('status').filter({ hasText: 'It rebuilds this cluster' });
  await expect.poll(() => status.textContent()).toMatch(/^Link copied\. It rebuilds this cluster: 4 commands and actions done again on a fresh one\./);
  const url = await widget.getByLabel('Link to this cluster').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(url).toMatch(/\/lessons\/filling-a-node\/#share=1\.[a-z0-9-]+\.[A-Za-z0-9_-]+$/);
  await page.context().close();

  // Someone else opens it.
  const other = await openWidget(url, '.nl-term', QUICK);
  await expect.poll(() => other.widget.getByRole('status').first().textContent(), { timeout: 20_000 }).toMatch(/Rebuilt from a shared link: 4 commands and actions done again/);
  // The lines are shown being done again, the ping's statistics included.
  await waitForTerminal(other.page, /ping statistics.*\]#$/s);
  await other.page.locator('.nl-term [data-testid=terminal]').click();
  await other.page.keyboard.type(`${LOOK}\n`);
  const after = outputOf(await waitForTerminal(other.page, new RegExp(`${LOOK.replace(/[|.]/g, '\\$&')}.*UTC 2023\\n.*\\]#$`, 's')), LOOK);
  expect(after).toBe(before);
  await other.page.context().close();
}, 90_000);

const b64 = (text: string) => deflateRawSync(text).toString('base64url');

it('refuses hostile and damaged links with a message, runs nothing of them, and starts fresh on request', async () => {
  const links: [string, RegExp][] = [
    ['#share=1.filling-a-node', /This link is damaged/],
    [`#share=1.elsewhere.${b64('{"entries":[]}')}`, /This link is for a terminal of another page/],
    ['#share=9.filling-a-node.AAAA', /another version of the site/],
    ['#share=1.filling-a-node.%3Cscript%3Ealert(1)%3C%2Fscript%3E', /This link is damaged/],
    [`#share=1.filling-a-node.${deflateRawSync(Buffer.alloc(30_000_000, 32)).toString('base64url')}`, /more than 2 MB/],
    [`#share=1.filling-a-node.${b64('{"entries":[{"call":"__proto__","args":{}}]}')}`, /This link does not describe a cluster: entry 1: not a widget action of this site\./],
    [`#share=1.filling-a-node.${b64(JSON.stringify({ entries: [{ s: 0, in: { line: "echo '<img src=x onerror=alert(1)>'" } }, { s: 0, in: { line: 'true', live: { ticks: [[1]], interrupted: true } } }] }))}`, /entry 2 could not be done again: `true` ended at once/],
  ];
  for (const [hash, message] of links) {
    const { page, widget } = await openWidget(`${LESSON}${hash}`, '.nl-term', QUICK);
    const status = widget.locator('.nl-term__shared');
    await expect.poll(() => status.textContent(), { timeout: 20_000, message: hash.slice(0, 40) }).toMatch(message);
    // Text, never markup: nothing from a link becomes an element.
    expect(await page.locator('.nl-term img, script:not([src]):has-text("alert")').count()).toBe(0);
    if (hash === links.at(-1)![0]) {
      // A log whose first entry was done: the terminal shows it, as text.
      expect(await terminalText(page)).toContain("echo '<img src=x onerror=alert(1)>'\n<img src=x onerror=alert(1)>");
      await widget.getByRole('button', { name: 'Start fresh' }).click();
      await expect.poll(() => status.count()).toBe(0);
      expect(new URL(page.url()).hash).toBe('');
      await page.locator('.nl-term [data-testid=terminal]').click();
      await page.keyboard.type('kubectl get nodes --no-headers | wc -l\n');
      await waitForTerminal(page, /wc -l\n3\n.*\]#$/s);
    }
    await page.context().close();
  }
}, 120_000);
