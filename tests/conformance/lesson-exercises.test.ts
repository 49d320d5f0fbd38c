// Every predict-then-run exercise (content/exercises/*.yaml), run as the widget runs it (a fresh lab, the setup, the
// measurement): the cluster must answer with a number, or with the value of exactly one of the choices, so that no
// exercise can leave a learner with "the cluster gave no answer"; and every lesson names its exercises.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSON_EXERCISES as SPECS } from '../../src/widgets/exercise/lesson-specs.ts';
import { labFiles } from '../../src/node/lab-content.ts';
import { createEngine } from '../../src/shell/engine.ts';
import { stripAnsi } from '../../src/shell/format/ansi.ts';

interface ExerciseProps {
  id: string;
  question: string;
  unit?: string;
  choices?: string[];
}

/** The props of each <Exercise … /> in an MDX file: strings as written, {…} expressions evaluated. */
function exercises(mdx: string): ExerciseProps[] {
  const found: ExerciseProps[] = [];
  for (const m of mdx.matchAll(/<Exercise\b([\s\S]*?)\/>/g)) {
    const props: Record<string, unknown> = {};
    const text = m[1]!;
    for (let i = 0; i < text.length; ) {
      const name = /^\s*([A-Za-z]+)=/.exec(text.slice(i));
      if (!name) break;
      i += name[0].length;
      if (text[i] === '"') {
        const end = text.indexOf('"', i + 1);
        props[name[1]!] = text.slice(i + 1, end);
        i = end + 1;
      } else {
        let depth = 0;
        let j = i;
        for (; j < text.length; j++) {
          if (text[j] === '{') depth++;
          else if (text[j] === '}' && --depth === 0) break;
        }
        props[name[1]!] = new Function(`return (${text.slice(i + 1, j)});`)();
        i = j + 1;
      }
    }
    found.push(props as unknown as ExerciseProps);
  }
  return found;
}

/** Each lesson's exercises, English (content/lessons/) and Korean (content/ko/lessons/). */
function lessonExercises(relative: string) {
  const dir = new URL(`../../content/${relative}/`, import.meta.url).pathname;
  return readdirSync(dir).filter((f) => f.endsWith('.mdx')).map((f) => ({ file: `${relative}/${f}`, slug: f.replace(/\.mdx$/, ''), exercises: exercises(readFileSync(join(dir, f), 'utf8')) }));
}
const english = lessonExercises('lessons');
const korean = lessonExercises('ko/lessons');

describe('lesson exercises', () => {
  it('exist', () => expect(Object.keys(SPECS).length).toBeGreaterThan(3));
  it.each(Object.entries(SPECS))('%s: the cluster answers with a number, or with the value of exactly one choice', (_id, e) => {
    const engine = createEngine({ files: labFiles(), ...(e.cni ? { cni: e.cni } : {}) });
    for (const cmd of e.setup) engine.shell.run(cmd);
    const value = stripAnsi(engine.shell.run(e.measure).output).trim();
    if (e.choices) {
      const values = e.choices.map((c) => stripAnsi(engine.shell.run(c).output).trim());
      expect(values.filter((v) => v === value), `measured "${value}"; choices give ${JSON.stringify(values)}`).toHaveLength(1);
    } else {
      expect(value).toMatch(/^\d+$/);
    }
  });

  it.each(english.map((l) => [l.file, l] as const))('%s names each of its exercises once, with a label for every choice', (_file, l) => {
    const own = Object.keys(SPECS).filter((id) => id.startsWith(`${l.slug}/`)).sort();
    expect(l.exercises.map((e) => e.id).sort()).toEqual(own);
    for (const e of l.exercises) expect(e.choices?.length ?? 0, e.id).toBe(SPECS[e.id]!.choices?.length ?? 0);
  });
});

// A Korean lesson asks the same questions of the same model: the same exercises in the same order; only the words
// differ (question, unit, choice labels).
describe('Korean lesson exercises', () => {
  it.each(korean.map((k) => [k.file, k] as const))('%s grades what its English lesson grades', (_file, k) => {
    const en = english.find((l) => l.slug === k.slug);
    expect(en, `no English lesson for ${k.file}`).toBeDefined();
    expect(k.exercises.map((e) => [e.id, e.choices?.length ?? 0])).toEqual(en!.exercises.map((e) => [e.id, e.choices?.length ?? 0]));
    for (const e of k.exercises) expect(e.question).toMatch(/[가-힣]/);
  });
});
