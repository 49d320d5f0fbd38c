// What the packet stepper asks of the page's cluster. Runs in the engine worker, next to the cluster.
import { parseManifest } from '../../model/k8s/manifest.ts';
import { networkOf } from '../../model/net/network.ts';
import type { FlowKind } from '../../model/views/flow-kinds.ts';
import { exchangeView, flowView, type FlowView } from '../../model/views/flow-view.ts';
import type { Engine } from '../../shell/engine.ts';
import type { CallContext } from '../engine/calls.ts';
import { LAB_FILES } from '../terminal/browser-engine.ts';

/**
 * The flows start from the lab's troubleshooting pods; a page whose terminal has not deployed them yet gets
 * them the way `kubectl apply -f netshoot-pod.yaml` would, plus the half minute they take to start.
 */
export function ensurePods(engine: Engine): void {
  const c = engine.cluster;
  if ([...c.pods.values()].some((p) => p.labels.app === 'netshoot-pod')) return;
  for (const o of parseManifest(LAB_FILES['/root/netshoot-pod.yaml'], 'netshoot-pod.yaml', 'default')) {
    if (o.kind === 'Deployment') c.applyDeployment(o.spec);
  }
  c.advance(30);
}

const externalSnat = (engine: Engine) => engine.cluster.awsNodeEnv().get('AWS_VPC_K8S_CNI_EXTERNALSNAT') === 'true';

export const stepperCalls = {
  flow(ctx: CallContext, args: { kind: FlowKind }): FlowView | null {
    ensurePods(ctx.engine());
    return flowView(ctx.engine().cluster, args.kind) ?? null;
  },

  /** The last ping typed in the page's terminal, as it happened. */
  lastPing(ctx: CallContext): FlowView | null {
    const c = ctx.engine().cluster;
    const last = networkOf(c).lastPing;
    return last ? exchangeView(c, 'terminal', 'The last ping in the terminal', last.command, last.there, last.back) : null;
  },

  externalSnat: (ctx: CallContext): boolean => externalSnat(ctx.engine()),

  /**
   * What `kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_EXTERNALSNAT=…` does, and the time
   * aws-node takes to restart and reprogram the rules; the flow of `kind` before and after.
   */
  setExternalSnat(ctx: CallContext, args: { on: boolean; kind: FlowKind }): { before: FlowView | null; after: FlowView | null } {
    const before = stepperCalls.flow(ctx, args);
    const engine = ctx.engine();
    engine.cluster.setDaemonSetEnv('kube-system', 'aws-node', [['AWS_VPC_K8S_CNI_EXTERNALSNAT', String(args.on)]]);
    engine.cluster.advance(30);
    return { before, after: stepperCalls.flow(ctx, args) };
  },
};
