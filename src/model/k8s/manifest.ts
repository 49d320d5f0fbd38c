// Kubernetes manifests (YAML) to the model's objects: what `kubectl apply -f` and `delete -f` understand.
import { TERMINATION_GRACE_S } from './termination.ts';
import { parseAllDocuments } from 'yaml';
import { apiVersionOf, resourceForKind } from '../api/discovery.ts';
import type { ContainerSpec, PodTemplate, Service } from '../cluster/types.ts';
import type { DeploymentInput, ServiceInput } from '../cluster/cluster.ts';

export type ManifestObject =
  | { kind: 'Deployment'; spec: DeploymentInput }
  | { kind: 'ENIConfig'; spec: { name: string; subnet: string; securityGroups: string[] } }
  | { kind: 'Service'; spec: ServiceInput }
  | { kind: 'Namespace'; name: string }
  /** A kind the model keeps as applied (ConfigMap, ServiceAccount, Secret, a Role …). */
  | { kind: 'Other'; object: { apiVersion: string; kind: string; name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string>; body: Record<string, unknown> } };

type Json = Record<string, unknown>;
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);
export const labels = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));

/** Kubernetes quantities: cpu "250m" / "0.5" / "1"; memory "64Mi", "1Gi", "128974848", "129M". */
export function parseCpuMilli(q: unknown): number | undefined {
  const s = str(q);
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(s);
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return m[2] ? Number(m[1]) : Math.round(Number(m[1]) * 1000);
}

export function parseMemoryKi(q: unknown): number | undefined {
  const s = str(q);
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(s);
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const factor: Record<string, number> = { '': 1 / 1024, Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3, k: 1000 / 1024, M: 1e6 / 1024, G: 1e9 / 1024, T: 1e12 / 1024 };
  return Math.round(Number(m[1]) * factor[m[2] ?? '']);
}

function container(c: Json): ContainerSpec {
  const requests = obj(obj(c.resources).requests);
  return {
    name: str(c.name),
    image: str(c.image),
    ports: arr(c.ports).map((p) => ({ containerPort: Number(obj(p).containerPort), protocol: str(obj(p).protocol, 'TCP'), ...(obj(p).name ? { name: str(obj(p).name) } : {}) })),
    requests: { cpuMilli: parseCpuMilli(requests.cpu), memoryKi: parseMemoryKi(requests.memory) },
    env: arr(c.env).map((e) => ({ name: str(obj(e).name), value: str(obj(e).value) })),
    ...(c.command ? { command: arr(c.command).map((x) => str(x)) } : {}),
    ...(c.args ? { args: arr(c.args).map((x) => str(x)) } : {}),
    ...(obj(obj(obj(c.lifecycle).preStop).exec).command ? { preStop: arr(obj(obj(obj(c.lifecycle).preStop).exec).command).map((x) => str(x)) } : {}),
  };
}

/** A pod template (a Deployment's spec.template, or a Pod's metadata and spec) in the model's terms. */
export function parsePodTemplate(t: Json): PodTemplate {
  const spec = obj(t.spec);
  const meta = obj(t.metadata);
  const annotations = labels(meta.annotations);
  return {
    labels: labels(meta.labels),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    hostNetwork: spec.hostNetwork === true,
    ...(spec.priorityClassName ? { priorityClassName: str(spec.priorityClassName) } : {}),
    ...(spec.serviceAccountName ? { serviceAccountName: str(spec.serviceAccountName) } : {}),
    ...(spec.initContainers ? { initContainers: arr(spec.initContainers).map((c) => ({ name: str(obj(c).name), image: str(obj(c).image) })) } : {}),
    containers: arr(spec.containers).map((c) => container(obj(c))),
    // The API server's default (30) is kept as no value, so that a template read back and applied hashes the same.
    ...(spec.terminationGracePeriodSeconds !== undefined && Number(spec.terminationGracePeriodSeconds) !== TERMINATION_GRACE_S ? { terminationGracePeriodSeconds: Number(spec.terminationGracePeriodSeconds) } : {}),
    ...(spec.readinessGates ? { readinessGates: arr(spec.readinessGates).map((g) => str(obj(g).conditionType)) } : {}),
  };
}

const template = parsePodTemplate;

/** A Service's traffic fields as written, left for the API server to default and check (service-spec.ts). */
function serviceTraffic(spec: Json): NonNullable<ServiceInput['traffic']> {
  const clientIP = obj(obj(spec.sessionAffinityConfig).clientIP);
  return {
    ...(spec.sessionAffinity !== undefined ? { sessionAffinity: str(spec.sessionAffinity) } : {}),
    ...(spec.sessionAffinityConfig !== undefined
      ? { sessionAffinityConfig: obj(spec.sessionAffinityConfig).clientIP !== undefined ? { clientIP: clientIP.timeoutSeconds !== undefined ? { timeoutSeconds: Number(clientIP.timeoutSeconds) } : {} } : {} }
      : {}),
    ...(spec.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: str(spec.externalTrafficPolicy) } : {}),
    ...(spec.internalTrafficPolicy !== undefined ? { internalTrafficPolicy: str(spec.internalTrafficPolicy) } : {}),
    ...(spec.healthCheckNodePort !== undefined ? { healthCheckNodePort: Number(spec.healthCheckNodePort) } : {}),
  };
}

