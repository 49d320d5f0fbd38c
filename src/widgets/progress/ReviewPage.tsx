import { useEffect, useMemo, useState } from 'preact/hooks';
import ExerciseIsland from '../exercise/ExerciseIsland.tsx';
import QuizIsland from '../quiz/QuizIsland.tsx';
import { en as quizMessages } from '../quiz/messages.ts';
import type { LessonEntry } from './lesson-index.ts';
import { dueEntries, reviewEntries } from './review.ts';
import {
  emptyProgress, exportProgress, lessonProgress, loadProgress, parseImport, type Progress, PROGRESS_EVENT, saveProgress,
} from './store.ts';

export interface ReviewPageProps {
  lessons: LessonEntry[];
}

const TOPIC_NAMES: Record<string, string> = {
  'max-pods': 'max pods', 'warm-pool': 'warm pool', datapath: 'datapath', 'kube-proxy': 'kube-proxy', 'load-balancer': 'load balancers',
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The reader's progress by lesson, its export and import, and the items due for review, to answer again. */
export default function ReviewPage({ lessons }: ReviewPageProps) {
  const [state, setState] = useState<{ progress: Progress; problem?: string }>(() => ({ progress: emptyProgress() }));
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [now, setNow] = useState(0);
  /** The due list is taken once (and on "Check again"), so that answering an item does not pull it from under the reader. */
  const [dueIds, setDueIds] = useState<string[] | null>(null);

  const reload = () => setState(loadProgress());
  useEffect(() => {
    const loaded = loadProgress();
    const t = Date.now();
    setState(loaded);
    setNow(t);
    setDueIds(dueEntries(loaded.progress, t).map((e) => e.id));
    addEventListener(PROGRESS_EVENT, reload);
    addEventListener('storage', reload);
    return () => {
      removeEventListener(PROGRESS_EVENT, reload);
      removeEventListener('storage', reload);
    };
  }, []);

  const p = state.progress;
  const entries = useMemo(() => reviewEntries(p), [p]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const due = (dueIds ?? []).map((id) => byId.get(id)).filter((e) => e !== undefined);
  const later = entries.filter((e) => e.due > now && !dueIds?.includes(e.id));
  const titleOf = (path: string) => lessons.find((l) => l.path === path)?.title ?? path;

  const download = () => {
    const blob = new Blob([exportProgress(p)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `eks-netlab-progress-${day(Date.now())}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseImport(await file.text());
    if ('error' in parsed) {
      setMessage({ text: `${parsed.error} Nothing was changed.`, error: true });
      return;
    }
    const error = saveProgress(parsed.progress);
    setMessage(error ? { text: error, error: true } : { text: `Imported ${file.name}.` });
    reload();
    setDueIds(dueEntries(parsed.progress, Date.now()).map((e) => e.id));
  };

  const reset = () => {
    if (!confirm('Forget all progress and review items in this browser?')) return;
    saveProgress(emptyProgress());
    setDueIds([]);
    setMessage({ text: 'Progress reset.' });
    reload();
  };

  return (
    <div class="nl-review not-content">
      {state.problem && <p class="nl-note" role="status">{state.problem}</p>}

      <h2 id="due">Due for review</h2>
      {dueIds === null ? (
        <p class="nl-small">Reading your progress…</p>
      ) : due.length === 0 ? (
        <p data-testid="nothing-due">Nothing is due. Questions and exercises you miss come back here: the next day first, then at longer and longer intervals as you answer them right.</p>
      ) : (
        <>
          <p>{due.length} item{due.length === 1 ? '' : 's'} to answer again. A right answer sends an item further out; a wrong one brings it back soon.</p>
          {due.map((e) => (
            <section key={e.id} class="nl-review__item" data-review={e.id} aria-label={`Review: ${e.kind === 'quiz' ? `${TOPIC_NAMES[e.topic]} question ${e.seed}` : e.props.question}`}>
              <p class="nl-small">From <a href={e.lesson}>{titleOf(e.lesson)}</a>, due {day(e.due)}</p>
              {e.kind === 'quiz' ? <QuizIsland topic={e.topic} seed={e.seed} review={{ lesson: e.lesson }} messages={quizMessages} /> : <ExerciseIsland {...e.props} lesson={e.lesson} />}
            </section>
          ))}
        </>
      )}
      {later.length > 0 && (
        <details>
          <summary>Coming up ({later.length})</summary>
          <ul>
            {later.map((e) => (
              <li key={e.id}>{day(e.due)}: {e.kind === 'quiz' ? `${TOPIC_NAMES[e.topic]} question ${e.seed}` : e.props.question} ({titleOf(e.lesson)})</li>
            ))}
          </ul>
        </details>
      )}

      <h2 id="progress">Progress by lesson</h2>
      <table class="nl-review__table">
        <thead>
          <tr><th scope="col">Lesson</th><th scope="col">Exercises passed</th><th scope="col">Quiz</th></tr>
        </thead>
        <tbody>
          {lessons.map((l) => {
            const lp = lessonProgress(p, l.path);
            const exercises = Object.values(p.exercises).filter((x) => x.lesson === l.path);
            return (
              <tr key={l.path} data-lesson={l.path}>
                <th scope="row"><a href={l.path}>{l.title}</a></th>
                <td>
                  {l.exercises ? `${Math.min(lp.exercisesPassed, l.exercises)} of ${l.exercises}` : '—'}
                  {exercises.length > 0 && (
                    <ul class="nl-small">
                      {exercises.map((x) => <li key={x.props.question}>{x.passedAt !== undefined ? `✓ ${day(x.passedAt)}` : `✗ not yet (${x.attempts} tr${x.attempts === 1 ? 'y' : 'ies'})`}: {x.props.question}</li>)}
                    </ul>
                  )}
                </td>
                <td>{!l.quiz ? '—' : lp.quizPassed ? 'answered right' : Object.values(p.quizzes).some((q) => q.lesson === l.path) ? 'not yet right' : 'not tried'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 id="keep">Your progress as a file</h2>
      <p>Your progress stays in this browser. Save it as a file to keep it or move it to another browser.</p>
      <p class="nl-review__actions">
        <button type="button" onClick={download}>Export progress (JSON)</button>
        <label class="nl-review__import">
          Import progress <input type="file" accept="application/json,.json" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
        </label>
        <button type="button" onClick={reset}>Reset progress</button>
      </p>
      <div aria-live="polite">{message && <p class={message.error ? 'nl-error' : 'nl-right'}>{message.text}</p>}</div>
    </div>
  );
}
