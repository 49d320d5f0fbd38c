// A command whose whole run the model computes at once (curl's transfer, traceroute's probes) but whose output
// should appear as model time reaches it, interleaved with other processes' output.
import type { Emission, Process } from './types.ts';

export class ScheduledOutput implements Process {
  private readonly lines: Emission[];
  private next = 0;
  readonly exitCode: number;
  readonly endsByItself: boolean;

  /** `lines` in time order; `endsByItself` when the last of them is the command's known end (see Process). */
  constructor(lines: Emission[], exitCode = 0, endsByItself = false) {
    this.lines = lines;
    this.exitCode = exitCode;
    this.endsByItself = endsByItself;
  }

  get done(): boolean {
    return this.next >= this.lines.length;
  }

  nextAt(): number {
    return this.done ? Infinity : this.lines[this.next].at;
  }

  runUntil(until: number): Emission[] {
    const out: Emission[] = [];
    while (!this.done && this.lines[this.next].at <= until) out.push(this.lines[this.next++]);
    return out;
  }

  /** Ctrl-C: what has not been printed yet never will be. */
  interrupt(): Emission[] {
    this.next = this.lines.length;
    return [];
  }
}
