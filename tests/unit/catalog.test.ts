import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generateCatalogSource } from '../../scripts/lib/catalog-source.ts';
import { allInstanceTypes, compareInstanceTypes, getInstanceType, suggestInstanceTypes } from '../../src/model/catalog/index.ts';

const SHARED_DATA = '../shared/data';

describe('instance catalog', () => {
  it.runIf(existsSync(SHARED_DATA))('is what `npm run catalog` generates from ../shared/data now', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generateCatalogSource(SHARED_DATA));
  });

  it('holds every instance type of AWS’s limits table, with the seed lab’s t3.medium', () => {
    expect(allInstanceTypes()).toHaveLength(1391);
    expect(getInstanceType('t3.medium')).toEqual({
      name: 't3.medium', maxEnis: 3, ipv4PerEni: 6, hypervisor: 'nitro', bareMetal: false,
      networkCards: 1, vcpus: 2, published: 17,
    });
  });

  it('finds names whatever their case and spacing', () => {
    expect(getInstanceType(' M5.Large ')?.name).toBe('m5.large');
    expect(getInstanceType('m5.huge')).toBeUndefined();
  });

  it('suggests close names for typos, nearest first', () => {
    expect(suggestInstanceTypes('t3.meduim')[0]).toBe('t3.medium');
    expect(suggestInstanceTypes('m5.larg')[0]).toBe('m5.large');
    expect(suggestInstanceTypes('c5.xlarg')).toContain('c5.xlarge');
    expect(suggestInstanceTypes('kubernetes')).toEqual([]);
  });

  it('orders a family by size, smallest first', () => {
    const m5 = allInstanceTypes().filter((t) => /^m5\./.test(t.name)).sort(compareInstanceTypes).map((t) => t.name);
    expect(m5.slice(0, 4)).toEqual(['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.4xlarge']);
    expect(m5.at(-1)).toBe('m5.metal');
  });
});
