// The lesson quizzes' words in English: one template per phrase a quiz item says (its question, its facts, each
// mistake's reason, each line of its worked answer), filled with the numbers the model computed. The model picks
// the phrases (src/model/quiz/*-question.ts); ko.ts says the same phrases in Korean, with the same keys and slots.
import type { MaxPodsResult, MaxPodsStep } from '../../max-pods.ts';
import type { Mistake } from '../../max-pods-mistakes.ts';
import type { DatapathKindOfAddress, DatapathPlace, DatapathReceiver } from '../datapath-question.ts';
import { describeSetup, type QuizSetup } from '../max-pods-question.ts';
import type { WarmPoolMeasure } from '../warm-pool-question.ts';
import { settingEnv, type WarmPoolSetting } from '../warm-pool-setting.ts';

/** "An m5.large", "A t3.medium": the article as the name is read aloud. */
export const article = (name: string) => (/^[aefhilmnorsx]/i.test(name) ? 'An' : 'A');

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

export function describeSetting(s: WarmPoolSetting): string {
  const env = settingEnv(s);
  return env.length === 0 ? 'the default WARM_ENI_TARGET=1' : env.map(([k, v]) => `${k}=${v}`).join(', ');
}

const WARM_POOL_QUESTION: Record<WarmPoolMeasure, string> = {
  enis: 'How many ENIs does the node have attached',
  addresses: 'How many secondary IPv4 addresses does the node hold in all (used and free)',
  prefixes: 'How many /28 prefixes does the node hold',
};

type N = number;

const warmPool = {
  prompt: (s: { type: string; pods: N; setting: WarmPoolSetting; measure: WarmPoolMeasure }) =>
    `${article(s.type)} ${s.type} node runs ${s.pods} ${plural(s.pods, 'pod')} with VPC addresses, with ${describeSetting(s.setting)}. ${WARM_POOL_QUESTION[s.measure]} once ipamd has settled?`,
  facts: (s: { type: string; maxEnis: N; ips: N }) => `${s.type}: ${s.maxEnis} ENIs, ${s.ips} IPv4 addresses per ENI.`,
  // Why a wrong count is wrong: n pods, s secondary slots per ENI.
  'enis/no-warm-eni': (s: { n: N }) => `Counts only the ENIs the ${s.n} pods need: WARM_ENI_TARGET=1 keeps one more ENI's worth of addresses free.`,
  'enis/counted-primary': (s: { s: N }) => `Gives each ENI ${s.s + 1} pod addresses: the ENI's primary address is never a pod's, so it holds ${s.s}.`,
  'enis/attaches-all': (s: { maxEnis: N }) => `Assumes ipamd attaches every ENI the instance allows (${s.maxEnis}); it attaches them as the warm target asks.`,
  'enis/warm-eni-is-extra-two': () => 'Adds the warm ENI on top of a spare one: the warm target counts free addresses, not extra ENIs beyond a reserve.',
  'addresses/pods-only': () => 'Counts only the addresses pods use: ipamd also keeps a warm pool of free ones.',
  'addresses/warm-not-whole-eni': (s: { s: N; n: N }) => `Adds one ENI's worth (${s.s}) to the pods' ${s.n}, but ipamd allocates every slot of each ENI it attaches.`,
  'addresses/counted-primary': (s: { enis: N; s: N }) => `Counts each ENI's primary address as a secondary one (${s.enis} × ${s.s + 1}).`,
  'addresses/no-warm-eni': (s: { enis: N; s: N }) => `Fills only the ENIs the pods need (${s.enis} × ${s.s}): WARM_ENI_TARGET=1 wants a whole ENI's worth free.`,
  'addresses/one-warm-address': () => 'Reads WARM_ENI_TARGET=1 as one warm address.',
  'warm-ip/pods-only': () => 'Counts only the addresses pods use: WARM_IP_TARGET keeps that many free on top.',
  'warm-ip/target-is-total': (s: { n: N }) => `Reads WARM_IP_TARGET as a total; it is the number of free addresses kept beyond the ${s.n} in use.`,
  'warm-ip/minimum-ignored': (s: { minimumIp: N }) => `Forgets MINIMUM_IP_TARGET=${s.minimumIp}: the node holds at least that many in all.`,
  'warm-ip/targets-added': () => 'Adds the warm target on top of the minimum; ipamd keeps whichever asks for more, not their sum.',
  'warm-ip/per-eni-target': (s: { enis: N; warmIp: N }) => `Reads WARM_IP_TARGET as free addresses per ENI (${s.enis} × ${s.warmIp}); it counts them across the node.`,
  'warm-ip/warm-eni-still-applies': () => 'Allocates whole ENIs as with WARM_ENI_TARGET; once WARM_IP_TARGET is set, ipamd ignores the warm ENI target and allocates address by address.',
  'prefix/forgot-warm-prefix': () => 'Counts only the prefixes the pods use: WARM_PREFIX_TARGET=1 keeps one /28 wholly free.',
  'prefix/partial-prefix-is-warm': () => 'Treats the free addresses of a partly used /28 as the warm prefix: only a prefix no pod uses counts.',
  'prefix/two-warm': () => 'Keeps two free prefixes: the target is one.',
  'prefix/prefix-per-pod': (s: { perPrefix: N }) => `Gives each pod its own /28: a prefix holds ${s.perPrefix} pod addresses.`,
  'prefix/fills-eni-with-prefixes': (s: { enis: N; s: N }) => `Fills every slot of the ENI with a prefix (${s.enis} × ${s.s}), as WARM_ENI_TARGET would.`,
  // The worked answer.
  'explain/limits': (s: { type: string; maxEnis: N; slots: N }) =>
    `${article(s.type)} ${s.type} can attach ${s.maxEnis} ENIs with ${s.slots + 1} IPv4 addresses each: ${s.slots} secondary slots per ENI besides its primary address.`,
  'explain/warm-eni': (s: { slots: N; pods: N }) => `WARM_ENI_TARGET=1: ipamd keeps at least ${s.slots} addresses (one ENI's worth) free beyond the ${s.pods} pods' and fills each ENI it attaches.`,
  'explain/warm-ip': (s: { warmIp: N; minimumIp: N; pods: N }) =>
    `WARM_IP_TARGET=${s.warmIp}: ipamd keeps ${s.warmIp} free addresses beyond the ${s.pods} in use${s.minimumIp ? `, and at least MINIMUM_IP_TARGET=${s.minimumIp} in all` : ''}; the warm ENI target no longer applies.`,
  'explain/prefix': (s: { perPrefix: N }) => `Prefix delegation: each slot holds a /28 of ${s.perPrefix} addresses; WARM_PREFIX_TARGET=1 keeps one /28 that no pod uses.`,
  'explain/outcome': (s: { pods: N; enis: N; addresses: N; prefixes: N }) =>
    `The model's ipamd, ten minutes after the ${s.pods} pods started: ${s.enis} ${plural(s.enis, 'ENI')}, ${s.addresses} secondary addresses${s.prefixes ? ` in ${s.prefixes} prefixes` : ''}.`,
};

