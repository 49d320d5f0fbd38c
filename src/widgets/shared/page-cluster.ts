// One simulated cluster per page (per id): the terminal and the widgets on a lesson page share it, so that a
// `kubectl scale` typed in the terminal redraws the ENI picture. A replay that steps back replaces the
// cluster with a fresh one; holders tell their subscribers.
import type { Engine } from '../../shell/engine.ts';

export interface PageCluster {
  engine: Engine;
  /** Called with the (new) engine whenever the cluster changes or is replaced. */
  subscribe(listener: (engine: Engine) => void): () => void;
  replace(engine: Engine): void;
}

const registry = new Map<string, PageCluster>();
const waiting = new Map<string, ((c: PageCluster) => void)[]>();

export function providePageCluster(id: string, engine: Engine): PageCluster {
  const listeners = new Set<(engine: Engine) => void>();
  let unsubscribe = () => {};
  const holder: PageCluster = {
    engine,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replace(next) {
      unsubscribe();
      holder.engine = next;
      unsubscribe = next.cluster.subscribe(() => listeners.forEach((l) => l(next)));
      listeners.forEach((l) => l(next));
    },
  };
  unsubscribe = engine.cluster.subscribe(() => listeners.forEach((l) => l(holder.engine)));
  registry.set(id, holder);
  for (const resolve of waiting.get(id) ?? []) resolve(holder);
  waiting.delete(id);
  return holder;
}

/** The page's cluster with this id, once some island has created it. */
export function pageCluster(id: string): Promise<PageCluster> {
  const existing = registry.get(id);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve) => waiting.set(id, [...(waiting.get(id) ?? []), resolve]));
}

export function existingPageCluster(id: string): PageCluster | undefined {
  return registry.get(id);
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
