// kubectl's table printer: columns left-aligned, padded to the widest cell plus three spaces and to at least six
// (Go's tabwriter as kubectl makes it: minwidth 6, padding 3), no padding after the last column.

/** The width a column takes, its padding included. */
const cellWidth = (widest: number) => Math.max(6, widest + 3);

/**
 * The widest cell of each column (of the first row's columns). A loop, not Math.max(...cells): a table of
 * 150,000 pods has more cells than a call may take arguments.
 */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths = (rows[0] ?? []).map(() => 0);
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (r[i] ?? '').length);
  return widths;
}

export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = columnWidths(all);
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(cellWidth(widths[i])))).join(''))
    .join('\n') + '\n';
}

/** `describe`'s aligned "Key:  value" blocks: values start two columns after the longest key. */
export function fields(pairs: [string, string][], indent = ''): string {
  const width = Math.max(...pairs.map(([k]) => k.length + 1));
  return pairs.map(([k, v]) => `${indent}${`${k}:`.padEnd(width + 2)}${v}`.trimEnd()).join('\n') + '\n';
}

/**
 * The table `kubectl get -w` keeps printing into: each row comes as its event arrives, and a column once widened
 * stays wide (so a pod that went from Pending to ContainerCreating leaves its Running row padded as wide).
 */
export class GrowingTable {
  private readonly widths: number[];
  /** A header still to print, with the first row (a watch that started on an empty list). */
  private header?: string[];

  constructor(header: string[], rows: string[][] = [], headerFirst = false) {
    this.widths = columnWidths([header, ...rows]);
    if (headerFirst) this.header = header;
  }

  line(row: string[]): string {
    row.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, cell.length)));
    const header = this.header;
    this.header = undefined;
    return (header ? this.format(header) : '') + this.format(row);
  }

  private format(row: string[]): string {
    return row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(cellWidth(this.widths[i])))).join('') + '\n';
  }
}
