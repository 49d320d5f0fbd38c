// kubectl get: tables with kubectl's columns, -o wide|name|yaml|json|jsonpath, -n/-A, -l, names and type/name.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { Pod } from '../../../model/cluster/types.ts';
import type { ApiObject } from '../../../model/k8s/api-objects.ts';
import { age } from '../../format/age.ts';
import { table } from '../../format/table.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { asListOrItem, parseOutput, renderJsonpath, toJson, toYaml } from './output.ts';
import { findResource, matchesSelector, type Resource } from './resources.ts';

const ok = (stdout: string, stderr = ''): CommandOutput => ({ stdout, stderr, exitCode: 0 });
const fail = (stderr: string, stdout = ''): CommandOutput => ({ stdout, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, exitCode: 1 });

export function kubectlGet(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [what, ...names] = args.positionals;
  if (!what) {
    return fail(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  const output = parseOutput(args.flags.get('output'));
  if (typeof output === 'string') return fail(output);
  const all = args.flags.has('all-namespaces');
  const namespace = args.flags.get('namespace') ?? 'default';
  const selector = args.flags.get('selector');

  // `type/name` arguments, or `type1,type2 [names]`.
  const requests: { resource: Resource; names: string[] }[] = [];
  if (what.includes('/')) {
    for (const word of [what, ...names]) {
      const [type, name] = word.split('/');
      const resource = findResource(type);
      if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
      requests.push({ resource, names: [name] });
    }
  } else {
    for (const type of what.split(',')) {
      if (type === 'events' || type === 'event' || type === 'ev') return getEvents(cluster, all, namespace);
      if (type === 'all') {
        for (const k of ['pods', 'services', 'daemonsets', 'deployments', 'replicasets']) requests.push({ resource: findResource(k)!, names: [] });
        continue;
      }
      const resource = findResource(type);
      if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
      requests.push({ resource, names });
    }
  }

  const withKind = requests.length > 1 || what.includes('/');
  let stdout = '';
  let stderr = '';
  let found = 0;
  const objects: ApiObject[] = [];
  for (const { resource, names: wanted } of requests) {
    // The API server lists objects by key: namespace, then name.
    let items = resource
      .list(cluster)
      .filter((i) => !resource.namespaced || all || i.namespace === namespace)
      .sort((a, b) => ((a.namespace ?? '') + '/' + a.name < (b.namespace ?? '') + '/' + b.name ? -1 : 1));
    if (selector) items = items.filter((i) => matchesSelector(i.labels, selector));
    if (wanted.length) {
      const byName = new Map(items.map((i) => [i.name, i]));
      const picked = [];
      for (const name of wanted) {
        const item = byName.get(name);
        if (item) picked.push(item);
        else stderr += `Error from server (NotFound): ${resource.plural}${resource.nameKind.includes('.') ? `.${resource.nameKind.split('.')[1]}` : ''} "${name}" not found\n`;
      }
      items = picked;
    }
    if (items.length === 0) continue;
    found += items.length;
    if (output.kind === 'table') {
      const showNs = all && resource.namespaced;
      const header = [...(showNs ? ['NAMESPACE'] : []), ...resource.header, ...(output.wide ? resource.wideHeader ?? [] : [])];
      if (args.flags.has('show-labels')) header.push('LABELS');
      const rows = items.map((i) => {
        const row = resource.row(cluster, i.item as never);
        if (withKind) row[0] = `${resource.nameKind}/${row[0]}`;
        if (output.wide && resource.wideRow) row.push(...resource.wideRow(cluster, i.item as never));
        if (args.flags.has('show-labels')) row.push(Object.entries(i.labels).map(([k, v]) => `${k}=${v}`).join(',') || '<none>');
        return showNs ? [i.namespace!, ...row] : row;
      });
      const text = table(header, rows);
      stdout += (stdout ? '\n' : '') + (args.flags.has('no-headers') ? text.split('\n').slice(1).join('\n') : text);
    } else if (output.kind === 'name') {
      stdout += items.map((i) => `${resource.nameKind}/${i.name}\n`).join('');
    } else {
      objects.push(...items.map((i) => resource.object(cluster, i.item as never)));
    }
  }
  if (output.kind === 'yaml' || output.kind === 'json' || output.kind === 'jsonpath') {
    if (objects.length === 0 && stderr) return { stdout: '', stderr, exitCode: 1 };
    const single = requests.length === 1 && requests[0].names.length === 1;
    const value = asListOrItem(objects, single);
    if (output.kind === 'yaml') stdout = toYaml(value);
    else if (output.kind === 'json') stdout = toJson(value);
    else {
      try {
        stdout = renderJsonpath(output.template, value);
      } catch (e) {
        return fail(`error: error executing jsonpath "${output.template}": ${(e as Error).message}`);
      }
    }
  }
  if (found === 0 && !stderr) {
    const where = all || !requests.every((r) => r.resource.namespaced) ? '' : ` in ${namespace} namespace`;
    return ok('', `No resources found${where}.\n`);
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/** `kubectl get pod NAME -o wide` for one pod, without going through the shell (widgets show it on a click). */
export function podWideRow(cluster: Cluster, pod: Pod): string {
  const r = findResource('pods')!;
  return table([...r.header, ...r.wideHeader!], [[...r.row(cluster, pod as never), ...r.wideRow!(cluster, pod as never)]]);
}

function getEvents(cluster: Cluster, all: boolean, namespace: string): CommandOutput {
  const events = cluster.allEvents(all ? undefined : namespace);
  if (events.length === 0) return ok('', `No resources found${all ? '' : ` in ${namespace} namespace`}.\n`);
  const header = [...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = events.map((e) => [
    ...(all ? [e.namespace] : []),
    age(cluster.now, e.lastAt),
    e.type,
    e.reason,
    `${e.kind.toLowerCase()}/${e.name}`,
    e.message,
  ]);
  return ok(table(header, rows));
}
