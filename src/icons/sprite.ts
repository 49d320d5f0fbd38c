// Starlight's icons as one cached SVG sprite instead of their paths repeated in every page: the theme and language
// pickers', search's, the menu button's, the pagination arrows, the sidebar's and the headings' anchor icons
// (about 1.5 KB gzipped a page). src/middleware.ts points each such <svg> at its symbol here
// (`<use href="/icons.svg?v=…#sun"/>`); src/pages/icons.svg.ts serves the file. An icon not listed stays inline.
import { createHash } from 'node:crypto';
import { Icons } from '../../node_modules/@astrojs/starlight/dist/components-internals/Icons.js';

/** The icons Starlight's page frame draws on this site's pages (Starlight 0.42.4). */
const NAMES = [
  'sun', 'moon', 'laptop', 'magnifier', 'down-caret', 'right-caret', 'translate', 'left-arrow', 'right-arrow',
  'bars', 'close', 'warning', 'link-alt',
] as const;

const ICONS = Icons as Record<string, string>;

export const SPRITE = `<svg xmlns="http://www.w3.org/2000/svg">${NAMES.map((n) => `<symbol id="${n}" viewBox="0 0 24 24">${ICONS[n]}</symbol>`).join('')}</svg>\n`;

/** The sprite's address, with a version that changes with its content (the file can be cached for good). */
export const SPRITE_HREF = `/icons.svg?v=${createHash('sha256').update(SPRITE).digest('hex').slice(0, 8)}`;

/** An icon's inner markup as Starlight's Icon component writes it, and as its heading-anchor plugin does
 *  (`<path …></path>`), to its name. */
const BY_MARKUP = new Map<string, string>(NAMES.flatMap((n) => [[ICONS[n], n], [ICONS[n].replace('/>', '></path>'), n]] as [string, string][]));

/** Each Starlight icon of the sprite drawn from it: `<svg …><path …/></svg>` becomes `<svg …><use href=…#name/></svg>`. */
export function iconsFromSprite(html: string): string {
  return html.replace(/(<svg\b[^>]*>)([\s\S]*?)(<\/svg>)/g, (whole, open: string, inner: string, close: string) => {
    const name = BY_MARKUP.get(inner);
    return name ? `${open}<use href="${SPRITE_HREF}#${name}"/>${close}` : whole;
  });
}
