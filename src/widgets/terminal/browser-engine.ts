// The engine for the browser: the lab's manifests come in through Vite as text.
import { createEngine, type Engine, type EngineOptions } from '../../shell/engine.ts';
import { parseScenario, type Scenario } from '../../shell/scenario.ts';

const manifests = import.meta.glob('../../../content/manifests/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const LAB_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(manifests).map(([path, text]) => [`/root/${path.split('/').pop()}`, text]),
);

export function createBrowserEngine(options: EngineOptions = {}): Engine {
  return createEngine({ files: LAB_FILES, ...options });
}

const scenarios = import.meta.glob('../../../content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** A recorded lab by name (content/scenarios/NAME.yaml); pages carry only its outline. */
export function loadBrowserScenario(name: string): Scenario {
  const entry = Object.entries(scenarios).find(([path]) => path.endsWith(`/${name}.yaml`));
  if (!entry) throw new Error(`unknown scenario "${name}"`);
  return parseScenario(name, entry[1]);
}
