// The page budget's figures for a built page (dist/): what it loads before interaction and the markup it carries
// beyond the article's own text, gzip -9 as a host would send them. `npm run bench` prints them for every page and
// tests/browser/page-budget.test.ts holds every page to the budget.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { withoutArticleText } from './article-text.ts';

/** Render-blocking CSS + JS before interaction, gzipped (bare Starlight's is 15.6 KB). */
export const TARGET_BLOCKING_KB = 17;
/** The page's HTML with the article's own text taken out, gzipped: navigation, table of contents, widgets' markup. */
export const TARGET_MARKUP_KB = 10;

export const gzipSize = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

export class BuiltSite {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** A file's size gzipped (site path). */
  gz(path: string): number {
    return gzipSize(readFileSync(join(this.root, path)));
  }

  sum(files: Iterable<string>): number {
    return [...files].reduce((n, f) => n + this.gz(f), 0);
  }

  /** Every page, as the path of its index.html. */
  pages(dir = ''): string[] {
    return readdirSync(join(this.root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === '_astro' || e.name === 'pagefind' ? [] : this.pages(path);
      return e.name === 'index.html' ? [path] : [];
    }).sort();
  }

  /** Static imports of a built chunk, and its dynamic import() targets, as site paths. */
  importsOf(path: string): { statics: string[]; dynamics: string[] } {
    const code = readFileSync(join(this.root, path), 'utf8');
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    const resolve = (spec: string) => (spec.startsWith('.') ? new URL(spec, `http://x${dir}`).pathname : spec);
    const statics = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]([^"'`]+)["'`]/g)].map((m) => resolve(m[1]));
    const dynamics = [...code.matchAll(/import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => resolve(m[1]));
    // The engine worker (`new Worker(new URL(…))`) loads on first use too, though off the main thread.
    dynamics.push(...[...code.matchAll(/new Worker\(new URL\(\s*["'`]([^"'`]+)["'`]/g)].map((m) => resolve(m[1])));
    return { statics, dynamics };
  }

  /** Every file a set of entry chunks loads statically, and the chunks they import() (with their closures). */
  closure(entries: string[]): { statics: Set<string>; lazy: Set<string> } {
    const statics = new Set<string>();
    const lazyEntries: string[] = [];
    const visit = (f: string) => {
      if (statics.has(f)) return;
      statics.add(f);
      const { statics: s, dynamics } = this.importsOf(f);
      s.forEach(visit);
      lazyEntries.push(...dynamics);
    };
    entries.forEach(visit);
    const lazy = new Set<string>();
    const visitLazy = (f: string) => {
      // Computed specifiers (Pagefind's index, fetched only when search opens) cannot be followed statically.
      if (statics.has(f) || lazy.has(f) || !f.endsWith('.js') || f.includes('${') || !existsSync(join(this.root, f))) return;
      lazy.add(f);
      const { statics: s, dynamics } = this.importsOf(f);
      [...s, ...dynamics].forEach(visitLazy);
    };
    lazyEntries.forEach(visitLazy);
    return { statics, lazy };
  }

  /** A page's figures: its stylesheets (print ones aside) and the JS its module scripts load statically, which
   *  is what it loads before interaction, what those scripts import() later, and its markup without the
   *  article's words. */
  weigh(page: string) {
    const html = readFileSync(join(this.root, page), 'utf8');
    const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => !/media="print"/.test(tag))
      .map((tag) => attr(tag, 'href')!);
    const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    const { statics, lazy } = this.closure(scripts);
    const cssGz = this.sum(css);
    const jsGz = this.sum(statics);
    return { html, cssGz, jsGz, blocking: cssGz + jsGz, statics, lazy, htmlGz: gzipSize(html), markup: gzipSize(withoutArticleText(html)) };
  }
}

export const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
