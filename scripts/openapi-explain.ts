// Generates src/model/api/openapi.generated.ts: the OpenAPI models `kubectl explain` prints (descriptions, field
// types, required fields) for every built-in kind our API server serves.
//   npm run openapi              write the file
//   npm run openapi -- --check   exit 1 if the file differs from what the package gives now
//
// Source: the npm registry has no package that ships Kubernetes 1.24's swagger.json itself. @pulumi/kubernetes
// 3.20.2 is generated from it (Kubernetes v1.24) and keeps, in types/input.d.ts, one TypeScript interface per
// OpenAPI definition, with every definition's and every property's description as JSDoc (line breaks kept, which
// kubectl's wrapping depends on), required properties without `?`, and its group and version as namespaces.
// (@kubernetes/client-node 0.17, also generated from 1.24, drops the descriptions of $ref properties and every
// line break, so it can't be the source.) What the TypeScript types lose is put back by rules stated below:
//   - `number` is the OpenAPI `integer` everywhere except JSONSchemaProps' maximum, minimum and multipleOf, the
//     only `number` (double) fields in Kubernetes 1.24's API;
//   - `number | string` is IntOrString, which the spec types as a string, and Pulumi's `enums.… | string` a string;
//   - `any` is an `object` without properties (RawExtension, FieldsV1, CustomResourceSubresourceStatus), which
//     kubectl shows as map[string], except JSONSchemaProps' default and example (JSON: no type at all);
//   - unions with a JSONSchemaProps (JSONSchemaPropsOrArray, …OrBool, …OrStringArray) have no type either;
//   - Pulumi's own paragraphs appended to some kinds' descriptions ("This resource waits until …", "Note: While
//     Pulumi automatically encrypts …") are cut, its `*&#47;` is `*/` again, and its x_kubernetes_* property names
//     are the spec's x-kubernetes-*.
// References to Quantity, Time and MicroTime are plain strings in the package, so they are plain strings here too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { API_RESOURCES, apiVersionOf } from '../src/model/api/discovery.ts';
import { fromTar, npmPackTar, repoRoot } from '../src/node/real-tools.ts';

export const OPENAPI_PACKAGE = '@pulumi/kubernetes@3.20.2';
const OUT = new URL('../src/model/api/openapi.generated.ts', import.meta.url);

/** Kinds a 1.24 API server also serves in an older version (besides discovery's preferred ones). */
const OLDER_VERSION_KINDS: [string, string][] = [
  ['autoscaling/v1', 'HorizontalPodAutoscaler'], ['autoscaling/v2beta1', 'HorizontalPodAutoscaler'],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler'], ['batch/v1beta1', 'CronJob'],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice'], ['events.k8s.io/v1beta1', 'Event'],
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema'], ['flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration'],
  ['node.k8s.io/v1beta1', 'RuntimeClass'], ['storage.k8s.io/v1beta1', 'CSIStorageCapacity'],
];

/** The package's namespace for an API group/version: core/v1 → core.v1, apps/v1 → apps.v1, networking.k8s.io/v1 → networking.v1. */
export function definitionName(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash).split('.')[0];
  return `${group}.${apiVersion.slice(slash + 1)}.${kind}`;
}

interface Field { name: string; type: string; description: string; required: boolean }
interface Definition { description: string; fields: Field[] }

/** The JSDoc comment right before a node, as the text it documents (line breaks and indentation kept). */
function jsDoc(node: ts.Node, source: string): string {
  const ranges = ts.getLeadingCommentRanges(source, node.pos) ?? [];
  const doc = ranges.filter((r) => source.startsWith('/**', r.pos)).pop();
  if (!doc) return '';
  const lines = source.slice(doc.pos + 3, doc.end - 2).split('\n');
  const text = lines
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .replace(/^\n+|\s+$/g, '')
    .replaceAll('&#47;', '/');
  return text.replace(/\n\n(This resource waits until its status is ready|Note: While Pulumi automatically encrypts)[\s\S]*$/, '');
}

/** The OpenAPI type of one property, in the generated file's notation (see openapi.ts). */
function typeOf(node: ts.TypeNode, def: string, prop: string): string {
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === 'pulumi.Input' && node.typeArguments?.length === 1) return typeOf(node.typeArguments[0], def, prop);
    const m = /^inputs\.(.+)$/.exec(name);
    if (m) return `#${m[1]}`;
    throw new Error(`${def}.${prop}: unknown type ${name}`);
  }
  if (ts.isArrayTypeNode(node)) return `[]${typeOf(node.elementType, def, prop)}`;
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index && node.members.length === 1) return `{}${typeOf(index.type, def, prop)}`;
    throw new Error(`${def}.${prop}: unexpected type literal`);
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal)) return 'string';
    throw new Error(`${def}.${prop}: unexpected literal type`);
  }
  if (ts.isUnionTypeNode(node)) {
    const parts = node.types.map((t) => t.getText()).sort().join('|');
    if (parts === 'number|string') return 'string'; // IntOrString
    if (node.types.every((t) => t.getText() === 'string' || t.getText().startsWith('enums.'))) return 'string';
    if (node.types.some((t) => /JSONSchemaProps/.test(t.getText()))) return '*';
    throw new Error(`${def}.${prop}: unexpected union ${parts}`);
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return 'string';
    case ts.SyntaxKind.BooleanKeyword: return 'boolean';
    case ts.SyntaxKind.NumberKeyword:
      return /JSONSchemaProps$/.test(def) && ['maximum', 'minimum', 'multipleOf'].includes(prop) ? 'number' : 'integer';
    case ts.SyntaxKind.AnyKeyword:
      return /JSONSchemaProps$/.test(def) && ['default', 'example'].includes(prop) ? '*' : '{}*';
  }
  throw new Error(`${def}.${prop}: unexpected type ${node.getText()}`);
}

