import { useId, useState } from 'preact/hooks';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';
import { type ExerciseSpec, type ExerciseWords, loadExerciseSpec, saveExercise } from './specs.ts';

export interface ExerciseProps extends ExerciseWords {
  /** Its spec, or the id of one in content/exercises/ (fetched on the first run: ./specs.ts). */
  exercise: string | ExerciseSpec;
  /** On the review page: the lesson the exercise is from (else the page's own). */
  lesson?: string;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

interface Outcome {
  /** The measured answer: a number, or the index of the choice whose value it is (-1: none). */
  answer: number | null;
  value: string;
  transcript: { cmd: string; output: string }[];
}

/** Predict, then run: the learner commits an answer, the simulated cluster answers and shows its work. */
export default function ExerciseIsland({ exercise, question, unit, choices, lesson, lang }: ExerciseProps) {
  const t = wordsIn(WORDS, lang);
  const id = useId();
  const [guess, setGuess] = useState('');
  const [committed, setCommitted] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [running, setRunning] = useState(false);
  /** Only the first run on a page view counts for progress and review; later runs are for the reader. */
  const [recorded, setRecorded] = useState(false);
  const valid = choices ? guess !== '' : /^\d+$/.test(guess.trim());

  const run = async () => {
    if (!valid) return;
    setCommitted(Number(guess));
    setRunning(true);
    let result: Outcome | undefined;
    let spec: ExerciseSpec | undefined;
    try {
      spec = typeof exercise === 'string' ? await loadExerciseSpec(exercise) : exercise;
      const { pageCluster } = await import('../shared/page-cluster.ts');
      // The exercise runs on a fresh copy of the lab in the engine worker, not on the page's cluster.
      const { value, choiceValues, transcript } = await pageCluster('exercise').call('exercise', spec);
      result = choices
        ? { answer: choiceValues.findIndex((v) => v === value), value, transcript }
        : { answer: /^\d+$/.test(value) ? Number(value) : null, value, transcript };
      setOutcome(result);
    } catch (e) {
      setOutcome({ answer: null, value: (e as Error).message, transcript: [] });
    }
    setRunning(false);
    if (result && spec && result.answer !== null && !recorded) {
      setRecorded(true);
      const { exerciseAnswered } = await import('../progress/record.ts');
      exerciseAnswered(saveExercise({ question, unit, choices }, spec), Number(guess) === result.answer, lesson);
    }
  };

  const unitText = unit ?? '';
  const right = outcome && outcome.answer !== null && committed === outcome.answer;
  const verdict = () => {
    if (!outcome) return '';
    if (choices) {
      const seen = outcome.answer !== null && outcome.answer >= 0 ? `${choices[outcome.answer]} (${outcome.value})` : outcome.value || t.nothing;
      return right ? fill(t.rightChoice, { seen }) : fill(t.wrongChoice, { choice: choices[committed!], seen });
    }
    if (outcome.answer === null) return t.noNumber;
    return fill(right ? t.right : t.wrong, { answer: outcome.answer, guess: committed!, unit: unitText }).replace(/ \.$/, '.');
  };
  return (
    <div class="nl-widget nl-exercise not-content">
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        {choices ? (
          <fieldset>
            <legend class="nl-exercise__q">{question}</legend>
            {choices.map((c, i) => (
              <label key={c}>
                <input type="radio" name={`${id}-choice`} value={String(i)} checked={guess === String(i)} disabled={running}
                  onChange={() => { setGuess(String(i)); setOutcome(null); }} /> {c}
              </label>
            ))}
          </fieldset>
        ) : (
          <label for={`${id}-guess`} class="nl-exercise__q">{question}</label>
        )}
        <p>
          {!choices && (
            <>
              <input id={`${id}-guess`} class="nl-num" inputMode="numeric" value={guess} aria-invalid={guess !== '' && !valid}
                onInput={(e) => { setGuess(e.currentTarget.value); setOutcome(null); }} placeholder={t.placeholder} disabled={running} />{' '}
              {unitText}{' '}
            </>
          )}
          <button type="submit" disabled={!valid || running}>{running ? t.running : t.run}</button>
        </p>
        {!choices && guess !== '' && !valid && <p class="nl-error">{t.wholeNumber}</p>}
      </form>
      <div aria-live="polite">
        {outcome && (
          <>
            <p class={right ? 'nl-right' : 'nl-wrong'} data-testid="exercise-verdict">
              <b>{verdict()}</b>
            </p>
            <details open={!right}>
              <summary>{t.transcript}</summary>
              <pre class="nl-exercise__log">{outcome.transcript.map((t) => `$ ${t.cmd}\n${t.output}`).join('')}</pre>
            </details>
          </>
        )}
      </div>
    </div>
  );
}
