// kubectl get: any kind the API server serves, with kubectl's columns, -o wide|name|yaml|json|jsonpath|
// custom-columns, -n/-A, -l and --field-selector (parsed and refused as the API server does), -L, --show-labels,
// names and type/name.
import type { ApiRecord } from '../../../model/api/types.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { ClusterEvent, Pod } from '../../../model/cluster/types.ts';
import type { ApiObject } from '../../../model/k8s/api-objects.ts';
import { age } from '../../format/age.ts';
import { GrowingTable, table } from '../../format/table.ts';
import { GetWatch } from './get-watch.ts';
import { matchesLabels } from '../../../model/api/label-selector.ts';
import { type FieldRequirement, checkFields, matchesFields } from '../../../model/api/field-selector.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { asListOrItem, parseOutput, renderJsonpath, toJson, toYaml } from './output.ts';
import { findResource, labelsText, listObjects, parseSelectors, type Resource, noResourcesFound, selectorErrorMessage } from './resources.ts';
import { sortOrder } from './sort-by.ts';
import { qualifiedName } from '../../../model/api/discovery.ts';

const ok = (stdout: string, stderr = ''): CommandOutput => ({ stdout, stderr, exitCode: 0 });
const fail = (stderr: string, stdout = ''): CommandOutput => ({ stdout, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, exitCode: 1 });

/** What `kubectl get all` lists (the `all` category of kubectl 1.24's built-in kinds). */
const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];

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
  const labelText = args.flags.get('selector');
  const fieldText = args.flags.get('field-selector');
  const labelColumns = (args.flags.get('label-columns') ?? '').split(',').filter(Boolean);

  // `type/name` arguments, or `type1,type2 [names]`.
  const requests: { resource: Resource; names: string[] }[] = [];
  if (what.includes('/')) {
    for (const word of [what, ...names]) {
      const [type, name] = word.split('/');
      const resource = findResource(type, cluster);
      if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
      requests.push({ resource, names: [name] });
    }
  } else {
    for (const type of what.split(',')) {
      if (type === 'all') {
        for (const k of ALL) requests.push({ resource: findResource(k)!, names: [] });
        continue;
      }
      const resource = findResource(type, cluster);
      if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
      if (resource.kind === 'Event' && !names.length && output.kind === 'table' && requests.length === 0 && !what.includes(',')) {
        let selectors;
        try {
          selectors = parseSelectors(labelText, fieldText);
          if (selectors.field) checkFields('Event', selectors.field);
        } catch (e) {
          const message = selectorErrorMessage(resource, labelText, fieldText, e);
          if (message === undefined) throw e;
          return fail(message);
        }
        return getEvents(cluster, all, namespace, args.flags.get('sort-by'), selectors.field ?? [], args.flags.has('no-headers'));
      }
      requests.push({ resource, names });
    }
  }
  if ((labelText !== undefined || fieldText !== undefined) && requests.some((r) => r.names.length)) {
    return fail('error: name cannot be provided when a selector is specified');
  }

  const watch = args.flags.has('watch') || args.flags.has('watch-only');
  if (watch && requests.length > 1) return fail('error: you may only specify a single resource type');
  const withKind = requests.length > 1 || what.includes('/');
  let stdout = '';
  let stderr = '';
  let found = 0;
  const objects: ApiObject[] = [];
  let watcher: GetWatch | undefined;
  for (const { resource, names: wanted } of requests) {
    let items: ApiRecord[];
    try {
      items = listObjects(cluster, resource, all ? undefined : namespace, parseSelectors(labelText, fieldText));
    } catch (e) {
      const message = selectorErrorMessage(resource, labelText, fieldText, e);
      if (message === undefined) throw e;
      return fail(message);
    }
    if (wanted.length) {
      const picked: ApiRecord[] = [];
      for (const name of wanted) {
        const item = items.find((i) => i.metadata.name === name);
        if (item) picked.push(item);
        else stderr += `Error from server (NotFound): ${qualifiedName(resource.api)} "${name}" not found\n`;
      }
      items = picked;
    }
    if (items.length === 0 && !watch) continue;
    const sortBy = args.flags.get('sort-by');
    if (sortBy) {
      try {
        const order = sortOrder(items.map((i) => resource.object(cluster, i)), sortBy);
        items = order.map((k) => items[k]);
      } catch (e) {
        return fail(`error: ${(e as Error).message}`);
      }
    }
    found += items.length;
    if (output.kind === 'table') {
      const showNs = all && resource.namespaced;
      const header = [...(showNs ? ['NAMESPACE'] : []), ...resource.header, ...(output.wide ? resource.wideHeader ?? [] : [])];
      header.push(...labelColumns.map((l) => l.slice(l.lastIndexOf('/') + 1).toUpperCase()));
      if (args.flags.has('show-labels')) header.push('LABELS');
      const rowOf = (i: ApiRecord) => {
        const row = resource.row(cluster, i);
        if (withKind) row[0] = `${resource.nameKind}/${row[0]}`;
        if (output.wide && resource.wideRow) row.push(...resource.wideRow(cluster, i));
        for (const l of labelColumns) row.push(i.metadata.labels[l] ?? '');
        if (args.flags.has('show-labels')) row.push(labelsText(i.metadata.labels));
        return showNs ? [i.metadata.namespace!, ...row] : row;
      };
      const rows = items.map(rowOf);
      const quiet = args.flags.has('no-headers') || (watch && items.length === 0);
      if (watch) {
        const selectors = parseSelectors(labelText, fieldText);
        const accept = (o: ApiRecord) => (all || !resource.namespaced || o.metadata.namespace === namespace)
          && (!wanted.length || wanted.includes(o.metadata.name))
          && (!selectors.label || matchesLabels(o.metadata.labels, selectors.label))
          && (!selectors.field || matchesFields((f) => (f === 'metadata.name' ? o.metadata.name : f === 'metadata.namespace' ? o.metadata.namespace ?? '' : ''), selectors.field.filter((r) => r.field.startsWith('metadata.'))));
        const grow = new GrowingTable(header, args.flags.has('watch-only') ? [] : rows, items.length === 0 && !args.flags.has('no-headers'));
        watcher = new GetWatch(cluster, resource.kind, accept, rowOf, grow);
        if (args.flags.has('watch-only')) continue;
      }
      const text = table(header, rows);
      stdout += (stdout ? '\n' : '') + (quiet ? text.split('\n').slice(1).join('\n') : text);
    } else if (output.kind === 'name') {
      stdout += items.map((i) => `${resource.nameKind}/${i.metadata.name}\n`).join('');
    } else {
      objects.push(...items.map((i) => resource.object(cluster, i)));
    }
  }
  if (output.kind === 'yaml' || output.kind === 'json' || output.kind === 'jsonpath' || output.kind === 'custom-columns') {
    if (objects.length === 0 && stderr) return { stdout: '', stderr, exitCode: 1 };
    const single = requests.length === 1 && requests[0].names.length === 1;
    const value = asListOrItem(objects, single);
    try {
      if (output.kind === 'yaml') stdout = toYaml(value);
      else if (output.kind === 'json') stdout = toJson(value);
      else if (output.kind === 'jsonpath') stdout = renderJsonpath(output.template, value);
      else if (objects.length) {
        const rows = objects.map((o) => output.columns.map((c) => renderJsonpath(c.path, o) || '<none>'));
        const text = table(output.columns.map((c) => c.header), rows);
        stdout = args.flags.has('no-headers') ? text.split('\n').slice(1).join('\n') : text;
      }
    } catch (e) {
      const template = output.kind === 'jsonpath' ? output.template : '';
      return fail(`error: error executing jsonpath "${template}": ${(e as Error).message}`);
    }
  }
  if (watcher) return { stdout, stderr: found === 0 && !stderr ? noResourcesFound(all || !requests[0].resource.namespaced ? undefined : namespace) : stderr, exitCode: 0, process: watcher };
  if (found === 0 && !stderr) return ok('', noResourcesFound(all || !requests.every((r) => r.resource.namespaced) ? undefined : namespace));
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/** `kubectl get pod NAME -o wide` for one pod, without going through the shell (widgets show it on a click). */
export function podWideRow(cluster: Cluster, pod: Pod): string {
  const r = findResource('pods')!;
  return table([...r.header, ...r.wideHeader!], [[...r.row(cluster, pod), ...r.wideRow!(cluster, pod)]]);
}

