// Progress, review and the lesson quizzes in a real browser: answers recorded from the quiz and the exercise
// widgets, shown in the sidebar, exported and imported as a file, corrupt storage reported and reset, and the
// review schedule run on a clock the test sets (Playwright's clock: Date.now() in the page is the test's).
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { allInstanceTypes } from '../../src/model/catalog/index.ts';
import { quizItem } from '../../src/model/quiz/index.ts';
import { labFiles } from '../../src/node/lab-content.ts';
import { createEngine } from '../../src/shell/engine.ts';
import { PROGRESS_KEY } from '../../src/widgets/progress/store.ts';
import { axeViolations } from './setup/axe.ts';
import { baseUrl, waitForHydration } from './setup/browser.ts';
import { CHROMIUM } from './setup/chromium.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const WARM_POOL = '/lessons/warm-pool/';

let browser: Browser | undefined;
afterAll(() => browser?.close());

async function context(time = T0): Promise<BrowserContext> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await ctx.clock.setFixedTime(time);
  return ctx;
}

async function open(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(new URL(path, baseUrl()).href);
  return page;
}

/** The lesson's first question, generated in Node the way the build and the worker generate it. */
function warmPoolItem() {
  return quizItem('warm-pool', '1', {
    newLab: () => {
      const e = createEngine({ files: labFiles() });
      return { cluster: e.cluster, sh: (l: string) => e.shell.run(l).output };
    },
    catalog: allInstanceTypes,
  });
}

async function answerQuiz(page: Page, label: string) {
  const quiz = page.locator('.nl-quiz[data-quiz="warm-pool"]');
  await quiz.scrollIntoViewIfNeeded();
  await waitForHydration(page, '.nl-quiz[data-quiz="warm-pool"]');
  await quiz.getByLabel(label, { exact: true }).check();
  await quiz.getByRole('button', { name: 'Check' }).click();
  return quiz;
}

const sidebarCount = (page: Page, href: string) => page.locator(`.nl-progress-sidebar a[href="${href}"] .nl-progress-count`);
const stored = (page: Page) => page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY);

it('a quiz answer is graded by the worker with a worked explanation, recorded, and counted in the sidebar', async () => {
  const item = warmPoolItem();
  const right = item.choices.find((c) => c.correct)!;
  const wrong = item.choices.find((c) => !c.correct)!;
  const ctx = await context();
  const page = await open(ctx, WARM_POOL);
  // Server-rendered: the question is in the HTML before any script runs.
  expect(await page.locator('.nl-quiz legend').textContent()).toBe(item.prompt);
  // Two exercises? No: one exercise and the quiz. Nothing done yet.
  await expect.poll(() => sidebarCount(page, WARM_POOL).textContent()).toBe('0/2');

  const quiz = await answerQuiz(page, wrong.label);
  await expect.poll(() => quiz.locator('.nl-wrong').textContent()).toBe(`Not ${wrong.label}. ${wrong.mistake!.why} Try another answer.`);
  await quiz.getByLabel(right.label, { exact: true }).check();
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => quiz.locator('.nl-right').textContent()).toBe(`Right: ${right.label}.`);
  expect(await quiz.locator('.nl-quiz__why li').allTextContents()).toEqual(item.explanation);
  // The first answer was wrong: the question is not passed, and goes to review.
  const p = JSON.parse((await stored(page))!);
  expect(p.quizzes['warm-pool:1']).toMatchObject({ lesson: WARM_POOL, attempts: 1 });
  expect(p.quizzes['warm-pool:1'].passedAt).toBeUndefined();
  expect(p.review['quiz:warm-pool:1'].due).toBe(T0.getTime() + DAY);
  expect(await sidebarCount(page, WARM_POOL).textContent()).toBe('0/2');
  expect(await axeViolations(page)).toEqual([]);
  await ctx.close();
}, 60_000);

