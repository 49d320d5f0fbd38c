// The model's clock and its pending work, run in order of time, then of scheduling, so that equal times always
// run in the same order. Timers that fall due together share a bucket: a scale-up schedules a hundred thousand
// sandboxes for the same instant, and a heap over distinct times stays small.

export class TimerQueue {
  /** Distinct due times, as a binary min-heap. */
  private times: number[] = [];
  /** Per due time: what to run and its argument, in pairs. */
  private readonly buckets = new Map<number, unknown[]>();
  /** How far the earliest bucket has been run. */
  private cursor = 0;
  private count = 0;
  /** The bucket last added to, and the one being run: a scale-up fills and drains one bucket at a time. */
  private lastAt = NaN;
  private lastBucket: unknown[] | undefined;
  private runningAt = NaN;
  private running: unknown[] | undefined;

  get size(): number {
    return this.count;
  }

  /** Runs `run(arg)` at `at`. A shared function with an argument saves a closure per timer. */
  add<T>(at: number, run: (arg: T) => void, arg?: T): void {
    this.count++;
    const bucket = at === this.lastAt ? this.lastBucket : this.buckets.get(at);
    if (bucket) {
      bucket.push(run, arg);
      return;
    }
    this.lastAt = at;
    this.lastBucket = [run, arg];
    this.buckets.set(at, this.lastBucket);
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

  /** Removes the next timer and runs it (its time is what peek() said). */
  runNext(): void {
    if (this.times.length === 0) return;
    const at = this.times[0];
    if (at !== this.runningAt) {
      this.runningAt = at;
      this.running = this.buckets.get(at)!;
    }
    const bucket = this.running!;
    const run = bucket[this.cursor] as (arg: unknown) => void, arg = bucket[this.cursor + 1];
    this.cursor += 2;
    this.count--;
    if (this.cursor === bucket.length) {
      this.buckets.delete(at);
      if (at === this.lastAt) this.lastBucket = undefined;
      this.runningAt = NaN;
      this.cursor = 0;
      this.popTime();
    }
    run(arg);
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
