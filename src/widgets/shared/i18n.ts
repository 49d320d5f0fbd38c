// The widgets' own words in the page's language. Each widget keeps its words next to its island (messages.ts:
// `en`, and `ko` with the same keys); the island imports only `en`, and on a Korean page its .astro wrapper passes
// `ko` as a prop, so English pages and the islands' bundles carry no Korean, and a Korean page carries only its
// widgets' Korean. The quizzes and the max-pods calculator are the exception: pages without a terminal have a 12 KB
// budget of hydration JS (npm run bench), so their wrappers pass `en` too and these islands carry no words at all.
// What the simulated tools print is never translated: it is what the real tools print.

export type Lang = 'en' | 'ko';

/** The language of the page a widget is rendered on: Starlight's locale of the route (Korean under /ko/). */
export function pageLang(locals: unknown): Lang {
  const route = (locals as { starlightRoute?: { lang?: string } } | undefined)?.starlightRoute;
  return route?.lang?.startsWith('ko') ? 'ko' : 'en';
}

/** A message with its {name} slots filled. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
