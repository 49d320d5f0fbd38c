// kube-proxy's iptables rules held to upstream: chain names and rule text from kubernetes/kubernetes
// pkg/proxy/iptables/proxier_test.go (TestOverallIPTablesRules), probabilities as iptables prints them, and the EKS
// facts in ../shared/notes/upstream/kube-proxy.md.
import { describe, expect, it } from 'vitest';
import { parseRestoreRule, ruleSpec } from '../../../../src/model/net/netfilter.ts';
import {
  extChain, type ProxyServicePort, probability, proxyRules, restoreText, sepChain, servicePortName, svcChain,
} from '../../../../src/model/proxy/iptables-rules.ts';

const port = (ns: string, name: string, extra: Partial<ProxyServicePort>): ProxyServicePort => ({
  namespace: ns, name, portName: 'p80', protocol: 'TCP', clusterIp: '', port: 80, endpoints: [], ...extra,
});
const ep = (ip: string, nodeName?: string) => ({ ip, port: 80, ready: true, ...(nodeName ? { nodeName } : {}) });

describe('chain names (servicePortChainName, servicePortEndpointChainName)', () => {
  it('match proxier_test.go', () => {
    expect(svcChain('ns1/svc1:p80', 'TCP')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(svcChain('ns2/svc2:p80', 'TCP')).toBe('KUBE-SVC-GNZBNJ2PO5MGZ6GT');
    expect(svcChain('ns3/svc3:p80', 'TCP')).toBe('KUBE-SVC-X27LE4BHSL4DOUIK');
    expect(svcChain('ns4/svc4:p80', 'TCP')).toBe('KUBE-SVC-4SW47YFZTEDKD3PK');
    expect(svcChain('ns5/svc5:p80', 'TCP')).toBe('KUBE-SVC-NUKIZ6OKUXPJNT4C');
    expect(extChain('ns3/svc3:p80', 'TCP')).toBe('KUBE-EXT-X27LE4BHSL4DOUIK');
    expect(sepChain('ns1/svc1:p80', 'TCP', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(sepChain('ns2/svc2:p80', 'TCP', '10.180.0.2:80')).toBe('KUBE-SEP-RS4RBKLTHTF2IUXJ');
    expect(sepChain('ns3/svc3:p80', 'TCP', '10.180.0.3:80')).toBe('KUBE-SEP-OYPFS5VJICHGATKP');
    expect(sepChain('ns4/svc4:p80', 'TCP', '10.180.0.4:80')).toBe('KUBE-SEP-UKSFD7AGPMPPLUHC');
    expect(sepChain('ns4/svc4:p80', 'TCP', '10.180.0.5:80')).toBe('KUBE-SEP-C6EBXVWJJZMIWKLZ');
    expect(sepChain('ns5/svc5:p80', 'TCP', '10.180.0.3:80')).toBe('KUBE-SEP-I77PXRDZVX7PMWMN');
  });

  it('match a real EKS node for default/kubernetes:https (the notes, confirmed against real dumps)', () => {
    expect(servicePortName('default', 'kubernetes', 'https')).toBe('default/kubernetes:https');
    expect(svcChain('default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  });

  it('an unnamed port adds no colon', () => {
    expect(servicePortName('default', 'web', '')).toBe('default/web');
  });
});

describe('TestOverallIPTablesRules, as kube-proxy 1.24 writes it', () => {
  // The upstream fixture's services that v1.24 renders the same way (no LoadBalancer IPs, no source ranges), with
  // the fake proxier's settings: a local detector for 10.0.0.0/8, mark 0x4000, no --random-fully.
  const ports = [
    port('ns1', 'svc1', { clusterIp: '172.30.0.41', endpoints: [ep('10.180.0.1')] }),
    port('ns2', 'svc2', { clusterIp: '172.30.0.42', nodePort: 3001, externalIps: ['192.168.99.22'], externalTrafficPolicy: 'Local', endpoints: [ep('10.180.0.2')] }),
    port('ns3', 'svc3', { clusterIp: '172.30.0.43', nodePort: 3003, endpoints: [ep('10.180.0.3')] }),
    port('ns4', 'svc4', { clusterIp: '172.30.0.44', externalIps: ['192.168.99.33'], endpoints: [ep('10.180.0.4'), ep('10.180.0.5', 'test-node')] }),
    port('ns6', 'svc6', { clusterIp: '172.30.0.46' }),
  ];
  const text = restoreText(proxyRules(ports, { nodeName: 'test-node', clusterCidr: '10.0.0.0/8', markText: '0x4000' }));
  const rules = (t: string) => text.split('COMMIT\n').find((x) => x.startsWith(`*${t}`))!.split('\n').filter((l) => l.startsWith('-A')).sort();

  it('writes the upstream filter rules (v1.24 has no nfacct match on the INVALID drop)', () => {
    expect(rules('filter')).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ].sort());
  });

  it('writes the upstream nat rules (without 1.30+\'s localhost nodeport rules)', () => {
    expect(rules('nat')).toEqual([
      '-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      '-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
      '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      '-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK',
      '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK',
      '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK',
      '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
      '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
      '-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80',
      '-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80',
      '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
      '-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80',
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
      '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ',
      '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ].sort());
  });

  it('keeps the nodeports rule last in KUBE-SERVICES', () => {
    const services = text.split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES') && text.indexOf(l) > text.indexOf('*nat'));
    expect(services.at(-1)).toContain('-j KUBE-NODEPORTS');
  });
});

describe('EKS: no cluster CIDR, --random-fully', () => {
  const r = proxyRules([port('default', 'web', { portName: '', clusterIp: '10.100.5.5', endpoints: [ep('192.168.1.29'), ep('192.168.1.175'), ep('192.168.2.7')] })], { nodeName: 'n', randomFully: true });
  const lines = restoreText(r).split('\n');

  it('writes no masquerade rule in KUBE-SVC chains', () => {
    expect(lines.filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('KUBE-MARK-MASQ'))).toEqual([]);
  });

  it('orders endpoints as "IP:port" strings, .175 before .29', () => {
    const svc = lines.filter((l) => l.startsWith('-A KUBE-SVC-')).map((l) => /-> ([\d.:]+)/.exec(l)![1]);
    expect(svc).toEqual(['192.168.1.175:80', '192.168.1.29:80', '192.168.2.7:80']);
  });

  it('prints what iptables-save prints', () => {
    const saved = r.rules.map((x) => `-A ${x.chain} ${ruleSpec(parseRestoreRule(x.table, x.chain, x.args))}`);
    expect(saved).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(saved).toContain('-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0');
    expect(saved).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(saved).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(saved).toContain('-A KUBE-SERVICES -d 10.100.5.5/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G'.replace('LOLE4ISW44XBNF3G', svcChain('default/web', 'TCP').slice(9)));
    const stats = saved.filter((l) => l.includes('statistic')).map((l) => /--probability (\S+)/.exec(l)![1]);
    expect(stats).toEqual(['0.33333333349', '0.50000000000']);
  });
});

describe('probabilities', () => {
  it('kube-proxy writes %0.10f, iptables prints lround(2^31 p) / 2^31 with %.11f', () => {
    expect(probability(3)).toBe('0.3333333333');
    const printed = (p: string) => ruleSpec(parseRestoreRule('nat', 'X', ['-m', 'statistic', '--mode', 'random', '--probability', p, '-j', 'Y']));
    expect(printed(probability(3))).toBe('-m statistic --mode random --probability 0.33333333349 -j Y');
    expect(printed(probability(2))).toBe('-m statistic --mode random --probability 0.50000000000 -j Y');
    // Kubernetes before 1.17 wrote %0.5f: 1/3 then printed as 0.33332999982 (kubernetes#26292).
    expect(printed('0.33333')).toBe('-m statistic --mode random --probability 0.33332999982 -j Y');
  });
});
