// The site's search index, built as Starlight builds it (Pagefind over dist/ after `astro build`) with two
// differences for the Korean edition:
// - a Korean word is also indexed as its stem, at its own position (src/search/korean-stem.ts): Pagefind splits
//   Korean on whitespace only, so without this a query for 파드 depends on prefix matches of 파드는, 파드의… that
//   it looks for in one index chunk only, and ranks them below the word itself. Pagefind indexes a word with ASCII
//   punctuation inside as the whole word and also as its parts, at the same position (kube-proxy: kubeproxy, kube,
//   proxy; pagefind/src/fossick/mod.rs, get_discrete_words). So the copy of a Korean page given to Pagefind has a
//   marker character between each stem and its particle (파드^는: 파드는, 파드, 는), and the marker is taken out of
//   the stored page text afterwards (each fragment file), so excerpts and titles read as the page does. Nothing is
//   added to the served pages.
// - a Korean address that shows the English page (Starlight's fallback: <html lang="ko">, <main lang="en">) is
//   left out, so that English text never turns up in Korean results, nor the same English page twice.
// Starlight runs Pagefind in its astro:build:done hook (@astrojs/starlight/dist/integrations/pagefind.js:
// createIndex, addDirectory, writeFiles); withSiteSearch puts this in its place, and adds the query half
// (Pagefind UI's processTerm) to Starlight's search UI through the virtual module that carries its Pagefind options.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { koreanSuffixAt } from '../search/korean-stem.ts';

/** Candidate markers: ASCII punctuation (Pagefind splits on each of these, where it does not on `§` or U+2063:
 *  checked by indexing 노드?는 for each), none of which JSON escapes. The Korean pages use more of them as they grow
 *  (`|` in pipes, `@` in eth0@if7, `~` in ranges), so the list is long. */
const MARKERS = ['^', '|', '`', '~', '@', '#', '%', '*', '+', '=', '$'];

export interface PageForIndex {
  /** The HTML Pagefind indexes, or undefined when the page stays out of the index. */
  html: string | undefined;
  language: string | undefined;
  /** Korean words marked between stem and particle. */
  marked: number;
}

interface Main {
  open: RegExpExecArray;
  /** Offsets of main's content in the page. */
  start: number;
  end: number;
}

function mainOf(html: string): Main | undefined {
  const open = /<main\b([^>]*)>/.exec(html);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  return { open, start, end: html.indexOf('</main>', start) };
}

/** What one built page gives the index: marker is the character put between a Korean stem and its particle. */
export function pageForIndex(html: string, marker: string): PageForIndex {
  const language = /<html\b[^>]*\slang="([^"]*)"/.exec(html)?.[1];
  const main = mainOf(html);
  if (!main || !/\sdata-pagefind-body\b/.test(main.open[1])) return { html: undefined, language, marked: 0 };
  const contentLanguage = /\slang="([^"]*)"/.exec(main.open[1])?.[1];
  if (contentLanguage !== undefined && language !== undefined && contentLanguage !== language) return { html: undefined, language, marked: 0 };
  if (!language?.startsWith('ko')) return { html, language, marked: 0 };
  if (html.slice(main.start, main.end).includes(marker)) throw new Error(`search index: the marker ${marker} is in the page's own text`);
  let marked = 0;
  const body = markStems(html.slice(main.start, main.end), (word) => {
    const at = koreanSuffixAt(word);
    if (at === undefined) return word;
    marked++;
    return word.slice(0, at) + marker + word.slice(at);
  });
  return { html: html.slice(0, main.start) + body + html.slice(main.end), language, marked };
}

/** Rewrites each word of an HTML fragment's text (not its tags, scripts or styles). */
function markStems(fragment: string, mark: (word: string) => string): string {
  let raw: string | undefined;
  return fragment.replace(/<[^>]*>|[^<]+/g, (part) => {
    if (part[0] === '<') {
      if (raw !== undefined) {
        if (part.toLowerCase().startsWith(`</${raw}`)) raw = undefined;
      } else {
        raw = /^<(script|style|template)\b/i.exec(part)?.[1].toLowerCase();
      }
      return part;
    }
    return raw !== undefined ? part : part.replace(/\S+/g, mark);
  });
}

