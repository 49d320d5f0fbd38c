// content/exercises/*.yaml, read at build time (the page that serves them as JSON, the Exercise wrapper's check) and
// by the tests; the browser fetches the JSON instead (./specs.ts), without a YAML parser.
import { parse } from 'yaml';
import type { ExerciseSpec } from './specs.ts';

/** Every exercise by id (`<lesson>/<name>`) from the YAML files' texts by path. */
export function exerciseSpecs(files: Record<string, string>): Record<string, ExerciseSpec> {
  const out: Record<string, ExerciseSpec> = {};
  for (const [path, text] of Object.entries(files)) {
    const lesson = path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
    for (const [name, spec] of Object.entries(parse(text) as Record<string, ExerciseSpec>)) out[`${lesson}/${name}`] = spec;
  }
  return out;
}

export const LESSON_EXERCISES = exerciseSpecs(import.meta.glob('../../../content/exercises/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>);
