// Marks the sidebar with the reader's progress (see Sidebar.astro), and says so when the saved record could not
// be read and was reset, in the page's language. Redraws when an exercise or quiz on the page records an answer.
import { documentLang, fill, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';
import { resetText } from './problem-text.ts';
import { dismissNotice, lessonOf, lessonProgress, loadProgress, PROGRESS_EVENT } from './store.ts';

const t = wordsIn(await loadWords(en, () => import('./messages.ko.ts')), documentLang());

const REVIEW_PATH = /\/review\/$/;

function draw(root: HTMLElement, totals: Record<string, number>): void {
  const { progress, problem } = loadProgress();
  root.querySelectorAll('.nl-progress-count').forEach((el) => el.remove());
  const now = Date.now();
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const path = new URL(a.href, location.href).pathname;
    const lesson = lessonOf(path);
    const total = totals[lesson];
    let text: string | undefined, label: string | undefined, complete = false;
    if (total !== undefined) {
      const p = lessonProgress(progress, lesson);
      const done = Math.min(total, p.exercisesPassed + (p.quizPassed ? 1 : 0));
      text = `${done}/${total}`;
      label = fill(t.sidebarDone, { done, total });
      complete = done === total;
    } else if (REVIEW_PATH.test(path)) {
      const due = Object.values(progress.review).filter((c) => c.due <= now).length;
      if (due > 0) {
        text = String(due);
        label = fill(t.sidebarDue, { n: due });
      }
    }
    if (text === undefined) continue;
    const span = document.createElement('span');
    span.className = 'nl-progress-count';
    if (complete) span.dataset.complete = '';
    span.setAttribute('aria-label', label!);
    span.textContent = text;
    a.append(span);
  }
  if (problem && !root.querySelector('.nl-progress-problem')) {
    const p = document.createElement('p');
    p.className = 'nl-progress-problem';
    p.setAttribute('role', 'status');
    p.textContent = resetText(problem, t) + ' ';
    const ok = document.createElement('button');
    ok.type = 'button';
    ok.textContent = t.ok;
    ok.addEventListener('click', () => {
      dismissNotice();
      p.remove();
    });
    p.append(ok);
    root.prepend(p);
  }
}

export function markSidebar(): void {
  const root = document.querySelector<HTMLElement>('.nl-progress-sidebar');
  if (!root) return;
  let totals: Record<string, number> = {};
  try {
    totals = JSON.parse(root.dataset.totals ?? '{}');
  } catch {
    // the build wrote it; nothing a reader can do
  }
  draw(root, totals);
  addEventListener(PROGRESS_EVENT, () => draw(root, totals));
  // Another tab recorded an answer.
  addEventListener('storage', () => draw(root, totals));
}
