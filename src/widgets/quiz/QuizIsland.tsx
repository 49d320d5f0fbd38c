import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { QuizAsk, QuizVerdict } from './calls.ts';
import type { QuizTopic } from '../progress/store.ts';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';

export interface QuizProps {
  /** The question shown first (built at build time), as JSON; without it the island asks the engine for `topic`/`seed`.
   *  One string rather than an object: Astro's per-field prop encoding would double its size in the page. */
  initialJson?: string;
  topic: QuizTopic;
  seed?: string;
  /** On the review page: one question, no "Next", recorded against the lesson it came from. */
  review?: { lesson: string };
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts), and the engine
   *  says the questions in it (English unless told). */
  lang?: Lang;
}

/** `code` spans in a prompt, written between backticks. */
function Prompt({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}</>;
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

const engine = () => import('../shared/page-cluster.ts').then((m) => m.pageCluster('quiz'));

/** A lesson's quiz: the model asks, the engine worker grades, the reader's answer goes into their progress. */
export default function QuizIsland({ initialJson, topic, seed, review, lang = 'en' }: QuizProps) {
  const t = wordsIn(WORDS, lang);
  const id = useId();
  const initial = useMemo(() => (initialJson ? (JSON.parse(initialJson) as QuizAsk) : undefined), [initialJson]);
  const [ask, setAsk] = useState<QuizAsk | null>(initial ?? null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [verdict, setVerdict] = useState<(QuizVerdict & { chosen: number }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Only the first answer to a question counts for progress and review; later tries are for the reader. */
  const [answered, setAnswered] = useState(false);

  const load = async (s: string) => {
    setBusy(true);
    setError(null);
    try {
      setAsk(await (await engine()).call('quizAsk', { topic, seed: s, lang }));
      setChosen(null);
      setVerdict(null);
      setAnswered(false);
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };

  useEffect(() => {
    if (!initial && seed) void load(seed);
  }, []);

  const check = async () => {
    if (!ask || chosen === null) return;
    setBusy(true);
    try {
      const v = await (await engine()).call('quizGrade', { topic, seed: ask.seed, choice: chosen, lang });
      setVerdict({ ...v, chosen });
      if (!answered) {
        setAnswered(true);
        const { quizAnswered } = await import('../progress/record.ts');
        quizAnswered(topic, ask.seed, v.correct, review?.lesson);
      }
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };

  const next = async () => {
    const { nextItemSeed } = await import('../../model/quiz/item.ts');
    await load(nextItemSeed(ask!.seed));
  };

  return (
    <div class="nl-widget nl-quiz not-content" data-quiz={topic}>
      {!ask ? (
        <p class="nl-small" aria-live="polite">{error ? fill(t.loadFailed, { error }) : t.loading}</p>
      ) : (
        <>
          <form onSubmit={(e) => { e.preventDefault(); void check(); }}>
            <fieldset aria-describedby={`${id}-facts`} disabled={busy}>
              <legend><Prompt text={ask.prompt} /></legend>
              <p id={`${id}-facts`} class="nl-small">{ask.facts}</p>
              <div class="nl-quiz__choices nl-quiz__choices--long">
                {ask.choices.map((label, i) => (
                  <label key={label}>
                    <input type="radio" name={`${id}-answer`} value={i} checked={chosen === i} onChange={() => { setChosen(i); setVerdict(null); }} /> {label}
                  </label>
                ))}
              </div>
              <button type="submit" disabled={chosen === null}>{t.check}</button>{' '}
              {!review && <button type="button" onClick={next}>{t.next}</button>}
            </fieldset>
          </form>
          <div class="nl-quiz__feedback" aria-live="polite">
            {error && <p class="nl-error">{error}</p>}
            {verdict?.correct && (
              <>
                <p class="nl-right"><b>{fill(t.right, { answer: verdict.right })}</b></p>
                <ol class="nl-quiz__why">{verdict.explanation.map((l) => <li key={l}>{l}</li>)}</ol>
              </>
            )}
            {verdict && !verdict.correct && (
              <p class="nl-wrong"><b>{fill(t.wrong, { choice: ask.choices[verdict.chosen] })}</b> {verdict.why} {t.tryAgain}</p>
            )}
          </div>
          <p class="nl-small">{review ? fill(t.questionFrom, { seed: ask.seed, lesson: review.lesson }) : fill(t.question, { seed: ask.seed })}</p>
        </>
      )}
    </div>
  );
}
