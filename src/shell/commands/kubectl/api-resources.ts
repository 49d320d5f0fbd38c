// kubectl api-resources and api-versions (pkg/cmd/apiresources) over the API server's discovery documents.
import { API_RESOURCES, OLDER_SERVED_VERSIONS, apiVersionOf } from '../../../model/api/discovery.ts';
import { table } from '../../format/table.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import { crdInstalled } from './resources.ts';

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `error: ${message}\nSee 'kubectl api-resources -h' for help and examples\n`, exitCode: 1 });

export function kubectlApiResources(cluster: Cluster, args: KubectlArgs): CommandOutput {
  if (args.positionals.length) return fail(`unexpected arguments: [${args.positionals.join(' ')}]`);
  const output = args.flags.get('output') ?? '';
  if (!['', 'wide', 'name'].includes(output)) return { stdout: '', stderr: `error: --output ${output} is not available\n`, exitCode: 1 };
  const sortBy = args.flags.get('sort-by') ?? '';
  if (!['', 'name', 'kind'].includes(sortBy)) return fail(`--sort-by accepts only name or kind`);
  const group = args.flags.get('api-group');
  const namespaced = args.flags.get('namespaced');
  const verbs = args.flags.get('verbs')?.split(',').filter(Boolean) ?? [];
  const rows = API_RESOURCES.filter(
    (r) =>
      (!r.crd || crdInstalled(cluster, r.crd)) &&
      (group === undefined || r.group === group) &&
      (namespaced === undefined || String(r.namespaced) === namespaced) &&
      verbs.every((v) => r.verbs.includes(v)),
  );
  // A stable sort by group (or the chosen column), ties by name, as kubectl's sortableResource.
  const key = (r: (typeof rows)[number]) => (sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group);
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => {
    const ka = key(a.r);
    const kb = key(b.r);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : a.i - b.i;
  }).map(({ r }) => r);
  if (output === 'name') return { stdout: sorted.map((r) => `${r.group ? `${r.name}.${r.group}` : r.name}\n`).join(''), stderr: '', exitCode: 0 };
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(output === 'wide' ? ['VERBS'] : [])];
  const body = sorted.map((r) => [r.name, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind, ...(output === 'wide' ? [`[${r.verbs.join(' ')}]`] : [])]);
  let stdout = table(header, body);
  if (args.flags.get('no-headers') === 'true') stdout = stdout.slice(stdout.indexOf('\n') + 1);
  return { stdout, stderr: '', exitCode: 0 };
}

/** Every group/version the server serves, sorted as kubectl prints them. */
export function kubectlApiVersions(cluster: Cluster, args: KubectlArgs): CommandOutput {
  if (args.positionals.length) return { stdout: '', stderr: `error: unexpected arguments: [${args.positionals.join(' ')}]\nSee 'kubectl api-versions -h' for help and examples\n`, exitCode: 1 };
  const versions = [...new Set([...API_RESOURCES.filter((r) => !r.crd || crdInstalled(cluster, r.crd)).map(apiVersionOf), ...OLDER_SERVED_VERSIONS])].sort();
  return { stdout: versions.map((v) => `${v}\n`).join(''), stderr: '', exitCode: 0 };
}
