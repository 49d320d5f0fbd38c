// Where a running command's streams go. bash's file descriptors become sinks: the terminal (an outbox of
// time-stamped emissions, so that background jobs and the foreground interleave in model time), a pipe or a
// command substitution (a capture), a file, or nothing (/dev/null). Standard input is a buffer that `read`
// consumes line by line, so that `while read line` walks through it.

import type { Emission } from '../types.ts';

export interface Sink {
  /** `at`: model time of the output (default: now); a running process's emissions keep their own times. */
  write(text: string, at?: number): void;
}

/** Output in order, each piece stamped with model time: a terminal, or a running process's output so far. */
export class Outbox {
  emissions: Emission[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  sink(stream: 'out' | 'err'): Sink {
    return {
      write: (text, at) => {
        if (text !== '') this.emissions.push({ at: at ?? this.now(), stream, text });
      },
    };
  }

  drain(): Emission[] {
    const out = this.emissions;
    this.emissions = [];
    return out;
  }
}

/** A pipe to the next stage, or $(…): the text written to it. */
export class Capture implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

export const NULL_SINK: Sink = { write: () => {} };

/** Standard input: what has not been read yet starts at `pos`. */
export interface Stdin {
  text: string;
  pos: number;
}

export const emptyStdin = (): Stdin => ({ text: '', pos: 0 });

export interface IO {
  stdin: Stdin;
  out: Sink;
  err: Sink;
}
