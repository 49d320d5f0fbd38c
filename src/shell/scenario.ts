// Recorded labs as data: a scenario is a starting cluster and ordered steps (a command, a note in our words,
// optional chapter markers and `expect` checks taken from the real lab). No step stores output: the engine
// computes it, so the CLI (--scenario), the browser's replay player and the tests all run the same steps.
import { parse } from 'yaml';
import type { ClusterOptions } from '../model/cluster/cluster.ts';

export type Expectation =
  | { contains: string }
  | { notContains: string }
  /** A regular expression (JavaScript syntax) the output must match. */
  | { match: string }
  /** A regular expression every non-empty line of the output must match. */
  | { everyLine: string }
  /** `uniq -c` output: the counts that start its lines add up to this (the seed's 100-curl loop). */
  | { countsSum: number };

export interface ScenarioStep {
  cmd: string;
  note?: string;
  /** Starts a chapter the player can jump to. */
  marker?: string;
  expect?: Expectation[];
}

export interface Scenario {
  name: string;
  title: string;
  description?: string;
  cluster: Pick<ClusterOptions, 'seed' | 'instanceType' | 'nodes' | 'cni' | 'maxPods'>;
  steps: ScenarioStep[];
}

export interface StepResult {
  step: ScenarioStep;
  output: string;
  exitCode: number;
  /** Expectations the output did not meet, described. */
  failed: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Parses a scenario file; throws an Error that names the file and the problem. */
export function parseScenario(name: string, text: string): Scenario {
  const bad = (why: string): never => {
    throw new Error(`scenario ${name}: ${why}`);
  };
  const doc: unknown = parse(text);
  if (!isRecord(doc)) bad('not a YAML mapping');
  const d = doc as Record<string, unknown>;
  if (typeof d.title !== 'string') bad('needs a title');
  if (!Array.isArray(d.steps) || d.steps.length === 0) bad('needs steps');
  const steps = (d.steps as unknown[]).map((s, i): ScenarioStep => {
    if (!isRecord(s) || typeof s.cmd !== 'string') return bad(`step ${i + 1} needs a cmd`);
    const expect = (Array.isArray(s.expect) ? s.expect : s.expect === undefined ? [] : bad(`step ${i + 1}: expect must be a list`)) as unknown[];
    for (const e of expect) {
      const ok = isRecord(e) && (['contains', 'notContains', 'match', 'everyLine'].some((k) => typeof e[k] === 'string') || typeof e.countsSum === 'number');
      if (!ok) bad(`step ${i + 1}: expect entries are {contains|notContains|match|everyLine: text} or {countsSum: number}`);
    }
    return {
      cmd: s.cmd,
      ...(typeof s.note === 'string' ? { note: s.note.trim() } : {}),
      ...(typeof s.marker === 'string' ? { marker: s.marker } : {}),
      ...(expect.length ? { expect: expect as Expectation[] } : {}),
    };
  });
  const cluster = isRecord(d.cluster) ? d.cluster : {};
  return {
    name,
    title: d.title as string,
    ...(typeof d.description === 'string' ? { description: d.description.trim() } : {}),
    cluster: {
      ...(cluster.seed !== undefined ? { seed: String(cluster.seed) } : {}),
      ...(typeof cluster.instanceType === 'string' ? { instanceType: cluster.instanceType } : {}),
      ...(typeof cluster.nodes === 'number' ? { nodes: cluster.nodes } : {}),
      ...(cluster.cni === 'vpc-cni' || cluster.cni === 'calico-vxlan' || cluster.cni === 'calico-ipip' ? { cni: cluster.cni } : {}),
      ...(typeof cluster.maxPods === 'number' ? { maxPods: cluster.maxPods } : {}),
    },
    steps,
  };
}

export function checkExpectations(output: string, expect: Expectation[] = []): string[] {
  const failed: string[] = [];
  for (const e of expect) {
    if ('contains' in e && !output.includes(e.contains)) failed.push(`expected output to contain ${JSON.stringify(e.contains)}`);
    if ('notContains' in e && output.includes(e.notContains)) failed.push(`expected output not to contain ${JSON.stringify(e.notContains)}`);
    if ('match' in e && !new RegExp(e.match, 'm').test(output)) failed.push(`expected output to match /${e.match}/m`);
    if ('everyLine' in e) {
      const re = new RegExp(e.everyLine);
      const lines = output.split('\n').filter((l) => l !== '');
      const bad = lines.find((l) => !re.test(l));
      if (lines.length === 0 || bad !== undefined) failed.push(`expected every line to match /${e.everyLine}/${bad !== undefined ? `, not ${JSON.stringify(bad)}` : ''}`);
    }
    if ('countsSum' in e) {
      const sum = output.split('\n').reduce((n, l) => n + Number(/^\s*(\d+)\s/.exec(l)?.[1] ?? 0), 0);
      if (sum !== e.countsSum) failed.push(`expected the lines' counts to add up to ${e.countsSum}, not ${sum}`);
    }
  }
  return failed;
}

/** Runs steps [0, upTo) through a shell, returning each step's output and unmet expectations. */
export function runSteps(run: (line: string) => { output: string; exitCode: number }, steps: ScenarioStep[], upTo = steps.length): StepResult[] {
  return steps.slice(0, upTo).map((step) => {
    const { output, exitCode } = run(step.cmd);
    return { step, output, exitCode, failed: checkExpectations(output, step.expect) };
  });
}

/**
 * A recorded lab's words in another language (content/scenarios/ko/NAME.yaml): its title, description and each
 * step's note and marker. Each step repeats its English step's `cmd`, so that a translation left behind by a change
 * to the English lab is noticed (translateScenario declines it) instead of putting notes on the wrong steps.
 */
export interface ScenarioTranslation {
  title: string;
  description?: string;
  steps: { cmd: string; note?: string; marker?: string }[];
}

export function parseScenarioTranslation(name: string, text: string): ScenarioTranslation {
  const bad = (why: string): never => {
    throw new Error(`scenario translation ${name}: ${why}`);
  };
  const doc: unknown = parse(text);
  if (!isRecord(doc) || typeof doc.title !== 'string' || !Array.isArray(doc.steps)) return bad('needs a title and steps');
  return {
    title: doc.title,
    ...(typeof doc.description === 'string' ? { description: doc.description.trim() } : {}),
    steps: doc.steps.map((s: unknown, i) => {
      if (!isRecord(s) || typeof s.cmd !== 'string') return bad(`step ${i + 1} needs the English step's cmd`);
      return {
        cmd: s.cmd,
        ...(typeof s.note === 'string' ? { note: s.note.trim() } : {}),
        ...(typeof s.marker === 'string' ? { marker: s.marker } : {}),
      };
    }),
  };
}

/** The scenario in the translation's words, or undefined when the translation's steps are not the scenario's. */
export function translateScenario(scenario: Scenario, translation: ScenarioTranslation): Scenario | undefined {
  const { steps } = translation;
  if (steps.length !== scenario.steps.length || steps.some((s, i) => s.cmd !== scenario.steps[i]!.cmd)) return undefined;
  return {
    ...scenario,
    title: translation.title,
    ...(translation.description !== undefined ? { description: translation.description } : {}),
    steps: scenario.steps.map((s, i) => {
      const { note: _note, marker: _marker, ...rest } = s;
      const t = steps[i]!;
      return { ...rest, ...(t.note !== undefined ? { note: t.note } : {}), ...(t.marker !== undefined ? { marker: t.marker } : {}) };
    }),
  };
}
