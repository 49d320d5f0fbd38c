import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

export function kubectlScale(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
  const replicasText = args.flags.get('replicas');
  if (replicasText === undefined) return fail('error: required flag(s) "replicas" not set');
  if (!/^\d+$/.test(replicasText)) return fail(`error: invalid argument "${replicasText}" for "--replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax`);
  let [type, name] = args.positionals;
  if (type?.includes('/')) [type, name] = type.split('/');
  if (!type || !name) return fail('error: resource(s) were provided, but no name was specified');
  const resource = findResource(type);
  if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (resource.kind !== 'Deployment') return fail(`error: cannot scale ${resource.plural} in this simulator (only deployments)`);
  const namespace = args.flags.get('namespace') ?? 'default';
  const d = cluster.scaleDeployment(namespace, name, Number(replicasText));
  if (!d) return fail(`Error from server (NotFound): deployments.apps "${name}" not found`);
  return { stdout: `deployment.apps/${name} scaled\n`, stderr: '', exitCode: 0 };
}
