// kubectl apply -f FILE and kubectl delete -f FILE, over the files the session can read.
import { resourceForKind } from '../../../model/api/discovery.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import { type ManifestObject, parseManifest } from '../../../model/k8s/manifest.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

export function readManifests(
  args: KubectlArgs, readFile: (path: string) => string | undefined, stdin = '',
): { objects: ManifestObject[] } | { error: string } {
  const file = args.flags.get('filename');
  if (!file) return { error: 'error: must specify one of -f and -k' };
  // `-f -` reads the manifest from standard input, e.g. after sed filled in a value.
  const text = file === '-' ? stdin : readFile(file);
  if (text === undefined) return { error: `error: the path "${file}" does not exist` };
  try {
    return { objects: parseManifest(text, file, args.flags.get('namespace') ?? 'default') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function kubectlApply(cluster: Cluster, args: KubectlArgs, readFile: (path: string) => string | undefined, stdin = ''): CommandOutput {
  const read = readManifests(args, readFile, stdin);
  if ('error' in read) return { stdout: '', stderr: `${read.error}\n`, exitCode: 1 };
  let stdout = '';
  let stderr = '';
  for (const o of read.objects) {
    if (o.kind === 'Namespace') stdout += `namespace/${o.name} ${cluster.ensureNamespace(o.name) ? 'created' : 'unchanged'}\n`;
    else if (o.kind === 'Deployment') stdout += `deployment.apps/${o.spec.name} ${cluster.applyDeployment(o.spec)}\n`;
    else if (o.kind === 'ENIConfig') stdout += `eniconfig.crd.k8s.amazonaws.com/${o.spec.name} ${cluster.applyEniConfig(o.spec)}\n`;
    else if (o.kind === 'Service') {
      // The API server refuses an invalid object; kubectl goes on with the others and fails at the end.
      const result = cluster.applyService(o.spec);
      if (typeof result === 'string') stdout += `service/${o.spec.name} ${result}\n`;
      else stderr += `${result.invalid}\n`;
    }
    else {
      const r = resourceForKind(o.object.kind)!;
      stdout += `${r.group ? `${r.singular}.${r.group}` : r.singular}/${o.object.name} ${cluster.applyObject(o.object)}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
