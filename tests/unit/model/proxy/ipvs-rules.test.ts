// kube-proxy's ipvs proxier (v1.24's syncProxyRules/writeIptablesRules, ipset.go) and ipvsadm's listing of it
// (ipvsadm 1.31's print_service_entry, libipvs's sort). Expected lines are written from upstream's format strings.
import { describe, expect, it } from 'vitest';
import type { ProxyServicePort } from '../../../../src/model/proxy/iptables-rules.ts';
import { ipvsProxy, ipsetHas } from '../../../../src/model/proxy/ipvs-rules.ts';
import { compareServices, listAll, qsort } from '../../../../src/model/net/ipvs-list.ts';

const zero = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
const node = 'node-a';
const ports: ProxyServicePort[] = [
  { namespace: 'default', name: 'kubernetes', portName: 'https', protocol: 'TCP', clusterIp: '10.100.0.1', port: 443, endpoints: [{ ip: '192.168.2.53', port: 443, ready: true }] },
  { namespace: 'kube-system', name: 'kube-dns', portName: 'dns', protocol: 'UDP', clusterIp: '10.100.0.10', port: 53, endpoints: [
    { ip: '192.168.3.42', port: 53, ready: true, nodeName: 'node-c' }, { ip: '192.168.2.10', port: 53, ready: true, nodeName: node },
  ] },
  { namespace: 'default', name: 'web', portName: '', protocol: 'TCP', clusterIp: '10.100.7.7', port: 80, nodePort: 30080, externalTrafficPolicy: 'Local', endpoints: [
    { ip: '192.168.1.29', port: 80, ready: true, nodeName: node }, { ip: '192.168.1.175', port: 80, ready: true, nodeName: 'node-b' }, { ip: '192.168.1.9', port: 80, ready: false, nodeName: node },
  ] },
];
const proxy = ipvsProxy(ports, { nodeName: node, nodeIps: ['192.168.1.145', '192.168.1.228'], scheduler: 'rr', masqueradeBit: 14, randomFully: true });

