// kube-proxy quiz items (iptables mode): which chain a connection to a Service is sent to, and the probability
// iptables prints on a rule of the Service's KUBE-SVC-* chain. The right answer is the model's own walk of the
// rules (views/rule-walk.ts, kube-proxy v1.24 pkg/proxy/iptables/proxier.go as the model renders it, with the
// probability as xt_statistic stores and libxt_statistic prints it); wrong answers are the usual misreadings.
import { printProbability } from '../net/netfilter.ts';
import { createRng } from '../rng.ts';
import { ruleWalk, type RuleWalkView, type WalkQuery } from '../views/rule-walk.ts';
import { assembleChoices, type ChoiceSpec, firstItem, type QuizLab, type QuizSpec, type Said } from './item.ts';
import { en, type KubeProxyWords } from './words/en.ts';

export const SERVICE = 'default/nginx-deployment:80/TCP';

/** The lab's Service behind `replicas` nginx pods, and the netshoot pods to connect from (as the rule walk has it). */
export function kubeProxySetup(replicas: number): string[] {
  return [
    'kubectl apply -f nginx-dp.yaml',
    `kubectl scale deployment nginx-deployment --replicas=${replicas}`,
    'kubectl apply -f netshoot-pod.yaml',
    'sleep 30',
    'kubectl expose deployment nginx-deployment --port=80 --type=NodePort',
  ];
}

/** libxt_statistic's round trip: the probability kube-proxy writes, as iptables stores and prints it. */
export const printedProbability = (p: number) => printProbability(Math.round(0x80000000 * p));

/** The choice for the last rule, which has no probability: its value, and its words in English. */
const NONE = 'none';
export const NO_PROBABILITY = en['kube-proxy']['no-probability']();

type Phrase = Said<KubeProxyWords>;
type Choice = ChoiceSpec<KubeProxyWords>;

const wrong = (value: string, id: string, why: Phrase): Choice => ({ value, correct: false, mistake: { id, why } });

function jumpOf(walk: RuleWalkView, chain: string): string | undefined {
  return walk.stages.flatMap((s) => s.rules).find((r) => r.chain === chain)?.target;
}

/** Where the NodePort connection goes, as the walk's title has it (`192.168.3.204:32705 (default/nginx-deployment,
 *  NodePort on node ip-192-168-3-204)`), with the address and the node apart. */
function nodePortTarget(walk: RuleWalkView): { target: string; address: string; node: string } {
  const target = walk.title.split(' → ')[1];
  return { target, address: target.split(' ')[0], node: /on node (\S+)\)$/.exec(target)?.[1] ?? '' };
}

function chainSpec(seed: string, walk: RuleWalkView, outside: boolean): QuizSpec<KubeProxyWords> | null {
  const dice = walk.stages.find((s) => s.dice)?.dice;
  const from = outside ? 'KUBE-NODEPORTS' : 'KUBE-SERVICES';
  const right = jumpOf(walk, from);
  if (!dice || !right) return null;
  const hash = dice.chain.slice('KUBE-SVC-'.length);
  const ext = `KUBE-EXT-${hash}`;
  const mistakes: Choice[] = [
    wrong(dice.rows[0].sep, 'jumps-to-endpoint', { say: 'chain/jumps-to-endpoint', slots: { from, ...(outside ? { ext } : {}), svc: dice.chain } }),
    wrong(`KUBE-FW-${hash}`, 'firewall-chain', { say: 'chain/firewall-chain' }),
  ];
  if (outside) {
    mistakes.push(wrong(dice.chain, 'skips-ext', { say: 'chain/skips-ext', slots: { ext, svc: dice.chain } }));
    mistakes.push(wrong('KUBE-SERVICES', 'back-to-services', { say: 'chain/back-to-services' }));
  } else {
    mistakes.push(wrong(ext, 'ext-chain', { say: 'chain/ext-chain' }));
    mistakes.push(wrong('KUBE-NODEPORTS', 'nodeports', { say: 'chain/nodeports' }));
  }
  const choices = assembleChoices(seed, { value: right, correct: true }, mistakes);
  if (!choices) return null;
  return {
    topic: 'kube-proxy', seed,
    prompt: outside ? { say: 'prompt/nodeport', slots: nodePortTarget(walk) } : { say: 'prompt/cluster-ip', slots: { packet: walk.packet } },
    facts: { say: 'facts/chain', slots: { endpoints: dice.rows.length } },
    choices,
    explanation: [
      ...walk.stages.filter((s) => s.hook === 'nat PREROUTING' || s.hook === 'nat OUTPUT').slice(0, 1)
        .flatMap((s) => s.rules.filter((r) => r.chain.startsWith('KUBE-') || r.target.startsWith('KUBE-')).map((r): Phrase => ({ say: 'explain/rule', slots: { chain: r.chain, index: r.index, of: r.of, target: r.target } }))),
      { say: 'explain/hash', slots: { hash } },
    ],
  };
}

