// "No resources found" as kubectl 1.24 prints it (get.go, describe.go, delete.go at v0.24.13): with the namespace
// and a full stop only when every resource asked for is namespaced and -A is not given; delete's on stdout.
import { expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

it('words "No resources found" as get, describe and delete do', () => {
  const lab = labEngine();
  expect(lab.shell.exec('kubectl get ingress -A').stderr).toBe('No resources found\n');
  expect(lab.shell.exec('kubectl get deploy').stderr).toBe('No resources found in default namespace.\n');
  expect(lab.shell.exec('kubectl get nodes -l nope=1').stderr).toBe('No resources found\n');
  expect(lab.shell.exec('kubectl get pods,nodes -l nope=1').stderr).toBe('No resources found\n');
  expect(lab.shell.exec('kubectl describe pods -l nope=1 -n kube-system').stderr).toBe('No resources found in kube-system namespace.\n');
  expect(lab.shell.exec('kubectl describe pods -A -l nope=1').stderr).toBe('No resources found\n');
  expect(lab.shell.exec('kubectl get events -A --field-selector involvedObject.name=nope').stderr).toBe('No resources found\n');
  const del = lab.shell.exec('kubectl delete pods -l nope=1');
  expect([del.stdout, del.stderr, del.exitCode]).toEqual(['No resources found\n', '', 0]);
});
