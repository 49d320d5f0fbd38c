// One cluster per page: the terminal and the node/ENI widget on the warm-pool lesson draw the same cluster.
import { expect, it } from 'vitest';
import { openWidget, waitForHydration } from './setup/browser.ts';
import { waitForTerminal } from './setup/xterm.ts';

const LESSON = '/lessons/warm-pool/';
const QUICK = { reducedMotion: 'reduce' } as const;

async function openLesson() {
  const opened = await openWidget(LESSON, '.nl-term', QUICK);
  const eni = opened.page.locator('.nl-eni');
  await eni.scrollIntoViewIfNeeded();
  await waitForHydration(opened.page, '.nl-eni');
  await opened.widget.scrollIntoViewIfNeeded();
  await opened.widget.getByRole('button', { name: 'Start the terminal' }).click();
  await waitForTerminal(opened.page, /\]#$/);
  return { ...opened, eni };
}

it('redraws the ENI picture after kubectl scale in the terminal', async () => {
  const { page, eni } = await openLesson();
  expect(await eni.locator('.nl-eni__slots .nl-slot--pod').count()).toBe(2); // the two CoreDNS pods
  await page.keyboard.type('kubectl apply -f nginx-dp.yaml; kubectl scale deployment nginx-deployment --replicas=20; sleep 60\n');
  await waitForTerminal(page, /deployment\.apps\/nginx-deployment scaled\n.*\]#$/s);
  await expect.poll(() => eni.locator('.nl-eni__slots .nl-slot--pod').count()).toBe(22);
  // Every node now has at least a second ENI.
  expect(await eni.locator('.nl-eni__eni').count()).toBeGreaterThanOrEqual(6);
  await page.context().close();
});

it('shows a setting changed in the widget to kubectl in the terminal, and lists what it did', async () => {
  const { page, eni } = await openLesson();
  await eni.getByLabel('WARM_IP_TARGET').selectOption('2');
  await expect.poll(() => eni.getByTestId('eni-changes').textContent()).toContain('WARM_IP_TARGET: unset → 2');
  await page.locator('.nl-term [data-testid=terminal]').click();
  await page.keyboard.type('kubectl describe daemonset aws-node -n kube-system | grep WARM_IP\n');
  await waitForTerminal(page, /grep WARM_IP\n\s+WARM_IP_TARGET:\s+2\n/);
  await page.context().close();
});

it('tells what holds an address when it is selected, with the pod’s kubectl row', async () => {
  const { page, eni } = await openLesson();
  await eni.locator('.nl-eni__slots .nl-slot--pod').first().click();
  await expect.poll(() => eni.getByTestId('eni-detail').textContent()).toMatch(/^192\.168\.\d\.\d+ on eth\d of ip-192-168-\d-\d+: pod kube-system\/coredns-\S+ \(host veth eni[0-9a-f]{11}\)$/);
  await expect.poll(() => eni.getByTestId('eni-row').textContent()).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\ncoredns-\S+\s+1\/1\s+Running\s+0\s+\S+\s+192\.168\.\d\.\d+\s+ip-192-168-/);
  await page.context().close();
});

it('highlights a pod in the ENI picture when its name is hovered in the terminal', async () => {
  const { page, eni } = await openLesson();
  await page.keyboard.type('kubectl get pods -n kube-system -l k8s-app=kube-dns --no-headers\n');
  const text = await waitForTerminal(page, /--no-headers\ncoredns-\S+/);
  const name = /\n(coredns-\S+)/.exec(text)![1];
  // The buffer is ahead of the screen by an animation frame: wait until the row is drawn, then point at the name.
  const handle = await page.waitForFunction((pod) => {
    const host = document.querySelector('.nl-term [data-testid=terminal]') as HTMLElement & { xterm: { cols: number } };
    for (const row of host.querySelectorAll('.xterm-rows > div')) {
      const at = (row.textContent ?? '').replaceAll('\u00a0', ' ').indexOf(pod);
      if (at < 0) continue;
      const box = row.getBoundingClientRect();
      const cell = box.width / host.xterm.cols;
      return { x: box.left + (at + 3) * cell, y: box.top + box.height / 2 };
    }
    return null;
  }, name);
  const pos = (await handle.jsonValue()) as { x: number; y: number };
  await page.mouse.move(pos.x, pos.y);
  await expect.poll(() => eni.locator('.nl-slot--hl').count()).toBe(1);
  expect(await eni.locator('.nl-slot--hl').getAttribute('aria-label')).toMatch(/^192\.168\.\d\.\d+ pod$/);
  await page.mouse.move(0, 0);
  await expect.poll(() => eni.locator('.nl-slot--hl').count()).toBe(0);
  await page.context().close();
});

it('grades a prediction with the simulated cluster', async () => {
  const { page, widget } = await openWidget('/lessons/filling-a-node/', '.nl-exercise');
  await widget.getByRole('textbox').fill('9');
  await widget.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => widget.getByTestId('exercise-verdict').textContent()).toBe('Not 9: the cluster shows 7 pods.');
  await widget.getByRole('textbox').fill('7');
  await widget.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => widget.getByTestId('exercise-verdict').textContent()).toBe('Right: 7 pods.');
  await page.context().close();
});
