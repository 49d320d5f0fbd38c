// What kubectl knows of each resource: the discovery entry it resolved (src/model/api/discovery.ts) and the
// table kubectl prints for it (the server-side printers of pkg/printers/internalversion; a kind without one
// prints NAME and AGE, as the API server's default table does).
import { readinessGatesReady } from '../../../model/k8s/pod-readiness.ts';
import { type ApiResource, resolveResource } from '../../../model/api/discovery.ts';
import { ApiError } from '../../../model/api/store.ts';
import { type LabelSelector, parseLabelSelector, SelectorParseError } from '../../../model/api/label-selector.ts';
import { type FieldRequirement, FieldSelectorError, parseFieldSelector } from '../../../model/api/field-selector.ts';
import type { ApiRecord } from '../../../model/api/types.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import { apiObject, daemonSetPods, podCounts } from '../../../model/k8s/api-objects.ts';
import { KUBERNETES_VERSION } from '../../../model/cluster/system-workloads.ts';
import type { ConfigMap, DaemonSet, Deployment, GenericObject, Node, Pod, ReplicaSet, Service } from '../../../model/cluster/types.ts';
import { formatIpv4 } from '../../../model/net/ipv4.ts';
import { age } from '../../format/age.ts';
import type { ApiObject } from '../../../model/k8s/api-objects.ts';

export interface Printer {
  header: string[];
  wideHeader?: string[];
  row(cluster: Cluster, obj: never): string[];
  wideRow?(cluster: Cluster, obj: never): string[];
}

export interface Resource {
  api: ApiResource;
  kind: string;
  /** Plural lower-case name, as in `pods`. */
  plural: string;
  /** What `-o name` and multi-kind tables print before the slash: `pod`, `deployment.apps`. */
  nameKind: string;
  namespaced: boolean;
  header: string[];
  wideHeader?: string[];
  row(cluster: Cluster, obj: ApiRecord): string[];
  wideRow?(cluster: Cluster, obj: ApiRecord): string[];
  object(cluster: Cluster, obj: ApiRecord): ApiObject;
}

/**
 * The EXTERNAL-IP column (printers.go getServiceExternalIP): a load balancer's ingress IPs or host names, sorted
 * and deduplicated (sets.String), then the external IPs; `<pending>` until the load balancer is there.
 */
