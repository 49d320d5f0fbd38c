/// <reference lib="webworker" />
// The engine worker: one per page, holding the page's simulated clusters and terminal sessions, so that a
// long command (a 100,000-word brace expansion, a sort of a megabyte) never holds the page's main thread.
import { createBrowserEngine } from '../terminal/browser-engine.ts';
import { loadBrowserScenario } from '../terminal/scenarios.ts';
import { EngineHost } from './host.ts';
import type { Request } from './protocol.ts';

const host = new EngineHost(
  (notice) => postMessage(notice),
  (scenario, cluster) => createBrowserEngine(cluster ? { cluster } : scenario ? loadBrowserScenario(scenario).cluster : {}),
);
addEventListener('message', (e: MessageEvent<Request>) => host.handle(e.data));