it('review: a missed item is not due the same day, is due the next, and a right answer sends it further out', async () => {
  const item = warmPoolItem();
  const right = item.choices.find((c) => c.correct)!.label;
  const wrong = item.choices.find((c) => !c.correct)!.label;
  const ctx = await context();
  const page = await open(ctx, WARM_POOL);
  await answerQuiz(page, wrong);
  await expect.poll(async () => JSON.parse((await stored(page)) ?? '{}').review?.['quiz:warm-pool:1']).toBeTruthy();

  const sameDay = await open(ctx, '/review/');
  await expect.poll(() => sameDay.getByTestId('nothing-due').isVisible()).toBe(true);
  expect(await sameDay.locator('.nl-review details summary').textContent()).toBe('Coming up (1)');

  await ctx.clock.setFixedTime(new Date(T0.getTime() + DAY + 3_600_000));
  const nextDay = await open(ctx, '/review/');
  const due = nextDay.locator('[data-review="quiz:warm-pool:1"]');
  await expect.poll(() => due.count()).toBe(1);
  await expect.poll(() => sidebarCount(nextDay, '/review/').textContent()).toBe('1');
  // The same question, asked again through the worker.
  await expect.poll(() => due.locator('legend').textContent()).toBe(item.prompt);
  expect(await axeViolations(nextDay)).toEqual([]);
  await due.getByLabel(right, { exact: true }).check();
  await due.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => due.locator('.nl-right').textContent()).toBe(`Right: ${right}.`);
  const after = JSON.parse((await stored(nextDay))!);
  expect(after.review['quiz:warm-pool:1'].due).toBeGreaterThan(T0.getTime() + 2 * DAY);
  expect(after.quizzes['warm-pool:1'].passedAt).toBe(T0.getTime() + DAY + 3_600_000);
  // Passed now: the lesson's quiz counts.
  await expect.poll(() => sidebarCount(nextDay, WARM_POOL).textContent()).toBe('1/2');
  await ctx.close();
}, 90_000);

it('an exercise passed on its first run counts for its lesson', async () => {
  const ctx = await context();
  const page = await open(ctx, '/lessons/filling-a-node/');
  const ex = page.locator('.nl-exercise').first();
  await ex.scrollIntoViewIfNeeded();
  await waitForHydration(page, '.nl-exercise');
  // The seed lab's own count (the study lab's notes): 7 of 50 replicas stay Pending.
  await ex.getByPlaceholder('your answer').fill('7');
  await ex.getByRole('button', { name: 'Commit and run' }).click();
  await expect.poll(() => ex.getByTestId('exercise-verdict').textContent(), { timeout: 30_000 }).toBe('Right: 7 pods.');
  await expect.poll(() => sidebarCount(page, '/lessons/filling-a-node/').textContent()).toBe('1/2');
  const p = JSON.parse((await stored(page))!);
  expect(Object.values(p.exercises)).toEqual([expect.objectContaining({ lesson: '/lessons/filling-a-node/', attempts: 1, passedAt: T0.getTime() })]);
  expect(p.review).toEqual({});
  await ctx.close();
}, 60_000);

