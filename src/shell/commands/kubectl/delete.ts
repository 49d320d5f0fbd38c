// kubectl delete: any kind, by name, type/name, -f FILE, -l SELECTOR or --all, with --cascade and
// --ignore-not-found. Pods go gracefully; the garbage collector takes what a deleted object owned.
import { qualifiedName, resolveResource } from '../../../model/api/discovery.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { Propagation } from '../../../model/controllers/garbage-collector.ts';
import type { CommandOutput } from '../../types.ts';
import { readManifests } from './apply.ts';
import type { KubectlArgs } from './args.ts';
import { findResource, listObjects, parseSelectors, type Resource, selectorErrorMessage } from './resources.ts';

const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });

export function kubectlDelete(cluster: Cluster, args: KubectlArgs, readFile: (path: string) => string | undefined): CommandOutput {
  const namespace = args.flags.get('namespace') ?? 'default';
  const cascade = args.flags.get('cascade') ?? 'background';
  const propagation: Propagation | undefined = ({ background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' } as const)[cascade as 'background'];
  if (!propagation) return fail(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  let stdout = '', stderr = '';
  const remove = (resource: Resource, name: string, ns: string | undefined): void => {
    if (cluster.delete(resource.kind, resource.namespaced ? ns : undefined, name, propagation)) stdout += `${resource.nameKind} "${name}" deleted\n`;
    else if (!args.flags.has('ignore-not-found')) stderr += `Error from server (NotFound): ${qualifiedName(resource.api)} "${name}" not found\n`;
  };
  if (args.flags.has('filename')) {
    const read = readManifests(args, readFile);
    if ('error' in read) return fail(read.error);
    for (const o of read.objects) {
      const [kind, name, ns] = o.kind === 'Namespace' ? ['Namespace', o.name, undefined]
        : o.kind === 'Other' ? [o.object.kind, o.object.name, o.object.namespace]
        : o.kind === 'ENIConfig' ? ['ENIConfig', o.spec.name, undefined]
        : [o.kind, o.spec.name, o.spec.namespace];
      remove(findResource(resolveKindWord(kind))!, name, ns);
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  }
  let [type, ...names] = args.positionals;
  if (!type) return fail('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  const pairs: { resource: Resource; name?: string }[] = [];
  if (type.includes('/')) {
    for (const word of [type, ...names]) {
      const [t, n] = word.split('/');
      const resource = findResource(t);
      if (!resource) return fail(`error: the server doesn't have a resource type "${t}"`);
      pairs.push({ resource, name: n });
    }
  } else {
    for (const t of type.split(',')) {
      const resource = findResource(t);
      if (!resource) return fail(`error: the server doesn't have a resource type "${t}"`);
      if (names.length) for (const n of names) pairs.push({ resource, name: n });
      else pairs.push({ resource });
    }
  }
  const label = args.flags.get('selector');
  const byQuery = label !== undefined || args.flags.has('all') || args.flags.has('field-selector');
  if (pairs.some((p) => p.name === undefined) && !byQuery) return fail('error: resource(s) were provided, but no name was specified');
  for (const { resource, name } of pairs) {
    if (name !== undefined) {
      remove(resource, name, namespace);
      continue;
    }
    let items;
    try {
      items = listObjects(cluster, resource, args.flags.has('all-namespaces') ? undefined : namespace, parseSelectors(label, args.flags.get('field-selector')));
    } catch (e) {
      const message = selectorErrorMessage(resource, label, args.flags.get('field-selector'), e);
      if (message === undefined) throw e;
      return fail(message);
    }
    for (const o of items) remove(resource, o.metadata.name, o.metadata.namespace);
    // delete.go prints this one on stdout, with no namespace and no full stop.
    if (items.length === 0 && !stdout) stdout += 'No resources found\n';
  }
  // "No resources found" is a notice, not a failure.
  return { stdout, stderr, exitCode: /Error/.test(stderr) ? 1 : 0 };
}

/** The resource word for a kind (`Deployment` → `deployments.apps`). */
function resolveKindWord(kind: string): string {
  const r = resolveResource(kind.toLowerCase());
  return r ? (r.group ? `${r.name}.${r.group}` : r.name) : kind;
}
