import { describe, expect, it } from 'vitest';
import { clusterView, viewChanges } from '../../../src/model/views/eni-view.ts';
import { labEngine } from '../shell/engine-helpers.ts';

describe('the node/ENI view', () => {
  it('draws every node’s ENIs with their slots: pods, warm, cooling down', () => {
    const { cluster, sh } = labEngine();
    const view = clusterView(cluster);
    expect(view.nodes).toHaveLength(3);
    expect(view.settings).toMatchObject({ WARM_ENI_TARGET: '1', ENABLE_PREFIX_DELEGATION: 'false' });
    for (const node of view.nodes) {
      for (const eni of node.enis) expect(eni.slots).toHaveLength(5);
      expect(node.maxPods).toBe(17);
    }
    const coredns = view.nodes.flatMap((n) => n.enis.flatMap((e) => e.slots)).filter((s) => s.state === 'pod');
    expect(coredns.map((s) => s.pod?.split('/')[0])).toEqual(['kube-system', 'kube-system']);
    expect(coredns.every((s) => /^eni[0-9a-f]{11}$/.test(s.veth!))).toBe(true);

    const pod = sh("kubectl get pods -n kube-system -l k8s-app=kube-dns -o name | head -1").trim().replace('pod/', '');
    sh(`kubectl delete pod -n kube-system ${pod}`);
    sh('sleep 2');
    expect(clusterView(cluster).nodes.flatMap((n) => n.enis.flatMap((e) => e.slots)).some((s) => s.state === 'cooldown')).toBe(true);
  });

  it('lists what a change did: settings, ENIs attached and released, addresses returned', () => {
    const { cluster, sh } = labEngine();
    const before = clusterView(cluster);
    sh('kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=1');
    sh('sleep 300');
    const changes = viewChanges(before, clusterView(cluster));
    expect(changes[0]).toBe('WARM_IP_TARGET: unset → 1');
    expect(changes.some((c) => /: eth1 released \(5 IPs\)$/.test(c))).toBe(true);
    expect(changes.some((c) => /: \d+ IPs returned to the VPC$/.test(c))).toBe(true);
    const scaled = clusterView(cluster);
    sh('kubectl apply -f nginx-dp.yaml');
    sh('kubectl scale deploy nginx-deployment --replicas=30');
    sh('sleep 120');
    expect(viewChanges(scaled, clusterView(cluster)).some((c) => /: eth\d attached with \d+ IPs$/.test(c))).toBe(true);
  });
});
