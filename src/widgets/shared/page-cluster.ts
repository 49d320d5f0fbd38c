// One simulated cluster per page (per id): the terminal and the widgets on a lesson page share it, so that a
// `kubectl scale` typed in the terminal redraws the ENI picture. The cluster lives in the page's engine worker
// (engine/worker.ts); islands reach it through this module, which starts the worker on first use.
import { EngineClient, type TerminalHandle, type TerminalHandlers } from '../engine/client.ts';
import { en } from '../engine/messages.ts';
import type { CallArgs, CallName, CallResult, Request, RestoreOutcome } from '../engine/protocol.ts';
import { documentLang, fill, loadWords, wordsIn } from './i18n.ts';

/** The engine's words in the page's language, for a failure the widgets show. */
const t = wordsIn(await loadWords(en, () => import('../engine/messages.ko.ts')), documentLang());

let client: EngineClient | undefined;

function engineClient(): EngineClient {
  if (client) return client;
  let worker: Worker;
  const start = () => {
    worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'eks-netlab engine' });
    worker.addEventListener('message', (e) => c.receive(e.data));
    worker.addEventListener('error', (e) => {
      console.error(e);
      c.fail(fill(t.stopped, { why: e.message || t.noScript }));
    });
    return (req: Request) => worker.postMessage(req);
  };
  const c: EngineClient = new EngineClient((req) => worker.postMessage(req), {
    // A worker deaf to Ctrl-C is stopped and another rebuilds the page's clusters from their logs.
    restart: () => {
      worker.terminate();
      return start();
    },
  });
  start();
  client = c;
  return c;
}

export interface PageCluster {
  readonly id: string;
  /** Builds the cluster unless it exists: the lab's, or the starting cluster of a scenario. */
  ensure(scenario?: string): Promise<void>;
  /** A fresh cluster in its place (a replay stepping back); terminals on it start again. */
  reset(scenario?: string, requester?: TerminalHandle): Promise<void>;
  call<N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>>;
  /** Called (at most every 100 ms) after the cluster changed or was replaced. */
  subscribe(listener: () => void): () => void;
  openTerminal(handlers: TerminalHandlers): Promise<TerminalHandle>;
  /** What was done to the cluster so far, for a link that rebuilds it (engine/cluster-log.ts). */
  log(): Promise<unknown>;
  /** A fresh cluster with a shared link's log done on it again; terminals on it show that being done. */
  restore(log: unknown): Promise<RestoreOutcome>;
}

const built = new Map<string, { promise: Promise<void>; resolve(): void }>();

function builtSignal(id: string) {
  let entry = built.get(id);
  if (!entry) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    entry = { promise, resolve };
    built.set(id, entry);
  }
  return entry;
}

/** The page's cluster with this id. Nothing loads until the first request (the worker starts then). */
export function pageCluster(id: string): PageCluster {
  const c = () => engineClient();
  return {
    id,
    async ensure(scenario) {
      await c().request({ op: 'ensure', cluster: id, scenario });
      builtSignal(id).resolve();
    },
    reset: async (scenario, requester) => void (await c().request({ op: 'reset', cluster: id, scenario, requester: requester?.session })),
    call: (name, args) => c().call(id, name, args),
    subscribe: (listener) => c().subscribe(id, listener),
    openTerminal: (handlers) => c().openTerminal(id, handlers),
    log: () => c().request({ op: 'log', cluster: id }),
    restore: (log) => c().request({ op: 'restore', cluster: id, log }) as Promise<RestoreOutcome>,
  };
}

/** Resolves once some island on the page has built cluster `id` (a widget follows a terminal this way). */
export function clusterBuilt(id: string): Promise<void> {
  return builtSignal(id).promise;
}

/** A pod pointed at in one face (a pod name hovered in the terminal), for the others to highlight. */
export const POD_HIGHLIGHT_EVENT = 'nl-pod-highlight';

export interface PodHighlight {
  clusterId: string;
  /** namespace/name, or null when the pointer leaves. */
  pod: string | null;
}

export function highlightPod(detail: PodHighlight): void {
  document.dispatchEvent(new CustomEvent<PodHighlight>(POD_HIGHLIGHT_EVENT, { detail }));
}
