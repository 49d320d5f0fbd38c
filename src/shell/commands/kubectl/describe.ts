// kubectl describe for nodes, pods, deployments, daemonsets, configmaps and services, in kubectl's layout.
import { podCondition, podReady } from '../../../model/k8s/pod-readiness.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { ApiRecord } from '../../../model/api/types.ts';
import type { ConfigMap, ContainerSpec, DaemonSet, Deployment, GenericObject, Node, Pod, PodTemplate, Service } from '../../../model/cluster/types.ts';
import { columnWidths } from '../../format/table.ts';
import { apiObject, daemonSetPods, nodeObject, podsOf } from '../../../model/k8s/api-objects.ts';
import { REVISION, replicaSetsOf } from '../../../model/controllers/deployment.ts';
import { qualifiedName } from '../../../model/api/discovery.ts';
import { formatIpv4 } from '../../../model/net/ipv4.ts';
import { podRequests } from '../../../model/controllers/scheduler/framework.ts';
import { age } from '../../format/age.ts';
import { tabwrite } from '../../format/tabwriter.ts';
import type { IngressBackend, IngressSpec } from '../../../model/lb-controller/ingress.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource, formatEndpoints, listObjects, parseSelectors, noResourcesFound, selectorErrorMessage } from './resources.ts';

/** kubectl's describe writer: a tabwriter with padding 2, indented two spaces per level. */
function columns(rows: string[][], indent = '  '): string {
  const widths = columnWidths(rows);
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 2))).join('').trimEnd()).join('\n') + '\n';
}

function block(pairs: [string, string | string[]][], indent = ''): string {
  const width = Math.max(...pairs.map(([k]) => k.length + 1)) + 2;
  let out = '';
  for (const [k, v] of pairs) {
    const lines = Array.isArray(v) ? (v.length ? v : ['<none>']) : [v];
    out += `${indent}${`${k}:`.padEnd(width)}${lines[0]}`.trimEnd() + '\n';
    for (const more of lines.slice(1)) out += `${indent}${' '.repeat(width)}${more}\n`;
  }
  return out;
}

