// The page budget (issue 17) on every built page: what a page loads before interaction (render-blocking CSS + the
// JS its module scripts load statically) ≤ 17 KB gzipped, and its markup beyond the article's own text ≤ 10 KB.
// Prose is not counted, and is never cut to fit: the budget holds the framework's and the widgets' bytes. The
// figures are `npm run bench`'s (scripts/lib/page-weight.ts), on the build the browser tests serve.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuiltSite, TARGET_BLOCKING_KB, TARGET_MARKUP_KB } from '../../scripts/lib/page-weight.ts';

const site = new BuiltSite('dist');
const pages = site.pages();

describe('the page budget', () => {
  it('weighs every page of the site', () => {
    // The home page, the lessons, review and the cheat sheets, in both locales.
    expect(pages).toContain('/index.html');
    expect(pages).toContain('/lessons/nlb-targets/index.html');
    expect(pages).toContain('/ko/lessons/vpc-cni-vs-overlay/index.html');
    expect(pages.length).toBeGreaterThanOrEqual(30);
  });

  it.each(pages)('%s: ≤ 17 KB before interaction, ≤ 10 KB of markup beyond the article', (page) => {
    const w = site.weigh(page);
    expect(w.blocking, 'render-blocking CSS + JS, gzipped bytes').toBeLessThanOrEqual(TARGET_BLOCKING_KB * 1024);
    expect(w.markup, "markup beyond the article's text, gzipped bytes").toBeLessThanOrEqual(TARGET_MARKUP_KB * 1024);
  });

  it('keeps a table of contents on every lesson', () => {
    for (const page of pages.filter((p) => /^\/(ko\/)?lessons\//.test(p))) {
      const { html } = site.weigh(page);
      if (/http-equiv="refresh"/.test(html)) continue; // the old address of a lesson that moved
      expect(html, page).toContain('<starlight-toc');
      expect(html, page).toContain('<mobile-starlight-toc');
    }
  });
});

it("draws every icon that points at the sprite from a symbol the sprite has (src/icons/sprite.ts)", () => {
  const sprite = readFileSync('dist/icons.svg', 'utf8');
  const symbols = new Set([...sprite.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]));
  const used = new Set<string>();
  for (const page of pages) {
    for (const m of site.weigh(page).html.matchAll(/<use href="\/icons\.svg\?v=\w+#([^"]+)"/g)) used.add(m[1]);
  }
  // The page frame's icons: theme, language, search, menu, pagination, sidebar and heading anchors.
  expect([...used].sort()).toEqual(expect.arrayContaining(['down-caret', 'laptop', 'link-alt', 'magnifier', 'translate']));
  for (const name of used) expect(symbols.has(name), name).toBe(true);
});
