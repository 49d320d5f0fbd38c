// kubectl rollout status|restart|history|undo, for Deployments and DaemonSets, over the revisions the Deployment
// controller keeps (one ReplicaSet per pod template, its revision annotation).
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { DaemonSet, Deployment, PodTemplate, ReplicaSet } from '../../../model/cluster/types.ts';
import { REVISION, replicaSetsOf, revisionOf } from '../../../model/controllers/deployment.ts';
import { daemonSetPods, deploymentObject, iso } from '../../../model/k8s/api-objects.ts';
import { table } from '../../format/table.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

const PROGRESS_DEADLINE_S = 600;
const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
const SUBCOMMANDS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

export function kubectlRollout(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [sub, target, maybeName] = args.positionals;
  if (!sub || !SUBCOMMANDS.includes(sub)) {
    return fail(sub ? `error: unknown command "${sub}" for "kubectl rollout"` : 'error: Required resource not specified.');
  }
  if (sub === 'pause' || sub === 'resume') return fail(`error: rollout ${sub} is not modelled here (the simulated Deployment controller has no pausing)`);
  const [type, name] = target?.includes('/') ? target.split('/') : [target, maybeName];
  if (!type) return fail('error: required resource not specified');
  const resource = findResource(type);
  if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (resource.kind !== 'Deployment' && resource.kind !== 'DaemonSet') return fail(`error: no status viewer has been implemented for ${resource.kind}`);
  if (!name) return fail('error: resource(s) were provided, but no name was specified');
  const namespace = args.flags.get('namespace') ?? 'default';
  const obj = cluster.store.get<Deployment | DaemonSet>(resource.kind, namespace, name);
  if (!obj) return fail(`Error from server (NotFound): ${resource.plural}.apps "${name}" not found`);
  const shown = `${resource.nameKind}/${name}`;
  if (sub === 'restart') {
    // kubectl stamps the pod template, which makes a new template and so a rollout.
    const t = obj.spec.template;
    obj.spec.template = { ...t, annotations: { ...t.annotations, 'kubectl.kubernetes.io/restartedAt': iso(cluster.now).replace('Z', '+00:00') } };
    cluster.store.update(obj, true);
    if (obj.kind === 'DaemonSet') cluster.restartDaemonSet(obj);
    cluster.reconcile();
    return { stdout: `${shown} restarted\n`, stderr: '', exitCode: 0 };
  }
  if (obj.kind === 'DaemonSet') {
    if (sub === 'status') return daemonSetStatus(cluster, obj);
    return fail(`error: rollout ${sub} of daemonsets is not modelled here (deployments only)`);
  }
  const d = obj;
  if (sub === 'status') return deploymentStatus(cluster, d, namespace, name);
  const history = replicaSetsOf(cluster, d).sort((a, b) => revisionOf(a) - revisionOf(b));
  if (sub === 'history') {
    const wanted = args.flags.get('revision');
    if (wanted !== undefined) {
      const rs = history.find((r) => String(revisionOf(r)) === wanted);
      if (!rs) return fail(`error: unable to find the specified revision`);
      return { stdout: `${shown} with revision #${wanted}\n${templateText(rs.spec.template)}`, stderr: '', exitCode: 0 };
    }
    const rows = history.map((r) => [String(revisionOf(r)), r.metadata.annotations['kubernetes.io/change-cause'] ?? '<none>']);
    return { stdout: `${shown} \n${table(['REVISION', 'CHANGE-CAUSE'], rows)}\n`, stderr: '', exitCode: 0 };
  }
  // undo: back to the previous revision, or --to-revision.
  const to = args.flags.get('to-revision');
  const current = Number(d.metadata.annotations[REVISION] ?? 0);
  let rs: ReplicaSet | undefined;
  if (to !== undefined && to !== '0') {
    rs = history.find((r) => String(revisionOf(r)) === to);
    if (!rs) return fail(`error: unable to find specified revision ${to} in history`);
  } else {
    rs = [...history].reverse().find((r) => revisionOf(r) < current);
    if (!rs) return fail(`error: no rollout history found for deployment "${name}"`);
  }
  if (revisionOf(rs) === current) return { stdout: `${shown} skipped rollback (current template already matches revision ${revisionOf(rs)})\n`, stderr: '', exitCode: 0 };
  const { 'pod-template-hash': _hash, ...labels } = rs.spec.template.labels;
  d.spec.template = { ...rs.spec.template, labels };
  cluster.store.update(d, true);
  cluster.reconcile();
  return { stdout: `${shown} rolled back\n`, stderr: '', exitCode: 0 };
}

/** kubectl's DeploymentStatusViewer (polymorphichelpers/rollout_status.go): new replicas first, then old ones
 *  going, then availability; each message printed when it changes. */
function deploymentStatus(cluster: Cluster, d: Deployment, namespace: string, name: string): CommandOutput {
  let stdout = '';
  let last = '';
  for (let waited = 0; ; waited++) {
    const status = deploymentObject(cluster, d).status as { replicas: number; updatedReplicas: number; availableReplicas: number };
    const message = status.updatedReplicas < d.spec.replicas
      ? `Waiting for deployment "${name}" rollout to finish: ${status.updatedReplicas} out of ${d.spec.replicas} new replicas have been updated...\n`
      : status.replicas > status.updatedReplicas
        ? `Waiting for deployment "${name}" rollout to finish: ${status.replicas - status.updatedReplicas} old replicas are pending termination...\n`
        : status.availableReplicas < status.updatedReplicas
          ? `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas} of ${status.updatedReplicas} updated replicas are available...\n`
          : undefined;
    if (message === undefined) return { stdout: `${stdout}deployment "${name}" successfully rolled out\n`, stderr: '', exitCode: 0 };
    if (message !== last) {
      stdout += message;
      last = message;
    }
    if (waited >= PROGRESS_DEADLINE_S) return { stdout, stderr: `error: deployment "${name}" exceeded its progress deadline\n`, exitCode: 1 };
    cluster.advance(1);
  }
}

function daemonSetStatus(cluster: Cluster, ds: DaemonSet): CommandOutput {
  let stdout = '';
  let last = -1;
  const name = ds.metadata.name;
  for (let waited = 0; waited <= PROGRESS_DEADLINE_S; waited++) {
    const pods = daemonSetPods(cluster, ds);
    const updated = pods.filter((p) => p.template === ds.spec.template && p.phase === 'Running').length;
    const desired = cluster.nodes.length;
    if (updated >= desired) return { stdout: `${stdout}daemon set "${name}" successfully rolled out\n`, stderr: '', exitCode: 0 };
    if (updated !== last) {
      stdout += `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`;
      last = updated;
    }
    cluster.advance(1);
  }
  return { stdout, stderr: `error: timed out waiting for the condition\n`, exitCode: 1 };
}

/** `rollout history --revision N`: the revision's pod template, as kubectl prints it. */
function templateText(t: PodTemplate): string {
  const lines = ['Pod Template:', `  Labels:\t${Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join('\n\t')}`];
  if (t.annotations) lines.push(`  Annotations:\t${Object.entries(t.annotations).map(([k, v]) => `${k}: ${v}`).join('\n\t')}`);
  lines.push('  Containers:');
  for (const c of t.containers) lines.push(`   ${c.name}:`, `    Image:\t${c.image}`, `    Port:\t${c.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ') || '<none>'}`);
  return `${lines.join('\n')}\n\n`;
}
