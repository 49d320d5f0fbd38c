// The cluster as the Kubernetes API server would return it: plain JSON objects with apiVersion, kind,
// metadata, spec and status. `kubectl get -o yaml|json|jsonpath` print these.
import { containersReady, podReady, readinessGatesMessage } from './pod-readiness.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { KUBERNETES_VERSION } from '../cluster/system-workloads.ts';
import type { ObjectMeta } from '../api/types.ts';
import { resourceForKind, apiVersionOf } from '../api/discovery.ts';
import type { ApiRecord } from '../api/types.ts';
import type { ConfigMap, ContainerSpec, DaemonSet, Deployment, EniConfig, GenericObject, Node, Pod, PodTemplate, ReplicaSet, Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { matchesSet } from '../api/label-selector.ts';

export type ApiObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string } };

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function quantityCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

function quantityMemory(ki: number): string {
  return ki % (1024 * 1024) === 0 ? `${ki / 1024 / 1024}Gi` : ki % 1024 === 0 ? `${ki / 1024}Mi` : `${ki}Ki`;
}

function container(c: ContainerSpec) {
  const requests: Record<string, string> = {};
  if (c.requests.cpuMilli) requests.cpu = quantityCpu(c.requests.cpuMilli);
  if (c.requests.memoryKi) requests.memory = quantityMemory(c.requests.memoryKi);
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.env.length ? { env: c.env.map((e) => ({ name: e.name, value: e.value })) } : {}),
    ...(c.preStop ? { lifecycle: { preStop: { exec: { command: c.preStop } } } } : {}),
    ...(c.ports.length ? { ports: c.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort, protocol: p.protocol })) } : {}),
    resources: Object.keys(requests).length ? { requests } : {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function podSpec(t: PodTemplate, gates = t.readinessGates) {
  return {
    containers: t.containers.map(container),
    dnsPolicy: t.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    ...(t.hostNetwork ? { hostNetwork: true } : {}),
    ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
    ...(gates?.length ? { readinessGates: gates.map((conditionType) => ({ conditionType })) } : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: t.terminationGracePeriodSeconds ?? 30,
  };
}

/**
 * ObjectMeta as the API server serialises it: keys in Go's field order as JSON prints them sorted by kubectl's
 * YAML printer, empty maps and lists left out.
 */
export function metadataObject(m: ObjectMeta, extra: Record<string, unknown> = {}): ApiObject['metadata'] {
  const out: Record<string, unknown> = {};
  if (Object.keys(m.annotations).length) out.annotations = m.annotations;
  out.creationTimestamp = iso(m.creationTimestamp);
  if (m.deletionTimestamp !== undefined) Object.assign(out, { deletionGracePeriodSeconds: m.deletionGracePeriodSeconds ?? 30, deletionTimestamp: iso(m.deletionTimestamp) });
  if (m.generateName) out.generateName = m.generateName;
  if (m.generation !== undefined) out.generation = m.generation;
  if (Object.keys(m.labels).length) out.labels = m.labels;
  out.name = m.name;
  if (m.namespace !== undefined) out.namespace = m.namespace;
  if (m.ownerReferences.length) out.ownerReferences = m.ownerReferences;
  out.resourceVersion = String(m.resourceVersion);
  out.uid = m.uid;
  return { ...out, ...extra } as ApiObject['metadata'];
}

export function podObject(cluster: Cluster, pod: Pod): ApiObject {
  const running = pod.phase === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadataObject(pod.metadata),
    spec: { ...podSpec(pod.template, pod.readinessGates), ...(pod.nodeName ? { nodeName: pod.nodeName } : {}) },
    status: {
      ...(pod.nodeName ? { conditions: podConditions(pod) } : {}),
      ...(pod.nodeName ? { hostIP: formatIpv4(cluster.node(pod.nodeName)!.enis[0].primaryIp) } : {}),
      phase: pod.phase === 'ContainerCreating' ? 'Pending' : pod.phase === 'Terminating' ? 'Running' : pod.phase,
      ...(pod.ip !== undefined ? { podIP: formatIpv4(pod.ip), podIPs: [{ ip: formatIpv4(pod.ip) }] } : {}),
      qosClass: pod.template.containers.some((c) => c.requests.cpuMilli || c.requests.memoryKi) ? 'Burstable' : 'BestEffort',
      ...(pod.scheduledAt !== undefined ? { startTime: iso(pod.scheduledAt) } : {}),
      containerStatuses: pod.nodeName
        ? pod.template.containers.map((c) => ({
            image: c.image,
            name: c.name,
            ready: running,
            restartCount: pod.restarts,
            started: running,
            state: running ? { running: { startedAt: iso(pod.startedAt!) } } : { waiting: { reason: 'ContainerCreating' } },
          }))
        : undefined,
    },
  };
}

/**
 * status.conditions: conditions others set (a readiness gate's) first, then the kubelet's four, as the kubelet's
 * generateAPIPodStatus orders them. Transition times: scheduling for Initialized, the start (or, with gates, the last
 * gate's change) for Ready.
 */
export function podConditions(pod: Pod): Record<string, unknown>[] {
  const at = (ms: number | undefined) => (ms === undefined ? null : iso(ms));
  const started = containersReady(pod);
  const ready = podReady(pod);
  const gateChange = Math.max(...(pod.conditions ?? []).map((c) => c.lastTransitionTime ?? 0), 0);
  const notReady = readinessGatesMessage(pod);
  const kubelet = (type: string, ok: boolean, since: number | undefined, reason?: string, message?: string) => ({
    lastProbeTime: null, lastTransitionTime: at(since), ...(message ? { message } : {}), ...(reason ? { reason } : {}), status: ok ? 'True' : 'False', type,
  });
  const containersReason = started ? undefined : 'ContainersNotReady';
  const containersMessage = started ? undefined : `containers with unready status: [${pod.template.containers.map((c) => c.name).join(' ')}]`;
  return [
    ...(pod.conditions ?? []).map((c) => ({
      lastProbeTime: null, lastTransitionTime: at(c.lastTransitionTime), ...(c.message ? { message: c.message } : {}), ...(c.reason ? { reason: c.reason } : {}), status: c.status, type: c.type,
    })),
    kubelet('Initialized', true, pod.scheduledAt),
    started && !ready && notReady
      ? kubelet('Ready', false, pod.startedAt, 'ReadinessGatesNotReady', notReady)
      : kubelet('Ready', ready, ready ? Math.max(pod.startedAt ?? 0, gateChange) : pod.scheduledAt, containersReason, containersMessage),
    kubelet('ContainersReady', started, started ? pod.startedAt : pod.scheduledAt, containersReason, containersMessage),
    kubelet('PodScheduled', true, pod.scheduledAt),
  ];
}

export function nodeObject(cluster: Cluster, node: Node): ApiObject {
  const cap = node.capacity, alloc = node.allocatable;
  // A 30 GiB root volume, as in the seed lab's node group; allocatable keeps 10% for eviction.
  const resources = (cpu: number, mem: number, storage: string) => ({
    'attachable-volumes-aws-ebs': node.instanceType.hypervisor === 'xen' ? '39' : '25',
    cpu: quantityCpu(cpu),
    'ephemeral-storage': storage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${mem}Ki`,
    pods: String(node.maxPods),
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: metadataObject(node.metadata),
    spec: { providerID: `aws:///${node.az}/${node.instanceId}` },
    status: {
      addresses: [
        { address: formatIpv4(node.enis[0].primaryIp), type: 'InternalIP' },
        { address: formatIpv4(node.publicIp), type: 'ExternalIP' },
        { address: node.name, type: 'Hostname' },
        { address: node.name, type: 'InternalDNS' },
        { address: `ec2-${formatIpv4(node.publicIp).replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`, type: 'ExternalDNS' },
      ],
      allocatable: resources(alloc.cpuMilli, alloc.memoryKi, '27905944324'),
      capacity: resources(cap.cpuMilli, cap.memoryKi, '31444972Ki'),
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.6.19',
        kernelVersion: '5.10.178-162.673.amzn2.x86_64',
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2',
      },
    },
  };
}

/** spec.strategy as the API server defaults it (RollingUpdate, 25% and 25%). */
export function strategyObject(s: Deployment['spec']['strategy']) {
  if (s?.type === 'Recreate') return { type: 'Recreate' };
  return { rollingUpdate: { maxSurge: s?.maxSurge ?? '25%', maxUnavailable: s?.maxUnavailable ?? '25%' }, type: 'RollingUpdate' };
}

function templateObject(t: PodTemplate) {
  return { metadata: { ...(t.annotations ? { annotations: t.annotations } : {}), creationTimestamp: null, labels: t.labels }, spec: podSpec(t) };
}

export function deploymentObject(cluster: Cluster, d: Deployment): ApiObject {
  const pods = podsOf(cluster, d.metadata.namespace!, d.spec.selector);
  const ready = pods.filter((p) => p.phase !== 'Terminating' && podReady(p)).length;
  const live = pods.filter((p) => p.phase !== 'Terminating');
  const hash = cluster.templateHash(d.spec.template);
  const updated = live.filter((p) => p.labels['pod-template-hash'] === hash).length;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadataObject(d.metadata),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: d.spec.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.spec.selector },
      strategy: strategyObject(d.spec.strategy),
      template: templateObject(d.spec.template),
    },
    status: { availableReplicas: ready, observedGeneration: d.metadata.generation, readyReplicas: ready, replicas: live.length, updatedReplicas: updated },
  };
}

