// The engine for the browser (it runs in the engine worker): the lab's manifests come in through Vite as text.
import { createEngine, type Engine, type EngineOptions } from '../../shell/engine.ts';

const manifests = import.meta.glob('../../../content/manifests/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const LAB_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(manifests).map(([path, text]) => [`/root/${path.split('/').pop()}`, text]),
);

export function createBrowserEngine(options: EngineOptions = {}): Engine {
  return createEngine({ files: LAB_FILES, ...options });
}
