// kubectl: one command, its verbs in sibling modules. Talks to the simulated cluster, never to a real one.
import { type ClusterSession, clusterSession } from '../../session.ts';
import type { Command, CommandInput, CommandOutput, Session } from '../../types.ts';
import { kubectlApply } from './apply.ts';
import { kubectlCreate, kubectlRun } from './create.ts';
import { kubectlExpose } from './expose.ts';
import { kubectlLabel } from './label.ts';
import { kubectlPatch } from './patch.ts';
import { type KubectlArgs, KubectlUsageError, parseGoInt, parseKubectlArgs } from './args.ts';
import { deprecatedFlagWarnings, lookupCommand } from './global-flags.ts';
import { kubectlDelete } from './delete.ts';
import { kubectlDescribe } from './describe.ts';
import { kubectlEdit } from './edit.ts';
import { kubectlExec } from './exec.ts';
import { kubectlExplain } from './explain.ts';
import { kubectlGet } from './get.ts';
import { kubectlLogs } from './logs.ts';
import { findResource, listObjects, resourceWords } from './resources.ts';
import { kubectlRollout } from './rollout.ts';
import { kubectlScale } from './scale.ts';
import { kubectlSetEnv } from './set-env.ts';
import { kubectlApiResources, kubectlApiVersions } from './api-resources.ts';
import { kubectlAuth } from './auth.ts';
import { kubectlClusterInfo } from './cluster-info.ts';
import { kubeconfigContexts, kubectlConfig } from './config.ts';
import { KUBECTL_COMMANDS, groupUsage, helpFor, kubectlHelp, unknownCommand } from './help.ts';
import { kubectlTop } from './top.ts';
import { kubectlVersion } from './version.ts';

/** The verbs this kubectl runs; kubectl's others (drain, port-forward …) answer that the simulator lacks them. */
const VERBS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'auth', 'cluster-info', 'config', 'create', 'delete', 'describe',
  'edit', 'exec', 'explain', 'expose', 'get', 'help', 'label', 'logs', 'patch', 'rollout', 'run', 'scale', 'set', 'top', 'version',
];

/** Subcommands, for completion. */
const SUBCOMMANDS: Record<string, string[]> = {
  config: ['current-context', 'get-contexts', 'use-context', 'view'],
  auth: ['can-i'],
  top: ['node', 'pod'],
  rollout: ['history', 'restart', 'status', 'undo'],
  set: ['env'],
  create: ['configmap', 'deployment', 'namespace', 'serviceaccount'],
  'cluster-info': ['dump'],
};
/** What one kubectl call costs in model time: an API round trip. */
const API_CALL_S = 0.1;

function names(session: Session, type: string): string[] {
  const cluster = clusterSession(session).cluster;
  const resource = findResource(type);
  return resource ? listObjects(cluster, resource, undefined).map((o) => o.metadata.name) : [];
}

export const kubectl: Command = {
  name: 'kubectl',
  usage: 'kubectl get|describe|scale|apply|delete|set env|exec|rollout status …',
  hosts: ['bastion'],
  // `words` are kubectl's arguments before the word being completed.
  complete(words, session) {
    const positional = words.filter((w, i) => !w.startsWith('-') && !['-n', '--namespace', '-o', '-l', '-c'].includes(words[i - 1] ?? ''));
    const last = words.at(-1) ?? '';
    if (last === '-n' || last === '--namespace') return clusterSession(session).cluster.store.list('Namespace').map((n) => n.metadata.name);
    if (last === '-o' || last === '--output') return ['wide', 'yaml', 'json', 'name', 'jsonpath=', 'custom-columns='];
    const [verb, ...rest] = positional;
    if (verb === undefined) return VERBS;
    if (['get', 'describe', 'delete', 'edit', 'scale', 'label', 'annotate', 'patch', 'explain'].includes(verb)) {
      if (rest.length === 0) return verb === 'explain' ? resourceWords() : [...resourceWords(), ...(verb === 'get' ? ['all'] : [])];
      return verb === 'explain' ? [] : names(session, rest[0]!);
    }
    if (verb === 'exec' || verb === 'logs') return rest.length === 0 ? names(session, 'pods') : [];
    if (verb === 'set') return rest.length === 0 ? ['env'] : ['daemonset', 'aws-node'];
    if (verb === 'rollout') return rest.length === 0 ? SUBCOMMANDS.rollout! : ['deployment/', 'daemonset/'];
    if (rest.length === 0 && SUBCOMMANDS[verb]) return SUBCOMMANDS[verb]!;
    if (verb === 'help' && rest.length === 0) return VERBS;
    return [];
  },
  run(input): CommandOutput {
    const session = clusterSession(input.session);
    // Global flags may come before the verb (`kubectl -n kube-system get pods`); cobra finds the verb among them.
    const found = lookupCommand(input.args, KUBECTL_COMMANDS);
    if (found.kind === 'plugin-error') return { stdout: '', stderr: found.message, exitCode: 1 };
    if (found.kind === 'unknown') return unknownCommand(found.word);
    const verb = found.kind === 'verb' ? found.verb : '';
    const rest = found.rest;
    if (verb === 'help') return kubectlHelp(rest.filter((w) => !w.startsWith('-')));
    let args;
    try {
      args = parseKubectlArgs(rest, verb);
      checkGlobalFlagValues(args);
    } catch (e) {
      if (e instanceof KubectlUsageError) return { stdout: '', stderr: `error: ${e.message}\nSee '${commandPath(verb, rest)} --help' for usage.\n`, exitCode: 1 };
      throw e;
    }
    const warnings = deprecatedFlagWarnings(rest);
    if (verb === '' || args.flags.get('help') === 'true') return withWarnings(warnings, kubectlHelp(verb ? [verb, ...args.positionals] : []));
    const configError = kubeconfigError(session, args, verb);
    if (configError) return withWarnings(warnings, configError);
    return withWarnings(warnings, runVerb(session, verb, args, input));
  },
};

