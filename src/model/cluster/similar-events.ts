// How a Kubernetes component's event recorder reports a failure that keeps happening with a different message each
// time (the kubelet's FailedCreatePodSandBox names a new sandbox on every attempt). client-go tools/record
// (events_cache.go) does three things, reproduced here per source and object:
// - the aggregator records similar events (same reason, different message) one by one until the tenth within ten
//   minutes; from then on they become one event, "(combined from similar events): " + the latest message;
// - the logger counts repeats of that combined event (count, first and last time);
// - a spam filter, a token bucket of 25 refilled at one token per five minutes, drops what exceeds it. The logger
//   has counted before the filter drops, so the next combined update that gets through jumps its count.

/** AggregateMaxEvents and its interval: the tenth similar event within ten minutes is combined. */
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
/** The spam filter's burst and refill period (defaultSpamBurst, defaultSpamQPS = 1/300). */
export const SPAM_BURST = 25;
export const SPAM_REFILL_MS = 300_000;

export const COMBINED_PREFIX = '(combined from similar events): ';

/** What one more similar event turns into. */
export type Correlation =
  | { kind: 'unique' }
  /** The combined event, created (`count` 1) or counted up to `count`. */
  | { kind: 'combined'; count: number }
  | { kind: 'dropped' };

export class SimilarEvents<E> {
  /** The combined event as the API server holds it, once there is one. */
  combined?: E = undefined;
  /** Distinct messages the aggregator remembers (it stops growing at AGGREGATE_MAX_EVENTS − 1). */
  #distinct = 0;
  #lastAt = -Infinity;
  /** The logger's count of the combined event. */
  #combined = 0;
  #tokens = SPAM_BURST;
  #tokensAt = -Infinity;

  /** One more event with a message not seen before, at `now`. */
  observe(now: number): Correlation {
    if (now - this.#lastAt > AGGREGATE_INTERVAL_MS) this.#distinct = 0;
    this.#lastAt = now;
    this.#distinct++;
    let result: Correlation;
    if (this.#distinct < AGGREGATE_MAX_EVENTS) {
      result = { kind: 'unique' };
    } else {
      this.#distinct = AGGREGATE_MAX_EVENTS - 1;
      result = { kind: 'combined', count: ++this.#combined };
    }
    return this.#accept(now) ? result : { kind: 'dropped' };
  }

  /** The token bucket: starts full, refills continuously, never above its burst. */
  #accept(now: number): boolean {
    if (this.#tokensAt !== -Infinity) this.#tokens = Math.min(SPAM_BURST, this.#tokens + (now - this.#tokensAt) / SPAM_REFILL_MS);
    this.#tokensAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }
}
