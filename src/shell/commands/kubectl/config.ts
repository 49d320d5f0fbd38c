// kubectl config current-context|get-contexts|view|use-context over the bastion's ~/.kube/config (eksctl's),
// printed as kubectl 1.24 prints them (pkg/cmd/config): view decodes the file into clientcmd's Config and writes
// it back out, so it shows defaults the file leaves out (interactiveMode) and hides certificate data.
import { parse } from 'yaml';
import { table } from '../../format/table.ts';
import type { CommandOutput, Session } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { groupUsage } from './help.ts';
import { renderJsonpath, toGoYaml, toJson } from './output.ts';

const KUBECONFIG_PATH = '/root/.kube/config';

interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

interface Kubeconfig {
  clusters?: NamedEntry[];
  contexts?: { name: string; context: { cluster?: string; user?: string; namespace?: string } }[];
  users?: NamedEntry[];
  'current-context'?: string;
  preferences?: object;
}

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `error: ${message}\n`, exitCode: 1 });

function load(session: Session): Kubeconfig {
  const text = session.readFile?.(KUBECONFIG_PATH);
  if (text === undefined) return {};
  const doc = parse(text) as Kubeconfig | null;
  return doc ?? {};
}

/** The context names the bastion's kubeconfig defines (what `--context` may name). */
export function kubeconfigContexts(session: Session): string[] {
  return load(session).contexts?.map((c) => c.name) ?? [];
}

/** The object kubectl re-encodes, in clientcmd's struct field order (which -o json keeps). */
function encoded(config: Kubeconfig, raw: boolean): Record<string, unknown> {
  const cluster = (c: Record<string, unknown>) => {
    const { server, ...rest } = c;
    const out: Record<string, unknown> = { server, ...rest };
    if (!raw && out['certificate-authority-data'] !== undefined) out['certificate-authority-data'] = 'DATA+OMITTED';
    return out;
  };
  const user = (u: Record<string, unknown>) => {
    const exec = u.exec as Record<string, unknown> | undefined;
    if (!exec) return u;
    const { command, args, env, apiVersion, provideClusterInfo, interactiveMode, ...rest } = exec;
    return { ...u, exec: { command, args, env, apiVersion, ...rest, provideClusterInfo: provideClusterInfo ?? false, interactiveMode: interactiveMode ?? 'IfAvailable' } };
  };
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: config.preferences ?? {},
    clusters: config.clusters?.map((c) => ({ name: c.name, cluster: cluster(c.cluster as Record<string, unknown>) })) ?? null,
    users: config.users?.map((u) => ({ name: u.name, user: user(u.user as Record<string, unknown>) })) ?? null,
    contexts: config.contexts?.map((c) => ({ name: c.name, context: c.context })) ?? null,
    'current-context': config['current-context'] ?? '',
  };
}

function view(config: Kubeconfig, args: KubectlArgs): CommandOutput {
  let shown = config;
  if (args.flags.get('minify') === 'true') {
    const current = config.contexts?.find((c) => c.name === config['current-context']);
    if (!current) return fail('current-context must exist in order to minify');
    shown = {
      ...config,
      contexts: [current],
      clusters: config.clusters?.filter((c) => c.name === current.context.cluster),
      users: config.users?.filter((u) => u.name === current.context.user),
    };
  }
  const doc = encoded(shown, args.flags.get('raw') === 'true');
  const output = args.flags.get('output') ?? 'yaml';
  if (output === 'yaml') return { stdout: toGoYaml(doc), stderr: '', exitCode: 0 };
  if (output === 'json') return { stdout: toJson(JSON.parse(JSON.stringify(doc))), stderr: '', exitCode: 0 };
  const jp = /^jsonpath=(.*)$/s.exec(output);
  if (jp) return { stdout: renderJsonpath(jp[1], JSON.parse(JSON.stringify(doc))), stderr: '', exitCode: 0 };
  return fail(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`);
}

function getContexts(config: Kubeconfig, args: KubectlArgs): CommandOutput {
  const all = config.contexts ?? [];
  const wanted = args.positionals.slice(1);
  const missing = wanted.filter((n) => !all.some((c) => c.name === n));
  const shown = wanted.length ? all.filter((c) => wanted.includes(c.name)) : all;
  const output = args.flags.get('output');
  if (output !== undefined && output !== 'name') return fail(`output must be one of '' or 'name': ${output}`);
  let stdout;
  if (output === 'name') {
    stdout = shown.map((c) => `${c.name}\n`).join('');
  } else {
    const rows = shown.map((c) => [c.name === config['current-context'] ? '*' : '', c.name, c.context.cluster ?? '', c.context.user ?? '', c.context.namespace ?? '']);
    // The empty NAMESPACE cell leaves AUTHINFO padded, as kubectl's tabwriter does.
    const header = ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'];
    if (args.flags.get('no-headers') !== 'true') stdout = table(header, rows);
    else stdout = rows.length ? table(rows[0]!, rows.slice(1)) : '';
  }
  const stderr = missing.map((n) => `error: context ${n} not found\n`).join('');
  return { stdout, stderr, exitCode: missing.length ? 1 : 0 };
}

export function kubectlConfig(session: Session, args: KubectlArgs): CommandOutput {
  const [sub] = args.positionals;
  const config = load(session);
  switch (sub) {
    case undefined:
      return groupUsage(['config']);
    case 'current-context': {
      const current = config['current-context'];
      return current ? { stdout: `${current}\n`, stderr: '', exitCode: 0 } : fail('current-context is not set');
    }
    case 'get-contexts':
      return getContexts(config, args);
    case 'view':
      return view(config, args);
    case 'use-context':
    case 'use': {
      const name = args.positionals[1];
      if (name === undefined) return fail('Unexpected args: []');
      if (!config.contexts?.some((c) => c.name === name)) return fail(`no context exists with the name: "${name}"`);
      // There is one cluster and one context: switching to it changes nothing in the file.
      return { stdout: `Switched to context "${name}".\n`, stderr: '', exitCode: 0 };
    }
    default:
      return { stdout: '', stderr: `error: unknown command "${sub}"\nSee 'kubectl config -h' for help and examples\n`, exitCode: 1 };
  }
}
