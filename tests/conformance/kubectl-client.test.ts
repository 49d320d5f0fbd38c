// Our kubectl against the real kubectl 1.24 (src/node/real-tools.ts) wherever kubectl answers without an API
// server: help, unknown commands and flags, argument errors, the kubeconfig (the real one reads the file our
// bastion has), and client-side dry runs. stdout, stderr and the exit code must be the same bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFiles } from '../../src/node/lab-content.ts';
import { realTools } from '../../src/node/real-tools.ts';
import { createEngine } from '../../src/shell/engine.ts';
import { captureHelp, generate } from '../../scripts/kubectl-help.ts';
import { readFileSync } from 'node:fs';

const { kubectl } = realTools();
const engine = createEngine({ files: labFiles() });
const home = mkdtempSync(join(tmpdir(), 'netlab-kubectl-'));
mkdirSync(join(home, '.kube'));
writeFileSync(join(home, '.kube', 'config'), engine.cluster.eks.kubeconfig);

/** kubectl with our bastion's kubeconfig and no server behind it. */
function real(line: string) {
  const r = spawnSync('bash', ['-c', `kubectl ${line}`], {
    encoding: 'utf8',
    env: { PATH: `${join(kubectl, '..')}:/usr/bin:/bin`, HOME: home, TERM: 'dumb' },
    input: '',
  });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

function ours(line: string) {
  const r = engine.shell.exec(`kubectl ${line}`);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const CASES = [
  // unknown commands, cobra's suggestions
  'nope', 'gett pods', 'versio', 'frobnicate', 'descibe pod x',
  // flag errors come before any API call
  'get pods --foo', 'get pods -Z', 'describe --nope pods',
  // version's own checks
  'version -o foo', 'version extra',
  // the kubeconfig eksctl wrote
  'config view', 'config view -o json', 'config view --raw', 'config view --minify', "config view -o jsonpath='{.contexts[0].name}'",
  "config view -o jsonpath='{.users[0].user.exec.args}'", 'config current-context', 'config get-contexts', 'config get-contexts -o name',
  'config get-contexts nope', 'config use-context nope', 'config nope', 'config get-contexts --no-headers',
  // arguments checked before the server is asked
  'auth can-i', 'auth can-i get', 'api-resources extra', 'api-resources -o yaml',
  // client-side dry runs: the objects kubectl's generators build
  'create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml',
  'create deployment web -n foo --image=nginx:1.25 --port=80 --dry-run=client -o yaml -- sleep 10',
  'create deployment web --image=nginx --image=redis --dry-run=client -o json',
  'create deployment web --image=nginx --dry-run=client',
  'create deployment web --image=nginx --dry-run=bogus',
  "create deployment web --image=nginx --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].name}'",
  'create namespace x --dry-run=client -o yaml', 'create namespace x --dry-run=client -o name',
  'create configmap c -n kube-system --from-literal=b=2 --from-literal=a=1 --dry-run=client -o yaml',
  'create serviceaccount s --dry-run=client -o yaml', 'create sa s --dry-run=client',
  'create deployment x --image=nginx --replicas=abc', 'create deployment x --image=nginx --replicas=100000000000', 'create deployment x --image=nginx -r 1.5 --dry-run=client',
  // global flags before the verb: cobra finds the verb among them, kubectl's plugin handler refuses the rest
  '-n', '--namespace', '--namespace=x --foo', '-A get pods', '-n x -A get pods',
  '-h get pods', '--help get pods', '-n x nope', '--namespace=x nope', 'nope -n x', '-n x help get',
  '-n kube-system config current-context', '-nkube-system config current-context', '-n=x config current-context',
  '--namespace x config current-context', '-s https://x config current-context', '--request-timeout=1 config current-context',
  '--insecure-skip-tls-verify config current-context', '--insecure-skip-tls-verify get', '--namespace x get -A',
  '--context foo get pods', '--context=foo get pods', '-n x --context=foo describe pods', '--context=foo logs x', '--context=foo scale deploy x --replicas=1',
  '--context=foo create deployment x --image=n', '--context=foo version', '--kubeconfig /nope get pods',
  'get --kubeconfig=/nope pods', '-v x config current-context', 'get pods -v',
  'get pods --namespace', 'get pods --context', '--log-dir=/tmp config current-context', '--logtostderr config current-context',
  '--vmodule=x=1 config current-context', '-n kube-system get pods --v=abc',
  // scale validates its count before asking anything
  'scale deploy x --replicas=-1', 'scale deploy x --replicas=abc', 'scale deploy x --replicas=99999999999999999999', 'scale deploy x',
];

describe('kubectl without a server: ours against kubectl 1.24', () => {
  for (const line of CASES) {
    it(`kubectl ${line}`, () => {
      expect(ours(line)).toEqual(real(line));
    });
  }
});

describe('kubectl help texts', () => {
  it('help.generated.ts is what the real kubectl prints now (npm run kubectl-help)', () => {
    const file = readFileSync(new URL('../../src/shell/commands/kubectl/help.generated.ts', import.meta.url), 'utf8');
    expect(file).toBe(generate());
  }, 60_000);

  it('prints them for --help, -h and help, wherever the flag is', () => {
    const get = captureHelp(kubectl, 'get');
    expect(ours('get --help').stdout).toBe(get);
    expect(ours('get pods -h').stdout).toBe(get);
    expect(ours('help get').stdout).toBe(get);
    expect(ours('create deployment web --image=nginx --help').stdout).toBe(captureHelp(kubectl, 'create deployment'));
    expect(ours('').stdout).toBe(captureHelp(kubectl, ''));
    // global flags before the verb: the root command's help, or the help of the verb they precede
    const root = captureHelp(kubectl, '');
    for (const line of ['-n x', '--namespace=x', '-n x -h', '-n x -- get pods']) expect(ours(line)).toEqual({ stdout: root, stderr: '', exitCode: 0 });
    expect(ours('--namespace=x help get').stdout).toBe(get);
    expect(ours('-n kube-system get pods --help').stdout).toBe(get);
  });
});

// The binary is real: make sure it is the version the texts claim.
it('the reference kubectl is v1.24', () => {
  expect(execFileSync(kubectl, ['version', '--client', '--short'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toMatch(/^Client Version: v1\.24\./);
});
