// Switching kube-proxy to ipvs mode as on EKS (the kube-proxy-config ConfigMap, then new kube-proxy pods), and
// packets to a ClusterIP through IPVS: round-robin in the kernel's list order, Masq with conntrack, the counters.
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/model/cluster/types.ts';
import { formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { networkOf } from '../../../src/model/net/network.ts';
import { httpExchange } from '../../../src/model/net/tcp.ts';
import { parseKubeProxyConfig } from '../../../src/model/proxy/kube-proxy-config.ts';
import { labEngine } from '../shell/engine-helpers.ts';

const TO_IPVS = `kubectl get cm kube-proxy-config -n kube-system -o yaml | sed -e 's/mode: "iptables"/mode: "ipvs"/' | kubectl apply -f -`;

function ipvsLab(scheduler?: string) {
  const e = labEngine({});
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('kubectl apply -f nginx-dp.yaml');
  e.sh('kubectl scale deploy nginx-deployment --replicas=3');
  e.sh('sleep 60');
  e.sh('kubectl expose deployment nginx-deployment --port=80');
  e.sh(TO_IPVS);
  if (scheduler) e.sh(`kubectl get cm kube-proxy-config -n kube-system -o yaml | sed -e 's/scheduler: ""/scheduler: "${scheduler}"/' | kubectl apply -f -`);
  return e;
}

describe('kube-proxy-config', () => {
  it('reads mode and scheduler as kube-proxy defaults them', () => {
    expect(parseKubeProxyConfig('mode: ""\nipvs:\n  scheduler: ""\n')).toMatchObject({ mode: 'iptables', scheduler: 'rr' });
    expect(parseKubeProxyConfig('mode: ipvs\nipvs:\n  scheduler: lc\n')).toMatchObject({ mode: 'ipvs', scheduler: 'lc' });
    expect(parseKubeProxyConfig('mode: nftables\n')).toEqual({ error: expect.stringContaining('KubeProxyConfiguration.Mode: Invalid value: "nftables"') });
  });
});

describe('switching a node to ipvs mode', () => {
  it("changes what a new kube-proxy pod logs, not what the old one logged", () => {
    const e = ipvsLab();
    const proxierLines = () => e.sh('kubectl logs -n kube-system ds/kube-proxy 2>/dev/null | grep -E "Proxier|route_localnet" | cut -d] -f2');
    expect(proxierLines()).toBe(
      ' "Using iptables Proxier"\n "Creating dualStackProxier for iptables"\n' +
        ' "Setting route_localnet=1, use nodePortAddresses to filter loopback addresses for NodePorts to skip it https://issues.k8s.io/90259"\n'.repeat(2),
    );
    e.sh('kubectl rollout restart ds kube-proxy -n kube-system');
    e.sh('sleep 60');
    // kube-proxy 1.24's ipvs branch, as its users' logs show it (server_others.go:269 and :271).
    expect(e.sh('kubectl logs -n kube-system ds/kube-proxy 2>/dev/null | grep -E "Proxier|route_localnet"')).toMatch(
      /^I\d{4} [\d:.]+ +1 server_others\.go:269\] "Using ipvs Proxier"\nI\d{4} [\d:.]+ +1 server_others\.go:271\] "Creating dualStackProxier for ipvs"\n$/,
    );
  });

  it('changes nothing until the kube-proxy pods are replaced, then rebuilds every node', () => {
    const e = ipvsLab();
    const node = e.cluster.nodes[0];
    expect(e.cluster.kubeProxies.on(node.name).config.mode).toBe('iptables');
    expect(networkOf(e.cluster).ipvs(node)).toBeUndefined();
    e.sh('kubectl rollout restart ds kube-proxy -n kube-system');
    e.sh('sleep 60');
    for (const n of e.cluster.nodes) expect(e.cluster.kubeProxies.on(n.name).config.mode).toBe('ipvs');
    const ruleset = networkOf(e.cluster).ruleset(node);
    // iptables.CleanupLeftovers took the iptables proxier's chains; KUBE-MARK-MASQ and the canary stay.
    expect(ruleset.chains.nat.filter((c) => /^KUBE-(SVC|SEP|EXT)-|^KUBE-NODEPORTS$/.test(c))).toEqual([]);
    expect(ruleset.chains.nat).toContain('KUBE-PROXY-CANARY');
    expect(e.sh(`ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ip -br a | grep kube-ipvs0`)).toMatch(/^kube-ipvs0 +DOWN +10\.100\.0\.1\/32 /);
  });

  it('goes back to iptables mode and drops kube-ipvs0', () => {
    const e = ipvsLab();
    e.sh('kubectl rollout restart ds kube-proxy -n kube-system; sleep 60');
    e.sh(`kubectl get cm kube-proxy-config -n kube-system -o yaml | sed -e 's/mode: "ipvs"/mode: "iptables"/' | kubectl apply -f -`);
    e.sh('kubectl rollout restart ds kube-proxy -n kube-system; sleep 60');
    const n1 = formatIpv4(e.cluster.nodes[0].enis[0].primaryIp);
    expect(e.sh(`ssh ec2-user@${n1} ip addr show kube-ipvs0`)).toBe('Device "kube-ipvs0" does not exist.\n');
    expect(e.sh(`ssh ec2-user@${n1} sudo iptables -t nat -S | grep -c KUBE-SVC-`)).not.toBe('0\n');
  });
});

