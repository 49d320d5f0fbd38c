// kubectl cluster-info (pkg/cmd/clusterinfo): the API server's URL, then every kube-system Service labelled
// kubernetes.io/cluster-service=true with its proxy URL. The names are coloured with ANSI codes whatever stdout
// is: kubectl writes them through go-colortext, which only checks for TERM=dumb.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { Service } from '../../../model/cluster/types.ts';
import { parseLabelSelector } from '../../../model/api/label-selector.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

const line = (name: string, link: string) => `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n`;

export function kubectlClusterInfo(cluster: Cluster, args: KubectlArgs): CommandOutput {
  if (args.positionals[0] === 'dump') {
    return { stdout: '', stderr: 'error: cluster-info dump writes every object and log in the cluster; this simulator does not\n', exitCode: 1 };
  }
  if (args.positionals.length) return { stdout: '', stderr: `error: unexpected arguments: [${args.positionals.join(' ')}]\nSee 'kubectl cluster-info -h' for help and examples\n`, exitCode: 1 };
  const host = cluster.eks.endpoint;
  let stdout = line('Kubernetes control plane', host);
  const services = cluster.store.list<Service>('Service', { namespace: 'kube-system', labelSelector: parseLabelSelector('kubernetes.io/cluster-service=true') });
  for (const svc of services) {
    let name = svc.metadata.name;
    const port = svc.spec.ports[0];
    if (port) {
      // <scheme>:<service-name>:<port-name>, https guessed from the port's name or number.
      const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
      name = scheme ? `${scheme}:${name}:${port.name ?? ''}` : port.name ? `${name}:${port.name}` : name;
    }
    const link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
    stdout += line(svc.metadata.labels['kubernetes.io/name'] || svc.metadata.name, link);
  }
  stdout += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  return { stdout, stderr: '', exitCode: 0 };
}
