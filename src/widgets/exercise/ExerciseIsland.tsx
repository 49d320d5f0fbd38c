import { useId, useState } from 'preact/hooks';
import { stripAnsi } from '../../shell/format/ansi.ts';

interface Props {
  question: string;
  /** Commands that set the scene, run on a fresh copy of the lab's cluster. */
  setup: string[];
  /** The command whose output (a number) answers the question. */
  measure: string;
  unit: string;
}

interface Outcome {
  answer: number | null;
  transcript: { cmd: string; output: string }[];
}

/** Predict, then run: the learner commits a number, the simulated cluster answers and shows its work. */
export default function ExerciseIsland({ question, setup, measure, unit }: Props) {
  const id = useId();
  const [guess, setGuess] = useState('');
  const [committed, setCommitted] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [running, setRunning] = useState(false);
  const valid = /^\d+$/.test(guess.trim());

  const run = async () => {
    if (!valid) return;
    setCommitted(Number(guess));
    setRunning(true);
    const { createBrowserEngine } = await import('../terminal/browser-engine.ts');
    const engine = createBrowserEngine();
    const transcript = [...setup, measure].map((cmd) => ({ cmd, output: stripAnsi(engine.shell.run(cmd).output) }));
    const last = transcript[transcript.length - 1].output.trim();
    setOutcome({ answer: /^\d+$/.test(last) ? Number(last) : null, transcript });
    setRunning(false);
  };

  const right = outcome && outcome.answer !== null && committed === outcome.answer;
  return (
    <div class="nl-widget nl-exercise not-content">
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label for={`${id}-guess`} class="nl-exercise__q">{question}</label>
        <p>
          <input id={`${id}-guess`} class="nl-num" inputMode="numeric" value={guess} aria-invalid={guess !== '' && !valid}
            onInput={(e) => { setGuess(e.currentTarget.value); setOutcome(null); }} placeholder="your answer" disabled={running} />{' '}
          {unit}{' '}
          <button type="submit" disabled={!valid || running}>{running ? 'Running…' : 'Commit and run'}</button>
        </p>
        {guess !== '' && !valid && <p class="nl-error">Enter a whole number.</p>}
      </form>
      <div aria-live="polite">
        {outcome && (
          <>
            <p class={right ? 'nl-right' : 'nl-wrong'} data-testid="exercise-verdict">
              <b>{right ? `Right: ${outcome.answer} ${unit}.` : outcome.answer === null ? 'The cluster gave no number; see its output.' : `Not ${committed}: the cluster shows ${outcome.answer} ${unit}.`}</b>
            </p>
            <details open={!right}>
              <summary>What the simulated cluster ran</summary>
              <pre class="nl-exercise__log">{outcome.transcript.map((t) => `$ ${t.cmd}\n${t.output}`).join('')}</pre>
            </details>
          </>
        )}
      </div>
    </div>
  );
}
