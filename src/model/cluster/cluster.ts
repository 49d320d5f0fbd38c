// The simulated EKS cluster: state, time, and the controllers that act on it (Deployment, ReplicaSet and
// DaemonSet controllers, kube-scheduler, the kubelet's pod start-up with the VPC CNI, ipamd's pool loop).
// Everything is deterministic from the seed: same seed and same operations give the same cluster.
import { getInstanceType, type InstanceType } from '../catalog/index.ts';
import { eniId, eniMac, generateName, instanceId, podTemplateHash, randomHex, serialUid } from '../ids.ts';
import {
  addSecondaryIp, assignPodIp, ENI_ATTACH_MS, type Ec2, InsufficientCidrBlocks, MissingEniConfig, ipamdTick, IPS_PER_PREFIX, initNodePool, reconcilePool, releasePodIp, secondaryIp,
} from '../ipam/ipamd.ts';
import { type IpamdSettings, readIpamdSettings } from '../ipam/settings.ts';
import { computeMaxPods } from '../max-pods.ts';
import { AddressSet } from '../net/address-set.ts';
import { cidrSize, type Ipv4, ipHostLabel, parseCidr, parseIpv4 } from '../net/ipv4.ts';
import { createRng, type Rng } from '../rng.ts';
import { SchedulingIndex } from '../scheduler-index.ts';
import { type NodeTable, type NodeUsage, podRequests, type Spread } from '../scheduler.ts';
import { TimerQueue } from '../timers.ts';
import { PodList } from './pod-list.ts';
import { PodRecord } from './pod-record.ts';
import { SandboxFailureEvent } from './sandbox-failure-event.ts';
import { SimilarEvents } from './similar-events.ts';
import {
  awsNodeTemplate, corednsTemplate, KUBE_PROXY_CONFIG, kubeProxyTemplate,
} from './system-workloads.ts';
import type {
  ClusterEvent, ConfigMap, ContainerSpec, DaemonSet, EniConfig, Owner, Deployment, Eni, Node, Pod, PodTemplate, PodVeth, ReplicaSet, Service, Subnet, Vpc,
} from './types.ts';

export interface ClusterOptions {
  seed?: string | number;
  instanceType?: string;
  nodes?: number;
  region?: string;
  /** The kubelet's --max-pods, when the node group overrides AWS's published value (e.g. 110 with prefixes). */
  maxPods?: number;
  /** aws-node settings the cluster is created with (e.g. ENABLE_PREFIX_DELEGATION=true). */
  awsNodeEnv?: [string, string][];
}

/** The seed lab's day (2023-05-05, 17:00 in Seoul); the cluster was created two hours before. */
const LAB_START = Date.UTC(2023, 4, 5, 8, 0, 0);
const CLUSTER_AGE_S = 2 * 3600;
const SANDBOX_DELAY_MS = 1_000;
const CONTAINER_START_MS = 1_500;
const SANDBOX_RETRY_MS = 10_000;
const TERMINATION_MS = 1_000;
const EVENT_REPEAT_MS = 5 * 60_000;
/** EC2 public address ranges of ap-northeast-2, for the nodes' public IPs. */
const PUBLIC_PREFIXES = ['3.34', '3.35', '13.124', '13.125', '15.164', '15.165', '43.200', '52.78', '52.79', '54.180'];

/** The lab's CloudFormation puts the bastion at .100 of the first public subnet. */
export function bastionAddress(vpc: Vpc): Ipv4 {
  return vpc.subnets[0].cidr.base + 100;
}

export type ClusterChange = 'pods' | 'ipam' | 'nodes' | 'workloads' | 'settings';

export class Cluster {
  readonly region: string;
  readonly vpc: Vpc;
  readonly nodes: Node[] = [];
  /** Every pod, in creation order. */
  readonly pods = new PodList('slot');
  readonly deployments: Deployment[] = [];
  readonly replicaSets: ReplicaSet[] = [];
  readonly daemonSets: DaemonSet[] = [];
  readonly configMaps: ConfigMap[] = [];
  readonly services: Service[] = [];
  readonly namespaces = new Map<string, number>();
  readonly events: ClusterEvent[] = [];
  readonly eniConfigs: EniConfig[] = [];
  now: number;
  readonly createdAt: number;

  private readonly rng: Rng;
  private readonly timers = new TimerQueue();
  private readonly listeners = new Set<(changes: Set<ClusterChange>) => void>();
  private pending = new Set<ClusterChange>();
  private uid = 0;
  private readonly ec2: Ec2;

  // Indexes, so that a 5,000-node, 150,000-pod cluster stays fast.
  /** Pods bound to each node (by node index), in binding order (a node holds tens of pods: arrays beat sets here). */
  private readonly podsByNode: Pod[][] = [];
  private readonly podsByOwner = new Map<string, PodList>();
  private readonly nodeByName = new Map<string, Node>();
  private table: NodeTable = emptyTable(0);
  /** Pods of one owner per node and per zone that count for spreading (scheduled, not terminating). */
  private readonly spread = new Map<string, Spread>();
  private vethPrefixCache?: string;
  /** Per node (by index): the kubelet's latest batch of pod steps (see atPod). */
  private readonly kubeletBatches: (KubeletBatch | undefined)[] = [];
  private readonly hashes = new WeakMap<PodTemplate, string>();
  /** Pods of one controller share one owner object, and its index key. */
  private readonly owners = new Map<string, Owner>();
  private readonly ownerKeys = new WeakMap<Owner, string>();
  private readonly maxPodsOverride?: number;
  /** Unscheduled pods, oldest first (the scheduler's active queue). */
  private unscheduled: PodRecord[] = [];
  /** Pods the scheduler could not place wait until capacity frees up or five minutes pass. */
  private unschedulableSince = new Map<Pod, number>();
  private capacityChanged = false;
  private controllersDirty = true;
  private nextStartNodeIndex = 0;
  private settingsCache?: IpamdSettings;
  /** Deduplicated events per object they are about, by reason and message. */
  /** Deduplicated events per object they are about: one event, or a list when an object has several. */
  private readonly eventIndex = new Map<object, ClusterEvent | ClusterEvent[]>();

