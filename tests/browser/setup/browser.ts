// One Chromium per test file, pages on the production build, and a record of every request a page makes.
import { afterAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

import { CHROMIUM } from './chromium.ts';

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  browser = undefined;
});

export interface OpenPage {
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
}

export async function openPage(path: string, options: BrowserContextOptions = {}): Promise<OpenPage> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(new URL(path, inject('baseUrl')).href);
  return { page, requests };
}

export const baseUrl = () => inject('baseUrl');

/** Opens a page, scrolls a widget into view as a reader would, and waits until its island has hydrated. */
export async function openWidget(path: string, selector: string, options: BrowserContextOptions = {}) {
  const opened = await openPage(path, options);
  const widget = opened.page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await waitForHydration(opened.page, selector);
  return { ...opened, widget };
}

export function waitForHydration(page: Page, selector: string) {
  return page.waitForFunction((s) => {
    const island = document.querySelector(`astro-island:has(${s})`);
    return island !== null && !island.hasAttribute('ssr');
  }, selector);
}

/** Scrolls every island into view in turn (islands hydrate when visible) and waits until all have hydrated. */
export async function hydrateAll(page: Page): Promise<void> {
  const count = await page.locator('astro-island').count();
  for (let i = 0; i < count; i++) {
    await page.locator('astro-island').nth(i).scrollIntoViewIfNeeded();
    await page.waitForTimeout(50);
  }
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
}
