import { useEffect, useMemo, useState } from 'preact/hooks';
import ExerciseIsland from '../exercise/ExerciseIsland.tsx';
import { type SavedExercise, savedWords } from '../exercise/specs.ts';
import QuizIsland from '../quiz/QuizIsland.tsx';
import { fillNodes } from '../shared/fill-nodes.ts';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import type { LessonEntry } from './lesson-index.ts';
import { en, type ProgressMessages } from './messages.ts';
import { importProblemText, resetText } from './problem-text.ts';
import { dueEntries, reviewEntries } from './review.ts';
import {
  emptyProgress, exportProgress, lessonProgress, type Loaded, loadProgress, parseImport, PROGRESS_EVENT, saveProgress,
} from './store.ts';

export interface ReviewPageProps {
  lessons: LessonEntry[];
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

const TOPIC_NAMES: Record<string, keyof ProgressMessages> = {
  'max-pods': 'topicMaxPods', 'warm-pool': 'topicWarmPool', datapath: 'topicDatapath', 'kube-proxy': 'topicKubeProxy', 'load-balancer': 'topicLoadBalancer',
};

/** A saved exercise asked again: its words and its spec, as the lesson's exercise island takes them. */
function ReviewExercise({ saved, lesson, lang }: { saved: SavedExercise; lesson: string; lang?: Lang }) {
  const { spec, ...words } = savedWords(saved);
  return <ExerciseIsland {...words} exercise={spec} lesson={lesson} lang={lang} />;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The reader's progress by lesson, its export and import, and the items due for review, to answer again. */
export default function ReviewPage({ lessons, lang }: ReviewPageProps) {
  const t = wordsIn(WORDS, lang);
  const [state, setState] = useState<Loaded>(() => ({ progress: emptyProgress() }));
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
  const lessonOf = (path: string) => lessons.find((l) => l.path === path);
  const titleOf = (path: string) => lessonOf(path)?.title ?? path;
  const hrefOf = (path: string) => lessonOf(path)?.href ?? path;
  const itemName = (e: (typeof entries)[number]) =>
    e.kind === 'quiz' ? fill(t.quizQuestion, { topic: t[TOPIC_NAMES[e.topic]] ?? e.topic, seed: e.seed }) : e.props.question;

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
      setMessage({ text: fill(t.nothingChanged, { problem: importProblemText(parsed.error, t) }), error: true });
      return;
    }
    const error = saveProgress(parsed.progress);
    setMessage(error ? { text: fill(t.notSaved, { error }), error: true } : { text: fill(t.imported, { file: file.name }) });
    reload();
    setDueIds(dueEntries(parsed.progress, Date.now()).map((e) => e.id));
  };

  const reset = () => {
    if (!confirm(t.confirmReset)) return;
    const error = saveProgress(emptyProgress());
    setDueIds([]);
    setMessage(error ? { text: fill(t.notSaved, { error }), error: true } : { text: t.resetDone });
    reload();
  };

  return (
    <div class="nl-review not-content">
      {state.problem && <p class="nl-note" role="status">{resetText(state.problem, t)}</p>}

      <h2 id="due">{t.due}</h2>
      {dueIds === null ? (
        <p class="nl-small">{t.reading}</p>
      ) : due.length === 0 ? (
        <p data-testid="nothing-due">{t.nothingDue}</p>
      ) : (
        <>
          <p>{due.length === 1 ? t.dueCount1 : fill(t.dueCount, { n: due.length })}</p>
          {due.map((e) => (
            <section key={e.id} class="nl-review__item" data-review={e.id} aria-label={fill(t.reviewOf, { what: itemName(e) })}>
              <p class="nl-small">{fillNodes(t.fromLesson, { lesson: <a href={hrefOf(e.lesson)}>{titleOf(e.lesson)}</a>, due: day(e.due) })}</p>
              {e.kind === 'quiz' ? <QuizIsland topic={e.topic} seed={e.seed} review={{ lesson: e.lesson }} lang={lang} /> : <ReviewExercise saved={e.props} lesson={e.lesson} lang={lang} />}
            </section>
          ))}
        </>
      )}
      {later.length > 0 && (
        <details>
          <summary>{fill(t.comingUp, { n: later.length })}</summary>
          <ul>
            {later.map((e) => (
              <li key={e.id}>{fill(t.upcoming, { due: day(e.due), what: itemName(e), lesson: titleOf(e.lesson) })}</li>
            ))}
          </ul>
        </details>
      )}

      <h2 id="progress">{t.byLesson}</h2>
      <table class="nl-review__table">
        <thead>
          <tr><th scope="col">{t.lesson}</th><th scope="col">{t.exercisesPassed}</th><th scope="col">{t.quiz}</th></tr>
        </thead>
        <tbody>
          {lessons.map((l) => {
            const lp = lessonProgress(p, l.path);
            const exercises = Object.values(p.exercises).filter((x) => x.lesson === l.path);
            return (
              <tr key={l.path} data-lesson={l.path}>
                <th scope="row"><a href={l.href}>{l.title}</a></th>
                <td>
                  {l.exercises ? fill(t.ofTotal, { done: Math.min(lp.exercisesPassed, l.exercises), total: l.exercises }) : '—'}
                  {exercises.length > 0 && (
                    <ul class="nl-small">
                      {exercises.map((x) => (
                        <li key={x.props.question}>
                          {x.passedAt !== undefined ? fill(t.passedOn, { day: day(x.passedAt) }) : x.attempts === 1 ? t.notYet1 : fill(t.notYet, { n: x.attempts })}: {x.props.question}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{!l.quiz ? '—' : lp.quizPassed ? t.answeredRight : Object.values(p.quizzes).some((q) => q.lesson === l.path) ? t.notYetRight : t.notTried}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 id="keep">{t.asFile}</h2>
      <p>{t.asFileText}</p>
      <p class="nl-review__actions">
        <button type="button" onClick={download}>{t.export}</button>
        <label class="nl-review__import">
          {t.import} <input type="file" accept="application/json,.json" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
        </label>
        <button type="button" onClick={reset}>{t.reset}</button>
      </p>
      <div aria-live="polite">{message && <p class={message.error ? 'nl-error' : 'nl-right'}>{message.text}</p>}</div>
    </div>
  );
}