const labelLines = (labels: Record<string, string>) => Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
const annotationLines = (annotations: Record<string, string>) => Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${v}`);

/** RFC 1123 with numeric zone, as kubectl prints timestamps. */
export function rfc1123(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function events(cluster: Cluster, kind: string, namespace: string | undefined, name: string): string {
  const list = cluster.recorder.about(kind, namespace, name);
  if (list.length === 0) return 'Events:  <none>\n';
  const rows = [['Type', 'Reason', 'Age', 'From', 'Message'], ['----', '------', '----', '----', '-------']];
  for (const e of list) {
    const when = e.count > 1 ? `${age(cluster.now, e.lastAt)} (x${e.count} over ${age(cluster.now, e.firstAt)})` : age(cluster.now, e.firstAt);
    rows.push([e.type, e.reason, when, e.source, e.message]);
  }
  return 'Events:\n' + columns(rows);
}

function containerBlock(c: ContainerSpec, hostNetwork: boolean, indent: string): string {
  const port = c.ports.length ? c.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ') : '<none>';
  const hostPort = c.ports.length ? c.ports.map((p) => `${hostNetwork ? p.containerPort : 0}/${p.protocol}`).join(', ') : '<none>';
  const pairs: [string, string | string[]][] = [['Image', c.image], ['Port', port], ['Host Port', hostPort]];
  if (c.command) pairs.push(['Command', c.command]);
  if (c.args) pairs.push(['Args', c.args]);
  let out = block(pairs, indent);
  const req: string[] = [];
  if (c.requests.cpuMilli) req.push(`cpu:  ${c.requests.cpuMilli}m`);
  if (c.requests.memoryKi) req.push(`memory:  ${c.requests.memoryKi / 1024}Mi`);
  if (req.length) out += `${indent}Requests:\n${req.map((r) => `${indent}  ${r}\n`).join('')}`;
  if (c.env.length) {
    const width = Math.max(...c.env.map((e) => e.name.length)) + 3;
    out += `${indent}Environment:\n` + c.env.map((e) => `${indent}  ${`${e.name}:`.padEnd(width)}${e.value}\n`).join('');
  } else {
    out += `${indent}Environment:  <none>\n`;
  }
  return out;
}

function templateBlock(t: PodTemplate, serviceAccount: string | undefined): string {
  let out = block([['Labels', labelLines(t.labels)], ...(serviceAccount ? [['Service Account', serviceAccount] as [string, string]] : [])], '  ');
  if (t.initContainers?.length) {
    out += '  Init Containers:\n';
    for (const c of t.initContainers) out += `   ${c.name}:\n` + block([['Image', c.image], ['Port', '<none>'], ['Host Port', '<none>']], '    ');
  }
  out += '  Containers:\n';
  for (const c of t.containers) out += `   ${c.name}:\n` + containerBlock(c, t.hostNetwork, '    ');
  return out + '  Volumes:  <none>\n';
}

function describeNode(cluster: Cluster, node: Node): string {
  const obj = nodeObject(cluster, node) as unknown as { status: { capacity: Record<string, string>; allocatable: Record<string, string>; addresses: { type: string; address: string }[] }; spec: { providerID: string }; metadata: { annotations: Record<string, string> } };
  const resourceBlock = (r: Record<string, string>) => {
    const w = Math.max(...Object.keys(r).map((k) => k.length)) + 3;
    return Object.entries(r).map(([k, v]) => `  ${`${k}:`.padEnd(w)}${v}\n`).join('');
  };
  const pods = cluster.podsOn(node).filter((p) => p.phase !== 'Terminating').sort((a, b) => (a.namespace + a.name < b.namespace + b.name ? -1 : 1));
  const pct = (n: number, of: number) => `${Math.floor((n * 100) / of)}%`;
  let cpu = 0, mem = 0;
  const podRows = [['Namespace', 'Name', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age'], ['---------', '----', '------------', '----------', '---------------', '-------------', '---']];
  for (const p of pods) {
    const r = podRequests(p);
    cpu += r.cpuMilli;
    mem += r.memoryKi;
    podRows.push([
      p.namespace, p.name,
      `${r.cpuMilli ? `${r.cpuMilli}m` : '0'} (${pct(r.cpuMilli, node.allocatable.cpuMilli)})`, '0 (0%)',
      `${r.memoryKi ? `${r.memoryKi / 1024}Mi` : '0'} (${pct(r.memoryKi, node.allocatable.memoryKi)})`, '0 (0%)',
      age(cluster.now, p.createdAt),
    ]);
  }
  let out = block([
    ['Name', node.name],
    ['Roles', '<none>'],
    ['Labels', labelLines(node.metadata.labels)],
    ['Annotations', Object.entries(obj.metadata.annotations).map(([k, v]) => `${k}: ${v}`)],
    ['CreationTimestamp', rfc1123(node.metadata.creationTimestamp)],
    ['Taints', '<none>'],
    ['Unschedulable', 'false'],
  ]);
  out += 'Lease:\n' + block([['HolderIdentity', node.name], ['AcquireTime', '<unset>'], ['RenewTime', rfc1123(cluster.now - 3000)]], '  ');
  const hb = rfc1123(cluster.now - 60_000), since = rfc1123(node.metadata.creationTimestamp);
  out += 'Conditions:\n' + columns([
    ['Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message'],
    ['----', '------', '-----------------', '------------------', '------', '-------'],
    ['MemoryPressure', 'False', hb, since, 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', hb, since, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', hb, since, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', hb, rfc1123(node.metadata.creationTimestamp + 20_000), 'KubeletReady', 'kubelet is posting ready status'],
  ]);
  out += 'Addresses:\n' + block(obj.status.addresses.map((a) => [a.type, a.address]), '  ');
  out += 'Capacity:\n' + resourceBlock(obj.status.capacity);
  out += 'Allocatable:\n' + resourceBlock(obj.status.allocatable);
  out += 'System Info:\n' + block([
    ['Machine ID', node.instanceId.slice(2).padEnd(32, '0')],
    ['System UUID', `ec2${node.instanceId.slice(5, 10)}-${node.instanceId.slice(10, 14)}-${node.instanceId.slice(14, 18)}-0000-000000000000`],
    ['Boot ID', node.enis[0].id.slice(4).padEnd(32, '0')],
    ['Kernel Version', '5.10.178-162.673.amzn2.x86_64'],
    ['OS Image', 'Amazon Linux 2'],
    ['Operating System', 'linux'],
    ['Architecture', 'amd64'],
    ['Container Runtime Version', 'containerd://1.6.19'],
    ['Kubelet Version', 'v1.24.13-eks-0a21954'],
    ['Kube-Proxy Version', 'v1.24.13-eks-0a21954'],
  ], '  ');
  out += block([['ProviderID', obj.spec.providerID], ['Non-terminated Pods', `(${pods.length} in total)`]]);
  out += columns(podRows);
  out += 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n' + columns([
    ['Resource', 'Requests', 'Limits'],
    ['--------', '--------', '------'],
    ['cpu', `${cpu}m (${pct(cpu, node.allocatable.cpuMilli)})`, '0 (0%)'],
    ['memory', `${mem / 1024}Mi (${pct(mem, node.allocatable.memoryKi)})`, '0 (0%)'],
    ['ephemeral-storage', '0 (0%)', '0 (0%)'],
    ['hugepages-1Gi', '0 (0%)', '0 (0%)'],
    ['hugepages-2Mi', '0 (0%)', '0 (0%)'],
    ['attachable-volumes-aws-ebs', '0', '0'],
  ]);
  return out + events(cluster, 'Node', undefined, node.name);
}

function describePod(cluster: Cluster, pod: Pod): string {
  const node = pod.nodeName ? cluster.node(pod.nodeName) : undefined;
  const pairs: [string, string | string[]][] = [
    ['Name', pod.name],
    ['Namespace', pod.namespace],
    ['Priority', pod.template.priorityClassName === 'system-node-critical' ? '2000001000' : pod.template.priorityClassName ? '2000000000' : '0'],
    ...(pod.template.priorityClassName ? [['Priority Class Name', pod.template.priorityClassName] as [string, string]] : []),
    ['Service Account', pod.template.serviceAccountName ?? (pod.name.startsWith('aws-node') ? 'aws-node' : pod.name.startsWith('coredns') ? 'coredns' : pod.name.startsWith('kube-proxy') ? 'kube-proxy' : 'default')],
    ['Node', node ? `${node.name}/${formatIpv4(node.enis[0].primaryIp)}` : '<none>'],
    ...(pod.scheduledAt !== undefined ? [['Start Time', rfc1123(pod.scheduledAt)] as [string, string]] : []),
    ['Labels', labelLines(pod.labels)],
    ['Annotations', annotationLines(pod.annotations ?? {})],
    ['Status', pod.phase === 'ContainerCreating' ? 'Pending' : pod.phase],
    ['IP', pod.ip !== undefined ? formatIpv4(pod.ip) : ''],
    ['IPs', pod.ip !== undefined ? [`IP:  ${formatIpv4(pod.ip)}`] : ['<none>']],
    ...(pod.owner ? [['Controlled By', `${pod.owner.kind}/${pod.owner.name}`] as [string, string]] : []),
  ];
  let out = block(pairs);
  out += 'Containers:\n';
  for (const c of pod.template.containers) {
    out += `  ${c.name}:\n`;
    const state = pod.phase === 'Running' ? 'Running' : 'Waiting';
    out += containerBlock(c, pod.template.hostNetwork, '    ').replace(/(    Host Port:.*\n)/, `$1${block([['State', state], ...(state === 'Running' ? [['  Started', rfc1123(pod.startedAt!)] as [string, string]] : [['  Reason', 'ContainerCreating'] as [string, string]]), ['Ready', String(state === 'Running')], ['Restart Count', String(pod.restarts)]], '    ')}`);
  }
  const scheduled = pod.nodeName !== undefined;
  const running = pod.phase === 'Running';
  // describe.go: "Readiness Gates:" with each gate's condition status (<none> before one is written), then every
  // condition, the gates' first (the kubelet keeps others' conditions ahead of its own).
  // Both tables write "%v \t%v \n": the space ends up in the first column, three spaces before the status.
  const spaced = (rows: string[][]) => columns(rows.map(([type, status]) => [`${type} `, status]));
  const gates = pod.readinessGates ?? [];
  if (gates.length) out += 'Readiness Gates:\n' + spaced([['Type', 'Status'], ...gates.map((g) => [g, podCondition(pod, g)?.status ?? '<none>'])]);
  out += 'Conditions:\n' + spaced([
    ['Type', 'Status'],
    ...(scheduled ? (pod.conditions ?? []).map((c) => [c.type, c.status]) : []),
    ...(scheduled ? [['Initialized', 'True'], ['Ready', podReady(pod) ? 'True' : 'False'], ['ContainersReady', running ? 'True' : 'False']] : []),
    ['PodScheduled', scheduled ? 'True' : 'False'],
  ]);
  out += block([
    ['QoS Class', pod.template.containers.some((c) => c.requests.cpuMilli || c.requests.memoryKi) ? 'Burstable' : 'BestEffort'],
    ['Node-Selectors', '<none>'],
    ['Tolerations', ['node.kubernetes.io/not-ready:NoExecute op=Exists for 300s', 'node.kubernetes.io/unreachable:NoExecute op=Exists for 300s']],
  ]);
  return out + events(cluster, 'Pod', pod.namespace, pod.name);
}

function describeDeployment(cluster: Cluster, d: Deployment): string {
  const ns = d.metadata.namespace!;
  const pods = podsOf(cluster, ns, d.spec.selector).filter((p) => p.phase !== 'Terminating');
  const available = pods.filter((p) => podReady(p)).length;
  const updated = pods.filter((p) => p.labels['pod-template-hash'] === cluster.templateHash(d.spec.template)).length;
  const rs = replicaSetsOf(cluster, d);
  const revision = d.metadata.annotations[REVISION];
  const current = rs.find((r) => r.metadata.annotations[REVISION] === revision) ?? rs[rs.length - 1];
  const old = rs.filter((r) => r !== current && r.spec.replicas > 0);
  const replicas = d.spec.replicas;
  let out = block([
    ['Name', d.metadata.name],
    ['Namespace', ns],
    ['CreationTimestamp', rfc1123(d.metadata.creationTimestamp)],
    ['Labels', labelLines(d.metadata.labels)],
    ['Annotations', annotationLines(d.metadata.annotations)],
    ['Selector', labelLines(d.spec.selector).join(',')],
    ['Replicas', `${replicas} desired | ${updated} updated | ${pods.length} total | ${available} available | ${Math.max(0, pods.length - available)} unavailable`],
    ['StrategyType', d.spec.strategy?.type ?? 'RollingUpdate'],
    ['MinReadySeconds', '0'],
    ...(d.spec.strategy?.type === 'Recreate' ? [] : [['RollingUpdateStrategy', `${d.spec.strategy?.maxUnavailable ?? '25%'} max unavailable, ${d.spec.strategy?.maxSurge ?? '25%'} max surge`] as [string, string]]),
  ]);
  out += 'Pod Template:\n' + templateBlock(d.spec.template, undefined);
  out += 'Conditions:\n' + columns([
    ['Type', 'Status', 'Reason'], ['----', '------', '------'],
    ['Available', available >= replicas ? 'True' : 'False', available >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable'],
    ['Progressing', 'True', 'NewReplicaSetAvailable'],
  ]);
  out += block([
    ['OldReplicaSets', old.length ? old.map((r) => `${r.metadata.name} (${r.spec.replicas}/${r.spec.replicas} replicas created)`).join(', ') : '<none>'],
    ['NewReplicaSet', current ? `${current.metadata.name} (${pods.length}/${current.spec.replicas} replicas created)` : '<none>'],
  ]);
  return out + events(cluster, 'Deployment', ns, d.metadata.name);
}

function describeDaemonSet(cluster: Cluster, ds: DaemonSet): string {
  const pods = daemonSetPods(cluster, ds).filter((p) => p.phase !== 'Terminating');
  const running = pods.filter((p) => p.phase === 'Running').length;
  const name = ds.metadata.name;
  let out = block([
    ['Name', name],
    ['Selector', labelLines(ds.spec.selector).join(',')],
    ['Node-Selector', '<none>'],
    ['Labels', labelLines(ds.metadata.labels)],
    ['Annotations', `deprecated.daemonset.template.generation: ${ds.metadata.generation}`],
    ['Desired Number of Nodes Scheduled', String(cluster.nodes.length)],
    ['Current Number of Nodes Scheduled', String(pods.length)],
    ['Number of Nodes Scheduled with Up-to-date Pods', String(pods.length)],
    ['Number of Nodes Scheduled with Available Pods', String(running)],
    ['Number of Nodes Misscheduled', '0'],
    ['Pods Status', `${running} Running / ${pods.length - running} Waiting / 0 Succeeded / 0 Failed`],
  ]);
  out += 'Pod Template:\n' + templateBlock(ds.spec.template, name === 'aws-node' ? 'aws-node' : name === 'kube-proxy' ? 'kube-proxy' : 'default');
  return out + events(cluster, 'DaemonSet', ds.metadata.namespace, name);
}

function describeConfigMap(cluster: Cluster, cm: ConfigMap): string {
  let out = block([['Name', cm.metadata.name], ['Namespace', cm.metadata.namespace!], ['Labels', labelLines(cm.metadata.labels)], ['Annotations', annotationLines(cm.metadata.annotations)]]);
  out += '\nData\n====\n';
  for (const [k, v] of Object.entries(cm.data)) out += `${k}:\n----\n${v.endsWith('\n') ? v : `${v}\n`}\n`;
  return out + '\nBinaryData\n====\n\n' + events(cluster, 'ConfigMap', cm.metadata.namespace, cm.metadata.name);
}

function describeService(cluster: Cluster, s: Service): string {
  const ns = s.metadata.namespace!;
  const spec = s.spec;
  // The Endpoints object the endpoints controller keeps (describe reads it, port by port).
  const subsets = (cluster.store.get<GenericObject>('Endpoints', ns, s.metadata.name)?.body.subsets ?? undefined) as any[] | undefined;
  const pairs: [string, string | string[]][] = [
    ['Name', s.metadata.name], ['Namespace', ns], ['Labels', labelLines(s.metadata.labels)], ['Annotations', annotationLines(s.metadata.annotations)],
    ['Selector', spec.selector ? labelLines(spec.selector).join(',') : '<none>'], ['Type', spec.type], ['IP Family Policy', 'SingleStack'],
    ['IP Families', 'IPv4'], ['IP', formatIpv4(spec.clusterIp)], ['IPs', formatIpv4(spec.clusterIp)],
  ];
  if (spec.externalIPs?.length) pairs.push(['External IPs', spec.externalIPs.join(',')]);
  // buildIngressString: each entry's IP, or its host name when it has none.
  const ingress = s.status?.loadBalancer.ingress ?? [];
  if (ingress.length) pairs.push(['LoadBalancer Ingress', ingress.map((i) => i.ip || i.hostname || '').join(', ')]);
  for (const p of spec.ports) {
    // Each "name<TAB>port" line is a tabwriter block of its own, so the name is padded by exactly two spaces.
    pairs.push(['Port', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol}`], ['TargetPort', `${p.targetPort}/${p.protocol}`]);
    if (p.nodePort) pairs.push(['NodePort', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol}`]);
    pairs.push(['Endpoints', formatEndpoints(subsets, p.name ?? '')]);
  }
  pairs.push(['Session Affinity', spec.sessionAffinity ?? 'None']);
  if (spec.externalTrafficPolicy) pairs.push(['External Traffic Policy', spec.externalTrafficPolicy]);
  if (spec.healthCheckNodePort) pairs.push(['HealthCheck NodePort', String(spec.healthCheckNodePort)]);
  // DescribeEvents writes "Events:\t<none>" into the same tabwriter, so with no events it lines up with the rest.
  if (cluster.recorder.about('Service', ns, s.metadata.name).length === 0) return block([...pairs, ['Events', '<none>']]);
  return block(pairs) + events(cluster, 'Service', ns, s.metadata.name);
}

function describeNamespace(_cluster: Cluster, n: ApiRecord): string {
  return block([['Name', n.metadata.name], ['Labels', labelLines(n.metadata.labels)], ['Annotations', annotationLines(n.metadata.annotations)], ['Status', 'Active']])
    + '\nNo resource quota.\n\nNo LimitRange resource.\n';
}

function describeServiceAccount(cluster: Cluster, sa: ApiRecord): string {
  return block([
    ['Name', sa.metadata.name], ['Namespace', sa.metadata.namespace!], ['Labels', labelLines(sa.metadata.labels)], ['Annotations', annotationLines(sa.metadata.annotations)],
    ['Image pull secrets', '<none>'], ['Mountable secrets', '<none>'], ['Tokens', '<none>'], ['Events', '<none>'],
  ]).replace(/^Events: +<none>\n$/m, '') + events(cluster, 'ServiceAccount', sa.metadata.namespace, sa.metadata.name).replace(/^Events:  /, 'Events:              ');
}

/** `Creation Timestamp` from `creationTimestamp`: how kubectl's generic describer titles a field. */
function title(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** kubectl's generic describer (for CRDs and kinds without a describer of their own): the object, field by field. */
function describeGeneric(cluster: Cluster, obj: ApiRecord): string {
  const o = apiObject(cluster, obj) as Record<string, unknown> & { metadata: Record<string, unknown> };
  const { name: _n, namespace: _ns, labels: _l, annotations: _a, ...meta } = o.metadata;
  let out = block([
    ['Name', obj.metadata.name], ['Namespace', obj.metadata.namespace ?? ''], ['Labels', labelLines(obj.metadata.labels)], ['Annotations', annotationLines(obj.metadata.annotations)],
    ['API Version', String(o.apiVersion)], ['Kind', obj.kind],
  ]);
  const walk = (value: unknown, indent: string): string => {
    if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? walk(v, indent) : `${indent}${String(v)}\n`)).join('');
    if (!value || typeof value !== 'object') return `${indent}${String(value)}\n`;
    const entries = Object.entries(value as Record<string, unknown>);
    const width = Math.max(...entries.map(([k]) => title(k).length + 1)) + 2;
    return entries.map(([k, v]) => (v && typeof v === 'object'
      ? `${indent}${title(k)}:\n${walk(v, `${indent}  `)}`
      : `${indent}${`${title(k)}:`.padEnd(width)}${String(v)}\n`)).join('');
  };
  out += `Metadata:\n${walk(meta, '  ')}`;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
    out += v && typeof v === 'object' ? `${title(k)}:\n${walk(v, '  ')}` : `${title(k)}:  ${String(v)}\n`;
  }
  return out + events(cluster, obj.kind, obj.metadata.namespace, obj.metadata.name);
}

/**
 * kubectl 1.24 describe.go IngressDescriber.describeIngressV1: the address, class and default backend, then
 * Rules (a host line, then each path with its backend and the backend Service's endpoints on that port, via
 * formatEndpoints), Annotations and Events, all through one tabwriter (so the Rules columns line up with
 * `Annotations:`).
 */
function describeIngress(cluster: Cluster, obj: ApiRecord): string {
  const ing = obj as GenericObject;
  const ns = ing.metadata.namespace!;
  const b = ing.body as { spec?: IngressSpec; status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } };
  const spec = b.spec ?? {};
  /** describeBackendV1: `name:port (endpoints)`; the Endpoints object is read first, then the Service. */
  const backend = (be: IngressBackend): string => {
    if (!be.service) return '';
    const sb = `${be.service.name}:${be.service.port.name ?? be.service.port.number ?? 0}`;
    const ep = cluster.store.get<GenericObject>('Endpoints', ns, be.service.name);
    if (!ep) return `${sb} (<error: endpoints "${be.service.name}" not found>)`;
    const svc = cluster.store.get<Service>('Service', ns, be.service.name);
    if (!svc) return `${sb}(<error: services "${be.service.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec.ports) {
      if ((be.service.port.number && be.service.port.number === sp.port) || (be.service.port.name && be.service.port.name === sp.name)) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpoints((ep.body as { subsets?: any[] }).subsets, spName)})`;
  };
  const address = (b.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').join(',');
  const def = spec.defaultBackend ? backend(spec.defaultBackend) : '<default>';
  let out = `Name:\t${ing.metadata.name}\n`;
  const multi = (title: string, lines: string[]) => (lines.length ? lines.map((l, i) => `${i === 0 ? `${title}:` : ''}\t${l}\n`).join('') : `${title}:\t<none>\n`);
  out += multi('Labels', labelLines(ing.metadata.labels));
  out += `Namespace:\t${ns}\nAddress:\t${address}\nIngress Class:\t${spec.ingressClassName ?? '<none>'}\nDefault backend:\t${def}\n`;
  if (spec.tls?.length) {
    out += 'TLS:\n';
    for (const t of spec.tls as { hosts?: string[]; secretName?: string }[]) out += t.secretName ? `  ${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `  SNI routes ${(t.hosts ?? []).join(',')}\n`;
  }
  out += 'Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n';
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    out += `  ${rule.host || '*'}\t\n`;
    for (const p of rule.http.paths ?? []) out += `    \t${p.path ?? ''} \t${backend(p.backend)}\n`;
  }
  if (count === 0) out += `  *\t*\t${def}\n`;
  out += multi('Annotations', annotationLines(ing.metadata.annotations));
  return tabwrite(out) + events(cluster, 'Ingress', ns, ing.metadata.name);
}

