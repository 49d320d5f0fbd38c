// eksctl 0.140 (May 2023) `create iamserviceaccount` and `get iamserviceaccount`: the IAM role for a service account
// (IRSA) made by a CloudFormation stack `eksctl-<cluster>-addon-iamserviceaccount-<ns>-<name>` whose role is
// `Role1` (pkg/cfn/builder/iam.go), then the ServiceAccount annotated with the role's ARN. Log lines as eksctl's
// logger prints them (`<date> [ℹ]  …`, warnings `[!]`), on stdout; the task tree as pkg/utils/tasks/tasks.go
// Describe() renders it, without a newline after it (as the seed shows). Sources: eksctl-io/eksctl v0.140.0
// pkg/ctl/create/iamserviceaccount.go, pkg/ctl/cmdutils/filter/filter.go, pkg/cfn/manager/{api,iam,waiters,
// create_tasks}.go, pkg/kubernetes/serviceaccount.go, pkg/ctl/get/iamserviceaccount.go.
import { awsAccount } from '../../model/aws/account.ts';
import { newMeta } from '../../model/cluster/cluster.ts';
import type { ServiceAccount } from '../../model/cluster/types.ts';
import { createRng } from '../../model/rng.ts';
import { clusterSession } from '../session.ts';
import type { Command, CommandOutput, Emission } from '../types.ts';
import { columnWidths } from '../format/table.ts';
import { longOption } from './util.ts';

/** `2006-01-02 15:04:05` in the model's time zone (UTC). */
/** The eksctl release modelled (its stacks tag the roles they make with it). */
export const EKSCTL_VERSION = '0.140.0';

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** CloudFormation's physical names: the logical id after the stack name cut to fit 64, then 13 random characters (the seed's role: `eksctl-myeks-addon-iamserviceaccount-kube-sy-Role1-RZW…`). */
function roleName(stack: string, seed: string): string {
  const rng = createRng(`${seed}/cfn/${stack}`);
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let suffix = '';
  for (let i = 0; i < 13; i++) suffix += alnum[rng.int(alnum.length)];
  return `${stack.slice(0, 64 - 'Role1'.length - 13 - 2)}-Role1-${suffix}`;
}

/** tabwriter with tabs as padding (eksctl's table printer): each column as wide as its widest cell + 1, in tab stops of 8. */
function tabTable(rows: string[][]): string {
  const widths = columnWidths(rows).map((w) => Math.ceil((w + 1) / 8) * 8);
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell + '\t'.repeat(Math.ceil((widths[c] - cell.length) / 8)))).join('')).join('\n') + '\n';
}

