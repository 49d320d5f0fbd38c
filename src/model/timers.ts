// The model's clock and its pending work, run in order of time, then of scheduling, so that equal times always
// run in the same order. Timers that fall due together share a bucket: a scale-up schedules a hundred thousand
// sandboxes for the same instant, and a heap over distinct times stays small.

export class TimerQueue {
  /** Distinct due times, as a binary min-heap. */
  private times: number[] = [];
  private readonly buckets = new Map<number, (() => void)[]>();
  /** How far the earliest bucket has been run. */
  private cursor = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(at: number, run: () => void): void {
    this.count++;
    const bucket = this.buckets.get(at);
    if (bucket) {
      bucket.push(run);
      return;
    }
    this.buckets.set(at, [run]);
    const h = this.times;
    let i = h.push(at) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] <= at) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = at;
  }

  /** Time of the next timer, or Infinity. */
  peek(): number {
    return this.times.length ? this.times[0] : Infinity;
  }

  /** Removes the next timer and returns what it runs (its time is what peek() said). */
  pop(): (() => void) | undefined {
    if (this.times.length === 0) return undefined;
    const at = this.times[0];
    const bucket = this.buckets.get(at)!;
    const run = bucket[this.cursor++];
    this.count--;
    if (this.cursor === bucket.length) {
      this.buckets.delete(at);
      this.cursor = 0;
      this.popTime();
    }
    return run;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i, v = last;
      if (l < h.length && h[l] < v) { m = l; v = h[l]; }
      if (r < h.length && h[r] < v) m = r;
      if (m === i) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
}
