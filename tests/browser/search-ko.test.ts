// Korean search on the built site (src/node/search-index.ts, src/search/korean-stem.ts): a noun written only with
// particles (파드는, 파드의, ENI를, kube-proxy의) is found by the bare noun, a query typed with a particle finds
// the noun's other forms, excerpts come from the page's own text, and the Korean and English indexes never mix.
// Which pages should match is read from the built HTML here, with plain string tests, not from the indexer.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './setup/browser.ts';

interface BuiltPage {
  url: string;
  text: string;
  title: string;
  headings: string[];
  /** A Korean address that shows the English page (Starlight's fallback). */
  fallback: boolean;
}

function builtPages(dir: string): BuiltPage[] {
  const files = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === '_astro' || e.name === 'pagefind' ? [] : files(join(d, e.name))) : e.name === 'index.html' ? [join(d, e.name)] : [],
    );
  return files(dir).flatMap((file) => {
    const html = readFileSync(file, 'utf8');
    const main = /<main\b([^>]*)>([\s\S]*)<\/main>/.exec(html);
    if (!main || !main[1].includes('data-pagefind-body')) return [];
    const htmlLang = /<html\b[^>]*\slang="([^"]+)"/.exec(html)![1];
    const mainLang = /\slang="([^"]+)"/.exec(main[1])?.[1] ?? htmlLang;
    // Pagefind leaves out these elements (REMOVE_SELECTORS in pagefind/src/fossick/parser.rs) and ignored ones.
    const text = main[2]
      .replace(/<(style|script|noscript|label|form|svg|footer|nav|iframe|template)\b[\s\S]*?<\/\1>/g, ' ')
      .replace(/<(span|button|div)\b[^>]*data-pagefind-ignore[^>]*>[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    const url = '/' + relative(dir, file).split(sep).join('/').replace(/index\.html$/, '');
    const plain = (h: string) => h.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').trim();
    const headings = [...main[2].matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) => plain(m[1]));
    return [{ url, text, title: headings[0] ?? '', headings, fallback: htmlLang !== mainLang }];
  });
}

const PAGES = builtPages('dist');
const KOREAN = PAGES.filter((p) => p.url.startsWith('/ko/') && !p.fallback);
const FALLBACKS = PAGES.filter((p) => p.fallback);

/** Pagefind's own search API on the page (the index of the page's language), as the search UI calls it. */
async function search(page: Page, query: string): Promise<{ url: string; excerpt: string; title: string; subTitles: string[] }[]> {
  return page.evaluate(async (q) => {
    // Through eval: the test's own bundler would rewrite an import() written here.
    const pagefind = await (0, eval)('import("/pagefind/pagefind.js")');
    const found = await pagefind.search(q);
    type Data = { url: string; excerpt: string; meta: { title: string }; sub_results: { title: string }[] };
    return Promise.all(found.results.map(async (r: { data: () => Promise<Data> }) => {
      const d = await r.data();
      return { url: d.url, excerpt: d.excerpt, title: d.meta.title, subTitles: d.sub_results.map((s) => s.title) };
    }));
  }, query);
}

/** The result links the search dialog lists for a query typed into it. */
async function searchInDialog(page: Page, query: string): Promise<string[]> {
  await page.locator('button[data-open-modal]:not([disabled])').click();
  const input = page.locator('dialog[open] input');
  await input.fill(query);
  await page.locator('dialog[open] .pagefind-ui__message').filter({ hasText: /\d/ }).waitFor();
  // The UI says how many pages it found, and lists five at a time behind a "load more" button.
  // In Korean (src/content/i18n/ko.json): "파드는 검색 결과 13개".
  const message = (await page.locator('dialog[open] .pagefind-ui__message').textContent()) ?? '';
  expect(message).toMatch(/^.+ 검색 결과 \d+개$/);
  const total = Number(/(\d+)개$/.exec(message)![1]);
  const results = page.locator('dialog[open] li.pagefind-ui__result');
  while ((await results.count()) < total) {
    const shown = await results.count();
    await page.locator('dialog[open] button.pagefind-ui__button').click();
    await page.waitForFunction((n) => document.querySelectorAll('dialog[open] li.pagefind-ui__result').length > n, shown);
  }
  // Each result shows its link once its data has loaded.
  const links = 'dialog[open] li.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link';
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length === n, [links, total] as const);
  const hrefs = await page.locator(links).evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  await page.keyboard.press('Escape');
  return hrefs;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The start of a word as Pagefind splits them (ENI, not the eni of AccessDenied). */
