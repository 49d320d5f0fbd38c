import type { MaxPodsResult } from '../../model/max-pods.ts';

/** The model's worked steps, term by term: the same steps the CLI prints with --explain. */
export function WorkedSteps({ result }: { result: MaxPodsResult }) {
  return (
    <>
      <ol class="nl-steps">
        {result.steps.map((s) => (
          <li key={s.term}>
            <span class="nl-steps__value">{s.value}</span>
            <span>
              <b>{s.term}</b>
              {s.working && <code>{s.working}</code>}
              <br />
              {s.meaning}
            </span>
          </li>
        ))}
      </ol>
      {result.notes.map((n) => (
        <p class="nl-note" key={n}>
          {n}
        </p>
      ))}
    </>
  );
}
