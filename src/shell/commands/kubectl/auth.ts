// kubectl auth can-i (pkg/cmd/auth/cani.go): asks the API server's authorizer through a SelfSubjectAccessReview.
// The lab's kubeconfig user is the IAM identity that created the cluster, which EKS maps into system:masters, so
// every check passes; with --as, the answer comes from the RBAC objects in the store, as the RBAC authorizer's.
import type { Cluster } from '../../../model/cluster/cluster.ts';
import { resolveResource, type ApiResource } from '../../../model/api/discovery.ts';
import type { ApiRecord } from '../../../model/api/types.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { groupUsage } from './help.ts';

const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

type RbacObject = ApiRecord & { body?: { rules?: PolicyRule[]; roleRef?: { kind: string; name: string }; subjects?: Subject[] } };

interface Request {
  verb: string;
  group: string;
  resource: string;
  name?: string;
  namespace: string;
  url?: string;
}

const matches = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

function ruleAllows(rule: PolicyRule, req: Request): boolean {
  if (!matches(rule.verbs, req.verb)) return false;
  if (req.url !== undefined) return !!rule.nonResourceURLs?.some((u) => u === req.url || u === '*' || (u.endsWith('*') && req.url!.startsWith(u.slice(0, -1))));
  return matches(rule.apiGroups, req.group) && matches(rule.resources, req.resource) && (!rule.resourceNames?.length || (req.name !== undefined && rule.resourceNames.includes(req.name)));
}

/** The RBAC authorizer: any binding whose subjects include the user grants its role's rules. */
function rbacAllows(cluster: Cluster, user: string, req: Request): boolean {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  const groups = sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`, 'system:authenticated'] : ['system:authenticated'];
  const isSubject = (s: Subject) =>
    (s.kind === 'User' && s.name === user) ||
    (s.kind === 'Group' && groups.includes(s.name)) ||
    (s.kind === 'ServiceAccount' && !!sa && s.name === sa[2] && s.namespace === sa[1]);
  const rulesOf = (kind: string, name: string, namespace?: string) =>
    cluster.store.get<RbacObject>(kind, kind === 'Role' ? namespace : undefined, name)?.body?.rules ?? [];
  const bindings = [
    ...cluster.store.list<RbacObject>('ClusterRoleBinding'),
    ...(req.namespace ? cluster.store.list<RbacObject>('RoleBinding', { namespace: req.namespace }) : []),
  ];
  return bindings.some(
    (b) => b.body?.subjects?.some(isSubject) && b.body.roleRef && rulesOf(b.body.roleRef.kind, b.body.roleRef.name, b.metadata.namespace).some((r) => ruleAllows(r, req)),
  );
}

export function kubectlAuth(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [sub, ...operands] = args.positionals;
  if (sub === undefined) return groupUsage(['auth']);
  if (sub !== 'can-i') return { stdout: '', stderr: `error: unknown command "${sub}" for "kubectl auth"\n`, exitCode: 1 };
  const fail = (m: string): CommandOutput => ({ stdout: '', stderr: `error: ${m}\n`, exitCode: 1 });
  if (args.flags.get('list') === 'true') return fail('--list is not simulated here: ask about one verb and resource, e.g. kubectl auth can-i create pods');
  if (operands.length < 2 || operands.length > 3) return fail('you must specify two or three arguments: verb, resource, and optional resourceName');
  const quiet = args.flags.get('quiet') === 'true';
  const allNamespaces = args.flags.get('all-namespaces') === 'true';
  const [verb, target, third] = operands as [string, string, string?];
  let stderr = '';
  const req: Request = { verb, group: '', resource: '', namespace: allNamespaces ? '' : args.flags.get('namespace') ?? 'default' };
  let resource: ApiResource | undefined;
  if (target.startsWith('/')) {
    req.url = target;
    if (!NON_RESOURCE_VERBS.has(verb)) stderr += `Warning: verb '${verb}' is not a known verb\n`;
  } else {
    const [typed, name] = target.split('/', 2) as [string, string?];
    req.name = third ?? name;
    if (typed === '*') {
      req.resource = '*';
    } else {
      resource = resolveResource(typed);
      if (resource) {
        req.group = resource.group;
        req.resource = resource.name;
      } else {
        const dot = typed.indexOf('.');
        const [res, group] = dot < 0 ? [typed.toLowerCase(), ''] : [typed.slice(0, dot).toLowerCase(), typed.slice(dot + 1).toLowerCase()];
        if (res !== 'users' && res !== 'groups') {
          stderr += group ? `Warning: the server doesn't have a resource type '${res}' in group '${group}'\n` : `Warning: the server doesn't have a resource type '${res}'\n`;
        }
        req.resource = typed;
      }
    }
    if (resource && !resource.namespaced && !allNamespaces) {
      stderr += resource.group ? `Warning: resource '${resource.name}' is not namespace scoped in group '${resource.group}'\n` : `Warning: resource '${resource.name}' is not namespace scoped\n`;
    }
    if (!RESOURCE_VERBS.has(verb)) stderr += `Warning: verb '${verb}' is not a known verb\n`;
  }
  const as = args.flags.get('as');
  const allowed = as === undefined ? true : rbacAllows(cluster, as, req);
  return { stdout: quiet ? '' : allowed ? 'yes\n' : 'no\n', stderr, exitCode: allowed ? 0 : 1, stderrFirst: true };
}
