// A pod's /etc/resolv.conf (kubelet's ClusterFirst: the kube-dns ClusterIP, the namespace's search list, ndots:5)
// and the search walk BIND's tools make of it: the order a real nslookup 9.18 sent its queries in, read from a
// test server (NAME.<ns>.svc.cluster.local … NAME.<region>.compute.internal, then NAME).
import { describe, expect, it } from 'vitest';
import { parseResolvConf, searchCandidates } from '../../../../src/model/dns/resolv-conf.ts';
import { formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

const POD_CONF = 'search default.svc.cluster.local svc.cluster.local cluster.local ap-northeast-2.compute.internal\nnameserver 10.100.0.10\noptions ndots:5\n';

describe('resolv.conf', () => {
  it('in a pod: what the kubelet writes on EKS; on a node: the VPC resolver', () => {
    const e = labEngine();
    e.sh('kubectl apply -f netshoot-pod.yaml');
    e.sh('sleep 30');
    expect(e.sh('kubectl exec $PODNAME1 -- cat /etc/resolv.conf')).toBe(POD_CONF);
    expect(e.sh('ssh ec2-user@$N1 cat /etc/resolv.conf')).toContain('nameserver 192.168.0.2\n');
    expect(e.sh('kubectl exec -n kube-system $(kubectl get pod -n kube-system -l k8s-app=kube-dns -o name | head -1 | cut -d/ -f2) -- cat /etc/resolv.conf')).toBe(POD_CONF.replace('default.svc', 'kube-system.svc'));
  });

  it('parses nameserver, search and ndots', () => {
    const c = parseResolvConf(POD_CONF);
    expect(c.nameservers.map(formatIpv4)).toEqual(['10.100.0.10']);
    expect(c.search).toHaveLength(4);
    expect(c.ndots).toBe(5);
    expect(parseResolvConf('nameserver 192.168.0.2\n').ndots).toBe(1);
  });
});

describe('the search walk (ndots:5)', () => {
  const conf = parseResolvConf(POD_CONF);
  it('a short name: every search domain, then the name itself', () => {
    expect(searchCandidates('www.google.com', conf)).toEqual([
      'www.google.com.default.svc.cluster.local.', 'www.google.com.svc.cluster.local.', 'www.google.com.cluster.local.',
      'www.google.com.ap-northeast-2.compute.internal.', 'www.google.com.',
    ]);
  });

  it('a name with five dots or a final dot: only as it is', () => {
    expect(searchCandidates('a.b.c.d.e.f', conf)).toEqual(['a.b.c.d.e.f.']);
    expect(searchCandidates('nosuch.default.svc.cluster.local.', conf)).toEqual(['nosuch.default.svc.cluster.local.']);
  });
});