function probabilitySpec(seed: string, walk: RuleWalkView, k: number): QuizSpec<KubeProxyWords> | null {
  const dice = walk.stages.find((s) => s.dice)?.dice;
  if (!dice || k >= dice.rows.length) return null;
  const n = dice.rows.length;
  const row = dice.rows[k];
  const last = k === n - 1;
  const none: Phrase = { say: 'no-probability' };
  const right: Choice = row.iptables ? { value: row.iptables, correct: true } : { value: NONE, label: none, correct: true };
  const slots = { n, rule: k + 1, left: n - k };
  const mistakes: Choice[] = [];
  if (row.kubeProxy) mistakes.push(wrong(row.kubeProxy, 'as-kube-proxy-writes', { say: 'probability/as-kube-proxy-writes', slots: { left: n - k } }));
  if (n > 1 && (k > 0 || last)) mistakes.push(wrong(printedProbability(1 / n), 'equal-share', { say: 'probability/equal-share', slots }));
  if (k > 0 && k + 1 !== n - k) mistakes.push(wrong(printedProbability(1 / (k + 1)), 'counted-from-bottom', { say: 'probability/counted-from-bottom', slots }));
  if (last) mistakes.push(wrong('1.00000000000', 'last-rule-probability', { say: 'probability/last-rule-probability' }));
  else mistakes.push({ ...wrong(NONE, 'only-last-unconditional', { say: 'probability/only-last-unconditional', slots }), label: none });
  const choices = assembleChoices(seed, right, mistakes);
  if (!choices) return null;
  return {
    topic: 'kube-proxy', seed,
    prompt: { say: 'prompt/probability', slots: { n, chain: dice.chain, rule: k + 1, sep: row.sep, endpoint: row.endpoint } },
    facts: { say: 'facts/probability', slots: { endpoints: dice.rows.map((r) => r.endpoint) } },
    choices,
    explanation: [
      { say: 'explain/writes', slots: { rows: dice.rows.map((r) => ({ fraction: r.fraction, ...(r.kubeProxy ? { kubeProxy: r.kubeProxy } : {}) })) } },
      { say: 'explain/prints', slots: { printed: dice.rows.map((r) => r.iptables) } },
      { say: 'explain/shares', slots: { n, shares: dice.rows.map((r) => r.share) } },
    ],
  };
}

export function kubeProxyItemSpec(seed: string, newLab: () => QuizLab): QuizSpec<KubeProxyWords> {
  const labs = new Map<number, QuizLab>();
  return firstItem(seed, (variant) => {
    const rng = createRng(`kube-proxy:${variant}`);
    const replicas = 2 + rng.int(5);
    let lab = labs.get(replicas);
    if (!lab) {
      labs.set(replicas, (lab = newLab()));
      for (const line of kubeProxySetup(replicas)) lab.sh(line);
    }
    const kind = rng.pick(['probability', 'probability', 'chain', 'nodeport'] as const);
    const q: WalkQuery = { service: SERVICE, from: kind === 'nodeport' ? 'outside' : 'pod', to: kind === 'nodeport' ? 'node-port' : 'cluster-ip' };
    const walk = ruleWalk(lab.cluster, q, 'iptables');
    if ('error' in walk) return null;
    return kind === 'probability' ? probabilitySpec(seed, walk, rng.int(replicas)) : chainSpec(seed, walk, kind === 'nodeport');
  });
}
