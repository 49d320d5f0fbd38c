// The replay player's state, without any UI: which step of a scenario the cluster is at, and how to get to
// another one. Going back rebuilds the cluster from its seed and runs the earlier steps again (the engine is
// deterministic, so the result is the same cluster), which is also what makes `?step=7` links work.
import type { Scenario } from '../shell/scenario.ts';

export interface ReplayTarget {
  /** A fresh cluster and terminal, as at the start of the scenario. */
  reset(): void | Promise<void>;
  /** Runs one step's command (typing it first, if the face animates). */
  run(cmd: string, animate: boolean): Promise<void>;
}

export class Replay {
  readonly scenario: Scenario;
  private readonly target: ReplayTarget;
  /** Steps already run: 0 before the first, steps.length at the end. */
  position = 0;
  private busy: Promise<void> = Promise.resolve();

  constructor(scenario: Scenario, target: ReplayTarget) {
    this.scenario = scenario;
    this.target = target;
  }

  get atEnd(): boolean {
    return this.position >= this.scenario.steps.length;
  }

  /** Markers (chapters) and the step each starts at. */
  get markers(): { label: string; step: number }[] {
    return this.scenario.steps.flatMap((s, i) => (s.marker ? [{ label: s.marker, step: i }] : []));
  }

  /** Runs the next step; resolves when its output is shown. */
  forward(animate = true): Promise<void> {
    return this.queue(async () => {
      if (this.atEnd) return;
      const step = this.scenario.steps[this.position];
      await this.target.run(step.cmd, animate);
      this.position++;
    });
  }

  /**
   * Brings the cluster to "n steps done": forward from here, or from a fresh cluster when going back. With
   * `animate`, a single step forward (where the replay is when its turn in the queue comes) is typed out, as
   * forward() does; longer jumps never are.
   */
  goto(n: number, animate = false): Promise<void> {
    return this.queue(async () => {
      const want = Math.max(0, Math.min(this.scenario.steps.length, n));
      const typed = animate && want === this.position + 1;
      if (want < this.position) {
        await this.target.reset();
        this.position = 0;
      }
      while (this.position < want) {
        await this.target.run(this.scenario.steps[this.position].cmd, typed);
        this.position++;
      }
    });
  }

  back(): Promise<void> {
    return this.goto(this.position - 1);
  }

  restart(): Promise<void> {
    return this.queue(async () => {
      await this.target.reset();
      this.position = 0;
    });
  }

  private queue(task: () => Promise<void>): Promise<void> {
    this.busy = this.busy.then(task, task);
    return this.busy;
  }
}
