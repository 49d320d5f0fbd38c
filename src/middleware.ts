// Every page's HTML as Astro renders it, less what every page would otherwise repeat and a cached file can carry:
// - the copies of Astro's island runtime and client directives it inlines in each page with islands:
//   src/islands/runtime.ts has the same code, loaded once the page has loaded (src/after-load.ts); what is left
//   inline is the one-line style that keeps islands out of layout;
// - Starlight's icons' paths: each draws its symbol from one SVG sprite (src/icons/sprite.ts);
// - the whitespace and comments of the inline scripts Starlight writes as they are (the theme's, which must run
//   before the page paints, search's, the sidebar's): each is minified once, by esbuild.
import { defineMiddleware } from 'astro:middleware';
import { transformSync } from 'esbuild';
import islandScript from 'astro/runtime/server/astro-island.prebuilt.js';
import islandScriptDev from 'astro/runtime/server/astro-island.prebuilt-dev.js';
import idle from 'astro/runtime/client/idle.prebuilt.js';
import load from 'astro/runtime/client/load.prebuilt.js';
import media from 'astro/runtime/client/media.prebuilt.js';
import only from 'astro/runtime/client/only.prebuilt.js';
import visible from 'astro/runtime/client/visible.prebuilt.js';
import { iconsFromSprite } from './icons/sprite.ts';
import { ISLAND_DIRECTIVES } from './islands/directive-names.ts';

const DIRECTIVES: Record<string, string> = { idle, load, media, only, visible };

export function withoutInlineIslandRuntime(html: string, page: string): string {
  let out = html.replace(`<script>${islandScript}</script>`, '').replace(`<script>${islandScriptDev}</script>`, '');
  for (const [name, script] of Object.entries(DIRECTIVES)) {
    const tag = `<script>${script}</script>`;
    if (!out.includes(tag)) continue;
    if (!ISLAND_DIRECTIVES.includes(name)) throw new Error(`${page}: client:${name} is not defined by src/islands/directives.ts`);
    out = out.replaceAll(tag, '');
  }
  return out;
}

const minified = new Map<string, string>();

/** Each inline classic script (no `type`, no `src`) minified: they are Starlight's, written by hand. */
export function withMinifiedInlineScripts(html: string): string {
  return html.replace(/(<script(?: aria-hidden="true")?>)([\s\S]*?)(<\/script>)/g, (whole, open: string, code: string, close: string) => {
    if (!minified.has(code)) minified.set(code, transformSync(code, { minify: true, target: 'es2022' }).code.trim());
    return `${open}${minified.get(code)}${close}`;
  });
}

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = await response.text();
  return new Response(withMinifiedInlineScripts(iconsFromSprite(withoutInlineIslandRuntime(html, context.url.pathname))), { status: 200, headers: response.headers });
});
