// The four lesson quizzes beyond max pods: each item's right answer is what the simulated lab shows when asked
// another way (through the shell, as a learner would look), its wrong answers are named mistakes, and the same
// seed gives the same item.
import { describe, expect, it } from 'vitest';
import { allInstanceTypes } from '../../../src/model/catalog/index.ts';
import { quizItem } from '../../../src/model/quiz/index.ts';
import { CHOICES_PER_ITEM, nextItemSeed, type QuizItem, type QuizLab, type QuizTopic } from '../../../src/model/quiz/item.ts';
import { DATAPATH_SETUP, answerLabel } from '../../../src/model/quiz/datapath-question.ts';
import { kubeProxySetup, NO_PROBABILITY } from '../../../src/model/quiz/kube-proxy-question.ts';
import { buildWarmPoolItem, pickWarmPoolScene, runWarmPool, type WarmPoolScene } from '../../../src/model/quiz/warm-pool-question.ts';
import { labEngine } from '../shell/engine-helpers.ts';

const newLab = (): QuizLab => {
  const e = labEngine();
  return { cluster: e.cluster, sh: e.sh };
};
const sources = { newLab, catalog: allInstanceTypes };

function seeds(n: number): string[] {
  const out = ['1'];
  while (out.length < n) out.push(nextItemSeed(out[out.length - 1]));
  return out;
}

const right = (item: QuizItem) => item.choices.find((c) => c.correct)!.label;

function wellFormed(item: QuizItem, topic: QuizTopic): void {
  expect(item.topic).toBe(topic);
  expect(item.choices).toHaveLength(CHOICES_PER_ITEM);
  expect(new Set(item.choices.map((c) => c.label)).size).toBe(CHOICES_PER_ITEM);
  expect(item.choices.filter((c) => c.correct)).toHaveLength(1);
  for (const c of item.choices.filter((c) => !c.correct)) {
    expect(c.mistake?.id).toMatch(/^[a-z-]+$/);
    expect(c.mistake?.why.length).toBeGreaterThan(20);
  }
  expect(item.explanation.length).toBeGreaterThanOrEqual(2);
  expect(item.prompt).toMatch(/\?$/);
}

describe('quiz items of every topic', () => {
  for (const topic of ['warm-pool', 'datapath', 'kube-proxy', 'load-balancer'] as const) {
    it(`${topic}: well formed over many seeds, and the same item for the same seed`, () => {
      const prompts = new Set<string>();
      for (const seed of seeds(topic === 'warm-pool' ? 30 : 12)) {
        const item = quizItem(topic, seed, sources);
        wellFormed(item, topic);
        prompts.add(item.prompt.replace(/[\d.]+/g, '#'));
      }
      // Not one question with different numbers: the scenes vary.
      expect(prompts.size).toBeGreaterThan(2);
      expect(quizItem(topic, 'x7', sources)).toEqual(quizItem(topic, 'x7', sources));
    }, 120_000);
  }

  it('max-pods: the lesson question in the shared shape', () => {
    const item = quizItem('max-pods', '4', sources);
    wellFormed(item, 'max-pods');
    expect(item.explanation[0]).toMatch(/ = \d+$/);
  });
});