  constructor(options: ClusterOptions = {}) {
    this.rng = createRng(options.seed ?? 'seed-lab');
    this.region = options.region ?? 'ap-northeast-2';
    this.createdAt = LAB_START - CLUSTER_AGE_S * 1000;
    this.now = this.createdAt;
    const typeName = options.instanceType ?? 't3.medium';
    const type = getInstanceType(typeName);
    if (!type) throw new Error(`unknown instance type "${typeName}"`);
    const nodeCount = options.nodes ?? 3;
    // The lab's VPC: 192.168.0.0/16 with a /24 per AZ. A cluster whose ENIs could not fit there gets one large
    // block per AZ instead (on AWS that takes secondary VPC CIDRs; the simulator keeps one flat VPC).
    const large = nodeCount * type.maxEnis * type.ipv4PerEni > 3 * 200;
    const vpcCidr = parseCidr(large ? '10.0.0.0/8' : '192.168.0.0/16')!;
    const azs = ['a', 'b', 'c'].map((z) => `${this.region}${z}`);
    const subnet = (cidrText: string, az: string, isPublic: boolean): Subnet => {
      const cidr = parseCidr(cidrText)!;
      return { id: `subnet-0${this.hex(16)}`, cidr, az, public: isPublic, used: new AddressSet(cidr) };
    };
    this.vpc = {
      id: `vpc-0${this.hex(16)}`,
      region: this.region,
      cidr: vpcCidr,
      subnets: azs.map((az, i) => subnet(large ? `10.${(i + 1) * 32}.0.0/11` : `192.168.${i + 1}.0/24`, az, true)),
    };
    // The lab's VPC also has a private subnet per AZ (192.168.11-13.0/24), where custom networking can put pods.
    if (!large) azs.forEach((az, i) => this.vpc.subnets.push(subnet(`192.168.${i + 11}.0/24`, az, false)));
    // The lab's bastion host was there before the cluster: its address is taken.
    this.vpc.subnets[0].used.add(bastionAddress(this.vpc));
    this.ec2 = this.makeEc2();
    this.maxPodsOverride = options.maxPods;
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) this.namespaces.set(ns, this.createdAt);

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

