// The EndpointSlice controller and the endpoints controller (kube-controller-manager, Kubernetes 1.24:
// pkg/controller/endpointslice with its reconciler.go, and pkg/controller/endpoint). For every Service with a
// selector they keep, from the pods the selector matches:
// - EndpointSlices (discovery.k8s.io/v1) named `<service>-` + 5 random characters (the API server's generateName),
//   labelled `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
//   endpointslice-controller.k8s.io` (plus the Service's own labels), owned by the Service, at most 100 endpoints
//   each, one group of slices per set of resolved ports (a named targetPort resolves per pod, from its container
//   ports; a pod without that port is left out of that port). Endpoint conditions as 1.24 sets them: a Running
//   pod is ready and serving; a terminating one is not ready, still serving, terminating (the
//   EndpointSliceTerminatingCondition gate is on in 1.24); a pod still starting is none of these. A Service whose
//   selector matches nothing keeps one placeholder slice with no ports and no endpoints.
// - the legacy Endpoints object of the same name as the Service: ready pods under `addresses`, starting ones under
//   `notReadyAddresses`, terminating pods left out (1.24's ShouldPodBeInEndpoints), addresses sorted by IP as
//   RepackSubsets sorts them (byte order of the IP string).
// The `kubernetes` Service has no selector: the API server's endpoint reconciler keeps its Endpoints and its
// EndpointSlice (named `kubernetes`, no managed-by label, conditions with `ready` only), at the control plane's ENIs.
//
// Simplifications: existing slices are updated in place (their names stay; endpoints that stay keep their place,
// new ones are appended); pods come in the store's order (the real controller reads an informer cache, in no
// particular order); the Endpoints object lists ports in the Service's order (the real one sorts them by an md5 of
// their Go struct dump).
import { podReady } from '../k8s/pod-readiness.ts';
import { matchesSet } from '../api/label-selector.ts';
import { randomUid, generateName } from '../ids.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import type { Rng } from '../rng.ts';
import type { ApiRecord, ObjectMeta } from '../api/types.ts';
import type { GenericObject, Pod, Service, ServicePort } from '../cluster/types.ts';
import type { ClusterRuntime } from './runtime.ts';

export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The controller's --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  nodeName?: string;
  targetRef?: { kind: 'Pod'; name: string; namespace: string; uid: string };
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
}

export interface EndpointSliceBody {
  addressType: 'IPv4';
  endpoints: SliceEndpoint[] | null;
  ports: SlicePort[] | null;
}

export interface EndpointSlice extends GenericObject {
  kind: 'EndpointSlice';
  body: EndpointSliceBody & Record<string, unknown>;
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: 'Pod'; name: string; namespace: string; uid: string };
}

export interface EndpointsBody {
  subsets?: { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: SlicePort[] }[];
}

export interface Endpoints extends GenericObject {
  kind: 'Endpoints';
  body: EndpointsBody & Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

function meta(name: string, namespace: string, labels: Record<string, string>, annotations: Record<string, string>, uid: string, owner?: Service): ObjectMeta {
  return {
    name, namespace, uid, resourceVersion: 0, creationTimestamp: 0, labels, annotations,
    ownerReferences: owner ? [{ apiVersion: 'v1', kind: 'Service', name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }] : [],
  };
}

/** podutil.FindPort: a numeric targetPort as is; a named one from the first container port of that name and protocol. */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (/^\d+$/.test(port.targetPort)) return Number(port.targetPort);
  for (const c of pod.template.containers) {
    for (const p of c.ports) if (p.name === port.targetPort && p.protocol === port.protocol) return p.containerPort;
  }
  return undefined;
}

/** The ports an endpoint slice lists for a pod: every Service port whose target the pod has. */
function podPorts(pod: Pod, svc: Service): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec.ports) {
    const port = resolveTargetPort(pod, sp);
    if (port !== undefined) out.push({ name: sp.name ?? '', port, protocol: sp.protocol });
  }
  return out;
}

const portsKey = (ports: SlicePort[]) => ports.map((p) => `${p.name}/${p.port}/${p.protocol}`).join(',');

const NO_SELECTORS: { key: string; entries: [string, string][] }[] = [];

