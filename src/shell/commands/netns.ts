// The network namespace the shell is in: a node's (ssh, or a hostNetwork pod), a pod's, or the bastion's.
import type { Cluster } from '../../model/cluster/cluster.ts';
import {
  type Interface, localRoutes, nodeInterfaces, nodeRoutes, nodeRouteTables, podInterfaces, podMtu, podRoutes, type Route, type Rule,
} from '../../model/net/host-network.ts';
import { parseIpv4 } from '../../model/net/ipv4.ts';
import { type Endpoint, networkOf } from '../../model/net/network.ts';
import { clusterSession } from '../session.ts';
import type { Node } from '../../model/cluster/types.ts';
import type { Session } from '../types.ts';

export interface NetNamespace {
  interfaces: Interface[];
  routes(table: string): Route[];
  tables: string[];
  rules: Rule[];
}

/** The bastion: one ENI in the first public subnet. */
function bastion(cluster: Cluster): NetNamespace {
  const { ip, mac, subnet } = networkOf(cluster).bastion;
  const eth0: Interface = { ifindex: 2, name: 'eth0', kind: 'eni', mac, mtu: 9001, ipv4: { address: ip, prefix: subnet.cidr.prefix, broadcast: subnet.cidr.base + 2 ** (32 - subnet.cidr.prefix) - 1 } };
  const lo: Interface = { ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, ipv4: { address: parseIpv4('127.0.0.1')!, prefix: 8 } };
  return {
    interfaces: [lo, eth0],
    routes: (t) => (t === 'main' ? [
      { via: subnet.cidr.base + 1, dev: 'eth0' },
      { dst: { base: parseIpv4('169.254.169.254')!, prefix: 32 }, dev: 'eth0' },
      { dst: subnet.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: ip },
    ] : t === 'local' ? localRoutes([lo, eth0]) : []),
    tables: ['main', 'local'],
    rules: [{ priority: 0, table: 'local' }, { priority: 32766, table: 'main' }, { priority: 32767, table: 'default' }],
  };
}

/** The node whose network namespace the shell is in: after ssh, or in a hostNetwork pod. */
export function hostNode(session: Session): Node | undefined {
  const s = clusterSession(session);
  const pod = s.pod();
  return s.node() ?? (pod?.template.hostNetwork && pod.nodeName ? s.cluster.node(pod.nodeName) : undefined);
}

/** On a node, only root may read netfilter, conntrack or capture packets (`sudo CMD` or after `sudo -i`). */
export function runsAsRoot(session: Session): boolean {
  const h = session.host();
  return h.kind !== 'node' || h.prompt.startsWith('[root@');
}

export function currentNetns(session: Session): NetNamespace {
  const s = clusterSession(session);
  const pod = s.pod();
  const node = hostNode(session);
  if (node) {
    return {
      interfaces: nodeInterfaces(s.cluster, node),
      routes: (t) => nodeRoutes(s.cluster, node, t),
      tables: nodeRouteTables(node),
      rules: networkOf(s.cluster).rules(node),
    };
  }
  if (pod) {
    const interfaces = podInterfaces(pod, podMtu(s.cluster));
    return { interfaces, routes: (t) => (t === 'main' ? podRoutes(pod) : t === 'local' ? localRoutes(interfaces) : []), tables: ['main', 'local'], rules: [{ priority: 0, table: 'local' }, { priority: 32766, table: 'main' }, { priority: 32767, table: 'default' }] };
  }
  return bastion(s.cluster);
}

/** The host the shell is on, as the packet path knows it (a hostNetwork pod sends as its node). */
export function currentEndpoint(session: Session): Endpoint {
  const pod = clusterSession(session).pod();
  const node = hostNode(session);
  if (node) return { kind: 'node', node };
  if (pod) return { kind: 'pod', pod };
  return { kind: 'bastion' };
}
