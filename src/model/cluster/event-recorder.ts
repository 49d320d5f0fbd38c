// Events as the API server ends up holding them: what controllers and kubelets record through client-go's
// recorder (deduplicated by reason and message, the kubelet's failed sandboxes aggregated as events_cache.go
// does), kept for the API server's --event-ttl. A pod's routine events (Scheduled, Pulled, Created, Started,
// Killing) follow from its timestamps and are derived when read, so that a 150,000-pod cluster stays small.
import type { Rng } from '../rng.ts';
import type { PodRecord } from './pod-record.ts';
import { SandboxFailureEvent } from './sandbox-failure-event.ts';
import { SimilarEvents } from './similar-events.ts';
import type { ClusterEvent, Pod } from './types.ts';

/** The API server keeps events for an hour (kube-apiserver --event-ttl). */
export const EVENT_TTL_MS = 3_600_000;
/** A repeat of the same event counts up at most this often (the scheduler's retry of an unschedulable pod). */
export const EVENT_REPEAT_MS = 5 * 60_000;

export class EventRecorder {
  readonly events: ClusterEvent[] = [];
  /** Deduplicated events per object they are about: one event, or a list when an object has several. */
  private readonly index = new Map<object, ClusterEvent | ClusterEvent[]>();

  private readonly now: () => number;
  private readonly rng: Rng;
  private readonly pods: () => Iterable<Pod>;
  private readonly findPod: (namespace: string, name: string) => Pod | undefined;

  constructor(now: () => number, rng: Rng, pods: () => Iterable<Pod>, findPod: (namespace: string, name: string) => Pod | undefined) {
    this.now = now;
    this.rng = rng;
    this.pods = pods;
    this.findPod = findPod;
  }

  /** Records an event. With `dedupe`, a repeat of the same reason and message only counts up. */
  record(
    about: { namespace: string; name: string }, type: ClusterEvent['type'], reason: string, message: string, source: string,
    dedupe = false, kind = 'Pod',
  ): void {
    const now = this.now();
    const entry = this.index.get(about);
    if (dedupe) {
      const same = Array.isArray(entry) ? entry.find((e) => e.reason === reason && e.message === message) : entry?.reason === reason && entry.message === message ? entry : undefined;
      if (same) {
        if (now - same.lastAt >= EVENT_REPEAT_MS) {
          same.lastAt = now;
          same.count++;
        }
        return;
      }
    }
    const event: ClusterEvent = { namespace: about.namespace, kind, name: about.name, type, reason, message, source, firstAt: now, lastAt: now, count: 1 };
    this.events.push(event);
    if (dedupe) this.index.set(about, entry === undefined ? event : Array.isArray(entry) ? [...entry, event] : [entry, event]);
  }

  /**
   * The kubelet reports a sandbox the CNI could give no address. Each attempt names a new sandbox, so what reaches
   * the API server is up to client-go's recorder: nine events of their own, then one combined event counted up,
   * within its spam budget (see similar-events.ts).
   */
  sandboxFailed(pod: PodRecord): void {
    const now = this.now();
    // The sandbox ID is drawn whether or not the recorder passes the event on.
    const sandbox = this.rng.bits32();
    const before = pod.sandboxFailures;
    // A first failure is always an event of its own, so the recorder's state is built only at the second, by
    // replaying the first. Most pods in a burst fail once: on the 150,000-pod benchmark this saves about 6 MB of
    // peak memory and 0.1–0.3 s (alternating runs with and without it).
    if (before === undefined) {
      const event = new SandboxFailureEvent(pod.namespace, pod.name, sandbox, now, false);
      pod.sandboxFailures = event;
      this.events.push(event);
      return;
    }
    let similar: SimilarEvents<SandboxFailureEvent>;
    if (before instanceof SimilarEvents) {
      similar = before;
    } else {
      pod.sandboxFailures = similar = new SimilarEvents<SandboxFailureEvent>();
      similar.observe(before.firstAt);
    }
    const seen = similar.observe(now);
    if (seen.kind === 'dropped') return;
    const combined = similar.combined;
    if (seen.kind === 'combined' && combined !== undefined && combined.lastAt >= now - EVENT_TTL_MS) {
      combined.recount(seen.count, now, sandbox);
      return;
    }
    const event = new SandboxFailureEvent(pod.namespace, pod.name, sandbox, now, seen.kind === 'combined');
    if (seen.kind === 'combined') {
      event.count = seen.count;
      similar.combined = event;
    }
    this.events.push(event);
  }

  /** Events about one object, by when they were last seen (kubectl describe sorts them so). */
  about(kind: string, namespace: string | undefined, name: string): ClusterEvent[] {
    const stored = this.events.filter((e) => e.kind === kind && e.name === name && (namespace === undefined || e.namespace === namespace));
    const pod = kind === 'Pod' && namespace !== undefined ? this.findPod(namespace, name) : undefined;
    return [...stored, ...(pod ? this.lifecycle(pod) : [])].sort((a, b) => a.lastAt - b.lastAt);
  }

  /** Every event in the cluster (or one namespace), oldest first, as `kubectl get events` lists them. */
  all(namespace?: string): ClusterEvent[] {
    const stored = this.events.filter((e) => namespace === undefined || e.namespace === namespace);
    const derived = [...this.pods()].filter((p) => namespace === undefined || p.namespace === namespace).flatMap((p) => this.lifecycle(p));
    return [...stored, ...derived].sort((a, b) => a.lastAt - b.lastAt);
  }

  private lifecycle(pod: Pod): ClusterEvent[] {
    const out: ClusterEvent[] = [];
    const now = this.now();
    const add = (at: number | undefined, reason: string, message: string, source: string) => {
      if (at !== undefined && at >= now - EVENT_TTL_MS) {
        out.push({ namespace: pod.namespace, kind: 'Pod', name: pod.name, type: 'Normal', reason, message, source, firstAt: at, lastAt: at, count: 1 });
      }
    };
    // DaemonSet pods are bound by their controller, not the scheduler.
    if (pod.owner?.kind !== 'DaemonSet') add(pod.scheduledAt, 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.nodeName}`, 'default-scheduler');
    add(pod.sandboxReadyAt, 'Pulled', `Container image "${pod.template.containers[0].image}" already present on machine`, 'kubelet');
    for (const c of pod.template.containers) {
      add(pod.sandboxReadyAt, 'Created', `Created container ${c.name}`, 'kubelet');
      add(pod.sandboxReadyAt, 'Started', `Started container ${c.name}`, 'kubelet');
    }
    for (const c of pod.template.containers) add(pod.deletedAt, 'Killing', `Stopping container ${c.name}`, 'kubelet');
    return out;
  }

  /** Drops what the API server's TTL has expired. */
  prune(): void {
    const cutoff = this.now() - EVENT_TTL_MS;
    if (this.events.length === 0 || this.events[0].lastAt >= cutoff) return;
    const kept = this.events.filter((e) => e.lastAt >= cutoff);
    for (const [about, entry] of this.index) {
      const live = (Array.isArray(entry) ? entry : [entry]).filter((e) => e.lastAt >= cutoff);
      if (live.length === 0) this.index.delete(about);
      else this.index.set(about, live.length === 1 ? live[0] : live);
    }
    this.events.length = 0;
    for (const e of kept) this.events.push(e);
  }
}
