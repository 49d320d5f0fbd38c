// Our helm against the real helm 3.9.4 (src/node/real-tools.ts) on what helm answers without a cluster or a
// chart repository: its version, argument errors, an empty repository list, unknown commands. stdout, stderr and
// the exit code must be the same bytes (the real one's klog warning about the absent kubeconfig aside: the
// bastion has one).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFiles } from '../../src/node/lab-content.ts';
import { realTools } from '../../src/node/real-tools.ts';
import { createEngine } from '../../src/shell/engine.ts';

const { helm } = realTools();

function real(line: string) {
  // A fresh, empty helm home for every case: no repositories, as on the bastion before the lab's `repo add`.
  const home = mkdtempSync(join(tmpdir(), 'netlab-helm-'));
  const r = spawnSync('bash', ['-c', `helm ${line}`], {
    encoding: 'utf8',
    env: { PATH: `${join(helm, '..')}:/usr/bin:/bin`, HOME: home, KUBECONFIG: join(home, 'none'), TERM: 'dumb' },
    input: '',
  });
  return { stdout: r.stdout, stderr: r.stderr.replace(/^W\d{4} [\d:.]+ +\d+ loader\.go:\d+\] Config not found: .*\n/gm, ''), exitCode: r.status };
}

function ours(line: string) {
  const r = createEngine({ files: labFiles() }).shell.exec(`helm ${line}`);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const CASES = [
  'version', 'version --short', 'install', 'install foo', 'uninstall', 'repo list', 'repo remove eks', 'repo update', 'frobnicate',
];

describe('helm without a cluster, against helm 3.9.4', () => {
  it.each(CASES)('helm %s', (line) => {
    expect(ours(line)).toEqual(real(line));
  });
});
