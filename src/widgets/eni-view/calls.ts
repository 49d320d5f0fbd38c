// What the ENI view asks of the page's cluster. Runs in the engine worker, next to the cluster.
import { clusterView, type ClusterView, viewChanges } from '../../model/views/eni-view.ts';
import { podWideRow } from '../../shell/commands/kubectl/get.ts';
import type { CallContext } from '../engine/calls.ts';

export const eniViewCalls = {
  eniView: (ctx: CallContext): ClusterView => clusterView(ctx.engine().cluster),

  /** Applies a change through the same commands a learner would type, lets time pass, and lists what changed. */
  eniApply(ctx: CallContext, args: { commands: string[]; wait: number }): { view: ClusterView; changes: string[] } {
    const engine = ctx.engine();
    const before = clusterView(engine.cluster);
    for (const cmd of [...args.commands, `sleep ${args.wait}`]) engine.shell.run(cmd);
    const view = clusterView(engine.cluster);
    return { view, changes: viewChanges(before, view) };
  },

  /** The `kubectl get pod -o wide` row of a pod (namespace/name), or null when it is gone. */
  podRow(ctx: CallContext, args: { pod: string }): string | null {
    const cluster = ctx.engine().cluster;
    const [ns, name] = args.pod.split('/');
    const pod = cluster.findPod(ns, name);
    return pod ? podWideRow(cluster, pod) : null;
  },
};
