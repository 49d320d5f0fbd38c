// The shape every lesson's quiz item has, whatever its topic: a question, the right answer as the model computed
// it, wrong answers that are named mistakes (each says what went wrong), and a worked explanation. Items are
// generated from a seed, so the same seed gives the same item in Node, in the engine worker and in a test.
import type { Cluster } from '../cluster/cluster.ts';
import { createRng } from '../rng.ts';

export type QuizTopic = 'max-pods' | 'warm-pool' | 'datapath' | 'kube-proxy' | 'load-balancer';
export const QUIZ_TOPICS: readonly QuizTopic[] = ['max-pods', 'warm-pool', 'datapath', 'kube-proxy', 'load-balancer'];

export const CHOICES_PER_ITEM = 4;

export interface QuizMistake {
  /** A stable name for the mistake (`ttl-unchanged`, `as-kube-proxy-writes` …). */
  id: string;
  /** What was forgotten or misapplied, in a sentence. */
  why: string;
}

export interface QuizOption {
  label: string;
  correct: boolean;
  mistake?: QuizMistake;
}

export interface QuizItem {
  topic: QuizTopic;
  seed: string;
  prompt: string;
  /** What the reader is told besides the question (the instance's limits, the Service's endpoints …). */
  facts: string;
  choices: QuizOption[];
  /** The worked answer, a step a line, with the model's numbers. */
  explanation: string[];
}

/** A fresh copy of the lab to run a question's scene on: the cluster and a shell over it. The caller provides
 *  it (the engine worker, the build, a test), so that the model does not depend on the shell. */
export interface QuizLab {
  cluster: Cluster;
  /** Runs one command line as the learner would type it; returns what it printed. */
  sh(line: string): string;
}

/** The seed after this one (quiz items and the max-pods question share the chain). */
export { nextSeed as nextItemSeed } from '../rng.ts';

/**
 * The choices of an item: the right answer and CHOICES_PER_ITEM − 1 of the mistakes, picked and ordered by the
 * seed. Mistakes whose label is the right answer's (or another mistake's) are left out: a mistake that happens to
 * give the right number is no distractor. Null when fewer than enough distinct mistakes remain.
 */
export function assembleChoices(seed: string, right: string, mistakes: readonly { label: string; mistake: QuizMistake }[]): QuizOption[] | null {
  const wrong: QuizOption[] = [];
  for (const m of mistakes) {
    if (m.label !== right && !wrong.some((w) => w.label === m.label)) wrong.push({ label: m.label, correct: false, mistake: m.mistake });
  }
  if (wrong.length < CHOICES_PER_ITEM - 1) return null;
  const rng = createRng(`choices:${seed}`);
  return rng.shuffle([...rng.shuffle(wrong).slice(0, CHOICES_PER_ITEM - 1), { label: right, correct: true }]);
}

/** Tries the seed's variants in turn (seed, seed/1, seed/2 …) until `build` gives an item. */
export function firstItem<T>(seed: string, build: (variantSeed: string) => T | null, tries = 40): T {
  for (let i = 0; i < tries; i++) {
    const item = build(i === 0 ? seed : `${seed}/${i}`);
    if (item) return item;
  }
  throw new Error(`no quiz item for seed ${seed} after ${tries} tries`);
}
