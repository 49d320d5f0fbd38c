// Property: whatever crosses Calico's overlay (TCP through a Service's DNAT, iperf3's connections, UDP to a pod, any
// pair of pods), every tunnelled packet on a node's eth0 goes from a node address to a node address, and the packet
// inside is the one the tunnel took in: the same on the sending node's eth0 and the receiving node's, and what the
// far pod receives (less the TTL the receiving node takes off when it routes it on to the pod's veth).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Capture, networkOf, type Transit } from '../../../../src/model/net/network.ts';
import type { Packet } from '../../../../src/model/net/packet.ts';
import { tcpConnect } from '../../../../src/model/net/tcp.ts';
import { calicoLab, netshootPods } from './helpers.ts';

const withoutTtl = ({ ttl: _ttl, ...rest }: Packet) => rest;

function checkTransit(t: Transit, nodeIps: Set<number>, tunnel: string, natted: boolean): number {
  const wire = t.captures.filter((c: Capture) => c.iface === 'eth0' && c.packet.encap);
  for (const c of wire) {
    expect(nodeIps.has(c.packet.src) && nodeIps.has(c.packet.dst)).toBe(true);
    expect(nodeIps.has(c.packet.encap!.inner.src)).toBe(false);
    // One inner packet for the whole crossing: out of one eth0, into the other, unchanged.
    expect(c.packet.encap!.inner).toEqual(wire[0].packet.encap!.inner);
  }
  if (wire.length) {
    const inner = wire[0].packet.encap!.inner;
    // Out of the far node's tunnel device exactly as it went into the near one's.
    const out = t.captures.filter((c) => c.iface === tunnel && c.direction === 'In');
    expect(out).toHaveLength(1);
    expect(out[0].packet).toEqual(inner);
    // Without NAT on the far side (a Service's reply is un-DNATed there), the pod gets it as the tunnel carried it.
    if (t.received && !natted) {
      expect(withoutTtl(t.received)).toEqual(withoutTtl(inner));
      expect(t.received.ttl).toBe(inner.ttl - 1);
    }
  }
  return wire.length;
}

describe('overlay properties over TCP and UDP', () => {
  it.each(['calico-vxlan', 'calico-ipip'] as const)('%s: outer addresses are node addresses, the inner packet is untouched', (cni) => {
    const e = calicoLab(cni);
    e.sh('kubectl apply -f iperf3.yaml');
    e.sh('sleep 20');
    const pods = netshootPods(e.cluster);
    const nodeIps = new Set(e.cluster.nodes.map((n) => n.enis[0].primaryIp));
    const net = networkOf(e.cluster);
    const service = e.sh("kubectl get svc iperf3-server -o jsonpath='{.spec.clusterIP}'").split('.').reduce((a, o) => a * 256 + Number(o), 0);
    const server = [...e.cluster.pods.values()].find((p) => p.name.startsWith('iperf3-server'))!;
    let tunnelled = 0;
    fc.assert(fc.property(
      fc.nat(pods.length - 1), fc.constantFrom('service', 'pod-tcp', 'pod-udp'), fc.integer({ min: 0, max: 8800 }), fc.integer({ min: 1024, max: 65535 }),
      (i, kind, size, port) => {
        const from = { kind: 'pod' as const, pod: pods[i] };
        const transits: Transit[] = [];
        if (kind === 'pod-udp') {
          const src = net.sourceAddress(from, server.ip!);
          transits.push(net.send(from, { proto: 'udp', src, dst: server.ip!, srcPort: port, dstPort: 5201, ttl: 64, ipId: net.nextIpId(), length: size }, e.cluster.now));
        } else {
          const dst = kind === 'service' ? service : server.ip!;
          const opened = tcpConnect(net, from, dst, 5201, e.cluster.now, () => true);
          expect(opened.kind).toBe('ok');
          if (opened.kind === 'ok') {
            transits.push(opened.conn.send(true, 'P.', size, opened.conn.ackedAt + 0.01));
            transits.push(opened.conn.send(false, '.', 0, opened.conn.ackedAt + 0.5));
          }
        }
        for (const t of transits) tunnelled += checkTransit(t, nodeIps, e.cluster.calico!.tunnelName, kind === 'service');
      },
    ), { numRuns: 60 });
    // Some pairs were on different nodes: the property was not met vacuously.
    expect(tunnelled).toBeGreaterThan(0);
  });
});
