// Translated recorded labs (content/scenarios/ko/): each still matches its English lab step for step (the same
// commands in the same order), so its notes sit on the right steps, and its words are Korean.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTranslatedScenario } from '../../src/node/lab-content.ts';
import { parseScenarioTranslation, translateScenario } from '../../src/shell/scenario.ts';

const names = readdirSync('content/scenarios/ko').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

describe.each(names)('content/scenarios/ko/%s.yaml', (name) => {
  it('has the English lab’s steps, and Korean words', () => {
    const english = loadScenario(name);
    const korean = loadTranslatedScenario(name, 'ko');
    expect(korean, 'its cmds must be the English lab’s, in order').toBeDefined();
    expect(korean!.steps.map((s) => s.cmd)).toEqual(english.steps.map((s) => s.cmd));
    expect(korean!.steps.map((s) => s.expect)).toEqual(english.steps.map((s) => s.expect));
    expect(korean!.title).toMatch(/[가-힣]/);
    for (const [i, s] of korean!.steps.entries()) {
      expect(s.note === undefined, `step ${i + 1}: a note where the English has one`).toBe(english.steps[i]!.note === undefined);
      if (s.note) expect(s.note, `step ${i + 1}`).toMatch(/[가-힣]/);
      expect(s.marker === undefined, `step ${i + 1}: a marker where the English has one`).toBe(english.steps[i]!.marker === undefined);
    }
  });
});

it('declines a translation whose steps are not the lab’s', () => {
  const english = loadScenario('max-pods-experiment');
  const text = readFileSync('content/scenarios/ko/max-pods-experiment.yaml', 'utf8');
  expect(translateScenario(english, parseScenarioTranslation('x', text))).toBeDefined();
  expect(translateScenario({ ...english, steps: english.steps.slice(1) }, parseScenarioTranslation('x', text))).toBeUndefined();
  const edited = { ...english, steps: english.steps.map((s, i) => (i === 2 ? { ...s, cmd: 'kubectl scale deployment nginx-deployment --replicas=60' } : s)) };
  expect(translateScenario(edited, parseScenarioTranslation('x', text))).toBeUndefined();
});
