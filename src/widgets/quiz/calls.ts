// The lesson quizzes in the engine worker: items are generated (each on a fresh copy of the lab) and graded here,
// next to the model, so that the page holds the question and never the answer until the reader has chosen. An
// item is built once and said in the page's language; the Korean words load as a chunk of their own when a Korean
// page first asks.
import { allInstanceTypes } from '../../model/catalog/index.ts';
import { type AnyQuizSpec, type QuizItem, quizSpec, type QuizWords, QUIZ_TOPICS, type QuizTopic, sayQuizItem } from '../../model/quiz/index.ts';
import { en } from '../../model/quiz/words/en.ts';
import type { Lang } from '../shared/i18n.ts';
import { createBrowserEngine } from '../terminal/browser-engine.ts';

/** A question as the page shows it: the choices' labels, nothing of which is right. */
export interface QuizAsk {
  topic: QuizTopic;
  seed: string;
  prompt: string;
  facts: string;
  choices: string[];
}

export interface QuizVerdict {
  correct: boolean;
  /** The right choice's label. */
  right: string;
  /** Why the chosen answer is wrong (absent when it is right). */
  why?: string;
  explanation: string[];
}

export const asAsk = (item: QuizItem): QuizAsk => ({ topic: item.topic, seed: item.seed, prompt: item.prompt, facts: item.facts, choices: item.choices.map((c) => c.label) });

const SEED = /^[\w./-]{1,40}$/;
const cache = new Map<string, AnyQuizSpec>();

function spec(args: { topic: unknown; seed: unknown }): AnyQuizSpec {
  if (!QUIZ_TOPICS.includes(args.topic as QuizTopic)) throw new Error(`no quiz on ${JSON.stringify(args.topic)}`);
  if (typeof args.seed !== 'string' || !SEED.test(args.seed)) throw new Error(`not a question number: ${JSON.stringify(args.seed)}`);
  const key = `${args.topic}:${args.seed}`;
  let it = cache.get(key);
  if (!it) {
    it = quizSpec(args.topic as QuizTopic, args.seed, {
      newLab: () => {
        const e = createBrowserEngine();
        return { cluster: e.cluster, sh: (line) => e.shell.run(line).output };
      },
      catalog: allInstanceTypes,
    });
    if (cache.size > 50) cache.clear();
    cache.set(key, it);
  }
  return it;
}

async function words(lang: unknown): Promise<QuizWords> {
  return lang === 'ko' ? (await import('../../model/quiz/words/ko.ts')).ko : en;
}

async function item(args: { topic: unknown; seed: unknown; lang?: unknown }): Promise<QuizItem> {
  const s = spec(args);
  return sayQuizItem(s, await words(args.lang));
}

export const quizCalls = {
  quizAsk: async (_ctx: unknown, args: { topic: QuizTopic; seed: string; lang?: Lang }): Promise<QuizAsk> => asAsk(await item(args)),

  async quizGrade(_ctx: unknown, args: { topic: QuizTopic; seed: string; choice: number; lang?: Lang }): Promise<QuizVerdict> {
    const it = await item(args);
    const chosen = Number.isInteger(args.choice) ? it.choices[args.choice] : undefined;
    if (!chosen) throw new Error(`no choice ${JSON.stringify(args.choice)} in this question`);
    const right = it.choices.find((c) => c.correct)!;
    return { correct: chosen.correct, right: right.label, ...(chosen.mistake ? { why: chosen.mistake.why } : {}), explanation: it.explanation };
  },
};
