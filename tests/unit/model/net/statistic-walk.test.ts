// kube-proxy's KUBE-SVC chain walked with chosen draws, independent of any seed: xt_statistic matches when
// (prandom_u32() & 0x7FFFFFFF) < lround(2^31 p), rule i of n carries p = 1/(n−i), the last rule none. So the
// endpoint picked is a function of the draws, every endpoint is reachable, and over uniform draws each gets 1/n.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../../../src/model/net/ipv4.ts';
import { type Ruleset, parseRestoreRule, traverse } from '../../../../src/model/net/netfilter.ts';
import { proxyRules } from '../../../../src/model/proxy/iptables-rules.ts';

function serviceRuleset(n: number): Ruleset {
  const endpoints = Array.from({ length: n }, (_, i) => ({ ip: `192.168.1.${10 + i}`, port: 80, ready: true }));
  const r = proxyRules([{ namespace: 'ns', name: 'svc', portName: '', protocol: 'TCP', clusterIp: '10.100.0.50', port: 80, endpoints }], { nodeName: 'n', randomFully: true });
  return { chains: { nat: r.chains.nat, filter: r.chains.filter, mangle: [] }, rules: r.rules.map((x) => parseRestoreRule(x.table, x.chain, x.args)) };
}

/** The endpoint a new connection to the ClusterIP is DNAT'ed to, given the statistic draws in order. */
function pick(ruleset: Ruleset, draws: number[]): { to: string; used: number } {
  let used = 0;
  const res = traverse(ruleset, 'nat', 'KUBE-SERVICES', {
    src: parseIpv4('192.168.2.5')!, dst: parseIpv4('10.100.0.50')!, proto: 'tcp', sport: 40000, dport: 80, isLocal: () => false,
    random: () => draws[used++],
  }, { setConnmark() {}, restoreMark() {} });
  if (res.verdict.kind !== 'dnat') throw new Error(`no DNAT: ${res.verdict.kind}`);
  return { to: `${(res.verdict.to >>> 24) & 255}.${(res.verdict.to >>> 16) & 255}.${(res.verdict.to >>> 8) & 255}.${res.verdict.to & 255}`, used };
}

describe('the statistic match in KUBE-SVC', () => {
  it('draws once per rule reached: the first draw under 2^31/3 picks the first endpoint, and so on', () => {
    const r = serviceRuleset(3);
    const third = Math.round(0x80000000 / 3), half = 0x40000000;
    expect(pick(r, [third - 1])).toEqual({ to: '192.168.1.10', used: 1 });
    expect(pick(r, [third, half - 1])).toEqual({ to: '192.168.1.11', used: 2 });
    expect(pick(r, [third, half])).toEqual({ to: '192.168.1.12', used: 2 });
    // A port the service does not have, or another protocol, reaches no statistic match at all.
    for (const [proto, dport] of [['tcp', 81], ['udp', 80]] as const) {
      let draws = 0;
      const res = traverse(r, 'nat', 'KUBE-SERVICES', {
        src: parseIpv4('192.168.2.5')!, dst: parseIpv4('10.100.0.50')!, proto, sport: 40000, dport, isLocal: () => false, random: () => (draws++, 0),
      }, { setConnmark() {}, restoreMark() {} });
      expect(res.verdict.kind).toBe('continue');
      expect(draws).toBe(0);
    }
  });

  it('every endpoint is reachable, and uniform draws give each 1/n (exactly, over the draws’ 2^31 values)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), (n) => {
      const r = serviceRuleset(n);
      // The share of draw sequences reaching endpoint i: the product of (1 − p) before it, times its own p.
      const ps = r.rules.filter((x) => x.table === 'nat' && x.chain.startsWith('KUBE-SVC-')).map((x) => {
        const st = x.match.exts!.find((e) => e.m === 'statistic');
        return st && st.m === 'statistic' ? st.probability / 0x80000000 : 1;
      });
      let rest = 1;
      const shares = ps.map((p) => { const s = rest * p; rest *= 1 - p; return s; });
      for (const s of shares) expect(Math.abs(s - 1 / n)).toBeLessThan(1e-8);
      // And each is reached: draw 0 for rule i (after misses of 0x7fffffff before it).
      for (let i = 0; i < n; i++) {
        const draws = [...Array(i).fill(0x7fffffff), 0];
        expect(pick(r, draws).to).toBe(`192.168.1.${10 + i}`);
      }
    }));
  });
});
