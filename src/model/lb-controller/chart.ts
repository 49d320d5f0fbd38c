// The eks/aws-load-balancer-controller Helm chart (version 1.5.2, app v2.5.1: the versions in the seed's ClusterRole
// labels), rendered as `helm install` would with the values the seed sets. Templates followed:
// kubernetes-sigs/aws-load-balancer-controller v2.5.1 helm/aws-load-balancer-controller/{crds/crds.yaml,
// templates/{deployment,rbac,service,webhook,ingressclass,serviceaccount}.yaml, values.yaml}.
// A release is recorded as Helm 3 records it: a Secret `sh.helm.release.v1.<name>.v<revision>` of type
// helm.sh/release.v1 in the release's namespace (its payload here is base64 JSON, not Helm's gzip).
import type { Cluster } from '../cluster/cluster.ts';
import type { ContainerSpec, GenericObject, PodTemplate } from '../cluster/types.ts';

export const CHART_NAME = 'aws-load-balancer-controller';
export const CHART_VERSION = '1.5.2';
export const APP_VERSION = 'v2.5.1';
export const CONTROLLER_IMAGE = `public.ecr.aws/eks/aws-load-balancer-controller:${APP_VERSION}`;
export const WEBHOOK_SERVICE = 'aws-load-balancer-webhook-service';
export const NOTES = 'AWS Load Balancer controller installed!\n';

export interface ChartValues {
  clusterName?: string;
  serviceAccountCreate: boolean;
  serviceAccountName?: string;
  replicaCount: number;
}

export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  updatedAt: number;
  status: 'deployed';
  chart: string;
  appVersion: string;
  values: ChartValues;
}

type Obj = { apiVersion: string; kind: string; name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string>; body: Record<string, unknown> };

/** `required` in templates/deployment.yaml line 61: Helm's template error for a missing clusterName. */
export const MISSING_CLUSTER_NAME = 'execution error at (aws-load-balancer-controller/templates/deployment.yaml:61:28): Chart cannot be installed without a valid clusterName!';

function chartLabels(release: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': CHART_NAME,
    'app.kubernetes.io/version': APP_VERSION,
    'helm.sh/chart': `${CHART_NAME}-${CHART_VERSION}`,
  };
}

const selectorLabels = (release: string) => ({ 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': CHART_NAME });

/** The two CRDs in the chart's crds/ directory: Helm installs them first, without its labels. */
function crds(): Obj[] {
  const crd = (plural: string, kind: string, scope: string, shortNames?: string[]): Obj => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `${plural}.elbv2.k8s.aws`, labels: {},
    annotations: { 'controller-gen.kubebuilder.io/version': 'v0.11.1' },
    body: {
      spec: {
        group: 'elbv2.k8s.aws',
        names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), ...(shortNames ? { shortNames } : {}) },
        scope,
        versions: kind === 'TargetGroupBinding'
          ? [{ name: 'v1alpha1', served: true, storage: false }, { name: 'v1beta1', served: true, storage: true }]
          : [{ name: 'v1beta1', served: true, storage: true }],
      },
      status: { acceptedNames: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() }, storedVersions: ['v1beta1'] },
    },
  });
  return [crd('ingressclassparams', 'IngressClassParams', 'Cluster'), crd('targetgroupbindings', 'TargetGroupBinding', 'Namespaced')];
}

