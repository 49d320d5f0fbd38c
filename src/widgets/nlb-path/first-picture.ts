// The NLB widget's first picture: its own lab (NLB_PATH_SETUP) and the first request through the NLB, before any
// change (widgets/shared/first-picture.ts).
import { nlbPath } from '../../model/views/nlb-path.ts';
import { labFiles } from '../../node/lab-content.ts';
import { createEngine } from '../../shell/engine.ts';
import type { NlbPathAnswer } from './calls.ts';
import { NLB_PATH_SETUP, NLB_SERVICE } from './setup.ts';

export function nlbPathFirstPicture(): NlbPathAnswer {
  const engine = createEngine({ files: labFiles() });
  for (const cmd of NLB_PATH_SETUP) engine.shell.run(cmd);
  const view = nlbPath(engine.cluster, NLB_SERVICE, 0);
  if ('error' in view) throw new Error(`nlb path: ${view.error}`);
  return { view, ran: [] };
}
