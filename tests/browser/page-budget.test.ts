// What the page budget rests on, on every built page: the pages are all weighed, every lesson keeps its table of
// contents, and the shared icon sprite has every icon a page draws. The budget's figures themselves (render-blocking
// CSS + JS ≤ 17 KB gzipped, markup beyond the article's text ≤ 10 KB) are `npm run bench`'s to print: sizes are
// benchmark figures here, not pass/fail tests (scripts/lib/page-weight.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuiltSite } from '../../scripts/lib/page-weight.ts';

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
