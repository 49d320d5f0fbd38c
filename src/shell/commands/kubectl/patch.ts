// kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]: the patch applied to the object as the API
// server returns it, then written back through the store (metadata for every kind; the spec of the kinds the
// model gives behaviour to, so a patched Deployment rolls out and a patched aws-node restarts with its new env).
import { qualifiedName } from '../../../model/api/discovery.ts';
import type { ApiRecord } from '../../../model/api/types.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { ConfigMap, DaemonSet, Deployment, GenericObject, Service } from '../../../model/cluster/types.ts';
import { apiObject } from '../../../model/k8s/api-objects.ts';
import { labels, obj as asObject, parsePodTemplate, serviceInput } from '../../../model/k8s/manifest.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

type Json = Record<string, unknown>;
const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** List fields a strategic merge patch merges by key instead of replacing (from the Kubernetes types' patchMergeKey). */
const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', ports: 'containerPort', volumes: 'name', volumeMounts: 'mountPath', tolerations: 'key' };

/** A strategic merge patch, as far as the lists above go; other lists are replaced. */
export function strategicPatch(target: unknown, patch: unknown, field = ''): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && MERGE_KEYS[field]) {
    const key = MERGE_KEYS[field];
    const out = [...target];
    for (const item of patch) {
      const i = out.findIndex((t) => isObject(t) && isObject(item) && t[key] === item[key]);
      if (isObject(item) && item.$patch === 'delete') {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) out[i] = strategicPatch(out[i], item);
      else out.push(item);
    }
    return out;
  }
  if (!isObject(patch)) return patch;
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicPatch(out[k], v, k);
  }
  return out;
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy, test over JSON pointers. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  const path = (p: string) => p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parentOf = (parts: string[]) => {
    let cur: unknown = doc;
    for (const part of parts.slice(0, -1)) {
      cur = (cur as Json)[part];
      if (cur === undefined) throw new Error(`doc is missing path: "/${parts.join('/')}": missing value`);
    }
    return cur as Json | unknown[];
  };
  for (const op of ops as Json[]) {
    const parts = path(String(op.path ?? ''));
    const last = parts[parts.length - 1];
    const parent = parentOf(parts);
    if (op.op === 'test') {
      if (JSON.stringify((parent as Json)[last]) !== JSON.stringify(op.value)) throw new Error('testing value /' + parts.join('/') + ' failed: test failed');
    } else if (op.op === 'remove' || op.op === 'replace' || op.op === 'add') {
      if (op.op !== 'add' && (parent as Json)[last] === undefined) throw new Error(`doc is missing path: "/${parts.join('/')}": missing value`);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (op.op === 'remove') parent.splice(i, 1);
        else if (op.op === 'replace') parent[i] = op.value;
        else parent.splice(i, 0, op.value);
      } else if (op.op === 'remove') delete (parent as Json)[last];
      else (parent as Json)[last] = op.value;
    } else {
      throw new Error(`Unexpected kind: ${String(op.op)}`);
    }
    if (parts.length === 0) doc = op.value;
  }
  return doc;
}

export function kubectlPatch(cluster: Cluster, args: KubectlArgs): CommandOutput {
  let [type, name] = args.positionals;
  if (type?.includes('/')) [type, name] = type.split('/');
  if (!type) return fail('error: You must provide one or more resources by argument or filename.');
  const resource = findResource(type);
  if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (!name) return fail('error: resource(s) were provided, but no name was specified');
  const patchText = args.flags.get('patch');
  if (patchText === undefined) return fail('error: must specify --patch or --patch-file containing the contents of the patch');
  const patchType = args.flags.get('patch-type') ?? 'strategic';
  if (!['strategic', 'merge', 'json'].includes(patchType)) return fail(`error: --type must be one of [json merge strategic], not "${patchType}"`);
  const namespace = args.flags.get('namespace') ?? 'default';
  const target = cluster.store.get(resource.kind, namespace, name);
  if (!target) return fail(`Error from server (NotFound): ${qualifiedName(resource.api)} "${name}" not found`);
  let patch: unknown;
  try {
    patch = JSON.parse(patchText);
  } catch {
    // kubectl takes YAML too; most people pass JSON.
    return fail(`error: unable to parse "${patchText}": yaml: did not find expected node content`);
  }
  const before = apiObject(cluster, target);
  let after: Json;
  try {
    after = (patchType === 'json' ? jsonPatch(before, patch) : patchType === 'merge' ? mergePatch(before, patch) : strategicPatch(before, patch)) as Json;
  } catch (e) {
    return fail(`Error from server: ${(e as Error).message}`);
  }
  const shown = `${resource.nameKind}/${name}`;
  if (JSON.stringify(after) === JSON.stringify(before)) return { stdout: `${shown} patched (no change)\n`, stderr: '', exitCode: 0 };
  const error = writeBack(cluster, target, before, after);
  if (error) return fail(error);
  return { stdout: `${shown} patched\n`, stderr: '', exitCode: 0 };
}

/** Writes a patched object back; returns the API server's refusal, if any. */
function writeBack(cluster: Cluster, target: ApiRecord, before: Json, after: Json): string | undefined {
  const meta = asObject(after.metadata);
  const changed = (key: string) => JSON.stringify(before[key]) !== JSON.stringify(after[key]);
  const spec = asObject(after.spec);
  switch (target.kind) {
    case 'Pod':
    case 'Node':
      if (changed('spec')) return `The ${target.kind} "${target.metadata.name}" is invalid: spec: Forbidden: ${target.kind === 'Pod' ? 'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' : 'node updates may only change labels, taints, or capacity'}`;
      break;
    case 'Deployment': {
      const d = target as Deployment;
      d.spec = { replicas: spec.replicas === undefined ? 1 : Number(spec.replicas), selector: labels(asObject(spec.selector).matchLabels), template: parsePodTemplate(asObject(spec.template)) };
      break;
    }
    case 'DaemonSet': {
      const ds = target as DaemonSet;
      ds.spec = { selector: labels(asObject(spec.selector).matchLabels), template: parsePodTemplate(asObject(spec.template)) };
      break;
    }
    case 'Service': {
      // The whole spec goes through the API server's update (defaults, validation, the allocated ports kept).
      const s = target as Service;
      const input = serviceInput(after, s.metadata.namespace!);
      if (s.spec.staticEndpoints) input.spec.staticEndpoints = s.spec.staticEndpoints;
      const result = cluster.applyService(input);
      if (typeof result === 'object') return result.invalid;
      break;
    }
    case 'ConfigMap':
      (target as ConfigMap).data = labels(after.data);
      break;
    default:
      if (!['Namespace', 'ServiceAccount', 'ENIConfig'].includes(target.kind)) {
        const { apiVersion: _a, kind: _k, metadata: _m, ...body } = after;
        (target as GenericObject).body = body;
      }
  }
  target.metadata.labels = labels(meta.labels);
  target.metadata.annotations = labels(meta.annotations);
  // A Service's update has counted its own generation (applyService).
  cluster.store.update(target, changed('spec') && target.kind !== 'Service');
  if (target.kind === 'DaemonSet' && changed('spec')) cluster.restartDaemonSet(target as DaemonSet);
  cluster.reconcile();
  return undefined;
}
