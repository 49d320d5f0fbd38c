// Max-pods quiz questions generated from a seed: the same seed gives the same question everywhere.
// Wrong choices are real mistakes (max-pods-mistakes.ts), never random numbers.
import type { InstanceType } from '../catalog/index.ts';
import { CURRENT_CNI_VERSION, computeMaxPods, type MaxPodsOptions, type MaxPodsResult } from '../max-pods.ts';
import { maxPodsMistakes, type Mistake } from '../max-pods-mistakes.ts';
import { createRng } from '../rng.ts';

export const CHOICES_PER_QUESTION = 4;
/** Half the questions use familiar general-purpose sizes, so a learner meets the types they run. */
const FAMILIAR = /^(t3|t3a|t4g|m5|m6i|m6g|m7i|m7g|c5|c6i|c7g|r5|r6i)\.(micro|small|medium|large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge)$/;
/** The CNI version before prefix delegation existed: the calculator ignores the flag with it. */
const OLD_CNI_VERSION = '1.7.5';

export interface QuizSetup {
  instanceType: InstanceType;
  options: MaxPodsOptions;
}

export interface QuizChoice {
  value: number;
  correct: boolean;
  /** Why a wrong choice is wrong. */
  mistake?: Mistake;
}

export interface MaxPodsQuestion extends QuizSetup {
  seed: string;
  /** The question in words. */
  prompt: string;
  result: MaxPodsResult;
  choices: QuizChoice[];
}

/** Picks the instance type and options of a question from its seed. */
export function pickQuizSetup(seed: string, catalog: readonly InstanceType[]): QuizSetup {
  const rng = createRng(`setup:${seed}`);
  const usable = catalog.filter((t) => t.vcpus !== null && t.maxEnis > 1);
  const familiar = usable.filter((t) => FAMILIAR.test(t.name));
  for (;;) {
    const instanceType = rng.pick(rng.next() < 0.5 && familiar.length > 0 ? familiar : usable);
    const options: MaxPodsOptions = {
      prefixDelegation: rng.next() < 0.3,
      customNetworking: rng.next() < 0.25,
      showMaxAllowed: rng.next() < 0.15,
    };
    if (options.prefixDelegation && rng.next() < 0.15) options.cniVersion = OLD_CNI_VERSION;
    if (buildQuestion(seed, { instanceType, options })) return { instanceType, options };
  }
}

/** The question for a setup, or null when its mistakes do not give enough distinct wrong answers. */
export function buildQuestion(seed: string, setup: QuizSetup): MaxPodsQuestion | null {
  const result = computeMaxPods(setup.instanceType, setup.options);
  if (result.value === null) return null;
  const wrong: QuizChoice[] = [];
  for (const mistake of maxPodsMistakes(result)) {
    const taken = mistake.value === result.value || wrong.some((c) => c.value === mistake.value);
    if (!taken && mistake.value >= 0) wrong.push({ value: mistake.value, correct: false, mistake });
  }
  if (wrong.length < CHOICES_PER_QUESTION - 1) return null;
  const rng = createRng(`choices:${seed}`);
  const picked = rng.shuffle(wrong).slice(0, CHOICES_PER_QUESTION - 1);
  const choices = [...picked, { value: result.value, correct: true }].sort((a, b) => a.value - b.value);
  return { seed, prompt: describeSetup(setup), ...setup, result, choices };
}

export function generateQuestion(seed: string, catalog: readonly InstanceType[]): MaxPodsQuestion {
  return buildQuestion(seed, pickQuizSetup(seed, catalog))!;
}

/** The seed after this one (one chain for every quiz: src/model/rng.ts). */
export { nextSeed as nextQuizSeed } from '../rng.ts';

export function describeSetup(setup: QuizSetup): string {
  const o = setup.options;
  const parts: string[] = [];
  if (o.customNetworking) parts.push('custom networking');
  if (o.prefixDelegation) parts.push('prefix delegation');
  const with_ = parts.length ? ` with ${parts.join(' and ')}` : '';
  const cni = `VPC CNI ${o.cniVersion ?? CURRENT_CNI_VERSION}`;
  return o.showMaxAllowed
    ? `How many pods can a node of type ${setup.instanceType.name} hold at most${with_} (${cni}), before any ceiling?`
    : `What max pods does the calculator recommend for a node of type ${setup.instanceType.name}${with_} (${cni})?`;
}
