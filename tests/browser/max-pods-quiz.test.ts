import { expect, it } from 'vitest';
import { openWidget } from './setup/browser.ts';

const LESSON = '/lessons/max-pods/';

it('explains a wrong answer, then confirms the right one with the worked steps', async () => {
  const { page, widget: quiz } = await openWidget(LESSON, '.nl-quiz');
  // The lesson's first question: t3a.medium, 3 ENIs × (6 − 1) + 2 = 17.
  expect(await quiz.locator('legend').textContent()).toContain('t3a.medium');
  await quiz.getByLabel('20').check();
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => quiz.locator('.nl-wrong').textContent()).toMatch(/^Not 20\. Counts each ENI's primary address/);
  await quiz.getByLabel('17').check();
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => quiz.locator('.nl-right').textContent()).toMatch(/^Right: 17\./);
  expect(await quiz.locator('.nl-steps li').count()).toBe(6);
  await page.context().close();
});

it('moves to the next question, puts it in the URL, and the URL reopens it', async () => {
  const { page, widget: quiz } = await openWidget(LESSON, '.nl-quiz');
  const first = await quiz.locator('legend').textContent();
  await quiz.getByRole('button', { name: 'Next question' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('quiz')).toMatch(/^[0-9a-z]{5}$/);
  await expect.poll(() => quiz.locator('legend').textContent()).not.toBe(first);
  const second = await quiz.locator('legend').textContent();
  const choices = await quiz.locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

  const again = await openWidget(page.url(), '.nl-quiz');
  const quiz2 = again.widget;
  await expect.poll(() => quiz2.locator('legend').textContent()).toBe(second);
  expect(await quiz2.locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(choices);
  await page.context().close();
  await again.page.context().close();
});

it('can be answered with the keyboard alone', async () => {
  const { page, widget: quiz } = await openWidget(LESSON, '.nl-quiz');
  await quiz.locator('input[type=radio]').first().focus();
  // Radios: arrow keys move the choice; the choices are sorted, so 15, 17, 18, 20.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => quiz.locator('.nl-right').textContent()).toMatch(/^Right: 17\./);
  await page.context().close();
});
