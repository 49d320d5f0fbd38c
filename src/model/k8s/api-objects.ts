// The cluster as the Kubernetes API server would return it: plain JSON objects with apiVersion, kind,
// metadata, spec and status. `kubectl get -o yaml|json|jsonpath` print these.
import type { Cluster } from '../cluster/cluster.ts';
import { KUBERNETES_VERSION } from '../cluster/system-workloads.ts';
import type { ConfigMap, ContainerSpec, DaemonSet, Deployment, Node, Pod, PodTemplate, ReplicaSet, Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';

export type ApiObject = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

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
    ...(c.ports.length ? { ports: c.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort, protocol: p.protocol })) } : {}),
    resources: Object.keys(requests).length ? { requests } : {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function podSpec(t: PodTemplate) {
  return {
    containers: t.containers.map(container),
    dnsPolicy: t.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    ...(t.hostNetwork ? { hostNetwork: true } : {}),
    ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  };
}

export function podObject(cluster: Cluster, pod: Pod): ApiObject {
  const running = pod.phase === 'Running';
  const owner = pod.owner
    ? [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: pod.owner.kind, name: pod.owner.name }]
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: iso(pod.createdAt),
      ...(pod.deletedAt !== undefined ? { deletionTimestamp: iso(pod.deletedAt + 30_000), deletionGracePeriodSeconds: 30 } : {}),
      ...(pod.owner?.kind === 'ReplicaSet' ? { generateName: pod.name.slice(0, -5) } : pod.owner ? { generateName: pod.name.slice(0, -5) } : {}),
      labels: pod.labels,
      name: pod.name,
      namespace: pod.namespace,
      ...(owner ? { ownerReferences: owner } : {}),
      uid: pod.uid,
    },
    spec: { ...podSpec(pod.template), ...(pod.nodeName ? { nodeName: pod.nodeName } : {}) },
    status: {
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
    metadata: {
      annotations: { 'alpha.kubernetes.io/provided-node-ip': formatIpv4(node.enis[0].primaryIp), 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      creationTimestamp: iso(node.createdAt),
      labels: node.labels,
      name: node.name,
    },
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

function templateObject(t: PodTemplate) {
  return { metadata: { creationTimestamp: null, labels: t.labels }, spec: podSpec(t) };
}

export function deploymentObject(cluster: Cluster, d: Deployment): ApiObject {
  const pods = podsOf(cluster, d.namespace, d.selector);
  const ready = pods.filter((p) => p.phase === 'Running').length;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations: { 'deployment.kubernetes.io/revision': String(d.revision) }, creationTimestamp: iso(d.createdAt), generation: d.revision, labels: d.labels, name: d.name, namespace: d.namespace },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: d.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.selector },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: templateObject(d.template),
    },
    status: { availableReplicas: ready, readyReplicas: ready, replicas: pods.length, updatedReplicas: pods.length },
  };
}

export function replicaSetObject(cluster: Cluster, rs: ReplicaSet): ApiObject {
  const pods = podsOf(cluster, rs.namespace, rs.selector);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      creationTimestamp: iso(rs.createdAt), labels: rs.template.labels, name: rs.name, namespace: rs.namespace,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: rs.deployment }],
    },
    spec: { replicas: rs.replicas, selector: { matchLabels: rs.selector }, template: templateObject(rs.template) },
    status: { readyReplicas: pods.filter((p) => p.phase === 'Running').length, replicas: pods.length },
  };
}

export function daemonSetObject(cluster: Cluster, ds: DaemonSet): ApiObject {
  const pods = [...cluster.pods.values()].filter((p) => p.owner?.kind === 'DaemonSet' && p.owner.name === ds.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { creationTimestamp: iso(ds.createdAt), generation: ds.generation, labels: ds.labels, name: ds.name, namespace: ds.namespace },
    spec: { selector: { matchLabels: ds.selector }, template: templateObject(ds.template), updateStrategy: { rollingUpdate: { maxUnavailable: '10%' }, type: 'RollingUpdate' } },
    status: {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: cluster.nodes.length,
      numberAvailable: pods.filter((p) => p.phase === 'Running').length,
      numberReady: pods.filter((p) => p.phase === 'Running').length,
      updatedNumberScheduled: pods.length,
    },
  };
}

export function serviceObject(s: Service): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: iso(s.createdAt), labels: s.labels, name: s.name, namespace: s.namespace },
    spec: {
      clusterIP: formatIpv4(s.clusterIp),
      clusterIPs: [formatIpv4(s.clusterIp)],
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
      ...(s.selector ? { selector: s.selector } : {}),
      type: s.type,
    },
  };
}

export function configMapObject(cm: ConfigMap): ApiObject {
  return { apiVersion: 'v1', data: cm.data, kind: 'ConfigMap', metadata: { creationTimestamp: iso(cm.createdAt), name: cm.name, namespace: cm.namespace } };
}

export function podsOf(cluster: Cluster, namespace: string, selector: Record<string, string>): Pod[] {
  return [...cluster.pods.values()].filter(
    (p) => p.namespace === namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v),
  );
}
