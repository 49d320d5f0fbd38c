// Output on its way into xterm.js. xterm.js parses each write() whole on the page's main thread, so a flood
// (`yes`, a loop printing thousands of lines a tick) would hold the page for as long as the parse takes, and
// Ctrl-C's prompt would wait behind it. Two cuts keep the screen exactly as it would be: lines that would
// scroll past the scrollback are dropped before the parse, and the rest goes in pieces xterm.js can yield
// between.

/**
 * The end of `text` that a terminal keeping `keepLines` rows (scrollback plus screen) would still hold: its
 * last `keepLines` lines, counting the unfinished one after the last newline (the cursor's row).
 */
export function visibleTail(text: string, keepLines: number): string {
  if (keepLines === Infinity) return text;
  let at = text.length;
  for (let n = 0; n < keepLines; n++) {
    // (lastIndexOf reads a negative start as 0, so the search stops at the first character itself.)
    at = at === 0 ? -1 : text.lastIndexOf('\n', at - 1);
    if (at < 0) return text;
  }
  return text.slice(at + 1);
}

/** `text` in pieces of at most `size` characters, never splitting a surrogate pair. */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}
