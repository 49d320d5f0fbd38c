// kubectl label and kubectl annotate: KEY=VALUE sets, KEY- removes, --overwrite to change a value, for any kind
// by name, type/name, -l or --all. A pod relabelled out of its ReplicaSet's selector is released by the
// ReplicaSet controller, which makes a replacement (the classic way to take a pod out of service for debugging).
import { qualifiedName } from '../../../model/api/discovery.ts';
import { labelValueErrors, qualifiedNameErrors } from '../../../model/api/label-selector.ts';
import type { ApiRecord } from '../../../model/api/types.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource, listObjects, parseSelectors, type Resource, selectorErrorMessage } from './resources.ts';

const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });

export function kubectlLabel(cluster: Cluster, args: KubectlArgs, field: 'labels' | 'annotations'): CommandOutput {
  const done = field === 'labels' ? 'labeled' : 'annotated';
  const positionals = [...args.positionals];
  // Targets come first (TYPE NAME… or TYPE/NAME…), then the changes (KEY=VALUE, KEY-).
  const firstChange = positionals.findIndex((p) => /=/.test(p) || /-$/.test(p));
  if (firstChange < 0) return fail(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  const targets = positionals.slice(0, firstChange), changes = positionals.slice(firstChange);
  const set = new Map<string, string>(), remove: string[] = [];
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) {
      remove.push(c.slice(0, -1));
      continue;
    }
    const eq = c.indexOf('=');
    if (eq < 0) return fail(`error: all resources must be specified before ${field === 'labels' ? 'label' : 'annotation'} changes: ${c}`);
    const key = c.slice(0, eq), value = c.slice(eq + 1);
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) return fail(`error: invalid ${field === 'labels' ? 'label' : 'annotation'} spec: ${c}, ${keyErrs.join('; ')}`);
    if (field === 'labels') {
      const valueErrs = labelValueErrors(value);
      if (valueErrs.length) return fail(`error: invalid label value: "${c}": ${valueErrs.join('; ')}`);
    }
    set.set(key, value);
  }
  if (targets.length === 0) return fail('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const namespace = args.flags.get('namespace') ?? 'default';
  const picked: { resource: Resource; obj: ApiRecord }[] = [];
  let stderr = '';
  const take = (resource: Resource, name: string) => {
    const obj = cluster.store.get(resource.kind, namespace, name);
    if (obj) picked.push({ resource, obj });
    else stderr += `Error from server (NotFound): ${qualifiedName(resource.api)} "${name}" not found\n`;
  };
  if (targets[0].includes('/')) {
    for (const t of targets) {
      const [type, name] = t.split('/');
      const resource = findResource(type);
      if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
      take(resource, name);
    }
  } else {
    const resource = findResource(targets[0]);
    if (!resource) return fail(`error: the server doesn't have a resource type "${targets[0]}"`);
    const label = args.flags.get('selector');
    if (targets.length > 1) for (const n of targets.slice(1)) take(resource, n);
    else if (label !== undefined || args.flags.has('all')) {
      try {
        for (const obj of listObjects(cluster, resource, args.flags.has('all-namespaces') ? undefined : namespace, parseSelectors(label, undefined))) picked.push({ resource, obj });
      } catch (e) {
        const message = selectorErrorMessage(resource, label, undefined, e);
        if (message === undefined) throw e;
        return fail(message);
      }
    } else return fail('error: resource(s) were provided, but no name was specified');
  }
  let stdout = '';
  for (const { resource, obj } of picked) {
    const before = obj.metadata[field];
    if (!args.flags.has('overwrite')) {
      const clash = [...set].filter(([k, v]) => k in before && before[k] !== v);
      if (clash.length) {
        if (field === 'labels') return fail(`error: '${clash[0][0]}' already has a value (${before[clash[0][0]]}), and --overwrite is false`);
        return fail(`error: --overwrite is false but found the following declared annotation(s): ${clash.map(([k]) => `'${k}' already has a value (${before[k]})`).join('; ')}`);
      }
    }
    const after = { ...before };
    for (const [k, v] of set) after[k] = v;
    for (const k of remove) delete after[k];
    const shown = `${resource.nameKind}/${obj.metadata.name}`;
    if (JSON.stringify(after) === JSON.stringify(before)) {
      stdout += `${shown} not ${done}\n`;
      continue;
    }
    obj.metadata[field] = after;
    cluster.store.update(obj);
    // kubectl 1.24 says "unlabeled" when the only change was a removal.
    stdout += `${shown} ${set.size === 0 && field === 'labels' ? 'unlabeled' : done}\n`;
  }
  cluster.reconcile();
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
