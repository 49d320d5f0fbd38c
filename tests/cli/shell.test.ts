// eks-netlab shell driven from a pipe, as scripts use it: outputs only, no prompts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function shell(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/eks-netlab.mjs', 'shell', ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('eks-netlab shell', () => {
  it('reads one command per line from a pipe and prints only their output', () => {
    const r = shell('kubectl get nodes --no-headers | wc -l\nkubectl describe node | grep -c "pods:                        17"\nhostname\n');
    expect(r.out).toBe('3\n6\nmyeks-bastion-EC2\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs a command spread over several lines when its last line arrives; an unfinished one is an error at the end', () => {
    const r = shell('for n in 1 2\ndo\n  echo "n=$n"\ndone\ncat <<EOF | wc -l\na\nb\nEOF\nif true; then\n  echo open\n');
    expect(r.out).toBe('n=1\nn=2\n2\n');
    expect(r.err).toBe('bash: syntax error: unexpected end of file\n');
    expect(r.code).toBe(2);
  });

  it('stops an endless loop after its model-time bound instead of hanging', () => {
    const r = shell('while true; do sleep 60; done\necho after\n');
    expect(r.err).toMatch(/^bash: loop stopped after 60 minutes of model time/);
    expect(r.out).toBe('after\n');
  });

  it('builds the cluster from --instance-type and --nodes, and another one from --seed', () => {
    expect(shell('kubectl get nodes -o wide --no-headers | wc -l\n', '--instance-type', 'm5.large', '--nodes', '4').out).toBe('4\n');
    expect(shell('kubectl describe node | grep -m1 "pods:"\n', '--instance-type', 'm5.large').out).toBe('  pods:                        29\n');
    const a = shell('kubectl get nodes -o name\n').out;
    expect(shell('kubectl get nodes -o name\n', '--seed', '42').out).not.toBe(a);
    expect(shell('kubectl get nodes -o name\n').out).toBe(a);
  });

  it('starts where a recorded scenario ends with --scenario', () => {
    expect(shell('kubectl get pods | grep -c Pending\n', '--scenario', 'max-pods-experiment').out).toBe('7\n');
    const r = shell('', '--scenario', 'nope');
    expect(r.code).toBe(1);
    expect(r.err).toBe('eks-netlab: unknown scenario "nope" (scenarios: alb-ingress-2048, alb-rollout-readiness-gates, calico-ipip, calico-vxlan, dns, iperf3-calico-vxlan, iperf3-vpc-cni, kube-proxy-ipvs, lb-controller-nlb, lb-controller-pitfalls, max-pods-experiment, nlb-draining, nlb-ip-vs-instance, pod-datapath, service-clusterip, vpc-cni-walkthrough)\n');
  });

  it('answers bad options with one line and exit 1', () => {
    const r = shell('', '--instance-type', 't3.meduim');
    expect(r.code).toBe(1);
    expect(r.err).toBe('eks-netlab: unknown instance type "t3.meduim" (did you mean t3.medium, m3.medium, t2.medium?)\n');
    expect(shell('', '--nodes', 'many').err).toMatch(/^eks-netlab: invalid --nodes value "many"/);
  });

  it('prints bash’s message for an unknown command on stderr and keeps going', () => {
    const r = shell('frobnicate\necho still here\nkubectl get deploy nope\n');
    expect(r.out).toBe('still here\n');
    expect(r.err).toBe('bash: frobnicate: command not found\nError from server (NotFound): deployments.apps "nope" not found\n');
  });
});

// Background jobs as a script's bash keeps them (differential: the machine's bash runs the same script from a
// file): a finished job stays in the table until `wait` or `jobs` reports it, `kill` ends one with 143 and bash
// reaps it only once time moves, `wait PID` remembers a process that has left the table.
describe('eks-netlab shell: background jobs, against bash', () => {
  const scripts = [
    'false & sleep 1; wait %1; echo "rc=$?"\n(exit 3) & sleep 1; wait $!; echo "rc=$?"\n',
    'sleep 100 & kill %1; wait %1; echo "rc=$?"\nsleep 100 & kill $!; wait $!; echo "rc=$?"\n',
    'sleep 100 & sleep 0.5; kill %1; sleep 0.5; jobs; echo ---; wait %1; echo "rc=$?"\n',
    'false &\nsleep 0.3\nwait %1; echo rc=$?\nsleep 100 &\nkill %1\njobs\nsleep 0.3\njobs\necho ---\n(exit 4) &\nsleep 0.3\necho next\nwait $!; echo rc=$?\n',
    // A job a signal ended is forgotten when the next starts; one that exited stays (and kill on it says nothing).
    'sleep 100 &\nkill %1\nsleep 0.3\nsleep 50 &\nkill %1; echo rc=$?\nkill %2; echo rc=$?\n',
    'true &\nsleep 0.3\nsleep 50 &\nkill %1; echo rc=$?\nkill %2; echo rc=$?\n',
  ];
  // Left out: `jobs` listing a job that has finished. bash marks it current (+) or not depending on when its
  // SIGCHLD arrived (a race); ours always marks the last job +.
  it.each(scripts)('%j', (script) => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    writeFileSync(join(dir, 'script.sh'), script);
    const real = spawnSync('bash', [join(dir, 'script.sh')], { encoding: 'utf8' });
    rmSync(dir, { recursive: true });
    // bash names the script and line in its errors; from a pipe it says `bash:`, as ours does.
    const realErr = real.stderr.replace(/^.*script\.sh: line \d+: /gm, 'bash: ');
    const ours = shell(script);
    expect({ out: ours.out, err: ours.err }).toEqual({ out: real.stdout, err: realErr });
  });
});