const short = (node: string) => node.split('.')[0];

/** A place a packet was forwarded at, as the datapath's steps name it. */
function placeName(p: DatapathPlace): string {
  if (p.kind === 'node') return `node ${short(p.name)}`;
  if (p.kind === 'pod') return `pod ${p.name}`;
  if (p.kind === 'internet') return p.name;
  return p.kind === 'igw' ? 'the internet gateway' : p.kind === 'natgw' ? 'the NAT gateway' : p.kind;
}
const places = (ps: DatapathPlace[]) => ps.map(placeName).join(' and ');

const ADDRESS: Record<DatapathKindOfAddress, (node: string) => string> = {
  pod: () => "the pod's own address",
  'node-primary': (node) => `node ${short(node)}'s primary address`,
  'node-public': (node) => `node ${short(node)}'s public address`,
  gateway: () => "the pods' gateway",
  sender: () => 'the sender',
};

/** Where the echo request goes: a pod, or a host on the internet with its address. */
const receiver = (r: DatapathReceiver) => (r.pod ? `pod ${r.pod}` : `${r.host} (${r.ip})`);

const datapath = {
  prompt: (s: { command: string; receiver: DatapathReceiver }) =>
    `\`${s.command}\`: with what source address and TTL does the echo request arrive at ${receiver(s.receiver)}?`,
  facts: (s: { pod?: string; podIp?: string; node: string; nodeIp: string; publicIp: string }) =>
    `${s.pod ? `pod ${s.pod} (${s.podIp}) on node ${short(s.node)}` : `node ${short(s.node)}`}; node ${short(s.node)}: ${s.nodeIp}, public ${s.publicIp}.`,
  answer: (s: { src: string; ttl: N }) => `from ${s.src}, TTL ${s.ttl}`,
  // Why a source address is wrong.
  'source/pod-to-internet': () =>
    "Keeps the pod's address all the way: the node's AWS-SNAT-CHAIN-0 rewrites traffic leaving the VPC to the node's primary address, and the internet gateway maps that to the node's public one.",
  'source/snat-in-vpc': () =>
    "SNATs a packet that stays in the VPC: AWS-SNAT-CHAIN-0 returns before the SNAT rule for destinations in the VPC's CIDR, so pods reach pods with their own addresses.",
  'source/stops-at-snat': () => "Stops at the node's SNAT: the internet gateway then swaps the node's primary private address for its public one (1:1 NAT).",
  'source/public-in-vpc': () => 'Uses a public address inside the VPC: public addresses exist only at the internet gateway, on the way out of the VPC.',
  'source/gateway': () => "Takes the pod's gateway for a source: 169.254.1.1 is only the next hop in the pod's routes, answered by the host's proxy ARP; it never appears in a header.",
  'source/not': (s: { what: DatapathKindOfAddress; node: string }) => `Not ${ADDRESS[s.what](s.node)}.`,
  // Why a TTL is wrong: the places that forwarded the packet, and the routers beyond the VPC.
  'ttl/unchanged': (s: { forwarders: DatapathPlace[]; beyond: N }) =>
    `Counts no routers: ${places(s.forwarders)} forwarded it, taking ${s.forwarders.length === 1 ? 'one' : 'one each'} off the TTL (a pod's veth is a routed link, not a bridge)${s.beyond ? `, and so did ${s.beyond} routers on the internet` : ''}.`,
  'ttl/only-vpc': (s: { forwarders: DatapathPlace[]; beyond: N; receiver: DatapathReceiver }) =>
    `Counts only ${places(s.forwarders)}: the ${s.beyond} routers between the internet gateway and ${receiver(s.receiver)} each take one off too.`,
  'ttl/missed-hop': (s: { forwarders: DatapathPlace[] }) => `Misses a router: ${places(s.forwarders)} each took one off.`,
  'ttl/vpc-as-router': () => "Counts the VPC as a router: the VPC's fabric delivers between ENIs without taking anything off the TTL.",
  'ttl/igw-as-router': () => 'Counts the internet gateway as a router: it translates the address but takes nothing off the TTL.',
  // The worked answer.
  'explain/leaves': (s: { fromPod: boolean; src: string; ttl: N }) => `The request leaves ${s.fromPod ? 'the pod' : 'the node'} from ${s.src} with TTL ${s.ttl}.`,
  'explain/rewrite': (s: { at: DatapathPlace; what: string; before: string; after: string }) => `At ${placeName(s.at)}: ${s.what} (source ${s.before} → ${s.after}).`,
  'explain/ttl-internet': (s: { forwarders: DatapathPlace[]; beyond: N; start: N; ttl: N }) =>
    `Routers that forwarded it: ${places(s.forwarders)}, then ${s.beyond} on the internet: TTL ${s.start} − ${s.forwarders.length} − ${s.beyond} = ${s.ttl}.`,
  'explain/ttl': (s: { forwarders: DatapathPlace[]; start: N; ttl: N }) =>
    `Routers that forwarded it: ${places(s.forwarders) || 'none'}: TTL ${s.start} − ${s.forwarders.length} = ${s.ttl}.`,
  'explain/arrives': (s: { receiver: DatapathReceiver; src: string; what: DatapathKindOfAddress; node: string; ttl: N }) =>
    `The model's packet at ${receiver(s.receiver)}: source ${s.src} (${ADDRESS[s.what](s.node)}), TTL ${s.ttl}.`,
};