/** Every interface of the package's input types, by `group.version.Name`. */
export function readDefinitions(dts: string): Map<string, Definition> {
  const file = ts.createSourceFile('input.d.ts', dts, ts.ScriptTarget.Latest, true);
  const defs = new Map<string, Definition>();
  const visit = (node: ts.Node, path: string[]) => {
    if (ts.isModuleDeclaration(node) && node.body) {
      const inner = [...path, node.name.getText()];
      if (ts.isModuleBlock(node.body)) node.body.statements.forEach((s) => visit(s, inner));
      return;
    }
    if (!ts.isInterfaceDeclaration(node)) return;
    const name = [...path, node.name.text].join('.');
    const fields: Field[] = [];
    for (const m of node.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      let prop = m.name.getText().replace(/^"|"$/g, '');
      prop = prop.startsWith('x_kubernetes_') ? prop.replaceAll('_', '-') : prop;
      fields.push({ name: prop, type: typeOf(m.type, name, prop), description: jsDoc(m, dts), required: !m.questionToken });
    }
    defs.set(name, { description: jsDoc(node, dts), fields });
  };
  file.statements.forEach((s) => visit(s, []));
  return defs;
}

/** The kinds `kubectl explain` finds: `apiVersion Kind` → definition name. */
export function servedKinds(): [string, string][] {
  const kinds = API_RESOURCES.filter((r) => !r.group.includes('amazonaws') && !r.group.endsWith('.k8s.aws'))
    .map((r) => [apiVersionOf(r), r.kind] as [string, string]);
  return [...kinds, ...OLDER_VERSION_KINDS].filter((k, i, all) => all.findIndex((o) => o[0] === k[0] && o[1] === k[1]) === i);
}

export function generate(dts: string): string {
  const all = readDefinitions(dts);
  // The package has no interfaces for a few kinds Pulumi can't manage (Binding, the review kinds …): left out.
  const kinds = servedKinds().filter(([gv, kind]) => all.has(definitionName(gv, kind)));
  // Only what the served kinds reach, deduplicated by definition.
  const used = new Map<string, Definition>();
  const reach = (name: string) => {
    if (used.has(name)) return;
    const def = all.get(name);
    if (!def) throw new Error(`definition ${name} not in ${OPENAPI_PACKAGE}`);
    used.set(name, def);
    for (const f of def.fields) for (const m of f.type.matchAll(/#(\S+)/g)) reach(m[1]);
  };
  for (const [gv, kind] of kinds) reach(definitionName(gv, kind));
  for (const [name, def] of used) {
    for (const text of [def.description, ...def.fields.map((f) => f.description)]) {
      if (/pulumi/i.test(text)) throw new Error(`${name}: a description still mentions Pulumi`);
    }
  }
  // One table of descriptions: most fields share theirs (apiVersion, kind, metadata …).
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string) => {
    if (s === '') return -1;
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const names = [...used.keys()].sort();
  const rows = names.map((name) => {
    const def = used.get(name)!;
    const fields = [...def.fields].sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((f) => [f.required ? `${f.name}!` : f.name, f.type, id(f.description)]);
    return `  ${JSON.stringify(name)}: ${JSON.stringify([id(def.description), ...fields])},`;
  });
  return [
    `// Generated by scripts/openapi-explain.ts (npm run openapi) from ${OPENAPI_PACKAGE}'s types/input.d.ts, which is`,
    '// generated from Kubernetes 1.24\'s OpenAPI spec: do not edit. What `kubectl explain` reads from the API server\'s',
    '// /openapi/v2, for the kinds below and every definition they reach. src/model/api/openapi.ts reads it.',
    '',
    '/** `apiVersion Kind` of every kind the API server has a model for. */',
    `export const OPENAPI_KINDS: string[] = ${JSON.stringify(kinds.map(([gv, k]) => `${gv} ${k}`))};`,
    '',
    '/** Every description, once. */',
    `export const OPENAPI_TEXT: string[] = [\n${strings.map((s) => `  ${JSON.stringify(s)},`).join('\n')}\n];`,
    '',
    '/**',
    ' * Definition → [its description (index in OPENAPI_TEXT, -1 for none), then per property: name (`!` after it when',
    ' * required), type, description]. Types: string, integer, number, boolean, `*` (no type), `#Definition`,',
    ' * `[]T` (array), `{}T` (map).',
    ' */',
    'export const OPENAPI_DEFINITIONS: Record<string, (string | number)[]> = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

export function packageInputTypes(): string {
  const tar = npmPackTar(OPENAPI_PACKAGE, join(repoRoot(), '.cache', 'openapi'));
  return new TextDecoder().decode(fromTar(tar, 'package/types/input.d.ts'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generate(packageInputTypes());
  if (process.argv.includes('--check')) {
    const same = readFileSync(OUT, 'utf8') === text;
    console.log(same ? 'OpenAPI models are up to date' : 'OpenAPI models differ from the package: run npm run openapi');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(OUT, text);
  const missing = servedKinds().filter(([gv, k]) => !text.includes(`"${gv} ${k}"`)).map(([gv, k]) => `${gv} ${k}`);
  console.log(`wrote ${OUT.pathname} (${text.length} bytes); no model in the package for: ${missing.join(', ')}`);
}
