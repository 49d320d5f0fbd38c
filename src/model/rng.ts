// Seeded randomness for the whole model: same seed, same sequence, in Node and in the browser.
// sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded through a 32-bit string hash.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /**
   * 32 random bits as a signed integer: the draw `int(2 ** 32)` makes, `>>> 0` of one equals the other. Signed so
   * that V8 keeps it a small integer instead of allocating a number for each of millions of hex digits drawn.
   */
  bits32(): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

function hashSeed(seed: string): [number, number, number, number] {
  // cyrb128: spreads any string into four 32-bit words.
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export function createRng(seed: string | number): Rng {
  // The state lives in a typed array: 32-bit words kept in closure variables would be boxed as heap numbers on
  // every draw, and a 150,000-pod scale-up makes millions of draws.
  const s = Uint32Array.from(hashSeed(String(seed)));
  const bits32 = (): number => {
    const a = s[0], b = s[1], c = s[2], d = (s[3] + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = d;
    return t;
  };
  const next = (): number => (bits32() >>> 0) / 4294967296;
  // Written out rather than through next(): a float returned from a call is boxed, an int from floor is not.
  const int = (n: number): number => Math.floor(((bits32() >>> 0) / 4294967296) * n);
  return {
    next,
    int,
    bits32,
    pick: (items) => items[int(items.length)],
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** The seed after this one: a deterministic chain, so a quiz's "next question" needs no Math.random(). */
export function nextSeed(seed: string): string {
  return Math.floor(createRng(`next:${seed}`).next() * 36 ** 5).toString(36).padStart(5, '0');
}