describe('a ClusterIP through IPVS', () => {
  function switched(scheduler?: string) {
    const e = ipvsLab(scheduler);
    e.sh('kubectl rollout restart ds kube-proxy -n kube-system; sleep 60');
    const cluster = e.cluster;
    const svc = cluster.store.get<Service>('Service', 'default', 'nginx-deployment')!;
    const client = [...cluster.pods.values()].filter((p) => p.labels.app === 'netshoot-pod' && p.ip !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1))[0];
    const nginx = [...cluster.pods.values()].filter((p) => p.labels.app === 'nginx' && p.phase === 'Running').map((p) => `${formatIpv4(p.ip!)}:80`).sort();
    return { e, cluster, svc, client, nginx };
  }
  const curl = (l: ReturnType<typeof switched>) => {
    const net = networkOf(l.cluster);
    const out = httpExchange(net, { kind: 'pod', pod: l.client }, l.svc.spec.clusterIp, 80, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, l.cluster.now);
    expect(out.kind).toBe('ok');
    const node = l.cluster.node(l.client.nodeName!)!;
    const conns = net.conntrack(node.name).list(l.cluster.now).filter((c) => c.ipvs);
    return conns[conns.length - 1];
  };

  it('takes the real servers in turn, in the order kube-proxy added them ("IP:port" strings)', () => {
    const l = switched();
    const picks = [curl(l), curl(l), curl(l), curl(l)].map((c) => c.ipvs!.rs);
    expect(picks).toEqual([...l.nginx, l.nginx[0]]);
  });

  it('keeps the client\'s address (no masquerade from a pod) and counts the connections in ipvsadm --stats', () => {
    const l = switched();
    const c = curl(l);
    expect(formatIpv4(c.original.src)).toBe(formatIpv4(l.client.ip!));
    expect(formatIpv4(c.reply.dst)).toBe(formatIpv4(l.client.ip!));
    const hostIp = formatIpv4(l.cluster.node(l.client.nodeName!)!.enis[0].primaryIp);
    const vip = formatIpv4(l.svc.spec.clusterIp);
    const stats = l.e.sh(`ssh ec2-user@${hostIp} sudo ipvsadm -Ln --stats -t ${vip}:80`).split('\n');
    expect(stats[2]).toMatch(new RegExp(`^TCP  ${vip.replaceAll('.', '\\.')}:80 +1 +6 +4 `));
    expect(l.e.sh(`ssh ec2-user@${hostIp} sudo ipvsadm -Ln -t ${vip}:80`)).toContain('Masq    1      0          1         ');
  });

  it('masquerades a node\'s own connection, whose source is the VIP on kube-ipvs0', () => {
    const l = switched();
    const node = l.cluster.nodes[0];
    const net = networkOf(l.cluster);
    const out = httpExchange(net, { kind: 'node', node }, l.svc.spec.clusterIp, 80, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, l.cluster.now);
    expect(out.kind).toBe('ok');
    const c = net.conntrack(node.name).list(l.cluster.now).find((x) => x.ipvs)!;
    expect(c.original.src).toBe(l.svc.spec.clusterIp);
    expect(c.reply.dst).toBe(node.enis[0].primaryIp);
  });

  it('with lc, sends each new connection to the least loaded real server', () => {
    const l = switched('lc');
    const picks = [curl(l), curl(l), curl(l)].map((c) => c.ipvs!.rs);
    expect(new Set(picks).size).toBe(3);
  });

  it('refuses a connection to a virtual server without real servers (ICMP port unreachable)', () => {
    const l = switched();
    l.e.sh('kubectl scale deploy nginx-deployment --replicas=0; sleep 60');
    const net = networkOf(l.cluster);
    const out = httpExchange(net, { kind: 'pod', pod: l.client }, l.svc.spec.clusterIp, 80, { method: 'GET', path: '/', host: 'x', userAgent: 'curl/8.3.0' }, l.cluster.now);
    expect(out.kind).toBe('refused');
  });
});
