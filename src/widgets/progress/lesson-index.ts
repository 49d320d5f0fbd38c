// The lessons as the progress views count them, read from their MDX at build time: the path, the title, how many
// checked exercises and whether a quiz is on the page. (A lesson's exercises are its `<Exercise` components.)
const sources = import.meta.glob('../../../content/lessons/*.mdx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LessonEntry {
  path: string;
  title: string;
  order: number;
  exercises: number;
  quiz: boolean;
}

export function lessonIndex(): LessonEntry[] {
  return Object.entries(sources)
    .map(([file, text]) => {
      const slug = file.split('/').pop()!.replace(/\.mdx$/, '');
      const title = text.match(/^title:\s*(.+)$/m)?.[1].trim().replace(/^"(.*)"$/, '$1') ?? slug;
      return {
        path: `/lessons/${slug}/`, title, order: Number(text.match(/^\s+order:\s*(\d+)/m)?.[1] ?? 99),
        exercises: (text.match(/^<Exercise\b/gm) ?? []).length, quiz: /^<(Quiz|MaxPodsQuiz)\b/m.test(text),
      };
    })
    .sort((a, b) => a.order - b.order);
}

/** done/total per lesson path, for the sidebar. */
export function lessonTotals(): Record<string, number> {
  return Object.fromEntries(lessonIndex().filter((l) => l.exercises + (l.quiz ? 1 : 0) > 0).map((l) => [l.path, l.exercises + (l.quiz ? 1 : 0)]));
}
