import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/model/rng.ts';

describe('seeded rng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRng('seed'), b = createRng('seed'), c = createRng('other');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in range and shuffles without losing items', () => {
    const r = createRng(42);
    for (let i = 0; i < 1000; i++) {
      const x = r.int(7);
      expect(x >= 0 && x < 7 && Number.isInteger(x)).toBe(true);
    }
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('draws the same 32 bits through bits32 as through int(2 ** 32), as a signed integer', () => {
    const a = createRng('bits'), b = createRng('bits');
    for (let i = 0; i < 10_000; i++) {
      const bits = a.bits32();
      expect(bits).toBe(bits | 0);
      expect(bits >>> 0).toBe(b.int(2 ** 32));
    }
  });
});
