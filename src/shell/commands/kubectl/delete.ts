import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { CommandOutput } from '../../types.ts';
import { readManifests } from './apply.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

export function kubectlDelete(cluster: Cluster, args: KubectlArgs, readFile: (path: string) => string | undefined): CommandOutput {
  const namespace = args.flags.get('namespace') ?? 'default';
  let stdout = '', stderr = '';
  const remove = (kind: string, name: string, ns: string): void => {
    let done = false;
    if (kind === 'Pod') {
      const pod = cluster.findPod(ns, name);
      if (pod) cluster.deletePod(pod);
      done = !!pod;
    } else if (kind === 'Deployment') done = cluster.deleteDeployment(ns, name);
    else if (kind === 'Service') done = cluster.deleteService(ns, name);
    const shown = kind === 'Deployment' ? 'deployment.apps' : kind.toLowerCase();
    const plural = kind === 'Deployment' ? 'deployments.apps' : `${kind.toLowerCase()}s`;
    if (done) stdout += `${shown} "${name}" deleted\n`;
    else if (!args.flags.has('ignore-not-found')) stderr += `Error from server (NotFound): ${plural} "${name}" not found\n`;
  };
  if (args.flags.has('filename')) {
    const read = readManifests(args, readFile);
    if ('error' in read) return { stdout: '', stderr: `${read.error}\n`, exitCode: 1 };
    for (const o of read.objects) if (o.kind === 'Deployment' || o.kind === 'Service') remove(o.kind, o.spec.name, o.spec.namespace);
  } else {
    let [type, ...names] = args.positionals;
    if (!type) return { stdout: '', stderr: 'error: You must provide one or more resources by argument or filename.\n', exitCode: 1 };
    if (type.includes('/')) [type, ...names] = [type.split('/')[0], type.split('/')[1], ...names];
    const resource = findResource(type);
    if (!resource) return { stdout: '', stderr: `error: the server doesn't have a resource type "${type}"\n`, exitCode: 1 };
    if (!['Pod', 'Deployment', 'Service'].includes(resource.kind)) {
      return { stdout: '', stderr: `error: deleting ${resource.plural} is not supported in this simulator\n`, exitCode: 1 };
    }
    if (names.length === 0) return { stdout: '', stderr: 'error: resource(s) were provided, but no name was specified\n', exitCode: 1 };
    for (const name of names) remove(resource.kind, name, namespace);
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
