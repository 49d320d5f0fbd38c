// Bytes of a string in UTF-8: what wc -c, head -c and printf widths count, and what a wire or a file holds.

/** Bytes in UTF-8, as wc -c and head -c count them (counted, not encoded: printf asks for every field). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two code units, four bytes.
      n += 2;
      i++;
    } else n += 2; // three bytes (a lone surrogate is encoded as U+FFFD, three bytes too)
  }
  return n;
}
