// The lab's content read from disk, for everything that runs in Node: the CLI, build-time components, tests and
// the bench. Manifests (content/manifests/*.yaml) go in the bastion's home directory, as the lab has them;
// scenarios (content/scenarios/*.yaml) are recorded labs. (The browser gets the manifests through Vite instead:
// src/widgets/terminal/browser-engine.ts.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, parseScenarioTranslation, translateScenario, type Scenario } from '../shell/scenario.ts';

/**
 * The repository's content/ folder, found by walking up from this module: it runs from src/node (source),
 * from .build/cli (the CLI bundle) and from dist/.prerender (Astro's build), at different depths.
 */
function contentDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'content', 'manifests'))) return join(dir, 'content') + '/';
    if (dirname(dir) === dir) throw new Error('content/ not found above ' + fileURLToPath(import.meta.url));
  }
}

const CONTENT = contentDir();

export function scenarioNames(): string[] {
  return readdirSync(`${CONTENT}scenarios`).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
}

export function scenarioText(name: string): string | undefined {
  return scenarioNames().includes(name) ? readFileSync(`${CONTENT}scenarios/${name}.yaml`, 'utf8') : undefined;
}

export function labFiles(): Record<string, string> {
  const dir = `${CONTENT}manifests/`;
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.yaml')) files[`/root/${name}`] = readFileSync(`${dir}${name}`, 'utf8');
  return files;
}

/** A recorded lab by name; throws if there is none (build-time components want a loud failure). */
export function loadScenario(name: string): Scenario {
  const text = scenarioText(name);
  if (text === undefined) throw new Error(`no scenario "${name}" in content/scenarios (there are: ${scenarioNames().join(', ')})`);
  return parseScenario(name, text);
}

/** A recorded lab in a language it is translated to (content/scenarios/LANG/NAME.yaml), if that translation
 *  exists and still matches the lab's steps. */
export function loadTranslatedScenario(name: string, lang: string): Scenario | undefined {
  const path = `${CONTENT}scenarios/${lang}/${name}.yaml`;
  if (!existsSync(path)) return undefined;
  return translateScenario(loadScenario(name), parseScenarioTranslation(name, readFileSync(path, 'utf8')));
}
