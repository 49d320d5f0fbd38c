// The recorded labs, for the page's replay player and for the engine worker (which builds their clusters).
import { parseScenario, type Scenario } from '../../shell/scenario.ts';

const scenarios = import.meta.glob('../../../content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** A recorded lab by name (content/scenarios/NAME.yaml); pages carry only its outline. */
export function loadBrowserScenario(name: string): Scenario {
  const entry = Object.entries(scenarios).find(([path]) => path.endsWith(`/${name}.yaml`));
  if (!entry) throw new Error(`unknown scenario "${name}"`);
  return parseScenario(name, entry[1]);
}
