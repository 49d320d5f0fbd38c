// The simulated EKS cluster: one API object store (src/model/api/), the controllers that reconcile it
// (src/model/controllers/: Deployment, ReplicaSet, DaemonSet, garbage collector, kube-scheduler, the kubelets,
// ipamd's loop) and AWS's side (the VPC, EC2's ENIs and addresses). This module wires them together, runs the
// model clock, and offers the operations the faces use. Everything is deterministic from the seed.
import { ApiError, ApiStore } from '../api/store.ts';
import type { ApiRecord, ObjectMeta } from '../api/types.ts';
import { API_RESOURCES } from '../api/discovery.ts';
import { allocateIp, allocatePrefix, bastionAddress, createVpc } from '../aws/vpc.ts';
import { getInstanceType, type InstanceType } from '../catalog/index.ts';
import { DaemonSetController } from '../controllers/daemonset.ts';
import { EndpointSliceController } from '../controllers/endpointslice.ts';
import { KubeProxyStarts } from '../controllers/kube-proxy.ts';
import { syncDeployments } from '../controllers/deployment.ts';
import { GarbageCollector, type Propagation } from '../controllers/garbage-collector.ts';
import { IpamdLoop } from '../controllers/ipamd.ts';
import { Kubelets } from '../controllers/kubelet.ts';
import { ReplicaSetController } from '../controllers/replicaset.ts';
import type { ClusterChange, ClusterRuntime } from '../controllers/runtime.ts';
import { Scheduler } from '../controllers/scheduler/scheduler.ts';
import type { NodeUsage } from '../controllers/scheduler/framework.ts';
import { eniId, eniMac, generateName, instanceId, podTemplateHash, randomUid, serialUid } from '../ids.ts';
import { addSecondaryIp, ENI_ATTACH_MS, type Ec2, initNodePool, IPS_PER_PREFIX, MissingEniConfig, secondaryIp } from '../ipam/ipamd.ts';
import { type IpamdSettings, readIpamdSettings } from '../ipam/settings.ts';
import { computeMaxPods } from '../max-pods.ts';
import { formatIpv4, type Ipv4, ipHostLabel, parseIpv4 } from '../net/ipv4.ts';
import { createRng, type Rng } from '../rng.ts';
import { EventRecorder } from './event-recorder.ts';
import { PodCollection } from './pod-collection.ts';
import { PodRecord } from './pod-record.ts';
import { awsNodeTemplate, corednsTemplate, KUBE_PROXY_CONFIG, kubeProxyTemplate } from './system-workloads.ts';
import { TimerQueue } from '../timers.ts';
import type { CniMode } from '../calico/config.ts';
import { CalicoState } from '../calico/state.ts';
import { calicoNamespaces, calicoNodeDaemonSet } from '../calico/workloads.ts';
import { admitServiceTraffic, invalidMessage, needsHealthCheck, type ServiceTraffic, type ServiceTrafficInput } from '../k8s/service-spec.ts';
import { eksCluster, type EksCluster } from '../aws/eks.ts';
import type {
  ClusterEvent, ConfigMap, ContainerSpec, DaemonSet, Deployment, DeploymentStrategy, Eni, EniConfig, GenericObject, LoadBalancerIngress, Namespace, Node, Owner, Pod, PodTemplate, Service, ServiceAccount, Subnet, Vpc,
} from './types.ts';

export { bastionAddress };
export type { ClusterChange };

export interface ClusterOptions {
  seed?: string | number;
  instanceType?: string;
  nodes?: number;
  region?: string;
  /** The kubelet's --max-pods, when the node group overrides AWS's published value (e.g. 110 with prefixes). */
  maxPods?: number;
  /** aws-node settings the cluster is created with (e.g. ENABLE_PREFIX_DELEGATION=true). */
  awsNodeEnv?: [string, string][];
  /**
   * The CNI: the VPC CNI (default), or Calico (VXLAN or IP-in-IP) installed in its place as Tigera's EKS guide
   * does it (aws-node deleted, the operator's calico-node in calico-system). Calico's MTU override with `calicoMtu`.
   */
  cni?: CniMode;
  calicoMtu?: number;
}

/** What `kubectl apply` of a Deployment manifest carries. */
export interface DeploymentInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  selector: Record<string, string>;
  replicas: number;
  template: PodTemplate;
  strategy?: DeploymentStrategy;
}

export interface ServiceInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  spec: Omit<Service['spec'], 'clusterIp' | keyof ServiceTraffic> & { clusterIp?: Ipv4 };
  /** The traffic fields as written (sessionAffinity, the traffic policies …), for the API server to default and check. */
  traffic?: Omit<ServiceTrafficInput, 'type'>;
}

/** The seed lab's day (2023-05-05, 17:00 in Seoul); the cluster was created two hours before. */
const LAB_START = Date.UTC(2023, 4, 5, 8, 0, 0);
const CLUSTER_AGE_S = 2 * 3600;
/** EC2 public address ranges of ap-northeast-2, for the nodes' public IPs. */
const PUBLIC_PREFIXES = ['3.34', '3.35', '13.124', '13.125', '15.164', '15.165', '43.200', '52.78', '52.79', '54.180'];
/** The namespaces every cluster starts with. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Metadata for an object the cluster or a face creates; the store fills in uid, time and resourceVersion. */
export function newMeta(name: string, namespace: string | undefined, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): ObjectMeta {
  return { name, ...(namespace !== undefined ? { namespace } : {}), uid: '', resourceVersion: 0, creationTimestamp: 0, labels, annotations, ownerReferences: [] };
}

