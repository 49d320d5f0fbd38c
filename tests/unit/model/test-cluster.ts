// Helpers for model tests: a cluster with a plain test deployment, and readings of its state.
import { Cluster, type ClusterOptions } from '../../../src/model/cluster/cluster.ts';
import type { Node } from '../../../src/model/cluster/types.ts';
import { attachedEnis } from '../../../src/model/ipam/ipamd.ts';

export function deployNginx(cluster: Cluster, replicas: number, name = 'nginx-deployment'): void {
  cluster.applyDeployment({
    namespace: 'default',
    name,
    labels: { app: 'nginx' },
    selector: { app: 'nginx' },
    replicas,
    template: {
      labels: { app: 'nginx' },
      hostNetwork: false,
      containers: [{ name: 'nginx', image: 'nginx:alpine', ports: [{ containerPort: 80, protocol: 'TCP' }], requests: {}, env: [] }],
    },
  });
}

/** A one-node cluster with no pod holding a VPC address yet (CoreDNS scaled to 0). */
export function emptyNode(options: ClusterOptions & { env?: [string, string][] } = {}): { cluster: Cluster; node: Node } {
  const cluster = new Cluster({ nodes: 1, ...options });
  cluster.scaleDeployment('kube-system', 'coredns', 0);
  if (options.env) cluster.setDaemonSetEnv('kube-system', 'aws-node', options.env);
  cluster.advance(600);
  return { cluster, node: cluster.nodes[0] };
}

export function ipsPerAttachedEni(cluster: Cluster, node: Node): number[] {
  return attachedEnis(node, cluster.now).map((e) => e.secondaryIps.length);
}

export function podsByPhase(cluster: Cluster, phase: string): number {
  return [...cluster.pods.values()].filter((p) => p.phase === phase).length;
}
