import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSet } from '../../../../src/model/net/address-set.ts';
import { parseCidr } from '../../../../src/model/net/ipv4.ts';

describe('AddressSet', () => {
  const cidr = parseCidr('10.32.0.0/22')!;

  it('behaves as a Set of the addresses inside its CIDR, iterating in address order', () => {
    const op = fc.tuple(fc.constantFrom('add', 'delete'), fc.integer({ min: 0, max: 1023 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const set = new AddressSet(cidr), reference = new Set<number>();
        for (const [kind, offset] of ops) {
          const ip = cidr.base + offset;
          if (kind === 'add') set.add(ip), reference.add(ip);
          else expect(set.delete(ip)).toBe(reference.delete(ip));
        }
        expect(set.size).toBe(reference.size);
        expect([...set]).toEqual([...reference].sort((a, b) => a - b));
        for (let k = 0; k < 1024; k += 37) expect(set.has(cidr.base + k)).toBe(reference.has(cidr.base + k));
      }),
    );
  });

  it('holds nothing outside its CIDR and refuses to add it', () => {
    const set = new AddressSet(cidr);
    expect(set.has(cidr.base - 1)).toBe(false);
    expect(set.has(cidr.base + 1024)).toBe(false);
    expect(() => set.add(cidr.base + 1024)).toThrow(RangeError);
    expect(set.delete(cidr.base - 1)).toBe(false);
    expect(set.size).toBe(0);
  });
});
