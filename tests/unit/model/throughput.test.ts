// The throughput model's arithmetic against figures worked by hand from its stated formulas and inputs
// (src/model/net/throughput.ts): t3.medium 0.256 / 5 Gbit/s, 38 bytes of Ethernet on the wire, 3.1 GHz,
// c_pkt 4500 cycles, c_byte 0.5, c_encap 21 % (VXLAN) / 10.5 % (IPIP) of a 1500-byte packet's 4500 + 750 cycles.
import { describe, expect, it } from 'vitest';
import { freshCredits, linkRate, packetCosts, streamRates, tcpPayload, throughputInputs } from '../../../src/model/net/throughput.ts';

const t3 = throughputInputs('t3.medium');
const BURST = 5e9;

describe('throughput model', () => {
  it('takes the MSS as MTU - 40 - 12 (timestamps), or -M less the timestamps', () => {
    expect(tcpPayload(9001)).toBe(8949);
    expect(tcpPayload(8951)).toBe(8899);
    expect(tcpPayload(1500)).toBe(1448);
    expect(tcpPayload(9001, 1400)).toBe(1388);
    expect(tcpPayload(1500, 9000)).toBe(1448);
  });

  it('VPC CNI, 9001 MTU, two nodes: 9039 wire bytes a packet, link-bound at 5 Gbit/s x 8949/9039', () => {
    const path = { mtu: 9001, sameNode: false, protocol: 'tcp' as const, payload: 8949 };
    const c = packetCosts(t3, path);
    expect(c.wireBytes).toBe(9039);
    expect(c.encapBytes).toBe(0);
    expect(c.cyclesPerPacket).toBe(4500 + 0.5 * 9001);
    expect(c.cpuGoodputBps).toBeCloseTo((3.1e9 / 9000.5) * 8949 * 8, 0);
    const r = streamRates(t3, path, 1, BURST);
    expect(r.bound).toBe('link');
    expect(r.perStreamBps).toBeCloseTo((5e9 * 8949) / 9039, 0); // 4.950 Gbit/s
    expect(r.wireBps).toBeCloseTo(5e9, 0);
  });

  it('Calico VXLAN, 8951 MTU: the same 9039 wire bytes, 50 of them VXLAN, and 21 % more cycles', () => {
    const path = { mtu: 8951, encap: 'vxlan' as const, sameNode: false, protocol: 'tcp' as const, payload: 8899 };
    const c = packetCosts(t3, path);
    expect(c.encapBytes).toBe(50);
    expect(c.wireBytes).toBe(8951 + 50 + 38);
    expect(c.cyclesPerPacket).toBe(4500 + 0.5 * 8951 + 0.21 * (4500 + 750)); // 10078
    expect(streamRates(t3, path, 1, BURST).perStreamBps).toBeCloseTo((5e9 * 8899) / 9039, 0); // 4.923 Gbit/s
  });

  it('Calico IPIP, 8981 MTU: 20 bytes, half of VXLAN\'s extra cycles', () => {
    const path = { mtu: 8981, encap: 'ipip' as const, sameNode: false, protocol: 'tcp' as const, payload: 8929 };
    const c = packetCosts(t3, path);
    expect(c.wireBytes).toBe(8981 + 20 + 38);
    expect(c.cyclesPerPacket).toBeCloseTo(4500 + 4490.5 + 0.105 * 5250, 9);
  });

  it('Calico VXLAN left at 1450: 1538 wire bytes for 1398 of payload; still link-bound, 9 % below the VPC CNI', () => {
    const path = { mtu: 1450, encap: 'vxlan' as const, sameNode: false, protocol: 'tcp' as const, payload: 1398 };
    const c = packetCosts(t3, path);
    expect(c.wireBytes).toBe(1538);
    expect(c.cpuGoodputBps).toBeCloseTo((3.1e9 / 6327.5) * 1398 * 8, 0); // 5.479 Gbit/s
    const r = streamRates(t3, path, 1, BURST);
    expect(r.bound).toBe('link');
    expect(r.perStreamBps).toBeCloseTo((5e9 * 1398) / 1538, 0); // 4.545 Gbit/s
  });

  it('pods on one node: no link, no encapsulation, one core', () => {
    const path = { mtu: 8951, encap: 'vxlan' as const, sameNode: true, protocol: 'tcp' as const, payload: 8899 };
    const r = streamRates(t3, path, 1, Infinity);
    expect(r.bound).toBe('cpu');
    expect(r.perStreamBps).toBeCloseTo((3.1e9 / (4500 + 0.5 * 8951)) * 8899 * 8, 0); // 24.59 Gbit/s
  });

  it('shares the link and the core among parallel streams, and honours -b', () => {
    const path = { mtu: 9001, sameNode: false, protocol: 'tcp' as const, payload: 8949 };
    expect(streamRates(t3, path, 2, BURST).perStreamBps).toBeCloseTo((5e9 * 8949) / 9039 / 2, 0);
    const r = streamRates(t3, path, 1, BURST, 1e9);
    expect(r).toMatchObject({ perStreamBps: 1e9, bound: 'target' });
  });

  it('UDP datagrams carry 28 bytes of headers', () => {
    expect(packetCosts(t3, { mtu: 9001, sameNode: false, protocol: 'udp', payload: 8949 }).wireBytes).toBe(8949 + 28 + 38);
  });

  it('bursts while credits last: 300 s above the 0.256 Gbit/s baseline, then the baseline', () => {
    const fresh = freshCredits(t3);
    expect(fresh.out).toBeCloseTo((5 - 0.256) * 1e9 * 300, 0);
    expect(linkRate(t3, fresh.out, 1)).toBe(5e9);
    expect(linkRate(t3, 1e9, 1)).toBeCloseTo(0.256e9 + 1e9, 0);
    expect(linkRate(t3, 0, 1)).toBeCloseTo(0.256e9, 0);
    const path = { mtu: 9001, sameNode: false, protocol: 'tcp' as const, payload: 8949 };
    expect(streamRates(t3, path, 1, 0.256e9).perStreamBps).toBeCloseTo((0.256e9 * 8949) / 9039, 0);
  });

  it('stands in t3.medium\'s figures for a type it has none for, and says so', () => {
    expect(throughputInputs('m5.large')).toMatchObject({ published: false, bandwidth: { baselineGbps: 0.256 } });
    expect(throughputInputs('t3.medium').published).toBe(true);
  });
});
