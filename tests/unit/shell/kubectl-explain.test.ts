// kubectl explain: the printer against kubectl v1.24's own tests (pkg/explain/*_test.go at v0.24.13, ported with their
// test schemas in tests/data/explain/), and the command against outputs of the real kubectl on 1.24-era clusters.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OpenApiModels, type Gvk, type OpenApiSchema, type Schema } from '../../../src/model/api/openapi.ts';
import { explainModel, FieldNotFound, Formatter, lookupField, printFields, printFieldsRecursive, typeName } from '../../../src/shell/format/explain.ts';
import { createEngine } from '../../../src/shell/engine.ts';
import { generate, packageInputTypes } from '../../../scripts/openapi-explain.ts';

const models = (file: string) =>
  new OpenApiModels((parse(readFileSync(new URL(`../../data/explain/${file}`, import.meta.url), 'utf8')) as { definitions: Record<string, OpenApiSchema> }).definitions);
const testModels = models('test-swagger.json');
const v1 = (kind: string): Gvk => ({ group: '', version: 'v1', kind });
const oneKind = testModels.lookupResource(v1('OneKind'))!;

describe('kubectl v1.24 pkg/explain tests, ported', () => {
  const LOREM = [
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla ut lacus ac',
    'enim vulputate imperdiet ac accumsan risus. Integer vel accumsan lectus.',
    'Praesent tempus nulla id tortor luctus, quis varius nulla laoreet. Ut orci',
    'nisi, suscipit id velit sed, blandit eleifend turpis. Curabitur tempus ante',
    'at lectus viverra, a mattis augue euismod. Morbi quam ligula, porttitor sit',
    'amet lacus non, interdum pulvinar tortor. Praesent accumsan risus et ipsum',
    'dictum, vel ullamcorper lorem egestas.',
  ].map((l) => `     ${l}\n`).join('');

  it('TestModel', () => {
    expect(explainModel(oneKind, [], v1('OneKind'), false)).toBe(
      `KIND:     OneKind\nVERSION:  v1\n\nDESCRIPTION:\n     OneKind has a short description\n\nFIELDS:\n   field1\t<Object> -required-\n${LOREM}\n` +
        '   field2\t<[]map[string]string>\n     This is an array of object of PrimitiveDef\n\n',
    );
    expect(explainModel(oneKind, ['field1'], v1('OneKind'), false)).toBe(
      `KIND:     OneKind\nVERSION:  v1\n\nRESOURCE: field1 <Object>\n\nDESCRIPTION:\n${LOREM}\n     This is another kind of Kind\n\nFIELDS:\n` +
        '   array\t<[]integer>\n     This array must be an array of int\n\n' +
        '   int\t<integer>\n     This int must be an int\n\n' +
        '   object\t<map[string]string>\n     This is an object of string\n\n' +
        '   primitive\t<string>\n\n' +
        '   string\t<string> -required-\n     This string must be a string\n\n',
    );
    expect(explainModel(oneKind, ['field1', 'string'], v1('OneKind'), false)).toBe(
      'KIND:     OneKind\nVERSION:  v1\n\nFIELD:    string <string>\n\nDESCRIPTION:\n     This string must be a string\n',
    );
    expect(explainModel(oneKind, ['field1', 'array'], v1('OneKind'), false)).toBe(
      'KIND:     OneKind\nVERSION:  v1\n\nFIELD:    array <[]integer>\n\nDESCRIPTION:\n     This array must be an array of int\n\n     This is an int in an array\n',
    );
    const control = testModels.lookupResource(v1('ControlCharacterKind'))!;
    expect(explainModel(control, [], v1('ControlCharacterKind'), false)).toBe(
      'KIND:     ControlCharacterKind\nVERSION:  v1\n\nDESCRIPTION:\n     Control character %\n\nFIELDS:\n   field1\t<>\n     Control character %\n\n',
    );
  });

  it('TestCRDModel', () => {
    const crd = testModels.lookupResource(v1('CrdKind'))!;
    expect(explainModel(crd, [], v1('CrdKind'), false)).toBe('KIND:     CrdKind\nVERSION:  v1\n\nDESCRIPTION:\n     <empty>\n');
  });

  it('TestFields', () => {
    const out: string[] = [];
    printFields(new Formatter(out, 0, 80), lookupField(oneKind, []));
    expect(out.join('')).toBe(`field1	<Object> -required-
  Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla ut lacus ac
  enim vulputate imperdiet ac accumsan risus. Integer vel accumsan lectus.
  Praesent tempus nulla id tortor luctus, quis varius nulla laoreet. Ut orci
  nisi, suscipit id velit sed, blandit eleifend turpis. Curabitur tempus ante at
  lectus viverra, a mattis augue euismod. Morbi quam ligula, porttitor sit amet
  lacus non, interdum pulvinar tortor. Praesent accumsan risus et ipsum dictum,
  vel ullamcorper lorem egestas.

field2	<[]map[string]string>
  This is an array of object of PrimitiveDef

`);
  });

  it('TestRecursiveFields and TestRecursiveFieldsWithSelfReferenceObjects', () => {
    let out: string[] = [];
    printFieldsRecursive(new Formatter(out, 0, 80), oneKind);
    expect(out.join('')).toBe('field1\t<Object>\n   array\t<[]integer>\n   int\t<integer>\n   object\t<map[string]string>\n   primitive\t<string>\n   string\t<string>\nfield2\t<[]map[string]string>\n');
    const self = models('test-recursive-swagger.json');
    out = [];
    printFieldsRecursive(new Formatter(out, 0, 80), self.lookupResource({ group: '', version: 'v2', kind: 'OneKind' })!);
    expect(out.join('')).toBe(`field1	<Object>
   referencefield	<Object>
   referencesarray	<[]Object>
field2	<Object>
   reference	<Object>
      referencefield	<Object>
      referencesarray	<[]Object>
   string	<string>
`);
  });

  it('TestFormatterWrite, TestFormatterWrappedWrite, TestDefaultWrap', () => {
    let out: string[] = [];
    const f = new Formatter(out);
    f.write('Lorem ipsum dolor sit amet, consectetur adipiscing elit.');
    f.indent(5).write('Morbi at turpis faucibus, gravida dolor ut, fringilla velit.');
    f.indent(2).write('Etiam maximus urna at tellus faucibus mattis.');
    expect(out.join('')).toBe('Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n     Morbi at turpis faucibus, gravida dolor ut, fringilla velit.\n  Etiam maximus urna at tellus faucibus mattis.\n');

    out = [];
    const w = new Formatter(out, 0, 50);
    const lorem = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Morbi at turpis faucibus, gravida dolor ut, fringilla velit.';
    w.writeWrapped(lorem);
    w.indent(10).writeWrapped(lorem);
    w.indent(20).writeWrapped("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ThisIsAVeryLongWordThatDoesn'tFitOnALineOnItsOwn. Morbi at turpis faucibus, gravida dolor ut, fringilla velit.");
    w.indent(4).writeWrapped(`
This is an
introductory paragraph
that should end
up on a continuous line.

Example:
Example text on its own line

List:
1.  Item with
 wrapping text
11.  Another
 item with wrapping text
* Bullet item
 with wrapping text
- Dash item
 with wrapping text

base64(
    code goes here
    and here
)`);
    expect(out.join('')).toBe(`Lorem ipsum dolor sit amet, consectetur adipiscing
elit. Morbi at turpis faucibus, gravida dolor ut,
fringilla velit.
          Lorem ipsum dolor sit amet, consectetur
          adipiscing elit. Morbi at turpis
          faucibus, gravida dolor ut, fringilla
          velit.
                    Lorem ipsum dolor sit amet,
                    consectetur adipiscing elit.
                    ThisIsAVeryLongWordThatDoesn'tFitOnALineOnItsOwn.
                    Morbi at turpis faucibus,
                    gravida dolor ut, fringilla
                    velit.
    This is an introductory paragraph that should
    end up on a continuous line.

    Example:
    Example text on its own line

    List:
    1. Item with wrapping text
    11. Another item with wrapping text
    * Bullet item with wrapping text
    - Dash item with wrapping text

    base64(
        code goes here
        and here
    )
`);

    out = [];
    const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Morbi at turpis faucibus, gravida dolor ut, fringilla velit. Etiam maximus urna at tellus faucibus mattis.';
    new Formatter(out).writeWrapped(long);
    expect(out.join('')).toBe(`${long}\n`);
  });

  it('TestReferenceTypename', () => {
    const at = (path: string[]) => typeName(lookupField(oneKind, path));
    expect([at([]), at(['field1']), at(['field1', 'primitive']), at(['field2']), at(['field1', 'array'])]).toEqual(
      ['Object', 'Object', 'string', '[]map[string]string', '[]integer'],
    );
  });

  it('TestFindField', () => {
    const path = (s: Schema) => (s.type === 'kind' || s.type === 'arbitrary' ? s.path : s.type);
    expect(path(lookupField(oneKind, []))).toBe('OneKind');
    expect(lookupField(oneKind, ['field1']).type).toBe('ref');
    expect(lookupField(oneKind, ['field1', 'array']).type).toBe('array');
    expect(() => lookupField(oneKind, ['field1', 'what?'])).toThrow(new FieldNotFound('field "what?" does not exist'));
    expect(() => lookupField(oneKind, ['field1', ''])).toThrow(new FieldNotFound('field "" does not exist'));
    expect(path(lookupField(testModels.lookupResource(v1('CrdKind'))!, []))).toBe('CrdKind');
  });
});

