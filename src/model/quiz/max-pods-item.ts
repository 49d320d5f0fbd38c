// The max-pods question (max-pods-question.ts) in the shape every lesson's quiz shares, for the review page and
// the progress record: the same seed gives the same question the max-pods lesson asks.
import type { InstanceType } from '../catalog/index.ts';
import { generateQuestion } from './max-pods-question.ts';
import type { QuizItem } from './item.ts';

export function maxPodsItem(seed: string, catalog: readonly InstanceType[]): QuizItem {
  const q = generateQuestion(seed, catalog);
  const t = q.instanceType;
  return {
    topic: 'max-pods', seed, prompt: q.prompt,
    facts: `${t.name}: ${t.maxEnis} ENIs, ${t.ipv4PerEni} IPv4 addresses per ENI, ${t.vcpus} vCPUs.`,
    choices: q.choices.map((c) => ({ label: String(c.value), correct: c.correct, ...(c.mistake ? { mistake: { id: c.mistake.id, why: `${c.mistake.why} (${c.mistake.working})` } } : {}) })),
    explanation: [q.result.formula, ...q.result.steps.map((s) => `${s.term}: ${s.working ? `${s.working} = ` : ''}${s.value}. ${s.meaning}`), ...q.result.notes],
  };
}