it('exports progress as a JSON file and imports it into a fresh browser unchanged', async () => {
  const item = warmPoolItem();
  const ctx = await context();
  const page = await open(ctx, WARM_POOL);
  await answerQuiz(page, item.choices.find((c) => !c.correct)!.label);
  await expect.poll(() => stored(page)).toBeTruthy();
  const saved = await stored(page);

  const review = await open(ctx, '/review/');
  await expect.poll(() => review.locator(`tr[data-lesson="${WARM_POOL}"] td`).last().textContent()).toBe('not yet right');
  const [download] = await Promise.all([review.waitForEvent('download'), review.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
  expect(download.suggestedFilename()).toBe('eks-netlab-progress-2026-03-02.json');
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  const { exported, ...body } = JSON.parse(text);
  expect(exported).toBe('eks-netlab progress');
  expect(body).toEqual(JSON.parse(saved!));

  const fresh = await context();
  const other = await open(fresh, '/review/');
  await waitForHydration(other, '.nl-review');
  expect(await stored(other)).toBeNull();
  await other.getByLabel('Import progress').setInputFiles(file);
  await expect.poll(() => other.locator('.nl-review .nl-right').textContent()).toMatch(/^Imported .+\.$/);
  expect(JSON.parse((await stored(other))!)).toEqual(JSON.parse(saved!));
  expect(await other.locator(`tr[data-lesson="${WARM_POOL}"] td`).last().textContent()).toBe('not yet right');

  // Not an export: refused, nothing changed.
  await other.getByLabel('Import progress').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"quizzes":[]}') });
  await expect.poll(() => other.locator('.nl-review .nl-error').textContent()).toBe('The file is not a progress export: progress.exercises is not an object. Nothing was changed.');
  expect(JSON.parse((await stored(other))!)).toEqual(JSON.parse(saved!));
  await ctx.close();
  await fresh.close();
}, 60_000);

it('corrupt storage is reported in a sentence and reset; the page still works', async () => {
  for (const bad of ['{"version":1,"exercises":{', '{"version":7}', '"just a string"']) {
    const ctx = await context();
    await ctx.addInitScript(([k, v]) => {
      // Once per browser: the corrupt record is what an earlier visit left.
      if (!localStorage.getItem('test-seeded')) {
        localStorage.setItem(k, v);
        localStorage.setItem('test-seeded', '1');
      }
    }, [PROGRESS_KEY, bad]);
    const page = await open(ctx, WARM_POOL);
    const notice = page.locator('.nl-progress-problem[role="status"]');
    await expect.poll(() => notice.textContent()).toMatch(/^Your saved progress could not be read \(.+\), so it was reset\. OK$/);
    expect(await page.locator('h1').textContent()).toBe('L-IPAM and the warm pool');
    expect(await stored(page)).toBeNull();
    expect(await sidebarCount(page, WARM_POOL).textContent()).toBe('0/2');
    // The reader can go on: an answer is recorded in a new record.
    await answerQuiz(page, warmPoolItem().choices[0].label);
    await expect.poll(async () => JSON.parse((await stored(page)) ?? '{}').version).toBe(1);
    // The next page in the tab says it too, until dismissed.
    await page.goto(new URL('/review/', baseUrl()).href);
    await expect.poll(() => page.locator('.nl-review .nl-note').textContent()).toMatch(/could not be read/);
    await page.locator('.nl-progress-problem button').click();
    await page.goto(new URL('/review/', baseUrl()).href);
    await expect.poll(() => page.getByRole('heading', { name: 'Due for review' }).isVisible()).toBe(true);
    expect(await page.locator('.nl-progress-problem').count()).toBe(0);
    expect(await page.locator('.nl-review .nl-note').count()).toBe(0);
    await ctx.close();
  }
}, 90_000);

it('every lesson has a generated quiz that hydrates and answers', async () => {
  const ctx = await context();
  for (const [lesson, topic] of [['pod-ip', 'datapath'], ['pod-to-pod', 'datapath'], ['services-kube-proxy', 'kube-proxy'], ['kube-proxy-at-scale', 'kube-proxy'], ['lb-controller', 'load-balancer'], ['nlb-targets', 'load-balancer'], ['alb-ingress', 'load-balancer'], ['vpc-cni-vs-overlay', 'datapath'], ['filling-a-node', 'max-pods']]) {
    const page = await open(ctx, `/lessons/${lesson}/`);
    const quiz = page.locator(`.nl-quiz[data-quiz="${topic}"]`);
    await quiz.scrollIntoViewIfNeeded();
    await waitForHydration(page, `.nl-quiz[data-quiz="${topic}"]`);
    expect(await quiz.locator('input[type=radio]').count()).toBe(4);
    await quiz.locator('input[type=radio]').first().check();
    await quiz.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => quiz.locator('.nl-right, .nl-wrong').count(), { timeout: 20_000 }).toBe(1);
    await quiz.getByRole('button', { name: 'Next question' }).click();
    await expect.poll(() => quiz.locator('.nl-small').last().textContent()).not.toBe('Question 1.');
    // The three load balancer lessons share one sheet.
    expect(await page.locator(`a[href="/cheat-sheets/${/^(lb-controller|nlb-targets|alb-ingress)$/.test(lesson) ? 'load-balancers' : lesson}/"]`).count()).toBe(1);
    await page.close();
  }
  await ctx.close();
}, 120_000);

it('cheat sheets: the model’s numbers, a print layout that fits the page, no a11y violations', async () => {
  const ctx = await context();
  const page = await open(ctx, '/cheat-sheets/max-pods/');
  expect(await page.locator('h1').textContent()).toBe('Max pods per node cheat sheet');
  expect(await page.locator('tr', { hasText: 't3.medium' }).locator('td').allTextContents()).toEqual(['3', '6', '2', '17', '110', '12']);
  expect(await axeViolations(page)).toEqual([]);
  for (const lesson of ['max-pods', 'services-kube-proxy', 'load-balancers', 'vpc-cni-vs-overlay']) {
    const sheet = await open(ctx, `/cheat-sheets/${lesson}/`);
    await sheet.emulateMedia({ media: 'print' });
    await sheet.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    expect(await sheet.locator('.cs-screen').first().isVisible()).toBe(false);
    // Nothing wider than the paper: long commands wrap.
    expect(await sheet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(794);
    await sheet.screenshot({ path: `.scratch/print-${lesson}.png`, fullPage: true });
    const pdf = await sheet.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages, `${lesson}: ${pages} pages`).toBeLessThanOrEqual(3);
  }
  await ctx.close();
}, 60_000);