/** A Service object (a manifest's, or the API's form after a patch) as the API server's create or update takes it. */
export function serviceInput(o: Json, namespace: string): ServiceInput {
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const type = str(spec.type, 'ClusterIP') as Service['spec']['type'];
  return {
    namespace, name: str(meta.name), labels: labels(meta.labels), annotations: labels(meta.annotations),
    spec: {
      type,
      ...(spec.selector ? { selector: labels(spec.selector) } : {}),
      ports: arr(spec.ports).map((p) => {
        const port = obj(p);
        return {
          ...(port.name ? { name: str(port.name) } : {}), protocol: str(port.protocol, 'TCP'), port: Number(port.port),
          targetPort: (port.targetPort as number | string) ?? Number(port.port), ...(port.nodePort ? { nodePort: Number(port.nodePort) } : {}),
        };
      }),
      ...(spec.externalIPs ? { externalIPs: arr(spec.externalIPs).map((x) => str(x)) } : {}),
      ...(spec.loadBalancerClass !== undefined ? { loadBalancerClass: str(spec.loadBalancerClass) } : {}),
    },
    traffic: serviceTraffic(spec),
  };
}

/** Parses a manifest file; throws an Error whose message is what kubectl prints. */
export function parseManifest(text: string, file: string, defaultNamespace: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`error: error parsing ${file}: error converting YAML to JSON: ${doc.errors[0].message.split('\n')[0]}`);
    const o = obj(doc.toJS());
    if (Object.keys(o).length === 0) continue;
    const kind = str(o.kind), apiVersion = str(o.apiVersion);
    const meta = obj(o.metadata);
    const name = str(meta.name);
    const namespace = str(meta.namespace, defaultNamespace);
    if (!kind || !apiVersion) throw new Error(`error: error validating "${file}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`);
    if (!name) throw new Error(`error: error when retrieving current configuration of:\nResource: "${kind}", Name: "", Namespace: "${namespace}"\nfrom server for: "${file}": resource name may not be empty`);
    const spec = obj(o.spec);
    if (kind === 'Deployment' && apiVersion === 'apps/v1') {
      const selector = labels(obj(spec.selector).matchLabels);
      const tpl = template(obj(spec.template));
      if (!Object.entries(selector).every(([k, v]) => tpl.labels[k] === v)) {
        throw new Error(`The Deployment "${name}" is invalid: spec.template.metadata.labels: Invalid value: ${JSON.stringify(tpl.labels)}: \`selector\` does not match template \`labels\``);
      }
      if (tpl.containers.length === 0) throw new Error(`The Deployment "${name}" is invalid: spec.template.spec.containers: Required value`);
      const strategy = obj(spec.strategy);
      const rolling = obj(strategy.rollingUpdate);
      const bound = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? v : undefined);
      out.push({
        kind,
        spec: {
          namespace, name, labels: labels(meta.labels), annotations: labels(meta.annotations), selector, replicas: spec.replicas === undefined ? 1 : Number(spec.replicas), template: tpl,
          // The defaults (RollingUpdate, 25% and 25%) are kept as no strategy, as a Deployment read back shows them.
          ...(strategy.type === 'Recreate' ? { strategy: { type: 'Recreate' as const } }
            : (rolling.maxSurge !== undefined && rolling.maxSurge !== '25%') || (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== '25%')
              ? { strategy: { type: 'RollingUpdate' as const, ...(bound(rolling.maxSurge) !== undefined ? { maxSurge: bound(rolling.maxSurge) } : {}), ...(bound(rolling.maxUnavailable) !== undefined ? { maxUnavailable: bound(rolling.maxUnavailable) } : {}) } }
              : {}),
        },
      });
    } else if (kind === 'Service' && apiVersion === 'v1') {
      out.push({ kind, spec: serviceInput(o, namespace) });
    } else if (kind === 'ENIConfig' && apiVersion === 'crd.k8s.amazonaws.com/v1alpha1') {
      out.push({ kind, spec: { name, subnet: str(spec.subnet), securityGroups: arr(spec.securityGroups).map((g) => str(g)) } });
    } else if (kind === 'Namespace' && apiVersion === 'v1') {
      out.push({ kind, name });
    } else if (resourceForKind(kind) && apiVersionOf(resourceForKind(kind)!) === apiVersion) {
      const r = resourceForKind(kind)!;
      const { apiVersion: _a, kind: _k, metadata: _m, ...body } = o;
      out.push({ kind: 'Other', object: { apiVersion, kind, name, ...(r.namespaced ? { namespace } : {}), labels: labels(meta.labels), annotations: labels(meta.annotations), body } });
    } else {
      throw new Error(`error: resource mapping not found for name: "${name}" namespace: "${namespace}" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
    }
  }
  return out;
}
