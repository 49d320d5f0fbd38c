// What the node/ENI widget draws, computed from the cluster: each node's ENIs and every secondary address slot
// (held by a pod, warm, or cooling down), and what changed between two moments.
import type { Cluster } from '../cluster/cluster.ts';
import { inCooldown, maxEnis } from '../ipam/ipamd.ts';
import { formatIpv4 } from '../net/ipv4.ts';

export type SlotState = 'pod' | 'warm' | 'cooldown';

export interface SlotView {
  ip: string;
  state: SlotState;
  /** namespace/name of the pod holding it. */
  pod?: string;
  /** The host veth of that pod. */
  veth?: string;
  /** With prefix delegation, the /28 it belongs to. */
  prefix?: string;
}

export interface EniView {
  name: string;
  id: string;
  primaryIp: string;
  subnet: string;
  attaching: boolean;
  slots: SlotView[];
}

export interface NodeView {
  name: string;
  ip: string;
  maxPods: number;
  pods: number;
  maxEnis: number;
  enis: EniView[];
}

export interface ClusterView {
  nodes: NodeView[];
  settings: Record<string, string>;
  /** Model time, ISO. */
  time: string;
}

const SHOWN_SETTINGS = ['WARM_ENI_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'ENABLE_PREFIX_DELEGATION', 'WARM_PREFIX_TARGET'];

export function clusterView(cluster: Cluster): ClusterView {
  const s = cluster.ipamdSettings();
  const env = cluster.awsNodeEnv();
  return {
    time: new Date(cluster.now).toISOString(),
    settings: Object.fromEntries(SHOWN_SETTINGS.map((k) => [k, env.get(k) ?? '']).filter(([, v]) => v !== '')),
    nodes: cluster.nodes.map((node) => {
      const pods = cluster.podsOn(node);
      const byUid = new Map(pods.map((p) => [p.uid, p]));
      return {
        name: node.name,
        ip: formatIpv4(node.enis[0].primaryIp),
        maxPods: node.maxPods,
        pods: pods.filter((p) => p.phase !== 'Terminating').length,
        maxEnis: maxEnis(node, s),
        enis: node.enis.map((eni) => {
          const subnet = cluster.subnet(eni.subnetId);
          return {
            name: `eth${eni.deviceNumber}`,
            id: eni.id,
            primaryIp: formatIpv4(eni.primaryIp),
            subnet: `${formatIpv4(subnet.cidr.base)}/${subnet.cidr.prefix}`,
            attaching: eni.attachedAt > cluster.now,
            slots: eni.secondaryIps.map((ip): SlotView => {
              const pod = ip.podUid ? byUid.get(ip.podUid) : undefined;
              return {
                ip: formatIpv4(ip.ip),
                state: pod ? 'pod' : inCooldown(ip, cluster.now, s) ? 'cooldown' : 'warm',
                ...(pod ? { pod: `${pod.namespace}/${pod.name}`, ...(pod.veth ? { veth: pod.veth.name } : {}) } : {}),
                ...(ip.prefix !== undefined ? { prefix: `${formatIpv4(ip.prefix)}/28` } : {}),
              };
            }),
          };
        }),
      };
    }),
  };
}

/** One line per change between two views, as the widget's before/after summary lists them. */
export function viewChanges(before: ClusterView, after: ClusterView): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(after.settings)) if (before.settings[k] !== v) out.push(`${k}: ${before.settings[k] ?? 'unset'} → ${v}`);
  for (const k of Object.keys(before.settings)) if (!(k in after.settings)) out.push(`${k}: ${before.settings[k]} → unset`);
  for (const node of after.nodes) {
    const old = before.nodes.find((n) => n.name === node.name);
    const short = node.name.split('.')[0];
    if (!old) {
      out.push(`${short}: new node`);
      continue;
    }
    for (const eni of node.enis) if (!old.enis.some((e) => e.id === eni.id)) out.push(`${short}: ${eni.name} attached with ${eni.slots.length} IPs`);
    for (const eni of old.enis) if (!node.enis.some((e) => e.id === eni.id)) out.push(`${short}: ${eni.name} released (${eni.slots.length} IPs)`);
    const ips = (n: NodeView, ids: Set<string>) => n.enis.filter((e) => ids.has(e.id)).reduce((sum, e) => sum + e.slots.length, 0);
    const kept = new Set(node.enis.filter((e) => old.enis.some((o) => o.id === e.id)).map((e) => e.id));
    const diff = ips(node, kept) - ips(old, kept);
    if (diff > 0) out.push(`${short}: ${diff} IPs added to existing ENIs`);
    if (diff < 0) out.push(`${short}: ${-diff} IPs returned to the VPC`);
    if (node.pods !== old.pods) out.push(`${short}: pods ${old.pods} → ${node.pods} (max ${node.maxPods})`);
  }
  return out;
}