export function replicaSetObject(cluster: Cluster, rs: ReplicaSet): ApiObject {
  const pods = podsOf(cluster, rs.metadata.namespace!, rs.spec.selector);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: metadataObject(rs.metadata),
    spec: { replicas: rs.spec.replicas, selector: { matchLabels: rs.spec.selector }, template: templateObject(rs.spec.template) },
    status: { readyReplicas: pods.filter((p) => podReady(p)).length, replicas: pods.length, observedGeneration: rs.metadata.generation },
  };
}

/** The pods a DaemonSet owns. */
export function daemonSetPods(cluster: Cluster, ds: DaemonSet): Pod[] {
  return [...cluster.pods.ownedBy(cluster.owner('DaemonSet', ds.metadata.name, ds.metadata.uid))];
}

export function daemonSetObject(cluster: Cluster, ds: DaemonSet): ApiObject {
  const pods = daemonSetPods(cluster, ds);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: metadataObject(ds.metadata),
    spec: { selector: { matchLabels: ds.spec.selector }, template: templateObject(ds.spec.template), updateStrategy: { rollingUpdate: { maxUnavailable: '10%' }, type: 'RollingUpdate' } },
    status: {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: cluster.nodes.length,
      numberAvailable: pods.filter((p) => p.phase === 'Running').length,
      numberReady: pods.filter((p) => p.phase === 'Running').length,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: pods.length,
    },
  };
}

