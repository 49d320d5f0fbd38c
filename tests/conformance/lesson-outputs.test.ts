// The lessons say their quoted command output is what the simulator prints: every output block of an English
// lesson is produced again here, by the recipe tests/data/lesson-outputs.yaml gives for it, and must appear in what
// the model prints (the rule is in output-blocks.ts). A block without a recipe, or a recipe whose block is gone,
// fails too, so a lesson and its terminal cannot drift apart unnoticed. Korean lessons quote the same output: each
// of their output blocks must be one of its English lesson's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../src/node/lab-content.ts';
import { labEngine, stripAnsi } from '../unit/shell/engine-helpers.ts';
import { ELLIPSIS, lessonOutputBlocks, matchBlock, type OutputBlock } from './output-blocks.ts';

const RECIPES = 'tests/data/lesson-outputs.yaml';

interface Recipe {
  block: string;
  scenario?: string;
  until?: string;
  setup?: string[];
  run: string[];
}

function readRecipes(): { slug: string; recipe: Recipe }[] {
  const data = parse(readFileSync(new URL(`../../${RECIPES}`, import.meta.url), 'utf8')) as Record<string, Recipe[]>;
  return Object.entries(data).flatMap(([slug, recipes]) =>
    recipes.map((recipe) => {
      if (typeof recipe.block !== 'string' || !Array.isArray(recipe.run) || recipe.run.length === 0) {
        throw new Error(`${RECIPES}: ${slug}: each recipe needs a block (its first line) and run (commands): ${JSON.stringify(recipe)}`);
      }
      if (recipe.until !== undefined && recipe.scenario === undefined) throw new Error(`${RECIPES}: ${slug} "${recipe.block}": until needs a scenario`);
      return { slug, recipe: { ...recipe, block: recipe.block.trimEnd() } };
    }),
  );
}

/** What the recipe's commands print, on a lab set up as it says. */
function produce(recipe: Recipe): string {
  const scenario = recipe.scenario === undefined ? undefined : loadScenario(recipe.scenario);
  const lab = labEngine(scenario?.cluster ?? {});
  if (scenario) {
    const stop = recipe.until === undefined ? scenario.steps.length : scenario.steps.findIndex((s) => s.marker === recipe.until);
    if (stop < 0) throw new Error(`scenario ${scenario.name} has no step marked "${recipe.until}"`);
    for (const step of scenario.steps.slice(0, stop)) lab.shell.run(step.cmd);
  }
  for (const cmd of recipe.setup ?? []) lab.shell.run(cmd);
  return stripAnsi(recipe.run.map((cmd) => lab.shell.run(cmd).output).join(''));
}

const english = lessonOutputBlocks('lessons');
const korean = lessonOutputBlocks('ko/lessons');
const recipes = readRecipes();
const recipeFor = (b: OutputBlock) => recipes.filter((r) => r.slug === b.slug && r.recipe.block === b.lines[0]);
const label = (b: OutputBlock) => `${b.where} "${b.lines[0]}"`;

describe('lesson output blocks', () => {
  it('exist, and each has exactly one recipe', () => {
    expect(english.length).toBeGreaterThan(10);
    const problems = english.flatMap((b) => {
      const found = recipeFor(b).length;
      if (found === 1) return [];
      return [found === 0
        ? `${label(b)}: no recipe says how the model prints this block; add one under ${b.slug}: in ${RECIPES}`
        : `${label(b)}: ${found} recipes in ${RECIPES} name this first line`];
    });
    // Two blocks of one lesson with the same first line could not be told apart.
    for (const b of english) {
      if (english.filter((o) => o.slug === b.slug && o.lines[0] === b.lines[0]).length > 1) problems.push(`${label(b)}: another block of this lesson starts with the same line; start one differently`);
    }
    expect(problems).toEqual([]);
  });

  it('have no recipe left whose block is gone', () => {
    const orphans = recipes.filter((r) => !english.some((b) => b.slug === r.slug && b.lines[0] === r.recipe.block));
    expect(orphans.map((r) => `${RECIPES}: ${r.slug}: no output block of content/lessons/${r.slug}.mdx starts with "${r.recipe.block}"; update the recipe or remove it`)).toEqual([]);
  });

  it.each(english.filter((b) => recipeFor(b).length === 1).map((b) => [label(b), b] as const))('%s is what the model prints', (_label, b) => {
    const output = produce(recipeFor(b)[0]!.recipe);
    const result = matchBlock(b.lines, output);
    expect(result.ok, `the block's line\n  ${result.stuckAt}\nis not where the block needs it in what the model printed:\n${output}`).toBe(true);
  });
});

describe('Korean lesson output blocks', () => {
  // One test over all of them: a Korean lesson may quote no output at all.
  it('are each a block of the English lesson they translate', () => {
    const strays = korean.filter((k) => !english.some((e) => e.slug === k.slug && e.lines.join('\n') === k.lines.join('\n')));
    expect(strays.map((k) => `${label(k)} quotes output no block of content/lessons/${k.slug}.mdx quotes: copy the English block as it is`)).toEqual([]);
  });
});

describe('the matching rule', () => {
  const output = 'HTTP/1.1 502 Bad Gateway\r\nServer: awselb/2.0\r\nDate: Fri, 05 May 2023 08:19:57 GMT\r\n\r\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n';

  it('takes consecutive right-trimmed lines, a … line for any run of lines and … in a line for any text', () => {
    expect(matchBlock(['Server: awselb/2.0', 'Date: … GMT'], output).ok).toBe(true);
    expect(matchBlock(['HTTP/1.1 502 Bad Gateway', 'Server: awselb/2.0', ELLIPSIS, '<head><title>502 Bad Gateway</title></head>'], output).ok).toBe(true);
    expect(matchBlock(['Server: awselb/2.0', ELLIPSIS, 'Date: Fri, 05 May 2023 08:19:57 GMT'], output).ok).toBe(true);
  });

  it('fails on a line that differs, lines out of order, or part of a line', () => {
    expect(matchBlock(['HTTP/1.1 502 Bad Gateway', '<html>'], output)).toEqual({ ok: false, stuckAt: '<html>' });
    expect(matchBlock(['<html>', ELLIPSIS, 'Server: awselb/2.0'], output)).toEqual({ ok: false, stuckAt: 'Server: awselb/2.0' });
    expect(matchBlock(['awselb/2.0'], output).ok).toBe(false);
    expect(matchBlock(['Server: awselb/2.0', 'Date: … UTC'], output).ok).toBe(false);
    // Regular-expression characters in a block are literal.
    expect(matchBlock(['HTTP/1.1 502 Bad.Gateway'], output).ok).toBe(false);
  });
});
