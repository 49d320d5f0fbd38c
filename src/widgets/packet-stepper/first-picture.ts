// The packet stepper's first picture: the default flow's first hop on the lab's cluster with its netshoot pods, and
// how many hops follow (widgets/shared/first-picture.ts).
import { Cluster } from '../../model/cluster/cluster.ts';
import { parseManifest } from '../../model/k8s/manifest.ts';
import { flowView, type FlowView } from '../../model/views/flow-view.ts';
import { labFiles } from '../../node/lab-content.ts';

export function packetStepperFirstPicture(): FlowView & { hopCount: number } {
  const lab = new Cluster();
  for (const o of parseManifest(labFiles()['/root/netshoot-pod.yaml'], 'netshoot-pod.yaml', 'default')) {
    if (o.kind === 'Deployment') lab.applyDeployment(o.spec);
  }
  lab.advance(30);
  const initial = flowView(lab, 'cross-node');
  if (!initial) throw new Error('packet stepper: the lab cluster has no pods on two nodes');
  return { ...initial, hops: initial.hops.slice(0, 1), hopCount: initial.hops.length };
}
