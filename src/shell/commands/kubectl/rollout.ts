// kubectl rollout status: waits (in model time) until a Deployment's pods are all available.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import { podsOf } from '../../../model/k8s/api-objects.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

const PROGRESS_DEADLINE_S = 600;

export function kubectlRollout(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [sub, target, maybeName] = args.positionals;
  if (sub !== 'status') return { stdout: '', stderr: `error: rollout ${sub ?? ''} is not supported in this simulator (status only)\n`, exitCode: 1 };
  const [type, name] = target?.includes('/') ? target.split('/') : [target, maybeName];
  if (!type || !/^deploy(ment)?s?$/.test(type) || !name) return { stdout: '', stderr: 'error: rollout status needs deployment/NAME\n', exitCode: 1 };
  const namespace = args.flags.get('namespace') ?? 'default';
  const d = cluster.deployments.find((x) => x.namespace === namespace && x.name === name);
  if (!d) return { stdout: '', stderr: `Error from server (NotFound): deployments.apps "${name}" not found\n`, exitCode: 1 };
  let stdout = '';
  let last = -1;
  for (let waited = 0; ; waited++) {
    const available = podsOf(cluster, namespace, d.selector).filter((p) => p.phase === 'Running').length;
    if (available >= d.replicas) return { stdout: `${stdout}deployment "${name}" successfully rolled out\n`, stderr: '', exitCode: 0 };
    if (available !== last) {
      stdout += `Waiting for deployment "${name}" rollout to finish: ${available} of ${d.replicas} updated replicas are available...\n`;
      last = available;
    }
    if (waited >= PROGRESS_DEADLINE_S) {
      return { stdout, stderr: `error: deployment "${name}" exceeded its progress deadline\n`, exitCode: 1 };
    }
    cluster.advance(1);
  }
}