export const eksctl: Command = {
  name: 'eksctl',
  usage: 'eksctl create|get iamserviceaccount --cluster NAME …',
  hosts: ['bastion'],
  run({ args, session }): CommandOutput {
    const cs = clusterSession(session);
    const cluster = cs.cluster;
    const [verb, noun] = args;
    const clusterName = longOption(args, '--cluster');
    if (noun !== 'iamserviceaccount' || (verb !== 'create' && verb !== 'get')) {
      return { stdout: '', stderr: `Error: this simulator's eksctl knows create iamserviceaccount and get iamserviceaccount\n`, exitCode: 1 };
    }
    const t0 = cluster.now;
    const account = awsAccount(cluster);
    if (!clusterName) return { stdout: '', stderr: `${stamp(t0)} [✖]  --cluster must be set\n`, exitCode: 1 };
    if (clusterName !== cluster.eks.name) {
      return { stdout: '', stderr: `Error: unable to describe cluster control plane: operation error EKS: DescribeCluster, https response error StatusCode: 404, RequestID: 5b4a3e0c-2d7e-4a0b-9d0e-0c3f3b1f2a11, ResourceNotFoundException: No cluster found for name: ${clusterName}.\n`, exitCode: 1 };
    }
    if (verb === 'get') {
      const rows = account.stacks.filter((s) => s.serviceAccount).map((s) => {
        const role = account.iam.roles.get(s.serviceAccount!.roleName)!;
        return [s.serviceAccount!.namespace, s.serviceAccount!.name, role.arn];
      });
      if (rows.length === 0) return { stdout: '', stderr: `No iamserviceaccounts found\n`, exitCode: 0 };
      return { stdout: tabTable([['NAMESPACE', 'NAME', 'ROLE ARN'], ...rows]), stderr: '', exitCode: 0 };
    }
    const namespace = longOption(args, '--namespace') ?? 'default';
    const name = longOption(args, '--name');
    const policies = args.flatMap((a, i) => (a === '--attach-policy-arn' ? (args[i + 1] ?? '').split(',') : a.startsWith('--attach-policy-arn=') ? a.slice(20).split(',') : [])).filter(Boolean);
    const approve = args.includes('--approve');
    const override = args.includes('--override-existing-serviceaccounts');
    if (!name) return { stdout: '', stderr: `Error: --name must be set\n`, exitCode: 1 };
    if (policies.length === 0) return { stdout: '', stderr: `Error: --attach-policy-arn, --attach-role-arn or --attach-policy must be set\n`, exitCode: 1 };
    const id = `${namespace}/${name}`;
    const stackName = `eksctl-${cluster.eks.name}-addon-iamserviceaccount-${namespace}-${name}`;
    const out: Emission[] = [];
    let t = t0;
    const log = (icon: string, text: string, nl = true) => out.push({ at: t, stream: 'out', text: `${stamp(t)} [${icon}]  ${text}${nl ? '\n' : ''}` });
    const existing = account.stacks.some((s) => s.name === stackName);
    if (existing) {
      log('ℹ', `1 existing iamserviceaccount(s) (${id}) will be excluded`);
      log('ℹ', `1 iamserviceaccount (${id}) was excluded (based on the include/exclude rules)`);
    } else {
      log('ℹ', `1 iamserviceaccount (${id}) was included (based on the include/exclude rules)`);
    }
    log('!', override ? 'metadata of serviceaccounts that exist in Kubernetes will be updated, as --override-existing-serviceaccounts was set'
      : 'serviceaccounts that exist in Kubernetes will be excluded, use --override-existing-serviceaccounts to override');
    if (existing) {
      log('ℹ', 'no tasks');
    } else {
      log('ℹ', `1 task: { \n    2 sequential sub-tasks: { \n        create IAM role for serviceaccount "${id}",\n        create serviceaccount "${id}",\n    } }`, false);
      if (!approve) {
        // Without --approve eksctl only plans.
        out[out.length - 1].text = out[out.length - 1].text.replace('1 task: {', '(plan) 1 task: {');
        log('!', 'no changes were applied, run again with \'--approve\' to apply the changes');
      } else {
        log('ℹ', `building iamserviceaccount stack "${stackName}"`);
        log('ℹ', `deploying stack "${stackName}"`);
        log('ℹ', `waiting for CloudFormation stack "${stackName}"`);
        t += 30_000;
        log('ℹ', `waiting for CloudFormation stack "${stackName}"`);
        t += 1_200;
        const role = account.iam.createRole(roleName(stackName, cluster.eks.endpoint), {
          issuer: cluster.eks.oidcIssuer.replace(/^https:\/\//, ''), sub: `system:serviceaccount:${namespace}:${name}`,
        }, policies, t, [
          // The stack's tags, as `aws iam get-role` lists them on an eksctl IRSA role.
          { Key: 'alpha.eksctl.io/cluster-name', Value: cluster.eks.name },
          { Key: 'alpha.eksctl.io/iamserviceaccount-name', Value: id },
          { Key: 'alpha.eksctl.io/eksctl-version', Value: EKSCTL_VERSION },
          { Key: 'eksctl.cluster.k8s.io/v1alpha1/cluster-name', Value: cluster.eks.name },
        ]);
        account.stacks.push({ name: stackName, serviceAccount: { namespace, name, roleName: role.name }, createdAt: t });
        const sa = cluster.store.get<ServiceAccount>('ServiceAccount', namespace, name);
        if (sa && !override) {
          log('ℹ', `serviceaccount "${id}" already exists`);
        } else {
          cluster.ensureNamespace(namespace);
          if (sa) {
            sa.metadata.annotations = { ...sa.metadata.annotations, 'eks.amazonaws.com/role-arn': role.arn };
            sa.metadata.labels = { ...sa.metadata.labels, 'app.kubernetes.io/managed-by': 'eksctl' };
            cluster.store.update(sa);
            log('ℹ', `updated serviceaccount "${id}"`);
          } else {
            cluster.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta(name, namespace, { 'app.kubernetes.io/managed-by': 'eksctl' }, { 'eks.amazonaws.com/role-arn': role.arn }) });
            log('ℹ', `created serviceaccount "${id}"`);
          }
          cluster.reconcile();
        }
      }
    }
    // The stack takes about half a minute: model time passes as `sleep` lets it (a scheduled process would be cut
    // off after ten seconds in a script), and the lines carry the times eksctl stamped them with.
    if (t > t0) cs.advance((t - t0) / 1000);
    return { stdout: out.map((e) => e.text).join(''), stderr: '', exitCode: 0 };
  },
};
