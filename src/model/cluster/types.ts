// The simulated cluster's state, as plain data. Behaviour lives in cluster.ts, ipamd.ts, scheduler.ts.
import type { InstanceType } from '../catalog/index.ts';
import type { AddressSet } from '../net/address-set.ts';
import type { Cidr, Ipv4 } from '../net/ipv4.ts';

export interface Subnet {
  id: string;
  cidr: Cidr;
  az: string;
  /** Public subnets hold the nodes; the private ones are there for custom networking's ENIConfigs. */
  public: boolean;
  /** Addresses handed out in this subnet (node and ENI primaries, secondaries), so none is given twice. */
  used: AddressSet;
}

export interface Vpc {
  id: string;
  region: string;
  cidr: Cidr;
  subnets: Subnet[];
}

/** A secondary IPv4 address on an ENI, as ipamd's datastore tracks it. */
export interface SecondaryIp {
  ip: Ipv4;
  /** With prefix delegation: the /28 prefix (its first address) this address belongs to. */
  prefix?: Ipv4;
  /** The pod holding it. */
  podUid?: string;
  /** When a pod last gave it back: it cannot go to another pod for the cooldown period after that. */
  releasedAt?: number;
}

export interface Eni {
  id: string;
  /** 0 for the primary ENI (eth0); ethN on the node. */
  deviceNumber: number;
  mac: string;
  primaryIp: Ipv4;
  subnetId: string;
  secondaryIps: SecondaryIp[];
  /** How many of secondaryIps a pod holds, and when one was last given back: ipamd's counters, so that a
   *  pool check need not visit every address. */
  assignedIps: number;
  lastReleaseAt: number;
  /** Every address below this index in secondaryIps is held by a pod: where the search for a free one starts. */
  firstFreeHint: number;
  createdAt: number;
  /** Model time at which EC2 finishes attaching it; before that the node does not see it. */
  attachedAt: number;
  /** Index in the node's `ip link` list (set when attached). */
  ifindex?: number;
}

export interface Resources {
  cpuMilli: number;
  memoryKi: number;
}

export interface Node {
  name: string;
  instanceId: string;
  instanceType: InstanceType;
  az: string;
  subnetId: string;
  publicIp: Ipv4;
  enis: Eni[];
  maxPods: number;
  capacity: Resources;
  allocatable: Resources;
  createdAt: number;
  labels: Record<string, string>;
  /** Next free interface index (`ip link` numbers; lo is 1, eth0 2). */
  nextIfindex: number;
  /** ipamd's clock: when it last freed IPs or an ENI (it does so at most every 30 s). */
  lastPoolDecreaseAt: number;
  /** After EC2 answers InsufficientCidrBlocks, ipamd waits before asking again. */
  ipamdBackoffUntil: number;
  /** Position in the cluster's node list (nodes are never removed): indexes the per-node tables. */
  index: number;
  /** When ipamd's next pass is on the clock (Infinity: none until something wakes it). */
  ipamdDueAt: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  ports: { containerPort: number; protocol: string; name?: string }[];
  requests: Partial<Resources>;
  env: { name: string; value: string }[];
  command?: string[];
  args?: string[];
}

export interface PodTemplate {
  labels: Record<string, string>;
  hostNetwork: boolean;
  priorityClassName?: string;
  initContainers?: { name: string; image: string }[];
  containers: ContainerSpec[];
}

export type PodPhase = 'Pending' | 'ContainerCreating' | 'Running' | 'Terminating';

export interface PodVeth {
  name: string;
  mac: string;
  ifindex: number;
  netns: string;
}

export interface Owner {
  kind: 'ReplicaSet' | 'DaemonSet';
  name: string;
}

export interface Pod {
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  owner?: Owner;
  template: PodTemplate;
  nodeName?: string;
  phase: PodPhase;
  ip?: Ipv4;
  /** ENI device number the pod's IP is on (decides the CNI's `ip rule` table). */
  eniDevice?: number;
  veth?: PodVeth;
  createdAt: number;
  scheduledAt?: number;
  /** When the CNI finished setting up the pod's network (the kubelet then starts its containers). */
  sandboxReadyAt?: number;
  startedAt?: number;
  deletedAt?: number;
  restarts: number;
}

export interface Deployment {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  replicas: number;
  template: PodTemplate;
  createdAt: number;
  revision: number;
}

export interface ReplicaSet {
  namespace: string;
  name: string;
  /** pod-template-hash. */
  hash: string;
  deployment: string;
  selector: Record<string, string>;
  replicas: number;
  template: PodTemplate;
  createdAt: number;
  revision: number;
}

export interface DaemonSet {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplate;
  createdAt: number;
  generation: number;
}

export interface ConfigMap {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  data: Record<string, string>;
  createdAt: number;
}

export interface ServicePort {
  name?: string;
  protocol: string;
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

export interface Service {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  clusterIp: Ipv4;
  selector?: Record<string, string>;
  ports: ServicePort[];
  /** Fixed endpoints for services without a selector (the `kubernetes` service: the control plane's ENIs). */
  staticEndpoints?: Ipv4[];
  createdAt: number;
}

/** The VPC CNI's ENIConfig custom resource: where custom networking puts a node's pod ENIs. */
export interface EniConfig {
  name: string;
  subnet: string;
  securityGroups: string[];
  createdAt: number;
}

export interface ClusterEvent {
  namespace: string;
  kind: string;
  name: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: string;
  firstAt: number;
  lastAt: number;
  count: number;
}
