import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PodList } from '../../../src/model/cluster/pod-list.ts';
import { PodRecord } from '../../../src/model/cluster/pod-record.ts';

const template = { labels: {}, containers: [{ name: 'c', image: 'i', env: [] }] } as never;
const pod = (i: number) => new PodRecord(`uid-${i}`, 'default', `pod-${i}`, template, undefined, 0);

describe('PodList', () => {
  it('keeps insertion order through any mix of adds and deletes, in two lists at once', () => {
    const op = fc.oneof(fc.constant({ add: true as const }), fc.record({ add: fc.constant(false as const), which: fc.nat() }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const all = new PodList('slot'), owned = new PodList('ownerSlot');
        const reference: PodRecord[] = [];
        let serial = 0;
        for (const o of ops) {
          if (o.add) {
            const p = pod(serial++);
            all.add(p), owned.add(p), reference.push(p);
          } else if (reference.length > 0) {
            const [p] = reference.splice(o.which % reference.length, 1);
            expect(all.delete(p)).toBe(true);
            expect(owned.delete(p)).toBe(true);
            expect(all.delete(p)).toBe(false);
          }
        }
        expect([...all]).toEqual(reference);
        expect([...owned.values()]).toEqual(reference);
        expect(all.size).toBe(reference.length);
      }),
      { numRuns: 200 },
    );
  });

  it('does not delete a pod it does not hold', () => {
    const a = new PodList('slot'), b = new PodList('slot');
    const p = pod(1), q = pod(2);
    a.add(p);
    b.add(q);
    expect(a.delete(q)).toBe(false);
    expect([...a]).toEqual([p]);
    expect([...b]).toEqual([q]);
  });
});
