// Go's text/tabwriter as kubectl describe uses it (minwidth 0, tabwidth 8, padding 2, pad ' ', no flags): a
// tab-terminated cell belongs to a column block of the consecutive lines that have a cell in that column; each
// block is as wide as its widest cell plus the padding. The text after a line's last tab is not a cell and is
// not padded; trailing spaces stay as Go writes them.
export function tabwrite(text: string, padding = 2, minwidth = 0): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[][] = lines.map(() => []);
  const width = (s: string) => [...s].length;
  const format = (from: number, to: number, col: number): void => {
    let i = from;
    while (i < to) {
      if (lines[i].length - 1 <= col) {
        i++;
        continue;
      }
      const start = i;
      let w = 0;
      while (i < to && lines[i].length - 1 > col) w = Math.max(w, width(lines[i++][col]));
      for (let k = start; k < i; k++) widths[k][col] = Math.max(w + padding, minwidth);
      format(start, i, col + 1);
    }
  };
  format(0, lines.length, 0);
  return lines.map((cells, k) => cells.map((c, col) => (col === cells.length - 1 ? c : c + ' '.repeat(widths[k][col] - width(c)))).join('')).join('\n');
}