/** A marker that no Korean page's content has. */
function chooseMarker(pages: string[]): string {
  const marker = MARKERS.find((m) => pages.every((html) => {
    const main = mainOf(html);
    return !main || !html.slice(main.start, main.end).includes(m);
  }));
  if (!marker) throw new Error(`search index: every candidate marker (${MARKERS.join(' ')}) is in some Korean page`);
  return marker;
}

/**
 * Takes the marker out of the Korean pages' stored text. A fragment file is gzip of "pagefind_dcd" and the page's
 * JSON (url, content, meta, anchors: pagefind/src/output/mod.rs); the marker is never escaped in JSON, and no
 * Korean page has it of its own, so every one in a Korean fragment is ours.
 */
function unmarkFragments(dir: string, marker: string): number {
  const SIGNATURE = 'pagefind_dcd';
  let rewritten = 0;
  for (const name of readdirSync(dir).filter((n) => n.startsWith('ko'))) {
    const path = join(dir, name);
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    if (!text.startsWith(SIGNATURE)) throw new Error(`search index: ${name} is not a Pagefind fragment`);
    if (!text.includes(marker)) continue;
    writeFileSync(path, gzipSync(Buffer.from(text.split(marker).join(''), 'utf8')));
    rewritten++;
  }
  return rewritten;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '_astro' || e.name === 'pagefind' ? [] : htmlFiles(path);
    return e.name.endsWith('.html') ? [path] : [];
  });
}

function check<T extends { errors: string[] }>(response: T): T {
  if (response.errors.length > 0) throw new Error(`Pagefind: ${response.errors.join('; ')}`);
  return response;
}

/** Indexes a built site into dir/pagefind/. */
export async function buildSearchIndex(dir: string): Promise<{ pages: number; markedWords: number }> {
  rmSync(join(dir, 'pagefind'), { recursive: true, force: true });
  const files = htmlFiles(dir).map((file) => ({ file, html: readFileSync(file, 'utf8') }));
  const marker = chooseMarker(files.filter((f) => /<html\b[^>]*\slang="ko/.test(f.html)).map((f) => f.html));
  let pages = 0;
  let markedWords = 0;
  try {
    const { index } = check(await pagefind.createIndex({}));
    if (!index) throw new Error('Pagefind: no index');
    for (const { file, html } of files) {
      const page = pageForIndex(html, marker);
      if (page.html === undefined) continue;
      const path = relative(dir, file).split(sep).join('/');
      const url = '/' + path.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '/');
      check(await index.addHTMLFile({ url, content: page.html }));
      pages++;
      markedWords += page.marked;
    }
    check(await index.writeFiles({ outputPath: join(dir, 'pagefind') }));
  } finally {
    await pagefind.close();
  }
  unmarkFragments(join(dir, 'pagefind', 'fragment'), marker);
  return { pages, markedWords };
}

const PAGEFIND_CONFIG = 'virtual:starlight/pagefind-config';
const KOREAN_STEM = fileURLToPath(new URL('../search/korean-stem.ts', import.meta.url));

/** Starlight's integration with this search index in place of its own, and Korean queries without particles. */
export function withSiteSearch(starlight: AstroIntegration): AstroIntegration {
  const setup = starlight.hooks['astro:config:setup'];
  return {
    ...starlight,
    hooks: {
      ...starlight.hooks,
      'astro:config:setup': async (options) => {
        await setup?.(options);
        options.updateConfig({
          vite: {
            plugins: [
              {
                name: 'eks-netlab:korean-search-query',
                // Starlight's search UI spreads this module's object into `new PagefindUI({...})`. The module is part
                // of every page's render-blocking script, so the stemmer is not: a Korean page loads it when idle
                // (the search UI itself loads then too), and until it has, queries go to Pagefind as typed.
                transform(code, id) {
                  if (!id.endsWith(PAGEFIND_CONFIG)) return;
                  return `${code}
let koreanQuery;
pagefindUserConfig.processTerm = (term) => (koreanQuery ? koreanQuery(term) : term);
if (document.documentElement.lang.startsWith('ko')) {
  (window.requestIdleCallback || setTimeout)(() => import(${JSON.stringify(KOREAN_STEM)}).then((m) => { koreanQuery = m.koreanQuery; }));
}
`;
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { pages, markedWords } = await buildSearchIndex(fileURLToPath(dir));
        logger.info(`Search index: ${pages} pages (${markedWords} Korean words also indexed by their stem) in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}
