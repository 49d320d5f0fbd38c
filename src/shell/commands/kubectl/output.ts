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
  // kubectl writes sequences flush with their key, and never wraps long strings.
  return stringify(value, { indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 4) + '\n';
}

export type OutputFormat = { kind: 'table'; wide: boolean } | { kind: 'name' } | { kind: 'yaml' } | { kind: 'json' } | { kind: 'jsonpath'; template: string };

export function parseOutput(value: string | undefined): OutputFormat | string {
  if (value === undefined) return { kind: 'table', wide: false };
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'name' || value === 'yaml' || value === 'json') return { kind: value };
  const jp = /^jsonpath=(.*)$/s.exec(value);
  if (jp) return { kind: 'jsonpath', template: jp[1] };
  return `error: unable to match a printer suitable for the output format "${value}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`;
}

export function renderJsonpath(template: string, value: unknown): string {
  return jsonpath(template, value);
}
