// How each exercise is graded, declared once for both languages in content/exercises/<lesson>.yaml (the lesson's
// MDX only names it and words it: `<Exercise id="warm-pool/warm-ip-and-minimum-target" question=… />`): the
// commands that set the scene on a fresh lab, the measurement, and for a pick-one question the command behind each
// choice, in the order of the lesson's labels. Pages fetch them as one cached JSON file when a reader first runs
// an exercise (src/pages/widget-data/exercises.json.ts), not as props in every page's HTML.
import type { CniMode } from '../../model/calico/config.ts';

export interface ExerciseSpec {
  /** Commands that set the scene, run on a fresh copy of the lab's cluster. */
  setup: string[];
  /** The lab with Calico as its CNI instead of the VPC CNI (`eks-netlab shell --cni …`). */
  cni?: CniMode;
  /** The command whose output answers the question: a number, or the value one of the choices prints. */
  measure: string;
  /** For a pick-one question: what each choice stands for, printed on the same cluster after the setup. */
  choices?: string[];
}

export const exerciseSpecsUrl = () => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}widget-data/exercises.json`;

let fetched: Promise<Record<string, ExerciseSpec>> | undefined;

/** An exercise's spec in the browser (fetched once per page). */
export async function loadExerciseSpec(id: string): Promise<ExerciseSpec> {
  fetched ??= fetch(exerciseSpecsUrl()).then((r) => {
    if (!r.ok) throw new Error(`${exerciseSpecsUrl()}: HTTP ${r.status}`);
    return r.json() as Promise<Record<string, ExerciseSpec>>;
  });
  const spec = (await fetched)[id];
  if (!spec) throw new Error(`no exercise "${id}" in content/exercises`);
  return spec;
}

/** An exercise as progress saves it (src/widgets/progress/store.ts): its words and its spec together, so that the
 *  review page can ask it again without the lesson. */
export interface SavedExercise {
  question: string;
  setup: string[];
  cni?: CniMode;
  measure: string;
  unit?: string;
  choices?: { label: string; command: string }[];
}

export interface ExerciseWords {
  question: string;
  unit?: string;
  /** The choices' labels, in the spec's order. */
  choices?: string[];
}

export function saveExercise(words: ExerciseWords, spec: ExerciseSpec): SavedExercise {
  return {
    question: words.question, setup: spec.setup, ...(spec.cni ? { cni: spec.cni } : {}), measure: spec.measure,
    ...(words.unit !== undefined ? { unit: words.unit } : {}),
    ...(spec.choices && words.choices ? { choices: spec.choices.map((command, i) => ({ label: words.choices![i] ?? command, command })) } : {}),
  };
}

export function savedWords(s: SavedExercise): ExerciseWords & { spec: ExerciseSpec } {
  return {
    question: s.question, ...(s.unit !== undefined ? { unit: s.unit } : {}), ...(s.choices ? { choices: s.choices.map((c) => c.label) } : {}),
    spec: { setup: s.setup, ...(s.cni ? { cni: s.cni } : {}), measure: s.measure, ...(s.choices ? { choices: s.choices.map((c) => c.command) } : {}) },
  };
}
