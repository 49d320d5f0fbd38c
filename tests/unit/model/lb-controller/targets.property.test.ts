// Over random seeds and random sequences of scaling, rollouts and waits: what the controller registers follows the
// cluster (ip: every Ready endpoint of the Service is a registered target; instance: every node is), and the load
// balancer sends nothing to a draining target once its deregistration has reached the nodes, nor to a target whose
// deregistration delay is over (it is gone).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { albTarget } from '../../../../src/model/aws/alb-dataplane.ts';
import { DEREGISTRATION_PROPAGATION_MS, type TargetGroup } from '../../../../src/model/aws/elbv2.ts';
import { chooseTarget, nlbNodeAt } from '../../../../src/model/aws/nlb-dataplane.ts';
import type { Cluster } from '../../../../src/model/cluster/cluster.ts';
import type { GenericObject } from '../../../../src/model/cluster/types.ts';
import { podReady } from '../../../../src/model/k8s/pod-readiness.ts';
import { withAlb } from './alb-helpers.ts';
import { withNlb } from './nlb-helpers.ts';

type Op = { kind: 'scale'; replicas: number } | { kind: 'restart' } | { kind: 'wait'; seconds: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('restart' as const) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 90 }) }),
);

const command = (deploy: string, o: Op) => (o.kind === 'scale' ? `kubectl scale deploy ${deploy} --replicas=${o.replicas}` : o.kind === 'restart' ? `kubectl rollout restart deploy ${deploy}` : `sleep ${o.seconds}`);

/** The Service's EndpointSlice addresses with condition ready=true, as ip:port. */
function readyEndpoints(cluster: Cluster, service: string): string[] {
  const out: string[] = [];
  for (const s of cluster.store.list<GenericObject>('EndpointSlice', { namespace: 'default' })) {
    if (s.metadata.labels['kubernetes.io/service-name'] !== service) continue;
    const body = s.body as { endpoints?: { addresses: string[]; conditions: { ready?: boolean } }[]; ports?: { port: number }[] };
    for (const ep of body.endpoints ?? []) if (ep.conditions.ready) for (const p of body.ports ?? []) out.push(`${ep.addresses[0]}:${p.port}`);
  }
  return out.sort();
}

const registered = (tg: TargetGroup) => tg.targets.filter((t) => t.deregisteredAt === undefined).map((t) => `${t.id}:${t.port}`).sort();

describe('targets follow the cluster (property)', () => {
  it('ip targets: after the controller has reconciled, every Ready endpoint is a registered target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { minLength: 1, maxLength: 6 }), fc.boolean(), (seed, ops, gates) => {
        const { e, cluster, tg } = withAlb({ seed: `ip-${seed}`, replicas: 2, gates, deregistrationDelay: 30 });
        for (const o of ops) {
          e.sh(command('echo', o));
          // The controller reconciles a second after a change.
          e.sh('sleep 2');
          const targets = new Set(registered(tg));
          const ready = readyEndpoints(cluster, 'echo');
          // The slices list every Ready pod (so the check below is over all of them).
          expect(ready.length).toBe([...cluster.pods.values()].filter((p) => p.labels.app === 'echo' && podReady(p)).length);
          for (const ep of ready) expect(targets, `${ep} after ${command('echo', o)}`).toContain(ep);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('instance targets: every node is a registered target on the NodePort, whatever the pods do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { minLength: 1, maxLength: 6 }), (seed, ops) => {
        const { e, cluster, tg } = withNlb({ 'aws-load-balancer-nlb-target-type': 'instance' }, { seed: `inst-${seed}` });
        const svc = cluster.store.list<{ spec: { ports: { nodePort?: number }[] } } & GenericObject>('Service', { namespace: 'default' }).find((s) => s.metadata.name === 'svc-nlb')!;
        const nodePort = svc.spec.ports[0].nodePort!;
        for (const o of ops) {
          e.sh(`${command('deploy-echo', o)}; sleep 2`);
          expect(registered(tg)).toEqual(cluster.nodes.map((n) => `${n.instanceId}:${nodePort}`).sort());
        }
      }),
      { numRuns: 8 },
    );
  });

  it('no request or flow goes to a target whose deregistration has reached the nodes, nor to one whose delay is over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (seed, ops, delay, alb) => {
        const setup = alb
          ? withAlb({ seed: `drain-${seed}`, replicas: 3, deregistrationDelay: delay })
          : withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-target-group-attributes': `deregistration_delay.timeout_seconds=${delay}` }, { seed: `drain-${seed}`, replicas: 3 });
        const { e, cluster, lb, tg } = setup;
        const deploy = alb ? 'echo' : 'deploy-echo';
        const check = () => {
          const now = cluster.now;
          for (let i = 0; i < 8; i++) {
            let id: string | undefined;
            if (alb) {
              const pick = albTarget(cluster, lb, tg);
              id = 'target' in pick ? pick.target.target.id : undefined;
            } else {
              for (const s of lb.subnets) {
                const node = nlbNodeAt(cluster, s.privateIp)!;
                const choice = chooseTarget(cluster, node, { proto: 'tcp', src: s.privateIp + 1000 + i, sport: 40000 + i, dst: s.privateIp, dport: 80, seq: i * 7919 });
                if (choice.kind === 'target') id = choice.target.target.id;
              }
            }
            if (id === undefined) continue;
            const target = tg.targets.find((t) => t.id === id);
            // Still registered (a target past its deregistration delay is gone from the group)...
            expect(target, `target ${id}`).toBeDefined();
            // ...and not draining for longer than the nodes take to learn of it.
            if (target!.deregisteredAt !== undefined) expect(now - target!.deregisteredAt).toBeLessThan(DEREGISTRATION_PROPAGATION_MS);
          }
        };
        for (const o of ops) {
          e.sh(command(deploy, o));
          for (const wait of [1, 3, 5, 20]) {
            e.sh(`sleep ${wait}`);
            check();
          }
        }
      }),
      { numRuns: 10 },
    );
  });
});