const START = '(?<![\\p{L}\\p{N}])';
/** Pages whose text writes the noun with a Hangul suffix (파드는), whether or not they also write it bare. */
const withSuffix = (noun: string) => KOREAN.filter((p) => new RegExp(`${START}${escape(noun)}[가-힣]`, 'iu').test(p.text)).map((p) => p.url);
/** Pages that write the noun (in any form) but never the exact form `form`. */
const withoutForm = (noun: string, form: string) =>
  KOREAN.filter((p) => new RegExp(`${START}${escape(noun)}`, 'iu').test(p.text) && !new RegExp(`${START}${escape(form)}`, 'iu').test(p.text)).map((p) => p.url);

describe('on a Korean page', () => {
  // Every page under /ko/ is Korean now; tests/unit/search/search-index.test.ts keeps a fallback out of the index.
  it('has Korean pages to search', async () => {
    expect(KOREAN.length).toBeGreaterThanOrEqual(5);
  });

  it.each(['파드', '노드', '주소', 'ENI', 'kube-proxy', '서브넷'])('finds %s on every page that writes it with a particle', async (noun) => {
    const expected = withSuffix(noun);
    expect(expected.length).toBeGreaterThan(0);
    const { page } = await openPage('/ko/');
    const found = (await search(page, noun)).map((r) => r.url);
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found.every((u) => u.startsWith('/ko/'))).toBe(true);
    await page.context().close();
  });

  it.each(['클러스터', '디플로이먼트', '플러그인', '한도'])('indexes %s as a word of its own on pages that only write it with particles (a quoted query)', async (noun) => {
    // A quoted query matches whole index words only, without Pagefind's prefix extension: 클러스터 must be a word
    // on a page that writes 클러스터는 and 클러스터의 but never 클러스터 alone.
    const only = KOREAN.filter((p) => new RegExp(`${noun}[가-힣]`).test(p.text) && !new RegExp(`${noun}(?![가-힣])`).test(p.text)).map((p) => p.url);
    expect(only.length).toBeGreaterThan(0);
    const { page } = await openPage('/ko/');
    const found = (await search(page, `"${noun}"`)).map((r) => r.url);
    expect(found).toEqual(expect.arrayContaining(only));
    await page.context().close();
  });

  it('shows excerpts and titles as the page writes them (no marker from the index)', async () => {
    const { page } = await openPage('/ko/');
    for (const noun of ['파드', 'ENI', '웜', '접두사']) {
      for (const { url, excerpt, title, subTitles } of await search(page, noun)) {
        const built = PAGES.find((p) => p.url === url)!;
        expect(title).toBe(built.title);
        for (const sub of subTitles) expect(built.headings).toContain(sub);
        const text = excerpt.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
        const source = built.text;
        // Pagefind joins text runs with spaces and ends each block (a heading, a paragraph) with a full stop.
        const squash = (s: string) => s.replace(/[\s.]+/g, '');
        expect(squash(source)).toContain(squash(text));
      }
    }
    await page.context().close();
  });

  it.each([
    ['파드는', '파드'],
    ['파드의', '파드'],
    ['ENI를', 'ENI'],
    ['kube-proxy의', 'kube-proxy'],
  ])('searches "%s" in the search box as the noun, finding its other forms too', async (query, noun) => {
    // Pages that write the noun but never this form: only a search for the noun finds them.
    const others = withoutForm(noun, query);
    const { page } = await openPage('/ko/lessons/max-pods/');
    const found = await searchInDialog(page, query);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(expect.arrayContaining(others));
    expect(found.every((u) => u.startsWith('/ko/'))).toBe(true);
    await page.context().close();
  });

  it('never returns English pages, nor the English fallbacks under /ko/', async () => {
    const { page } = await openPage('/ko/');
    const fallbacks = new Set(FALLBACKS.map((p) => p.url));
    for (const query of ['pod', 'ENI', 'warm', 'kube-proxy', 'prefix', 'NLB']) {
      for (const { url } of await search(page, query)) {
        expect(url.startsWith('/ko/'), `${query}: ${url}`).toBe(true);
        expect(fallbacks.has(url), `${query}: ${url}`).toBe(false);
      }
    }
    await page.context().close();
  });
});

describe('on an English page', () => {
  it('finds no Korean page', async () => {
    const { page } = await openPage('/lessons/max-pods/');
    // The English glossary gives each term's Korean too: the one English page that has 파드 in it.
    expect((await search(page, '파드')).map((r) => r.url)).toEqual(['/glossary/']);
    for (const query of ['ENI', 'pod', 'kube-proxy']) {
      const urls = (await search(page, query)).map((r) => r.url);
      expect(urls.length, query).toBeGreaterThan(0);
      expect(urls.filter((u) => u.startsWith('/ko/')), query).toEqual([]);
    }
    await page.context().close();
  });
});
