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

/** A phrase before it is put into words: which of a topic's templates (`say`) with what it fills in (`slots`).
 *  The model builds an item out of these, so the grading and every number stay the model's and a language only
 *  supplies the words (words/en.ts, words/ko.ts). */
export type Said<W> = {
  [K in keyof W]: W[K] extends () => string ? { say: K; slots?: undefined } : W[K] extends (slots: infer S) => string ? { say: K; slots: S } : never;
}[keyof W];

export interface ChoiceSpec<W> {
  /** What the choice is, the same in every language: the number, address or chain; two choices with the same
   *  value are the same answer. */
  value: string;
  /** How the choice is said, when the value alone does not say it (`from 192.168.1.5, TTL 63`). */
  label?: Said<W>;
  correct: boolean;
  mistake?: { id: string; why: Said<W> };
}

/** A quiz item before it is put into words: what the model decided, with the words left as phrases. */
export interface QuizSpec<W> {
  topic: QuizTopic;
  seed: string;
  prompt: Said<W>;
  facts: Said<W>;
  choices: ChoiceSpec<W>[];
  explanation: Said<W>[];
}

/** A phrase in the words of one language. */
export function say<W>(words: W, phrase: Said<W>): string {
  const p = phrase as { say: keyof W; slots: unknown };
  return (words[p.say] as (slots: unknown) => string)(p.slots);
}

/** An item in the words of one language; its choices, their order and which is right do not depend on them. */
export function sayItem<W>(spec: QuizSpec<W>, words: W): QuizItem {
  return {
    topic: spec.topic, seed: spec.seed, prompt: say(words, spec.prompt), facts: say(words, spec.facts),
    choices: spec.choices.map((c) => ({
      label: c.label ? say(words, c.label) : c.value, correct: c.correct,
      ...(c.mistake ? { mistake: { id: c.mistake.id, why: say(words, c.mistake.why) } } : {}),
    })),
    explanation: spec.explanation.map((l) => say(words, l)),
  };
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
 * seed. Mistakes whose value is the right answer's (or another mistake's) are left out: a mistake that happens to
 * give the right number is no distractor. Null when fewer than enough distinct mistakes remain.
 */
export function assembleChoices<C extends { value: string; correct: boolean }>(seed: string, right: C, mistakes: readonly C[]): C[] | null {
  const wrong: C[] = [];
  for (const m of mistakes) {
    if (m.value !== right.value && !wrong.some((w) => w.value === m.value)) wrong.push(m);
  }
  if (wrong.length < CHOICES_PER_ITEM - 1) return null;
  const rng = createRng(`choices:${seed}`);
  return rng.shuffle([...rng.shuffle(wrong).slice(0, CHOICES_PER_ITEM - 1), right]);
}

/** Tries the seed's variants in turn (seed, seed/1, seed/2 …) until `build` gives an item. */
export function firstItem<T>(seed: string, build: (variantSeed: string) => T | null, tries = 40): T {
  for (let i = 0; i < tries; i++) {
    const item = build(i === 0 ? seed : `${seed}/${i}`);
    if (item) return item;
  }
  throw new Error(`no quiz item for seed ${seed} after ${tries} tries`);
}
