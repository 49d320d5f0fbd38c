// Datapath quiz items: one ping from the lab's netshoot pods (or a node) to another pod, or to the internet;
// with what source address and TTL does the echo request arrive? The right answer is the packet the model's
// network delivers (net/network.ts: the veth, the node's routing, the VPC CNI's AWS-SNAT-CHAIN-0, the internet
// gateway's 1:1 NAT); the wrong answers are the datapath's usual misreadings, each said in a sentence.
import type { Pod } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { type Endpoint, networkOf, type PathStep } from '../net/network.ts';
import { DEFAULT_TTL } from '../net/packet.ts';
import { createRng } from '../rng.ts';
import { assembleChoices, firstItem, type QuizItem, type QuizLab, type QuizMistake } from './item.ts';

export type DatapathKind = 'same-node' | 'cross-node' | 'internet' | 'node-to-pod';
const KINDS: DatapathKind[] = ['same-node', 'cross-node', 'internet', 'node-to-pod'];

/** The lab's troubleshooting pods, five of them so that some share a node. */
export const DATAPATH_SETUP = ['kubectl apply -f netshoot-pod.yaml', 'kubectl scale deployment netshoot-pod --replicas=5', 'sleep 30'];

export interface DatapathAnswer {
  src: string;
  ttl: number;
}

export const answerLabel = (a: DatapathAnswer) => `from ${a.src}, TTL ${a.ttl}`;

const short = (node: string) => node.split('.')[0];

function forwarderName(step: PathStep): string {
  const p = step.place;
  if (p.kind === 'node') return `node ${short(p.name)}`;
  if (p.kind === 'pod') return `pod ${p.name}`;
  if (p.kind === 'internet') return p.name;
  return p.kind === 'igw' ? 'the internet gateway' : p.kind === 'natgw' ? 'the NAT gateway' : p.kind;
}

interface Scene {
  kind: DatapathKind;
  title: string;
  from: Endpoint;
  fromPod?: Pod;
  dst: number;
  receiver: string;
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
    return { kind, title: `kubectl exec ${a.name} -- ping -c 1 www.google.com`, from: { kind: 'pod', pod: a }, fromPod: a, dst, receiver: `www.google.com (${formatIpv4(dst)})` };
  }
  if (kind === 'node-to-pod') {
    const nodes = c.nodes.filter((n) => n.name !== a.nodeName);
    if (!nodes.length) return null;
    const node = rng.pick(nodes);
    return { kind, title: `ssh ec2-user@${formatIpv4(node.enis[0].primaryIp)} ping -c 1 ${formatIpv4(a.ip!)}`, from: { kind: 'node', node }, dst: a.ip!, receiver: `pod ${a.name}` };
  }
  const others = pods.filter((p) => p !== a && (kind === 'same-node') === (p.nodeName === a.nodeName));
  if (!others.length) return null;
  const b = rng.pick(others);
  return { kind, title: `kubectl exec ${a.name} -- ping -c 1 ${formatIpv4(b.ip!)}`, from: { kind: 'pod', pod: a }, fromPod: a, dst: b.ip!, receiver: `pod ${b.name}` };
}