const kubeProxy = {
  'prompt/nodeport': (s: { target: string; address: string; node: string }) => `A client outside the cluster connects to the nginx Service's NodePort on a node (${s.target}). Which chain does the node's KUBE-NODEPORTS rule send it to?`,
  'prompt/cluster-ip': (s: { packet: string }) => `A pod opens a connection to the nginx Service's ClusterIP (${s.packet}). Which chain does the KUBE-SERVICES rule for it jump to?`,
  'facts/chain': (s: { endpoints: N }) => `The Service has ${s.endpoints} ${plural(s.endpoints, 'endpoint')}; kube-proxy runs in iptables mode.`,
  'chain/jumps-to-endpoint': (s: { from: string; ext?: string; svc: string }) =>
    `Skips the Service chain: ${s.from} jumps to ${s.ext ? `${s.ext}, which jumps to ` : ''}${s.svc}, and that chain's rules pick the endpoint's KUBE-SEP-* chain.`,
  'chain/firewall-chain': () => 'KUBE-FW-* chains exist only for a LoadBalancer Service\'s load balancer IPs; this Service has none.',
  'chain/skips-ext': (s: { ext: string; svc: string }) => `Leaves out ${s.ext}: traffic from outside goes through it first, to be marked for masquerade (externalTrafficPolicy: Cluster), then to ${s.svc}.`,
  'chain/back-to-services': () => 'KUBE-SERVICES is where the packet came from: its last rule sent it to KUBE-NODEPORTS because it was addressed to the node.',
  'chain/ext-chain': () => 'KUBE-EXT-* is for traffic to the Service from outside the cluster (a NodePort or a load balancer); a pod reaching the ClusterIP goes straight to KUBE-SVC-*.',
  'chain/nodeports': () => "KUBE-NODEPORTS is for packets to the node's own addresses; the ClusterIP has its own rule in KUBE-SERVICES.",
  'explain/rule': (s: { chain: string; index: N; of: N; target: string }) => `${s.chain} rule ${s.index} of ${s.of}: → ${s.target}`,
  'explain/hash': (s: { hash: string }) => `The chain names end in a hash of the Service port's name and protocol (${s.hash}), so every node has the same names.`,
  'prompt/probability': (s: { n: N; chain: string; rule: N; sep: string; endpoint: string }) =>
    `The nginx Service has ${s.n} endpoints. In \`iptables -t nat -S ${s.chain}\`, rule ${s.rule} jumps to ${s.sep} (${s.endpoint}). What does iptables print after --probability on it?`,
  'facts/probability': (s: { endpoints: string[] }) => `Endpoints in the chain's order: ${s.endpoints.join(', ')}.`,
  /** The choice for the last rule, which has no probability. */
  'no-probability': () => 'none: the last rule jumps unconditionally',
  'probability/as-kube-proxy-writes': (s: { left: N }) =>
    `That is what kube-proxy writes (%0.10f of 1/${s.left}); xt_statistic stores it in units of 2^-31 and iptables prints the stored value with 11 decimals.`,
  'probability/equal-share': (s: { n: N; rule: N; left: N }) => `Gives every rule 1/${s.n}: each rule draws among the connections still left, so rule ${s.rule} of ${s.n} has 1/${s.left}.`,
  'probability/counted-from-bottom': (s: { n: N; rule: N; left: N }) => `Counts from the wrong end: the first rule has 1/${s.n}, the last none; rule ${s.rule} has 1/${s.left}.`,
  'probability/last-rule-probability': () => 'kube-proxy leaves the statistic match off the last rule: whatever reaches it, goes there.',
  'probability/only-last-unconditional': (s: { n: N; rule: N; left: N }) => `Only the last rule (${s.n} of ${s.n}) has no probability; rule ${s.rule} draws with 1/${s.left}.`,
  'explain/writes': (s: { rows: { fraction?: string; kubeProxy?: string }[] }) =>
    `kube-proxy writes rule i of n (from 0) with probability 1/(n − i), as fmt's %0.10f: ${s.rows.map((r, i) => (r.kubeProxy ? `${r.fraction} = ${r.kubeProxy}` : `rule ${i + 1}: none`)).join('; ')}.`,
  'explain/prints': (s: { printed: (string | undefined)[] }) => `iptables stores round(2^31 × p) and prints it back with %.11f: ${s.printed.map((p) => p ?? '—').join(', ')}.`,
  'explain/shares': (s: { n: N; shares: N[] }) => `Each endpoint ends up with 1/${s.n} of new connections: ${s.shares.map((x) => x.toFixed(4)).join(', ')}.`,
};

