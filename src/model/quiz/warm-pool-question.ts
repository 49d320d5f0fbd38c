// Warm-pool quiz items: a node of a familiar type, one of ipamd's settings, N pods; how many ENIs, secondary
// addresses or /28 prefixes does the node hold once ipamd has settled? The right answer is what the model's ipamd
// (ipam/ipamd.ts, following VPC CNI v1.12.6 pkg/ipamd) leaves on the node after ten minutes of model time; the
// wrong ones are the arithmetic of real misreadings of the settings (docs/eni-and-ip-target.md upstream).
import { Cluster } from '../cluster/cluster.ts';
import { IPS_PER_PREFIX, attachedEnis, ipsPerEni, maxEnis, poolStats } from '../ipam/ipamd.ts';
import { createRng } from '../rng.ts';
import { assembleChoices, firstItem, type QuizItem, type QuizMistake } from './item.ts';

const TYPES = ['t3.medium', 't3.large', 'm5.large', 'c5.xlarge'];

export type WarmPoolSetting =
  | { kind: 'warm-eni' }
  | { kind: 'warm-ip'; warmIp: number; minimumIp: number }
  | { kind: 'prefix' };

export type WarmPoolMeasure = 'enis' | 'addresses' | 'prefixes';

export interface WarmPoolScene {
  instanceType: string;
  setting: WarmPoolSetting;
  pods: number;
  measure: WarmPoolMeasure;
}

/** What the model's node holds after the scene has run. */
export interface WarmPoolOutcome {
  enis: number;
  addresses: number;
  prefixes: number;
  running: number;
  /** Secondary slots per ENI (IPv4 addresses per ENI − 1), and the ENI limit. */
  slots: number;
  maxEnis: number;
}

export function settingEnv(s: WarmPoolSetting): [string, string][] {
  if (s.kind === 'warm-ip') return [['WARM_IP_TARGET', String(s.warmIp)], ...(s.minimumIp ? [['MINIMUM_IP_TARGET', String(s.minimumIp)] as [string, string]] : [])];
  if (s.kind === 'prefix') return [['ENABLE_PREFIX_DELEGATION', 'true'], ['WARM_PREFIX_TARGET', '1']];
  return [];
}