export class Cluster implements ClusterRuntime {
  /** The seed the cluster was built from (streams of its own derive from it). */
  readonly seed: string;
  readonly region: string;
  /** The control plane as AWS and kubectl name it: endpoint, OIDC issuer, the bastion's kubeconfig. */
  readonly eks: EksCluster;
  readonly vpc: Vpc;
  readonly nodes: Node[] = [];
  /** The API server's object store: every kind, with watches. */
  readonly store: ApiStore;
  /** Every pod, in creation order, with the indexes controllers use. */
  readonly pods = new PodCollection();
  readonly recorder: EventRecorder;
  now: number;
  readonly createdAt: number;
  readonly rng: Rng;
  readonly cni: CniMode;
  /** Calico's state when it is the CNI (undefined with the VPC CNI, whose state is ipamd's on every node). */
  readonly calico?: CalicoState;

  private readonly timers = new TimerQueue();
  private readonly listeners = new Set<(changes: Set<ClusterChange>) => void>();
  private pending = new Set<ClusterChange>();
  private podSerial = 0;
  private readonly ec2: Ec2;
  private readonly nodeByName = new Map<string, Node>();
  private readonly hashes = new WeakMap<PodTemplate, string>();
  /** Pods of one controller share one owner object (by the controller's uid). */
  private readonly owners = new Map<string, Owner>();
  private readonly maxPodsOverride?: number;
  private readonly maxPodsByType = new Map<InstanceType, number>();
  private controllersDirty = true;
  rolloutWaiting = false;
  /** Writes the controllers make during their own pass do not queue another pass. */
  private syncing = false;
  private settingsCache?: IpamdSettings;

  // The controllers.
  private readonly scheduler: Scheduler;
  private readonly kubelets: Kubelets;
  private readonly ipamd: IpamdLoop;
  private readonly replicaSets: ReplicaSetController;
  private readonly daemonSets: DaemonSetController;
  private readonly endpointSlices: EndpointSliceController;
  /** What each node's kube-proxy started with (its mode, its scheduler, kube-ipvs0). */
  readonly kubeProxies: KubeProxyStarts;
  readonly garbageCollector: GarbageCollector;

  constructor(options: ClusterOptions = {}) {
    const seed = options.seed ?? 'seed-lab';
    this.seed = String(seed);
    this.rng = createRng(seed);
    // API objects' UIDs come from a stream of their own, so that adding a kind never moves an address or a name.
    const uidRng = createRng(`${seed}/api-uids`);
    this.region = options.region ?? 'ap-northeast-2';
    this.eks = eksCluster(String(seed), this.region);
    this.createdAt = LAB_START - CLUSTER_AGE_S * 1000;
    this.now = this.createdAt;
    const typeName = options.instanceType ?? 't3.medium';
    const type = getInstanceType(typeName);
    if (!type) throw new Error(`unknown instance type "${typeName}"`);
    const nodeCount = options.nodes ?? 3;
    this.cni = options.cni ?? 'vpc-cni';
    if (this.cni !== 'vpc-cni') this.calico = new CalicoState(String(seed), { mode: this.cni, ...(options.calicoMtu !== undefined ? { mtu: options.calicoMtu } : {}) });
    this.vpc = createVpc(this.rng, this.region, nodeCount * type.maxEnis * type.ipv4PerEni > 3 * 200);
    this.store = new ApiStore(() => this.now, () => randomUid(uidRng));
    this.store.use('Pod', this.pods, podField);
    const nodes = this.nodes;
    this.store.use('Node', {
      get: (_ns, name) => this.nodeByName.get(name),
      list: () => this.nodes,
      add: (n: Node) => {
        this.nodes.push(n);
        this.nodeByName.set(n.name, n);
      },
      remove: () => {
        throw new ApiError('MethodNotAllowed', 'the simulated node group does not remove nodes');
      },
      get size() {
        return nodes.length;
      },
    }, nodeField);
    this.recorder = new EventRecorder(() => this.now, this.rng, () => this.pods.all.values(), (ns, name) => this.findPod(ns, name));
    this.ec2 = this.makeEc2();
    this.maxPodsOverride = options.maxPods;

    this.ipamd = new IpamdLoop(this, this.timers, this.ec2);
    this.kubelets = new Kubelets(this, this.timers, (node) => this.ipamd.wake(node), (pod, node) => this.scheduler.podRemoved(pod, node));
    this.scheduler = new Scheduler(this, this.vpc.subnets.length, (node) => this.vpc.subnets.findIndex((sn) => sn.az === node.az), (pod, node) => this.kubelets.admit(pod, node));
    this.replicaSets = new ReplicaSetController(this);
    this.daemonSets = new DaemonSetController(this, (pod, node) => this.scheduler.bind(pod, node), (node) => this.scheduler.hasRoom(node));
    this.garbageCollector = new GarbageCollector(this);
    // Slice names and their objects' UIDs come from a stream of their own, so that no other name or address moves.
    this.endpointSlices = new EndpointSliceController(this, createRng(`${seed}/endpointslices`), () => {});
    this.kubeProxies = new KubeProxyStarts(this, createRng(`${seed}/kube-proxy`));
    const wake = (_type: string, obj: ApiRecord) => {
      if (this.syncing) return;
      this.controllersDirty = true;
      if (obj.kind === 'DaemonSet' && obj.metadata.namespace === 'kube-system' && obj.metadata.name === 'aws-node') this.settingsChanged();
      if (obj.kind === 'ENIConfig') for (const node of this.nodes) this.ipamd.wake(node);
    };
    // A pod's creation and status writes wake nothing: its controller made it, the scheduler has it queued, and
    // the ReplicaSet controller watches for relabelled pods itself.
    for (const r of API_RESOURCES) this.store.watch(r.kind, wake, r.kind === 'Pod' ? ['DELETED'] : ['ADDED', 'MODIFIED', 'DELETED']);

    for (const ns of SYSTEM_NAMESPACES) this.ensureNamespace(ns);
    this.bootstrapSystem(options.awsNodeEnv ?? []);
    const nodeSubnets = this.vpc.subnets.filter((sn) => sn.public);
    for (let i = 0; i < nodeCount; i++) this.addNodeOfType(type, nodeSubnets[i % nodeSubnets.length]);
    this.advance(CLUSTER_AGE_S);
    this.pending.clear();
  }

