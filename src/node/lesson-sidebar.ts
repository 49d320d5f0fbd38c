// The sidebar's lessons, one `slug` item per lesson in content/lessons/ ordered by its frontmatter's sidebar.order.
// Starlight's `autogenerate` cannot be used: with the docs collection in content/ rather than src/content/docs,
// it finds the English lessons but not content/ko/lessons/, and left the Korean sidebar's lesson group empty. A slug
// item is resolved per locale, so a Korean page lists the Korean lessons under their Korean titles.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function lessonSidebarItems(dir = 'content/lessons'): { slug: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx') || f.endsWith('.md'))
    .map((f) => {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? '';
      const order = Number((parse(front) as { sidebar?: { order?: number } } | null)?.sidebar?.order ?? Infinity);
      return { slug: `lessons/${f.replace(/\.mdx?$/, '')}`, order };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map(({ slug }) => ({ slug }));
}
