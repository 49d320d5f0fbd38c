// kubectl set env: how the lab changes the VPC CNI's settings (WARM_ENI_TARGET, WARM_IP_TARGET …).
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { DaemonSet } from '../../../model/cluster/types.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

export function kubectlSetEnv(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
  const [sub, ...rest] = args.positionals;
  if (sub !== 'env') return fail(`error: unknown command "${sub ?? ''}" for "kubectl set"`);
  let [type, name, ...pairs] = rest;
  if (type?.includes('/')) [type, name, ...pairs] = [type.split('/')[0], type.split('/')[1], name, ...pairs].filter((x) => x !== undefined);
  const resource = type ? findResource(type) : undefined;
  if (!resource || !name) return fail('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (resource.kind !== 'DaemonSet') return fail(`error: set env on ${resource.plural} is not supported in this simulator (daemonsets only)`);
  const namespace = args.flags.get('namespace') ?? 'default';
  const ds = cluster.store.get<DaemonSet>('DaemonSet', namespace, name);
  if (!ds) return fail(`Error from server (NotFound): daemonsets.apps "${name}" not found`);
  if (args.flags.has('list')) {
    const c = ds.spec.template.containers[0];
    return { stdout: `# DaemonSet ${name}, container ${c.name}\n${c.env.map((e) => `${e.name}=${e.value}`).join('\n')}\n`, stderr: '', exitCode: 0 };
  }
  const changes: [string, string | undefined][] = [];
  for (const p of pairs) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*)|(-))$/s.exec(p);
    if (!m) return fail(`error: all resources must be specified before environment changes: ${p}`);
    changes.push([m[1], m[3] ? undefined : m[2]]);
  }
  if (changes.length === 0) return fail('error: at least one environment variable must be provided');
  const current = new Map(ds.spec.template.containers[0].env.map((e) => [e.name, e.value]));
  if (changes.every(([k, v]) => current.get(k) === v)) return { stdout: '', stderr: '', exitCode: 0 };
  cluster.setDaemonSetEnv(namespace, name, changes);
  return { stdout: `daemonset.apps/${name} env updated\n`, stderr: '', exitCode: 0 };
}
