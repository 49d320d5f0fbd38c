// A way to send the packet the lab's `ping` would (an ICMP echo request from a netshoot pod), for tests of the
// node's netfilter commands.
import type { Cluster } from '../../../src/model/cluster/cluster.ts';
import type { Pod } from '../../../src/model/cluster/types.ts';
import { formatIpv4, parseIpv4 } from '../../../src/model/net/ipv4.ts';
import { networkOf } from '../../../src/model/net/network.ts';

/** The first netshoot pod (after `kubectl apply -f netshoot-pod.yaml` and a wait), with its node's primary IP. */
export function netshootPod(cluster: Cluster): { pod: Pod; podIp: string; nodeIp: string } {
  const pod = [...cluster.pods.values()].filter((p) => p.labels.app === 'netshoot-pod' && p.ip !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  const node = cluster.node(pod.nodeName!)!;
  return { pod, podIp: formatIpv4(pod.ip!), nodeIp: formatIpv4(node.enis[0].primaryIp) };
}

/** `ping -c 1 142.250.198.4` from the pod, as far as the node sees it: one 64-byte echo request (84 bytes of IP). */
export function pingGoogle(cluster: Cluster, pod: Pod): void {
  networkOf(cluster).send(
    { kind: 'pod', pod },
    { proto: 'icmp', src: pod.ip!, dst: parseIpv4('142.250.198.4')!, ttl: 64, ipId: 1, length: 64, icmp: { type: 'echo-request', id: 1979, seq: 1 } },
    cluster.now,
  );
}
