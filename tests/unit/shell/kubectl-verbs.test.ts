// kubectl's everyday verbs over the API store: what a new user types first, answered as kubectl 1.24 answers.
// Expected strings are kubectl's own messages (kubectl/pkg/cmd/create, label, annotate, patch, expose, run).
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

describe('kubectl create, run, expose', () => {
  it('create deployment makes a Deployment labelled app=NAME with a container named after the image', () => {
    const { sh, cluster } = labEngine();
    expect(sh('kubectl create deployment web --image=nginx:1.25 --replicas=3')).toBe('deployment.apps/web created\n');
    sh('sleep 20');
    expect(sh('kubectl get deploy web --no-headers')).toMatch(/^web\s+3\/3\s+3\s+3\s+20s\n$/);
    expect(sh("kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].name} {.spec.selector.matchLabels.app}'")).toBe('nginx web');
    expect(sh('kubectl create deployment web --image=nginx')).toContain('error: failed to create deployment: deployments.apps "web" already exists');
    expect(sh('kubectl create deployment x')).toContain('error: required flag(s) "image" not set');
    expect(cluster.store.get('Deployment', 'default', 'web')?.metadata.labels).toEqual({ app: 'web' });
  });

  it('create namespace, configmap and serviceaccount; AlreadyExists as the server says it', () => {
    const { sh } = labEngine();
    expect(sh('kubectl create namespace lab')).toBe('namespace/lab created\n');
    expect(sh('kubectl create ns lab')).toContain('Error from server (AlreadyExists): namespaces "lab" already exists');
    expect(sh('kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2 -n lab')).toBe('configmap/cfg created\n');
    expect(sh('kubectl get cm cfg -n lab --no-headers')).toMatch(/^cfg\s+2\s+0s\n$/);
    expect(sh('kubectl create sa robot -n lab')).toBe('serviceaccount/robot created\n');
    expect(sh('kubectl get sa -n lab --no-headers | sort')).toMatch(/^default\s+0\s+\S+\nrobot\s+0\s+\S+\n$/);
  });

  it('run makes a bare pod labelled run=NAME; expose makes a Service selecting what the Deployment selects', () => {
    const { sh } = labEngine();
    expect(sh('kubectl run tmp --image=busybox --restart=Never -- sleep 3600')).toBe('pod/tmp created\n');
    expect(sh('kubectl get pod tmp --show-labels --no-headers')).toMatch(/run=tmp\n$/);
    sh('kubectl create deployment web --image=nginx --port=80');
    expect(sh('kubectl expose deployment web --port=80 --target-port=80 --type=NodePort')).toBe('service/web exposed\n');
    expect(sh("kubectl get svc web -o jsonpath='{.spec.selector.app} {.spec.type}'")).toBe('web NodePort');
    expect(sh('kubectl get svc web --no-headers')).toMatch(/^web\s+NodePort\s+10\.100\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+0s\n$/);
    expect(sh('kubectl expose deployment nope --port=80')).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });
});

describe('kubectl label, annotate, patch', () => {
  it('labels need --overwrite to change; a pod labelled out of its ReplicaSet is replaced', () => {
    const { sh } = labEngine();
    sh('kubectl create deployment web --image=nginx --replicas=2');
    sh('sleep 20');
    const pod = sh('kubectl get pods -l app=web -o name | head -1').trim();
    expect(sh(`kubectl label ${pod} app=debug`)).toContain(`error: 'app' already has a value (web), and --overwrite is false`);
    expect(sh(`kubectl label ${pod} app=debug --overwrite`)).toBe(`${pod} labeled\n`);
    expect(sh(`kubectl label ${pod} app=debug --overwrite`)).toBe(`${pod} not labeled\n`);
    expect(sh('kubectl get pods -l app=web --no-headers | wc -l')).toBe('2\n');
    expect(sh(`kubectl get ${pod} -o jsonpath='{.metadata.ownerReferences}'`)).toBe('');
    expect(sh('kubectl label nodes --all lab=yes')).toMatch(/^(node\/ip-\S+ labeled\n){3}$/);
    expect(sh('kubectl get nodes -l lab=yes -o name | wc -l')).toBe('3\n');
    expect(sh('kubectl label nodes --all lab-')).toMatch(/^(node\/ip-\S+ unlabeled\n){3}$/);
  });

  it('annotate and patch write through the store, and a patched Deployment rolls out', () => {
    const { sh } = labEngine();
    sh('kubectl create deployment web --image=nginx');
    expect(sh('kubectl annotate deploy web team=net')).toBe('deployment.apps/web annotated\n');
    expect(sh("kubectl get deploy web -o jsonpath='{.metadata.annotations.team}'")).toBe('net');
    expect(sh(`kubectl patch deploy web -p '{"spec":{"replicas":3}}'`)).toBe('deployment.apps/web patched\n');
    expect(sh(`kubectl patch deploy web -p '{"spec":{"replicas":3}}'`)).toBe('deployment.apps/web patched (no change)\n');
    sh('sleep 20');
    expect(sh('kubectl get deploy web --no-headers')).toMatch(/^web\s+3\/3/);
    expect(sh(`kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]'`)).toBe('deployment.apps/web patched\n');
    sh('sleep 20');
    expect(sh('kubectl get rs -l app=web --no-headers | wc -l')).toBe('2\n');
    expect(sh('kubectl rollout history deploy web')).toBe('deployment.apps/web \nREVISION   CHANGE-CAUSE\n1          <none>\n2          <none>\n\n');
    expect(sh(`kubectl patch deploy web --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}'`)).toBe('deployment.apps/web patched\n');
    expect(sh('kubectl get deploy -l tier=front -o name')).toBe('deployment.apps/web\n');
  });
});