export function describeSetting(s: WarmPoolSetting): string {
  const env = settingEnv(s);
  return env.length === 0 ? 'the default WARM_ENI_TARGET=1' : env.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Runs the scene on the model: one node, CoreDNS scaled away, N pods, ten minutes. */
export function runWarmPool(scene: WarmPoolScene): WarmPoolOutcome {
  const cluster = new Cluster({ nodes: 1, instanceType: scene.instanceType, awsNodeEnv: settingEnv(scene.setting) });
  cluster.scaleDeployment('kube-system', 'coredns', 0);
  cluster.advance(120);
  cluster.applyDeployment({
    namespace: 'default', name: 'app', labels: { app: 'app' }, selector: { app: 'app' }, replicas: scene.pods,
    template: { labels: { app: 'app' }, hostNetwork: false, containers: [{ name: 'app', image: 'nginx:alpine', ports: [], requests: {}, env: [] }] },
  });
  cluster.advance(600);
  const node = cluster.nodes[0];
  const enis = attachedEnis(node, cluster.now);
  const prefixes = new Set(enis.flatMap((e) => e.secondaryIps.filter((ip) => ip.prefix !== undefined).map((ip) => ip.prefix)));
  return {
    enis: enis.length,
    addresses: poolStats(node, cluster.now, cluster.ipamdSettings()).total,
    prefixes: prefixes.size,
    running: cluster.podsOn(node).filter((p) => p.veth && p.labels.app === 'app').length,
    slots: ipsPerEni(node),
    maxEnis: maxEnis(node, cluster.ipamdSettings()),
  };
}

export function pickWarmPoolScene(seed: string): WarmPoolScene {
  const rng = createRng(`warm-pool:${seed}`);
  const instanceType = rng.pick(TYPES);
  const roll = rng.next();
  const setting: WarmPoolSetting =
    roll < 0.4 ? { kind: 'warm-eni' } : roll < 0.75 ? { kind: 'warm-ip', warmIp: 1 + rng.int(5), minimumIp: rng.next() < 0.4 ? 0 : 4 + rng.int(12) } : { kind: 'prefix' };
  const measure: WarmPoolMeasure = setting.kind === 'prefix' ? 'prefixes' : setting.kind === 'warm-eni' && rng.next() < 0.5 ? 'enis' : 'addresses';
  return { instanceType, setting, pods: 1 + rng.int(14), measure };
}

/** "An m5.large", "A t3.medium": the article as the name is read aloud. */
export const article = (name: string) => (/^[aefhilmnorsx]/i.test(name) ? 'An' : 'A');

type Named = { label: string; mistake: QuizMistake };

/** The misreadings, each as the number it gives for this scene. */
export function warmPoolMistakes(scene: WarmPoolScene, o: WarmPoolOutcome): Named[] {
  const n = scene.pods;
  const s = o.slots;
  const out: Named[] = [];
  const add = (value: number, id: string, why: string) => value >= 0 && out.push({ label: String(value), mistake: { id, why } });
  const ceil = (a: number, b: number) => Math.ceil(a / b);
  const st = scene.setting;
  if (st.kind === 'warm-eni') {
    const enisNoWarm = Math.max(1, ceil(n, s));
    if (scene.measure === 'enis') {
      add(enisNoWarm, 'no-warm-eni', `Counts only the ENIs the ${n} pods need: WARM_ENI_TARGET=1 keeps one more ENI's worth of addresses free.`);
      add(Math.max(1, ceil(n, s + 1)) + 1, 'counted-primary', `Gives each ENI ${s + 1} pod addresses: the ENI's primary address is never a pod's, so it holds ${s}.`);
      add(o.maxEnis, 'attaches-all', `Assumes ipamd attaches every ENI the instance allows (${o.maxEnis}); it attaches them as the warm target asks.`);
      add(enisNoWarm + 2, 'warm-eni-is-extra-two', 'Adds the warm ENI on top of a spare one: the warm target counts free addresses, not extra ENIs beyond a reserve.');
    } else {
      add(n, 'pods-only', 'Counts only the addresses pods use: ipamd also keeps a warm pool of free ones.');
      add(n + s, 'warm-not-whole-eni', `Adds one ENI's worth (${s}) to the pods' ${n}, but ipamd allocates every slot of each ENI it attaches.`);
      add(o.enis * (s + 1), 'counted-primary', `Counts each ENI's primary address as a secondary one (${o.enis} × ${s + 1}).`);
      add(enisNoWarm * s, 'no-warm-eni', `Fills only the ENIs the pods need (${enisNoWarm} × ${s}): WARM_ENI_TARGET=1 wants a whole ENI's worth free.`);
      add(n + 1, 'one-warm-address', 'Reads WARM_ENI_TARGET=1 as one warm address.');
    }
  } else if (st.kind === 'warm-ip') {
    add(n, 'pods-only', 'Counts only the addresses pods use: WARM_IP_TARGET keeps that many free on top.');
    add(Math.max(st.warmIp, st.minimumIp), 'target-is-total', `Reads WARM_IP_TARGET as a total; it is the number of free addresses kept beyond the ${n} in use.`);
    if (st.minimumIp) {
      add(n + st.warmIp, 'minimum-ignored', `Forgets MINIMUM_IP_TARGET=${st.minimumIp}: the node holds at least that many in all.`);
      add(Math.max(n, st.minimumIp) + st.warmIp, 'targets-added', 'Adds the warm target on top of the minimum; ipamd keeps whichever asks for more, not their sum.');
    } else {
      add(n + st.warmIp * o.enis, 'per-eni-target', `Reads WARM_IP_TARGET as free addresses per ENI (${o.enis} × ${st.warmIp}); it counts them across the node.`);
    }
    add(Math.max(1, ceil(n + s, s)) * s, 'warm-eni-still-applies', `Allocates whole ENIs as with WARM_ENI_TARGET; once WARM_IP_TARGET is set, ipamd ignores the warm ENI target and allocates address by address.`);
  } else {
    const used = ceil(n, IPS_PER_PREFIX);
    add(used, 'forgot-warm-prefix', `Counts only the prefixes the pods use: WARM_PREFIX_TARGET=1 keeps one /28 wholly free.`);
    add(n % IPS_PER_PREFIX === 0 ? used + 1 : used, 'partial-prefix-is-warm', 'Treats the free addresses of a partly used /28 as the warm prefix: only a prefix no pod uses counts.');
    add(used + 2, 'two-warm', 'Keeps two free prefixes: the target is one.');
    add(n, 'prefix-per-pod', `Gives each pod its own /28: a prefix holds ${IPS_PER_PREFIX} pod addresses.`);
    add(o.enis * s, 'fills-eni-with-prefixes', `Fills every slot of the ENI with a prefix (${o.enis} × ${s}), as WARM_ENI_TARGET would.`);
  }
  return out;
}

function explain(scene: WarmPoolScene, o: WarmPoolOutcome): string[] {
  const st = scene.setting;
  const lines = [`${article(scene.instanceType)} ${scene.instanceType} can attach ${o.maxEnis} ENIs with ${o.slots + 1} IPv4 addresses each: ${o.slots} secondary slots per ENI besides its primary address.`];
  if (st.kind === 'warm-eni') lines.push(`WARM_ENI_TARGET=1: ipamd keeps at least ${o.slots} addresses (one ENI's worth) free beyond the ${scene.pods} pods' and fills each ENI it attaches.`);
  else if (st.kind === 'warm-ip') lines.push(`WARM_IP_TARGET=${st.warmIp}: ipamd keeps ${st.warmIp} free addresses beyond the ${scene.pods} in use${st.minimumIp ? `, and at least MINIMUM_IP_TARGET=${st.minimumIp} in all` : ''}; the warm ENI target no longer applies.`);
  else lines.push(`Prefix delegation: each slot holds a /28 of ${IPS_PER_PREFIX} addresses; WARM_PREFIX_TARGET=1 keeps one /28 that no pod uses.`);
  lines.push(`The model's ipamd, ten minutes after the ${scene.pods} pods started: ${o.enis} ENI${o.enis === 1 ? '' : 's'}, ${o.addresses} secondary addresses${o.prefixes ? ` in ${o.prefixes} prefixes` : ''}.`);
  return lines;
}

const QUESTION: Record<WarmPoolMeasure, string> = {
  enis: 'How many ENIs does the node have attached',
  addresses: 'How many secondary IPv4 addresses does the node hold in all (used and free)',
  prefixes: 'How many /28 prefixes does the node hold',
};

export function buildWarmPoolItem(seed: string, scene: WarmPoolScene): QuizItem | null {
  const o = runWarmPool(scene);
  if (o.running !== scene.pods) return null;
  const right = String(o[scene.measure]);
  const choices = assembleChoices(seed, right, warmPoolMistakes(scene, o));
  if (!choices) return null;
  return {
    topic: 'warm-pool', seed,
    prompt: `${article(scene.instanceType)} ${scene.instanceType} node runs ${scene.pods} pod${scene.pods === 1 ? '' : 's'} with VPC addresses, with ${describeSetting(scene.setting)}. ${QUESTION[scene.measure]} once ipamd has settled?`,
    facts: `${scene.instanceType}: ${o.maxEnis} ENIs, ${o.slots + 1} IPv4 addresses per ENI.`,
    choices, explanation: explain(scene, o),
  };
}

export function warmPoolItem(seed: string): QuizItem {
  return firstItem(seed, (s) => buildWarmPoolItem(seed, pickWarmPoolScene(s)));
}
