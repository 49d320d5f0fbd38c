// The overlay widget's first picture: the first query's answer on the VPC CNI lab and on the overlay's, each with
// the lab's netshoot pods (widgets/shared/first-picture.ts).
import { Cluster } from '../../model/cluster/cluster.ts';
import { parseManifest } from '../../model/k8s/manifest.ts';
import { overlayPacketView } from '../../model/views/overlay-packet.ts';
import { labFiles, loadScenario } from '../../node/lab-content.ts';
import type { OverlayPacketAnswer } from './calls.ts';
import { FIRST_QUERY } from './setup.ts';

function lab(scenario?: string): Cluster {
  const c = new Cluster(scenario ? loadScenario(scenario).cluster : {});
  for (const o of parseManifest(labFiles()['/root/netshoot-pod.yaml'], 'netshoot-pod.yaml', 'default')) {
    if (o.kind === 'Deployment') c.applyDeployment(o.spec);
  }
  c.advance(30);
  return c;
}

export function overlayPacketFirstPicture(): { vpc: OverlayPacketAnswer; overlay: OverlayPacketAnswer } {
  const args = { payload: FIRST_QUERY.payload, underlayMtu: FIRST_QUERY.underlayMtu };
  const initial = { vpc: overlayPacketView(lab(), args), overlay: overlayPacketView(lab(FIRST_QUERY.overlay), args) };
  if ('error' in initial.vpc || 'error' in initial.overlay) throw new Error('overlay packet view: the lab has no pods on two nodes');
  return initial;
}
