// What the NLB widget asks of the page's cluster. Runs in the engine worker, next to the cluster.
import { nlbPath, type NlbPathResult } from '../../model/views/nlb-path.ts';
import type { Engine } from '../../shell/engine.ts';
import type { CallContext } from '../engine/calls.ts';
import { changeCommands, NLB_PATH_SETUP, NLB_SERVICE, type NlbChange } from './setup.ts';

/** The widget's lab, unless the cluster already has the echo Service (a cluster id shared with a terminal). */
function ensureLab(engine: Engine): void {
  const [ns, name] = NLB_SERVICE.split('/');
  if (engine.cluster.store.get('Service', ns, name)) return;
  for (const cmd of NLB_PATH_SETUP) engine.shell.run(cmd);
}

export interface NlbPathAnswer {
  view: NlbPathResult;
  /** The commands a change ran, with what they printed (the first failure stops the rest). */
  ran: { cmd: string; output: string; ok: boolean }[];
}

export const nlbPathCalls = {
  nlbPath(ctx: CallContext, args: { request?: number }): NlbPathAnswer {
    const engine = ctx.engine();
    ensureLab(engine);
    return { view: nlbPath(engine.cluster, NLB_SERVICE, args.request ?? 0), ran: [] };
  },

  /** Changes the Service as a learner would (kubectl annotate or patch), lets the controller and the health
   *  checks catch up, and looks again. */
  nlbPathChange(ctx: CallContext, args: NlbChange & { request?: number }): NlbPathAnswer {
    const engine = ctx.engine();
    ensureLab(engine);
    const ran: NlbPathAnswer['ran'] = [];
    for (const cmd of changeCommands(args)) {
      const out = engine.shell.run(cmd);
      ran.push({ cmd, output: out.output.trim(), ok: out.exitCode === 0 });
      if (out.exitCode !== 0) break;
    }
    return { view: nlbPath(engine.cluster, NLB_SERVICE, args.request ?? 0), ran };
  },
};
