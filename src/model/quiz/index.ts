// Every lesson's quiz item by topic and seed. The scenes that need the lab's manifests or its tools (the netshoot
// pods, the controller's Helm chart) run on a lab the caller provides.
import type { InstanceType } from '../catalog/index.ts';
import { datapathItem } from './datapath-question.ts';
import type { QuizItem, QuizLab, QuizTopic } from './item.ts';
import { kubeProxyItem } from './kube-proxy-question.ts';
import { loadBalancerItem } from './load-balancer-question.ts';
import { maxPodsItem } from './max-pods-item.ts';
import { warmPoolItem } from './warm-pool-question.ts';

export interface QuizSources {
  newLab(): QuizLab;
  catalog(): readonly InstanceType[];
}

export function quizItem(topic: QuizTopic, seed: string, sources: QuizSources): QuizItem {
  switch (topic) {
    case 'max-pods': return maxPodsItem(seed, sources.catalog());
    case 'warm-pool': return warmPoolItem(seed);
    case 'datapath': return datapathItem(seed, sources.newLab);
    case 'kube-proxy': return kubeProxyItem(seed, sources.newLab);
    case 'load-balancer': return loadBalancerItem(seed, sources.newLab);
  }
}

export { nextItemSeed, QUIZ_TOPICS, type QuizItem, type QuizTopic } from './item.ts';
