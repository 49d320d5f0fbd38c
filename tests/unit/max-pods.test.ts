// Expected values come from AWS: the published eni-max-pods.txt, the EKS docs' examples, and
// max-pods-calculator.sh's logic worked by hand (see ../shared/notes/upstream/max-pods.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType } from '../../src/model/catalog/index.ts';
import { computeMaxPods, parseCniVersion, parseMaxEni, type MaxPodsOptions } from '../../src/model/max-pods.ts';

const type = (name: string) => {
  const t = getInstanceType(name);
  if (!t) throw new Error(`${name} missing from the catalog`);
  return t;
};
const maxPods = (name: string, options: MaxPodsOptions = {}) => computeMaxPods(type(name), options).value;

describe('computeMaxPods', () => {
  it('gives 17 for the seed lab’s t3.medium: 3 ENIs × (6 − 1) + 2', () => {
    const r = computeMaxPods(type('t3.medium'));
    expect(r.value).toBe(17);
    expect(r.formula).toBe('3 × (6 − 1) + 2 = 17; min(110, 17) = 17');
    expect(r.steps.map((s) => [s.term, s.value])).toEqual([
      ['ENIs', 3],
      ['IPv4 addresses per ENI', 6],
      ['pod addresses per ENI', 5],
      ['host-network pods', 2],
      ['max pods allowed', 17],
      ['recommended', 17],
    ]);
  });

  it('gives 29 for m5.large and 110 with prefix delegation (EKS docs)', () => {
    expect(maxPods('m5.large')).toBe(29);
    expect(maxPods('m5.large', { prefixDelegation: true })).toBe(110);
    expect(maxPods('m5.large', { prefixDelegation: true, showMaxAllowed: true })).toBe(3 * 9 * 16 + 2);
  });

  it('caps at 110 up to 30 vCPUs and at 250 above', () => {
    // c5.4xlarge: published 234, 16 vCPUs → the calculator says 110 (awslabs/amazon-eks-ami#1368).
    expect(maxPods('c5.4xlarge')).toBe(110);
    expect(maxPods('c5.4xlarge', { showMaxAllowed: true })).toBe(234);
    // m5.24xlarge: 96 vCPUs, 15 ENIs × 49 + 2 = 737 → 250.
    expect(maxPods('m5.24xlarge')).toBe(250);
    expect(computeMaxPods(type('m5.24xlarge')).ceiling).toBe(250);
  });

  it('drops the primary ENI with custom networking', () => {
    expect(maxPods('t3.medium', { customNetworking: true })).toBe(2 * 5 + 2);
    expect(maxPods('m5.large', { customNetworking: true, prefixDelegation: true, showMaxAllowed: true })).toBe(2 * 9 * 16 + 2);
  });

  it('applies --cni-max-eni before the custom-networking −1', () => {
    expect(maxPods('m5.xlarge', { maxEni: 2 })).toBe(2 * 14 + 2);
    expect(maxPods('m5.xlarge', { maxEni: 2, customNetworking: true })).toBe(1 * 14 + 2);
    expect(maxPods('m5.xlarge', { maxEni: 99 })).toBe(58);
  });

  it('never goes negative where the script would', () => {
    // hpc6id.32xlarge has one ENI on its default card: custom networking leaves none for pods.
    expect(maxPods('hpc6id.32xlarge', { customNetworking: true })).toBe(2);
    expect(maxPods('t3.medium', { maxEni: 1, customNetworking: true })).toBe(2);
  });

  it('ignores prefix delegation where the script does, and says why', () => {
    const oldCni = computeMaxPods(type('m5.large'), { prefixDelegation: true, cniVersion: '1.8.0' });
    expect(oldCni.value).toBe(29);
    expect(oldCni.notes.join()).toMatch(/older than 1\.9\.0/);
    expect(maxPods('m5.large', { prefixDelegation: true, cniVersion: '1.10.0' })).toBe(110);
    const xen = computeMaxPods(type('m4.large'), { prefixDelegation: true });
    expect(xen.value).toBe(2 * 9 + 2);
    expect(xen.notes.join()).toMatch(/xen/);
    const metal = computeMaxPods(type('m5.metal'), { prefixDelegation: true, showMaxAllowed: true });
    expect(metal.value).toBe(737);
    expect(metal.notes.join()).toMatch(/bare-metal/);
  });

  it('counts only the default network card (p5.48xlarge: 2 × 49 + 2)', () => {
    expect(maxPods('p5.48xlarge', { showMaxAllowed: true })).toBe(100);
    expect(computeMaxPods(type('p5.48xlarge')).steps[0].meaning).toMatch(/default network card/);
  });

  it('knows the capped value without vCPUs only when the ceiling cannot matter', () => {
    expect(maxPods('trn2.3xlarge')).toBe(30);
    expect(maxPods('c5a.metal')).toBeNull();
    expect(maxPods('c5a.metal', { showMaxAllowed: true })).toBe(737);
  });
});

describe('option parsing', () => {
  it('accepts script-style and EKS-style CNI versions', () => {
    for (const v of ['1.12.6', 'v1.18.0', '1.11.4-eksbuild.1', 'v1.12.6-eksbuild.1', '1.10']) {
      expect(parseCniVersion(v).ok, v).toBe(true);
    }
    for (const v of ['', '1', 'abc', '1.x.2', 'v']) expect(parseCniVersion(v).ok, v).toBe(false);
  });

  it('accepts --cni-max-eni only as a whole number of at least 1', () => {
    expect(parseMaxEni('3')).toEqual({ ok: true, value: 3 });
    for (const v of ['0', '-1', '2.5', 'abc', '']) expect(parseMaxEni(v).ok, v).toBe(false);
  });
});

describe('properties over the whole catalog', () => {
  const types = allInstanceTypes();
  const arbitraryCase = fc.record({
    type: fc.constantFrom(...types),
    customNetworking: fc.boolean(),
    prefixDelegation: fc.boolean(),
    showMaxAllowed: fc.boolean(),
    maxEni: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    cniVersion: fc.constantFrom('1.7.5', '1.9.0', '1.12.6', 'v1.18.0'),
  });

  it('never exceeds the ceiling unless show-max-allowed', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ type, ...options }) => {
        const r = computeMaxPods(type, options);
        if (options.showMaxAllowed || r.value === null) return;
        expect(r.value).toBeLessThanOrEqual(r.ceiling ?? 110);
      }),
      { numRuns: 2000 },
    );
  });

  it('is never negative and never below the two host-network pods', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ type, ...options }) => {
        expect(computeMaxPods(type, options).uncapped).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 2000 },
    );
  });

  it('only grows when prefix delegation or more ENIs are allowed', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ type, ...options }) => {
        const base = computeMaxPods(type, { ...options, prefixDelegation: false }).uncapped;
        expect(computeMaxPods(type, { ...options, prefixDelegation: true }).uncapped).toBeGreaterThanOrEqual(base);
        const fewer = computeMaxPods(type, { ...options, maxEni: 1 }).uncapped;
        expect(computeMaxPods(type, { ...options, maxEni: undefined }).uncapped).toBeGreaterThanOrEqual(fewer);
      }),
      { numRuns: 1000 },
    );
  });

  it('prints the uncapped value with show-max-allowed and min(ceiling, uncapped) otherwise', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ type, ...options }) => {
        const r = computeMaxPods(type, options);
        if (options.showMaxAllowed) expect(r.value).toBe(r.uncapped);
        else if (r.ceiling !== null) expect(r.value).toBe(Math.min(r.ceiling, r.uncapped));
      }),
      { numRuns: 1000 },
    );
  });
});
