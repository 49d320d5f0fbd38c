// Warm-pool quiz items: a node of a familiar type, one of ipamd's settings, N pods; how many ENIs, secondary
// addresses or /28 prefixes does the node hold once ipamd has settled? The right answer is what the model's ipamd
// (ipam/ipamd.ts, following VPC CNI v1.12.6 pkg/ipamd) leaves on the node after ten minutes of model time; the
// wrong ones are the arithmetic of real misreadings of the settings (docs/eni-and-ip-target.md upstream).
import { Cluster } from '../cluster/cluster.ts';
import { IPS_PER_PREFIX, attachedEnis, ipsPerEni, maxEnis, poolStats } from '../ipam/ipamd.ts';
import { createRng } from '../rng.ts';
import { assembleChoices, type ChoiceSpec, firstItem, type QuizItem, type QuizSpec, type Said, sayItem } from './item.ts';
import { settingEnv, type WarmPoolSetting } from './warm-pool-setting.ts';
import { en, type WarmPoolWords } from './words/en.ts';

export { settingEnv, type WarmPoolSetting };

const TYPES = ['t3.medium', 't3.large', 'm5.large', 'c5.xlarge'];

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

type Choice = ChoiceSpec<WarmPoolWords>;

/** The misreadings, each as the number it gives for this scene. */
export function warmPoolMistakes(scene: WarmPoolScene, o: WarmPoolOutcome): Choice[] {
  const n = scene.pods;
  const s = o.slots;
  const out: Choice[] = [];
  const add = (value: number, id: string, why: Said<WarmPoolWords>) => value >= 0 && out.push({ value: String(value), correct: false, mistake: { id, why } });
  const ceil = (a: number, b: number) => Math.ceil(a / b);
  const st = scene.setting;
  if (st.kind === 'warm-eni') {
    const enisNoWarm = Math.max(1, ceil(n, s));
    if (scene.measure === 'enis') {
      add(enisNoWarm, 'no-warm-eni', { say: 'enis/no-warm-eni', slots: { n } });
      add(Math.max(1, ceil(n, s + 1)) + 1, 'counted-primary', { say: 'enis/counted-primary', slots: { s } });
      add(o.maxEnis, 'attaches-all', { say: 'enis/attaches-all', slots: { maxEnis: o.maxEnis } });
      add(enisNoWarm + 2, 'warm-eni-is-extra-two', { say: 'enis/warm-eni-is-extra-two' });
    } else {
      add(n, 'pods-only', { say: 'addresses/pods-only' });
      add(n + s, 'warm-not-whole-eni', { say: 'addresses/warm-not-whole-eni', slots: { s, n } });
      add(o.enis * (s + 1), 'counted-primary', { say: 'addresses/counted-primary', slots: { enis: o.enis, s } });
      add(enisNoWarm * s, 'no-warm-eni', { say: 'addresses/no-warm-eni', slots: { enis: enisNoWarm, s } });
      add(n + 1, 'one-warm-address', { say: 'addresses/one-warm-address' });
    }
  } else if (st.kind === 'warm-ip') {
    add(n, 'pods-only', { say: 'warm-ip/pods-only' });
    add(Math.max(st.warmIp, st.minimumIp), 'target-is-total', { say: 'warm-ip/target-is-total', slots: { n } });
    if (st.minimumIp) {
      add(n + st.warmIp, 'minimum-ignored', { say: 'warm-ip/minimum-ignored', slots: { minimumIp: st.minimumIp } });
      add(Math.max(n, st.minimumIp) + st.warmIp, 'targets-added', { say: 'warm-ip/targets-added' });
    } else {
      add(n + st.warmIp * o.enis, 'per-eni-target', { say: 'warm-ip/per-eni-target', slots: { enis: o.enis, warmIp: st.warmIp } });
    }
    add(Math.max(1, ceil(n + s, s)) * s, 'warm-eni-still-applies', { say: 'warm-ip/warm-eni-still-applies' });
  } else {
    const used = ceil(n, IPS_PER_PREFIX);
    add(used, 'forgot-warm-prefix', { say: 'prefix/forgot-warm-prefix' });
    add(n % IPS_PER_PREFIX === 0 ? used + 1 : used, 'partial-prefix-is-warm', { say: 'prefix/partial-prefix-is-warm' });
    add(used + 2, 'two-warm', { say: 'prefix/two-warm' });
    add(n, 'prefix-per-pod', { say: 'prefix/prefix-per-pod', slots: { perPrefix: IPS_PER_PREFIX } });
    add(o.enis * s, 'fills-eni-with-prefixes', { say: 'prefix/fills-eni-with-prefixes', slots: { enis: o.enis, s } });
  }
  return out;
}

function explain(scene: WarmPoolScene, o: WarmPoolOutcome): Said<WarmPoolWords>[] {
  const st = scene.setting;
  const pods = scene.pods;
  return [
    { say: 'explain/limits', slots: { type: scene.instanceType, maxEnis: o.maxEnis, slots: o.slots } },
    st.kind === 'warm-eni' ? { say: 'explain/warm-eni', slots: { slots: o.slots, pods } }
    : st.kind === 'warm-ip' ? { say: 'explain/warm-ip', slots: { warmIp: st.warmIp, minimumIp: st.minimumIp, pods } }
    : { say: 'explain/prefix', slots: { perPrefix: IPS_PER_PREFIX } },
    { say: 'explain/outcome', slots: { pods, enis: o.enis, addresses: o.addresses, prefixes: o.prefixes } },
  ];
}

/** The item before it is put into words (words/en.ts, words/ko.ts). */
export function warmPoolSpec(seed: string, scene: WarmPoolScene): QuizSpec<WarmPoolWords> | null {
  const o = runWarmPool(scene);
  if (o.running !== scene.pods) return null;
  const right = String(o[scene.measure]);
  const choices = assembleChoices<Choice>(seed, { value: right, correct: true }, warmPoolMistakes(scene, o));
  if (!choices) return null;
  return {
    topic: 'warm-pool', seed,
    prompt: { say: 'prompt', slots: { type: scene.instanceType, pods: scene.pods, setting: scene.setting, measure: scene.measure } },
    facts: { say: 'facts', slots: { type: scene.instanceType, maxEnis: o.maxEnis, ips: o.slots + 1 } },
    choices, explanation: explain(scene, o),
  };
}

export function buildWarmPoolItem(seed: string, scene: WarmPoolScene): QuizItem | null {
  const spec = warmPoolSpec(seed, scene);
  return spec && sayItem(spec, en['warm-pool']);
}

export function warmPoolItemSpec(seed: string): QuizSpec<WarmPoolWords> {
  return firstItem(seed, (s) => warmPoolSpec(seed, pickWarmPoolScene(s)));
}
