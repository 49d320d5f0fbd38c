// The model's descriptions the datapath widgets show (a hop's narration, a walk's title, a target's place), collected
// by running each widget's lab through the model the way the widgets' calls do, over every choice they offer: what a
// Korean page must be able to word (src/widgets/shared/narration.ko.ts). Each string comes with where it was shown.
import { Cluster } from '../../../src/model/cluster/cluster.ts';
import { parseManifest } from '../../../src/model/k8s/manifest.ts';
import { FLOW_KINDS } from '../../../src/model/views/flow-kinds.ts';
import { clusterView, viewChanges } from '../../../src/model/views/eni-view.ts';
import { type FlowView, flowView } from '../../../src/model/views/flow-view.ts';
import { nlbPath } from '../../../src/model/views/nlb-path.ts';
import { OVERLAY_PAYLOADS, overlayPacketView, UNDERLAY_MTUS } from '../../../src/model/views/overlay-packet.ts';
import { ruleWalk, serviceChoices, type WalkFrom, type WalkTo } from '../../../src/model/views/rule-walk.ts';
import { labFiles, loadScenario } from '../../../src/node/lab-content.ts';
import { createEngine } from '../../../src/shell/engine.ts';
import { NLB_PATH_SETUP, NLB_SERVICE, changeCommands } from '../../../src/widgets/nlb-path/setup.ts';
import { RULE_WALK_SETUP, stageLabel } from '../../../src/widgets/rule-walk/setup.ts';

export interface Said {
  where: string;
  text: string;
}

function withNetshoot(c: Cluster): Cluster {
  for (const o of parseManifest(labFiles()['/root/netshoot-pod.yaml'], 'netshoot-pod.yaml', 'default')) {
    if (o.kind === 'Deployment') c.applyDeployment(o.spec);
  }
  c.advance(30);
  return c;
}

function flowSaid(f: FlowView, out: Said[]): void {
  out.push({ where: 'flow title', text: f.title }, { where: 'flow outcome', text: f.outcome });
  for (const h of f.hops) out.push({ where: 'hop place', text: h.place }, { where: 'hop what', text: h.what });
  for (const b of f.boxes) out.push({ where: 'box label', text: b.label }, { where: 'box detail', text: b.detail });
  for (const h of f.hops) if (h.tcpdump) out.push({ where: 'tcpdump host', text: h.tcpdump.host });
}

export function narrationCorpus(): Said[] {
  const out: Said[] = [];

  // The ENI picture's list of changes: the lab scaled up and down, its warm-pool settings set and unset.
  const eniLab = createEngine({ files: labFiles() });
  for (const commands of [
    ['kubectl apply -f nginx-dp.yaml'], ['kubectl scale deployment nginx-deployment --replicas=40'],
    ['kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2 MINIMUM_IP_TARGET=4'], ['kubectl scale deployment nginx-deployment --replicas=3'],
    ['kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET- MINIMUM_IP_TARGET-'],
  ]) {
    const before = clusterView(eniLab.cluster);
    for (const cmd of [...commands, 'sleep 600']) eniLab.shell.run(cmd);
    for (const text of viewChanges(before, clusterView(eniLab.cluster))) out.push({ where: 'eni change', text });
  }

  // The packet stepper: every flow, with the VPC CNI's SNAT on and off.
  for (const snat of ['false', 'true']) {
    const e = createEngine({ files: labFiles() });
    withNetshoot(e.cluster);
    e.cluster.setDaemonSetEnv('kube-system', 'aws-node', [['AWS_VPC_K8S_CNI_EXTERNALSNAT', snat]]);
    e.cluster.advance(30);
    for (const kind of FLOW_KINDS) {
      const f = flowView(e.cluster, kind);
      if (f) flowSaid(f, out);
    }
  }

  // The rule walk: every Service, source, destination and mode, two connections each, then scaled to 0 and 1.
  const walkLab = createEngine({ files: labFiles() });
  for (const cmd of RULE_WALK_SETUP) walkLab.shell.run(cmd);
  const walkAll = () => {
    for (const choice of serviceChoices(walkLab.cluster)) {
      for (const from of ['pod', 'node', 'outside'] as WalkFrom[]) {
        for (const to of ['cluster-ip', 'node-port'] as WalkTo[]) {
          for (const mode of ['iptables', 'ipvs'] as const) {
            for (const connection of [0, 1]) {
              const w = ruleWalk(walkLab.cluster, { service: choice.key, from, to, connection }, mode);
              if ('error' in w) {
                out.push({ where: 'walk error', text: w.error });
                continue;
              }
              out.push({ where: 'walk title', text: w.title }, { where: 'walk outcome', text: w.outcome });
              for (const p of w.path) out.push({ where: 'walk path', text: p });
              for (const s of w.stages) out.push({ where: 'stage label', text: stageLabel(s) }, { where: 'stage what', text: s.what });
              for (const l of w.later) out.push({ where: 'later host', text: l.host }, { where: 'later what', text: l.what });
            }
          }
        }
      }
    }
  };
  walkAll();
  for (const replicas of [0, 1]) {
    walkLab.shell.run(`kubectl scale deployment nginx-deployment --replicas=${replicas}`);
    walkLab.shell.run('sleep 30');
    walkAll();
  }

  // The NLB path: every combination of its three settings, three requests each.
  const nlbLab = createEngine({ files: labFiles() });
  for (const cmd of NLB_PATH_SETUP) nlbLab.shell.run(cmd);
  for (const targetType of ['ip', 'instance'] as const) {
    for (const externalTrafficPolicy of ['Cluster', 'Local'] as const) {
      for (const crossZone of [true, false]) {
        for (const cmd of changeCommands({ targetType, externalTrafficPolicy, crossZone })) nlbLab.shell.run(cmd);
        for (const request of [0, 1, 2]) {
          const v = nlbPath(nlbLab.cluster, NLB_SERVICE, request);
          if ('error' in v) {
            out.push({ where: 'nlb error', text: v.error });
            continue;
          }
          out.push({ where: 'health check', text: v.targetGroup.healthCheck }, { where: 'request outcome', text: v.request.outcome });
          for (const t of v.targets) out.push({ where: 'target what', text: t.what }, ...(t.reason ? [{ where: 'target reason', text: t.reason }] : []));
          for (const h of v.request.hops) {
            out.push({ where: 'nlb place', text: h.place }, ...h.what.map((w) => ({ where: 'nlb what', text: w })));
            if (h.kubeProxy) out.push({ where: 'nlb kube-proxy', text: h.kubeProxy });
          }
        }
      }
    }
  }

  // The overlay view: both overlays beside the VPC CNI, every payload and ENI MTU.
  for (const scenario of [undefined, 'calico-vxlan', 'calico-ipip']) {
    const c = withNetshoot(new Cluster(scenario ? loadScenario(scenario).cluster : {}));
    for (const payload of OVERLAY_PAYLOADS) {
      for (const underlayMtu of UNDERLAY_MTUS) {
        const v = overlayPacketView(c, { payload, underlayMtu });
        if ('error' in v) {
          out.push({ where: 'overlay error', text: v.error });
          continue;
        }
        for (const h of v.headers) out.push({ where: 'header name', text: h.name }, { where: 'header fields', text: h.fields });
      }
    }
  }
  return out.filter((s) => s.text !== '');
}