/** Builds an item on a lab whose netshoot pods are running (DATAPATH_SETUP done). */
export function buildDatapathItem(seed: string, variant: string, lab: QuizLab): QuizItem | null {
  const scene = pickScene(lab, variant);
  if (!scene) return null;
  const c = lab.cluster;
  const net = networkOf(c).sandbox();
  const { there } = pingExchangeOnce(net, scene, c.now);
  if (!there.received) return null;
  const right: DatapathAnswer = { src: formatIpv4(there.received.src), ttl: there.received.ttl };
  const forwarders = there.steps.filter((s) => s.forwarded).map(forwarderName);
  const inVpc = scene.kind !== 'internet';

  const node = scene.from.kind === 'node' ? scene.from.node : c.node(scene.fromPod!.nodeName ?? '');
  if (!node) return null;
  const addresses: { addr: string; what: string; why: string }[] = [];
  if (scene.fromPod) {
    addresses.push({
      addr: formatIpv4(scene.fromPod.ip!), what: `the pod's own address`,
      why: inVpc ? '' : "Keeps the pod's address all the way: the node's AWS-SNAT-CHAIN-0 rewrites traffic leaving the VPC to the node's primary address, and the internet gateway maps that to the node's public one.",
    });
  }
  addresses.push({
    addr: formatIpv4(node.enis[0].primaryIp), what: `node ${short(node.name)}'s primary address`,
    why: inVpc
      ? scene.fromPod ? "SNATs a packet that stays in the VPC: AWS-SNAT-CHAIN-0 returns before the SNAT rule for destinations in the VPC's CIDR, so pods reach pods with their own addresses." : ''
      : "Stops at the node's SNAT: the internet gateway then swaps the node's primary private address for its public one (1:1 NAT).",
  });
  addresses.push({
    addr: formatIpv4(node.publicIp), what: `node ${short(node.name)}'s public address`,
    why: inVpc ? 'Uses a public address inside the VPC: public addresses exist only at the internet gateway, on the way out of the VPC.' : '',
  });
  if (scene.kind === 'same-node' || scene.kind === 'cross-node') {
    addresses.push({ addr: '169.254.1.1', what: "the pods' gateway", why: "Takes the pod's gateway for a source: 169.254.1.1 is only the next hop in the pod's routes, answered by the host's proxy ARP; it never appears in a header." });
  }
  const mistakes: { label: string; mistake: QuizMistake }[] = [];
  // Routers past the VPC (the internet's, which the model counts without following them one by one).
  const beyond = DEFAULT_TTL - forwarders.length - right.ttl;
  const routers = forwarders.join(' and ');
  const ttlWrong: { ttl: number; id: string; why: string }[] = [];
  ttlWrong.push({ ttl: DEFAULT_TTL, id: 'ttl-unchanged', why: `Counts no routers: ${routers} forwarded it, taking ${forwarders.length === 1 ? 'one' : 'one each'} off the TTL (a pod's veth is a routed link, not a bridge)${beyond ? `, and so did ${beyond} routers on the internet` : ''}.` });
  if (beyond > 0) {
    ttlWrong.push({ ttl: DEFAULT_TTL - forwarders.length, id: 'ttl-only-vpc', why: `Counts only ${routers}: the ${beyond} routers between the internet gateway and ${scene.receiver} each take one off too.` });
  } else if (right.ttl < DEFAULT_TTL - 1) {
    ttlWrong.push({ ttl: right.ttl + 1, id: 'ttl-missed-hop', why: `Misses a router: ${routers} each took one off.` });
  }
  ttlWrong.push({
    ttl: right.ttl - 1, id: 'ttl-extra-hop',
    why: inVpc ? "Counts the VPC as a router: the VPC's fabric delivers between ENIs without taking anything off the TTL." : 'Counts the internet gateway as a router: it translates the address but takes nothing off the TTL.',
  });
  for (const a of addresses) {
    if (a.addr === right.src) continue;
    mistakes.push({ label: answerLabel({ src: a.addr, ttl: right.ttl }), mistake: { id: `source-${a.what.replace(/^node \S+'s /, 'node-').replace(/\W+/g, '-')}`, why: a.why || `Not ${a.what}.` } });
  }
  for (const t of ttlWrong) mistakes.push({ label: answerLabel({ src: right.src, ttl: t.ttl }), mistake: { id: t.id, why: t.why } });
  const choices = assembleChoices(seed, answerLabel(right), mistakes);
  if (!choices) return null;
  const srcWhat = addresses.find((a) => a.addr === right.src)?.what ?? 'the sender';
  const fromText = scene.fromPod ? `pod ${scene.fromPod.name} (${formatIpv4(scene.fromPod.ip!)}) on node ${short(node.name)}` : `node ${short(node.name)}`;
  return {
    topic: 'datapath', seed,
    prompt: `\`${scene.title}\`: with what source address and TTL does the echo request arrive at ${scene.receiver}?`,
    facts: `${fromText}; node ${short(node.name)}: ${formatIpv4(node.enis[0].primaryIp)}, public ${formatIpv4(node.publicIp)}.`,
    choices,
    explanation: [
      `The request leaves ${scene.fromPod ? 'the pod' : 'the node'} from ${scene.fromPod ? formatIpv4(scene.fromPod.ip!) : formatIpv4(node.enis[0].primaryIp)} with TTL ${DEFAULT_TTL}.`,
      ...there.steps.filter((s) => s.before && s.before.src !== s.packet.src).map((s) => `At ${forwarderName(s)}: ${s.what} (source ${formatIpv4(s.before!.src)} → ${formatIpv4(s.packet.src)}).`),
      beyond > 0
        ? `Routers that forwarded it: ${routers}, then ${beyond} on the internet: TTL ${DEFAULT_TTL} − ${forwarders.length} − ${beyond} = ${right.ttl}.`
        : `Routers that forwarded it: ${routers || 'none'}: TTL ${DEFAULT_TTL} − ${forwarders.length} = ${DEFAULT_TTL - forwarders.length}.`,
      `The model's packet at ${scene.receiver}: source ${right.src} (${srcWhat}), TTL ${right.ttl}.`,
    ],
  };
}

function pingExchangeOnce(net: ReturnType<typeof networkOf>, scene: Scene, at: number) {
  const request = {
    proto: 'icmp' as const, src: net.sourceAddress(scene.from, scene.dst), dst: scene.dst, ttl: DEFAULT_TTL, ipId: net.nextIpId(), length: 64,
    icmp: { type: 'echo-request' as const, id: 4242, seq: 1 },
  };
  return { there: net.send(scene.from, request, at) };
}

export function datapathItem(seed: string, newLab: () => QuizLab): QuizItem {
  const lab = newLab();
  for (const line of DATAPATH_SETUP) lab.sh(line);
  return firstItem(seed, (variant) => buildDatapathItem(seed, variant, lab));
}
