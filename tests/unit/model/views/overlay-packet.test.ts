// The overlay packet view: the sizes it shows against hand-computed ones (frame = 14 + IP; VXLAN 50, IP-in-IP 20;
// Linux's fragments carry multiples of 8 bytes), properties over every choice the widget offers, and ping -M do's
// message against what the shell's own ping prints on a cluster whose pods have that MTU.
import { describe, expect, it } from 'vitest';
import type { CniMode } from '../../../../src/model/calico/config.ts';
import { fragmentLengths } from '../../../../src/model/net/fragment.ts';
import { OVERLAY_PAYLOADS, overlayPacketView, type OverlayPacketView, UNDERLAY_MTUS } from '../../../../src/model/views/overlay-packet.ts';
import { calicoLab } from '../calico/helpers.ts';

const CNIS: CniMode[] = ['vpc-cni', 'calico-vxlan', 'calico-ipip'];
const labs = new Map(CNIS.map((cni) => [cni, calicoLab(cni)]));

function view(cni: CniMode, payload: number, underlayMtu: number): OverlayPacketView {
  const v = overlayPacketView(labs.get(cni)!.cluster, { payload, underlayMtu });
  if ('error' in v) throw new Error(v.error);
  return v;
}

describe('IPv4 fragments', () => {
  it('cuts as Linux does: data in multiples of 8 that fit MTU − 20, the rest last', () => {
    expect(fragmentLengths(84, 1500)).toEqual([84]);
    expect(fragmentLengths(1500, 1500)).toEqual([1500]);
    // 8,928-byte ping (-s 8900) on 1500: 8,908 bytes of data = 6 × 1,480 + 28.
    expect(fragmentLengths(8928, 1500)).toEqual([1500, 1500, 1500, 1500, 1500, 1500, 48]);
    // On 1450: 1,430 is not a multiple of 8, so 1,424 per fragment; 8,908 − 6 × 1,424 = 364 left, 384 with its header.
    expect(fragmentLengths(8928, 1450)).toEqual([1444, 1444, 1444, 1444, 1444, 1444, 384]);
  });
});

describe('overlay packet view', () => {
  it('gives the default ping a 98-byte frame on the VPC CNI, 148 in VXLAN and 118 in IP-in-IP', () => {
    expect(view('vpc-cni', 56, 9001).frames).toEqual([98]);
    expect(view('calico-vxlan', 56, 9001).frames).toEqual([148]);
    expect(view('calico-ipip', 56, 9001).frames).toEqual([118]);
    expect(view('calico-vxlan', 56, 9001).tcpdump).toMatch(/ethertype IPv4 \(0x0800\), length 148: 192\.168\.\d+\.\d+\.\d+ > 192\.168\.\d+\.\d+\.4789: VXLAN, flags \[I\] \(0x08\), vni 4096\n\S+ > \S+, ethertype IPv4 \(0x0800\), length 98: 172\.16\./);
  });

  it('gives pods the MTU Calico detects: 8951 / 8981 on 9001, 1450 / 1480 on 1500', () => {
    expect([view('vpc-cni', 56, 9001).podMtu, view('calico-vxlan', 56, 9001).podMtu, view('calico-ipip', 56, 9001).podMtu]).toEqual([9001, 8951, 8981]);
    expect([view('vpc-cni', 56, 1500).podMtu, view('calico-vxlan', 56, 1500).podMtu, view('calico-ipip', 56, 1500).podMtu]).toEqual([1500, 1450, 1480]);
  });

  it('property: over every choice, the headers add up to the first frame, the tunnel adds its bytes, and no frame exceeds the ENI MTU', () => {
    for (const cni of CNIS) {
      const cost = { 'vpc-cni': 0, 'calico-vxlan': 50, 'calico-ipip': 20 }[cni];
      for (const payload of OVERLAY_PAYLOADS) {
        for (const mtu of UNDERLAY_MTUS) {
          const v = view(cni, payload, mtu);
          expect(v.headers.reduce((a, h) => a + h.bytes, 0)).toBe(v.frames[0]);
          expect(v.headers.filter((h) => h.layer === 'tunnel').reduce((a, h) => a + h.bytes, 0)).toBe(cost);
          expect(v.overhead).toBe(cost);
          for (const f of v.frames) expect(f).toBeLessThanOrEqual(14 + mtu);
          // The pod's bytes all arrive: ICMP header and data over the fragments.
          expect(v.frames.reduce((a, f) => a + f - 14 - cost - 20, 0)).toBe(8 + payload);
          expect(v.frames.length > 1).toBe(28 + payload > v.podMtu);
          expect(v.pmtuError !== undefined).toBe(28 + payload > v.podMtu);
          if (cni !== 'vpc-cni') expect(v.headers.find((h) => h.layer === 'tunnel' && h.name === 'IPv4')!.fields).toMatch(/^192\.168\.\d+\.\d+ → 192\.168\.\d+\.\d+, /);
          expect(v.headers.find((h) => h.layer === 'pod' && h.name === 'IPv4')!.fields).toContain(`${v.from.ip} → ${v.to.ip}`);
        }
      }
    }
  });

  it("says what ping -M do says on a pod with that MTU", () => {
    const e = calicoLab('calico-vxlan', { calicoMtu: 1450 });
    const out = e.shell.run('kubectl exec $PODNAME1 -- ping -c 1 -M do -s 8900 $PODIP2');
    expect(out.output).toContain(`${view('calico-vxlan', 8900, 1500).pmtuError}\n`);
  });

  it('refuses what ping and the VPC CNI refuse', () => {
    expect(overlayPacketView(labs.get('vpc-cni')!.cluster, { payload: -1, underlayMtu: 9001 })).toEqual({ error: 'ping: invalid -s value: -1' });
    expect(overlayPacketView(labs.get('vpc-cni')!.cluster, { payload: 56, underlayMtu: 9002 })).toHaveProperty('error');
  });
});
