// What every object in the API store carries, as the Kubernetes API defines it (k8s.io/apimachinery's ObjectMeta
// and OwnerReference). Times are model milliseconds; the printers turn them into RFC 3339.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  /** Absent for cluster-scoped kinds (Node, Namespace, ENIConfig …). */
  namespace?: string;
  uid: string;
  /** The store's write counter when this object was last written (etcd's mod revision). */
  resourceVersion: number;
  /** Counts changes to spec (kinds whose spec the API server versions: Deployments, DaemonSets, ReplicaSets …). */
  generation?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: OwnerReference[];
  creationTimestamp: number;
  /** Set when a graceful deletion starts (pods); the object goes when its finaliser, the kubelet, lets it. */
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
  generateName?: string;
}

/** An object as the store keeps it. Kinds with behaviour add typed `spec`/`status`; others keep what was applied. */
export interface ApiRecord {
  readonly kind: string;
  metadata: ObjectMeta;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends ApiRecord = ApiRecord> {
  type: WatchEventType;
  object: T;
}