/** templates/rbac.yaml's ClusterRole rules, in the chart's order. */
export const CLUSTER_ROLE_RULES = [
  { apiGroups: ['elbv2.k8s.aws'], resources: ['targetgroupbindings'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: ['elbv2.k8s.aws'], resources: ['ingressclassparams'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['', 'extensions', 'networking.k8s.io'], resources: ['services', 'ingresses'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['nodes', 'namespaces', 'endpoints'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['elbv2.k8s.aws', '', 'extensions', 'networking.k8s.io'], resources: ['targetgroupbindings/status', 'pods/status', 'services/status', 'ingresses/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
];

const LEADER_ROLE_RULES = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
  { apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-load-balancer-controller-leader'], verbs: ['get', 'patch', 'update'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['aws-load-balancer-controller-leader'], verbs: ['get', 'update', 'patch'] },
];

export function serviceAccountName(release: string, v: ChartValues): string {
  return v.serviceAccountName ?? (v.serviceAccountCreate ? CHART_NAME : 'default');
}

/** The controller's pod template (templates/deployment.yaml with the default values). */
export function controllerTemplate(release: string, v: ChartValues): PodTemplate {
  const container: ContainerSpec = {
    name: CHART_NAME,
    image: CONTROLLER_IMAGE,
    args: [`--cluster-name=${v.clusterName}`, '--ingress-class=alb'],
    ports: [{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }, { name: 'metrics-server', containerPort: 8080, protocol: 'TCP' }],
    requests: {},
    env: [],
  };
  return {
    labels: selectorLabels(release),
    annotations: { 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' },
    hostNetwork: false,
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: serviceAccountName(release, v),
    containers: [container],
  };
}

/** Everything but the CRDs and the Deployment and Service (which the cluster makes through its own operations). */
function templates(release: string, ns: string, v: ChartValues): Obj[] {
  const labels = chartLabels(release);
  const annotations = { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns };
  const o = (apiVersion: string, kind: string, name: string, namespace: string | undefined, body: Record<string, unknown>, extraLabels: Record<string, string> = {}): Obj => ({
    apiVersion, kind, name, ...(namespace ? { namespace } : {}), labels: { ...labels, ...extraLabels }, annotations, body,
  });
  const sa = serviceAccountName(release, v);
  const out: Obj[] = [];
  if (v.serviceAccountCreate) out.push(o('v1', 'ServiceAccount', sa, ns, { automountServiceAccountToken: true }));
  out.push(o('v1', 'Secret', 'aws-load-balancer-tls', ns, { type: 'kubernetes.io/tls', data: { 'ca.crt': '', 'tls.crt': '', 'tls.key': '' } }));
  out.push(o('rbac.authorization.k8s.io/v1', 'Role', `${CHART_NAME}-leader-election-role`, ns, { rules: LEADER_ROLE_RULES }));
  out.push(o('rbac.authorization.k8s.io/v1', 'RoleBinding', `${CHART_NAME}-leader-election-rolebinding`, ns, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${CHART_NAME}-leader-election-role` },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
  }));
  out.push(o('rbac.authorization.k8s.io/v1', 'ClusterRole', `${CHART_NAME}-role`, undefined, { rules: CLUSTER_ROLE_RULES }));
  out.push(o('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', `${CHART_NAME}-rolebinding`, undefined, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${CHART_NAME}-role` },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
  }));
  const hook = (name: string, path: string) => ({
    name, admissionReviewVersions: ['v1beta1'], sideEffects: 'None', failurePolicy: 'Fail',
    clientConfig: { service: { name: WEBHOOK_SERVICE, namespace: ns, path, port: 443 } },
  });
  out.push(o('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'aws-load-balancer-webhook', undefined, {
    webhooks: [hook('mpod.elbv2.k8s.aws', '/mutate-v1-pod'), hook('mservice.elbv2.k8s.aws', '/mutate-v1-service'), hook('mtargetgroupbinding.elbv2.k8s.aws', '/mutate-elbv2-k8s-aws-v1beta1-targetgroupbinding')],
  }));
  out.push(o('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'aws-load-balancer-webhook', undefined, {
    webhooks: [
      hook('vingressclassparams.elbv2.k8s.aws', '/validate-elbv2-k8s-aws-v1beta1-ingressclassparams'),
      hook('vtargetgroupbinding.elbv2.k8s.aws', '/validate-elbv2-k8s-aws-v1beta1-targetgroupbinding'),
      hook('vingress.elbv2.k8s.aws', '/validate-networking-v1-ingress'),
    ],
  }));
  out.push(o('elbv2.k8s.aws/v1beta1', 'IngressClassParams', 'alb', undefined, {}));
  out.push(o('networking.k8s.io/v1', 'IngressClass', 'alb', undefined, { spec: { controller: 'ingress.k8s.aws/alb' } }));
  return out;
}

const RELEASE_SECRET = (name: string, revision: number) => `sh.helm.release.v1.${name}.v${revision}`;

/** Installs the chart's objects and records the release. */
export function installChart(cluster: Cluster, release: string, namespace: string, values: ChartValues): HelmRelease {
  cluster.ensureNamespace(namespace);
  for (const c of crds()) cluster.applyObject(c);
  for (const obj of templates(release, namespace, values)) cluster.applyObject(obj);
  const labels = chartLabels(release);
  const annotations = { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace };
  cluster.applyService({
    namespace, name: WEBHOOK_SERVICE, labels: { ...labels, 'app.kubernetes.io/component': 'webhook', 'prometheus.io/service-monitor': 'false' }, annotations,
    spec: { type: 'ClusterIP', selector: selectorLabels(release), ports: [{ name: 'webhook-server', protocol: 'TCP', port: 443, targetPort: 'webhook-server' }] },
  });
  cluster.applyDeployment({
    namespace, name: CHART_NAME, labels, annotations, selector: selectorLabels(release), replicas: values.replicaCount, template: controllerTemplate(release, values),
  });
  const rel: HelmRelease = { name: release, namespace, revision: 1, updatedAt: cluster.now, status: 'deployed', chart: `${CHART_NAME}-${CHART_VERSION}`, appVersion: APP_VERSION, values };
  cluster.applyObject({
    apiVersion: 'v1', kind: 'Secret', name: RELEASE_SECRET(release, 1), namespace,
    labels: { modifiedAt: String(Math.floor(cluster.now / 1000)), name: release, owner: 'helm', status: 'deployed', version: '1' }, annotations: {},
    body: { type: 'helm.sh/release.v1', data: { release: btoa(JSON.stringify(rel)) } },
  });
  return rel;
}

/** Releases as `helm list` reads them: the newest revision's Secret of each release. */
export function listReleases(cluster: Cluster, namespace?: string): HelmRelease[] {
  const out: HelmRelease[] = [];
  for (const s of cluster.store.list<GenericObject>('Secret', namespace !== undefined ? { namespace } : {})) {
    if (s.metadata.labels.owner !== 'helm' || (s.body as { type?: string }).type !== 'helm.sh/release.v1') continue;
    try {
      out.push(JSON.parse(atob(((s.body as { data: { release: string } }).data.release))) as HelmRelease);
    } catch {
      continue;
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `helm uninstall`: deletes what the release made (not its CRDs: Helm never deletes those) and its record. */
export function uninstallChart(cluster: Cluster, rel: HelmRelease): void {
  for (const obj of templates(rel.name, rel.namespace, rel.values)) cluster.delete(obj.kind, obj.namespace, obj.name);
  cluster.delete('Service', rel.namespace, WEBHOOK_SERVICE);
  cluster.delete('Deployment', rel.namespace, CHART_NAME);
  cluster.delete('Secret', rel.namespace, RELEASE_SECRET(rel.name, rel.revision));
}