const loadBalancer = {
  facts: (s: { pods: string[]; nodePort: N; nodes: { id: string; ip: string }[]; bastion: string }) =>
    `${s.pods.length} echo ${plural(s.pods.length, 'pod')} (${s.pods.join(', ')}) on port 8080; Service port 80, NodePort ${s.nodePort}; nodes ${s.nodes.map((n) => `${n.id} (${n.ip})`).join(', ')}; the bastion's public address ${s.bastion}.`,
  'prompt/targets': (s: { targetType: string; preserve?: boolean }) =>
    `An NLB Service (target type ${s.targetType}${s.preserve !== undefined ? `, preserve_client_ip.enabled=${s.preserve}` : ''}) selects the echo pods. Which targets does the controller register in its target group?`,
  'prompt/client': (s: { targetType: string; preserve?: boolean }) =>
    `An NLB Service (target type ${s.targetType}${s.preserve !== undefined ? `, preserve_client_ip.enabled=${s.preserve}` : ''}) selects the echo pods. From the bastion, \`curl -s $NLB | grep client_address\`: which address does the echo pod print?`,
  'explain/registers': (s: { targetType: string; targets: string }) =>
    `The controller builds a target group of type ${s.targetType} and registers ${s.targetType === 'ip' ? "the pods' addresses on the container port (ip targets: the VPC CNI gives pods VPC addresses)" : 'every node by instance ID on the NodePort (kube-proxy takes it from there)'}: ${s.targets}.`,
  'explain/preserve': (s: { preserve: boolean; setByService: boolean; targetType: string }) =>
    `preserve_client_ip.enabled is ${s.preserve}${s.setByService ? ' (set by the Service)' : ` (AWS's default for ${s.targetType} targets)`}: the target sees ${s.preserve ? "the client's own address" : "the NLB node's private address in the AZ it entered"}.`,
  'explain/masquerade': () =>
    "The node's kube-proxy then sends the NodePort connection on through KUBE-EXT-*, which marks it for masquerade (externalTrafficPolicy: Cluster): the pod sees the address of the node that forwarded it.",
  'explain/curl': (s: { client: string }) => `In the model, curl from the bastion to the NLB gets back client_address=${s.client}.`,
  'targets/instance-for-ip': () => 'Those are instance targets: with target type ip the controller registers the pods themselves.',
  'targets/service-port': () => "Registers the Service's port: ip targets get the pods' container port (targetPort 8080).",
  'targets/nodeport-on-pods': () => 'The NodePort is a port on the nodes; pods listen on their container port.',
  'targets/node-addresses': () => "Registers the nodes' addresses: ip targets are the pods' own VPC addresses.",
  'targets/ip-for-instance': () => 'Those are ip targets: with target type instance the controller registers nodes by instance ID, on the NodePort.',
  'targets/only-nodes-with-pods': () => 'Registers only nodes with an echo pod: with externalTrafficPolicy Cluster every node is a target, and kube-proxy forwards to a pod elsewhere.',
  'targets/container-port-on-nodes': () => 'Instance targets take traffic on the NodePort; nothing on the node listens on the container port.',
  'targets/service-port-on-nodes': () => "The Service's port 80 exists only on its ClusterIP; instance targets get the NodePort.",
  'client/preserved-instance': () => "The NLB keeps the client's address as far as the node, but kube-proxy masquerades the NodePort connection on its way to the pod (externalTrafficPolicy: Cluster).",
  'client/not-preserved-instance': () => 'The client address is not preserved here (preserve_client_ip.enabled=false), and kube-proxy masquerades NodePort connections besides.',
  'client/preserved-ip': () => "The client's address reaches an ip target only when preserve_client_ip.enabled is true; AWS's default for ip targets is false.",
  'client/private': () => 'The bastion reaches an internet-facing NLB through the internet gateway, with its public address; its private one never leaves the VPC.',
  'client/nlb-private-instance': () => "The NLB node's address is what reaches the node at most; kube-proxy masquerades the connection to the pod with the node's own address.",
  'client/nlb-private-ip': () => "An NLB node's private address appears only when client IP preservation is off; it is on here.",
  'client/node-snat': () => 'A node address appears when kube-proxy forwards a NodePort connection (instance targets); with ip targets the NLB sends to the pod directly.',
};

/** The max-pods lesson's question in the shape the other quizzes share (the review page shows it so): the
 *  model's own English (max-pods.ts, max-pods-mistakes.ts, describeSetup), which the CLI prints too. */
const maxPods = {
  prompt: (s: { setup: QuizSetup }) => describeSetup(s.setup),
  facts: (s: { type: string; enis: N; ips: N; vcpus: N | null }) => `${s.type}: ${s.enis} ENIs, ${s.ips} IPv4 addresses per ENI, ${s.vcpus} vCPUs.`,
  why: (s: { mistake: Mistake; result: MaxPodsResult }) => `${s.mistake.why} (${s.mistake.working})`,
  formula: (s: { formula: string }) => s.formula,
  step: (s: { step: MaxPodsStep; result: MaxPodsResult }) => `${s.step.term}: ${s.step.working ? `${s.step.working} = ` : ''}${s.step.value}. ${s.step.meaning}`,
  note: (s: { index: N; result: MaxPodsResult }) => s.result.notes[s.index],
};

export const en = { 'warm-pool': warmPool, datapath, 'kube-proxy': kubeProxy, 'load-balancer': loadBalancer, 'max-pods': maxPods };

export type QuizWords = typeof en;
export type WarmPoolWords = typeof warmPool;
export type DatapathWords = typeof datapath;
export type KubeProxyWords = typeof kubeProxy;
export type LoadBalancerWords = typeof loadBalancer;
export type MaxPodsItemWords = typeof maxPods;