function serviceExternalIp(s: Service): string {
  const external = s.spec.externalIPs ?? [];
  if (s.spec.type !== 'LoadBalancer') return external.length ? external.join(',') : '<none>';
  const lb = [...new Set((s.status?.loadBalancer.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
  const all = [...lb, ...external];
  return all.length ? all.join(',') : '<pending>';
}

export function podStatus(p: Pod): string {
  return p.phase;
}

export function labelsText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

const since = (c: Cluster, o: ApiRecord) => age(c.now, o.metadata.creationTimestamp);

const PRINTERS: Record<string, Printer> = {
  Pod: {
    header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeader: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (c, p: Pod) => {
      const ready = p.phase === 'Running' ? p.template.containers.length : 0;
      return [p.name, `${ready}/${p.template.containers.length}`, podStatus(p), String(p.restarts), age(c.now, p.createdAt)];
    },
    // printPod: READINESS GATES is "ready/total" of the gates' conditions that are True, or <none>.
    wideRow: (_c, p: Pod) => {
      const g = readinessGatesReady(p);
      return [p.ip !== undefined ? formatIpv4(p.ip) : '<none>', p.nodeName ?? '<none>', '<none>', g.total ? `${g.ready}/${g.total}` : '<none>'];
    },
  },
  Node: {
    header: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeader: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (c, n: Node) => [n.name, 'Ready', '<none>', since(c, n), KUBERNETES_VERSION],
    wideRow: (_c, n: Node) => [
      formatIpv4(n.enis[0].primaryIp), formatIpv4(n.publicIp), 'Amazon Linux 2', '5.10.178-162.673.amzn2.x86_64', 'containerd://1.6.19',
    ],
  },
  Deployment: {
    header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (c, d: Deployment) => {
      const { live, running } = podCounts(c, d.metadata.namespace!, d.spec.selector);
      return [d.metadata.name, `${running}/${d.spec.replicas}`, String(live), String(running), since(c, d)];
    },
    wideRow: (_c, d: Deployment) => [
      d.spec.template.containers.map((x) => x.name).join(','), d.spec.template.containers.map((x) => x.image).join(','), labelsText(d.spec.selector),
    ],
  },
  ReplicaSet: {
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (c, r: ReplicaSet) => {
      const { live, running } = podCounts(c, r.metadata.namespace!, r.spec.selector);
      return [r.metadata.name, String(r.spec.replicas), String(live), String(running), since(c, r)];
    },
    wideRow: (_c, r: ReplicaSet) => [
      r.spec.template.containers.map((x) => x.name).join(','), r.spec.template.containers.map((x) => x.image).join(','), labelsText(r.spec.selector),
    ],
  },
  DaemonSet: {
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (c, d: DaemonSet) => {
      const pods = daemonSetPods(c, d).filter((p) => p.phase !== 'Terminating');
      const ready = String(pods.filter((p) => p.phase === 'Running').length);
      return [d.metadata.name, String(c.nodes.length), String(pods.length), ready, String(pods.length), ready, '<none>', since(c, d)];
    },
    wideRow: (_c, d: DaemonSet) => [
      d.spec.template.containers.map((x) => x.name).join(','), d.spec.template.containers.map((x) => x.image).join(','), labelsText(d.spec.selector),
    ],
  },
  Service: {
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeader: ['SELECTOR'],
    row: (c, s: Service) => [
      s.metadata.name, s.spec.type, formatIpv4(s.spec.clusterIp), serviceExternalIp(s),
      s.spec.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(','), since(c, s),
    ],
    wideRow: (_c, s: Service) => [s.spec.selector ? labelsText(s.spec.selector) : '<none>'],
  },
  ConfigMap: {
    header: ['NAME', 'DATA', 'AGE'],
    row: (c, m: ConfigMap) => [m.metadata.name, String(Object.keys(m.data).length), since(c, m)],
  },
  Namespace: {
    header: ['NAME', 'STATUS', 'AGE'],
    row: (c, n: ApiRecord) => [n.metadata.name, 'Active', since(c, n)],
  },
  ServiceAccount: {
    header: ['NAME', 'SECRETS', 'AGE'],
    // Kubernetes 1.24 stopped creating token Secrets for ServiceAccounts.
    row: (c, s: ApiRecord) => [s.metadata.name, '0', since(c, s)],
  },
  CustomResourceDefinition: {
    header: ['NAME', 'CREATED AT'],
    row: (_c, d: ApiRecord) => [d.metadata.name, new Date(d.metadata.creationTimestamp).toISOString().replace(/\.\d{3}Z$/, 'Z')],
  },
};

/** The fields of an object the model keeps as applied (GenericObject.body), read with defaults. */
function body(o: ApiRecord): Record<string, any> {
  return (o as GenericObject).body ?? {};
}

const createdAt = (o: ApiRecord) => new Date(o.metadata.creationTimestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Printers for kinds the model keeps as applied, with the columns kube-apiserver's table printers give them. */
Object.assign(PRINTERS, {
  Secret: { header: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, body(o).type ?? 'Opaque', String(Object.keys(body(o).data ?? {}).length + Object.keys(body(o).stringData ?? {}).length), since(c, o)] },
  // pkg/printers/internalversion: formatEndpoints (ports, then addresses, at most three shown; no subsets: <none>)
  // and formatDiscoveryPorts / formatDiscoveryEndpoints (empty: <unset>).
  Endpoints: {
    header: ['NAME', 'ENDPOINTS', 'AGE'],
    row: (c, o: ApiRecord) => [o.metadata.name, formatEndpoints(body(o).subsets), since(c, o)],
  },
  EndpointSlice: {
    header: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    row: (c, o: ApiRecord) => {
      const b = body(o);
      const ports = ((b.ports ?? []) as any[]).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*'));
      const addrs = ((b.endpoints ?? []) as any[]).flatMap((e) => e.addresses ?? []);
      return [o.metadata.name, b.addressType ?? 'IPv4', listWithMore(ports), listWithMore(addrs), since(c, o)];
    },
  },
  Ingress: {
    header: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    row: (c, o: ApiRecord) => {
      const b = body(o);
      const hosts = ((b.spec?.rules ?? []) as any[]).map((r) => r.host).filter(Boolean);
      const address = ((b.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.hostname ?? i.ip).join(',');
      return [o.metadata.name, b.spec?.ingressClassName ?? '<none>', hosts.length ? hosts.join(',') : '*', address, b.spec?.tls?.length ? '80, 443' : '80', since(c, o)];
    },
  },
  IngressClass: { header: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, body(o).spec?.controller ?? '', body(o).spec?.parameters ? `${body(o).spec.parameters.kind}/${body(o).spec.parameters.name}` : '<none>', since(c, o)] },
  PriorityClass: { header: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, String(body(o).value ?? 0), String(body(o).globalDefault ?? false), since(c, o)] },
  StorageClass: {
    header: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    row: (c, o: ApiRecord) => {
      const b = body(o);
      const isDefault = o.metadata.annotations['storageclass.kubernetes.io/is-default-class'] === 'true';
      return [`${o.metadata.name}${isDefault ? ' (default)' : ''}`, b.provisioner ?? '', b.reclaimPolicy ?? 'Delete', b.volumeBindingMode ?? 'Immediate', String(b.allowVolumeExpansion ?? false), since(c, o)];
    },
  },
  Lease: { header: ['NAME', 'HOLDER', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, body(o).spec?.holderIdentity ?? '', since(c, o)] },
  Role: { header: ['NAME', 'CREATED AT'], row: (_c, o: ApiRecord) => [o.metadata.name, createdAt(o)] },
  ClusterRole: { header: ['NAME', 'CREATED AT'], row: (_c, o: ApiRecord) => [o.metadata.name, createdAt(o)] },
  RoleBinding: { header: ['NAME', 'ROLE', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, `${body(o).roleRef?.kind}/${body(o).roleRef?.name}`, since(c, o)] },
  ClusterRoleBinding: { header: ['NAME', 'ROLE', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, `${body(o).roleRef?.kind}/${body(o).roleRef?.name}`, since(c, o)] },
  StatefulSet: { header: ['NAME', 'READY', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, `0/${body(o).spec?.replicas ?? 1}`, since(c, o)] },
  Job: { header: ['NAME', 'COMPLETIONS', 'DURATION', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, `0/${body(o).spec?.completions ?? 1}`, since(c, o), since(c, o)] },
  // The CRD's additionalPrinterColumns (config/crd/bases/elbv2.k8s.aws_targetgroupbindings.yaml, v2.5.1): ARN has priority 1.
  TargetGroupBinding: {
    header: ['NAME', 'SERVICE-NAME', 'SERVICE-PORT', 'TARGET-TYPE', 'AGE'], wideHeader: ['ARN'],
    row: (c, o: ApiRecord) => [o.metadata.name, body(o).spec?.serviceRef?.name ?? '', String(body(o).spec?.serviceRef?.port ?? ''), body(o).spec?.targetType ?? '', since(c, o)],
    wideRow: (_c, o: ApiRecord) => [body(o).spec?.targetGroupARN ?? ''],
  },
  NetworkPolicy: { header: ['NAME', 'POD-SELECTOR', 'AGE'], row: (c, o: ApiRecord) => [o.metadata.name, labelsText(body(o).spec?.podSelector?.matchLabels ?? {}), since(c, o)] },
} satisfies Record<string, Printer>);

/** listWithMoreString: the first three, then ` + N more...`; nothing at all is <unset>. */
function listWithMore(list: string[]): string {
  if (list.length > 3) return `${list.slice(0, 3).join(',')} + ${list.length - 3} more...`;
  return list.length ? list.join(',') : '<unset>';
}

/** formatEndpoints: for each subset, for each port (of that name, when `portName` is given), every ready address as
 *  ip:port (an address alone when the subset has no ports). */
export function formatEndpoints(subsets: any[] | undefined, portName?: string): string {
  if (!subsets?.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = (ss.addresses ?? []) as { ip: string }[];
    const ports = (ss.ports ?? []) as { port: number }[];
    if (ports.length === 0) {
      for (const a of addrs) {
        if (list.length < 3) list.push(a.ip);
        count++;
      }
    } else {
      for (const p of ports as { port: number; name?: string }[]) {
        if (portName !== undefined && (p.name ?? '') !== portName) continue;
        for (const a of addrs) {
          if (list.length < 3) list.push(`${a.ip}:${p.port}`);
          count++;
        }
      }
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

const DEFAULT_PRINTER: Printer = {
  header: ['NAME', 'AGE'],
  row: (c, o: ApiRecord) => [o.metadata.name, since(c, o)],
};

function asResource(api: ApiResource): Resource {
  const p = PRINTERS[api.kind] ?? DEFAULT_PRINTER;
  return {
    api,
    kind: api.kind,
    plural: api.name,
    nameKind: api.group ? `${api.singular}.${api.group}` : api.singular,
    namespaced: api.namespaced,
    header: p.header,
    wideHeader: p.wideHeader,
    row: (c, o) => p.row(c, o as never),
    wideRow: p.wideRow ? (c, o) => p.wideRow!(c, o as never) : undefined,
    object: (c, o) => apiObject(c, o),
  };
}

export function crdInstalled(cluster: Cluster, crd: string): boolean {
  return cluster.store.get('CustomResourceDefinition', undefined, crd) !== undefined;
}

/** A resource as typed (`po`, `deploy`, `deployments.apps`, `crd`), or undefined when the server serves none. */
export function findResource(word: string, cluster?: Cluster): Resource | undefined {
  const api = resolveResource(word);
  // A custom resource is served only while its CRD exists (kubectl's discovery would not know it otherwise).
  if (api?.crd && cluster && !crdInstalled(cluster, api.crd)) return undefined;
  return api ? asResource(api) : undefined;
}

/** Every name completion can offer for a resource type. */
export function resourceWords(): string[] {
  return [...new Set(RESOURCE_NAMES)];
}

const RESOURCE_NAMES = ['pods', 'nodes', 'deployments', 'replicasets', 'daemonsets', 'services', 'endpoints', 'configmaps', 'namespaces', 'serviceaccounts', 'events', 'eniconfigs', 'crd', 'po', 'deploy', 'rs', 'ds', 'svc', 'ep', 'cm', 'ns', 'sa', 'no'];

/** `-l` and `--field-selector` as the API server parses them; errors in its words (see get.ts). */
export function parseSelectors(label: string | undefined, field: string | undefined): { label?: LabelSelector; field?: FieldRequirement[] } {
  return {
    ...(label !== undefined ? { label: parseLabelSelector(label) } : {}),
    ...(field !== undefined ? { field: parseFieldSelector(field) } : {}),
  };
}

/** The message kubectl prints for a list the server refused (cli-runtime's resource.Selector). */
export function selectorErrorMessage(resource: Resource, label: string | undefined, field: string | undefined, e: unknown): string | undefined {
  if (!(e instanceof SelectorParseError || e instanceof FieldSelectorError || e instanceof ApiError)) return undefined;
  const gvr = `${resource.api.group ? `${resource.api.group}/` : '/'}${resource.api.version}, Resource=${resource.plural}`;
  return `Error from server (BadRequest): Unable to find "${gvr}" that match label selector "${label ?? ''}", field selector "${field ?? ''}": ${e.message}`;
}

/** The objects of a resource in a namespace (or all), filtered, in the API server's order. */
export function listObjects(cluster: Cluster, resource: Resource, namespace: string | undefined, selectors: { label?: LabelSelector; field?: FieldRequirement[] } = {}): ApiRecord[] {
  return cluster.store.list(resource.kind, { namespace: resource.namespaced ? namespace : undefined, labelSelector: selectors.label, fieldSelector: selectors.field });
}

/**
 * What get and describe print on stderr when nothing matched (get.go, describe.go v0.24): the namespace when every
 * resource asked for is namespaced and not -A, and then a full stop; otherwise neither.
 */
export function noResourcesFound(namespace: string | undefined): string {
  return namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
}
