// The kubectl verbs that describe the cluster and the client rather than objects: cluster-info, api-resources,
// api-versions, auth can-i, top, version. Formats from kubectl 1.24's pkg/cmd (clusterinfo, apiresources, auth,
// top, version); the client-only ones are also checked against the real binary in tests/conformance.
import { describe, expect, it } from 'vitest';
import { labEngine, stripAnsi } from './engine-helpers.ts';

describe('kubectl cluster-info', () => {
  it('names the API endpoint and CoreDNS (kube-dns is the cluster service) in colour, then the dump hint', () => {
    const { sh, cluster } = labEngine();
    const out = sh('kubectl cluster-info');
    expect(out).toContain('\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://');
    const host = cluster.eks.endpoint;
    expect(host).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.ap-northeast-2\.eks\.amazonaws\.com$/);
    expect(stripAnsi(out)).toBe(
      `Kubernetes control plane is running at ${host}\n` +
        `CoreDNS is running at ${host}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n` +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });

  it('the endpoint follows the seed, and the OIDC issuer carries the same id (as EKS has it)', () => {
    const a = labEngine().cluster.eks;
    const b = labEngine({ seed: 'other' }).cluster.eks;
    expect(a.endpoint).not.toBe(b.endpoint);
    expect(a.oidcIssuer.split('/').pop()).toBe(a.endpoint.slice(8, 40));
  });
});

describe('kubectl api-resources and api-versions', () => {
  it('lists discovery sorted by group then name, filters by group, scope and verbs', () => {
    const { sh } = labEngine();
    const lines = sh('kubectl api-resources').split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines[1]).toMatch(/^bindings\s+v1\s+true\s+Binding$/);
    expect(lines.some((l) => /^eniconfigs\s+crd\.k8s\.amazonaws\.com\/v1alpha1\s+false\s+ENIConfig$/.test(l))).toBe(true);
    expect(sh('kubectl api-resources --api-group=apps -o name')).toBe('controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    expect(sh('kubectl api-resources --namespaced=false --no-headers | grep -c true')).toBe('0\n');
    expect(sh("kubectl api-resources --verbs=list -o name | grep -c '^bindings$'")).toBe('0\n');
    expect(sh('kubectl api-resources -o wide | grep "^pods "')).toMatch(/\[create delete deletecollection get list patch update watch\]\n$/);
  });

  it('api-versions lists every served version, the 1.24 betas included', () => {
    const { sh } = labEngine();
    const versions = sh('kubectl api-versions').trim().split('\n');
    expect(versions).toContain('batch/v1beta1');
    expect(versions).toContain('vpcresources.k8s.aws/v1beta1');
    expect(versions.at(-1)).toBe('vpcresources.k8s.aws/v1beta1');
    expect(versions).toEqual([...versions].sort());
  });
});

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: default
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: robot-reads-pods
  namespace: default
subjects:
- kind: ServiceAccount
  name: robot
  namespace: default
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

describe('kubectl auth can-i', () => {
  it('the cluster creator is in system:masters: everything is allowed, with kubectl’s warnings', () => {
    const engine = labEngine();
    expect(engine.shell.exec('kubectl auth can-i create deployments')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(engine.shell.exec('kubectl auth can-i get nodes')).toEqual({ stdout: 'yes\n', stderr: "Warning: resource 'nodes' is not namespace scoped\n", exitCode: 0, stderrFirst: true });
    expect(engine.shell.exec('kubectl auth can-i frob pods').stderr).toBe("Warning: verb 'frob' is not a known verb\n");
    expect(engine.shell.exec('kubectl auth can-i get widgets').stderr).toBe("Warning: the server doesn't have a resource type 'widgets'\n");
  });

  it('--as asks RBAC: a service account gets what its bindings grant and nothing else', () => {
    const engine = labEngine();
    const sa = '--as=system:serviceaccount:default:robot';
    expect(engine.shell.exec(`kubectl auth can-i list pods ${sa}`)).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    engine.shell.exec(`echo '${RBAC}' | kubectl apply -f -`);
    expect(engine.shell.exec(`kubectl auth can-i list pods ${sa}`).stdout).toBe('yes\n');
    expect(engine.shell.exec(`kubectl auth can-i delete pods ${sa}`).stdout).toBe('no\n');
    expect(engine.shell.exec(`kubectl auth can-i list pods -n kube-system ${sa}`).stdout).toBe('no\n');
    expect(engine.shell.exec(`kubectl auth can-i list pods -q ${sa}`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('kubectl top', () => {
  it('EKS has no metrics-server until one is installed: the Metrics API is not there', () => {
    const engine = labEngine();
    expect(engine.shell.exec('kubectl top nodes')).toEqual({ stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 });
    expect(engine.shell.exec('kubectl top pod -A').stderr).toBe('error: Metrics API not available\n');
    expect(engine.shell.exec('kubectl top').stderr).toMatch(/^Display Resource \(CPU\/Memory\) usage\./);
  });
});

describe('kubectl version', () => {
  it('prints the client and the EKS server as Go structs, the deprecation warning on stderr', () => {
    const r = labEngine().shell.exec('kubectl version');
    expect(r.stdout.split('\n')[2]).toBe(
      'Server Version: version.Info{Major:"1", Minor:"24+", GitVersion:"v1.24.13-eks-0a21954", GitCommit:"6305d65c340554ad8b4d7a5f21391c9fa34932cb", GitTreeState:"clean", BuildDate:"2023-04-15T00:33:45Z", GoVersion:"go1.19.8", Compiler:"gc", Platform:"linux/amd64"}',
    );
    expect(r.stderr).toMatch(/^WARNING: This version information is deprecated/);
    // On a terminal the warning comes first, as kubectl writes it before the versions.
    expect(labEngine().sh('kubectl version')).toMatch(/^WARNING: .*\nClient Version: /);
    const json = JSON.parse(labEngine().shell.exec('kubectl version -o json').stdout);
    expect(Object.keys(json)).toEqual(['clientVersion', 'kustomizeVersion', 'serverVersion']);
    expect(labEngine().shell.exec('kubectl version -o yaml').stdout).toMatch(/^clientVersion:\n  buildDate: "2023-04-15T00:33:45Z"\n  compiler: gc\n/);
  });
});

describe('Tab completion of kubectl', () => {
  it('offers verbs, subcommands, resource types, object names and namespaces', () => {
    const { shell } = labEngine();
    const complete = (line: string) => shell.complete(line, line.length);
    expect(complete('kubectl con')).toEqual(['config']);
    expect(complete('kubectl config ')).toEqual(['current-context', 'get-contexts', 'use-context', 'view']);
    expect(complete('kubectl get po')).toContain('pods');
    expect(complete('kubectl -n kube-system get deploy co')).toEqual(['coredns']);
    expect(complete('kubectl get ns kube-')).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(complete('kubectl get pods -n kube-')).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(complete('kubectl explain deploym')).toEqual(['deployments']);
  });
});
