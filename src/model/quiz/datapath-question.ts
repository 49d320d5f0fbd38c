// Datapath quiz items: one ping from the lab's netshoot pods (or a node) to another pod, or to the internet;
// with what source address and TTL does the echo request arrive? The right answer is the packet the model's
// network delivers (net/network.ts: the veth, the node's routing, the VPC CNI's AWS-SNAT-CHAIN-0, the internet
// gateway's 1:1 NAT); the wrong answers are the datapath's usual misreadings, each said in a sentence.
import type { Pod } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { type Endpoint, networkOf, type PathStep } from '../net/network.ts';
import { DEFAULT_TTL } from '../net/packet.ts';
import { createRng } from '../rng.ts';
import { assembleChoices, type ChoiceSpec, firstItem, type QuizItem, type QuizLab, type QuizSpec, type Said, sayItem } from './item.ts';
import { type DatapathWords, en } from './words/en.ts';

export type DatapathKind = 'same-node' | 'cross-node' | 'internet' | 'node-to-pod';
const KINDS: DatapathKind[] = ['same-node', 'cross-node', 'internet', 'node-to-pod'];

/** The lab's troubleshooting pods, five of them so that some share a node. */
export const DATAPATH_SETUP = ['kubectl apply -f netshoot-pod.yaml', 'kubectl scale deployment netshoot-pod --replicas=5', 'sleep 30'];

export interface DatapathAnswer {
  src: string;
  ttl: number;
}

/** A choice's value: the source address and the TTL, the same answer in every language. */
const answerValue = (a: DatapathAnswer) => `${a.src}/${a.ttl}`;
export const answerLabel = (a: DatapathAnswer) => en.datapath.answer(a);

/** Where a packet was forwarded (a node, the internet gateway …), for the words to name. */
export type DatapathPlace = PathStep['place'];

/** Whose address a source address is. */
export type DatapathKindOfAddress = 'pod' | 'node-primary' | 'node-public' | 'gateway' | 'sender';

/** The mistakes' ids for source addresses (as they were when the English words made them). */
const SOURCE_MISTAKE: Record<DatapathKindOfAddress, string> = {
  pod: 'source-the-pod-s-own-address', 'node-primary': 'source-node-primary-address', 'node-public': 'source-node-public-address', gateway: 'source-the-pods-gateway', sender: 'source-the-sender',
};

export type DatapathReceiver = { pod?: string; host?: string; ip?: string };
type Phrase = Said<DatapathWords>;
type Choice = ChoiceSpec<DatapathWords>;

interface Scene {
  kind: DatapathKind;
  title: string;
  from: Endpoint;
  fromPod?: Pod;
  dst: number;
  receiver: DatapathReceiver;
}

