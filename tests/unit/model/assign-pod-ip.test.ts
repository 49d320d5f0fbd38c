// ipamd's AssignPodIPv4Address keeps a hint of where free addresses start; it must still pick exactly what a
// plain scan picks (lowest device, then lowest address, neither held nor cooling down) under any mix of
// assignments, releases, cooldowns and addresses added to an ENI (which keeps them in address order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Eni, Node } from '../../../src/model/cluster/types.ts';
import { addSecondaryIp, assignPodIp, inCooldown, releasePodIp, secondaryIp } from '../../../src/model/ipam/ipamd.ts';
import { readIpamdSettings } from '../../../src/model/ipam/settings.ts';

function eni(device: number, ips: number[]): Eni {
  return {
    id: `eni-${device}`, deviceNumber: device, mac: '', primaryIp: 1000 * device, subnetId: 's', secondaryIps: ips.map((ip) => secondaryIp(ip)),
    assignedIps: 0, lastReleaseAt: -Infinity, firstFreeHint: 0, createdAt: 0, attachedAt: 0,
  };
}

function reference(node: Node, now: number, s: ReturnType<typeof readIpamdSettings>): number | undefined {
  for (const e of node.enis) for (const ip of e.secondaryIps) if (ip.podUid === undefined && !inCooldown(ip, now, s)) return ip.ip;
  return undefined;
}

const op = fc.oneof(
  fc.constant({ kind: 'assign' as const }),
  fc.record({ kind: fc.constant('release' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('add' as const), device: fc.integer({ min: 0, max: 1 }), ip: fc.integer({ min: 1, max: 999 }) }),
);

describe('assignPodIp', () => {
  it('picks what a plain scan picks, whatever came before', () => {
    const s = readIpamdSettings(new Map());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const node = { enis: [eni(0, [10, 20, 30, 40]), eni(1, [1010, 1020, 1030])] } as Node;
        let now = 0, serial = 0;
        const held: string[] = [];
        for (const o of ops) {
          if (o.kind === 'assign') {
            const want = reference(node, now, s);
            const pod: { uid: string; ip?: number; eniDevice?: number } = { uid: `pod-${serial++}` };
            expect(assignPodIp(node, pod, s, now)).toBe(want !== undefined);
            expect(pod.ip).toBe(want);
            if (want !== undefined) held.push(pod.uid);
          } else if (o.kind === 'release' && held.length > 0) {
            releasePodIp(node, held.splice(o.which % held.length, 1)[0], now);
          } else if (o.kind === 'wait') {
            now += o.seconds * 1000;
          } else if (o.kind === 'add') {
            const target = node.enis[o.device];
            const ip = o.device * 1000 + o.ip;
            if (target.secondaryIps.some((x) => x.ip === ip)) continue;
            addSecondaryIp(target, secondaryIp(ip));
            expect(target.secondaryIps.map((x) => x.ip)).toEqual(target.secondaryIps.map((x) => x.ip).sort((a, b) => a - b));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
