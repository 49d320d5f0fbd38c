import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eniMac, generateName, K8S_ALPHANUMS, randomHex, serialUid } from '../../../src/model/ids.ts';
import { createRng } from '../../../src/model/rng.ts';

describe('randomHex', () => {
  it('writes each 32-bit draw as eight hex digits, cutting the last one short', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.string(), (n, seed) => {
        const a = createRng(seed), b = createRng(seed);
        let expected = '';
        while (expected.length < n) expected += b.int(0x100000000).toString(16).padStart(8, '0');
        expect(randomHex(a, n)).toBe(expected.slice(0, n));
      }),
    );
  });
});

describe('serialUid', () => {
  it('is the serial in 8 hex digits, then groups of 4, 4, 4 and 12 drawn as randomHex draws them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.string(), (serial, seed) => {
        const a = createRng(seed), b = createRng(seed);
        const expected = `${serial.toString(16).padStart(8, '0')}-${randomHex(b, 4)}-${randomHex(b, 4)}-${randomHex(b, 4)}-${randomHex(b, 12)}`;
        expect(serialUid(serial, a)).toBe(expected);
        // Both consumed the same draws: the streams stay in step.
        expect(a.next()).toBe(b.next());
      }),
    );
  });

  it('looks like a Kubernetes UID', () => {
    expect(serialUid(26, createRng(1))).toMatch(/^0000001a-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('generateName', () => {
  it('appends a suffix from the consonant-and-digit alphabet of Kubernetes names', () => {
    const s = generateName('nginx-', createRng(7), 200);
    expect(s).toHaveLength(206);
    expect(s.startsWith('nginx-')).toBe(true);
    for (const ch of s.slice(6)) expect(K8S_ALPHANUMS).toContain(ch);
  });

  it('draws five characters by default', () => {
    expect(generateName('coredns-55c4f4d8d6-', createRng(7))).toMatch(/^coredns-55c4f4d8d6-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('eniMac', () => {
  it('is a locally administered MAC whose five random bytes are the next ten hex digits', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const digits = randomHex(createRng(seed), 10);
        expect(eniMac(createRng(seed))).toBe(`02:${digits.match(/../g)!.join(':')}`);
      }),
    );
  });
});
