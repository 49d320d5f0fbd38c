// The "Pod to pod, pod to internet" lesson: two terminal sessions on one cluster (tcpdump in one while a pod
// pings in the other), the packet stepper against what tcpdump printed, and the stepper's SNAT switch.
import { expect, it } from 'vitest';
import { axeViolations } from './setup/axe.ts';
import { hydrateAll, openPage, openWidget, waitForHydration } from './setup/browser.ts';
import { terminalText, waitForTerminal } from './setup/xterm.ts';

const LESSON = '/lessons/pod-to-pod/';
const QUICK = { reducedMotion: 'reduce' } as const;

it('captures in a second terminal what a pod pings in the first, and the stepper shows the same packets', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-term', QUICK);
  await widget.getByRole('button', { name: 'Take over' }).click();
  await waitForTerminal(page, /\]#$/);
  await page.keyboard.type("kubectl apply -f netshoot-pod.yaml; sleep 30; export N=$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}')\n");
  await waitForTerminal(page, /created\n.*\]#$/s);

  await widget.getByRole('button', { name: 'Open a second terminal' }).click();
  await waitForTerminal(page, /\]#$/, '.nl-term', 'terminal-2');
  // Its own session: $N is not set here, but the lab's $PODNAME2 is (it follows the cluster).
  await page.keyboard.type("echo N=$N; ssh ec2-user@$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}')\n");
  await waitForTerminal(page, /\[ec2-user@ip-[\d-]+ ~\]\$$/, '.nl-term', 'terminal-2');
  await page.keyboard.type('sudo tcpdump -i any -nn icmp\n');
  await waitForTerminal(page, /listening on any, link-type LINUX_SLL \(Linux cooked\), capture size 262144 bytes$/, '.nl-term', 'terminal-2');

  // Back to the first terminal: the pod pings, in real time.
  await page.locator('.nl-term [data-testid=terminal]').click();
  await page.keyboard.type('kubectl exec -it $PODNAME1 -- ping -c 2 $PODIP2\n');
  await waitForTerminal(page, /2 packets transmitted, 2 received, 0% packet loss.*\]#$/s);
  const capture = await waitForTerminal(page, /(?:[^\n]*ICMP echo[^\n]*(?:\n|$)){8}/, '.nl-term', 'terminal-2');
  const lines = capture.split('\n').filter((l) => / IP [\d.]+ > [\d.]+: ICMP echo/.test(l));
  expect(lines).toHaveLength(8);
  await page.locator('.nl-term [data-testid=terminal-2]').click();
  await page.keyboard.press('Control+C');
  await waitForTerminal(page, /\^C\n8 packets captured\n8 packets received by filter\n0 packets dropped by kernel\n.*\$$/s, '.nl-term', 'terminal-2');

  // The stepper opens that ping: its capture lines on the receiving node are the ones tcpdump printed.
  const stepper = page.locator('.nl-stepper');
  await stepper.scrollIntoViewIfNeeded();
  await stepper.getByRole('button', { name: 'Last ping in the terminal' }).click();
  await expect.poll(() => stepper.getByText(/Hop 1 of \d+/).count()).toBe(1);
  const fromStepper: string[] = [];
  for (;;) {
    const block = stepper.locator('.nl-stepper__tcpdump');
    if (await block.count()) {
      const host = await block.locator('dt').first().textContent();
      if (host && !host.includes('pod ')) fromStepper.push((await block.locator('dd code').first().textContent())!);
    }
    const next = stepper.getByRole('button', { name: 'Next hop' });
    if (!(await next.isEnabled())) break;
    await next.click();
  }
  const seenOnReceiver = fromStepper.filter((l) => lines.includes(l));
  expect(seenOnReceiver).toHaveLength(4); // request in and out, reply in and out, on the second pod's node
  expect(await terminalText(page)).toContain('ttl=62');
  // Two terminals running and the stepper mid-flow: still nothing for axe to object to.
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('switches external SNAT in the stepper and shows the internet flow before and after', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-stepper', QUICK);
  await widget.getByRole('button', { name: 'Pod → internet' }).click();
  await expect.poll(() => widget.locator('.nl-stepper__outcome').textContent()).toMatch(/ttl=104/);
  await widget.getByRole('checkbox').check();
  await expect.poll(() => widget.locator('.nl-note').textContent()).toMatch(/^Before: The reply arrives with ttl=104.*After: The request is dropped: no public IPv4 address/);
  // The setting is the cluster's: kubectl in the page's terminal sees it.
  const term = page.locator('.nl-term');
  await term.scrollIntoViewIfNeeded();
  // The terminal hydrates when it comes into view; a click before that would go nowhere.
  await waitForHydration(page, '.nl-term');
  await term.getByRole('button', { name: 'Take over' }).click();
  await waitForTerminal(page, /\]#$/);
  await page.keyboard.type('kubectl describe ds aws-node -n kube-system | grep EXTERNALSNAT\n');
  await waitForTerminal(page, /AWS_VPC_K8S_CNI_EXTERNALSNAT: +true/);
  await page.context().close();
});

it('grades the lesson’s three predictions with the simulated cluster', async () => {
  const { page } = await openPage(LESSON, QUICK);
  await hydrateAll(page);
  const [ttl, lines, source] = [0, 1, 2].map((i) => page.locator('.nl-exercise').nth(i));
  await ttl.getByRole('textbox').fill('63');
  await ttl.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => ttl.getByTestId('exercise-verdict').textContent()).toBe('Not 63: the cluster shows 62 hops left.');

  await lines.scrollIntoViewIfNeeded();
  await lines.getByRole('textbox').fill('8');
  await lines.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => lines.getByTestId('exercise-verdict').textContent()).toBe('Right: 8 lines.');

  await source.scrollIntoViewIfNeeded();
  await source.getByRole('radio', { name: "the pod's address" }).check();
  await source.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => source.getByTestId('exercise-verdict').textContent()).toMatch(/^Not the pod's address: the cluster shows the node's primary address \(192\.168\.\d+\.\d+\)\.$/);
  await source.getByRole('radio', { name: "the node's primary address" }).check();
  await source.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => source.getByTestId('exercise-verdict').textContent()).toMatch(/^Right: the node's primary address \(192\.168\.\d+\.\d+\)\.$/);
  await page.context().close();
});

it('fits a phone: no sideways scrolling, the stepper within the screen, stepping still works', async () => {
  const { page, widget } = await openWidget(LESSON, '.nl-stepper', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
  await hydrateAll(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await widget.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await widget.getByRole('button', { name: 'Next hop' }).tap();
  await expect.poll(() => widget.getByText(/Hop 2 of \d+/).count()).toBe(1);
  await widget.screenshot({ path: 'test-results/mobile-stepper.png' });
  await page.context().close();
});
