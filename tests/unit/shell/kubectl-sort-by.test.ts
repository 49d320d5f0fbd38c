// `kubectl get --sort-by` (k8s.io/kubectl/pkg/cmd/get/sorter.go) and JSONPath slices.
import { describe, expect, it } from 'vitest';
import { quantityValue } from '../../../src/model/k8s/quantity.ts';
import { naturalLess, relaxedJsonPath } from '../../../src/shell/commands/kubectl/sort-by.ts';
import { labEngine } from './engine-helpers.ts';

describe('naturalLess', () => {
  // fvbommel/sortorder's own table (natsort_test.go), the order kubectl sorts strings in.
  it.each([
    ['0', '00', true], ['00', '0', false], ['aa', 'ab', true], ['ab', 'abc', true], ['abc', 'ad', true],
    ['ab1', 'ab2', true], ['ab1c', 'ab1c', false], ['ab12', 'abc', true], ['ab2a', 'ab10', true],
    ['a0001', 'a0000001', true], ['a10', 'abcdefgh2', true], ['2аб', '3аб', true], ['a1b', 'a01b', true],
    ['a01b', 'a1b', false], ['ab01b', 'ab010b', true], ['ab010b', 'ab01b', false], ['a01b001', 'a001b01', true],
    ['a001b01', 'a01b001', false], ['a1', 'a1x', true], ['1ax', '1b', true], ['1b', '1ax', false],
    ['082', '83', true], ['083a', '9a', false], ['9a', '083a', true],
  ] as const)('%s < %s is %s', (a, b, less) => expect(naturalLess(a, b)).toBe(less));
});

describe('quantities', () => {
  it('reads what ParseQuantity reads and nothing else', () => {
    expect(quantityValue('250m')).toBe(0.25);
    expect(quantityValue('64Mi')).toBe(64 * 2 ** 20);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('12345')).toBe(12345);
    expect(quantityValue('192.168.1.72')).toBeUndefined();
    expect(quantityValue('nginx')).toBeUndefined();
    expect(quantityValue('2023-05-05T06:00:00Z')).toBeUndefined();
  });
});

describe('kubectl get --sort-by', () => {
  const lab = () => {
    const e = labEngine();
    e.sh('kubectl apply -f nginx-dp.yaml');
    e.sh('kubectl scale deploy nginx-deployment --replicas=12');
    e.sh('sleep 60');
    return e;
  };

  it('relaxes the path as kubectl does', () => {
    expect(relaxedJsonPath('.status.podIP')).toBe('{.status.podIP}');
    expect(relaxedJsonPath('status.podIP')).toBe('{.status.podIP}');
    expect(relaxedJsonPath('{.status.podIP}')).toBe('{.status.podIP}');
  });

  it('orders addresses naturally: 192.168.1.72 before 192.168.1.101', () => {
    const e = lab();
    const ips = e.sh("kubectl get pods -o wide --sort-by=.status.podIP --no-headers | awk '{print $6}'").trim().split('\n');
    expect(ips).toHaveLength(12);
    expect(ips.indexOf('192.168.1.72')).toBeLessThan(ips.indexOf('192.168.1.101'));
    // The same order as sorting the numbers of each address.
    const numeric = [...ips].sort((a, b) => a.split('.').map(Number).reduce((d, x, i) => d || x - Number(b.split('.')[i]), 0));
    expect(ips).toEqual(numeric);
    // And the same for -o name and -o json.
    const names = e.sh('kubectl get pods --sort-by=.status.podIP -o name').trim().split('\n');
    const viaJson = JSON.parse(e.sh('kubectl get pods --sort-by=.status.podIP -o json')).items.map((p: { metadata: { name: string } }) => `pod/${p.metadata.name}`);
    expect(viaJson).toEqual(names);
  });

  it('sorts by a number, and puts objects without the field first', () => {
    const e = lab();
    expect(e.sh('kubectl get deploy -A --sort-by=.spec.replicas -o name')).toBe('deployment.apps/coredns\ndeployment.apps/nginx-deployment\n');
    e.sh('kubectl scale deploy coredns -n kube-system --replicas=20');
    expect(e.sh('kubectl get deploy -A --sort-by=.spec.replicas -o name')).toBe('deployment.apps/nginx-deployment\ndeployment.apps/coredns\n');
    // Only the nginx pods have an `app` label: the others, without the field, come first.
    const names = e.sh('kubectl get pods -A --sort-by=.metadata.labels.app -o name').trim().split('\n');
    const firstNginx = names.findIndex((n) => n.startsWith('pod/nginx-deployment'));
    expect(firstNginx).toBeGreaterThan(0);
    expect(names.slice(firstNginx).every((n) => n.startsWith('pod/nginx-deployment'))).toBe(true);
  });

  it('says so when no object has the field, or the path is not one', () => {
    const e = lab();
    expect(e.shell.run('kubectl get pods --sort-by=.spec.nothing')).toMatchObject({ output: 'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n', exitCode: 1 });
    expect(e.sh('kubectl get pods --sort-by={.a}{.b}')).toBe("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n");
  });
});

describe('JSONPath slices', () => {
  it('takes [-1:], [0:2] and [::2] as client-go does', () => {
    const e = labEngine();
    const names = e.sh("kubectl get nodes -o jsonpath='{.items[*].metadata.name}'").split(' ');
    expect(e.sh("kubectl get nodes -o jsonpath='{.items[-1:].metadata.name}'")).toBe(names[2]);
    expect(e.sh("kubectl get nodes -o jsonpath='{.items[0:2].metadata.name}'")).toBe(names.slice(0, 2).join(' '));
    expect(e.sh("kubectl get nodes -o jsonpath='{.items[::2].metadata.name}'")).toBe(`${names[0]} ${names[2]}`);
  });
});
