// Random command lines against the full engine (cluster, kubectl, ip, ssh …): any input yields text, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

const words = fc.constantFrom(
  'kubectl', 'k', 'get', 'describe', 'scale', 'apply', 'delete', 'set', 'env', 'exec', 'rollout', 'status', 'pods', 'po', 'nodes',
  'deploy', 'ds', 'svc', 'cm', 'events', 'all', 'aws-node', 'nginx-deployment', 'coredns', '-n', 'kube-system', '-A', '-o', 'wide', 'yaml',
  'json', 'name', 'jsonpath={.items[*].status.podIP}', '--replicas=3', '--replicas', '-f', 'nginx-dp.yaml', 'WARM_IP_TARGET=2',
  'MINIMUM_IP_TARGET=7', 'WARM_ENI_TARGET=0', 'ip', 'addr', 'link', 'route', 'rule', '-br', '-c', 'table', '2', 'ssh', 'ec2-user@$N1',
  'ec2-user@$N2', 'sudo', 'exit', 'hostname', 'aws', 'ec2', 'describe-network-interfaces', 'describe-instances', '--query',
  'NetworkInterfaces[*].PrivateIpAddress', '--filters', 'Name=vpc-id,Values=*', '--output', 'text', 'grep', 'eni', '-c', 'wc', '-l',
  'sort', 'uniq', 'awk', "'{print $1}'", 'head', 'tail', 'cut', '-d', ' ', '-f', 'echo', '$N1', 'sleep', '5', 'watch', '--', 'cat',
  '/etc/resolv.conf', 'route', '-n', 'deploy/nginx-deployment', 'pod/x', "'", '"', '|', '&&', '||', ';', '>', '/dev/null', '2>&1',
);

const line = fc.oneof(
  fc.array(words, { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.array(words, { maxLength: 5 }), fc.string({ maxLength: 10 })).map(([w, s]) => `${w.join(' ')} ${s}`),
);

describe('the engine under random input', () => {
  it('never throws and always returns text, whatever the command line', () => {
    const lab = labEngine();
    lab.sh('kubectl apply -f nginx-dp.yaml');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        for (const l of lines) {
          const r = lab.shell.run(l);
          expect(typeof r.output).toBe('string');
          expect(Number.isInteger(r.exitCode)).toBe(true);
          expect(r.output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
          expect(r.output).not.toContain('internal error');
        }
      }),
      { numRuns: 300 },
    );
  });
});