/** A Service as the API server returns it: defaulted fields included, keys in the order kubectl prints them (sorted). */
export function serviceObject(s: Service): ApiObject {
  const spec = s.spec;
  const ingress = s.status?.loadBalancer.ingress;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadataObject(s.metadata),
    spec: {
      ...(spec.type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
      clusterIP: formatIpv4(spec.clusterIp),
      clusterIPs: [formatIpv4(spec.clusterIp)],
      ...(spec.externalIPs?.length ? { externalIPs: spec.externalIPs } : {}),
      ...(spec.externalTrafficPolicy ? { externalTrafficPolicy: spec.externalTrafficPolicy } : {}),
      ...(spec.healthCheckNodePort ? { healthCheckNodePort: spec.healthCheckNodePort } : {}),
      internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: spec.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
      ...(spec.selector ? { selector: spec.selector } : {}),
      ...(spec.loadBalancerClass !== undefined ? { loadBalancerClass: spec.loadBalancerClass } : {}),
      sessionAffinity: spec.sessionAffinity ?? 'None',
      ...(spec.sessionAffinity === 'ClientIP' ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: spec.sessionAffinityTimeoutSeconds } } } : {}),
      type: spec.type,
    },
    status: { loadBalancer: ingress?.length ? { ingress: ingress.map((i) => ({ ...(i.hostname ? { hostname: i.hostname } : {}), ...(i.ip ? { ip: i.ip } : {}) })) } : {} },
  };
}

