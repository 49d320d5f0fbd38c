// What the page budget counts of a built page's HTML (scripts/bench.ts): everything but the article's own words.

/**
 * The HTML without the article's own words: the text between tags inside Starlight's markdown content (not inside
 * islands, scripts or styles) is dropped, so what is left is the framework's and the widgets' markup.
 */
export function withoutArticleText(html: string): string {
  const start = html.indexOf('<div class="sl-markdown-content">');
  if (start < 0) return html;
  // The content's end: the <div> that closes it, found by depth.
  const tags = /<(\/?)(div|astro-island|script|style)\b[^>]*>/g;
  tags.lastIndex = start;
  let depth = 0;
  let end = html.length;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    if (m[2] !== 'div') continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = m.index;
      break;
    }
  }
  const article = html.slice(start, end);
  let out = '';
  let kept = 0; // depth inside <astro-island>, <script> or <style>: their text is markup
  for (const piece of article.split(/(<[^>]*>)/)) {
    if (piece.startsWith('<')) {
      if (/^<(astro-island|script|style)\b/.test(piece)) kept++;
      else if (/^<\/(astro-island|script|style)>/.test(piece)) kept--;
      out += piece;
    } else if (kept > 0) out += piece;
  }
  return html.slice(0, start) + out + html.slice(end);
}