  // ---- observing -------------------------------------------------------------------------------------------

  subscribe(listener: (changes: Set<ClusterChange>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(...what: ClusterChange[]): void {
    // Nobody listens in the CLI or the tests: a big scale-up then skips hundreds of thousands of set updates.
    if (this.listeners.size === 0) return;
    for (const w of what) this.pending.add(w);
  }

  private notify(): void {
    if (this.pending.size === 0) return;
    const changes = this.pending;
    this.pending = new Set();
    for (const l of this.listeners) l(changes);
  }

  get events(): readonly ClusterEvent[] {
    return this.recorder.events;
  }

  ipamdSettings(): IpamdSettings {
    this.settingsCache ??= readIpamdSettings(this.awsNodeEnv());
    return this.settingsCache;
  }

  awsNodeEnv(): Map<string, string> {
    const ds = this.store.get<DaemonSet>('DaemonSet', 'kube-system', 'aws-node');
    return new Map((ds?.spec.template.containers[0].env ?? []).map((e) => [e.name, e.value]));
  }

  node(name: string): Node | undefined {
    return this.nodeByName.get(name);
  }

  podsOn(node: Node): Pod[] {
    return [...this.pods.onNode(node)];
  }

  findPod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(namespace, name);
  }

  subnet(id: string): Subnet {
    return this.vpc.subnets.find((s) => s.id === id)!;
  }

  /** Requests in use on a node (describe node's "Allocated resources"). */
  usage(node: Node): NodeUsage {
    return this.scheduler.usage(node);
  }

  // ---- time ------------------------------------------------------------------------------------------------

  /** Lets model time pass: controllers, the scheduler, kubelets and ipamd do what falls due, in order. */
  advance(seconds: number): void {
    const end = this.now + Math.max(0, seconds) * 1000;
    this.settle();
    while (this.timers.peek() <= end) {
      this.now = Math.max(this.now, this.timers.peek());
      this.timers.runNext();
      this.settle();
    }
    this.now = end;
    this.recorder.prune();
    this.notify();
  }

  at(delayMs: number, run: () => void): void {
    this.timers.add(this.now + delayMs, run);
  }

  requeue(only?: 'ReplicaSet' | 'DaemonSet'): void {
    if (only === 'ReplicaSet') this.replicaSetsDue = true;
    else if (only === 'DaemonSet') this.daemonSetsDue = true;
    else this.controllersDirty = true;
  }

  /** A paced controller's next sync is due (its own timer), with nothing else to wake. */
  private replicaSetsDue = false;
  private daemonSetsDue = false;

  /** After writes to the store (kubectl, a widget): the controllers react, then the faces are told. */
  reconcile(): void {
    this.settle();
    this.notify();
  }

  // ---- operations (what kubectl and the widgets call) ---------------------------------------------------

  scaleDeployment(namespace: string, name: string, replicas: number): Deployment | undefined {
    const d = this.store.get<Deployment>('Deployment', namespace, name);
    if (!d) return undefined;
    if (d.spec.replicas !== replicas) {
      d.spec.replicas = replicas;
      this.store.update(d, true);
    }
    this.changed('workloads');
    this.reconcile();
    return d;
  }

  /** Creates or updates a Deployment; returns whether it was created, changed or left unchanged. */
  applyDeployment(input: DeploymentInput): 'created' | 'configured' | 'unchanged' {
    this.ensureNamespace(input.namespace);
    const existing = this.store.get<Deployment>('Deployment', input.namespace, input.name);
    let result: 'created' | 'configured' | 'unchanged';
    const spec = { replicas: input.replicas, selector: input.selector, template: input.template, ...(input.strategy ? { strategy: input.strategy } : {}) };
    if (!existing) {
      this.store.create<Deployment>({ kind: 'Deployment', metadata: newMeta(input.name, input.namespace, input.labels, input.annotations), spec });
      result = 'created';
    } else {
      const same = podTemplateHash(existing.spec.template) === podTemplateHash(spec.template) && existing.spec.replicas === spec.replicas
        && JSON.stringify(existing.spec.strategy) === JSON.stringify(spec.strategy)
        && JSON.stringify(existing.metadata.labels) === JSON.stringify(input.labels);
      if (same) result = 'unchanged';
      else {
        existing.metadata.labels = input.labels;
        existing.spec = spec;
        this.store.update(existing, true);
        result = 'configured';
      }
    }
    this.changed('workloads');
    this.reconcile();
    return result;
  }

  /**
   * Creates or updates a Service as the API server does: its traffic fields defaulted and validated
   * (service-spec.ts), a cluster IP, and node ports (and a health check node port for LoadBalancer + Local) from
   * the NodePort range for ports that name none; an update keeps the cluster IP and the ports already allocated.
   */
  applyService(input: ServiceInput): 'created' | 'configured' | 'unchanged' | { invalid: string } {
    const existing = this.store.get<Service>('Service', input.namespace, input.name);
    // dropTypeDependentFields (pkg/registry/core/service/storage): an update that no longer needs the health check
    // node port and did not change it loses it, rather than failing validation.
    if (existing && input.traffic?.healthCheckNodePort !== undefined && input.traffic.healthCheckNodePort === existing.spec.healthCheckNodePort
      && existing.spec.externalTrafficPolicy === 'Local' && input.traffic.externalTrafficPolicy !== 'Local') {
      const { healthCheckNodePort: _, ...rest } = input.traffic;
      input = { ...input, traffic: rest };
    }
    const admitted = admitServiceTraffic({ type: input.spec.type, ...input.traffic });
    if (!('traffic' in admitted)) return { invalid: invalidMessage('Service', input.name, admitted.errors) };
    this.ensureNamespace(input.namespace);
    const external = input.spec.type !== 'ClusterIP';
    const ports = input.spec.ports.map((p) => {
      const before = existing?.spec.ports.find((q) => q.port === p.port && q.protocol === p.protocol);
      const nodePort = external ? (p.nodePort ?? before?.nodePort ?? this.nodePort()) : undefined;
      const { nodePort: _, ...rest } = p;
      return { ...rest, ...(nodePort ? { nodePort } : {}) };
    });
    const traffic = admitted.traffic;
    if (needsHealthCheck(input.spec.type, traffic) && !traffic.healthCheckNodePort) {
      traffic.healthCheckNodePort = existing?.spec.healthCheckNodePort ?? this.nodePort();
    }
    if (existing) {
      const spec = { ...input.spec, ports, ...traffic, clusterIp: existing.spec.clusterIp };
      const annotations = input.annotations ?? existing.metadata.annotations;
      const specChanged = JSON.stringify(spec) !== JSON.stringify(existing.spec);
      if (!specChanged && JSON.stringify(input.labels) === JSON.stringify(existing.metadata.labels)
        && JSON.stringify(annotations) === JSON.stringify(existing.metadata.annotations)) return 'unchanged';
      existing.spec = spec;
      existing.metadata.labels = input.labels;
      existing.metadata.annotations = annotations;
      this.store.update(existing, specChanged);
      this.reconcile();
      return 'configured';
    }
    const spec = { ...input.spec, ports, ...traffic, clusterIp: input.spec.clusterIp ?? this.serviceIp() };
    this.store.create<Service>({ kind: 'Service', metadata: newMeta(input.name, input.namespace, input.labels, input.annotations), spec });
    this.changed('workloads');
    this.reconcile();
    return 'created';
  }

  /**
   * status.loadBalancer.ingress, as a load balancer controller writes it once its load balancer exists (an AWS one
   * publishes a host name; an IP is what kube-proxy writes "loadbalancer IP" rules for). False if no such Service.
   */
  setLoadBalancerIngress(namespace: string, name: string, ingress: LoadBalancerIngress[]): boolean {
    const svc = this.store.get<Service>('Service', namespace, name);
    if (!svc) return false;
    svc.status = { loadBalancer: { ingress } };
    // A status write: the object's generation stays (it counts spec changes).
    this.store.update(svc);
    this.reconcile();
    return true;
  }

  /** `kubectl apply` of a kind the model keeps as applied. */
  applyObject(o: { apiVersion: string; kind: string; name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string>; body: Record<string, unknown> }): 'created' | 'configured' | 'unchanged' {
    if (o.namespace !== undefined) this.ensureNamespace(o.namespace);
    const existing = this.store.get<GenericObject>(o.kind, o.namespace, o.name);
    if (existing) {
      // A ConfigMap keeps its data as `data` (the model reads it: kube-proxy-config, aws-auth), others as `body`.
      const cm = existing.kind === 'ConfigMap' ? (existing as unknown as ConfigMap) : undefined;
      const same = JSON.stringify(cm ? cm.data : existing.body) === JSON.stringify(cm ? (o.body.data ?? {}) : o.body) && JSON.stringify(existing.metadata.labels) === JSON.stringify(o.labels);
      if (same) return 'unchanged';
      if (cm) cm.data = (o.body.data ?? {}) as Record<string, string>;
      else existing.body = o.body;
      existing.metadata.labels = o.labels;
      existing.metadata.annotations = o.annotations;
      this.store.update(existing, true);
    } else {
      const obj = o.kind === 'ConfigMap'
        ? { kind: 'ConfigMap', metadata: newMeta(o.name, o.namespace, o.labels, o.annotations), data: (o.body.data ?? {}) as Record<string, string> }
        : { kind: o.kind, apiVersion: o.apiVersion, metadata: newMeta(o.name, o.namespace, o.labels, o.annotations), body: o.body };
      this.store.create(obj);
    }
    this.reconcile();
    return existing ? 'configured' : 'created';
  }

  ensureNamespace(name: string): boolean {
    if (this.store.get('Namespace', undefined, name)) return false;
    this.store.create<Namespace>({ kind: 'Namespace', metadata: newMeta(name, undefined, { 'kubernetes.io/metadata.name': name }) });
    // Every namespace gets its default ServiceAccount from the service account controller.
    this.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta('default', name) });
    return true;
  }

  /** Deletes any object (pods gracefully); the garbage collector takes what it owned. */
  delete(kind: string, namespace: string | undefined, name: string, propagation: Propagation = 'Background'): boolean {
    const obj = this.store.get(kind, namespace, name);
    if (!obj) return false;
    this.garbageCollector.delete(obj, propagation);
    this.changed('workloads', 'pods');
    this.reconcile();
    return true;
  }

  deleteDeployment(namespace: string, name: string): boolean {
    return this.delete('Deployment', namespace, name);
  }

  /** Starts a pod's graceful deletion (Terminating); its controller replaces it right away. */
  deletePod(pod: Pod): void {
    if (pod.phase === 'Terminating') return;
    this.scheduler.podTerminating(pod);
    pod.phase = 'Terminating';
    this.pods.terminating(pod);
    pod.deletedAt = this.now;
    this.store.update(pod);
    this.controllersDirty = true;
    this.changed('pods');
    // Every pod the cluster hands out is one of its PodRecords.
    this.kubelets.terminate(pod as PodRecord, this.store);
    if (!this.syncing) this.reconcile();
  }

  /** `kubectl set env daemonset/aws-node KEY=VALUE` (value undefined removes KEY): a rolling restart of aws-node. */
  setDaemonSetEnv(namespace: string, name: string, changes: [string, string | undefined][]): DaemonSet | undefined {
    const ds = this.store.get<DaemonSet>('DaemonSet', namespace, name);
    if (!ds) return undefined;
    const t = ds.spec.template;
    const container = t.containers[0];
    ds.spec.template = { ...t, containers: [{ ...container, env: withEnv(container.env, changes) }, ...t.containers.slice(1)] };
    this.store.update(ds, true);
    this.restartDaemonSet(ds);
    return ds;
  }

  /** A DaemonSet's template changed: the controller replaces each pod with one of the new template. */
  restartDaemonSet(ds: DaemonSet): void {
    const owner = this.owner('DaemonSet', ds.metadata.name, ds.metadata.uid);
    for (const pod of [...this.pods.ownedBy(owner)]) this.deletePod(pod);
    this.changed('settings', 'workloads');
    this.reconcile();
  }

  /** A node group scaling out: a new node of the same type in the next subnet, round-robin. */
  addNode(): Node {
    const type = this.nodes[0]?.instanceType ?? getInstanceType('t3.medium')!;
    const nodeSubnets = this.vpc.subnets.filter((sn) => sn.public);
    const node = this.addNodeOfType(type, nodeSubnets[this.nodes.length % nodeSubnets.length]);
    this.reconcile();
    return node;
  }

  applyEniConfig(spec: { name: string; subnet: string; securityGroups: string[] }): 'created' | 'configured' | 'unchanged' {
    const existing = this.store.get<EniConfig>('ENIConfig', undefined, spec.name);
    const body = { subnet: spec.subnet, securityGroups: spec.securityGroups };
    if (!existing) {
      this.store.create<EniConfig>({ kind: 'ENIConfig', metadata: newMeta(spec.name, undefined), spec: body });
    } else if (existing.spec.subnet === spec.subnet && existing.spec.securityGroups.join() === spec.securityGroups.join()) {
      return 'unchanged';
    } else {
      existing.spec = body;
      this.store.update(existing, true);
    }
    this.changed('settings');
    this.reconcile();
    return existing ? 'configured' : 'created';
  }

  /**
   * The name of the ENIConfig for a node, as ipamd derives it (GetNodeSpecificENIConfigName, VPC CNI v1.12.6
   * pkg/eniconfig/eniconfig.go): the vpc.amazonaws.com/externalEniConfig label, else the annotation
   * ENI_CONFIG_ANNOTATION_DEF names, else the label ENI_CONFIG_LABEL_DEF names (e.g. its zone's), both
   * k8s.amazonaws.com/eniConfig by default, else "default".
   */
  eniConfigName(node: Node): string {
    const { labels, annotations } = node.metadata;
    const env = this.awsNodeEnv();
    return labels['vpc.amazonaws.com/externalEniConfig']
      ?? annotations?.[env.get('ENI_CONFIG_ANNOTATION_DEF') || 'k8s.amazonaws.com/eniConfig']
      ?? labels[env.get('ENI_CONFIG_LABEL_DEF') || 'k8s.amazonaws.com/eniConfig']
      ?? 'default';
  }

  /** The ENIConfig a node's pod ENIs follow under custom networking (eniConfigName's). */
  eniConfigFor(node: Node): EniConfig {
    const name = this.eniConfigName(node);
    const config = this.store.get<EniConfig>('ENIConfig', undefined, name);
    if (!config) throw new MissingEniConfig(`Failed to get ENIConfig ${name}: eniconfigs.crd.k8s.amazonaws.com "${name}" not found`);
    if (!this.vpc.subnets.some((sn) => sn.id === config.spec.subnet)) throw new MissingEniConfig(`ENIConfig ${name}: subnet ${config.spec.subnet} does not exist`);
    return config;
  }

  // ---- what the controllers share (ClusterRuntime) --------------------------------------------------------

  templateHash(t: PodTemplate): string {
    let h = this.hashes.get(t);
    if (h === undefined) this.hashes.set(t, (h = podTemplateHash(t)));
    return h;
  }

  owner(kind: Owner['kind'], name: string, uid: string): Owner {
    let o = this.owners.get(uid);
    if (!o) this.owners.set(uid, (o = { kind, name, uid }));
    return o;
  }

  /**
   * How many pods the cluster holds before its etcd is full: every pod the nodes could run plus 10,000 that
   * cannot be scheduled. It bounds the simulator's memory (the lab's cluster stays near 10,000 pods, a
   * 5,000-node one under 1 GB), and a real control plane's etcd has a size quota too.
   */
  get podLimit(): number {
    if (this.podLimitFor?.nodes !== this.nodes.length) {
      this.podLimitFor = { nodes: this.nodes.length, limit: this.nodes.reduce((sum, n) => sum + n.maxPods, 0) + 10_000 };
    }
    return this.podLimitFor.limit;
  }

  private podLimitFor?: { nodes: number; limit: number };

  private checkPodLimit(): void {
    if (this.pods.size >= this.podLimit) throw new ApiError('Unknown', 'etcdserver: mvcc: database space exceeded');
  }

  /**
   * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount): a pod naming a service account that
   * does not exist is refused (checked here for a named one only; every namespace has its `default`).
   */
  private checkServiceAccount(namespace: string, name: string, template: PodTemplate): void {
    const sa = template.serviceAccountName;
    if (sa === undefined || sa === 'default' || this.store.get('ServiceAccount', namespace, sa)) return;
    throw new ApiError('Forbidden', `pods "${name}" is forbidden: error looking up service account ${namespace}/${sa}: serviceaccount "${sa}" not found`);
  }

  /**
   * A pod named by generateName from `base`. The API server refuses a name in use, and the controller tries
   * another: 27^5 suffixes make a clash likely among 150,000 pods of one ReplicaSet (about 800 of them).
   */
  createPod(namespace: string, base: string, template: PodTemplate, owner: Owner | undefined): PodRecord {
    this.checkPodLimit();
    this.checkServiceAccount(namespace, `${base}`, template);
    // Pods share their template's labels (nothing relabels them); DaemonSet pods add their revision below.
    const name = generateName(base, this.rng);
    const pod = new PodRecord(serialUid(++this.podSerial, this.rng), namespace, name, template, owner, this.now);
    if (owner?.kind === 'DaemonSet') pod.labels = { ...template.labels, 'controller-revision-hash': this.templateHash(template).slice(0, 10) };
    while (!this.store.tryCreate(pod)) pod.name = generateName(base, this.rng);
    if (owner?.kind !== 'DaemonSet') this.scheduler.enqueue(pod);
    this.changed('pods');
    return pod;
  }

  /** A pod of its own (`kubectl run`): no controller, the exact name asked for. Throws the API server's AlreadyExists. */
  createBarePod(namespace: string, name: string, template: PodTemplate): Pod {
    this.ensureNamespace(namespace);
    this.checkPodLimit();
    this.checkServiceAccount(namespace, name, template);
    const pod = new PodRecord(serialUid(++this.podSerial, this.rng), namespace, name, template, undefined, this.now);
    this.store.create(pod);
    this.scheduler.enqueue(pod);
    this.changed('pods');
    this.reconcile();
    return pod;
  }

  /** A NodePort from the API server's default range (30000-32767) that no Service uses yet (nor as health check port). */
  nodePort(): number {
    const taken = new Set(this.store.list<Service>('Service').flatMap((s) => [...s.spec.ports.map((p) => p.nodePort), s.spec.healthCheckNodePort]));
    for (;;) {
      const port = 30000 + this.rng.int(2768);
      if (!taken.has(port)) return port;
    }
  }

  /** Runs the instant controllers until nothing changes: Deployment, ReplicaSet, DaemonSet, the scheduler. */
  private settle(): void {
    for (let guard = 0; guard < 10; guard++) {
      let changed = 0;
      if (this.controllersDirty || this.replicaSetsDue || this.daemonSetsDue) {
        const all = this.controllersDirty;
        const rs = all || this.replicaSetsDue;
        const ds = all || this.daemonSetsDue;
        this.controllersDirty = this.replicaSetsDue = this.daemonSetsDue = false;
        this.syncing = true;
        try {
          if (all) changed += syncDeployments(this);
          if (rs) changed += this.replicaSets.sync();
          if (ds) changed += this.daemonSets.sync();
        } finally {
          this.syncing = false;
        }
      }
      changed += this.scheduler.schedulePending();
      if (this.endpointSlices.due) {
        this.syncing = true;
        try {
          changed += this.endpointSlices.sync();
        } finally {
          this.syncing = false;
        }
      }
      if (changed === 0) return;
    }
  }

  private settingsChanged(): void {
    this.settingsCache = undefined;
    this.kubelets.settingsChanged();
    for (const node of this.nodes) this.ipamd.wake(node);
  }

  // ---- building the cluster -----------------------------------------------------------------------------

  private makeEc2(): Ec2 {
    return {
      allocateAddresses: (_node, subnetId, count) => {
        const subnet = this.subnet(subnetId);
        return Array.from({ length: count }, () => allocateIp(this.rng, subnet));
      },
      allocatePrefixes: (_node, subnetId, count) => {
        const subnet = this.subnet(subnetId);
        return Array.from({ length: count }, () => allocatePrefix(this.rng, subnet));
      },
      releaseAddresses: (_node, subnetId, ips) => {
        for (const ip of ips) this.subnet(subnetId).used.delete(ip);
        this.changed('ipam');
      },
      createEni: (node, count, prefixes) => {
        const subnet = this.subnet(this.ipamdSettings().customNetworking ? this.eniConfigFor(node).spec.subnet : node.subnetId);
        const device = node.enis.reduce((max, e) => Math.max(max, e.deviceNumber), 0) + 1;
        const eni: Eni = {
          id: eniId(this.rng),
          deviceNumber: device,
          mac: eniMac(this.rng),
          primaryIp: allocateIp(this.rng, subnet),
          subnetId: subnet.id,
          secondaryIps: [],
          assignedIps: 0,
          lastReleaseAt: -Infinity,
          firstFreeHint: 0,
          createdAt: this.now,
          attachedAt: this.now + ENI_ATTACH_MS,
        };
        for (let n = 0; n < count; n++) {
          if (prefixes) {
            const p = allocatePrefix(this.rng, subnet);
            for (let k = 0; k < IPS_PER_PREFIX; k++) addSecondaryIp(eni, secondaryIp(p + k, p));
          } else {
            addSecondaryIp(eni, secondaryIp(allocateIp(this.rng, subnet)));
          }
        }
        node.enis.push(eni);
        this.at(ENI_ATTACH_MS, () => {
          eni.ifindex = node.nextIfindex++;
          this.changed('ipam', 'nodes');
          this.ipamd.wake(node);
          // Pods waiting for an address can now get one.
          this.changed('pods');
        });
        this.changed('ipam');
        return eni;
      },
      deleteEni: (node, eni) => {
        node.enis.splice(node.enis.indexOf(eni), 1);
        const subnet = this.subnet(eni.subnetId);
        subnet.used.delete(eni.primaryIp);
        for (const ip of eni.secondaryIps) subnet.used.delete(ip.ip);
        this.changed('ipam', 'nodes');
      },
    };
  }

  private addNodeOfType(type: InstanceType, subnet: Subnet): Node {
    const ip = allocateIp(this.rng, subnet);
    const publicIp = parseIpv4(`${this.rng.pick(PUBLIC_PREFIXES)}.${this.rng.int(256)}.${1 + this.rng.int(254)}`)!;
    // Per instance type, not per node: the calculation writes out its worked steps, 5,000 times on a large cluster.
    let maxPods = this.maxPodsOverride ?? this.maxPodsByType.get(type);
    if (maxPods === undefined) this.maxPodsByType.set(type, (maxPods = computeMaxPods(type, { showMaxAllowed: true }).uncapped));
    const name = `${ipHostLabel(ip)}.${this.region}.compute.internal`;
    const capacity = nodeCapacity(type);
    const node: Node = {
      kind: 'Node',
      metadata: newMeta(name, undefined, {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': type.name,
        'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'eks.amazonaws.com/nodegroup': 'ng1',
        'failure-domain.beta.kubernetes.io/region': this.region,
        'failure-domain.beta.kubernetes.io/zone': subnet.az,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': type.name,
        'topology.kubernetes.io/region': this.region,
        'topology.kubernetes.io/zone': subnet.az,
      }, {
        'alpha.kubernetes.io/provided-node-ip': formatIpv4(ip),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      }),
      name,
      instanceId: instanceId(this.rng),
      instanceType: type,
      az: subnet.az,
      subnetId: subnet.id,
      publicIp,
      enis: [
        {
          id: eniId(this.rng),
          deviceNumber: 0,
          mac: eniMac(this.rng),
          primaryIp: ip,
          subnetId: subnet.id,
          secondaryIps: [],
          assignedIps: 0,
          lastReleaseAt: -Infinity,
          firstFreeHint: 0,
          createdAt: this.now,
          attachedAt: this.now,
          ifindex: 2,
        },
      ],
      maxPods,
      capacity,
      allocatable: nodeAllocatable(type, capacity, maxPods),
      nextIfindex: 3,
      lastPoolDecreaseAt: this.now,
      ipamdBackoffUntil: 0,
      index: this.nodes.length,
      ipamdDueAt: Infinity,
    };
    this.store.create(node);
    this.scheduler.addNode(node);
    // Under Calico no ipamd runs: the node keeps eth0 alone, and calico-node sets up its block and tunnel.
    if (this.calico) this.calico.addNode(node);
    else {
      initNodePool(node, this.ipamdSettings(), this.ec2, this.now);
      this.ipamd.wake(node);
    }
    this.changed('nodes');
    return node;
  }

  private bootstrapSystem(awsNodeEnv: [string, string][]): void {
    const ns = 'kube-system';
    const ds = (name: string, template: PodTemplate): DaemonSet => ({
      kind: 'DaemonSet', metadata: newMeta(name, ns, { 'k8s-app': name }, { 'deprecated.daemonset.template.generation': '1' }), spec: { selector: { 'k8s-app': name }, template },
    });
    // aws-node first: ipamdSettings() reads its environment, and nodes initialise their pools with it.
    if (this.calico) {
      // Tigera's EKS guide: `kubectl delete daemonset -n kube-system aws-node`, then the operator's calico-node.
      for (const name of calicoNamespaces()) this.ensureNamespace(name);
      // The operator creates calico-node's service account before its DaemonSet (admission refuses pods without it).
      const ds = calicoNodeDaemonSet(this.calico);
      const sa = ds.spec.template.serviceAccountName;
      if (sa && !this.store.get('ServiceAccount', ds.metadata.namespace, sa)) this.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta(sa, ds.metadata.namespace) });
      this.store.create(ds);
    } else {
      const awsNode = awsNodeTemplate(this.region);
      awsNode.containers[0].env = withEnv(awsNode.containers[0].env, awsNodeEnv);
      this.store.create(ds('aws-node', awsNode));
    }
    this.store.create(ds('kube-proxy', kubeProxyTemplate(this.region)));
    const dnsLabels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };
    this.store.create<Deployment>({
      kind: 'Deployment',
      metadata: newMeta('coredns', ns, dnsLabels),
      spec: { replicas: 2, selector: dnsLabels, template: corednsTemplate(this.region) },
    });
    const cm = (name: string, data: Record<string, string>): ConfigMap => ({ kind: 'ConfigMap', metadata: newMeta(name, ns), data });
    for (const m of [
      cm('aws-auth', { mapRoles: '- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::123456789012:role/eksctl-myeks-nodegroup-ng1-NodeInstanceRole\n  username: system:node:{{EC2PrivateDNSName}}\n' }),
      cm('coredns', { Corefile: '.:53 {\n    errors\n    health {\n        lameduck 5s\n      }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n' }),
      cm('kube-proxy', { kubeconfig: 'kind: Config\napiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://EXAMPLE.gr7.ap-northeast-2.eks.amazonaws.com\n  name: default\n' }),
      cm('kube-proxy-config', { config: KUBE_PROXY_CONFIG }),
    ]) this.store.create(m);
    for (const sa of [...(this.calico ? [] : ['aws-node']), 'coredns', 'kube-proxy']) this.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta(sa, ns) });
    // What kube-apiserver creates at start-up (the system PriorityClasses) and what EKS adds (the gp2 StorageClass,
    // default until 1.30).
    for (const [name, value, description] of [
      ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
      ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
    ] as const) {
      this.store.create<GenericObject>({ kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: newMeta(name, undefined), body: { value, globalDefault: false, description, preemptionPolicy: 'PreemptLowerPriority' } });
    }
    this.store.create<GenericObject>({
      kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1',
      metadata: newMeta('gp2', undefined, {}, { 'storageclass.kubernetes.io/is-default-class': 'true' }),
      body: { provisioner: 'kubernetes.io/aws-ebs', parameters: { fsType: 'ext4', type: 'gp2' }, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
    });
    // The CRDs every EKS cluster has: the VPC CNI's ENIConfig and the VPC resource controller's SecurityGroupPolicy.
    for (const [plural, group, kind, scope, version] of [
      ['eniconfigs', 'crd.k8s.amazonaws.com', 'ENIConfig', 'Cluster', 'v1alpha1'],
      ['securitygrouppolicies', 'vpcresources.k8s.aws', 'SecurityGroupPolicy', 'Namespaced', 'v1beta1'],
    ]) {
      this.store.create<GenericObject>({
        kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', metadata: newMeta(`${plural}.${group}`, undefined),
        body: {
          spec: {
            group, names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), ...(kind === 'SecurityGroupPolicy' ? { shortNames: ['sgp'] } : {}) },
            scope, versions: [{ name: version, served: true, storage: true }],
          },
          status: { acceptedNames: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() }, storedVersions: [version] },
        },
      });
    }
    const subnets = this.vpc.subnets;
    this.store.create<Service>({
      kind: 'Service',
      metadata: newMeta('kubernetes', 'default', { component: 'apiserver', provider: 'kubernetes' }),
      spec: {
        type: 'ClusterIP', clusterIp: parseIpv4('10.100.0.1')!, ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 443 }],
        // The control plane's cross-account ENIs sit in two of the cluster's subnets.
        staticEndpoints: [allocateIp(this.rng, subnets[1]), allocateIp(this.rng, subnets[2])],
      },
    });
    this.store.create<Service>({
      kind: 'Service',
      metadata: newMeta('kube-dns', ns, { 'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' }),
      spec: {
        type: 'ClusterIP', clusterIp: parseIpv4('10.100.0.10')!, selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        ],
      },
    });
  }

  private serviceIp(): Ipv4 {
    const base = parseIpv4('10.100.0.0')!;
    const taken = new Set(this.store.list<Service>('Service').map((s) => s.spec.clusterIp));
    for (;;) {
      const ip = base + 2 + this.rng.int(65533);
      if (!taken.has(ip)) return ip;
    }
  }

}

