// The max-pods question (max-pods-question.ts) in the shape every lesson's quiz shares, for the review page and
// the progress record: the same seed gives the same question the max-pods lesson asks.
import type { InstanceType } from '../catalog/index.ts';
import type { QuizSpec } from './item.ts';
import { generateQuestion } from './max-pods-question.ts';
import type { MaxPodsItemWords } from './words/en.ts';

export function maxPodsItemSpec(seed: string, catalog: readonly InstanceType[]): QuizSpec<MaxPodsItemWords> {
  const q = generateQuestion(seed, catalog);
  const t = q.instanceType;
  const result = q.result;
  return {
    topic: 'max-pods', seed,
    prompt: { say: 'prompt', slots: { setup: q } },
    facts: { say: 'facts', slots: { type: t.name, enis: t.maxEnis, ips: t.ipv4PerEni, vcpus: t.vcpus } },
    choices: q.choices.map((c) => ({ value: String(c.value), correct: c.correct, ...(c.mistake ? { mistake: { id: c.mistake.id, why: { say: 'why', slots: { mistake: c.mistake, result } } } } : {}) })),
    explanation: [
      { say: 'formula', slots: { formula: result.formula } },
      ...result.steps.map((step) => ({ say: 'step' as const, slots: { step, result } })),
      ...result.notes.map((_, index) => ({ say: 'note' as const, slots: { index, result } })),
    ],
  };
}