/** `kubectl config current-context`: the verb and the subcommand the words name, as cobra's usage line says it. */
function commandPath(verb: string, rest: string[]): string {
  const sub = rest.find((w) => SUBCOMMANDS[verb]?.includes(w));
  return ['kubectl', verb, sub].filter(Boolean).join(' ');
}

/** pflag's deprecation notices come first on stderr, as the flags are parsed before the command runs. */
function withWarnings(warnings: string, out: CommandOutput): CommandOutput {
  return warnings ? { ...out, stderr: warnings + out.stderr } : out;
}

/** klog's -v is an int32 Level; pflag reports a bad value with strconv's words. */
function checkGlobalFlagValues(args: KubectlArgs): void {
  const v = args.flags.get('v');
  if (v === undefined) return;
  const level = parseGoInt(v, 32);
  if (typeof level === 'string') throw new KubectlUsageError(`invalid argument "${v}" for "-v, --v" flag: strconv.ParseInt: parsing "${v}": ${level}`);
}

/**
 * Verbs whose first step asks the kubeconfig for the namespace (clientcmd's DirectClientConfig.Namespace), which
 * validates the whole config unless -n was given; the others fail later, building the REST config.
 */
const NAMESPACE_FIRST = new Set(['get', 'describe', 'delete', 'logs', 'exec', 'top', 'rollout', 'patch']);

/** A --kubeconfig that is not there, or a --context the kubeconfig lacks, fails as clientcmd words it (checked with kubectl 1.24). */
function kubeconfigError(session: ClusterSession, args: KubectlArgs, verb: string): CommandOutput | undefined {
  // config reads the file itself; version --client never loads it.
  if (verb === 'config' || (verb === 'version' && args.flags.get('client') === 'true')) return undefined;
  const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr, exitCode: 1 });
  const path = args.flags.get('kubeconfig');
  if (path !== undefined && path !== '' && session.readFile(path) === undefined) return fail(`error: stat ${path}: no such file or directory\n`);
  const context = args.flags.get('context');
  if (context === undefined || context === '' || kubeconfigContexts(session).includes(context)) return undefined;
  if (NAMESPACE_FIRST.has(verb) && !args.flags.get('namespace')) {
    return fail(`Error in configuration: context was not found for specified context: ${context}\n`);
  }
  return fail(`error: context "${context}" does not exist\n`);
}

function runVerb(session: ClusterSession, verb: string, args: KubectlArgs, input: CommandInput): CommandOutput {
  // Commands that only read the kubeconfig or print what kubectl knows make no API call.
    switch (verb) {
      case 'version': return kubectlVersion(args);
      case 'config': return kubectlConfig(session, args);
      case 'set': if (args.positionals.length === 0) return groupUsage(['set']); break;
      // kubectl rollout prints its usage on stdout, unlike the other groups.
      case 'rollout': if (args.positionals.length === 0) return { stdout: helpFor(['rollout']), stderr: '', exitCode: 1 }; break;
    }
    const cluster = session.cluster;
    cluster.advance(API_CALL_S);
    const readFile = (path: string) => session.readFile(path);
    switch (verb) {
      case 'get': return kubectlGet(cluster, args);
      case 'describe': return kubectlDescribe(cluster, args);
      case 'scale': return kubectlScale(cluster, args);
      case 'apply': return kubectlApply(cluster, args, readFile, input.stdin);
      case 'delete': return kubectlDelete(cluster, args, readFile);
      case 'set': return kubectlSetEnv(cluster, args);
      case 'exec': return kubectlExec(session, args, input);
      case 'rollout': return kubectlRollout(cluster, args);
      case 'logs': return kubectlLogs(cluster, args);
      case 'create': return kubectlCreate(cluster, args);
      case 'run': return kubectlRun(session, args, input);
      case 'label': return kubectlLabel(cluster, args, 'labels');
      case 'annotate': return kubectlLabel(cluster, args, 'annotations');
      case 'patch': return kubectlPatch(cluster, args);
      case 'edit': return kubectlEdit(cluster, session, args, input);
      case 'expose': return kubectlExpose(cluster, args);
      case 'cluster-info': return kubectlClusterInfo(cluster, args);
      case 'api-resources': return kubectlApiResources(cluster, args);
      case 'api-versions': return kubectlApiVersions(cluster, args);
      case 'auth': return kubectlAuth(cluster, args);
      case 'top': return kubectlTop(args);
      case 'explain': return kubectlExplain(args);
      default:
        return { stdout: '', stderr: `error: "kubectl ${verb}" is not simulated here (its help: kubectl ${verb} --help)\n`, exitCode: 1 };
    }
}