/** Pod fields for field selectors (`kubectl get pods --field-selector status.phase=Running`). */
function podField(obj: { kind: string }, field: string): string {
  const p = obj as Pod;
  switch (field) {
    case 'spec.nodeName': return p.nodeName ?? '';
    case 'status.phase': return p.phase === 'ContainerCreating' ? 'Pending' : p.phase === 'Terminating' ? 'Running' : p.phase;
    case 'spec.restartPolicy': return 'Always';
    case 'spec.schedulerName': return 'default-scheduler';
    case 'spec.serviceAccountName': return p.template.serviceAccountName ?? 'default';
    case 'status.podIP': return p.ip === undefined ? '' : formatIpv4(p.ip);
    default: return '';
  }
}

function nodeField(_obj: { kind: string }, field: string): string {
  return field === 'spec.unschedulable' ? 'false' : '';
}

/** A container environment with changes applied (undefined removes), sorted as kubectl set env leaves it. */
function withEnv(env: ContainerSpec['env'], changes: [string, string | undefined][]): ContainerSpec['env'] {
  let out = [...env];
  for (const [key, value] of changes) {
    out = out.filter((e) => e.name !== key);
    if (value !== undefined) out.push({ name: key, value });
  }
  // The downward-API variable stays last, as in the add-on's manifest.
  return out.sort((a, b) => (a.name === 'MY_NODE_NAME' ? 1 : b.name === 'MY_NODE_NAME' ? -1 : a.name < b.name ? -1 : 1));
}

