// wc -c, head -c and printf's widths count UTF-8 bytes; the count must be TextEncoder's for any string,
// lone surrogates included (encoded as U+FFFD).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { utf8Length } from '../../../src/shell/commands/util.ts';

it('counts the bytes TextEncoder writes, for any string', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }), (a, b) => {
      expect(utf8Length(a)).toBe(new TextEncoder().encode(a).length);
      expect(utf8Length(b + a)).toBe(new TextEncoder().encode(b + a).length);
    }),
  );
  expect(utf8Length('파드 é 😀\ud800x')).toBe(new TextEncoder().encode('파드 é 😀\ud800x').length);
});
