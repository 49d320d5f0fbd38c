// The lessons as the progress views count them, read from their MDX at build time: the path, the title, how many
// checked exercises and whether a quiz is on the page. (A lesson's exercises are its `<Exercise` components.)
import type { Lang } from '../shared/i18n.ts';

const sources = import.meta.glob('../../../content/lessons/*.mdx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
/** The Korean edition's lessons, for their titles (the same slugs; progress is kept by the English path). */
const koSources = import.meta.glob('../../../content/ko/lessons/*.mdx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LessonEntry {
  /** The lesson's key in the reader's progress: its English path, whichever edition it was answered on. */
  path: string;
  /** Its page in the edition being read. */
  href: string;
  title: string;
  order: number;
  exercises: number;
  quiz: boolean;
}

const slugOf = (file: string) => file.split('/').pop()!.replace(/\.mdx$/, '');
const titleOf = (text: string | undefined) => text?.match(/^title:\s*(.+)$/m)?.[1].trim().replace(/^"(.*)"$/, '$1');

export function lessonIndex(lang: Lang = 'en'): LessonEntry[] {
  const korean = new Map(Object.entries(koSources).map(([file, text]) => [slugOf(file), text]));
  return Object.entries(sources)
    .map(([file, text]) => {
      const slug = slugOf(file);
      const ko = lang === 'ko' ? korean.get(slug) : undefined;
      return {
        path: `/lessons/${slug}/`, href: ko ? `/ko/lessons/${slug}/` : `/lessons/${slug}/`, title: titleOf(ko) ?? titleOf(text) ?? slug,
        order: Number(text.match(/^\s+order:\s*(\d+)/m)?.[1] ?? 99),
        exercises: (text.match(/^<Exercise\b/gm) ?? []).length, quiz: /^<(Quiz|MaxPodsQuiz)\b/m.test(text),
      };
    })
    .sort((a, b) => a.order - b.order);
}

/** done/total per lesson path, for the sidebar. */
export function lessonTotals(): Record<string, number> {
  return Object.fromEntries(lessonIndex().filter((l) => l.exercises + (l.quiz ? 1 : 0) > 0).map((l) => [l.path, l.exercises + (l.quiz ? 1 : 0)]));
}
