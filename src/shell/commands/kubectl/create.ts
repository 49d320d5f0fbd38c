// kubectl create deployment|namespace|configmap|serviceaccount, and kubectl run: objects from flags, named and
// labelled as kubectl's generators make them (app=NAME for a Deployment, run=NAME for a pod).
import { ApiError } from '../../../model/api/store.ts';
import { type Cluster, newMeta } from '../../../model/cluster/cluster.ts';
import type { ConfigMap, ContainerSpec, PodTemplate, ServiceAccount } from '../../../model/cluster/types.ts';
import { quote } from 'shell-quote';
import { type ClusterSession, podHost } from '../../session.ts';
import type { CommandInput, CommandOutput } from '../../types.ts';
import { type KubectlArgs, parseGoInt } from './args.ts';
import { renderJsonpath, toGoYaml, toJson } from './output.ts';
import { SHELLS } from './exec.ts';
import { findResource } from './resources.ts';

const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });
const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', exitCode: 0 });

/** kubectl names a container after its image: the last path part, without tag or digest. */
export function containerName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0].split(':')[0];
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function invalidName(kind: string, name: string): string | undefined {
  if (DNS1123.test(name) && name.length <= 253) return undefined;
  return `The ${kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
}

function container(image: string, args: KubectlArgs, command: boolean): ContainerSpec {
  const port = args.flags.get('port');
  const env = (args.flags.get('env') ?? '').split('\n').filter(Boolean).map((e) => ({ name: e.split('=')[0], value: e.slice(e.indexOf('=') + 1) }));
  return {
    name: containerName(image),
    image,
    ports: port ? [{ containerPort: Number(port), protocol: 'TCP' }] : [],
    requests: {},
    env,
    ...(args.rest.length ? (command ? { command: args.rest } : { args: args.rest }) : {}),
  };
}

/**
 * The object kubectl's generator builds before anything reaches the server, in the Go structs' field order (which
 * -o json keeps): what `--dry-run=client` prints.
 */
function generated(kind: 'deployment' | 'namespace' | 'configmap' | 'serviceaccount', name: string, namespace: string | undefined, args: KubectlArgs, data: Record<string, string>): Record<string, unknown> {
  const metadata = (labels?: Record<string, string>) => ({ name, namespace, creationTimestamp: null, labels });
  switch (kind) {
    case 'deployment': {
      const labels = { app: name };
      const port = args.flags.get('port');
      const containers = (args.flags.get('image') ?? '').split('\n').map((image) => ({
        name: containerName(image),
        image,
        command: args.rest.length ? args.rest : undefined,
        ports: port ? [{ containerPort: Number(port) }] : undefined,
        resources: {},
      }));
      return {
        kind: 'Deployment', apiVersion: 'apps/v1', metadata: metadata(labels),
        spec: { replicas: Number(args.flags.get('replicas') ?? '1'), selector: { matchLabels: labels }, template: { metadata: { creationTimestamp: null, labels }, spec: { containers } }, strategy: {} },
        status: {},
      };
    }
    case 'namespace':
      return { kind: 'Namespace', apiVersion: 'v1', metadata: { name, creationTimestamp: null }, spec: {}, status: {} };
    case 'configmap':
      return { kind: 'ConfigMap', apiVersion: 'v1', metadata: metadata(), data: Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1))) };
    case 'serviceaccount':
      return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: metadata() };
  }
}

/** What `create … --dry-run=client` prints: the generated object in the -o format, or the one line saying so. */
function dryRun(kind: 'deployment' | 'namespace' | 'configmap' | 'serviceaccount', name: string, object: Record<string, unknown>, output: string | undefined): CommandOutput {
  const qualified = `${findResource(kind)!.nameKind}/${name}`;
  const clean = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
  if (output === undefined) return ok(`${qualified} created (dry run)\n`);
  if (output === 'name') return ok(`${qualified}\n`);
  if (output === 'yaml') return ok(toGoYaml(clean));
  if (output === 'json') return ok(toJson(clean));
  const jp = /^jsonpath=(.*)$/s.exec(output);
  if (jp) return ok(renderJsonpath(jp[1], clean));
  return fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml`);
}

