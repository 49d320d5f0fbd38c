// The resource kinds kubectl knows here: their names and short names, how to list them, and their tables.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import {
  type ApiObject, configMapObject, daemonSetObject, deploymentObject, nodeObject, podObject, podsOf, replicaSetObject, serviceObject,
} from '../../../model/k8s/api-objects.ts';
import { KUBERNETES_VERSION } from '../../../model/cluster/system-workloads.ts';
import type { Pod } from '../../../model/cluster/types.ts';
import { formatIpv4 } from '../../../model/net/ipv4.ts';
import { age } from '../../format/age.ts';

export interface Resource {
  kind: string;
  /** Plural lower-case name, as in `pods` and `deployment.apps/x`. */
  plural: string;
  /** What `-o name` prints before the slash. */
  nameKind: string;
  aliases: string[];
  namespaced: boolean;
  list(cluster: Cluster): { namespace?: string; name: string; labels: Record<string, string>; item: unknown }[];
  header: string[];
  wideHeader?: string[];
  row(cluster: Cluster, item: never): string[];
  wideRow?(cluster: Cluster, item: never): string[];
  object(cluster: Cluster, item: never): ApiObject;
}

export function podStatus(p: Pod): string {
  return p.phase;
}

function labelsText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

export const RESOURCES: Resource[] = [
  {
    kind: 'Pod', plural: 'pods', nameKind: 'pod', aliases: ['pod', 'pods', 'po'], namespaced: true,
    list: (c) => [...c.pods.values()].map((p) => ({ namespace: p.namespace, name: p.name, labels: p.labels, item: p })),
    header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeader: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (c, p: Pod) => {
      const ready = p.phase === 'Running' ? p.template.containers.length : 0;
      return [p.name, `${ready}/${p.template.containers.length}`, podStatus(p), String(p.restarts), age(c.now, p.createdAt)];
    },
    wideRow: (_c, p: Pod) => [p.ip !== undefined ? formatIpv4(p.ip) : '<none>', p.nodeName ?? '<none>', '<none>', '<none>'],
    object: (c, p: Pod) => podObject(c, p),
  },
  {
    kind: 'Node', plural: 'nodes', nameKind: 'node', aliases: ['node', 'nodes', 'no'], namespaced: false,
    list: (c) => c.nodes.map((n) => ({ name: n.name, labels: n.labels, item: n })),
    header: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeader: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (c, n: Cluster['nodes'][number]) => [n.name, 'Ready', '<none>', age(c.now, n.createdAt), KUBERNETES_VERSION],
    wideRow: (_c, n: Cluster['nodes'][number]) => [
      formatIpv4(n.enis[0].primaryIp), formatIpv4(n.publicIp), 'Amazon Linux 2', '5.10.178-162.673.amzn2.x86_64', 'containerd://1.6.19',
    ],
    object: (c, n: Cluster['nodes'][number]) => nodeObject(c, n),
  },
  {
    kind: 'Deployment', plural: 'deployments', nameKind: 'deployment.apps', aliases: ['deployment', 'deployments', 'deploy'], namespaced: true,
    list: (c) => c.deployments.map((d) => ({ namespace: d.namespace, name: d.name, labels: d.labels, item: d })),
    header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (c, d: Cluster['deployments'][number]) => {
      const pods = podsOf(c, d.namespace, d.selector).filter((p) => p.phase !== 'Terminating');
      const ready = pods.filter((p) => p.phase === 'Running').length;
      return [d.name, `${ready}/${d.replicas}`, String(pods.length), String(ready), age(c.now, d.createdAt)];
    },
    wideRow: (_c, d: Cluster['deployments'][number]) => [
      d.template.containers.map((x) => x.name).join(','), d.template.containers.map((x) => x.image).join(','), labelsText(d.selector),
    ],
    object: (c, d: Cluster['deployments'][number]) => deploymentObject(c, d),
  },
  {
    kind: 'ReplicaSet', plural: 'replicasets', nameKind: 'replicaset.apps', aliases: ['replicaset', 'replicasets', 'rs'], namespaced: true,
    list: (c) => c.replicaSets.map((r) => ({ namespace: r.namespace, name: r.name, labels: r.template.labels, item: r })),
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    row: (c, r: Cluster['replicaSets'][number]) => {
      const pods = podsOf(c, r.namespace, r.selector).filter((p) => p.phase !== 'Terminating');
      return [r.name, String(r.replicas), String(pods.length), String(pods.filter((p) => p.phase === 'Running').length), age(c.now, r.createdAt)];
    },
    object: (c, r: Cluster['replicaSets'][number]) => replicaSetObject(c, r),
  },
  {
    kind: 'DaemonSet', plural: 'daemonsets', nameKind: 'daemonset.apps', aliases: ['daemonset', 'daemonsets', 'ds'], namespaced: true,
    list: (c) => c.daemonSets.map((d) => ({ namespace: d.namespace, name: d.name, labels: d.labels, item: d })),
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    row: (c, d: Cluster['daemonSets'][number]) => {
      const pods = [...c.pods.values()].filter((p) => p.owner?.kind === 'DaemonSet' && p.owner.name === d.name && p.phase !== 'Terminating');
      const ready = String(pods.filter((p) => p.phase === 'Running').length);
      return [d.name, String(c.nodes.length), String(pods.length), ready, String(pods.length), ready, '<none>', age(c.now, d.createdAt)];
    },
    object: (c, d: Cluster['daemonSets'][number]) => daemonSetObject(c, d),
  },
  {
    kind: 'Service', plural: 'services', nameKind: 'service', aliases: ['service', 'services', 'svc'], namespaced: true,
    list: (c) => c.services.map((s) => ({ namespace: s.namespace, name: s.name, labels: s.labels, item: s })),
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeader: ['SELECTOR'],
    row: (c, s: Cluster['services'][number]) => [
      s.name, s.type, formatIpv4(s.clusterIp), s.type === 'LoadBalancer' ? '<pending>' : '<none>',
      s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(','), age(c.now, s.createdAt),
    ],
    wideRow: (_c, s: Cluster['services'][number]) => [s.selector ? labelsText(s.selector) : '<none>'],
    object: (_c, s: Cluster['services'][number]) => serviceObject(s),
  },
  {
    kind: 'ConfigMap', plural: 'configmaps', nameKind: 'configmap', aliases: ['configmap', 'configmaps', 'cm'], namespaced: true,
    list: (c) => c.configMaps.map((m) => ({ namespace: m.namespace, name: m.name, labels: m.labels, item: m })),
    header: ['NAME', 'DATA', 'AGE'],
    row: (c, m: Cluster['configMaps'][number]) => [m.name, String(Object.keys(m.data).length), age(c.now, m.createdAt)],
    object: (_c, m: Cluster['configMaps'][number]) => configMapObject(m),
  },
  {
    kind: 'ENIConfig', plural: 'eniconfigs', nameKind: 'eniconfig.crd.k8s.amazonaws.com', aliases: ['eniconfig', 'eniconfigs'], namespaced: false,
    list: (c) => c.eniConfigs.map((e) => ({ name: e.name, labels: {}, item: e })),
    header: ['NAME', 'AGE'],
    row: (c, e: Cluster['eniConfigs'][number]) => [e.name, age(c.now, e.createdAt)],
    object: (_c, e: Cluster['eniConfigs'][number]) => ({
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1', kind: 'ENIConfig', metadata: { name: e.name }, spec: { securityGroups: e.securityGroups, subnet: e.subnet },
    }),
  },
  {
    kind: 'Namespace', plural: 'namespaces', nameKind: 'namespace', aliases: ['namespace', 'namespaces', 'ns'], namespaced: false,
    list: (c) => [...c.namespaces].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, at]) => ({ name, labels: { 'kubernetes.io/metadata.name': name }, item: { name, at } })),
    header: ['NAME', 'STATUS', 'AGE'],
    row: (c, n: { name: string; at: number }) => [n.name, 'Active', age(c.now, n.at)],
    object: (_c, n: { name: string; at: number }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name }, status: { phase: 'Active' } }),
  },
];

export function findResource(word: string): Resource | undefined {
  const w = word.toLowerCase().replace(/\.(apps|v1)$/, '').replace(/\.apps\/v1$/, '');
  return RESOURCES.find((r) => r.aliases.includes(w));
}

export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').filter(Boolean).every((term) => {
    const neq = /^([^!=]+)!=(.*)$/.exec(term);
    if (neq) return labels[neq[1].trim()] !== neq[2].trim();
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq) return labels[eq[1].trim()] === eq[2].trim();
    const not = /^!(.+)$/.exec(term);
    if (not) return !(not[1].trim() in labels);
    return term.trim() in labels;
  });
}
