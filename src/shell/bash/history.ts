// How bash records a command typed over several lines (cmdhist, bashhist.c's history_delimiting_chars): one entry,
// the lines joined by "; " where a newline ended a command, by a space after words that cannot be followed by a
// semicolon (`do`, `then`, `{`, a pipe …), and by a newline inside quotes and heredocs.

const NO_SEMICOLON_AFTER = /(?:^|\s)(?:do|then|else|elif|if|while|until|in|\{|\(|!|time)$|(?:\||&&|\|\||;|&|\()$/;

/** The quote still open at the end of a line, given the one open at its start (backslashes honoured). */
function quoteAfter(line: string, open: string | null): string | null {
  let quote = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== "'" && c === '\\') i++;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return quote;
}

/** One pass over the lines: linear, since a pasted script can be thousands of lines long. */
export function joinHistoryLines(lines: readonly string[]): string {
  const parts: string[] = [lines[0] ?? ''];
  let quote = quoteAfter(lines[0] ?? '', null);
  let heredoc = /<<-?\s*['"]?\w+/.test(lines[0] ?? '');
  let last = (lines[0] ?? '').trimEnd();
  for (const line of lines.slice(1)) {
    if (quote !== null || heredoc) parts.push(`\n${line}`);
    else if (last === '' || NO_SEMICOLON_AFTER.test(last)) parts.push(` ${line}`);
    else parts.push(`; ${line}`);
    quote = quoteAfter(line, quote);
    heredoc ||= /<<-?\s*['"]?\w+/.test(line);
    last = line.trimEnd();
  }
  // A line that ended with blanks before a "; " or " " loses them, as bash's entry does.
  return parts.map((p, i) => (i < parts.length - 1 && !/^\n/.test(parts[i + 1]!) ? p.trimEnd() : p)).join('');
}