describe('the ipvs proxier', () => {
  it('makes a virtual server per ClusterIP and per node address for a NodePort, with ready endpoints as Masq real servers', () => {
    const text = proxy.virtualServers.map((v) => `${v.protocol} ${v.address}:${v.port} ${v.scheduler} ${v.reals.map((r) => `${r.address}:${r.port}`).join(' ')}`);
    expect(text).toEqual([
      'TCP 10.100.0.1:443 rr 192.168.2.53:443',
      // Added in newEndpoints.List()'s order: sorted as "IP:port" strings.
      'UDP 10.100.0.10:53 rr 192.168.2.10:53 192.168.3.42:53',
      'TCP 10.100.7.7:80 rr 192.168.1.175:80 192.168.1.29:80',
      // externalTrafficPolicy Local: only this node's endpoint behind the NodePort.
      'TCP 192.168.1.145:30080 rr 192.168.1.29:80',
      'TCP 192.168.1.228:30080 rr 192.168.1.29:80',
    ]);
    expect(proxy.bound).toEqual(['10.100.0.1', '10.100.0.10', '10.100.7.7']);
  });

  it('fills the ipsets as utilipset.Entry.String() writes entries', () => {
    const sets = Object.fromEntries(proxy.ipsets.filter((s) => s.entries.length).map((s) => [s.def.name, s.entries]));
    expect(sets).toEqual({
      'KUBE-LOOP-BACK': ['192.168.1.29,tcp:80,192.168.1.29', '192.168.2.10,udp:53,192.168.2.10'],
      'KUBE-CLUSTER-IP': ['10.100.0.1,tcp:443', '10.100.0.10,udp:53', '10.100.7.7,tcp:80'],
      'KUBE-NODE-PORT-TCP': ['30080'],
      'KUBE-NODE-PORT-LOCAL-TCP': ['30080'],
    });
    expect(proxy.ipsets.map((s) => s.def.name)).toHaveLength(16);
  });

  it('writes writeIptablesRules\' restore input: set rules for non-empty sets, src,dst without a cluster CIDR, the fixed rules', () => {
    const lines = proxy.rules.map((r) => `${r.table} -A ${r.chain} ${r.args.join(' ')}`);
    expect(lines).toEqual([
      'filter -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT',
      'filter -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      'filter -A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
      'nat -A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
      'nat -A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
      'nat -A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
      'nat -A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ',
      'nat -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      'nat -A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
      'nat -A KUBE-FIREWALL -j KUBE-MARK-DROP',
      'nat -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      'nat -A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
      'nat -A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000',
      'nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      'nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000',
    ]);
  });

  it('masquerades off-cluster traffic with a cluster CIDR, everything with masqueradeAll', () => {
    const rule = (o: object) => ipvsProxy(ports, { nodeName: node, nodeIps: [], scheduler: 'rr', ...o }).rules.find((r) => r.args.includes('KUBE-CLUSTER-IP') && r.args.includes('KUBE-MARK-MASQ'))!.args.join(' ');
    expect(rule({ clusterCidr: '10.244.0.0/16' })).toBe('-m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ');
    expect(rule({ masqueradeAll: true })).toBe('-m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
  });

  it('creates no virtual server with a scheduler the kernel lacks', () => {
    const p = ipvsProxy(ports, { nodeName: node, nodeIps: [], scheduler: 'nope', knownScheduler: false });
    expect(p.virtualServers).toEqual([]);
    expect(p.bound).toEqual([]);
    expect(p.ipsets.find((s) => s.def.name === 'KUBE-CLUSTER-IP')!.entries).toHaveLength(3);
  });

  it('matches set entries on the packet fields the flags name', () => {
    const entries = new Set(['10.100.0.10,udp:53']);
    expect(ipsetHas('hash:ip,port', entries, 'dst,dst', { src: '192.168.1.5', dst: '10.100.0.10', proto: 'udp', dport: 53 })).toBe(true);
    expect(ipsetHas('hash:ip,port', entries, 'src,dst', { src: '192.168.1.5', dst: '10.100.0.10', proto: 'udp', dport: 53 })).toBe(false);
    expect(ipsetHas('hash:ip,port', entries, 'src,dst', { src: '10.100.0.10', dst: '10.100.0.10', proto: 'udp', dport: 53 })).toBe(true);
    expect(ipsetHas('bitmap:port', new Set(['30080']), 'dst', { src: '1.1.1.1', dst: '2.2.2.2', proto: 'tcp', dport: 30080 })).toBe(true);
  });
});

describe('ipvsadm -Ln', () => {
  const listed = proxy.virtualServers.map((vs) => ({ vs, stats: zero, dests: vs.reals.map((r) => ({ ...r, activeConns: 0, inactConns: 0, stats: zero })) }));
  const out = listAll(listed, { numeric: true }, () => undefined);

  it('prints print_title\'s header and 70-column destination lines', () => {
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual(['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn']);
    const dests = lines.filter((l) => l.startsWith('  -> 192'));
    for (const d of dests) expect(d).toHaveLength(70);
    expect(dests[0]).toBe('  -> 192.168.1.29:80              Masq    1      0          0         ');
  });

  it('sorts as libipvs does: protocol number, then addresses by a 32-bit difference read as an int (192.168.x before 10.100.x), destinations numerically', () => {
    const services = out.split('\n').filter((l) => /^(TCP|UDP) /.test(l));
    expect(services).toEqual(['TCP  192.168.1.145:30080 rr', 'TCP  192.168.1.228:30080 rr', 'TCP  10.100.0.1:443 rr', 'TCP  10.100.7.7:80 rr', 'UDP  10.100.0.10:53 rr']);
    const web = out.split('\n').slice(out.split('\n').indexOf('TCP  10.100.7.7:80 rr') + 1, out.split('\n').indexOf('TCP  10.100.7.7:80 rr') + 3);
    expect(web.map((l) => l.split(/\s+/)[2])).toEqual(['192.168.1.29:80', '192.168.1.175:80']);
  });

  it('prints --stats with print_largenum\'s 9-wide columns', () => {
    const s = listAll([{ ...listed[0], stats: { conns: 3, inPkts: 18, outPkts: 12, inBytes: 1197, outBytes: 123456789 } }], { numeric: true, stats: true }, () => undefined).split('\n');
    expect(s[1]).toBe('Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes');
    expect(s[2]).toBe('  -> RemoteAddress:Port');
    expect(s[3]).toBe('TCP  10.100.0.1:443                      3       18       12     1197  123456K');
  });

  it('keeps glibc qsort\'s merge order with a comparison that is not transitive', () => {
    const vs = (address: string) => ({ protocol: 'TCP' as const, address, port: 1, scheduler: 'rr', reals: [], service: '' });
    // 10 > 192.168 (wrapped), 100 > 10, 192.168 > 100: a cycle, so the input order shows through.
    const sorted = (list: string[]) => qsort(list.map(vs), compareServices).map((v) => v.address);
    expect(sorted(['10.0.0.1', '192.0.0.1', '100.0.0.1'])).toEqual(['10.0.0.1', '100.0.0.1', '192.0.0.1']);
    expect(sorted(['100.0.0.1', '10.0.0.1', '192.0.0.1'])).toEqual(['100.0.0.1', '192.0.0.1', '10.0.0.1']);
  });
});
