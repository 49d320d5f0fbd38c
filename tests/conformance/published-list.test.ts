// Conformance: for every row of AWS's published eni-max-pods.txt (a verbatim copy in tests/data), the model's
// uncapped max pods (what max-pods-calculator.sh prints with --show-max-allowed) equals the published number.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePublishedList } from '../../scripts/lib/catalog-source.ts';
import { getInstanceType } from '../../src/model/catalog/index.ts';
import { computeMaxPods } from '../../src/model/max-pods.ts';

const published = parsePublishedList(readFileSync('tests/data/eni-max-pods.txt', 'utf8'));
/** Instance types whose published value the model does not reproduce, each with its reason. There are none. */
const EXCEPTIONS: Record<string, string> = {};

describe('AWS published max-pods list', () => {
  it('has all 1391 rows', () => {
    expect(published.size).toBe(1391);
  });

  it('is reproduced by the model for every row', () => {
    const mismatches: string[] = [];
    for (const [name, value] of published) {
      const type = getInstanceType(name);
      const uncapped = type && computeMaxPods(type, { showMaxAllowed: true }).value;
      if (uncapped !== value && !(name in EXCEPTIONS)) mismatches.push(`${name}: published ${value}, model ${uncapped}`);
    }
    expect(mismatches).toEqual([]);
    expect(Object.keys(EXCEPTIONS)).toEqual([]);
  });

  it('differs from the calculator’s default output only by the 110/250 ceiling', () => {
    for (const [name, value] of published) {
      const r = computeMaxPods(getInstanceType(name)!);
      if (r.value !== null && r.value !== value) expect([110, 250]).toContain(r.value);
    }
  });

  it.runIf(existsSync('../shared/data/eni-max-pods.txt'))('is the same file as ../shared/data/eni-max-pods.txt', () => {
    expect(readFileSync('tests/data/eni-max-pods.txt', 'utf8')).toBe(readFileSync('../shared/data/eni-max-pods.txt', 'utf8'));
  });
});
