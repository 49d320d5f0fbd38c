// What the terminal asks of the cluster besides key input. Runs in the engine worker.
import type { CallContext } from '../engine/calls.ts';

export interface PodLink {
  /** Where the name starts in the line (0-based). */
  at: number;
  name: string;
  /** namespace/name */
  id: string;
}

export const terminalCalls = {
  /** The pods named in a line of terminal output: hovering one highlights it in the page's other widgets. */
  podLinks(ctx: CallContext, args: { text: string }): PodLink[] {
    const links: PodLink[] = [];
    for (const pod of ctx.engine().cluster.pods.values()) {
      const at = args.text.indexOf(pod.name);
      if (at < 0 || /[\w-]/.test(args.text[at + pod.name.length] ?? '')) continue;
      links.push({ at, name: pod.name, id: `${pod.namespace}/${pod.name}` });
    }
    return links;
  },
};