/** Node capacity. The catalog has no memory sizes: t3.medium's comes from the seed lab; others are estimates. */
function nodeCapacity(type: InstanceType): { cpuMilli: number; memoryKi: number } {
  const vcpus = type.vcpus ?? 2;
  const memoryKi = type.name === 't3.medium' ? 3_943_372 : Math.round(vcpus * 4 * 1024 * 1024 * 0.94);
  return { cpuMilli: vcpus * 1000, memoryKi };
}

/**
 * Allocatable as the EKS AMI's bootstrap reserves it: CPU 6% of the first core, 1% of the second, 0.5% of the
 * next two and 0.25% of the rest; memory 255 MiB + 11 MiB per max pod, plus the 100 MiB eviction threshold.
 */
function nodeAllocatable(type: InstanceType, capacity: { cpuMilli: number; memoryKi: number }, maxPods: number) {
  const cores = capacity.cpuMilli / 1000;
  let reserved = 0;
  for (let c = 1; c <= cores; c++) reserved += c === 1 ? 60 : c === 2 ? 10 : c <= 4 ? 5 : 2.5;
  return {
    cpuMilli: capacity.cpuMilli - Math.round(reserved),
    memoryKi: capacity.memoryKi - (255 + 11 * maxPods) * 1024 - 100 * 1024,
  };
}
