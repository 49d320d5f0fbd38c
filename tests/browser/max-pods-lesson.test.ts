import { expect, it } from 'vitest';
import { openPage, openWidget } from './setup/browser.ts';

const LESSON = '/lessons/max-pods/';

it('renders the lesson with the t3.medium worked example, even without JavaScript', async () => {
  const { page } = await openPage(LESSON, { javaScriptEnabled: false });
  expect(await page.locator('h1').textContent()).toBe('Max pods per node');
  expect(await page.locator('.sidebar-content a[aria-current="page"]').textContent()).toBe('Max pods per node');
  const calc = page.locator('.nl-calc');
  expect(await calc.getByTestId('max-pods').textContent()).toBe('17');
  expect(await calc.locator('.nl-formula').textContent()).toBe('3 × (6 − 1) + 2 = 17; min(110, 17) = 17');
  expect(await calc.locator('.nl-steps li').count()).toBe(6);
  expect(await page.locator('.nl-quiz legend').textContent()).toMatch(/^What max pods does the calculator recommend/);
  await page.context().close();
});

it('computes m5.large → 29, and 110 with prefix delegation', async () => {
  const { page, widget: calc } = await openWidget(LESSON, '.nl-calc');
  const input = calc.getByRole('combobox', { name: 'Instance type' });
  await input.fill('m5.lar');
  const option = calc.getByRole('option', { name: 'm5.large', exact: true });
  await option.waitFor();
  await option.click();
  await expect.poll(() => calc.getByTestId('max-pods').textContent()).toBe('29');
  expect(await calc.getByTestId('published').textContent()).toBe('29');
  await calc.getByLabel('Prefix delegation').check();
  await expect.poll(() => calc.getByTestId('max-pods').textContent()).toBe('110');
  expect(await calc.locator('.nl-formula').textContent()).toBe('3 × (10 − 1) × 16 + 2 = 434; min(110, 434) = 110');
  await calc.getByLabel('Show max allowed (no ceiling)').check();
  await expect.poll(() => calc.getByTestId('max-pods').textContent()).toBe('434');
  await page.context().close();
});

it('answers a typo with suggestions and keeps the last good result', async () => {
  const { page, widget: calc } = await openWidget(LESSON, '.nl-calc');
  const input = calc.getByRole('combobox', { name: 'Instance type' });
  await input.fill('t3.meduim');
  await input.press('Enter');
  await expect.poll(() => calc.locator('.nl-small').first().textContent()).toMatch(/No instance type “t3.meduim”.*did you mean t3.medium/);
  expect(await calc.getByTestId('max-pods').textContent()).toBe('17');
  await calc.getByLabel('Max ENIs').fill('zero');
  expect(await calc.locator('.nl-error').textContent()).toMatch(/invalid --cni-max-eni value "zero"/);
  expect(await calc.getByTestId('max-pods').textContent()).toBe('17');
  await page.context().close();
});

it('picks an instance type with the keyboard alone', async () => {
  const { page, widget: calc } = await openWidget(LESSON, '.nl-calc');
  await calc.getByRole('combobox', { name: 'Instance type' }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('c5.4xl');
  await calc.getByRole('option', { name: 'c5.4xlarge' }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(() => calc.getByTestId('max-pods').textContent()).toBe('110');
  expect(await calc.getByTestId('published').textContent()).toBe('234');
  await page.context().close();
});