describe('warm pool: the right answer is what ipamd leaves on the node', () => {
  // Worked by hand from ipamd's rules (VPC CNI docs/eni-and-ip-target.md): a t3.medium has 3 ENIs of 6 addresses,
  // 5 secondary slots each; an m5.large 3 of 10; a t3.large 3 of 12.
  const cases: [WarmPoolScene, string][] = [
    // 7 pods + 5 warm = 12 addresses wanted: 3 whole ENIs of 5.
    [{ instanceType: 't3.medium', setting: { kind: 'warm-eni' }, pods: 7, measure: 'addresses' }, '15'],
    [{ instanceType: 't3.medium', setting: { kind: 'warm-eni' }, pods: 3, measure: 'enis' }, '2'],
    // max(1 + 2, 4) = 4.
    [{ instanceType: 'm5.large', setting: { kind: 'warm-ip', warmIp: 2, minimumIp: 4 }, pods: 1, measure: 'addresses' }, '4'],
    // 9 + 3 = 12 > 5.
    [{ instanceType: 'm5.large', setting: { kind: 'warm-ip', warmIp: 3, minimumIp: 5 }, pods: 9, measure: 'addresses' }, '12'],
    // 17 pods use two /28s; one wholly free on top.
    [{ instanceType: 't3.large', setting: { kind: 'prefix' }, pods: 17, measure: 'prefixes' }, '3'],
  ];
  for (const [scene, expected] of cases) {
    it(`${scene.instanceType}, ${scene.setting.kind}, ${scene.pods} pods: ${expected} ${scene.measure}`, () => {
      const item = buildWarmPoolItem('t', scene);
      if (item) expect(right(item)).toBe(expected);
      expect(String(runWarmPool(scene)[scene.measure])).toBe(expected);
    });
  }

  it('agrees with what aws ec2 describe-network-interfaces lists for the node', () => {
    for (const seed of seeds(6)) {
      const scene = pickWarmPoolScene(seed);
      const o = runWarmPool(scene);
      const env = scene.setting.kind === 'warm-ip'
        ? `WARM_IP_TARGET=${scene.setting.warmIp}${scene.setting.minimumIp ? ` MINIMUM_IP_TARGET=${scene.setting.minimumIp}` : ''}`
        : scene.setting.kind === 'prefix' ? 'ENABLE_PREFIX_DELEGATION=true WARM_PREFIX_TARGET=1' : '';
      const e = labEngine({ nodes: 1, instanceType: scene.instanceType, awsNodeEnv: env ? env.split(' ').map((kv) => kv.split('=') as [string, string]) : [] });
      e.sh('kubectl scale deployment coredns -n kube-system --replicas=0');
      e.sh('sleep 120');
      e.sh(`kubectl create deployment app --image=nginx:alpine --replicas=${scene.pods}`);
      e.sh('sleep 600');
      const enis = e.sh("aws ec2 describe-network-interfaces --query 'NetworkInterfaces[].Attachment.DeviceIndex' --output text").trim().split(/\s+/).filter(Boolean);
      const secondaries = e.sh("aws ec2 describe-network-interfaces --query 'NetworkInterfaces[].PrivateIpAddresses[?Primary==`false`].PrivateIpAddress' --output text").trim().split(/\s+/).filter(Boolean);
      expect(enis.length, `${seed} ENIs`).toBe(o.enis);
      if (scene.setting.kind !== 'prefix') expect(secondaries.length, `${seed} addresses`).toBe(o.addresses);
    }
  }, 60_000);
});

