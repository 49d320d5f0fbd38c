import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { computeMaxPods } from '../../model/max-pods.ts';
import type { MaxPodsQuestion } from '../../model/quiz/max-pods-question.ts';
import { WorkedSteps } from '../shared/WorkedSteps.tsx';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { maxPodsKo } from '../shared/max-pods-words.ts';
import { en } from './messages.ts';

/** The URL parameter that holds the current question's seed, so a question can be shared. */
const PARAM = 'quiz';

/** A question without its worked result, which the island recomputes: smaller props, smaller page. Its words
 *  (question, mistakes) are in the page's language. */
type Question = Omit<MaxPodsQuestion, 'result' | 'choices'> & { choices: { value: number; correct: boolean; mistake?: { id: string; value: number; working: string; why: string } }[] };
export type QuizProps = {
  initial: Question;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
};

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

// The first question arrives as props, computed at build time; the generator and the catalog load only
// when another question is wanted, which keeps the island's hydration JS small.
const loadGenerator = () => import('./generate.ts');

export default function MaxPodsQuiz({ initial, lang }: QuizProps) {
  const m = wordsIn(WORDS, lang);
  const id = useId();
  const ko = lang === 'ko' ? maxPodsKo : undefined;
  const [question, setQuestion] = useState<Question>(initial);
  const result = useMemo(() => computeMaxPods(question.instanceType, question.options), [question]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [checked, setChecked] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  /** The seed of the last question whose first answer went into the reader's progress. */
  const [recorded, setRecorded] = useState<string | null>(null);
  const right = question.choices.find((c) => c.correct)!;
  const verdict = checked === null ? null : question.choices.find((c) => c.value === checked)!;

  /** Shows the question for a seed, or for the seed after the current one; returns the seed shown. */
  const show = async (which: { seed: string } | 'next'): Promise<string> => {
    setLoading(true);
    const generator = await loadGenerator();
    const seed = which === 'next' ? generator.nextQuizSeed(question.seed) : which.seed;
    const q = await generator.questionFor(seed);
    setQuestion(ko ? ko.questionKo(q) : q);
    setChosen(null);
    setChecked(null);
    setLoading(false);
    return seed;
  };

  useEffect(() => {
    const seed = new URL(location.href).searchParams.get(PARAM);
    if (seed && seed !== initial.seed) show({ seed });
  }, []);

  const next = async () => {
    const seed = await show('next');
    const url = new URL(location.href);
    url.searchParams.set(PARAM, seed);
    history.replaceState(history.state, '', url);
  };

  const t = question.instanceType;
  return (
    <div class="nl-widget nl-quiz not-content">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen === null) return;
          setChecked(chosen);
          if (recorded !== question.seed) {
            setRecorded(question.seed);
            const correct = question.choices.find((c) => c.value === chosen)?.correct ?? false;
            void import('../progress/record.ts').then((m) => m.quizAnswered('max-pods', question.seed, correct));
          }
        }}
      >
        <fieldset aria-describedby={`${id}-facts`} disabled={loading}>
          <legend>{question.prompt}</legend>
          <p id={`${id}-facts`} class="nl-small">
            {fill(m.facts, { name: t.name, enis: t.maxEnis, ips: t.ipv4PerEni, vcpus: t.vcpus ?? '?', platform: t.bareMetal ? m.bareMetal : t.hypervisor === 'xen' ? 'Xen' : 'Nitro' })}
          </p>
          <div class="nl-quiz__choices">
            {question.choices.map((c) => (
              <label key={c.value}>
                <input
                  type="radio"
                  name={`${id}-answer`}
                  value={c.value}
                  checked={chosen === c.value}
                  onChange={() => setChosen(c.value)}
                />{' '}
                {c.value}
              </label>
            ))}
          </div>
          <button type="submit" disabled={chosen === null}>
            {m.check}
          </button>{' '}
          <button type="button" onClick={next}>
            {m.next}
          </button>
        </fieldset>
      </form>
      <div class="nl-quiz__feedback" aria-live="polite">
        {verdict?.correct && (
          <>
            <p class="nl-right">
              <b>{fill(m.right, { answer: right.value })}</b> <code class="nl-formula">{result.formula}</code>
            </p>
            <WorkedSteps result={result} ko={ko} />
          </>
        )}
        {verdict && !verdict.correct && (
          <p class="nl-wrong">
            <b>{fill(m.wrong, { choice: verdict.value })}</b> {verdict.mistake!.why} <code>{verdict.mistake!.working}</code> {m.tryAgain}
          </p>
        )}
      </div>
      <p class="nl-small">
        {m.question} <a href={`?${PARAM}=${question.seed}`}>{question.seed}</a>{m.link}
      </p>
    </div>
  );
}
