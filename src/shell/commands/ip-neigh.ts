// `ip neigh` (iproute2 5.10): the neighbour table of the host the shell is on. A node's and the bastion's fill as the
// packet path resolves next hops (model/net/network.ts); a pod's holds only the static entry the CNI writes for its
// gateway, 169.254.1.1 at the host veth's MAC (driver.go, createVethPairContext).
import { formatIpv4 } from '../../model/net/ipv4.ts';
import { networkOf } from '../../model/net/network.ts';
import { clusterSession } from '../session.ts';
import type { Session } from '../types.ts';
import { hostNode } from './netns.ts';

/** The kernel's base_reachable_time: an entry confirmed longer ago than this is STALE until used again. */
const REACHABLE_MS = 30_000;

interface Entry {
  ip: string;
  dev: string;
  mac: string;
  state: 'REACHABLE' | 'STALE' | 'PERMANENT';
}

function learned(session: Session, host: string): Entry[] {
  const now = session.now();
  return networkOf(clusterSession(session).cluster)
    .neighborsOf(host)
    .map((n) => ({ ip: formatIpv4(n.ip), dev: n.dev, mac: n.mac, state: now - n.at < REACHABLE_MS ? 'REACHABLE' : 'STALE' }));
}

function entries(session: Session): Entry[] {
  const node = hostNode(session);
  if (node) return learned(session, node.name);
  const pod = clusterSession(session).pod();
  if (pod) return pod.veth ? [{ ip: '169.254.1.1', dev: 'eth0', mac: pod.veth.mac, state: 'PERMANENT' }] : [];
  return learned(session, 'bastion');
}

/** What `ip neigh [show dev DEV]` prints on the current host; filtered by a device, iproute2 leaves `dev DEV` out.
 *  Like `ip route`, each line ends with the space after its last field (ipneigh.c prints the state as "%s "). */
export function neighLines(session: Session, dev?: string): string {
  return entries(session)
    .filter((e) => dev === undefined || e.dev === dev)
    .map((e) => `${e.ip}${dev === undefined ? ` dev ${e.dev}` : ''} lladdr ${e.mac} ${e.state} \n`)
    .join('');
}