export function configMapObject(cm: ConfigMap): ApiObject {
  return { apiVersion: 'v1', data: cm.data, kind: 'ConfigMap', metadata: metadataObject(cm.metadata) };
}

export function eniConfigObject(e: EniConfig): ApiObject {
  return { apiVersion: 'crd.k8s.amazonaws.com/v1alpha1', kind: 'ENIConfig', metadata: metadataObject(e.metadata), spec: { securityGroups: e.spec.securityGroups, subnet: e.spec.subnet } };
}

/** Any object in the API's shape: the kinds with behaviour through their printers, the rest as applied. */
export function apiObject(cluster: Cluster, obj: ApiRecord): ApiObject {
  switch (obj.kind) {
    case 'Pod': return podObject(cluster, obj as Pod);
    case 'Node': return nodeObject(cluster, obj as Node);
    case 'Deployment': return deploymentObject(cluster, obj as Deployment);
    case 'ReplicaSet': return replicaSetObject(cluster, obj as ReplicaSet);
    case 'DaemonSet': return daemonSetObject(cluster, obj as DaemonSet);
    case 'Service': return serviceObject(obj as Service);
    case 'ConfigMap': return configMapObject(obj as ConfigMap);
    case 'ENIConfig': return eniConfigObject(obj as EniConfig);
    case 'Namespace': return { apiVersion: 'v1', kind: 'Namespace', metadata: metadataObject(obj.metadata), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    case 'ServiceAccount': return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadataObject(obj.metadata) };
    // What the controllers keep as API JSON: the server's map, keys sorted at every level as kubectl prints a map.
    case 'EndpointSlice':
    case 'Endpoints': {
      const g = obj as GenericObject;
      return sortedKeys({ apiVersion: g.apiVersion, kind: obj.kind, metadata: metadataObject(obj.metadata), ...g.body }) as ApiObject;
    }
    default: {
      const g = obj as GenericObject;
      const r = resourceForKind(obj.kind);
      return { apiVersion: g.apiVersion ?? (r ? apiVersionOf(r) : 'v1'), kind: obj.kind, metadata: metadataObject(obj.metadata), ...(g.body ?? {}) };
    }
  }
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortedKeys(v)]));
  }
  return value;
}

/** Of the pods podsOf finds, how many are not terminating and how many of those run (kubectl get's columns). */
export function podCounts(cluster: Cluster, namespace: string, selector: Record<string, string>): { live: number; running: number } {
  let live = 0, running = 0;
  eachPodOf(cluster, namespace, selector, (p) => {
    if (p.phase === 'Terminating') return;
    live++;
    if (podReady(p)) running++;
  });
  return { live, running };
}

export function podsOf(cluster: Cluster, namespace: string, selector: Record<string, string>): Pod[] {
  const out: Pod[] = [];
  eachPodOf(cluster, namespace, selector, (p) => out.push(p));
  return out;
}

/** Calls `visit` on the namespace's pods that match the selector, in creation order. */
function eachPodOf(cluster: Cluster, namespace: string, selector: Record<string, string>, visit: (pod: Pod) => void): void {
  // Pods of one template share its labels object, so a 150,000-pod Deployment is matched once, not per pod.
  let labels: Record<string, string> | undefined, matches = false;
  for (const p of cluster.pods.values()) {
    if (p.namespace !== namespace) continue;
    if (p.labels !== labels) {
      labels = p.labels;
      matches = matchesSet(labels, selector);
    }
    if (matches) visit(p);
  }
}
