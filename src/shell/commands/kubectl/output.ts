// kubectl's -o yaml / json / name / jsonpath renderings of API objects.
import { stringify } from 'yaml';
import type { ApiObject } from '../../../model/k8s/api-objects.ts';
import { jsonpath } from '../../format/jsonpath.ts';

/** One object as itself, several as a v1 List, as kubectl does. */
export function asListOrItem(objects: ApiObject[], single: boolean): unknown {
  if (single && objects.length === 1) return objects[0];
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

export function toYaml(value: unknown): string {
  // kubectl writes sequences flush with their key, and never wraps long strings. Its YAML library (go-yaml v2)
  // follows YAML 1.1, so strings a 1.1 reader would take for something else are quoted: timestamps
  // (creationTimestamp: "2023-05-05T06:00:00Z"), yes/no/on/off/y/n.
  return stringify(value, { version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

/** What sigs.k8s.io/yaml writes for a Go struct: it goes through JSON into a map, so keys come out sorted at
 *  every level and unset (undefined) fields are gone. */
export function toGoYaml(value: unknown): string {
  return toYaml(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 4) + '\n';
}

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[] };

export function parseOutput(value: string | undefined): OutputFormat | string {
  if (value === undefined) return { kind: 'table', wide: false };
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'name' || value === 'yaml' || value === 'json') return { kind: value };
  const jp = /^jsonpath=(.*)$/s.exec(value);
  if (jp) return { kind: 'jsonpath', template: jp[1] };
  const cc = /^custom-columns=(.*)$/s.exec(value);
  if (cc) {
    // kubectl's custom-columns: HEADER:JSONPATH pairs, the path with or without braces and its leading dot.
    const columns = [];
    for (const spec of cc[1].split(',')) {
      const colon = spec.indexOf(':');
      if (colon < 0) return `error: unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`;
      const raw = spec.slice(colon + 1);
      const inner = raw.startsWith('{') && raw.endsWith('}') ? raw.slice(1, -1) : raw;
      columns.push({ header: spec.slice(0, colon), path: `{${inner.startsWith('.') || inner.startsWith('[') ? '' : '.'}${inner}}` });
    }
    if (columns.length === 0) return 'error: custom-columns format specified but no custom columns given';
    return { kind: 'custom-columns', columns };
  }
  return `error: unable to match a printer suitable for the output format "${value}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`;
}

export function renderJsonpath(template: string, value: unknown): string {
  return jsonpath(template, value);
}
