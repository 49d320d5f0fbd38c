// kubectl's global flags before the verb (`kubectl -n kube-system get pods`), found as cobra's Command.Find and
// kubectl's plugin handler find them (kubectl v0.24 pkg/cmd/cmd.go). The messages were checked against the real
// kubectl 1.24 (tests/conformance/kubectl-client.test.ts holds the cases it can answer without a server).
import { describe, expect, it } from 'vitest';
import { lookupCommand } from '../../../src/shell/commands/kubectl/global-flags.ts';
import { KUBECTL_COMMANDS } from '../../../src/shell/commands/kubectl/help.ts';
import { labEngine } from './engine-helpers.ts';

const find = (line: string) => lookupCommand(line.split(' ').filter(Boolean), KUBECTL_COMMANDS);

describe('finding the verb among global flags', () => {
  it('skips each flag and the value it takes, and removes the verb where it first appears', () => {
    expect(find('-n kube-system get pods')).toEqual({ kind: 'verb', verb: 'get', rest: ['-n', 'kube-system', 'pods'] });
    expect(find('--namespace=x get pods')).toEqual({ kind: 'verb', verb: 'get', rest: ['--namespace=x', 'pods'] });
    expect(find('-nkube-system get pods')).toEqual({ kind: 'verb', verb: 'get', rest: ['-nkube-system', 'pods'] });
    expect(find('--insecure-skip-tls-verify get pods')).toEqual({ kind: 'verb', verb: 'get', rest: ['--insecure-skip-tls-verify', 'pods'] });
    // cobra removes the first word equal to the verb, even when it was the namespace's value
    expect(find('-n get get pods')).toEqual({ kind: 'verb', verb: 'get', rest: ['-n', 'get', 'pods'] });
  });

  it('a flag that is not global swallows the verb, and a line starting with a flag is then refused', () => {
    expect(find('-A get pods')).toEqual({ kind: 'plugin-error', message: 'Error: flags cannot be placed before plugin name: -A\n' });
    expect(find('-h get pods')).toEqual({ kind: 'plugin-error', message: 'Error: flags cannot be placed before plugin name: -h\n' });
    expect(find('nope -n x')).toEqual({ kind: 'unknown', word: 'nope' });
  });

  it('a flag and its value alone, or a last flag with no word after its value, leave the root command', () => {
    expect(find('-n x')).toEqual({ kind: 'root', rest: ['-n', 'x'] });
    expect(find('-n x -- get pods').kind).toBe('root');
  });
});

describe('kubectl with global flags on the simulated cluster', () => {
  it('kubectl -n kube-system get pods lists kube-system, as kubectl get pods -n kube-system does', () => {
    const { sh } = labEngine();
    const after = sh('kubectl get pods -n kube-system');
    expect(after).toContain('coredns-');
    expect(sh('kubectl -n kube-system get pods')).toBe(sh('kubectl get pods -n kube-system'));
    expect(sh('kubectl --namespace=kube-system get ds')).toContain('aws-node');
    expect(sh('kubectl -v 6 --request-timeout=5s -n kube-system get ds -o name')).toBe(sh('kubectl get ds -n kube-system -o name'));
  });

  it('answers a wrong context, kubeconfig or -v as kubectl 1.24 does', () => {
    const { shell } = labEngine();
    const run = (line: string) => shell.exec(line);
    expect(run('kubectl --context=nope get pods')).toMatchObject({ stderr: 'Error in configuration: context was not found for specified context: nope\n', exitCode: 1 });
    expect(run('kubectl -n x --context=nope get pods')).toMatchObject({ stderr: 'error: context "nope" does not exist\n', exitCode: 1 });
    expect(run('kubectl --kubeconfig /nope get pods')).toMatchObject({ stderr: 'error: stat /nope: no such file or directory\n', exitCode: 1 });
    expect(run('kubectl -v x get pods').stderr).toBe(
      'error: invalid argument "x" for "-v, --v" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl get --help\' for usage.\n',
    );
    expect(run('kubectl --log-dir=/tmp -n kube-system get ds -o name').stderr).toMatch(/^Flag --log-dir has been deprecated, will be removed in a future release, see https:\/\/github.com\/kubernetes\/enhancements\/tree\/master\/keps\/sig-instrumentation\/2845-deprecate-klog-specific-flags-in-k8s-components\n$/);
  });
});
