// kubectl explain RESOURCE[.FIELD…] [--recursive] [--api-version=GROUP/VERSION]: the API server's OpenAPI model of a
// kind (src/model/api/openapi.ts), found and printed as kubectl v1.24's pkg/cmd/explain and pkg/explain do.
import { API_RESOURCES, type ApiResource } from '../../../model/api/discovery.ts';
import { kubernetesModels } from '../../../model/api/openapi.ts';
import { explainModel, FieldNotFound } from '../../format/explain.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, exitCode: 1 });

/** Every resource a bare name (plural, singular or short name) stands for, in discovery order (RESTMapper.ResourcesFor). */
const resourcesFor = (word: string): ApiResource[] => {
  const w = word.toLowerCase();
  return API_RESOURCES.filter((r) => r.name === w || r.singular === w || r.shortNames.includes(w));
};
const groupResource = (r: ApiResource) => (r.group ? `${r.name}.${r.group}` : r.name);

export function kubectlExplain(args: KubectlArgs): CommandOutput {
  const { positionals } = args;
  if (positionals.length === 0) {
    return fail('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  }
  if (positionals.length > 1) return fail('error: We accept only this format: explain RESOURCE\n');
  const apiVersionFlag = args.flags.get('api-version') ?? '';
  const typed = positionals[0].replace(/\.$/, '');
  const parts = typed.split('.');
  const candidates = resourcesFor(parts[0]);
  if (candidates.length === 0) return fail(`the server doesn't have a resource type "${parts[0]}"`);
  let resource = candidates[0];
  let path = parts.slice(1);
  if (!apiVersionFlag) {
    // `deployments.apps.spec`: the longest-known group/resource prefix names the group, the rest is the field path.
    const match = candidates.find((r) => typed.startsWith(groupResource(r)));
    if (match) {
      resource = match;
      const suffix = typed.slice(groupResource(match).length);
      path = suffix ? suffix.split('.').slice(1) : [];
    }
  }
  let gvk = { group: resource.group, version: resource.version, kind: resource.kind };
  if (apiVersionFlag) {
    const pieces = apiVersionFlag.split('/');
    if (pieces.length > 2) return fail(`error: unexpected GroupVersion string: ${apiVersionFlag}`);
    gvk = pieces.length === 1 ? { group: '', version: pieces[0], kind: gvk.kind } : { group: pieces[0], version: pieces[1], kind: gvk.kind };
  }
  const models = kubernetesModels();
  if (!models) return fail('error: the OpenAPI schema is still loading in this browser tab; try again in a moment');
  const schema = models.lookupResource(gvk);
  if (!schema) return fail(`error: couldn't find resource for "${gvk.group}/${gvk.version}, Kind=${gvk.kind}"`);
  try {
    return { stdout: explainModel(schema, path, gvk, args.flags.get('recursive') === 'true'), stderr: '', exitCode: 0 };
  } catch (e) {
    if (e instanceof FieldNotFound) return fail(`error: ${e.message}`);
    throw e;
  }
}
