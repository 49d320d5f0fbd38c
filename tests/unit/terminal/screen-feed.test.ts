// Output into xterm.js: the tail a terminal would keep, and pieces that never split a character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pieces, visibleTail } from '../../../src/terminal/screen-feed.ts';

describe('screen feed', () => {
  it('keeps the last lines a terminal would hold, and short output whole', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}\r\n`).join('');
    expect(visibleTail(text, 3)).toBe('line 8\r\nline 9\r\n');
    expect(visibleTail('a\nb', 3)).toBe('a\nb');
    expect(visibleTail('', 3)).toBe('');
    // The row after the last newline (where the cursor waits) counts as one of those kept.
    expect(visibleTail('a\nb\nc\nd', 2)).toBe('c\nd');
  });

  it('keeps exactly the last keepLines lines of any text, as a suffix', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('x', 'y', '\n', '\r') }), { maxLength: 30 }).map((a) => a.join('')), fc.integer({ min: 1, max: 12 }), (text, keep) => {
        const tail = visibleTail(text, keep);
        expect(text.endsWith(tail)).toBe(true);
        const lines = text.split('\n');
        expect(tail.split('\n')).toEqual(lines.slice(-Math.min(lines.length, keep)));
      }),
    );
  });

  it('cuts pieces no longer than asked that join back, without splitting a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 2, max: 9 }), (text, size) => {
        const out = pieces(text, size);
        expect(out.join('')).toBe(text);
        for (const p of out) {
          expect(p.length).toBeLessThanOrEqual(size);
          expect(p.length).toBeGreaterThan(0);
          expect(/^[\udc00-\udfff]/.test(p)).toBe(false);
        }
      }),
    );
  });
});
