// Every lesson's quiz item by topic and seed. The scenes that need the lab's manifests or its tools (the netshoot
// pods, the controller's Helm chart) run on a lab the caller provides. An item is built once, without words, and
// said in a language (words/en.ts, words/ko.ts): the choices, their order and the right one are the same in each.
import type { InstanceType } from '../catalog/index.ts';
import { datapathItemSpec } from './datapath-question.ts';
import { type QuizItem, type QuizLab, type QuizSpec, type QuizTopic, sayItem } from './item.ts';
import { kubeProxyItemSpec } from './kube-proxy-question.ts';
import { loadBalancerItemSpec } from './load-balancer-question.ts';
import { maxPodsItemSpec } from './max-pods-item.ts';
import { warmPoolItemSpec } from './warm-pool-question.ts';
import { en, type QuizWords } from './words/en.ts';

export interface QuizSources {
  newLab(): QuizLab;
  catalog(): readonly InstanceType[];
}

/** An item of any topic before it is said: its topic's phrases go with that topic's words. */
export type AnyQuizSpec = { [T in QuizTopic]: QuizSpec<QuizWords[T]> & { topic: T } }[QuizTopic];

export function quizSpec(topic: QuizTopic, seed: string, sources: QuizSources): AnyQuizSpec {
  switch (topic) {
    case 'max-pods': return { ...maxPodsItemSpec(seed, sources.catalog()), topic };
    case 'warm-pool': return { ...warmPoolItemSpec(seed), topic };
    case 'datapath': return { ...datapathItemSpec(seed, sources.newLab), topic };
    case 'kube-proxy': return { ...kubeProxyItemSpec(seed, sources.newLab), topic };
    case 'load-balancer': return { ...loadBalancerItemSpec(seed, sources.newLab), topic };
  }
}

/** An item in the words of a language (English unless told). */
export function sayQuizItem(spec: AnyQuizSpec, words: QuizWords = en): QuizItem {
  return sayItem<unknown>(spec as QuizSpec<unknown>, words[spec.topic]);
}

export function quizItem(topic: QuizTopic, seed: string, sources: QuizSources, words: QuizWords = en): QuizItem {
  return sayQuizItem(quizSpec(topic, seed, sources), words);
}

export { nextItemSeed, QUIZ_TOPICS, type QuizItem, type QuizTopic } from './item.ts';
export type { QuizWords } from './words/en.ts';