function pickScene(lab: QuizLab, seed: string): Scene | null {
  const rng = createRng(`datapath:${seed}`);
  const c = lab.cluster;
  const pods = [...c.pods.values()].filter((p) => p.labels.app === 'netshoot-pod' && p.phase === 'Running' && p.ip !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  const kind = rng.pick(KINDS);
  const a = rng.pick(pods);
  if (!a) return null;
  if (kind === 'internet') {
    const dst = networkOf(c).resolve('www.google.com');
    if (dst === undefined) return null;
    return { kind, title: `kubectl exec ${a.name} -- ping -c 1 www.google.com`, from: { kind: 'pod', pod: a }, fromPod: a, dst, receiver: { host: 'www.google.com', ip: formatIpv4(dst) } };
  }
  if (kind === 'node-to-pod') {
    const nodes = c.nodes.filter((n) => n.name !== a.nodeName);
    if (!nodes.length) return null;
    const node = rng.pick(nodes);
    return { kind, title: `ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ping -c 1 ${formatIpv4(a.ip!)}`, from: { kind: 'node', node }, dst: a.ip!, receiver: { pod: a.name } };
  }
  const others = pods.filter((p) => p !== a && (kind === 'same-node') === (p.nodeName === a.nodeName));
  if (!others.length) return null;
  const b = rng.pick(others);
  return { kind, title: `kubectl exec ${a.name} -- ping -c 1 ${formatIpv4(b.ip!)}`, from: { kind: 'pod', pod: a }, fromPod: a, dst: b.ip!, receiver: { pod: b.name } };
}

/** Builds an item, before it is put into words, on a lab whose netshoot pods are running (DATAPATH_SETUP done). */
export function datapathSpec(seed: string, variant: string, lab: QuizLab): QuizSpec<DatapathWords> | null {
  const scene = pickScene(lab, variant);
  if (!scene) return null;
  const c = lab.cluster;
  const net = networkOf(c).sandbox();
  const { there } = pingExchangeOnce(net, scene, c.now);
  if (!there.received) return null;
  const right: DatapathAnswer = { src: formatIpv4(there.received.src), ttl: there.received.ttl };
  const forwarders = there.steps.filter((s) => s.forwarded).map((s) => s.place);
  const inVpc = scene.kind !== 'internet';

  const node = scene.from.kind === 'node' ? scene.from.node : c.node(scene.fromPod!.nodeName ?? '');
  if (!node) return null;
  const addresses: { addr: string; what: DatapathKindOfAddress; why?: Phrase }[] = [];
  if (scene.fromPod) {
    addresses.push({ addr: formatIpv4(scene.fromPod.ip!), what: 'pod', why: inVpc ? undefined : { say: 'source/pod-to-internet' } });
  }
  addresses.push({
    addr: formatIpv4(node.enis[0].primaryIp), what: 'node-primary',
    why: inVpc ? (scene.fromPod ? { say: 'source/snat-in-vpc' } : undefined) : { say: 'source/stops-at-snat' },
  });
  addresses.push({ addr: formatIpv4(node.publicIp), what: 'node-public', why: inVpc ? { say: 'source/public-in-vpc' } : undefined });
  if (scene.kind === 'same-node' || scene.kind === 'cross-node') {
    addresses.push({ addr: '169.254.1.1', what: 'gateway', why: { say: 'source/gateway' } });
  }
  const choice = (a: DatapathAnswer, mistake?: Choice['mistake']): Choice => ({ value: answerValue(a), label: { say: 'answer', slots: a }, correct: !mistake, ...(mistake ? { mistake } : {}) });
  const mistakes: Choice[] = [];
  // Routers past the VPC (the internet's, which the model counts without following them one by one).
  const beyond = DEFAULT_TTL - forwarders.length - right.ttl;
  const ttlWrong: { ttl: number; id: string; why: Phrase }[] = [];
  ttlWrong.push({ ttl: DEFAULT_TTL, id: 'ttl-unchanged', why: { say: 'ttl/unchanged', slots: { forwarders, beyond } } });
  if (beyond > 0) {
    ttlWrong.push({ ttl: DEFAULT_TTL - forwarders.length, id: 'ttl-only-vpc', why: { say: 'ttl/only-vpc', slots: { forwarders, beyond, receiver: scene.receiver } } });
  } else if (right.ttl < DEFAULT_TTL - 1) {
    ttlWrong.push({ ttl: right.ttl + 1, id: 'ttl-missed-hop', why: { say: 'ttl/missed-hop', slots: { forwarders } } });
  }
  ttlWrong.push({ ttl: right.ttl - 1, id: 'ttl-extra-hop', why: inVpc ? { say: 'ttl/vpc-as-router' } : { say: 'ttl/igw-as-router' } });
  for (const a of addresses) {
    if (a.addr === right.src) continue;
    mistakes.push(choice({ src: a.addr, ttl: right.ttl }, { id: SOURCE_MISTAKE[a.what], why: a.why ?? { say: 'source/not', slots: { what: a.what, node: node.name } } }));
  }
  for (const t of ttlWrong) mistakes.push(choice({ src: right.src, ttl: t.ttl }, { id: t.id, why: t.why }));
  const choices = assembleChoices(seed, choice(right), mistakes);
  if (!choices) return null;
  const srcWhat = addresses.find((a) => a.addr === right.src)?.what ?? 'sender';
  const start = scene.fromPod ? formatIpv4(scene.fromPod.ip!) : formatIpv4(node.enis[0].primaryIp);
  return {
    topic: 'datapath', seed,
    prompt: { say: 'prompt', slots: { command: scene.title, receiver: scene.receiver } },
    facts: {
      say: 'facts',
      slots: { ...(scene.fromPod ? { pod: scene.fromPod.name, podIp: formatIpv4(scene.fromPod.ip!) } : {}), node: node.name, nodeIp: formatIpv4(node.enis[0].primaryIp), publicIp: formatIpv4(node.publicIp) },
    },
    choices,
    explanation: [
      { say: 'explain/leaves', slots: { fromPod: scene.fromPod !== undefined, src: start, ttl: DEFAULT_TTL } },
      ...there.steps.filter((s) => s.before && s.before.src !== s.packet.src)
        .map((s): Phrase => ({ say: 'explain/rewrite', slots: { at: s.place, what: s.what, before: formatIpv4(s.before!.src), after: formatIpv4(s.packet.src) } })),
      beyond > 0
        ? { say: 'explain/ttl-internet', slots: { forwarders, beyond, start: DEFAULT_TTL, ttl: right.ttl } }
        : { say: 'explain/ttl', slots: { forwarders, start: DEFAULT_TTL, ttl: DEFAULT_TTL - forwarders.length } },
      { say: 'explain/arrives', slots: { receiver: scene.receiver, src: right.src, what: srcWhat, node: node.name, ttl: right.ttl } },
    ],
  };
}

/** The same, in English. */
export function buildDatapathItem(seed: string, variant: string, lab: QuizLab): QuizItem | null {
  const spec = datapathSpec(seed, variant, lab);
  return spec && sayItem(spec, en.datapath);
}

function pingExchangeOnce(net: ReturnType<typeof networkOf>, scene: Scene, at: number) {
  const request = {
    proto: 'icmp' as const, src: net.sourceAddress(scene.from, scene.dst), dst: scene.dst, ttl: DEFAULT_TTL, ipId: net.nextIpId(), length: 64,
    icmp: { type: 'echo-request' as const, id: 4242, seq: 1 },
  };
  return { there: net.send(scene.from, request, at) };
}

export function datapathItemSpec(seed: string, newLab: () => QuizLab): QuizSpec<DatapathWords> {
  const lab = newLab();
  for (const line of DATAPATH_SETUP) lab.sh(line);
  return firstItem(seed, (variant) => datapathSpec(seed, variant, lab));
}
