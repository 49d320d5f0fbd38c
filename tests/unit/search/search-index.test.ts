// What a built page gives the site's search index (src/node/search-index.ts): Korean stems split from their
// particles by the marker, English pages as they are, and Starlight's English fallback under /ko/ (a Korean page
// frame around English content) left out, so Korean results never lead to English text.
import { describe, expect, it } from 'vitest';
import { pageForIndex } from '../../../src/node/search-index.ts';

const page = (htmlLang: string, mainLang: string | undefined, text: string) =>
  `<html lang="${htmlLang}"><body><main data-pagefind-body${mainLang ? ` lang="${mainLang}"` : ''}><p>${text}</p></main></body></html>`;

describe('pageForIndex', () => {
  it('marks a Korean noun and its particle', () => {
    const r = pageForIndex(page('ko', 'ko', '파드는 주소를 받습니다'), '~');
    expect(r.html).toContain('파드~는');
    expect(r.marked).toBeGreaterThan(0);
  });

  it('leaves an English page as it is', () => {
    const html = page('en', 'en', 'Pods get addresses');
    expect(pageForIndex(html, '~')).toEqual({ html, language: 'en', marked: 0 });
  });

  it('keeps the English fallback under /ko/ out of the index', () => {
    expect(pageForIndex(page('ko', 'en', 'Pods get addresses'), '~').html).toBeUndefined();
  });

  it('refuses a page whose own text has the marker', () => {
    expect(() => pageForIndex(page('ko', 'ko', '범위 1~9의 파드는'), '~')).toThrow('the marker ~ is in the page');
  });
});
