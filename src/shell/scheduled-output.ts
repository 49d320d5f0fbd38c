// A command whose whole run the model computes at once (curl's transfer, traceroute's probes) but whose output
// should appear as model time reaches it, interleaved with other processes' output.
import type { Emission, Process } from './types.ts';

export class ScheduledOutput implements Process {
  private readonly lines: Emission[];
  private next = 0;
  private code: number;
  readonly endsByItself: boolean;
  private readonly lastWords?: () => { emissions: Emission[]; exitCode: number };

  /** `lines` in time order; `endsByItself` when the last of them is the command's known end (see Process);
   *  `lastWords`: what the command prints when Ctrl-C stops it before its end (iperf3's partial summary). */
  constructor(lines: Emission[], exitCode = 0, endsByItself = false, lastWords?: () => { emissions: Emission[]; exitCode: number }) {
    this.lines = lines;
    this.code = exitCode;
    this.endsByItself = endsByItself;
    this.lastWords = lastWords;
  }

  get exitCode(): number {
    return this.code;
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

  /** Ctrl-C: what has not been printed yet never will be; the command's last words instead, if it has any. */
  interrupt(): Emission[] {
    if (this.done) return [];
    this.next = this.lines.length;
    if (!this.lastWords) return [];
    const { emissions, exitCode } = this.lastWords();
    this.code = exitCode;
    return emissions;
  }
}
