import type { MaxPodsResult } from '../../model/max-pods.ts';
import type { MaxPodsKo } from './max-pods-words.ts';

/** The model's worked steps, term by term: the same steps the CLI prints with --explain; in Korean with `ko`. */
export function WorkedSteps({ result, ko }: { result: MaxPodsResult; ko?: MaxPodsKo }) {
  return (
    <>
      <ol class="nl-steps">
        {result.steps.map((s) => {
          const w = ko ? ko.stepWords(s, result) : s;
          return (
            <li key={s.term}>
              <span class="nl-steps__value">{s.value}</span>
              <span>
                <b>{w.term}</b>
                {s.working && <code>{s.working}</code>}
                <br />
                {w.meaning}
              </span>
            </li>
          );
        })}
      </ol>
      {(ko ? ko.notesOf(result) : result.notes).map((n) => (
        <p class="nl-note" key={n}>
          {n}
        </p>
      ))}
    </>
  );
}
