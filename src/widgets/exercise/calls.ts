// The exercise's run: a fresh copy of the lab's cluster in the engine worker, the setup, then the measurement.
import type { ExerciseSpec } from './specs.ts';
import { stripAnsi } from '../../shell/format/ansi.ts';
import { createBrowserEngine } from '../terminal/browser-engine.ts';

export interface ExerciseOutcome {
  /** What `measure` printed, trimmed. */
  value: string;
  /** What each choice's command printed, trimmed. */
  choiceValues: string[];
  transcript: { cmd: string; output: string }[];
}

export const exerciseCalls = {
  // Not the page's cluster: an exercise always starts from the lab as the lesson describes it.
  exercise(_ctx: unknown, args: ExerciseSpec): ExerciseOutcome {
    const engine = createBrowserEngine(args.cni ? { cni: args.cni } : {});
    const transcript = [...args.setup, args.measure].map((cmd) => ({ cmd, output: stripAnsi(engine.shell.run(cmd).output) }));
    const value = transcript[transcript.length - 1].output.trim();
    const choiceValues = (args.choices ?? []).map((cmd) => stripAnsi(engine.shell.run(cmd).output).trim());
    transcript.push(...(args.choices ?? []).map((cmd, i) => ({ cmd, output: `${choiceValues[i]}\n` })));
    return { value, choiceValues, transcript };
  },
};
