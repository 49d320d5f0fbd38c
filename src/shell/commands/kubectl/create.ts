// kubectl create deployment|namespace|configmap|serviceaccount, and kubectl run: objects from flags, named and
// labelled as kubectl's generators make them (app=NAME for a Deployment, run=NAME for a pod).
import { ApiError } from '../../../model/api/store.ts';
import { type Cluster, newMeta } from '../../../model/cluster/cluster.ts';
import type { ConfigMap, ContainerSpec, PodTemplate, ServiceAccount } from '../../../model/cluster/types.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

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

export function kubectlCreate(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [what, name] = args.positionals;
  const namespace = args.flags.get('namespace') ?? 'default';
  if (!what) return fail('error: Unexpected args: []\nSee \'kubectl create -h\' for help and examples');
  const kind = ({ deployment: 'deployment', deploy: 'deployment', namespace: 'namespace', ns: 'namespace', configmap: 'configmap', cm: 'configmap', serviceaccount: 'serviceaccount', sa: 'serviceaccount' } as const)[what as 'deployment'];
  if (!kind) return fail(`error: unknown command "${what}" for "kubectl create"\nDid you mean this?\n\tdeployment\n\tnamespace\n\tconfigmap\n\tserviceaccount`);
  if (!name) return fail('error: exactly one NAME is required, got 0\nSee \'kubectl create ' + kind + ' -h\' for help and examples');
  const dryRun = args.flags.get('dry-run');
  try {
    if (kind === 'deployment') {
      const image = args.flags.get('image');
      if (!image) return fail('error: required flag(s) "image" not set');
      const replicasText = args.flags.get('replicas') ?? '1';
      if (!/^-?\d+$/.test(replicasText)) return fail(`error: invalid argument "${replicasText}" for "-r, --replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax`);
      const bad = invalidName('Deployment', name);
      if (bad) return fail(bad);
      if (cluster.store.get('Deployment', namespace, name)) return fail(`error: failed to create deployment: deployments.apps "${name}" already exists`);
      if (dryRun && dryRun !== 'none') return ok(`deployment.apps/${name} created (dry run)\n`);
      const labels = { app: name };
      const template: PodTemplate = { labels, hostNetwork: false, containers: [container(image, args, true)] };
      cluster.applyDeployment({ namespace, name, labels, selector: labels, replicas: Number(replicasText), template });
      return ok(`deployment.apps/${name} created\n`);
    }
    if (kind === 'namespace') {
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
      if (cluster.store.get('ConfigMap', namespace, name)) return fail(`error: failed to create configmap: configmaps "${name}" already exists`);
      cluster.ensureNamespace(namespace);
      cluster.store.create<ConfigMap>({ kind: 'ConfigMap', metadata: newMeta(name, namespace), data });
      cluster.reconcile();
      return ok(`configmap/${name} created\n`);
    }
    if (cluster.store.get('ServiceAccount', namespace, name)) return fail(`error: failed to create serviceaccount: serviceaccounts "${name}" already exists`);
    cluster.store.create<ServiceAccount>({ kind: 'ServiceAccount', metadata: newMeta(name, namespace) });
    cluster.reconcile();
    return ok(`serviceaccount/${name} created\n`);
  } catch (e) {
    if (e instanceof ApiError) return fail(`Error from server (${e.reason}): ${e.message}`);
    throw e;
  }
}

/** kubectl run NAME --image=IMAGE: a pod of its own, labelled run=NAME. */
export function kubectlRun(cluster: Cluster, args: KubectlArgs): CommandOutput {
  const [name] = args.positionals;
  if (!name) return fail('error: NAME is required for run\nSee \'kubectl run -h\' for help and examples');
  const image = args.flags.get('image');
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
    if (e instanceof ApiError) return fail(`Error from server (${e.reason}): ${e.message}`);
    throw e;
  }
  if (!attach) return ok(`pod/${name} created\n`);
  // Attached: kubectl waits for the pod to run, streams its output, and with --rm deletes it when it ends.
  for (let waited = 0; waited < 60 && cluster.findPod(namespace, name)?.phase !== 'Running'; waited++) cluster.advance(1);
  let stdout = 'If you don\'t see a command prompt, try pressing enter.\n';
  if (rm) {
    const pod = cluster.findPod(namespace, name);
    if (pod) cluster.deletePod(pod);
    stdout += `pod "${name}" deleted\n`;
  }
  return ok(stdout);
}
