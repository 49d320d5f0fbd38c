// The objects Calico's install leaves in the cluster. Tigera's EKS guide of the v3.25 era ("Install EKS with
// Calico networking", docs.tigera.io/calico/3.25/getting-started/kubernetes/managed-public-cloud/eks) deletes
// aws-node and installs the Tigera operator (tigera-operator.yaml) with an Installation of kubernetesProvider
// EKS and cni.type Calico; the operator runs calico-node as a DaemonSet in the calico-system namespace (the
// manifest install, calico.yaml, would put it in kube-system instead).
import { newMeta } from '../cluster/cluster.ts';
import type { DaemonSet } from '../cluster/types.ts';
import { CALICO_VERSION } from './config.ts';
import type { CalicoState } from './state.ts';

export const CALICO_NAMESPACE = 'calico-system';

export function calicoNamespaces(): string[] {
  return ['tigera-operator', CALICO_NAMESPACE];
}

export function calicoNodeDaemonSet(calico: CalicoState): DaemonSet {
  const vxlan = calico.encapsulation === 'vxlan';
  const env: [string, string][] = [
    ['DATASTORE_TYPE', 'kubernetes'],
    ['WAIT_FOR_DATASTORE', 'true'],
    ['CLUSTER_TYPE', 'k8s,operator,ecs'],
    // BGP is off on EKS with VXLAN (the guide's `bgp: Disabled`); IP-in-IP needs BIRD to program the routes.
    ['CALICO_NETWORKING_BACKEND', vxlan ? 'vxlan' : 'bird'],
    ['IP', vxlan ? 'none' : 'autodetect'],
    ['FELIX_IPINIPMTU', String(calico.mtu)],
    ['FELIX_VXLANMTU', String(calico.mtu)],
    ['FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT'],
    ['FELIX_HEALTHENABLED', 'true'],
    ['FELIX_HEALTHPORT', '9099'],
  ];
  const labels = { 'k8s-app': 'calico-node' };
  return {
    kind: 'DaemonSet',
    metadata: newMeta('calico-node', CALICO_NAMESPACE, labels, { 'deprecated.daemonset.template.generation': '1' }),
    spec: {
      selector: labels,
      template: {
        labels,
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'calico-node',
        initContainers: [
          { name: 'flexvol-driver', image: `docker.io/calico/pod2daemon-flexvol:${CALICO_VERSION}` },
          { name: 'install-cni', image: `docker.io/calico/cni:${CALICO_VERSION}` },
        ],
        containers: [{
          name: 'calico-node', image: `docker.io/calico/node:${CALICO_VERSION}`, ports: [], requests: {},
          env: env.map(([name, value]) => ({ name, value })),
        }],
      },
    },
  };
}
