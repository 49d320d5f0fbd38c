import { describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType } from '../../src/model/catalog/index.ts';
import { computeMaxPods } from '../../src/model/max-pods.ts';
import { maxPodsMistakes } from '../../src/model/max-pods-mistakes.ts';
import { buildQuestion, describeSetup, generateQuestion, nextQuizSeed } from '../../src/model/quiz/max-pods-question.ts';

const catalog = allInstanceTypes();

function seeds(n: number): string[] {
  const out = ['1'];
  while (out.length < n) out.push(nextQuizSeed(out[out.length - 1]));
  return out;
}

describe('max-pods quiz', () => {
  it('gives the same question for the same seed', () => {
    expect(generateQuestion('abc', catalog)).toEqual(generateQuestion('abc', catalog));
    expect(seeds(5)).toEqual(seeds(5));
  });

  it('has four distinct choices, one of them the calculator’s answer, the others named mistakes', () => {
    const setups = new Set<string>();
    for (const seed of seeds(300)) {
      const q = generateQuestion(seed, catalog);
      setups.add(describeSetup(q));
      const values = q.choices.map((c) => c.value);
      expect(new Set(values).size).toBe(4);
      const right = q.choices.filter((c) => c.correct);
      expect(right).toHaveLength(1);
      expect(right[0].value).toBe(computeMaxPods(q.instanceType, q.options).value);
      for (const c of q.choices.filter((c) => !c.correct)) expect(c.mistake?.value).toBe(c.value);
    }
    expect(setups.size).toBeGreaterThan(200);
  });

  it('leaves out a mistake that happens to give the right number (t3.medium: 3 × 6 − 1 = 17)', () => {
    const result = computeMaxPods(getInstanceType('t3.medium')!);
    const coincidence = maxPodsMistakes(result).find((m) => m.id === 'eni-times-ips-minus-one');
    expect(coincidence?.value).toBe(17);
    const q = buildQuestion('x', { instanceType: getInstanceType('t3.medium')!, options: {} });
    // 3 × 5 (no +2), 3 × 6 (no −1, no +2), 3 × 6 + 2 (no −1 per ENI) around the right 17.
    expect(q?.choices.map((c) => c.value)).toEqual([15, 17, 18, 20]);
  });

  it('names the real mistakes: no +2, no −1 per ENI, ×16 without the ceiling, custom networking keeping an ENI', () => {
    const m5 = getInstanceType('m5.large')!;
    const byId = Object.fromEntries(
      maxPodsMistakes(computeMaxPods(m5, { prefixDelegation: true, customNetworking: true })).map((m) => [m.id, m.value]),
    );
    expect(byId).toMatchObject({
      'forgot-plus-two': 110,
      'forgot-minus-one-per-eni': 110,
      'ignored-ceiling': 2 * 9 * 16 + 2,
      'custom-networking-kept-primary': 110,
      'forgot-prefix-multiplier': 2 * 9 + 2,
    });
  });
});
