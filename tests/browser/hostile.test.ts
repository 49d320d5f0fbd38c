// Issue 13 in the browser: hostile lines typed into the live terminal end by themselves or on Ctrl-C, the page
// keeps answering, and `kubectl get nodes` still works afterwards. How long each holds the main thread is a
// benchmark figure (`npm run bench`, "Hostile command lines"), not asserted here.
import { expect, it } from 'vitest';
import { openWidget } from './setup/browser.ts';
import { terminalText, waitForTerminal } from './setup/xterm.ts';

const QUICK = { reducedMotion: 'reduce' } as const;

it('survives a scale to 100 million, a runaway loop, a fork bomb, yes, an endless sleep, a flood and a huge eval', async () => {
  const { page, widget } = await openWidget('/lessons/filling-a-node/', '.nl-term', QUICK);
  await widget.getByRole('button', { name: 'Take over' }).click();
  await waitForTerminal(page, /\]#$/);

  await page.keyboard.type('kubectl scale deployment coredns -n kube-system --replicas=100000000\n');
  await waitForTerminal(page, /deployment\.apps\/coredns scaled\n\[root@myeks-bastion-EC2 ~\]#$/);

  // Ends only on Ctrl-C; the terminal keeps drawing meanwhile.
  await page.keyboard.type('while true; do kubectl get nodes --no-headers | wc -l; done\n');
  await waitForTerminal(page, /\n3\n3\n3$/);
  await page.waitForTimeout(2000);
  // Still running after two seconds of wall time (a watched loop has no bound but Ctrl-C).
  expect((await terminalText(page)).endsWith('\n3')).toBe(true);
  await page.keyboard.press('Control+C');
  await waitForTerminal(page, /\^C\n\[root@myeks-bastion-EC2 ~\]#$/);

  await page.keyboard.type(':(){ :|:& };:\n');
  await waitForTerminal(page, /bash: fork: Resource temporarily unavailable\n(.*\n)*\[root@myeks-bastion-EC2 ~\]#$/);

  await page.keyboard.type('yes | head -2\n');
  await waitForTerminal(page, /yes \| head -2\ny\ny\n(.*\n)*\[root@myeks-bastion-EC2 ~\]#$/);

  // An hour of model time at once, then wall-clock time until Ctrl-C.
  await page.keyboard.type('sleep infinity\n');
  await page.waitForTimeout(1000);
  await page.keyboard.press('Control+C');
  await waitForTerminal(page, /sleep infinity\n\^C\n\[root@myeks-bastion-EC2 ~\]#$/);

  // A flood of output (yes writes its bound, 1 MiB, half a million lines): the screen keeps what its scrollback
  // holds, and the prompt comes back under it.
  await page.keyboard.type('yes\n');
  const flood = await waitForTerminal(page, /\ny\ny\n\[root@myeks-bastion-EC2 ~\]#$/);
  expect(flood.split("\n").length).toBeLessThanOrEqual(1000 + 60);

  // Work that cannot pause is refused or cut before it starts, with its bound named.
  await page.keyboard.type(`eval "$(printf 'echo x;%.0s' $(seq 1 100000))" | wc -l\n`);
  await waitForTerminal(page, /bash: eval: more than 10000 commands: over this shell's bound of 10000 commands without returning to the prompt\n0\n\[root@myeks-bastion-EC2 ~\]#$/);

  await page.keyboard.type('kubectl get nodes --no-headers | wc -l; kubectl get pods -n kube-system | grep -c Pending\n');
  const text = await waitForTerminal(page, /grep -c Pending\n3\n\d+\n\[root@myeks-bastion-EC2 ~\]#$/);
  // The pod limit holds: every schedulable pod plus 10,000 at most.
  const pending = Number(text.split('\n').at(-2));
  expect(pending).toBeGreaterThan(1000);
  expect(pending).toBeLessThanOrEqual(10_000);
  await page.context().close();
});