type Rule = { apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[]; verbs: string[] };

/**
 * kubectl's RoleDescriber / ClusterRoleDescriber (k8s.io/kubectl 1.24 describe.go): rules broken down per group and
 * resource (BreakdownRule), merged again where group, verbs and names agree (CompactRules, resources sorted), then
 * sorted stably by the rule's String(), which starts with its verbs; one line per resource, `resource.group`.
 */
function describeRole(cluster: Cluster, obj: ApiRecord): string {
  const rules = ((obj as GenericObject).body?.rules ?? []) as Rule[];
  const compact: Rule[] = [];
  for (const r of rules) {
    for (const g of r.apiGroups ?? ['']) {
      for (const res of r.resources ?? []) {
        const names = r.resourceNames ?? [];
        const same = names.length === 0 ? compact.find((c) => (c.apiGroups![0] === g) && (c.resourceNames ?? []).length === 0 && c.verbs.join() === r.verbs.join()) : undefined;
        if (same) same.resources!.push(res);
        else compact.push({ apiGroups: [g], resources: [res], resourceNames: names, verbs: r.verbs });
      }
    }
    if (r.nonResourceURLs?.length) compact.push({ nonResourceURLs: r.nonResourceURLs, verbs: r.verbs });
  }
  for (const c of compact) c.resources?.sort();
  const key = (c: Rule) => `&PolicyRule{Verbs:[${c.verbs.join(' ')}],APIGroups:[${(c.apiGroups ?? []).join(' ')}],Resources:[${(c.resources ?? []).join(' ')}],ResourceNames:[${(c.resourceNames ?? []).join(' ')}],NonResourceURLs:[${(c.nonResourceURLs ?? []).join(' ')}],}`;
  const sorted = compact.map((c, i) => ({ c, i })).sort((a, b) => (key(a.c) < key(b.c) ? -1 : key(a.c) > key(b.c) ? 1 : a.i - b.i)).map((x) => x.c);
  const rows: string[][] = [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], ['---------', '-----------------', '--------------', '-----']];
  for (const c of sorted) {
    const list = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;
    if (c.nonResourceURLs) rows.push(['', list(c.nonResourceURLs), list([]), list(c.verbs)]);
    for (const res of c.resources ?? []) rows.push([c.apiGroups![0] ? res.replace(/^([^/]*)(\/.*)?$/, `$1.${c.apiGroups![0]}$2`) : res, list([]), list(c.resourceNames), list(c.verbs)]);
  }
  return `${block([['Name', obj.metadata.name], ['Labels', labelLines(obj.metadata.labels)], ['Annotations', annotationLines(obj.metadata.annotations)]])}PolicyRule:\n${columns(rows)}`;
}

