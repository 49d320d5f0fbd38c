// The stepper's link to the page's cluster, loaded on first use (the model and engine are the terminal's).
import { parseManifest } from '../../model/k8s/manifest.ts';
import { networkOf } from '../../model/net/network.ts';
import { exchangeView, type FlowKind, flowView, type FlowView } from '../../model/views/flow-view.ts';
import type { Engine } from '../../shell/engine.ts';
import { existingPageCluster, providePageCluster } from '../shared/page-cluster.ts';
import { createBrowserEngine, LAB_FILES } from '../terminal/browser-engine.ts';

export interface StepperRuntime {
  engine(): Engine;
  flow(kind: FlowKind): FlowView | undefined;
  /** The last ping typed in the page's terminal, as it happened. */
  lastPing(): FlowView | undefined;
  externalSnat(): boolean;
  setExternalSnat(on: boolean): void;
  subscribe(listener: () => void): () => void;
}

export function attachStepper(clusterId: string): StepperRuntime {
  const holder = existingPageCluster(clusterId) ?? providePageCluster(clusterId, createBrowserEngine());
  const engine = () => holder.engine;
  // The flows start from the lab's troubleshooting pods; a page whose terminal has not deployed them yet gets
  // them the way `kubectl apply -f netshoot-pod.yaml` would, plus the half minute they take to start.
  const ensurePods = () => {
    const c = engine().cluster;
    if ([...c.pods.values()].some((p) => p.labels.app === 'netshoot-pod')) return;
    for (const o of parseManifest(LAB_FILES['/root/netshoot-pod.yaml'], 'netshoot-pod.yaml', 'default')) {
      if (o.kind === 'Deployment') c.applyDeployment(o.spec);
    }
    c.advance(30);
  };
  return {
    engine,
    flow(kind) {
      ensurePods();
      return flowView(engine().cluster, kind);
    },
    lastPing() {
      const c = engine().cluster;
      const last = networkOf(c).lastPing;
      return last && exchangeView(c, 'terminal', 'The last ping in the terminal', last.command, last.there, last.back);
    },
    externalSnat: () => engine().cluster.awsNodeEnv().get('AWS_VPC_K8S_CNI_EXTERNALSNAT') === 'true',
    setExternalSnat(on) {
      // What `kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_EXTERNALSNAT=…` does, and the
      // time aws-node takes to restart and reprogram the rules.
      engine().cluster.setDaemonSetEnv('kube-system', 'aws-node', [['AWS_VPC_K8S_CNI_EXTERNALSNAT', String(on)]]);
      engine().cluster.advance(30);
    },
    subscribe: (listener) => holder.subscribe(() => listener()),
  };
}