export class EndpointSliceController {
  private readonly rt: ClusterRuntime;
  private readonly rng: Rng;
  /** Services (namespace/name) to reconcile on the next sync; '*' for all. */
  private readonly dirty = new Set<string>(['*']);
  private readonly wake: () => void;

  /** `wake` asks the cluster for a sync before control returns. */
  constructor(rt: ClusterRuntime, rng: Rng, wake: () => void) {
    this.rt = rt;
    this.rng = rng;
    this.wake = wake;
    rt.store.watch<Service>('Service', (_t, svc) => {
      this.selectors = undefined;
      this.mark(`${svc.metadata.namespace}/${svc.metadata.name}`);
    });
    rt.store.watch<Pod>('Pod', (_t, pod) => {
      // Only a service in the pod's namespace whose selector matches can have it as an endpoint. A 150,000-pod
      // scale-up sends this half a million events, so the selectors are kept by namespace, not looked up each time.
      const selectors = this.selectorsIn(pod.namespace);
      for (let i = 0; i < selectors.length; i++) {
        const { key, entries } = selectors[i]!;
        if (entries.every(([k, v]) => pod.labels[k] === v)) this.mark(key);
      }
    });
  }

  /** Services with a selector, by namespace (rebuilt after any Service changes). */
  private selectors?: Map<string, { key: string; entries: [string, string][] }[]>;

  private selectorsIn(namespace: string): { key: string; entries: [string, string][] }[] {
    if (!this.selectors) {
      this.selectors = new Map();
      for (const svc of this.rt.store.collection<Service>('Service').list()) {
        const entries = Object.entries(svc.spec.selector ?? {});
        if (entries.length === 0) continue;
        const ns = svc.metadata.namespace!;
        const list = this.selectors.get(ns) ?? [];
        list.push({ key: `${ns}/${svc.metadata.name}`, entries });
        this.selectors.set(ns, list);
      }
    }
    return this.selectors.get(namespace) ?? NO_SELECTORS;
  }

  private mark(key: string): void {
    this.dirty.add(key);
    this.wake();
  }

  get due(): boolean {
    return this.dirty.size > 0;
  }

  /** Reconciles what changed; returns how many objects it wrote. */
  sync(): number {
    if (this.dirty.size === 0) return 0;
    const all = this.dirty.has('*');
    const keys = [...this.dirty];
    this.dirty.clear();
    let writes = 0;
    const services = all ? this.rt.store.list<Service>('Service') : keys.map((k) => {
      const [ns, name] = k.split('/');
      return this.rt.store.get<Service>('Service', ns, name);
    });
    if (all || keys.length) writes += this.removeOrphans();
    for (const svc of services) if (svc) writes += this.syncService(svc);
    return writes;
  }

  /** Slices and Endpoints whose Service is gone (the garbage collector takes owned slices; Endpoints have no owner). */
  private removeOrphans(): number {
    let n = 0;
    for (const ep of [...this.rt.store.collection<Endpoints>('Endpoints').list()]) {
      if (!this.rt.store.get('Service', ep.metadata.namespace, ep.metadata.name)) {
        this.rt.store.remove(ep);
        n++;
      }
    }
    return n;
  }

