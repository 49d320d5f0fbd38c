// The site's own words in the page's language, one way for every widget and piece of UI. Each keeps its words next
// to its code: `messages.ts` exports `en` (and the type of the set), `messages.ko.ts` exports `ko` with the same keys
// and {slots} (tests/unit/widgets/messages.test.ts checks). The code imports `en` and asks for `ko` with
// `loadWords(en, () => import('./messages.ko.ts'))`, awaited at the top of its module: the Korean set is its own
// chunk, fetched only on the server (which renders every page) and on a Korean page (Starlight's <html lang="ko">).
// An island's module finishes loading, and Astro hydrates it, once its words are there, so the browser's first
// render is the server's: Korean from the start, no English flash. A page passes an island only `lang`, never its
// words, so no page carries words as props, English pages and bundles carry no Korean, and nothing is loaded before
// interaction that was not before (islands and the page's lazy modules load after it, src/after-load.ts). Server-only
// components (.astro) and the page's lazy modules (the sidebar's counts, presenter mode) use the same call, with
// `pageLang(Astro.locals)` or `documentLang()` for the language.
// The model's own descriptions (a hop's narration, a walk's title) come from src/model/ in English for every face;
// a Korean page words them through ./narration.ko.ts, loaded the same way: `loadWords(asSaid, () =>
// import('../shared/narration.ko.ts'))`, then `wordsIn(…, lang)` is the function that says a description. So a
// widget's first picture (./first-picture.ts) stays one cached JSON for both editions, as the model gives it, and
// is worded where it is rendered: in Korean by the server on a Korean page, and again by the island that hydrates it.
// What the simulated tools print is never translated: it is what the real tools print.

export type Lang = 'en' | 'ko';

/** A set of words in English, and in Korean where this page needs it. */
export interface Words<M> {
  en: M;
  ko?: M;
}

/** The language of the page a component is rendered on: Starlight's locale of the route (Korean under /ko/). */
export function pageLang(locals: unknown): Lang {
  const route = (locals as { starlightRoute?: { lang?: string } } | undefined)?.starlightRoute;
  return route?.lang?.startsWith('ko') ? 'ko' : 'en';
}

/** An island's `lang` prop, `{...islandLang(Astro.locals)}`: given on a Korean page only (English is every island's
 *  default, and props are markup every page carries). */
export function islandLang(locals: unknown): { lang?: 'ko' } {
  return pageLang(locals) === 'ko' ? { lang: 'ko' } : {};
}

/** The language of the page in the browser, as Starlight writes it on <html lang>; English outside a browser. */
export function documentLang(): Lang {
  return typeof document !== 'undefined' && document.documentElement.lang.startsWith('ko') ? 'ko' : 'en';
}

/** `en`, with `ko` when this page may need it: always on the server, in the browser on a Korean page only. */
export async function loadWords<M>(en: M, ko: () => Promise<{ ko: M }>): Promise<Words<M>> {
  const korean = import.meta.env.SSR || documentLang() === 'ko';
  return korean ? { en, ko: (await ko()).ko } : { en };
}

/** The words in `lang` (English when the Korean set was not loaded: never blank). */
export function wordsIn<M>(words: Words<M>, lang: Lang | undefined): M {
  return (lang === 'ko' && words.ko) || words.en;
}

/** The model's descriptions as it writes them: English (./narration.ko.ts has them in Korean). */
export const asSaid = (text: string): string => text;

/** A message with its {name} slots filled. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
