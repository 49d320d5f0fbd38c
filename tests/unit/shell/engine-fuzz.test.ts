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

// bash's grammar under random input: fragments of loops, conditionals, expansions and heredocs, fed line by line
// as the CLI feeds a pipe (so unfinished constructs are buffered), then ended. Nothing throws, nothing hangs.
const grammar = fc.constantFrom(
  'for', 'i', 'in', '1', '2', '{1..3}', ';', 'do', 'done', 'while', 'until', 'true', 'false', ':', 'if', 'then', 'elif', 'else', 'fi',
  'case', '$x', 'in', 'a)', '*)', ';;', ';&', 'esac', '{', '}', '(', ')', '((', '))', 'i++', 'x=1', 'x+=2', 'a=(1', '2)', '${x:-d}',
  '${x#*/}', '${x//a/b}', '${#x}', '${a[@]}', '${!x}', '$((1+2))', '$((1/0))', '$(echo', '`', '"', "'", '\\', '[[', ']]', '=~', '==',
  '-eq', '[', ']', '-z', 'test', 'read', 'line', '<<<', '<<EOF', 'EOF', '<<-', '|', '||', '&&', '&', '!', 'echo', 'sleep', '0.5',
  'break', 'continue', 'return', 'exit', 'f()', 'function', 'local', 'declare', '-A', 'set', '-e', '-u', '-o', 'pipefail', 'shift',
  'let', 'eval', 'source', 'wait', 'jobs', 'kill', '%1', 'k', 'get', 'pods', 'grep', 'wc', '-l', '\n', '2>&1', '>/dev/null',
);

describe('the grammar under random input', () => {
  it('never throws, buffers or runs every line, and leaves the shell usable', () => {
    fc.assert(
      fc.property(fc.array(fc.array(grammar, { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 4 }), (lines) => {
        const lab = labEngine();
        for (const text of lines) {
          for (const l of text.split('\n')) {
            const r = lab.shell.run(l);
            expect(typeof r.output).toBe('string');
            expect(Number.isInteger(r.exitCode)).toBe(true);
            expect(r.output).not.toContain('internal error');
          }
        }
        const end = lab.shell.end();
        expect(end.output).not.toContain('internal error');
        expect(lab.shell.continuing).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
