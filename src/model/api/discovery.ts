// The API server's discovery documents: every resource an EKS 1.24 cluster serves, with its group, version,
// short names and scope. `kubectl api-resources` prints this table; kubectl resolves `po`, `deploy`,
// `deployments.apps`, `crd` … through it; the object store registers a collection per entry.
// The list is Kubernetes 1.24's built-in resources (kube-apiserver's `/api` and `/apis`), plus the two CRDs
// every EKS cluster has from the VPC CNI add-on and the VPC resource controller.

export interface ApiResource {
  /** Plural lower-case name, as in `kubectl get pods` and `deployments.apps`. */
  name: string;
  singular: string;
  shortNames: string[];
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  /** A custom resource's CRD (`plural.group`): the server serves it only while that CRD exists. */
  crd?: string;
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];
const READ = ['get', 'list'];

/** name, short names, group/version, namespaced, kind, verbs. In discovery order: by group, then by name. */
const TABLE: [string, string, string, boolean, string, string[]?][] = [
  ['bindings', '', 'v1', true, 'Binding', CREATE_ONLY],
  ['componentstatuses', 'cs', 'v1', false, 'ComponentStatus', READ],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap'],
  ['endpoints', 'ep', 'v1', true, 'Endpoints'],
  ['events', 'ev', 'v1', true, 'Event'],
  ['limitranges', 'limits', 'v1', true, 'LimitRange'],
  ['namespaces', 'ns', 'v1', false, 'Namespace', ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
  ['nodes', 'no', 'v1', false, 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume'],
  ['pods', 'po', 'v1', true, 'Pod'],
  ['podtemplates', '', 'v1', true, 'PodTemplate'],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota'],
  ['secrets', '', 'v1', true, 'Secret'],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'],
  ['services', 'svc', 'v1', true, 'Service', ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
  ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'MutatingWebhookConfiguration'],
  ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingWebhookConfiguration'],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition'],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService'],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision'],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet'],
  ['tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview', CREATE_ONLY],
  ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview', CREATE_ONLY],
  ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview', CREATE_ONLY],
  ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview', CREATE_ONLY],
  ['subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview', CREATE_ONLY],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob'],
  ['jobs', '', 'batch/v1', true, 'Job'],
  ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest'],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease'],
  ['eniconfigs', '', 'crd.k8s.amazonaws.com/v1alpha1', false, 'ENIConfig'],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event'],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1beta2', false, 'FlowSchema'],
  ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1beta2', false, 'PriorityLevelConfiguration'],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy'],
  ['runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'],
  ['podsecuritypolicies', 'psp', 'policy/v1beta1', false, 'PodSecurityPolicy'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass'],
  ['csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver'],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode'],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass'],
  ['volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment'],
  ['securitygrouppolicies', 'sgp', 'vpcresources.k8s.aws/v1beta1', true, 'SecurityGroupPolicy'],
  // The AWS Load Balancer Controller's CRDs: served once its Helm chart has installed them.
  ['ingressclassparams', '', 'elbv2.k8s.aws/v1beta1', false, 'IngressClassParams'],
  ['targetgroupbindings', '', 'elbv2.k8s.aws/v1beta1', true, 'TargetGroupBinding'],
];

/** Resources that exist only while their CRD does (the rest of the table is built in or there from the start). */
const INSTALLED_CRDS = new Set(['ingressclassparams.elbv2.k8s.aws', 'targetgroupbindings.elbv2.k8s.aws']);

export const API_RESOURCES: readonly ApiResource[] = TABLE.map(([name, short, gv, namespaced, kind, verbs]) => {
  const slash = gv.indexOf('/');
  return {
    name,
    singular: kind.toLowerCase(),
    shortNames: short ? short.split(',') : [],
    group: slash < 0 ? '' : gv.slice(0, slash),
    version: slash < 0 ? gv : gv.slice(slash + 1),
    namespaced,
    kind,
    verbs: verbs ?? ALL,
    ...(INSTALLED_CRDS.has(`${name}.${gv.split('/')[0]}`) ? { crd: `${name}.${gv.split('/')[0]}` } : {}),
  };
});

/**
 * Versions a 1.24 API server also serves besides each resource's preferred one (`kubectl api-versions` lists them
 * all): the beta versions Kubernetes 1.25 and 1.26 removed.
 */
export const OLDER_SERVED_VERSIONS = [
  'autoscaling/v1', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1beta1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta1', 'node.k8s.io/v1beta1', 'storage.k8s.io/v1beta1',
];

export const apiVersionOf = (r: ApiResource): string => (r.group ? `${r.group}/${r.version}` : r.version);

/** `deployments.apps` for a grouped resource, `pods` for a core one: how the API server names a resource in errors. */
export const qualifiedName = (r: ApiResource): string => (r.group ? `${r.name}.${r.group}` : r.name);

/**
 * Resolves what a user typed (`po`, `pod`, `pods`, `deploy`, `deployments.apps`, `deployment.v1.apps`, `crd`)
 * as kubectl's RESTMapper does: plural, singular or short name, optionally followed by `.group` or
 * `.version.group`. Where two groups serve a name (events), the first in discovery order wins, as in kubectl.
 */
export function resolveResource(typed: string): ApiResource | undefined {
  const word = typed.toLowerCase();
  for (const r of API_RESOURCES) {
    const names = [r.name, r.singular, ...r.shortNames];
    for (const n of names) {
      if (word === n) return r;
      if (!word.startsWith(`${n}.`)) continue;
      const rest = word.slice(n.length + 1);
      if (rest === r.group || rest === `${r.version}.${r.group}` || (r.group === '' && rest === r.version)) return r;
    }
  }
  return undefined;
}

export function resourceForKind(kind: string, group?: string): ApiResource | undefined {
  return API_RESOURCES.find((r) => r.kind === kind && (group === undefined || r.group === group));
}
