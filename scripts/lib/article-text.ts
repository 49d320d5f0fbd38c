// What the page budget counts of a built page's HTML (scripts/bench.ts): everything but the article's own words.

/**
 * The HTML without the article's own words: the text between tags inside Starlight's markdown content is dropped,
 * widgets' visible words included (a question, a button's label, a table's figures are words a reader reads, in
 * whichever language), so what is left is the framework's and the widgets' markup: tags, attributes, islands'
 * props, scripts and styles.
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
  let kept = 0; // depth inside <script> or <style>: their text is code
  for (const piece of article.split(/(<[^>]*>)/)) {
    if (piece.startsWith('<')) {
      if (/^<(script|style)\b/.test(piece)) kept++;
      else if (/^<\/(script|style)>/.test(piece)) kept--;
      out += piece;
    } else if (kept > 0) out += piece;
  }
  return html.slice(0, start) + out + html.slice(end);
}