describe('kubectl get for every kind, with -L, --field-selector and custom columns', () => {
  it('lists the CRDs EKS ships and other kinds by their short names', () => {
    const { sh } = labEngine();
    const crds = sh('kubectl get crd --no-headers').trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(crds).toEqual(['eniconfigs.crd.k8s.amazonaws.com', 'securitygrouppolicies.vpcresources.k8s.aws']);
    expect(sh('kubectl get crd').split('\n')[0]).toMatch(/^NAME\s+CREATED AT$/);
    expect(sh('kubectl get sa -A --no-headers | grep aws-node')).toMatch(/^kube-system\s+aws-node\s+0\s+120m\n$/);
    expect(sh('kubectl get ingress')).toContain('No resources found in default namespace.');
    expect(sh('kubectl get nope')).toContain(`error: the server doesn't have a resource type "nope"`);
  });

  it('prints label columns and evaluates selectors as the API server does', () => {
    const { sh } = labEngine();
    expect(sh('kubectl get nodes -L topology.kubernetes.io/zone --no-headers').trimEnd().split('\n').map((l) => l.split(/\s+/).pop())).toEqual(['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c']);
    expect(sh('kubectl get nodes -L topology.kubernetes.io/zone').split('\n')[0]).toMatch(/VERSION\s+ZONE$/);
    expect(sh("kubectl get pods -n kube-system -l 'k8s-app in (kube-dns,kube-proxy)' --no-headers | wc -l")).toBe('5\n');
    expect(sh('kubectl get pods -n kube-system --field-selector status.phase=Running --no-headers | wc -l')).toBe('8\n');
    expect(sh('kubectl get pods -l "app in web"')).toBe(`Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in web", field selector "": unable to parse requirement: found 'web' expected: '('\n`);
    expect(sh('kubectl get pods --field-selector foo=bar')).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n');
    const cc = sh('kubectl get nodes -o custom-columns=NAME:.metadata.name,ZONE:.metadata.labels.topology\\.kubernetes\\.io/zone');
    expect(cc.split('\n')[0]).toMatch(/^NAME\s+ZONE$/);
  });

  it('deletes by label selector, cascading to what the object owned', () => {
    const { sh } = labEngine();
    sh('kubectl create deployment web --image=nginx --replicas=2');
    sh('sleep 20');
    expect(sh('kubectl delete deploy -l app=web')).toBe('deployment.apps "web" deleted\n');
    sh('sleep 5');
    expect(sh('kubectl get rs,pods -l app=web')).toContain('No resources found');
    expect(sh('kubectl delete pod nope')).toContain('Error from server (NotFound): pods "nope" not found');
    expect(sh('kubectl delete pod nope --ignore-not-found')).toBe('');
  });
});

describe('kubectl get -w', () => {
  it('prints a row for each change the watch reports, its columns only ever widening', () => {
    const { sh } = labEngine();
    sh('kubectl create deployment web --image=nginx');
    sh('sleep 10');
    const out = sh('kubectl get pods -w & kubectl scale deploy web --replicas=2; sleep 5; kill %1').split('\n');
    const rows = out.filter((l) => l.startsWith('web-'));
    // The table first (one Running pod), then the new pod Pending → ContainerCreating → Running.
    expect(out[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows[0]).toMatch(/1\/1\s+Running\s+0\s+10s$/);
    const fresh = rows.slice(1).map((r) => r.split(/\s+/)[2]);
    expect(fresh).toEqual(['Pending', 'ContainerCreating', 'Running']);
    // kubectl's watch printer keeps a column as wide as it has been: Running stays padded to ContainerCreating.
    expect(rows[3]).toMatch(/Running {13}0/);
  });

  it('on an empty list says so, and prints the header with the first row', () => {
    const { sh } = labEngine();
    const out = sh('kubectl get pods -n lab -w & kubectl create ns lab; kubectl run t --image=busybox -n lab; sleep 3; kill %1');
    expect(out).toMatch(/^NAME {3}READY {3}STATUS {4}RESTARTS {3}AGE\nt {6}0\/1 {5}Pending/m);
  });
});
