// The browser terminal on the "Filling a node" lesson: typing, completion, history, replays, take-over,
// shared links, Korean input through an IME.
import { expect, it } from 'vitest';
import { openWidget } from './setup/browser.ts';
import { terminalText, waitForTerminal } from './setup/xterm.ts';

const LESSON = '/lessons/filling-a-node/';
const PROMPT = '[root@myeks-bastion-EC2 ~]# ';

// Reduced motion: replays type commands at once, so tests need not wait for the animation.
const QUICK = { reducedMotion: 'reduce' } as const;

async function openLiveTerminal() {
  const opened = await openWidget(LESSON, '.nl-term', QUICK);
  await opened.widget.getByRole('button', { name: 'Take over' }).click();
  await waitForTerminal(opened.page, /\]#$/);
  return opened;
}

it('runs a typed command and shows its output in the terminal', async () => {
  const { page } = await openLiveTerminal();
  await page.keyboard.type('kubectl get nodes --no-headers | wc -l\n');
  const text = await waitForTerminal(page, /wc -l\n3\n/);
  expect(text.split('\n').slice(-1)[0]).toBe(PROMPT.trimEnd());
  // The screen-reader log carries the command and its output as plain text.
  expect(await page.getByTestId('transcript').textContent()).toBe('kubectl get nodes --no-headers | wc -l\n3\n');
  await page.context().close();
});

it('completes with Tab and recalls history with the arrow keys', async () => {
  const { page } = await openLiveTerminal();
  await page.keyboard.type('kubectl descr');
  await page.keyboard.press('Tab');
  await waitForTerminal(page, /# kubectl describe$/);
  await page.keyboard.press('Control+U');
  await page.keyboard.type('echo one\n');
  await page.keyboard.type('echo two\n');
  await waitForTerminal(page, /\ntwo\n/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await waitForTerminal(page, /# echo one$/);
  await page.keyboard.press('Enter');
  await waitForTerminal(page, /# echo one\none\n.*#$/s);
  await page.context().close();
});

it('lets keyboard users leave the terminal with Esc then Tab', async () => {
  const { page } = await openLiveTerminal();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('.xterm') === null);
  expect(focused).toBe(true);
  await page.context().close();
});

it('replays the lab step by step, and a learner can take over mid-way and go back', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-term', QUICK);
  const forward = widget.getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < 3; i++) {
    await forward.click();
    await expect.poll(() => widget.getByTestId('step').textContent(), { timeout: 15_000 }).toBe(`Step ${i + 1} of 8`);
  }
  await waitForTerminal(page, /deployment\.apps\/nginx-deployment scaled/);
  expect(new URL(page.url()).searchParams.get('step')).toBe('3');
  // Typing takes over with the cluster as the replay left it: 50 replicas asked for.
  await page.locator('.nl-term [data-testid=terminal]').click();
  await page.keyboard.type('kubectl get deploy nginx-deployment --no-headers\n');
  await waitForTerminal(page, /nginx-deployment\s+\d+\/50\s/);
  await expect.poll(() => widget.getByRole('button', { name: 'Back to replay' }).isVisible()).toBe(true);
  await widget.getByRole('button', { name: 'Back to replay' }).click();
  await forward.click();
  await expect.poll(() => widget.getByTestId('step').textContent(), { timeout: 15_000 }).toBe('Step 4 of 8');
  await waitForTerminal(page, /Pending/);
  await page.context().close();
});

it('reopens a shared link at its step', async () => {
  const { page, widget } = await openWidget(`${LESSON}?step=5`, '.nl-term', QUICK);
  await expect.poll(() => widget.getByTestId('step').textContent(), { timeout: 15_000 }).toBe('Step 5 of 8');
  const text = await waitForTerminal(page, /grep -c Pending\n7\n/);
  expect(text).toContain('kubectl scale deployment nginx-deployment --replicas=50');
  await page.context().close();
});

it('takes Korean input from an IME without dropping or doubling characters', async () => {
  const { page } = await openLiveTerminal();
  await page.keyboard.type('echo ');
  const cdp = await page.context().newCDPSession(page);
  // Compose 안 then 녕, as a Korean IME does, then commit.
  for (const [text, sel] of [['ㅇ', 1], ['아', 1], ['안', 1]] as const) await cdp.send('Input.imeSetComposition', { text, selectionStart: sel, selectionEnd: sel });
  await cdp.send('Input.insertText', { text: '안' });
  for (const [text, sel] of [['ㄴ', 1], ['녀', 1], ['녕', 1]] as const) await cdp.send('Input.imeSetComposition', { text, selectionStart: sel, selectionEnd: sel });
  await cdp.send('Input.insertText', { text: '녕' });
  await waitForTerminal(page, /# echo 안녕$/);
  await page.keyboard.press('Enter');
  const text = await waitForTerminal(page, /echo 안녕\n안녕\n/);
  expect(text).not.toContain('안안');
  expect(await terminalText(page)).not.toContain('녕녕');
  await page.context().close();
});

it('continues an unfinished command on the next line with bash’s > prompt, and runs it whole', async () => {
  const { page } = await openLiveTerminal();
  await page.keyboard.type('for n in 1 2 3\n');
  await waitForTerminal(page, /# for n in 1 2 3\n>$/);
  await page.keyboard.type('do echo "pod $n: $((n * 17))"\n');
  await waitForTerminal(page, /\n> do echo "pod \$n: \$\(\(n \* 17\)\)"\n>$/);
  await page.keyboard.type('done\n');
  const text = await waitForTerminal(page, /\n> done\npod 1: 17\npod 2: 34\npod 3: 51\n\[root@myeks-bastion-EC2 ~\]#$/);
  expect(text).toContain('pod 3: 51');
  // History keeps it as one command, its lines joined as bash joins them.
  await page.keyboard.press('ArrowUp');
  await waitForTerminal(page, /\n\[root@myeks-bastion-EC2 ~\]# for n in 1 2 3; do echo "pod \$n: \$\(\(n \* 17\)\)"; done$/);
  await page.context().close();
});
