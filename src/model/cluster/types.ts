// The simulated cluster's state, as plain data. Behaviour lives in cluster.ts, ipamd.ts, scheduler.ts.
import type { ApiRecord, ObjectMeta } from '../api/types.ts';
import type { InstanceType } from '../catalog/index.ts';
import type { AddressSet } from '../net/address-set.ts';
import type { Cidr, Ipv4 } from '../net/ipv4.ts';
import type { ServiceTraffic } from '../k8s/service-spec.ts';

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
  /** When ipamd last gave it to a pod (AddressInfo.AssignedTime, kept after the pod gives it back). Unset on an
   *  address ipamd holds no entry for: never used, or a released one whose entry it has since dropped. */
  assignedAt?: number;
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

export interface Node extends ApiRecord {
  kind: 'Node';
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
  /** The Node object's metadata (name, labels, creation time) as the store serves it. */
  metadata: ObjectMeta;
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
  /** Kernel parameters written on the node with sysctl -w (net/sysctl.ts), by dotted name. */
  sysctlWrites?: Map<string, string>;
}

export interface ContainerSpec {
  name: string;
  image: string;
  ports: { containerPort: number; protocol: string; name?: string }[];
  requests: Partial<Resources>;
  env: { name: string; value: string }[];
  command?: string[];
  args?: string[];
  /** lifecycle.preStop.exec.command: what the kubelet runs before it sends SIGTERM. */
  preStop?: string[];
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  hostNetwork: boolean;
  priorityClassName?: string;
  serviceAccountName?: string;
  initContainers?: { name: string; image: string }[];
  containers: ContainerSpec[];
  /** spec.terminationGracePeriodSeconds (30 when unset). */
  terminationGracePeriodSeconds?: number;
  /** spec.readinessGates written in the template (the LB controller's webhook adds its own per pod). */
  readinessGates?: string[];
}

/** A pod condition other than the kubelet's own: what a readiness gate waits for. */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: number;
}

export type PodPhase = 'Pending' | 'ContainerCreating' | 'Running' | 'Terminating';

export interface PodVeth {
  name: string;
  mac: string;
  ifindex: number;
  netns: string;
}

/** A pod's controller: one object shared by all its pods (pods keep no ownerReferences array of their own). */
export interface Owner {
  kind: 'ReplicaSet' | 'DaemonSet';
  name: string;
  uid: string;
}

/**
 * A pod as the model keeps it: flat fields, because a large cluster holds hundreds of thousands. `metadata` is
 * a view of those fields (name, labels, owner …) in the API's shape, built when someone reads it.
 */
export interface Pod extends ApiRecord {
  readonly kind: 'Pod';
  uid: string;
  namespace: string;
  name: string;
  /** Shared with the template until something relabels the pod (then the pod gets its own copy). */
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: Owner;
  resourceVersion: number;
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
  /** spec.readinessGates: the template's plus any a mutating webhook added when the pod was created. */
  readinessGates?: string[];
  /** While terminating: when its containers stopped serving (preStop hook done, SIGTERM sent). */
  stopsAt?: number;
  /** status.conditions set by others than the kubelet (readiness gates' conditions), in the order they came. */
  conditions?: PodCondition[];
}

/** A Deployment as the store keeps it; its status is computed from its pods when read. */
/** spec.strategy: RollingUpdate (the default) with its two bounds, as written (a count or a percentage), or Recreate. */
export interface DeploymentStrategy {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
}

export interface Deployment extends ApiRecord {
  kind: 'Deployment';
  spec: { replicas: number; selector: Record<string, string>; template: PodTemplate; strategy?: DeploymentStrategy };
}

export interface ReplicaSet extends ApiRecord {
  kind: 'ReplicaSet';
  /** The selector and template carry the Deployment's pod-template-hash. */
  spec: { replicas: number; selector: Record<string, string>; template: PodTemplate };
}

export interface DaemonSet extends ApiRecord {
  kind: 'DaemonSet';
  spec: { selector: Record<string, string>; template: PodTemplate };
}

export interface ConfigMap extends ApiRecord {
  kind: 'ConfigMap';
  data: Record<string, string>;
}

export interface ServicePort {
  name?: string;
  protocol: string;
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

/** One entry of status.loadBalancer.ingress: an IP (kube-proxy routes it) or a host name (an AWS load balancer's). */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

export interface Service extends ApiRecord {
  kind: 'Service';
  spec: Partial<ServiceTraffic> & {
    type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
    clusterIp: Ipv4;
    selector?: Record<string, string>;
    ports: ServicePort[];
    externalIPs?: string[];
    /** Fixed endpoints for services without a selector (the `kubernetes` service: the control plane's ENIs). */
    staticEndpoints?: Ipv4[];
    /** spec.loadBalancerClass: which load balancer controller owns a LoadBalancer Service. */
    loadBalancerClass?: string;
  };
  /** Written by the load balancer's controller (cluster.setLoadBalancerIngress), never by kubectl apply. */
  status?: { loadBalancer: { ingress?: LoadBalancerIngress[] } };
}

/** The VPC CNI's ENIConfig custom resource: where custom networking puts a node's pod ENIs. */
export interface EniConfig extends ApiRecord {
  kind: 'ENIConfig';
  spec: { subnet: string; securityGroups: string[] };
}

export interface Namespace extends ApiRecord {
  kind: 'Namespace';
}

export interface ServiceAccount extends ApiRecord {
  kind: 'ServiceAccount';
}

/**
 * An object of a kind the model gives no behaviour (a Secret, a Role, a CustomResourceDefinition, an object
 * of a CRD …): kept as applied, so that get, describe, label and patch work for it as for any other.
 */
export interface GenericObject extends ApiRecord {
  apiVersion: string;
  /** Everything but apiVersion, kind and metadata, as the API server would return it. */
  body: Record<string, unknown>;
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