/** kubectl's (Cluster)RoleBindingDescriber: the role it grants and its subjects. */
function describeRoleBinding(_cluster: Cluster, obj: ApiRecord): string {
  const b = (obj as GenericObject).body as { roleRef?: { kind: string; name: string }; subjects?: { kind: string; name: string; namespace?: string }[] };
  const rows = [['Kind', 'Name', 'Namespace'], ['----', '----', '---------'], ...(b.subjects ?? []).map((s) => [s.kind, s.name, s.namespace ?? ''])];
  return `${block([['Name', obj.metadata.name], ['Labels', labelLines(obj.metadata.labels)], ['Annotations', annotationLines(obj.metadata.annotations)]])}Role:\n  Kind:  ${b.roleRef?.kind ?? ''}\n  Name:  ${b.roleRef?.name ?? ''}\nSubjects:\n${columns(rows)}`;
}

export function kubectlDescribe(cluster: Cluster, args: KubectlArgs): CommandOutput {
  let [what, ...names] = args.positionals;
  if (!what) return { stdout: '', stderr: 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n', exitCode: 1 };
  if (what.includes('/')) [what, ...names] = [what.split('/')[0], what.split('/')[1], ...names];
  const resource = findResource(what, cluster);
  if (!resource) return { stdout: '', stderr: `error: the server doesn't have a resource type "${what}"\n`, exitCode: 1 };
  const describe: Record<string, (c: Cluster, item: never) => string> = {
    Node: describeNode, Pod: describePod, Deployment: describeDeployment, DaemonSet: describeDaemonSet, ConfigMap: describeConfigMap, Service: describeService,
    Namespace: describeNamespace, ServiceAccount: describeServiceAccount, Ingress: describeIngress,
    ClusterRole: describeRole, Role: describeRole, ClusterRoleBinding: describeRoleBinding, RoleBinding: describeRoleBinding,
  };
  const render = describe[resource.kind] ?? describeGeneric;
  const namespace = args.flags.get('namespace') ?? 'default';
  const all = args.flags.has('all-namespaces');
  const label = args.flags.get('selector');
  let items: ApiRecord[];
  try {
    items = listObjects(cluster, resource, all ? undefined : namespace, parseSelectors(label, undefined));
  } catch (e) {
    const message = selectorErrorMessage(resource, label, undefined, e);
    if (message === undefined) throw e;
    return { stdout: '', stderr: `${message}\n`, exitCode: 1 };
  }
  let stderr = '';
  if (names.length) {
    // kubectl describe matches a name as a prefix when there is no exact match.
    const picked = [];
    for (const n of names) {
      const exact = items.filter((i) => i.metadata.name === n);
      const found = exact.length ? exact : items.filter((i) => i.metadata.name.startsWith(n));
      if (found.length === 0) stderr += `Error from server (NotFound): ${qualifiedName(resource.api)} "${n}" not found\n`;
      picked.push(...found);
    }
    items = picked;
  }
  if (items.length === 0 && !stderr) {
    return { stdout: '', stderr: noResourcesFound(resource.namespaced && !all ? namespace : undefined), exitCode: 0 };
  }
  const stdout = items.map((i) => render(cluster, i as never)).join('\n\n');
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
