// kubectl's table printer: columns left-aligned, padded to the widest cell plus three spaces (a tabwriter
// with padding 3), no padding after the last column.

export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join(''))
    .join('\n') + '\n';
}

/** `describe`'s aligned "Key:  value" blocks: values start two columns after the longest key. */
export function fields(pairs: [string, string][], indent = ''): string {
  const width = Math.max(...pairs.map(([k]) => k.length + 1));
  return pairs.map(([k, v]) => `${indent}${`${k}:`.padEnd(width + 2)}${v}`.trimEnd()).join('\n') + '\n';
}
