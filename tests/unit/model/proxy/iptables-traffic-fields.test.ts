// kube-proxy's rules for a Service's traffic fields: ClientIP affinity (the `recent` rules, as proxier.go writes
// them and iptables-save prints them back, libxt_recent's option order), LoadBalancer ingress IPs, the health check
// node port, externalTrafficPolicy Local (KUBE-SVL with this node's endpoints) and internalTrafficPolicy Local.
import { describe, expect, it } from 'vitest';
import { parseRestoreRule, ruleSpec } from '../../../../src/model/net/netfilter.ts';
import { extChain, type ProxyServicePort, proxyRules, restoreText, sepChain, svcChain, svlChain } from '../../../../src/model/proxy/iptables-rules.ts';

const port = (extra: Partial<ProxyServicePort>): ProxyServicePort => ({
  namespace: 'ns1', name: 'svc1', portName: 'p80', protocol: 'TCP', clusterIp: '172.30.0.41', port: 80, endpoints: [], ...extra,
});
const ep = (ip: string, nodeName?: string) => ({ ip, port: 80, ready: true, ...(nodeName ? { nodeName } : {}) });
const lines = (p: ProxyServicePort) => restoreText(proxyRules([p], { nodeName: 'node-a', markText: '0x4000' })).split('\n');
const SVC = svcChain('ns1/svc1:p80', 'TCP');
const SEP1 = sepChain('ns1/svc1:p80', 'TCP', '10.180.0.1:80');
const SEP2 = sepChain('ns1/svc1:p80', 'TCP', '10.180.0.2:80');

describe('sessionAffinity: ClientIP', () => {
  const text = lines(port({ affinitySeconds: 10800, endpoints: [ep('10.180.0.1'), ep('10.180.0.2')] }));

  it('checks every endpoint\'s list first, then balances; each endpoint records the client', () => {
    expect(text.filter((l) => l.startsWith(`-A ${SVC}`))).toEqual([
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --name ${SEP1} --rcheck --seconds 10800 --reap -j ${SEP1}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m recent --name ${SEP2} --rcheck --seconds 10800 --reap -j ${SEP2}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j ${SEP1}`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j ${SEP2}`,
    ]);
    expect(text).toContain(`-A ${SEP1} -m comment --comment ns1/svc1:p80 -m recent --name ${SEP1} --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80`);
  });

  it('prints back in libxt_recent\'s order, with --mask and --rsource', () => {
    const saved = (l: string) => {
      const [, chain, ...args] = l.split(' ');
      return ruleSpec(parseRestoreRule('nat', chain!, args.join(' ').match(/"[^"]*"|\S+/g)!));
    };
    expect(saved(text.find((l) => l.includes('--rcheck'))!)).toBe(
      `-m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --rcheck --seconds 10800 --reap --name ${SEP1} --mask 255.255.255.255 --rsource -j ${SEP1}`,
    );
    expect(saved(text.find((l) => l.includes('--set'))!)).toBe(
      `-p tcp -m comment --comment "ns1/svc1:p80" -m recent --set --name ${SEP1} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.1:80`,
    );
  });
});

describe('LoadBalancer ingress IPs and the health check node port', () => {
  it('jumps from the LB IP to KUBE-EXT and accepts the health check port in filter KUBE-NODEPORTS', () => {
    const text = lines(port({ nodePort: 3001, loadBalancerIps: ['1.2.3.4'], healthCheckNodePort: 30000, externalTrafficPolicy: 'Local', endpoints: [ep('10.180.0.1', 'node-a')] }));
    expect(text).toContain(`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j ${extChain('ns1/svc1:p80', 'TCP')}`);
    expect(text).toContain('-A KUBE-NODEPORTS -m comment --comment "ns1/svc1:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT');
    expect(text).toContain(`-A ${extChain('ns1/svc1:p80', 'TCP')} -j ${svlChain('ns1/svc1:p80', 'TCP')}`);
  });

  it('with Local policy and no endpoint on this node: DROP for the LB IP and node port, no KUBE-SVL, health check still accepted', () => {
    const text = lines(port({ nodePort: 3001, loadBalancerIps: ['1.2.3.4'], healthCheckNodePort: 30000, externalTrafficPolicy: 'Local', endpoints: [ep('10.180.0.1', 'node-b')] }));
    expect(text).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP');
    expect(text).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP');
    expect(text.some((l) => l.startsWith(`-A ${svlChain('ns1/svc1:p80', 'TCP')}`))).toBe(false);
    expect(text).toContain('-A KUBE-NODEPORTS -m comment --comment "ns1/svc1:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT');
    // EXT keeps the LOCAL-source short circuit and masquerades nothing else: the client's address survives.
    expect(text.filter((l) => l.startsWith(`-A ${extChain('ns1/svc1:p80', 'TCP')}`) && l.includes('KUBE-MARK-MASQ'))).toEqual([
      `-A ${extChain('ns1/svc1:p80', 'TCP')} -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
    ]);
  });
});

describe('internalTrafficPolicy: Local', () => {
  it('sends the cluster IP to KUBE-SVL with this node\'s endpoints only, and drops it where there is none', () => {
    const here = lines(port({ internalTrafficPolicy: 'Local', endpoints: [ep('10.180.0.1', 'node-a'), ep('10.180.0.2', 'node-b')] }));
    const svl = svlChain('ns1/svc1:p80', 'TCP');
    expect(here).toContain(`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j ${svl}`);
    expect(here.filter((l) => l.startsWith(`-A ${svl}`))).toEqual([`-A ${svl} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j ${SEP1}`]);
    const elsewhere = lines(port({ internalTrafficPolicy: 'Local', endpoints: [ep('10.180.0.2', 'node-b')] }));
    expect(elsewhere).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP');
  });
});
