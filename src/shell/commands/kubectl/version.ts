// kubectl version, as kubectl 1.24 prints it (pkg/cmd/version): Go's %#v of version.Info, a deprecation warning
// on stderr for that default form, --short, --client, -o json|yaml.
import { CLIENT_VERSION, KUSTOMIZE_VERSION, SERVER_VERSION, type VersionInfo } from '../../../model/aws/eks.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { toGoYaml } from './output.ts';

const FIELDS: [keyof VersionInfo, string][] = [
  ['major', 'Major'], ['minor', 'Minor'], ['gitVersion', 'GitVersion'], ['gitCommit', 'GitCommit'],
  ['gitTreeState', 'GitTreeState'], ['buildDate', 'BuildDate'], ['goVersion', 'GoVersion'], ['compiler', 'Compiler'],
  ['platform', 'Platform'],
];

/** Go's `%#v` of a version.Info. */
function goSyntax(v: VersionInfo): string {
  return `version.Info{${FIELDS.map(([key, name]) => `${name}:${JSON.stringify(v[key])}`).join(', ')}}`;
}

export function kubectlVersion(args: KubectlArgs): CommandOutput {
  if (args.positionals.length) return { stdout: '', stderr: `error: extra arguments: [${args.positionals.join(' ')}]\n`, exitCode: 1 };
  const output = args.flags.get('output') ?? '';
  if (output !== '' && output !== 'yaml' && output !== 'json') return { stdout: '', stderr: "error: --output must be 'yaml' or 'json'\n", exitCode: 1 };
  const clientOnly = args.flags.get('client') === 'true';
  const short = args.flags.get('short') === 'true';
  let stderr = short ? 'Flag --short has been deprecated, and will be removed in the future. The --short output will become the default.\n' : '';
  const server = clientOnly ? undefined : SERVER_VERSION;
  if (output === 'json') {
    const doc = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION, ...(server ? { serverVersion: server } : {}) };
    return { stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr, exitCode: 0, stderrFirst: true };
  }
  if (output === 'yaml') {
    const doc = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION, serverVersion: server };
    return { stdout: `${toGoYaml(doc)}\n`, stderr, exitCode: 0, stderrFirst: true };
  }
  let stdout;
  if (short) {
    stdout = `Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n${server ? `Server Version: ${server.gitVersion}\n` : ''}`;
  } else {
    stderr += 'WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short.  Use --output=yaml|json to get the full version.\n';
    stdout = `Client Version: ${goSyntax(CLIENT_VERSION)}\nKustomize Version: ${KUSTOMIZE_VERSION}\n${server ? `Server Version: ${goSyntax(server)}\n` : ''}`;
  }
  return { stdout, stderr, exitCode: 0, stderrFirst: true };
}
