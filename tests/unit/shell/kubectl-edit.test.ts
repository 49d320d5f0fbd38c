// kubectl edit: the editor from $KUBE_EDITOR / $EDITOR / vi as kubectl picks it, run on the object's YAML under
// kubectl's header; the saved file applied and reported as "edited"; cancels and editor failures in kubectl's words.
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

describe('kubectl edit', () => {
  it('switches kube-proxy to ipvs with a sed editor, as a learner without a screen editor would', () => {
    const lab = labEngine();
    const r = lab.shell.exec(`KUBE_EDITOR="sed -i 's/mode: \\"iptables\\"/mode: \\"ipvs\\"/'" kubectl edit cm kube-proxy-config -n kube-system`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('configmap/kube-proxy-config edited\n');
    expect(lab.sh('kubectl get cm kube-proxy-config -n kube-system -o yaml | grep -c \'mode: "ipvs"\'')).toBe('1\n');
    // The temporary file is gone once the edit succeeded.
    expect(lab.sh('ls /tmp | grep -c kubectl-edit')).toBe('0\n');
  });

  it('shows the editor the object under kubectl’s header', () => {
    const lab = labEngine();
    const r = lab.shell.exec('EDITOR=cat kubectl edit deployment/coredns -n kube-system');
    expect(r.stdout.startsWith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n")).toBe(true);
    expect(r.stderr).toBe('Edit cancelled, no changes made.\n');
    expect(r.exitCode).toBe(0);
  });

  it('answers in kubectl’s words when the editor is missing or fails, or the object is not there', () => {
    const lab = labEngine();
    const vi = lab.shell.exec('kubectl edit cm kube-proxy-config -n kube-system');
    expect(vi.stderr.split('\n')[0]).toBe('error: unable to launch the editor "vi"');
    expect(vi.exitCode).toBe(1);
    expect(lab.shell.exec('KUBE_EDITOR=false kubectl edit cm kube-proxy-config -n kube-system').stderr).toBe('error: there was a problem with the editor "false"\n');
    expect(lab.shell.exec('KUBE_EDITOR=true kubectl edit cm nope -n kube-system').stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect(lab.shell.exec("KUBE_EDITOR=\"sed -i '1,\\$d'\" kubectl edit cm kube-proxy-config -n kube-system").stderr).toBe('Edit cancelled, saved file was empty.\n');
  });
});