describe('kubectl explain on the simulated cluster', () => {
  const engine = createEngine({});
  const run = (line: string) => engine.shell.exec(line);

  it('prints a field as kubectl 1.24 does (kubectl explain pods.spec.hostNetwork)', () => {
    expect(run('kubectl explain pods.spec.hostNetwork').stdout).toBe(`KIND:     Pod
VERSION:  v1

FIELD:    hostNetwork <boolean>

DESCRIPTION:
     Host networking requested for this pod. Use the host's network namespace.
     If this option is set, the ports that will be used must be specified.
     Default to false.
`);
  });

  it('prints a kind with its fields, tab-separated, and RESOURCE for an object field', () => {
    const pods = run('kubectl explain po').stdout;
    expect(pods.startsWith('KIND:     Pod\nVERSION:  v1\n\nDESCRIPTION:\n     Pod is a collection of containers that can run on a host. This resource is\n     created by clients and scheduled onto hosts.\n\nFIELDS:\n   apiVersion\t<string>\n')).toBe(true);
    const spec = run('kubectl explain deployments.apps.spec').stdout;
    expect(spec).toContain('KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: spec <Object>\n\nDESCRIPTION:\n');
    expect(spec).toContain('   template\t<Object> -required-\n');
    expect(run('kubectl explain deploy.spec.template.spec.containers').stdout).toContain('RESOURCE: containers <[]Object>\n');
    expect(run('kubectl explain pods.metadata.labels').stdout).toContain('FIELD:    labels <map[string]string>\n');
  });

  it('--recursive lists every field without descriptions, --api-version picks another served version', () => {
    const out = run('kubectl explain deploy.spec --recursive').stdout;
    expect(out).toContain('\nFIELDS:\n   minReadySeconds\t<integer>\n   paused\t<boolean>\n');
    expect(out).toContain('\n      metadata\t<Object>\n         annotations\t<map[string]string>\n');
    expect(run('kubectl explain hpa --api-version=autoscaling/v1').stdout).toContain('VERSION:  autoscaling/v1\n');
  });

  it('errors as kubectl 1.24 does', () => {
    expect(run('kubectl explain pods.spec.nope')).toMatchObject({ stdout: '', stderr: 'error: field "nope" does not exist\n', exitCode: 1 });
    // kubectl prints a NoResourceMatchError without "error: " (kubernetes/kubernetes#50248: `kubectl explain all`).
    expect(run('kubectl explain all')).toMatchObject({ stderr: 'the server doesn\'t have a resource type "all"\n', exitCode: 1 });
    expect(run('kubectl explain pods, svc')).toMatchObject({ stderr: 'error: We accept only this format: explain RESOURCE\n', exitCode: 1 });
    expect(run('kubectl explain')).toMatchObject({
      stderr: 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n', exitCode: 1,
    });
    expect(run('kubectl explain deploy --api-version=apps/v1beta1')).toMatchObject({ stderr: 'error: couldn\'t find resource for "apps/v1beta1, Kind=Deployment"\n', exitCode: 1 });
    expect(run('kubectl explain secrets --api-version=v2').stderr).toBe('error: couldn\'t find resource for "/v2, Kind=Secret"\n');
  });

  it('has a model for every built-in kind the minimum list names', () => {
    for (const t of ['pods', 'services', 'deployments', 'replicasets', 'daemonsets', 'nodes', 'namespaces', 'configmaps', 'serviceaccounts',
      'endpoints', 'endpointslices', 'ingresses', 'ingressclasses', 'events', 'events --api-version=events.k8s.io/v1']) {
      expect(run(`kubectl explain ${t}`).exitCode, t).toBe(0);
    }
  });
});

describe('openapi.generated.ts', () => {
  it('is what scripts/openapi-explain.ts generates from the package now (npm run openapi)', () => {
    const file = readFileSync(new URL('../../../src/model/api/openapi.generated.ts', import.meta.url), 'utf8');
    expect(file === generate(packageInputTypes())).toBe(true);
  }, 120_000);
});
