// kube-proxy quiz items (iptables mode): which chain a connection to a Service is sent to, and the probability
// iptables prints on a rule of the Service's KUBE-SVC-* chain. The right answer is the model's own walk of the
// rules (views/rule-walk.ts, kube-proxy v1.24 pkg/proxy/iptables/proxier.go as the model renders it, with the
// probability as xt_statistic stores and libxt_statistic prints it); wrong answers are the usual misreadings.
import { printProbability } from '../net/netfilter.ts';
import { createRng } from '../rng.ts';
import { ruleWalk, type RuleWalkView, type WalkQuery } from '../views/rule-walk.ts';
import { assembleChoices, firstItem, type QuizItem, type QuizLab, type QuizMistake } from './item.ts';

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

export const NO_PROBABILITY = 'none: the last rule jumps unconditionally';

type Named = { label: string; mistake: QuizMistake };

function jumpOf(walk: RuleWalkView, chain: string): string | undefined {
  return walk.stages.flatMap((s) => s.rules).find((r) => r.chain === chain)?.target;
}

function chainItem(seed: string, walk: RuleWalkView, outside: boolean): QuizItem | null {
  const dice = walk.stages.find((s) => s.dice)?.dice;
  const from = outside ? 'KUBE-NODEPORTS' : 'KUBE-SERVICES';
  const right = jumpOf(walk, from);
  if (!dice || !right) return null;
  const hash = dice.chain.slice('KUBE-SVC-'.length);
  const mistakes: Named[] = [
    { label: dice.rows[0].sep, mistake: { id: 'jumps-to-endpoint', why: `Skips the Service chain: ${from} jumps to ${outside ? `KUBE-EXT-${hash}, which jumps to ` : ''}${dice.chain}, and that chain's rules pick the endpoint's KUBE-SEP-* chain.` } },
    { label: `KUBE-FW-${hash}`, mistake: { id: 'firewall-chain', why: 'KUBE-FW-* chains exist only for a LoadBalancer Service\'s load balancer IPs; this Service has none.' } },
  ];
  if (outside) {
    mistakes.push({ label: dice.chain, mistake: { id: 'skips-ext', why: `Leaves out KUBE-EXT-${hash}: traffic from outside goes through it first, to be marked for masquerade (externalTrafficPolicy: Cluster), then to ${dice.chain}.` } });
    mistakes.push({ label: 'KUBE-SERVICES', mistake: { id: 'back-to-services', why: 'KUBE-SERVICES is where the packet came from: its last rule sent it to KUBE-NODEPORTS because it was addressed to the node.' } });
  } else {
    mistakes.push({ label: `KUBE-EXT-${hash}`, mistake: { id: 'ext-chain', why: 'KUBE-EXT-* is for traffic to the Service from outside the cluster (a NodePort or a load balancer); a pod reaching the ClusterIP goes straight to KUBE-SVC-*.' } });
    mistakes.push({ label: 'KUBE-NODEPORTS', mistake: { id: 'nodeports', why: "KUBE-NODEPORTS is for packets to the node's own addresses; the ClusterIP has its own rule in KUBE-SERVICES." } });
  }
  const choices = assembleChoices(seed, right, mistakes);
  if (!choices) return null;
  return {
    topic: 'kube-proxy', seed,
    prompt: outside
      ? `A client outside the cluster connects to the nginx Service's NodePort on a node (${walk.title.split(' → ')[1]}). Which chain does the node's KUBE-NODEPORTS rule send it to?`
      : `A pod opens a connection to the nginx Service's ClusterIP (${walk.packet}). Which chain does the KUBE-SERVICES rule for it jump to?`,
    facts: `The Service has ${dice.rows.length} endpoint${dice.rows.length === 1 ? '' : 's'}; kube-proxy runs in iptables mode.`,
    choices,
    explanation: [
      ...walk.stages.filter((s) => s.hook === 'nat PREROUTING' || s.hook === 'nat OUTPUT').slice(0, 1).flatMap((s) => s.rules.filter((r) => r.chain.startsWith('KUBE-') || r.target.startsWith('KUBE-')).map((r) => `${r.chain} rule ${r.index} of ${r.of}: → ${r.target}`)),
      `The chain names end in a hash of the Service port's name and protocol (${hash}), so every node has the same names.`,
    ],
  };
}

function probabilityItem(seed: string, walk: RuleWalkView, k: number): QuizItem | null {
  const dice = walk.stages.find((s) => s.dice)?.dice;
  if (!dice || k >= dice.rows.length) return null;
  const n = dice.rows.length;
  const row = dice.rows[k];
  const last = k === n - 1;
  const right = row.iptables ?? NO_PROBABILITY;
  const mistakes: Named[] = [];
  if (row.kubeProxy) {
    mistakes.push({ label: row.kubeProxy, mistake: { id: 'as-kube-proxy-writes', why: `That is what kube-proxy writes (%0.10f of 1/${n - k}); xt_statistic stores it in units of 2^-31 and iptables prints the stored value with 11 decimals.` } });
  }
  if (n > 1 && (k > 0 || last)) mistakes.push({ label: printedProbability(1 / n), mistake: { id: 'equal-share', why: `Gives every rule 1/${n}: each rule draws among the connections still left, so rule ${k + 1} of ${n} has 1/${n - k}.` } });
  if (k > 0 && k + 1 !== n - k) mistakes.push({ label: printedProbability(1 / (k + 1)), mistake: { id: 'counted-from-bottom', why: `Counts from the wrong end: the first rule has 1/${n}, the last none; rule ${k + 1} has 1/${n - k}.` } });
  if (last) mistakes.push({ label: '1.00000000000', mistake: { id: 'last-rule-probability', why: 'kube-proxy leaves the statistic match off the last rule: whatever reaches it, goes there.' } });
  else mistakes.push({ label: NO_PROBABILITY, mistake: { id: 'only-last-unconditional', why: `Only the last rule (${n} of ${n}) has no probability; rule ${k + 1} draws with 1/${n - k}.` } });
  const choices = assembleChoices(seed, right, mistakes);
  if (!choices) return null;
  return {
    topic: 'kube-proxy', seed,
    prompt: `The nginx Service has ${n} endpoints. In \`iptables -t nat -S ${dice.chain}\`, rule ${k + 1} jumps to ${row.sep} (${row.endpoint}). What does iptables print after --probability on it?`,
    facts: `Endpoints in the chain's order: ${dice.rows.map((r) => r.endpoint).join(', ')}.`,
    choices,
    explanation: [
      `kube-proxy writes rule i of n (from 0) with probability 1/(n − i), as fmt's %0.10f: ${dice.rows.map((r, i) => (r.kubeProxy ? `${r.fraction} = ${r.kubeProxy}` : `rule ${i + 1}: none`)).join('; ')}.`,
      `iptables stores round(2^31 × p) and prints it back with %.11f: ${dice.rows.map((r) => r.iptables ?? '—').join(', ')}.`,
      `Each endpoint ends up with 1/${n} of new connections: ${dice.rows.map((r) => r.share.toFixed(4)).join(', ')}.`,
    ],
  };
}

export function kubeProxyItem(seed: string, newLab: () => QuizLab): QuizItem {
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
    return kind === 'probability' ? probabilityItem(seed, walk, rng.int(replicas)) : chainItem(seed, walk, kind === 'nodeport');
  });
}
