// What the rule walk asks of the page's cluster. Runs in the engine worker, next to the cluster.
import type { ProxyMode } from '../../model/proxy/kube-proxy-config.ts';
import { deploymentBehind, diffState, ruleWalk, serviceChoices, type ServiceChoice, serviceState, type StateDiff, type WalkQuery, type WalkResult } from '../../model/views/rule-walk.ts';
import type { Engine } from '../../shell/engine.ts';
import type { CallContext } from '../engine/calls.ts';
import { REPLICA_CHOICES, RULE_WALK_SETUP } from './setup.ts';

/** The widget's lab, unless the cluster already has it (a cluster id shared with a terminal that built it). */
function ensureLab(engine: Engine): void {
  if (engine.cluster.store.get('Service', 'default', 'nginx-deployment') || engine.cluster.store.get('Deployment', 'default', 'nginx-deployment')) return;
  for (const cmd of RULE_WALK_SETUP) engine.shell.run(cmd);
}

export interface WalkAnswer {
  choices: ServiceChoice[];
  walk: WalkResult;
}

export interface ScaleAnswer extends WalkAnswer {
  /** What the node's kube-proxy state for the Service became, in each mode; or why nothing was scaled. */
  diff: { deployment: string; from: number; to: number; iptables: StateDiff; ipvs: StateDiff } | { error: string };
}

export const ruleWalkCalls = {
  ruleWalk(ctx: CallContext, args: WalkQuery & { mode: ProxyMode }): WalkAnswer {
    const engine = ctx.engine();
    ensureLab(engine);
    return { choices: serviceChoices(engine.cluster), walk: ruleWalk(engine.cluster, args, args.mode) };
  },

  /**
   * `kubectl scale` on the Deployment behind the Service, as a learner would type it, and the half minute the
   * pods, the EndpointSlice controller and kube-proxy take; then what changed on the node, in both modes.
   */
  ruleWalkScale(ctx: CallContext, args: WalkQuery & { mode: ProxyMode; replicas: number }): ScaleAnswer {
    const engine = ctx.engine();
    ensureLab(engine);
    const key = args.service ?? serviceChoices(engine.cluster)[0]?.key ?? '';
    const answer = (diff: ScaleAnswer['diff']): ScaleAnswer => ({ diff, choices: serviceChoices(engine.cluster), walk: ruleWalk(engine.cluster, args, args.mode) });
    if (!REPLICA_CHOICES.includes(args.replicas)) return answer({ error: `Replicas: one of ${REPLICA_CHOICES.join(', ')}.` });
    const d = deploymentBehind(engine.cluster, key);
    if (!d) return answer({ error: `No Deployment selects the pods behind ${key}: there is nothing to scale here.` });
    const before = { iptables: serviceState(engine.cluster, key, 'iptables'), ipvs: serviceState(engine.cluster, key, 'ipvs') };
    const from = d.spec.replicas;
    const out = engine.shell.run(`kubectl scale deployment ${d.metadata.name} -n ${d.metadata.namespace} --replicas=${args.replicas}`);
    if (out.exitCode !== 0) return answer({ error: out.output.trim() });
    engine.shell.run('sleep 30');
    const after = { iptables: serviceState(engine.cluster, key, 'iptables'), ipvs: serviceState(engine.cluster, key, 'ipvs') };
    for (const s of [before.iptables, before.ipvs, after.iptables, after.ipvs]) if ('error' in s) return answer(s);
    return answer({
      deployment: `${d.metadata.namespace}/${d.metadata.name}`, from, to: args.replicas,
      iptables: diffState(before.iptables as string[], after.iptables as string[]), ipvs: diffState(before.ipvs as string[], after.ipvs as string[]),
    });
  },
};