describe('datapath: the right answer is the packet the lab delivers', () => {
  it('pods keep their address inside the VPC; the internet sees the node’s public address; each node takes one off the TTL', () => {
    let kinds = new Set<string>();
    for (const seed of seeds(16)) {
      const item = quizItem('datapath', seed, sources);
      const [, src, ttl] = right(item).match(/^from (\S+), TTL (\d+)$/)!;
      const fact = item.facts.match(/^(?:pod \S+ \((\S+)\) on )?node \S+; node \S+: (\S+), public (\S+)\.$/)!;
      const [, podIp, nodeIp, publicIp] = fact;
      if (item.prompt.includes('www.google.com')) {
        kinds.add('internet');
        expect(src).toBe(publicIp);
        // The node, then the 11 routers the lab's traceroute to www.google.com counts beyond the gateway.
        expect(Number(ttl)).toBe(64 - 1 - 11);
      } else if (item.prompt.startsWith('`ssh')) {
        kinds.add('node');
        expect(src).toBe(nodeIp);
        expect(ttl).toBe('63');
      } else {
        expect(src).toBe(podIp);
        kinds.add(ttl === '63' ? 'same-node' : 'cross-node');
        expect(['62', '63']).toContain(ttl);
      }
    }
    expect(kinds.size).toBe(4);
  }, 60_000);

  it('the TTL is the one ping prints for the reply (the path is symmetric inside the VPC)', () => {
    const lab = newLab();
    for (const l of DATAPATH_SETUP) lab.sh(l);
    const item = quizItem('datapath', '1', sources);
    const cmd = item.prompt.match(/^`([^`]+)`/)![1];
    if (!cmd.includes('google')) {
      const ttl = right(item).match(/TTL (\d+)/)![1];
      expect(lab.sh(cmd)).toMatch(new RegExp(`ttl=${ttl} `));
    }
    expect(answerLabel({ src: '1.2.3.4', ttl: 9 })).toBe('from 1.2.3.4, TTL 9');
  }, 30_000);
});

describe('kube-proxy: the right answer is what iptables prints on a node', () => {
  it('the probability on rule k and the chain KUBE-SERVICES jumps to, read back with iptables -S', () => {
    for (const seed of seeds(12)) {
      const item = quizItem('kube-proxy', seed, sources);
      const n = Number(item.facts.match(/(\d+) endpoint/)?.[1] ?? item.prompt.match(/has (\d+) endpoints/)?.[1]);
      const lab = newLab();
      for (const l of kubeProxySetup(n)) lab.sh(l);
      const rule = item.prompt.match(/-S (KUBE-SVC-\w+)`, rule (\d+) jumps/);
      if (rule) {
        const lines = lab.sh(`ssh ec2-user@$N1 sudo iptables -t nat -S ${rule[1]}`).split('\n').filter((l) => l.includes('-j KUBE-SEP-'));
        const line = lines[Number(rule[2]) - 1];
        const p = line.match(/--probability (\S+)/)?.[1] ?? NO_PROBABILITY;
        expect(right(item)).toBe(p);
      } else if (item.prompt.includes('KUBE-SERVICES')) {
        const ip = lab.sh('kubectl get svc nginx-deployment -o jsonpath={.spec.clusterIP}');
        const line = lab.sh(`ssh ec2-user@$N1 sudo iptables -t nat -S KUBE-SERVICES | grep ${ip}/32`);
        expect(line).toContain(`-j ${right(item)}`);
      } else {
        const line = lab.sh('ssh ec2-user@$N1 sudo iptables -t nat -S KUBE-NODEPORTS | grep -- "-j KUBE-EXT"');
        expect(line).toContain(`-j ${right(item)}`);
      }
    }
  }, 120_000);
});

describe('load balancers: targets and the client address from the controller and the NLB', () => {
  it('ip targets are the pods on 8080, instance targets every node on the NodePort; the client address follows the target type', () => {
    const seen = new Set<string>();
    for (const seed of seeds(10)) {
      const item = quizItem('load-balancer', seed, sources);
      const answer = right(item);
      const ip = item.prompt.includes('target type ip');
      const preserve = item.prompt.includes('preserve_client_ip.enabled=true');
      const pods = item.facts.match(/echo pods? \(([^)]+)\)/)![1].split(', ');
      const nodes = [...item.facts.matchAll(/(i-[0-9a-f]+) \((\S+)\)/g)];
      const nodePort = item.facts.match(/NodePort (\d+)/)![1];
      const bastion = item.facts.match(/public address (\S+)\.$/)![1];
      if (item.prompt.includes('Which targets')) {
        seen.add(`targets ${ip}`);
        const expected = ip ? pods.map((p) => `${p}:8080`) : nodes.map((m) => `${m[1]}:${nodePort}`);
        expect(answer).toBe(expected.sort().join(', '));
      } else {
        seen.add(`client ${ip}`);
        if (ip && preserve) expect(answer).toBe(bastion);
        // preserve_client_ip off for ip targets: one of the NLB's nodes in the public subnets (192.168.1–3.x).
        else if (ip) expect(answer).toMatch(/^192\.168\.[123]\.\d+$/);
        // Instance targets: kube-proxy masquerades the NodePort connection to the node's address.
        else expect(nodes.map((m) => m[2])).toContain(answer);
        expect(pods).not.toContain(answer);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
