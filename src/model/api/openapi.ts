// The API server's OpenAPI models, as kubectl reads /openapi/v2: each definition becomes a schema of one of the
// kinds kube-openapi's proto package knows (Kind, Array, Map, Primitive, Arbitrary, Reference), built the way it
// builds them from an OpenAPI v2 document. `kubectl explain` walks and prints these (src/shell/format/explain.ts).
import { OPENAPI_DEFINITIONS, OPENAPI_KINDS, OPENAPI_TEXT } from './openapi.generated.ts';

export type Schema =
  | { type: 'kind'; description: string; fields: Record<string, Schema>; required: string[]; path: string }
  | { type: 'array'; description: string; sub: Schema }
  | { type: 'map'; description: string; sub: Schema }
  | { type: 'primitive'; description: string; name: string }
  | { type: 'arbitrary'; description: string; path: string }
  | { type: 'ref'; description: string; ref: string; sub(): Schema };

/** One OpenAPI v2 schema object, as far as kubectl explain reads it. */
export interface OpenApiSchema {
  description?: string;
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

export interface Gvk { group: string; version: string; kind: string }

export class OpenApiModels {
  private readonly parsed = new Map<string, Schema>();
  private readonly definitions: Record<string, OpenApiSchema>;
  constructor(definitions: Record<string, OpenApiSchema>) {
    this.definitions = definitions;
  }

  /** The definition whose x-kubernetes-group-version-kind names this kind, or undefined (as kubectl's LookupResource). */
  lookupResource(gvk: Gvk): Schema | undefined {
    for (const [name, def] of Object.entries(this.definitions)) {
      const kinds = def['x-kubernetes-group-version-kind'] ?? [];
      if (kinds.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) return this.definition(name);
    }
    return undefined;
  }

  definition(name: string): Schema {
    let s = this.parsed.get(name);
    if (!s) {
      const def = this.definitions[name];
      if (!def) throw new Error(`unknown model ${name}`);
      s = this.parse(def, name);
      this.parsed.set(name, s);
    }
    return s;
  }

  private parse(s: OpenApiSchema, path: string): Schema {
    const description = s.description ?? '';
    if (s.$ref) {
      const ref = s.$ref.replace(/^#\/definitions\//, '');
      return { type: 'ref', description, ref, sub: () => this.definition(ref) };
    }
    const kind = (): Schema => {
      const fields: Record<string, Schema> = {};
      for (const [k, v] of Object.entries(s.properties!)) fields[k] = this.parse(v, `${path}.${k}`);
      return { type: 'kind', description, fields, required: s.required ?? [], path };
    };
    if (!s.type) return s.properties ? kind() : { type: 'arbitrary', description, path };
    if (s.type === 'object') {
      if (s.properties) return kind();
      const ap = s.additionalProperties;
      const sub: Schema = ap && typeof ap === 'object' ? this.parse(ap, path) : { type: 'arbitrary', description: '', path };
      return { type: 'map', description, sub };
    }
    if (s.type === 'array') {
      if (!s.items) throw new Error(`${path}: array without items`);
      return { type: 'array', description, sub: this.parse(s.items, path) };
    }
    return { type: 'primitive', description, name: s.type };
  }
}

/** Our compact notation of a property's type (see openapi.generated.ts) as an OpenAPI schema. */
function schemaOf(type: string, description: string | undefined): OpenApiSchema {
  const d = description === undefined ? {} : { description };
  if (type.startsWith('[]')) return { ...d, type: 'array', items: schemaOf(type.slice(2), undefined) };
  if (type.startsWith('{}')) {
    const rest = type.slice(2);
    return rest === '*' ? { ...d, type: 'object' } : { ...d, type: 'object', additionalProperties: schemaOf(rest, undefined) };
  }
  if (type.startsWith('#')) return { ...d, $ref: `#/definitions/${type.slice(1)}` };
  if (type === '*') return { ...d };
  return { ...d, type };
}

/** Kubernetes 1.24's models for the built-in kinds, expanded from the generated tables on first use. */
export function kubernetesModels(): OpenApiModels | undefined {
  if (cached) return cached;
  // In the browser the tables load after the engine (src/widgets/terminal/lazy/): not yet, in the first moments.
  if (OPENAPI_KINDS.length === 0) return undefined;
  const defs: Record<string, OpenApiSchema> = {};
  for (const [name, row] of Object.entries(OPENAPI_DEFINITIONS)) {
    const text = (i: string | number) => (i === -1 ? undefined : OPENAPI_TEXT[i as number]);
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (let i = 1; i < row.length; i += 3) {
      let field = row[i] as string;
      if (field.endsWith('!')) required.push((field = field.slice(0, -1)));
      properties[field] = schemaOf(row[i + 1] as string, text(row[i + 2]));
    }
    const description = text(row[0]);
    defs[name] = { ...(description === undefined ? {} : { description }), type: 'object', properties, ...(required.length ? { required } : {}) };
  }
  for (const entry of OPENAPI_KINDS) {
    const [apiVersion, kind] = entry.split(' ');
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const name = `${slash < 0 ? 'core' : group.split('.')[0]}.${apiVersion.slice(slash + 1)}.${kind}`;
    const gvks = (defs[name]['x-kubernetes-group-version-kind'] ??= []);
    gvks.push({ group, version: apiVersion.slice(slash + 1), kind });
  }
  return (cached = new OpenApiModels(defs));
}
let cached: OpenApiModels | undefined;
