// kubectl top node|pod (pkg/cmd/top) reads the metrics.k8s.io API, which metrics-server serves. An EKS cluster
// has no metrics-server until one is installed, so kubectl finds no such API and says so.
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { groupUsage } from './help.ts';

const NODE = new Set(['node', 'nodes', 'no']);
const POD = new Set(['pod', 'pods', 'po']);

export function kubectlTop(args: KubectlArgs): CommandOutput {
  const [sub] = args.positionals;
  if (sub === undefined) return groupUsage(['top']);
  if (!NODE.has(sub) && !POD.has(sub)) return groupUsage(['top']);
  return { stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 };
}
