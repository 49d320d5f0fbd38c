// The AWS Load Balancer Controller's names for what it creates for a Service, as v2.5.1 computes them:
// pkg/service/model_build_load_balancer.go (buildLoadBalancerName) and pkg/service/model_build_target_group.go
// (buildTargetGroupName). Each is `k8s-<ns %.8s>-<name %.8s>-<hash %.10s>`, the namespace and name stripped of
// every non-alphanumeric character, the hash the lowercase hex SHA-256 of its inputs written one after another
// with no separator. A Service's UID is among the inputs, so names differ from cluster to cluster.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** `[[:^alnum:]]` removed, as invalidLoadBalancerNamePattern / invalidTargetGroupNamePattern do. */
const sanitize = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');

/** Names are asked for on every reconcile of every Service: the hashes of recent inputs are kept. */
const hashes = new Map<string, string>();

function hashOf(parts: string[]): string {
  const input = parts.join('');
  let h = hashes.get(input);
  if (h === undefined) {
    if (hashes.size >= 20_000) hashes.clear();
    hashes.set(input, (h = bytesToHex(sha256(utf8ToBytes(input)))));
  }
  return h;
}

function shaped(namespace: string, name: string, hash: string): string {
  return `k8s-${sanitize(namespace).slice(0, 8)}-${sanitize(name).slice(0, 8)}-${hash.slice(0, 10)}`;
}

export type Scheme = 'internal' | 'internet-facing';
export type TargetType = 'ip' | 'instance';

/** buildLoadBalancerName: hash of the cluster name, the Service's UID and the scheme. */
export function loadBalancerName(clusterName: string, namespace: string, name: string, uid: string, scheme: Scheme): string {
  return shaped(namespace, name, hashOf([clusterName, uid, scheme]));
}

export interface TargetGroupNameInput {
  clusterName: string;
  namespace: string;
  name: string;
  uid: string;
  /** The NodePort (instance) or the numeric targetPort (ip; a named targetPort gives 1). */
  tgPort: number;
  /** The Service port (`intstr.FromInt(port.Port).String()`). */
  svcPort: number;
  targetType: TargetType;
  tgProtocol: string;
  hcProtocol: string;
  hcInterval: number;
}

/** buildTargetGroupName: hash of cluster, UID, tgPort, svcPort, target type, protocols and health-check interval. */
export function targetGroupName(i: TargetGroupNameInput): string {
  return shaped(i.namespace, i.name, hashOf([
    i.clusterName, i.uid, String(i.tgPort), String(i.svcPort), i.targetType, i.tgProtocol, i.hcProtocol, String(i.hcInterval),
  ]));
}

// The Ingress side: pkg/ingress/model_build_load_balancer.go and model_build_target_group.go (v2.5.1). An
// IngressGroup's ID is `namespace/name` for an Ingress on its own (implicit group) and the bare group name for
// `alb.ingress.kubernetes.io/group.name` (explicit group); its String() is what the hashes take.

/** buildLoadBalancerName for an IngressGroup: no UID among the inputs, so the name is the same in every cluster of that name. */
export function ingressLoadBalancerName(clusterName: string, group: { namespace?: string; name: string }, scheme: Scheme): string {
  const id = group.namespace === undefined ? group.name : `${group.namespace}/${group.name}`;
  const hash = hashOf([clusterName, id, scheme]);
  if (group.namespace === undefined) return `k8s-${sanitize(group.name).slice(0, 17)}-${hash.slice(0, 10)}`;
  return shaped(group.namespace, group.name, hash);
}

export interface IngressTargetGroupNameInput {
  clusterName: string;
  /** The group ID's String(): `ns/name` (implicit) or the group name (explicit). */
  groupId: string;
  ingNamespace: string;
  ingName: string;
  svcNamespace: string;
  svcName: string;
  svcUid: string;
  /** The backend's port as written: a number, or a port name (`intstr.String()`). */
  port: number | string;
  tgPort: number;
  targetType: TargetType;
  tgProtocol: string;
  tgProtocolVersion: string;
}

/** buildTargetGroupName for an Ingress backend: named after the Service, hashed over group, Ingress, Service UID and port. */
export function ingressTargetGroupName(i: IngressTargetGroupNameInput): string {
  return shaped(i.svcNamespace, i.svcName, hashOf([
    i.clusterName, i.groupId, i.ingNamespace, i.ingName, i.svcUid, String(i.port), String(i.tgPort), i.targetType, i.tgProtocol, i.tgProtocolVersion,
  ]));
}