/** An event's value for a field selector, as the API server's event field set has it. */
function eventField(e: ClusterEvent, field: string): string {
  switch (field) {
    case 'involvedObject.kind': return e.kind;
    case 'involvedObject.name': return e.name;
    case 'involvedObject.namespace': case 'metadata.namespace': return e.namespace;
    case 'reason': return e.reason;
    case 'type': return e.type;
    case 'source': return e.source;
    default: return '';
  }
}

function getEvents(cluster: Cluster, all: boolean, namespace: string, sortBy: string | undefined, fields: FieldRequirement[], noHeaders: boolean): CommandOutput {
  let events = cluster.recorder.all(all ? undefined : namespace).filter((e) => matchesFields((f) => eventField(e, f), fields));
  if (events.length === 0) return ok('', noResourcesFound(all ? undefined : namespace));
  // --sort-by takes a JSONPath into the Event; the ones people use are the timestamps (the default order) and count.
  if (sortBy !== undefined) {
    const key = sortBy.replace(/^\{?\.?/, '').replace(/\}$/, '');
    if (key === 'count') events = [...events].sort((a, b) => a.count - b.count);
    else if (key === 'metadata.creationTimestamp' || key === 'firstTimestamp') events = [...events].sort((a, b) => a.firstAt - b.firstAt);
  }
  const header = [...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = events.map((e) => [
    ...(all ? [e.namespace] : []),
    age(cluster.now, e.lastAt),
    e.type,
    e.reason,
    `${e.kind.toLowerCase()}/${e.name}`,
    e.message,
  ]);
  // Without headers, kubectl's tabwriter sizes the columns by the rows alone.
  return ok(noHeaders ? table(rows[0]!, rows.slice(1)) : table(header, rows));
}