  private syncService(svc: Service): number {
    if (svc.spec.staticEndpoints) return this.syncStatic(svc);
    if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0) return 0;
    const ns = svc.metadata.namespace!;
    const sel = svc.spec.selector;
    const pods: Pod[] = [];
    for (const p of this.rt.pods.values()) {
      if (p.namespace === ns && p.ip !== undefined && p.nodeName !== undefined && matchesSet(p.labels, sel)) pods.push(p);
    }
    return this.syncSlices(svc, pods) + this.syncEndpoints(svc, pods);
  }

  private endpointOf(pod: Pod): SliceEndpoint {
    const node = this.rt.node(pod.nodeName!);
    const terminating = pod.phase === 'Terminating';
    const ready = podReady(pod);
    return {
      addresses: [formatIpv4(pod.ip!)],
      conditions: { ready, serving: ready || terminating, terminating },
      nodeName: pod.nodeName,
      targetRef: { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid },
      ...(node ? { zone: node.az } : {}),
    };
  }

  private slicesOf(svc: Service): EndpointSlice[] {
    const out: EndpointSlice[] = [];
    for (const s of this.rt.store.collection<EndpointSlice>('EndpointSlice').list(svc.metadata.namespace)) {
      if (s.metadata.labels[SERVICE_NAME_LABEL] === svc.metadata.name && s.metadata.labels[MANAGED_BY_LABEL] === MANAGED_BY) out.push(s);
    }
    return out.sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  private syncSlices(svc: Service, pods: Pod[]): number {
    // Desired: endpoints grouped by their resolved ports, at most 100 a slice.
    const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
    for (const pod of pods) {
      const ports = podPorts(pod, svc);
      const key = portsKey(ports);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports, endpoints: [] }));
      g.endpoints.push(this.endpointOf(pod));
    }
    const existing = this.slicesOf(svc);
    const labels = { ...svc.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [SERVICE_NAME_LABEL]: svc.metadata.name };
    const unused = [...existing];
    const byPorts = (key: string) => unused.filter((s) => portsKey(s.body.ports ?? []) === key);
    const plans: { slice?: EndpointSlice; ports: SlicePort[] | null; endpoints: SliceEndpoint[] | null }[] = [];
    for (const [key, g] of groups) {
      // Endpoints already in a slice stay there, in their place; the rest fill slices up to 100.
      const ip = (e: SliceEndpoint) => `${e.targetRef?.uid}/${e.addresses[0]}`;
      const wanted = new Map(g.endpoints.map((e) => [ip(e), e]));
      const mine = byPorts(key);
      const kept: { slice: EndpointSlice; endpoints: SliceEndpoint[] }[] = [];
      for (const s of mine) {
        const eps = (s.body.endpoints ?? []).map((e) => wanted.get(ip(e))).filter((e): e is SliceEndpoint => e !== undefined);
        for (const e of eps) wanted.delete(ip(e));
        kept.push({ slice: s, endpoints: eps });
        unused.splice(unused.indexOf(s), 1);
      }
      const rest = [...wanted.values()];
      for (const k of kept) while (k.endpoints.length < MAX_ENDPOINTS_PER_SLICE && rest.length) k.endpoints.push(rest.shift()!);
      for (const k of kept) if (k.endpoints.length) plans.push({ slice: k.slice, ports: g.ports, endpoints: k.endpoints });
      else unused.push(k.slice);
      while (rest.length) plans.push({ ports: g.ports, endpoints: rest.splice(0, MAX_ENDPOINTS_PER_SLICE) });
    }
    if (plans.length === 0) plans.push({ slice: existing.find((s) => !s.body.endpoints?.length) ?? unused[0], ports: null, endpoints: null });
    let writes = 0;
    const reused = new Set<EndpointSlice>();
    for (const plan of plans) {
      let slice = plan.slice && !reused.has(plan.slice) ? plan.slice : undefined;
      if (!slice && plan.ports !== null) slice = unused.find((s) => !reused.has(s) && !plans.some((p) => p.slice === s));
      if (slice) {
        reused.add(slice);
        const body: EndpointSliceBody = { addressType: 'IPv4', endpoints: plan.endpoints, ports: plan.ports };
        if (JSON.stringify(body) !== JSON.stringify({ addressType: slice.body.addressType, endpoints: slice.body.endpoints, ports: slice.body.ports })
          || JSON.stringify(slice.metadata.labels) !== JSON.stringify(labels)) {
          Object.assign(slice.body, body);
          slice.metadata.labels = labels;
          slice.metadata.annotations = { [TRIGGER]: iso(this.rt.now) };
          this.rt.store.update(slice);
          writes++;
        }
      } else {
        const name = generateName(`${svc.metadata.name}-`, this.rng);
        const created: EndpointSlice = {
          kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1',
          metadata: { ...meta(name, svc.metadata.namespace!, labels, { [TRIGGER]: iso(this.rt.now) }, randomUid(this.rng), svc), generateName: `${svc.metadata.name}-` },
          body: { addressType: 'IPv4', endpoints: plan.endpoints, ports: plan.ports },
        };
        this.rt.store.create(created);
        reused.add(created);
        writes++;
      }
    }
    for (const s of existing) {
      if (!reused.has(s)) {
        this.rt.store.remove(s);
        writes++;
      }
    }
    return writes;
  }

  private syncEndpoints(svc: Service, pods: Pod[]): number {
    const ns = svc.metadata.namespace!;
    const subsets = new Map<string, { ports: SlicePort[]; addresses: EndpointAddress[]; notReadyAddresses: EndpointAddress[] }>();
    for (const pod of pods) {
      if (pod.phase === 'Terminating') continue;
      const ports = podPorts(pod, svc);
      if (ports.length === 0 && svc.spec.ports.length) continue;
      const key = portsKey(ports);
      let s = subsets.get(key);
      if (!s) subsets.set(key, (s = { ports, addresses: [], notReadyAddresses: [] }));
      const addr: EndpointAddress = { ip: formatIpv4(pod.ip!), nodeName: pod.nodeName, targetRef: { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid } };
      (podReady(pod) ? s.addresses : s.notReadyAddresses).push(addr);
    }
    const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef!.uid < b.targetRef!.uid ? -1 : 1);
    const body: EndpointsBody = {};
    if (subsets.size) {
      body.subsets = [...subsets.values()].map((s) => ({
        ...(s.addresses.length ? { addresses: s.addresses.sort(byIp) } : {}),
        ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
        ...(s.ports.length ? { ports: s.ports } : {}),
      }));
    }
    return this.writeEndpoints(svc, ns, body, true);
  }

  private writeEndpoints(svc: Service, ns: string, body: EndpointsBody, trigger: boolean): number {
    const existing = this.rt.store.get<Endpoints>('Endpoints', ns, svc.metadata.name);
    const labels = { ...svc.metadata.labels };
    if (!existing) {
      this.rt.store.create<Endpoints>({
        kind: 'Endpoints', apiVersion: 'v1',
        metadata: meta(svc.metadata.name, ns, labels, trigger ? { [TRIGGER]: iso(this.rt.now) } : {}, randomUid(this.rng)),
        body: { ...body },
      });
      return 1;
    }
    if (JSON.stringify(existing.body.subsets) === JSON.stringify(body.subsets) && JSON.stringify(existing.metadata.labels) === JSON.stringify(labels)) return 0;
    existing.body.subsets = body.subsets;
    if (body.subsets === undefined) delete existing.body.subsets;
    existing.metadata.labels = labels;
    if (trigger) existing.metadata.annotations = { ...existing.metadata.annotations, [TRIGGER]: iso(this.rt.now) };
    this.rt.store.update(existing);
    return 1;
  }

  /** The `kubernetes` Service: what the API server's endpoint reconciler writes for the control plane. */
  private syncStatic(svc: Service): number {
    const ns = svc.metadata.namespace!;
    const ips = svc.spec.staticEndpoints!.map(formatIpv4);
    const ports: SlicePort[] = svc.spec.ports.map((p) => ({ name: p.name ?? '', port: typeof p.targetPort === 'number' ? p.targetPort : p.port, protocol: p.protocol }));
    let writes = this.writeEndpoints(svc, ns, { subsets: [{ addresses: [...ips].sort().map((ip) => ({ ip })), ports }] }, false);
    if (!this.rt.store.get('EndpointSlice', ns, svc.metadata.name)) {
      this.rt.store.create<EndpointSlice>({
        kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1',
        metadata: meta(svc.metadata.name, ns, { [SERVICE_NAME_LABEL]: svc.metadata.name }, {}, randomUid(this.rng)),
        body: { addressType: 'IPv4', endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })), ports },
      });
      writes++;
    }
    return writes;
  }
}

/** The EndpointSlices of a Service (for kube-proxy and describe). */
export function slicesForService(records: Iterable<ApiRecord>, namespace: string, name: string): EndpointSlice[] {
  const out: EndpointSlice[] = [];
  for (const r of records) {
    if (r.metadata.namespace === namespace && r.metadata.labels[SERVICE_NAME_LABEL] === name) out.push(r as EndpointSlice);
  }
  return out;
}
