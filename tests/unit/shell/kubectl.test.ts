// kubectl against the simulated cluster: output formats, selectors, errors in kubectl's words, and changes
// that show up where they would on a real cluster.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { labEngine, stripAnsi } from './engine-helpers.ts';

describe('kubectl get', () => {
  const { sh } = labEngine();
  sh('kubectl apply -f nginx-dp.yaml');
  sh('sleep 30');
  const pod = sh('kubectl get pods -o name | head -1').trim().replace('pod/', '');

  it('prints a pod as YAML and JSON the API server would return', () => {
    const y = parse(sh(`kubectl get pod ${pod} -o yaml`));
    expect(y).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: 'default', labels: { app: 'nginx' } } });
    expect(y.status.podIP).toMatch(/^192\.168\.\d\.\d+$/);
    expect(y.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
    const list = JSON.parse(sh('kubectl get pods -o json'));
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(2);
    expect(sh('kubectl get pods -o json')).toMatch(/^\{\n {4}"apiVersion": "v1",/);
  });

  it('evaluates JSONPath templates', () => {
    const ips = sh("kubectl get pods -o jsonpath='{.items[*].status.podIP}'").split(' ');
    expect(ips).toHaveLength(2);
    expect(sh(`kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}'`).trimEnd().split('\n')).toHaveLength(2);
    expect(sh(`kubectl get pod ${pod} -o jsonpath='{.metadata.labels.app}'`)).toBe('nginx');
    // Filters, as the kubectl cheat sheet uses them for node addresses.
    const internal = sh(`kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}'`);
    expect(internal).toBe(sh('echo -n $N1'));
    expect(sh(`kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type!="InternalIP")].type}'`)).not.toContain('InternalIP');
  });

  it('filters by label and namespace, and adds NAMESPACE with -A', () => {
    expect(sh('kubectl get pods -n kube-system -l k8s-app=kube-dns --no-headers | wc -l')).toBe('2\n');
    expect(sh('kubectl get pods -A').split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(sh('kubectl get ds -A --no-headers').trimEnd().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['aws-node', 'kube-proxy']);
    expect(sh('kubectl get deploy,svc --no-headers')).toMatch(/^deployment\.apps\/nginx-deployment\s+2\/2\s+2\s+2\s+\d+s\n\nservice\/kubernetes\s+ClusterIP\s+10\.100\.0\.1\s+<none>\s+443\/TCP\s+120m\n$/);
  });

  it('answers mistakes in kubectl’s words', () => {
    expect(sh('kubectl get pods nope')).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(sh('kubectl get flurbs')).toBe('error: the server doesn\'t have a resource type "flurbs"\n');
    expect(sh('kubectl get deploy nope')).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(sh('kubectl get pods -n nowhere')).toBe('No resources found in nowhere namespace.\n');
    expect(sh('kubectl scale deploy nginx-deployment')).toBe('error: required flag(s) "replicas" not set\n');
    expect(sh('kubectl get pods --bogus')).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(sh('kubectl frob')).toMatch(/^error: unknown command "frob" for "kubectl"/);
    expect(sh('kubectl get pods -o wat')).toMatch(/^error: unable to match a printer suitable for the output format "wat"/);
  });
});

describe('changes seen where a real cluster shows them', () => {
  it('kubectl set env on aws-node restarts it and ipamd follows the new target', () => {
    const { sh, cluster } = labEngine();
    expect(sh('kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2 MINIMUM_IP_TARGET=4')).toBe('daemonset.apps/aws-node env updated\n');
    expect(sh('kubectl describe daemonset aws-node -n kube-system | grep -E "WARM_IP_TARGET|MINIMUM_IP_TARGET"')).toMatch(/^\s+MINIMUM_IP_TARGET:\s+4\n\s+WARM_IP_TARGET:\s+2\n$/);
    expect(sh('kubectl set env ds aws-node -n kube-system --list | grep WARM_IP')).toBe('WARM_IP_TARGET=2\n');
    sh('sleep 300');
    // With warm IP targets, ipamd frees the spare ENIs and addresses: every node keeps max(pods + 2, 4) IPs.
    for (const node of cluster.nodes) {
      const pods = cluster.podsOn(node).filter((p) => p.veth).length;
      const total = node.enis.reduce((n, e) => n + e.secondaryIps.length, 0);
      expect(total).toBe(Math.max(pods + 2, 4));
    }
    expect(sh('kubectl get pods -n kube-system -l k8s-app=aws-node --no-headers | grep -c Running')).toBe('3\n');
  });

  it('kubectl exec runs in the pod: its address, routes and DNS settings', () => {
    const { sh } = labEngine();
    const [name, ip] = sh("kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide --no-headers | head -1 | awk '{print $1, $6}'").trim().split(' ');
    expect(sh(`kubectl exec -n kube-system ${name} -- ip -4 addr show eth0`)).toMatch(new RegExp(`^3: eth0@if\\d+: .*\\n    inet ${ip.replaceAll('.', '\\.')}/32 scope global eth0\\n`));
    expect(sh(`kubectl exec -n kube-system ${name} -- ip route`)).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    expect(sh(`kubectl exec -n kube-system ${name} -- cat /etc/resolv.conf`)).toContain('nameserver 10.100.0.10\n');
    expect(sh(`kubectl exec -n kube-system ${name} -- hostname`)).toBe(`${name}\n`);
    expect(sh('kubectl exec nope -- hostname')).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('ip rule and the per-ENI table show pods on a secondary ENI', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=30');
    sh('sleep 60');
    const rules = sh('ssh ec2-user@$N1 ip rule');
    expect(rules).toMatch(/^0:\tfrom all lookup local\n(512:\tfrom all to 192\.168\.1\.\d+ lookup main\n)+1024:\tfrom all fwmark 0x80\/0x80 lookup main\n(1536:\tfrom 192\.168\.1\.\d+ lookup [23]\n)+32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n$/);
    expect(sh('ssh ec2-user@$N1 ip route show table 2')).toMatch(/^default via 192\.168\.1\.1 dev eth1 \n192\.168\.1\.1 dev eth1 scope link \n$/);
    expect(stripAnsi(sh('ssh ec2-user@$N1 ip -c -br link show eth1'))).toMatch(/^eth1 {13}UP {13}02(:[0-9a-f]{2}){5} <BROADCAST,MULTICAST,UP,LOWER_UP> \n$/);
  });

  it('kubectl get events shows the scheduler refusing pods', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=50');
    sh('sleep 20');
    const warnings = sh('kubectl get events | grep FailedScheduling').trimEnd().split('\n');
    expect(warnings).toHaveLength(7);
    expect(warnings[0]).toMatch(/^\d+s\s+Warning\s+FailedScheduling\s+pod\/nginx-deployment-\S+\s+0\/3 nodes are available: 3 Too many pods\./);
  });
});