export function kubectlCreate(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [what, name] = args.positionals;
  const namespace = args.flags.get('namespace') ?? 'default';
  if (!what) return fail('error: Unexpected args: []\nSee \'kubectl create -h\' for help and examples');
  const kind = ({ deployment: 'deployment', deploy: 'deployment', namespace: 'namespace', ns: 'namespace', configmap: 'configmap', cm: 'configmap', serviceaccount: 'serviceaccount', sa: 'serviceaccount' } as const)[what as 'deployment'];
  if (!kind) return fail(`error: unknown command "${what}" for "kubectl create"\nDid you mean this?\n\tdeployment\n\tnamespace\n\tconfigmap\n\tserviceaccount`);
  if (!name) return fail('error: exactly one NAME is required, got 0\nSee \'kubectl create ' + kind + ' -h\' for help and examples');
  const dryRunMode = args.flags.get('dry-run') ?? 'none';
  if (!['none', 'client', 'server', 'true', 'false'].includes(dryRunMode)) return fail(`error: Invalid dry-run value (${dryRunMode}). Must be "none", "server", or "client".`);
  // --dry-run=client never reaches the server: no name check against what exists, nothing created.
  const client = dryRunMode === 'client' || dryRunMode === 'true';
  const server = dryRunMode === 'server';
  try {
    if (kind === 'deployment') {
      const image = args.flags.get('image');
      if (!image) return fail('error: required flag(s) "image" not set');
      const replicasText = args.flags.get('replicas') ?? '1';
      // create deployment's --replicas is an Int32 flag.
      const replicas = parseGoInt(replicasText, 32);
      if (typeof replicas === 'string') return fail(`error: invalid argument "${replicasText}" for "-r, --replicas" flag: strconv.ParseInt: parsing "${replicasText}": ${replicas}\nSee 'kubectl create deployment --help' for usage.`);
      if (replicas < 0 && !client) return fail(`error: failed to create deployment: Deployment.apps "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
      if (client) return dryRun('deployment', name, generated('deployment', name, args.flags.get('namespace'), args, {}), args.flags.get('output'));
      const bad = invalidName('Deployment', name);
      if (bad) return fail(bad);
      if (cluster.store.get('Deployment', namespace, name)) return fail(`error: failed to create deployment: deployments.apps "${name}" already exists`);
      if (server) return ok(`deployment.apps/${name} created (server dry run)\n`);
      const labels = { app: name };
      const template: PodTemplate = { labels, hostNetwork: false, containers: image.split('\n').map((i) => container(i, args, true)) };
      cluster.applyDeployment({ namespace, name, labels, selector: labels, replicas, template });
      return ok(`deployment.apps/${name} created\n`);
    }
    if (kind === 'namespace') {
      if (client) return dryRun('namespace', name, generated('namespace', name, undefined, args, {}), args.flags.get('output'));
      if (server) return ok(`namespace/${name} created (server dry run)\n`);
      const bad = invalidName('Namespace', name);
      if (bad) return fail(bad);
      if (!cluster.ensureNamespace(name)) return fail(`Error from server (AlreadyExists): namespaces "${name}" already exists`);
      cluster.reconcile();
      return ok(`namespace/${name} created\n`);
    }
    if (kind === 'configmap') {
      const data: Record<string, string> = {};
      for (const lit of (args.flags.get('from-literal') ?? '').split('\n').filter(Boolean)) {
        const eq = lit.indexOf('=');
        if (eq <= 0) return fail(`error: invalid literal source ${lit}, expected key=value`);
        data[lit.slice(0, eq)] = lit.slice(eq + 1);
      }
      if (client) return dryRun('configmap', name, generated('configmap', name, args.flags.get('namespace'), args, data), args.flags.get('output'));
      if (server) return ok(`configmap/${name} created (server dry run)\n`);
      if (cluster.store.get('ConfigMap', namespace, name)) return fail(`error: failed to create configmap: configmaps "${name}" already exists`);
      cluster.ensureNamespace(namespace);
      cluster.store.create<ConfigMap>({ kind: 'ConfigMap', metadata: newMeta(name, namespace), data });
      cluster.reconcile();
      return ok(`configmap/${name} created\n`);
    }
    if (client) return dryRun('serviceaccount', name, generated('serviceaccount', name, args.flags.get('namespace'), args, {}), args.flags.get('output'));
    if (server) return ok(`serviceaccount/${name} created (server dry run)\n`);
    if (cluster.store.get('ServiceAccount', namespace, name)) return fail(`error: failed to create serviceaccount: serviceaccounts "${name}" already exists`);
    cluster.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta(name, namespace) });
    cluster.reconcile();
    return ok(`serviceaccount/${name} created\n`);
  } catch (e) {
    if (e instanceof ApiError) return fail(e.kubectlMessage);
    throw e;
  }
}

/** kubectl run NAME --image=IMAGE: a pod of its own, labelled run=NAME. */
export function kubectlRun(session: ClusterSession, args: KubectlArgs, input: CommandInput): CommandOutput {
  const cluster = session.cluster;
  const [name] = args.positionals;
  if (!name) return fail('error: NAME is required for run\nSee \'kubectl run -h\' for help and examples');
  // run takes one image: of several --image flags the last counts.
  const image = args.flags.get('image')?.split('\n').pop();
  if (!image) return fail('error: required flag(s) "image" not set');
  const restart = args.flags.get('restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return fail(`error: invalid restart policy: ${restart}`);
  const rm = args.flags.has('rm');
  const attach = args.flags.has('stdin') || args.flags.has('tty');
  if (rm && !attach) return fail('error: --rm should only be used for attached containers');
  const bad = invalidName('Pod', name);
  if (bad) return fail(bad);
  const namespace = args.flags.get('namespace') ?? 'default';
  const labelText = args.flags.get('labels');
  const labels: Record<string, string> = labelText
    ? Object.fromEntries(labelText.split(',').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]))
    : { run: name };
  const template: PodTemplate = { labels, hostNetwork: false, containers: [{ ...container(image, args, args.flags.has('command')), name }] };
  try {
    cluster.createBarePod(namespace, name, template);
  } catch (e) {
    if (e instanceof ApiError) return fail(e.kubectlMessage);
    throw e;
  }
  if (!attach) return ok(`pod/${name} created\n`);
  // Attached: kubectl waits for the pod to run, streams its output, and with --rm deletes it when it ends.
  for (let waited = 0; waited < 60 && cluster.findPod(namespace, name)?.phase !== 'Running'; waited++) cluster.advance(1);
  const pod = cluster.findPod(namespace, name);
  let stdout = '';
  let stderr = '';
  if (pod?.phase === 'Running' && args.rest.length && !SHELLS.has(args.rest[0]!)) {
    // A command that runs and ends: its output is what the attached terminal shows.
    session.pushHost(podHost(pod));
    try {
      const out = input.exec(quote(args.rest));
      stdout += out.stdout;
      stderr += out.stderr;
    } finally {
      session.popHost();
    }
  } else {
    stdout += 'If you don\'t see a command prompt, try pressing enter.\n';
  }
  if (rm) {
    if (pod) cluster.deletePod(pod);
    stdout += `pod "${name}" deleted\n`;
  }
  return { stdout, stderr, exitCode: 0 };
}
