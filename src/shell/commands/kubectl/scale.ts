import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';
import { parseGoInt } from './args.ts';

export function kubectlScale(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
  const replicasText = args.flags.get('replicas');
  if (replicasText === undefined) return fail('error: required flag(s) "replicas" not set');
  const parsed = parseGoInt(replicasText);
  if (typeof parsed === 'string') return fail(`error: invalid argument "${replicasText}" for "--replicas" flag: strconv.ParseInt: parsing "${replicasText}": ${parsed}\nSee 'kubectl scale --help' for usage.`);
  if (parsed < 0) return fail('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  // The scale subresource's spec.replicas is an int32: the API server cannot decode more.
  if (parsed > 2147483647) return fail(`Error from server (BadRequest): json: cannot unmarshal number ${replicasText} into Go struct field ScaleSpec.spec.replicas of type int32`);
  let [type, name] = args.positionals;
  if (type?.includes('/')) [type, name] = type.split('/');
  if (!type || !name) return fail('error: resource(s) were provided, but no name was specified');
  const resource = findResource(type);
  if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (resource.kind !== 'Deployment') return fail(`error: cannot scale ${resource.plural} in this simulator (only deployments)`);
  const namespace = args.flags.get('namespace') ?? 'default';
  const d = cluster.scaleDeployment(namespace, name, parsed);
  if (!d) return fail(`Error from server (NotFound): deployments.apps "${name}" not found`);
  return { stdout: `deployment.apps/${name} scaled\n`, stderr: '', exitCode: 0 };
}
