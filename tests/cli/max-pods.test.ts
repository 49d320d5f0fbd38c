// The CLI as scripts use it: a spawned process, its stdout, stderr and exit status.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  // process.execPath is the project's Node 24 (npm scripts put node_modules/.bin first).
  const r = spawnSync(process.execPath, ['bin/eks-netlab.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('eks-netlab max-pods', () => {
  it('prints one number, like max-pods-calculator.sh', () => {
    expect(cli('max-pods', '--instance-type', 't3.medium')).toEqual({ code: 0, out: '17\n', err: '' });
    expect(cli('max-pods', '--instance-type', 'm5.large').out).toBe('29\n');
    expect(cli('max-pods', '--instance-type', 'm5.large', '--cni-prefix-delegation-enabled').out).toBe('110\n');
    expect(cli('max-pods', '--instance-type', 'm5.large', '--cni-prefix-delegation-enabled', '--show-max-allowed').out).toBe('434\n');
    expect(cli('max-pods', '--instance-type', 'c5.4xlarge', '--show-max-allowed').out).toBe('234\n');
    expect(cli('max-pods', '--instance-type', 't3.medium', '--cni-custom-networking-enabled').out).toBe('12\n');
    expect(cli('max-pods', '--instance-type', 'm5.xlarge', '--cni-max-eni', '2').out).toBe('30\n');
  });

  it('takes the script’s version strings and also v-prefixed ones', () => {
    expect(cli('max-pods', '--instance-type', 'm5.large', '--cni-version', '1.8.0', '--cni-prefix-delegation-enabled').out).toBe('29\n');
    expect(cli('max-pods', '--instance-type', 'm5.large', '--cni-version', 'v1.18.0', '--cni-prefix-delegation-enabled').out).toBe('110\n');
    expect(cli('max-pods', '--instance-type', 'm5.large', '--cni-version', '1.11.4-eksbuild.1', '--cni-prefix-delegation-enabled').out).toBe('110\n');
  });

  it('explains its steps and ends with the number', () => {
    const { code, out } = cli('max-pods', '--instance-type', 't3.medium', '--explain');
    expect(code).toBe(0);
    expect(out).toContain('3 × (6 − 1) + 2 = 17; min(110, 17) = 17');
    expect(out).toMatch(/^\s+5\s+pod addresses per ENI \(6 − 1\)/m);
    expect(out).toContain("AWS's published eni-max-pods.txt: t3.medium 17");
    expect(out.trimEnd().split('\n').at(-1)).toBe('17');
  });

  it('prints help on -h and exits 0', () => {
    const r = cli('max-pods', '-h');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--cni-prefix-delegation-enabled');
    expect(r.out).toContain('differs from max-pods-calculator.sh');
  });

  const errors: [string[], RegExp][] = [
    [['max-pods', '--instance-type', 't3.meduim'], /^eks-netlab: unknown instance type "t3\.meduim" \(did you mean t3\.medium/],
    [['max-pods'], /^eks-netlab: --instance-type is required/],
    [['max-pods', '--instance-type'], /^eks-netlab: option --instance-type needs a value/],
    [['max-pods', '--instance-type', 't3.medium', '--bogus'], /^eks-netlab: unknown option --bogus/],
    [['max-pods', '--instance-type', 't3.medium', 'extra'], /^eks-netlab: unexpected argument "extra"/],
    [['max-pods', '--instance-type', 't3.medium', '--cni-version', 'abc'], /^eks-netlab: invalid CNI version "abc"/],
    [['max-pods', '--instance-type', 't3.medium', '--cni-max-eni', 'x'], /^eks-netlab: invalid --cni-max-eni value "x"/],
    [['max-pods', '--instance-type', 't3.medium', '--cni-max-eni', '0'], /^eks-netlab: invalid --cni-max-eni value "0"/],
    [['max-pods', '--instance-type-from-imds'], /^eks-netlab: --instance-type-from-imds needs the EC2 instance metadata/],
    [['max-pods', '--instance-type', 'c5a.metal'], /^eks-netlab: no vCPU count is known for c5a\.metal/],
    [['max-pods', '--show-max-allowed=yes', '--instance-type', 't3.medium'], /^eks-netlab: option --show-max-allowed takes no value/],
    [['frobnicate'], /^eks-netlab: unknown command "frobnicate"/],
  ];
  it.each(errors)('rejects %j with one line on stderr and exit 1', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('runs through npx from the repository root', () => {
    const r = spawnSync('npx', ['--no-install', 'eks-netlab', 'max-pods', '--instance-type', 't3.medium'], { encoding: 'utf8' });
    expect(r.stdout).toBe('17\n');
    expect(r.status).toBe(0);
  });
});
