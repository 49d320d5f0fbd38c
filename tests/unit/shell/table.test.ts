// kubectl's table printer: column widths as tabwriter sets them, for any number of rows (150,000 pods once
// overflowed the call stack when every cell was an argument of Math.max).
import { expect, it } from 'vitest';
import { columnWidths, table } from '../../../src/shell/format/table.ts';

it('pads each column to its widest cell plus three, at least six, and handles a very long table', () => {
  expect(table(['NAME', 'READY'], [['a', '1/1'], ['bbbbbbbbbb', '0/1']])).toBe(`${'NAME'.padEnd(13)}READY\n${'a'.padEnd(13)}1/1\nbbbbbbbbbb   0/1\n`);
  expect(table(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y\n');
  const rows = Array.from({ length: 200_000 }, (_, i) => [`pod-${i}`, 'Running']);
  expect(columnWidths([['NAME', 'STATUS'], ...rows])).toEqual(['pod-199999'.length, 'Running'.length]);
  expect(table(['NAME', 'STATUS'], rows).split('\n')).toHaveLength(200_002);
});