  private changed(...what: ClusterChange[]): void {
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

  ipamdSettings(): IpamdSettings {
    this.settingsCache ??= readIpamdSettings(this.awsNodeEnv());
    return this.settingsCache;
  }

  awsNodeEnv(): Map<string, string> {
    const ds = this.daemonSets.find((d) => d.namespace === 'kube-system' && d.name === 'aws-node');
    return new Map((ds?.template.containers[0].env ?? []).map((e) => [e.name, e.value]));
  }

  node(name: string): Node | undefined {
    return this.nodeByName.get(name);
  }

  podsOn(node: Node): Pod[] {
    return [...(this.podsByNode[node.index] ?? [])];
  }

  /** The pods a ReplicaSet or DaemonSet owns. */
  podsOwnedBy(kind: 'ReplicaSet' | 'DaemonSet', namespace: string, name: string): Pod[] {
    return [...(this.podsByOwner.get(`${kind}/${namespace}/${name}`) ?? [])];
  }

  findPod(namespace: string, name: string): Pod | undefined {
    for (const p of this.pods.values()) if (p.namespace === namespace && p.name === name) return p;
    return undefined;
  }

  subnet(id: string): Subnet {
    return this.vpc.subnets.find((s) => s.id === id)!;
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
    this.pruneEvents();
    this.notify();
  }

  private at(delayMs: number, run: () => void): void {
    this.timers.add(this.now + delayMs, run);
  }

  /**
   * A pod's next step on its node's kubelet. A node's steps of one kind due at one time run together, as one
   * timer: a scale-up schedules hundreds of thousands of them, and running a node's together keeps its ENIs in
   * the CPU's cache. (Kubelets run side by side, so no order between nodes is more right than another.)
   */
  private atPod(delayMs: number, step: (pod: PodRecord) => void, pod: PodRecord, node: Node): void {
    const at = this.now + delayMs;
    const last = this.kubeletBatches[node.index];
    if (last !== undefined && last.at === at && last.step === step) {
      last.pods.push(pod);
      return;
    }
    const batch: KubeletBatch = { at, step, pods: [pod] };
    this.kubeletBatches[node.index] = batch;
    this.timers.add(at, runKubeletBatch, batch);
  }

  private readonly sandboxStep = (pod: PodRecord) => this.createSandbox(pod);
  private readonly startStep = (pod: PodRecord) => {
    if (pod.phase !== 'ContainerCreating') return;
    pod.phase = 'Running';
    pod.startedAt = this.now;
    this.changed('pods');
  };

  // ---- operations (what kubectl and the widgets call) ---------------------------------------------------

  scaleDeployment(namespace: string, name: string, replicas: number): Deployment | undefined {
    const d = this.deployments.find((x) => x.namespace === namespace && x.name === name);
    if (!d) return undefined;
    d.replicas = replicas;
    this.controllersDirty = true;
    this.changed('workloads');
    this.settle();
    this.notify();
    return d;
  }

  /** Creates or updates a Deployment; returns whether it was created, changed or left unchanged. */
  applyDeployment(spec: Omit<Deployment, 'createdAt' | 'revision'>): 'created' | 'configured' | 'unchanged' {
    this.ensureNamespace(spec.namespace);
    const existing = this.deployments.find((d) => d.namespace === spec.namespace && d.name === spec.name);
    let result: 'created' | 'configured' | 'unchanged';
    if (!existing) {
      this.deployments.push({ ...spec, createdAt: this.now, revision: 1 });
      result = 'created';
    } else {
      const same =
        podTemplateHash(existing.template) === podTemplateHash(spec.template) && existing.replicas === spec.replicas;
      if (podTemplateHash(existing.template) !== podTemplateHash(spec.template)) existing.revision++;
      Object.assign(existing, { labels: spec.labels, selector: spec.selector, replicas: spec.replicas, template: spec.template });
      result = same ? 'unchanged' : 'configured';
    }
    this.controllersDirty = true;
    this.changed('workloads');
    this.settle();
    this.notify();
    return result;
  }

  applyService(spec: Omit<Service, 'createdAt' | 'clusterIp'> & { clusterIp?: Ipv4 }): 'created' | 'configured' {
    this.ensureNamespace(spec.namespace);
    const existing = this.services.find((s) => s.namespace === spec.namespace && s.name === spec.name);
    if (existing) {
      Object.assign(existing, { ...spec, clusterIp: existing.clusterIp });
      return 'configured';
    }
    this.services.push({ ...spec, clusterIp: spec.clusterIp ?? this.serviceIp(), createdAt: this.now });
    this.changed('workloads');
    return 'created';
  }

  ensureNamespace(name: string): boolean {
    if (this.namespaces.has(name)) return false;
    this.namespaces.set(name, this.now);
    return true;
  }

  deleteDeployment(namespace: string, name: string): boolean {
    const i = this.deployments.findIndex((d) => d.namespace === namespace && d.name === name);
    if (i < 0) return false;
    this.deployments.splice(i, 1);
    // Garbage collection: its ReplicaSets and their pods go too.
    for (const rs of this.replicaSets.filter((r) => r.namespace === namespace && r.deployment === name)) {
      this.replicaSets.splice(this.replicaSets.indexOf(rs), 1);
      for (const p of this.podsOwnedBy('ReplicaSet', namespace, rs.name)) this.deletePod(p);
    }
    this.controllersDirty = true;
    this.changed('workloads', 'pods');
    this.settle();
    this.notify();
    return true;
  }

  deleteService(namespace: string, name: string): boolean {
    const i = this.services.findIndex((s) => s.namespace === namespace && s.name === name);
    if (i < 0) return false;
    this.services.splice(i, 1);
    return true;
  }

  /** Starts a pod's graceful deletion (Terminating); its controller replaces it right away. */
  deletePod(pod: Pod): void {
    if (pod.phase === 'Terminating') return;
    this.uncountSpread(pod);
    pod.phase = 'Terminating';
    pod.deletedAt = this.now;
    this.controllersDirty = true;
    this.changed('pods');
    // Every pod the cluster hands out is one of its PodRecords.
    this.at(TERMINATION_MS, () => this.removePod(pod as PodRecord));
    this.settle();
    this.notify();
  }

  /** `kubectl set env daemonset/aws-node KEY=VALUE` (value undefined removes KEY): a rolling restart of aws-node. */
  setDaemonSetEnv(namespace: string, name: string, changes: [string, string | undefined][]): DaemonSet | undefined {
    const ds = this.daemonSets.find((d) => d.namespace === namespace && d.name === name);
    if (!ds) return undefined;
    const container = ds.template.containers[0];
    ds.template = { ...ds.template, containers: [{ ...container, env: withEnv(container.env, changes) }, ...ds.template.containers.slice(1)] };
    ds.generation++;
    this.settingsCache = undefined;
    this.vethPrefixCache = undefined;
    this.controllersDirty = true;
    // The DaemonSet controller replaces each pod with one of the new template; ipamd restarts with the new settings.
    for (const pod of this.podsOwnedBy('DaemonSet', namespace, name)) this.deletePod(pod);
    for (const node of this.nodes) this.wakeIpamd(node);
    this.changed('settings', 'workloads');
    this.settle();
    this.notify();
    return ds;
  }

  /** A node group scaling out: a new node of the same type in the next subnet, round-robin. */
  addNode(): Node {
    const type = this.nodes[0]?.instanceType ?? getInstanceType('t3.medium')!;
    const nodeSubnets = this.vpc.subnets.filter((sn) => sn.public);
    const node = this.addNodeOfType(type, nodeSubnets[this.nodes.length % nodeSubnets.length]);
    this.controllersDirty = true;
    this.capacityChanged = true;
    this.settle();
    this.notify();
    return node;
  }

  // ---- building the cluster -----------------------------------------------------------------------------

  private hex(n: number): string {
    return randomHex(this.rng, n);
  }

  /** EC2 picks a free address in the subnet; the first four and the last are reserved by AWS. */
  private allocateIp(subnet: Subnet): Ipv4 {
    const size = cidrSize(subnet.cidr);
    if (subnet.used.size >= size - 5) throw new Error(`subnet ${subnet.id} has no free addresses`);
    for (;;) {
      const ip = subnet.cidr.base + 4 + this.rng.int(size - 5);
      if (!subnet.used.has(ip)) {
        subnet.used.add(ip);
        return ip;
      }
    }
  }

  /**
   * The ENIConfig a node's pod ENIs follow under custom networking: named by the node's
   * k8s.amazonaws.com/eniConfig label, else by the label ENI_CONFIG_LABEL_DEF names (e.g. its zone), else "default".
   */
  eniConfigFor(node: Node): EniConfig {
    const labelKey = this.awsNodeEnv().get('ENI_CONFIG_LABEL_DEF');
    const name = node.labels['k8s.amazonaws.com/eniConfig'] ?? (labelKey ? node.labels[labelKey] : undefined) ?? 'default';
    const config = this.eniConfigs.find((c) => c.name === name);
    if (!config) throw new MissingEniConfig(`Failed to get ENIConfig ${name}: eniconfigs.crd.k8s.amazonaws.com "${name}" not found`);
    if (!this.vpc.subnets.some((sn) => sn.id === config.subnet)) throw new MissingEniConfig(`ENIConfig ${name}: subnet ${config.subnet} does not exist`);
    return config;
  }

  applyEniConfig(spec: Omit<EniConfig, 'createdAt'>): 'created' | 'configured' | 'unchanged' {
    const existing = this.eniConfigs.find((c) => c.name === spec.name);
    if (!existing) {
      this.eniConfigs.push({ ...spec, createdAt: this.now });
    } else if (existing.subnet === spec.subnet && existing.securityGroups.join() === spec.securityGroups.join()) {
      return 'unchanged';
    } else {
      Object.assign(existing, spec);
    }
    for (const node of this.nodes) this.wakeIpamd(node);
    this.changed('settings');
    this.notify();
    return existing ? 'configured' : 'created';
  }

  /** EC2 delegates an aligned /28 none of whose addresses is in use or reserved by AWS, chosen at random. */
  private allocatePrefix(subnet: Subnet): Ipv4 {
    const size = cidrSize(subnet.cidr);
    const free: Ipv4[] = [];
    for (let base = subnet.cidr.base; base < subnet.cidr.base + size; base += IPS_PER_PREFIX) {
      if (base - subnet.cidr.base < 4 || base + IPS_PER_PREFIX > subnet.cidr.base + size - 1) continue;
      let clear = true;
      for (let k = 0; k < IPS_PER_PREFIX && clear; k++) clear = !subnet.used.has(base + k);
      if (clear) free.push(base);
    }
    if (free.length === 0) throw new InsufficientCidrBlocks(`There are not enough free Cidr blocks in the specified subnet to satisfy the request.`);
    const base = this.rng.pick(free);
    for (let k = 0; k < IPS_PER_PREFIX; k++) subnet.used.add(base + k);
    return base;
  }

  private makeEc2(): Ec2 {
    return {
      allocateAddresses: (_node, subnetId, count) => Array.from({ length: count }, () => this.allocateIp(this.subnet(subnetId))),
      allocatePrefixes: (_node, subnetId, count) => Array.from({ length: count }, () => this.allocatePrefix(this.subnet(subnetId))),
      releaseAddresses: (_node, subnetId, ips) => {
        for (const ip of ips) this.subnet(subnetId).used.delete(ip);
        this.changed('ipam');
      },
      createEni: (node, count, prefixes) => {
        const subnet = this.subnet(this.ipamdSettings().customNetworking ? this.eniConfigFor(node).subnet : node.subnetId);
        const device = node.enis.reduce((max, e) => Math.max(max, e.deviceNumber), 0) + 1;
        const eni: Eni = {
          id: eniId(this.rng),
          deviceNumber: device,
          mac: eniMac(this.rng),
          primaryIp: this.allocateIp(subnet),
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
            const p = this.allocatePrefix(subnet);
            for (let k = 0; k < IPS_PER_PREFIX; k++) addSecondaryIp(eni, secondaryIp(p + k, p));
          } else {
            addSecondaryIp(eni, secondaryIp(this.allocateIp(subnet)));
          }
        }
        node.enis.push(eni);
        this.at(ENI_ATTACH_MS, () => {
          eni.ifindex = node.nextIfindex++;
          this.changed('ipam', 'nodes');
          this.wakeIpamd(node);
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
    const ip = this.allocateIp(subnet);
    const publicIp = parseIpv4(`${this.rng.pick(PUBLIC_PREFIXES)}.${this.rng.int(256)}.${1 + this.rng.int(254)}`)!;
    const maxPods = this.maxPodsOverride ?? computeMaxPods(type, { showMaxAllowed: true }).uncapped;
    const name = `${ipHostLabel(ip)}.${this.region}.compute.internal`;
    const capacity = nodeCapacity(type);
    const node: Node = {
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
      createdAt: this.now,
      labels: {
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
      },
      nextIfindex: 3,
      lastPoolDecreaseAt: this.now,
      ipamdBackoffUntil: 0,
      index: this.nodes.length,
      ipamdDueAt: Infinity,
    };
    this.nodes.push(node);
    this.nodeByName.set(node.name, node);
    this.podsByNode.push([]);
    this.growTable();
    const i = this.nodes.length - 1;
    this.table.maxPods[i] = node.maxPods;
    this.table.cpuAllocatable[i] = node.allocatable.cpuMilli;
    this.table.memoryAllocatable[i] = node.allocatable.memoryKi;
    this.table.zone[i] = this.vpc.subnets.findIndex((sn) => sn.az === node.az);
    initNodePool(node, this.ipamdSettings(), this.ec2, this.now);
    this.wakeIpamd(node);
    this.changed('nodes');
    return node;
  }

  private bootstrapSystem(awsNodeEnv: [string, string][]): void {
    const ns = 'kube-system';
    const ds = (name: string, template: PodTemplate): DaemonSet => ({
      namespace: ns, name, labels: { 'k8s-app': name }, selector: { 'k8s-app': name }, template, createdAt: this.now, generation: 1,
    });
    // aws-node first: ipamdSettings() reads its environment, and nodes initialise their pools with it.
    const awsNode = awsNodeTemplate(this.region);
    awsNode.containers[0].env = withEnv(awsNode.containers[0].env, awsNodeEnv);
    this.daemonSets.push(ds('aws-node', awsNode), ds('kube-proxy', kubeProxyTemplate(this.region)));
    this.deployments.push({
      namespace: ns,
      name: 'coredns',
      labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
      selector: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
      replicas: 2,
      template: corednsTemplate(this.region),
      createdAt: this.now,
      revision: 1,
    });
    const cm = (name: string, data: Record<string, string>): ConfigMap => ({ namespace: ns, name, labels: {}, data, createdAt: this.now });
    this.configMaps.push(
      cm('aws-auth', { mapRoles: '- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::123456789012:role/eksctl-myeks-nodegroup-ng1-NodeInstanceRole\n  username: system:node:{{EC2PrivateDNSName}}\n' }),
      cm('coredns', { Corefile: '.:53 {\n    errors\n    health {\n        lameduck 5s\n      }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n' }),
      cm('kube-proxy', { kubeconfig: 'kind: Config\napiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://EXAMPLE.gr7.ap-northeast-2.eks.amazonaws.com\n  name: default\n' }),
      cm('kube-proxy-config', { config: KUBE_PROXY_CONFIG }),
    );
    const serviceSubnet = this.vpc.subnets;
    this.services.push(
      {
        namespace: 'default', name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, type: 'ClusterIP',
        clusterIp: parseIpv4('10.100.0.1')!, ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 443 }],
        // The control plane's cross-account ENIs sit in two of the cluster's subnets.
        staticEndpoints: [this.allocateIp(serviceSubnet[1]), this.allocateIp(serviceSubnet[2])],
        createdAt: this.now,
      },
      {
        namespace: ns, name: 'kube-dns',
        labels: { 'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        type: 'ClusterIP', clusterIp: parseIpv4('10.100.0.10')!, selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        ],
        createdAt: this.now,
      },
    );
  }

  private serviceIp(): Ipv4 {
    const base = parseIpv4('10.100.0.0')!;
    const taken = new Set(this.services.map((s) => s.clusterIp));
    for (;;) {
      const ip = base + 2 + this.rng.int(65533);
      if (!taken.has(ip)) return ip;
    }
  }

  // ---- controllers ----------------------------------------------------------------------------------------

  /** Runs the instant controllers until nothing changes: Deployment, ReplicaSet, DaemonSet, the scheduler. */
  private settle(): void {
    for (let guard = 0; guard < 10; guard++) {
      let changed = 0;
      if (this.controllersDirty) {
        this.controllersDirty = false;
        changed += this.syncDeployments() + this.syncReplicaSets() + this.syncDaemonSets();
      }
      changed += this.schedulePending();
      if (changed === 0) return;
    }
  }

  private templateHash(t: PodTemplate): string {
    let h = this.hashes.get(t);
    if (h === undefined) this.hashes.set(t, (h = podTemplateHash(t)));
    return h;
  }

  private syncDeployments(): number {
    let changes = 0;
    for (const d of this.deployments) {
      const hash = this.templateHash(d.template);
      const owned = this.replicaSets.filter((r) => r.namespace === d.namespace && r.deployment === d.name);
      let current = owned.find((r) => r.hash === hash);
      if (!current) {
        current = {
          namespace: d.namespace, name: `${d.name}-${hash}`, hash, deployment: d.name,
          selector: { ...d.selector, 'pod-template-hash': hash }, replicas: 0,
          template: { ...d.template, labels: { ...d.template.labels, 'pod-template-hash': hash } },
          createdAt: this.now, revision: d.revision,
        };
        this.replicaSets.push(current);
        changes++;
      }
      // Recreate-style rollout: the new ReplicaSet takes all replicas at once (a lab needs no surge maths).
      for (const r of owned) {
        if (r !== current && r.replicas !== 0) {
          r.replicas = 0;
          changes++;
        }
      }
      if (current.replicas !== d.replicas) {
        const verb = d.replicas > current.replicas ? 'up' : 'down';
        current.replicas = d.replicas;
        // Kubernetes 1.24 wording (1.27 added "from N").
        this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${current.name} to ${d.replicas}`, 'deployment-controller', false, 'Deployment');
        changes++;
      }
    }
    return changes;
  }

  private syncReplicaSets(): number {
    let changes = 0;
    for (const rs of this.replicaSets) {
      const live = this.podsOwnedBy('ReplicaSet', rs.namespace, rs.name).filter((p) => p.phase !== 'Terminating');
      const owner = this.owner('ReplicaSet', rs.namespace, rs.name);
      for (let i = live.length; i < rs.replicas; i++) {
        this.createPod(rs.namespace, generateName(`${rs.name}-`, this.rng), rs.template, owner);
        changes++;
      }
      if (live.length > rs.replicas) {
        // ReplicaSet controller order: unscheduled, then not running, then the newest.
        const rank = (p: Pod) => (p.nodeName === undefined ? 0 : p.phase !== 'Running' ? 1 : 2);
        const victims = [...live].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt).slice(0, live.length - rs.replicas);
        for (const p of victims) this.deletePod(p);
        changes += victims.length;
      }
    }
    return changes;
  }

  private syncDaemonSets(): number {
    let changes = 0;
    for (const ds of this.daemonSets) {
      // A rolling update replaces a node's pod only once the old one is gone (maxUnavailable 1, no surge).
      const covered = new Set(this.podsOwnedBy('DaemonSet', ds.namespace, ds.name).map((p) => p.nodeName));
      for (const node of this.nodes) {
        if (!covered.has(node.name) && this.table.pods[node.index] < node.maxPods) {
          const pod = this.createPod(ds.namespace, generateName(`${ds.name}-`, this.rng), ds.template, this.owner('DaemonSet', ds.namespace, ds.name));
          this.bind(pod, node);
          changes++;
        }
      }
    }
    return changes;
  }

  private owner(kind: Owner['kind'], namespace: string, name: string): Owner {
    const key = `${kind}/${namespace}/${name}`;
    let o = this.owners.get(key);
    if (!o) this.owners.set(key, (o = { kind, name }));
    return o;
  }

  private createPod(namespace: string, name: string, template: PodTemplate, owner: Pod['owner']): PodRecord {
    // Pods share their template's labels (nothing relabels them); DaemonSet pods add their revision below.
    const pod = new PodRecord(serialUid(++this.uid, this.rng), namespace, name, template, owner, this.now);
    if (owner?.kind === 'DaemonSet') pod.labels = { ...template.labels, 'controller-revision-hash': this.templateHash(template).slice(0, 10) };
    this.pods.add(pod);
    if (owner) {
      const key = this.ownerKey(pod);
      let owned = this.podsByOwner.get(key);
      if (!owned) this.podsByOwner.set(key, (owned = new PodList('ownerSlot')));
      owned.add(pod);
    }
    if (owner?.kind !== 'DaemonSet') this.unscheduled.push(pod);
    this.changed('pods');
    return pod;
  }

  private ownerKey(pod: Pod): string {
    if (!pod.owner) return `Pod/${pod.namespace}/${pod.name}`;
    let key = this.ownerKeys.get(pod.owner);
    if (key === undefined) this.ownerKeys.set(pod.owner, (key = `${pod.owner.kind}/${pod.namespace}/${pod.owner.name}`));
    return key;
  }

  /** Keeps the scheduler's per-node arrays as long as the node list (doubling, like a vector). */
  private growTable(): void {
    const need = this.nodes.length;
    if (need <= this.table.pods.length) {
      this.table = { ...this.table, nodes: this.nodes };
      return;
    }
    const bigger = emptyTable(Math.max(16, need * 2));
    for (const key of ['pods', 'maxPods', 'cpuUsed', 'cpuAllocatable', 'memoryUsed', 'memoryAllocatable', 'zone'] as const) {
      (bigger[key] as Int32Array | Float64Array).set(this.table[key]);
    }
    this.table = { ...bigger, nodes: this.nodes };
    for (const [key, sp] of this.spread) {
      const byNode = new Int32Array(bigger.pods.length);
      byNode.set(sp.byNode);
      this.spread.set(key, { byNode, byZone: sp.byZone });
    }
  }

  private spreadOf(pod: Pod): Spread {
    const key = this.ownerKey(pod);
    let sp = this.spread.get(key);
    if (!sp) {
      sp = { byNode: new Int32Array(this.table.pods.length), byZone: new Int32Array(this.vpc.subnets.length) };
      this.spread.set(key, sp);
    }
    return sp;
  }

  private countSpread(pod: Pod, node: Node): void {
    const i = node.index;
    const sp = this.spreadOf(pod);
    sp.byNode[i]++;
    sp.byZone[this.table.zone[i]]++;
  }

  private uncountSpread(pod: Pod): void {
    // Every bound pod is counted until its deletion starts (which stamps deletedAt).
    if (pod.nodeName === undefined || pod.deletedAt !== undefined) return;
    const i = this.nodeByName.get(pod.nodeName)!.index;
    const sp = this.spreadOf(pod);
    sp.byNode[i]--;
    sp.byZone[this.table.zone[i]]--;
  }

  private schedulePending(): number {
    if (this.unscheduled.length === 0) return 0;
    const retryAll = this.capacityChanged;
    this.capacityChanged = false;
    let bound = 0;
    const waiting: PodRecord[] = [];
    // Pods of one owner come in runs; each run searches one index that its own bindings keep current.
    let index: SchedulingIndex | undefined;
    let indexFor: { spread: Spread; requests: object } | undefined;
    // An indexed loop: this one call can run 150,000 times round before V8 optimises it, and until then a for-of
    // allocates an iterator result per pod.
    const queue = this.unscheduled;
    for (let i = 0; i < queue.length; i++) {
      const pod = queue[i];
      // A deleted pod is Terminating before it is removed, so the phase alone tells.
      if (pod.nodeName !== undefined || pod.phase !== 'Pending') continue;
      const since = this.unschedulableSince.get(pod);
      if (since !== undefined && !retryAll && this.now - since < EVENT_REPEAT_MS) {
        waiting.push(pod);
        continue;
      }
      const spread = this.spreadOf(pod), requests = podRequests(pod);
      if (!index || indexFor?.spread !== spread || indexFor.requests !== requests) {
        index = new SchedulingIndex(this.table, spread, pod);
        indexFor = { spread, requests };
      }
      const result = index.schedule(this.nextStartNodeIndex, this.rng);
      if ('index' in result) {
        this.nextStartNodeIndex = result.nextStartIndex;
        this.unschedulableSince.delete(pod);
        this.bind(pod, this.nodes[result.index]);
        index.update(result.index);
        bound++;
      } else {
        this.unschedulableSince.set(pod, this.now);
        this.event(pod, 'Warning', 'FailedScheduling', result.failure, 'default-scheduler', true);
        waiting.push(pod);
      }
    }
    this.unscheduled = waiting;
    return bound;
  }

  private addUsage(node: Node, pod: Pod, sign: 1 | -1): void {
    const i = node.index;
    const r = podRequests(pod);
    this.table.pods[i] += sign;
    this.table.cpuUsed[i] += sign * r.cpuMilli;
    this.table.memoryUsed[i] += sign * r.memoryKi;
  }

  /** Requests in use on a node (describe node's "Allocated resources"). */
  usage(node: Node): NodeUsage {
    const i = node.index;
    return { pods: this.table.pods[i], cpuMilli: this.table.cpuUsed[i], memoryKi: this.table.memoryUsed[i] };
  }

  private bind(pod: PodRecord, node: Node): void {
    pod.nodeName = node.name;
    pod.scheduledAt = this.now;
    pod.phase = 'ContainerCreating';
    this.podsByNode[node.index].push(pod);
    this.addUsage(node, pod, 1);
    this.countSpread(pod, node);
    this.changed('pods');
    this.atPod(SANDBOX_DELAY_MS, this.sandboxStep, pod, node);
  }

  /** The kubelet creates the pod sandbox; the VPC CNI gives it an address from ipamd, a veth and a route. */
  private createSandbox(pod: PodRecord): void {
    const node = this.node(pod.nodeName ?? '');
    if (!node || pod.phase !== 'ContainerCreating') return;
    if (pod.template.hostNetwork) {
      pod.ip = node.enis[0].primaryIp;
    } else {
      const got = assignPodIp(node, pod, this.ipamdSettings(), this.now);
      this.wakeIpamd(node);
      if (!got) {
        this.sandboxFailed(pod);
        this.atPod(SANDBOX_RETRY_MS, this.sandboxStep, pod, node);
        return;
      }
      const prefix = (this.vethPrefixCache ??= this.awsNodeEnv().get('AWS_VPC_K8S_CNI_VETHPREFIX') ?? 'eni');
      pod.attachVeth(prefix, node.nextIfindex++);
      this.changed('ipam');
    }
    pod.sandboxReadyAt = this.now;
    this.atPod(CONTAINER_START_MS, this.startStep, pod, node);
    this.changed('pods');
  }

  private removePod(pod: PodRecord): void {
    this.pods.delete(pod);
    if (pod.owner) this.podsByOwner.get(this.ownerKey(pod))?.delete(pod);
    this.uncountSpread(pod);
    this.unschedulableSince.delete(pod);
    this.controllersDirty = true;
    const node = pod.nodeName ? this.node(pod.nodeName) : undefined;
    if (node) {
      const list = this.podsByNode[node.index];
      list.splice(list.indexOf(pod), 1);
      this.addUsage(node, pod, -1);
      this.capacityChanged = true;
    }
    if (node && pod.ip !== undefined && !pod.template.hostNetwork) {
      releasePodIp(node, pod.uid, this.now);
      this.wakeIpamd(node);
      this.changed('ipam');
    }
    this.changed('pods');
  }

  /**
   * Events about one object, by when they were last seen. A pod's routine events (Scheduled, Pulled, Created, Started, Killing)
   * follow from its timestamps and are derived here rather than stored, so that a 150,000-pod cluster stays small.
   */
  eventsFor(kind: string, namespace: string | undefined, name: string): ClusterEvent[] {
    const stored = this.events.filter((e) => e.kind === kind && e.name === name && (namespace === undefined || e.namespace === namespace));
    const pod = kind === 'Pod' && namespace !== undefined ? this.findPod(namespace, name) : undefined;
    // kubectl describe sorts by the last time an event was seen.
    return [...stored, ...(pod ? this.podLifecycleEvents(pod) : [])].sort((a, b) => a.lastAt - b.lastAt);
  }

  /** Every event in the cluster (or one namespace), oldest first, as `kubectl get events` lists them. */
  allEvents(namespace?: string): ClusterEvent[] {
    const stored = this.events.filter((e) => namespace === undefined || e.namespace === namespace);
    const derived = [...this.pods.values()].filter((p) => namespace === undefined || p.namespace === namespace).flatMap((p) => this.podLifecycleEvents(p));
    return [...stored, ...derived].sort((a, b) => a.lastAt - b.lastAt);
  }

  private podLifecycleEvents(pod: Pod): ClusterEvent[] {
    const out: ClusterEvent[] = [];
    const add = (at: number | undefined, reason: string, message: string, source: string) => {
      if (at !== undefined && at >= this.now - EVENT_TTL_MS) {
        out.push({ namespace: pod.namespace, kind: 'Pod', name: pod.name, type: 'Normal', reason, message, source, firstAt: at, lastAt: at, count: 1 });
      }
    };
    // DaemonSet pods are bound by their controller, not the scheduler.
    if (pod.owner?.kind !== 'DaemonSet') add(pod.scheduledAt, 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.nodeName}`, 'default-scheduler');
    add(pod.sandboxReadyAt, 'Pulled', `Container image "${pod.template.containers[0].image}" already present on machine`, 'kubelet');
    for (const c of pod.template.containers) {
      add(pod.sandboxReadyAt, 'Created', `Created container ${c.name}`, 'kubelet');
      add(pod.sandboxReadyAt, 'Started', `Started container ${c.name}`, 'kubelet');
    }
    for (const c of pod.template.containers) add(pod.deletedAt, 'Killing', `Stopping container ${c.name}`, 'kubelet');
    return out;
  }

  private pruneEvents(): void {
    const cutoff = this.now - EVENT_TTL_MS;
    if (this.events.length === 0 || this.events[0].lastAt >= cutoff) return;
    const kept = this.events.filter((e) => e.lastAt >= cutoff);
    for (const [about, entry] of this.eventIndex) {
      const live = (Array.isArray(entry) ? entry : [entry]).filter((e) => e.lastAt >= cutoff);
      if (live.length === 0) this.eventIndex.delete(about);
      else this.eventIndex.set(about, live.length === 1 ? live[0] : live);
    }
    this.events.length = 0;
    for (const e of kept) this.events.push(e);
  }

  /**
   * Puts ipamd's next pass on the clock: the node's first loop tick after now and not before `at`. The model
   * skips the ticks where ipamd would find nothing to do.
   */
  private wakeIpamd(node: Node, at = this.now): void {
    const tick = ipamdTick(node, this.now, at);
    if (tick >= node.ipamdDueAt) return;
    node.ipamdDueAt = tick;
    this.timers.add(tick, this.ipamdStep, node);
  }

  private readonly ipamdStep = (node: Node) => this.runIpamd(node);

  private runIpamd(node: Node): void {
    // A pass put on the clock later and then overtaken by an earlier one does not run.
    if (this.now !== node.ipamdDueAt || this.nodeByName.get(node.name) !== node) return;
    node.ipamdDueAt = Infinity;
    const again = reconcilePool(node, this.ipamdSettings(), this.ec2, this.now);
    if (again < Infinity) this.wakeIpamd(node, again);
  }

  /** Records an event. With `dedupe`, a repeat of the same reason and message only counts up. */
  private event(
    about: { namespace: string; name: string }, type: ClusterEvent['type'], reason: string, message: string, source: string,
    dedupe = false, kind = 'Pod',
  ): void {
    const entry = this.eventIndex.get(about);
    if (dedupe) {
      const same = Array.isArray(entry) ? entry.find((e) => e.reason === reason && e.message === message) : entry?.reason === reason && entry.message === message ? entry : undefined;
      if (same) {
        // The scheduler retries an unschedulable pod at most every few minutes unless the cluster changes.
        if (this.now - same.lastAt >= EVENT_REPEAT_MS) {
          same.lastAt = this.now;
          same.count++;
        }
        return;
      }
    }
    const event: ClusterEvent = { namespace: about.namespace, kind, name: about.name, type, reason, message, source, firstAt: this.now, lastAt: this.now, count: 1 };
    this.events.push(event);
    if (dedupe) this.eventIndex.set(about, entry === undefined ? event : Array.isArray(entry) ? [...entry, event] : [entry, event]);
  }

  /**
   * The kubelet reports a sandbox the CNI could give no address. Each attempt names a new sandbox, so what reaches
   * the API server is up to client-go's recorder: nine events of their own, then one combined event counted up,
   * within its spam budget (see similar-events.ts).
   */
  private sandboxFailed(pod: PodRecord): void {
    // The sandbox ID is drawn whether or not the recorder passes the event on.
    const sandbox = this.rng.bits32();
    const before = pod.sandboxFailures;
    // A first failure is always an event of its own, so the recorder's state is built only at the second, by
    // replaying the first. Most pods in a burst fail once: on the 150,000-pod benchmark this saves about 6 MB of
    // peak memory and 0.1–0.3 s (alternating runs with and without it).
    if (before === undefined) {
      const event = new SandboxFailureEvent(pod.namespace, pod.name, sandbox, this.now, false);
      pod.sandboxFailures = event;
      this.events.push(event);
      return;
    }
    let similar: SimilarEvents<SandboxFailureEvent>;
    if (before instanceof SimilarEvents) {
      similar = before;
    } else {
      pod.sandboxFailures = similar = new SimilarEvents<SandboxFailureEvent>();
      similar.observe(before.firstAt);
    }
    const seen = similar.observe(this.now);
    if (seen.kind === 'dropped') return;
    const combined = similar.combined;
    if (seen.kind === 'combined' && combined !== undefined && combined.lastAt >= this.now - EVENT_TTL_MS) {
      combined.recount(seen.count, this.now, sandbox);
      return;
    }
    const event = new SandboxFailureEvent(pod.namespace, pod.name, sandbox, this.now, seen.kind === 'combined');
    if (seen.kind === 'combined') {
      event.count = seen.count;
      similar.combined = event;
    }
    this.events.push(event);
  }
}

/** Pod steps one kubelet runs at one time, in the order they were asked for. */
interface KubeletBatch {
  at: number;
  step: (pod: PodRecord) => void;
  pods: PodRecord[];
}

function runKubeletBatch(batch: KubeletBatch): void {
  for (const pod of batch.pods) batch.step(pod);
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

function emptyTable(size: number): NodeTable {
  return {
    nodes: [],
    pods: new Int32Array(size),
    maxPods: new Int32Array(size),
    cpuUsed: new Float64Array(size),
    cpuAllocatable: new Float64Array(size),
    memoryUsed: new Float64Array(size),
    memoryAllocatable: new Float64Array(size),
    zone: new Int32Array(size),
  };
}

/** The API server keeps events for an hour (kube-apiserver --event-ttl). */
const EVENT_TTL_MS = 3_600_000;

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
