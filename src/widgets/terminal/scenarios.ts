// The recorded labs, for the page's replay player and for the engine worker (which builds their clusters).
import { parseScenario, parseScenarioTranslation, translateScenario, type Scenario } from '../../shell/scenario.ts';

const scenarios = import.meta.glob('../../../content/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** A recorded lab by name (content/scenarios/NAME.yaml); pages carry only its outline. */
export function loadBrowserScenario(name: string): Scenario {
  const entry = Object.entries(scenarios).find(([path]) => path.endsWith(`/${name}.yaml`));
  if (!entry) throw new Error(`unknown scenario "${name}"`);
  return parseScenario(name, entry[1]);
}

/** Translations (content/scenarios/ko/NAME.yaml), each in a chunk of its own: only a Korean page loads one. */
const translations = import.meta.glob('../../../content/scenarios/ko/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

/** The recorded lab in Korean, or in English when it has no Korean translation that matches its steps. */
export async function loadBrowserScenarioIn(name: string, lang: 'en' | 'ko'): Promise<Scenario> {
  const scenario = loadBrowserScenario(name);
  const load = lang === 'ko' ? Object.entries(translations).find(([path]) => path.endsWith(`/${name}.yaml`))?.[1] : undefined;
  if (!load) return scenario;
  return translateScenario(scenario, parseScenarioTranslation(name, await load())) ?? scenario;
}
