// Each lesson's printable cheat sheet, as data: the formulas with a worked example the model computes, the
// instance rows the lesson uses, and the key commands with what the simulated lab prints for them. Built at build
// time (src/pages/cheat-sheets/[lesson].astro); nothing here is typed by hand but the commands and the words.
import { getInstanceType } from '../../model/catalog/index.ts';
import { computeMaxPods } from '../../model/max-pods.ts';
import { printedProbability } from '../../model/quiz/kube-proxy-question.ts';
import { DATAPATH_SETUP } from '../../model/quiz/datapath-question.ts';
import { LB_CONTROLLER_SETUP } from '../../model/quiz/load-balancer-question.ts';
import { runWarmPool, type WarmPoolSetting, describeSetting } from '../../model/quiz/warm-pool-question.ts';
import { probability } from '../../model/proxy/iptables-rules.ts';
import { labFiles } from '../../node/lab-content.ts';
import { autoMtu, type CniMode } from '../../model/calico/config.ts';
import { createEngine } from '../../shell/engine.ts';
import { stripAnsi } from '../../shell/format/ansi.ts';

export interface Formula {
  name: string;
  /** The rule in symbols. */
  rule: string;
  /** The rule with one case's numbers, as the model computes it. */
  example: string;
}

export interface SheetTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface SheetCommand {
  cmd: string;
  note: string;
  output: string;
}

export interface CheatSheet {
  lesson: string;
  title: string;
  formulas: Formula[];
  tables: SheetTable[];
  commands: SheetCommand[];
}

interface CommandDef {
  cmd: string;
  note: string;
  /** Keep only the first lines of long output. */
  lines?: number;
}

/** Runs `setup` quietly, then each command, on a fresh lab (with Calico as its CNI if `cni` says so); outputs are
 *  cut to `lines` lines. */
function runCommands(setup: string[], defs: CommandDef[], cni?: CniMode): SheetCommand[] {
  const e = createEngine({ files: labFiles(), ...(cni ? { cni } : {}) });
  for (const line of setup) e.shell.run(line);
  return defs.map((d) => {
    const all = stripAnsi(e.shell.run(d.cmd).output).replace(/\n$/, '').split('\n');
    const lines = d.lines && all.length > d.lines ? [...all.slice(0, d.lines), `… (${all.length - d.lines} more lines)`] : all;
    return { cmd: d.cmd, note: d.note, output: lines.join('\n') };
  });
}

const mp = (name: string, o: Parameters<typeof computeMaxPods>[1] = {}) => computeMaxPods(getInstanceType(name)!, o);

function maxPodsRows(names: string[]): SheetTable {
  return {
    caption: 'Instance types the lessons use (VPC CNI 1.23.1, the calculator’s recommendation)',
    columns: ['Instance', 'ENIs', 'IPv4 per ENI', 'vCPUs', 'Max pods', 'With prefix delegation', 'Custom networking'],
    rows: names.map((n) => {
      const t = getInstanceType(n)!;
      return [n, t.maxEnis, t.ipv4PerEni, t.vcpus ?? '?', mp(n).value ?? '?', mp(n, { prefixDelegation: true }).value ?? '?', mp(n, { customNetworking: true }).value ?? '?'];
    }),
  };
}

const LAB_TYPES = ['t3.medium', 't3.large', 'm5.large', 'm5.xlarge', 'c5.xlarge', 'm5.24xlarge'];

function warmPoolTable(): SheetTable {
  const settings: WarmPoolSetting[] = [{ kind: 'warm-eni' }, { kind: 'warm-ip', warmIp: 2, minimumIp: 4 }, { kind: 'prefix' }];
  const pods = [1, 5, 10];
  return {
    caption: 'A t3.medium after ten minutes: ENIs / secondary addresses (prefixes), by pods with VPC addresses',
    columns: ['Settings', ...pods.map((n) => `${n} pods`)],
    rows: settings.map((s) => [describeSetting(s), ...pods.map((n) => {
      const o = runWarmPool({ instanceType: 't3.medium', setting: s, pods: n, measure: 'addresses' });
      return `${o.enis} / ${o.addresses}${o.prefixes ? ` (${o.prefixes})` : ''}`;
    })]),
  };
}

function warmExample(type: string, setting: WarmPoolSetting, pods: number, say: (o: ReturnType<typeof runWarmPool>) => string): string {
  return `${type}, ${pods} pod${pods === 1 ? '' : 's'}, ${describeSetting(setting)}: ${say(runWarmPool({ instanceType: type, setting, pods, measure: 'addresses' }))}`;
}

function diceTable(n: number): SheetTable {
  return {
    caption: `kube-proxy's KUBE-SVC-* rules for ${n} endpoints`,
    columns: ['Rule', 'Probability', 'kube-proxy writes', 'iptables prints', 'Share of new connections'],
    rows: Array.from({ length: n }, (_, i) => i < n - 1
      ? [i + 1, `1/${n - i}`, probability(n - i), printedProbability(Number(probability(n - i))), `1/${n}`]
      : [i + 1, 'none (jumps)', '—', '—', `1/${n}`]),
  };
}

const SVC_SETUP = ['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=3', 'kubectl apply -f netshoot-pod.yaml', 'sleep 30', 'kubectl expose deployment nginx-deployment --port=80 --type=NodePort'];

type Def = () => Omit<CheatSheet, 'lesson'>;

export const SHEETS: Record<string, Def> = {
  'max-pods': () => ({
    title: 'Max pods per node',
    formulas: [
      { name: 'Max pods', rule: 'ENIs × (IPv4 per ENI − 1) + 2', example: `t3.medium: ${mp('t3.medium').formula}` },
      { name: 'Ceiling', rule: 'min(110 below 30 vCPUs, else 250; the formula)', example: `m5.24xlarge: ${mp('m5.24xlarge').formula}` },
      { name: 'Prefix delegation', rule: 'ENIs × (IPv4 per ENI − 1) × 16 + 2, then the ceiling', example: `m5.large: ${mp('m5.large', { prefixDelegation: true }).formula}` },
      { name: 'Custom networking', rule: '(ENIs − 1) × (IPv4 per ENI − 1) + 2', example: `t3.medium: ${mp('t3.medium', { customNetworking: true }).formula}` },
    ],
    tables: [maxPodsRows(LAB_TYPES)],
    commands: runCommands([], [
      { cmd: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,MAXPODS:.status.allocatable.pods', note: "The kubelet's max pods on each node of the lab" },
    ]),
  }),
  'pod-ip': () => ({
    title: 'How a pod gets a VPC IP',
    formulas: [{ name: 'Pod addresses per node', rule: 'ENIs × (IPv4 per ENI − 1)', example: `t3.medium: ${getInstanceType('t3.medium')!.maxEnis} × (${getInstanceType('t3.medium')!.ipv4PerEni} − 1) = ${getInstanceType('t3.medium')!.maxEnis * (getInstanceType('t3.medium')!.ipv4PerEni - 1)}` }],
    tables: [],
    commands: runCommands(['kubectl apply -f netshoot-pod.yaml', 'sleep 30'], [
      { cmd: 'ssh ec2-user@$N1 ip -br addr show', note: "The node's ENIs (eth0, eth1) and one veth per pod" },
      { cmd: 'kubectl exec $PODNAME1 -- ip route', note: "Inside the pod: everything goes to 169.254.1.1 on eth0" },
      { cmd: 'ssh ec2-user@$N1 ip rule', note: 'Policy routing: traffic to a pod uses the main table' },
      { cmd: 'ssh ec2-user@$N1 ip route', note: 'A host route per pod, to its veth', lines: 8 },
    ]),
  }),
  'warm-pool': () => ({
    title: 'L-IPAM and the warm pool',
    formulas: [
      { name: 'WARM_ENI_TARGET=n', rule: 'free addresses ≥ n × (IPv4 per ENI − 1); whole ENIs, every slot filled', example: warmExample('t3.medium', { kind: 'warm-eni' }, 5, (o) => `${o.enis} ENIs, ${o.addresses} addresses`) },
      { name: 'WARM_IP_TARGET=w, MINIMUM_IP_TARGET=m', rule: 'total = max(used + w, m), address by address', example: warmExample('m5.large', { kind: 'warm-ip', warmIp: 2, minimumIp: 4 }, 1, (o) => `${o.addresses} addresses`) },
      { name: 'WARM_PREFIX_TARGET=1', rule: 'one /28 (16 addresses) that no pod uses, beyond the prefixes in use', example: warmExample('t3.large', { kind: 'prefix' }, 17, (o) => `${o.prefixes} prefixes`) },
    ],
    tables: [warmPoolTable()],
    commands: runCommands([], [
      { cmd: 'kubectl describe daemonset aws-node -n kube-system | grep WARM', note: 'The settings as EKS ships them' },
      { cmd: 'kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2 MINIMUM_IP_TARGET=4', note: 'Changing them restarts aws-node' },
    ]),
  }),
  'filling-a-node': () => {
    const t = getInstanceType('t3.medium')!;
    const per = mp('t3.medium').value!;
    return {
      title: 'Filling a node: 50 replicas, 7 Pending',
      formulas: [
        { name: 'Pods the lab holds', rule: 'nodes × max pods', example: `3 × ${per} = ${3 * per}` },
        { name: 'Left for a deployment', rule: 'minus aws-node and kube-proxy per node, and CoreDNS', example: `${3 * per} − 6 − 2 = ${3 * per - 8}` },
        { name: 'Addresses on a full node', rule: 'ENIs × (IPv4 per ENI − 1)', example: `${t.maxEnis} × (${t.ipv4PerEni} − 1) = ${t.maxEnis * (t.ipv4PerEni - 1)}` },
      ],
      tables: [maxPodsRows(['t3.medium'])],
      commands: runCommands(['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=50', 'sleep 60'], [
        { cmd: 'kubectl get pods | grep -c Pending', note: 'Pods that found no node' },
        { cmd: 'kubectl get pods --field-selector=status.phase=Pending -o name | head -1 | xargs kubectl describe | tail -3', note: "The scheduler's reason" },
      ]),
    };
  },
  'pod-to-pod': () => {
    const commands = runCommands(['kubectl apply -f netshoot-pod.yaml', 'sleep 30'], [
      { cmd: 'kubectl exec $PODNAME1 -- ping -c 1 $PODIP2', note: 'A pod on another node' },
      { cmd: 'kubectl exec $PODNAME1 -- curl -s ipinfo.io/ip', note: 'The address the internet sees: the node’s public one' },
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S AWS-SNAT-CHAIN-0', note: 'Only traffic leaving the VPC CIDR is SNATed' },
      { cmd: 'ssh ec2-user@$N1 ip rule', note: 'Pod traffic leaves by the ENI its address belongs to' },
    ]);
    const ttl = commands[0].output.match(/ttl=(\d+)/)?.[1] ?? '?';
    return {
      title: 'Pod to pod, pod to internet',
      formulas: [
        { name: 'TTL at the receiver', rule: '64 − hosts that forwarded it (each node on the way)', example: `pod → pod on another node: ping shows ttl=${ttl}` },
        { name: 'Source address', rule: 'inside the VPC: the pod’s own; leaving it: the node’s primary (AWS-SNAT-CHAIN-0), then its public one at the internet gateway', example: `the internet sees ${commands[1].output.trim()}` },
      ],
      tables: [],
      commands,
    };
  },
  'services-kube-proxy': () => ({
    title: 'Services and kube-proxy',
    formulas: [
      { name: 'Rule i of n in KUBE-SVC-*', rule: 'probability 1/(n − i), the last rule none', example: `n = 3: ${probability(3)}, ${probability(2)}, none` },
      { name: 'As iptables prints it', rule: 'round(2^31 × p) / 2^31, with 11 decimals', example: `1/3: ${printedProbability(1 / 3)}` },
    ],
    tables: [diceTable(4)],
    commands: runCommands(SVC_SETUP, [
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S KUBE-SERVICES', note: 'One rule per ClusterIP, KUBE-NODEPORTS last' },
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S | grep -e "-A KUBE-SVC" | grep nginx', note: 'The dice of the nginx Service' },
    ]),
  }),
  'kube-proxy-at-scale': () => ({
    title: 'kube-proxy in the lab and at scale',
    formulas: [{ name: 'iptables rules per Service', rule: 'one KUBE-SERVICES rule, a KUBE-SVC chain with one rule per endpoint, a KUBE-SEP chain of two rules per endpoint', example: `3 endpoints: probabilities ${probability(3)}, ${probability(2)}, then none` }],
    tables: [diceTable(3)],
    commands: runCommands(SVC_SETUP, [
      { cmd: 'ssh ec2-user@$N1 sudo iptables-save -t nat | wc -l', note: 'Lines in the nat table' },
      { cmd: 'kubectl get configmap kube-proxy-config -n kube-system -o yaml | grep mode', note: 'The mode kube-proxy runs in' },
    ]),
  }),
  'load-balancers': () => {
    const commands = runCommands([...LB_CONTROLLER_SETUP, 'kubectl apply -f echo-service-nlb.yaml', 'sleep 240', 'NLB=$(kubectl get svc svc-nlb-ip-type -o jsonpath={.status.loadBalancer.ingress[0].hostname})'], [
      { cmd: 'kubectl get targetgroupbindings', note: 'The controller’s binding of the Service to its target group' },
      { cmd: "aws elbv2 describe-target-health --target-group-arn $(aws elbv2 describe-target-groups --query 'TargetGroups[0].TargetGroupArn' --output text) --query 'TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]' --output text", note: 'Registered targets: the pods, on their container port' },
      { cmd: 'curl -s $NLB | grep client_address', note: 'What the pod sees as the client' },
    ]);
    const targets = commands[1].output.split('\n').map((l) => l.split('\t').slice(0, 2).join(':')).join(', ');
    return {
      title: 'Load balancers: the controller, NLB targets and the ALB',
      formulas: [
        { name: 'ip targets', rule: "the pods' addresses on the container port; the client's address is kept only with preserve_client_ip.enabled=true", example: `the lab's echo Service: ${targets}; the pod sees ${commands[2].output.trim().replace('client_address=', '')}, an NLB node's private address` },
        { name: 'instance targets', rule: 'every node by instance ID on the NodePort; kube-proxy forwards the connection and masquerades it', example: "the pod sees the forwarding node's address" },
      ],
      tables: [],
      commands,
    };
  },
  'vpc-cni-vs-overlay': () => overlaySheet(),
};

/** The overlay's bytes and MTUs, from the model's Calico configuration (calico/config.ts). */
function overlaySheet(): Omit<CheatSheet, 'lesson'> {
  const netshoot = ['kubectl apply -f netshoot-pod.yaml', 'sleep 30'];
  const vxlan = runCommands(netshoot, [
    { cmd: 'kubectl exec $PODNAME1 -- ip link show eth0', note: 'The pod’s MTU on Calico VXLAN' },
    { cmd: 'kubectl exec $PODNAME1 -- traceroute -n $PODIP2', note: 'Pod to pod across nodes: the tunnel’s address is a hop' },
    { cmd: 'ssh ec2-user@$N1 ip link show vxlan.calico', note: 'The VXLAN device on a node' },
  ], 'calico-vxlan');
  const vpc = runCommands(netshoot, [{ cmd: 'kubectl exec $PODNAME1 -- ip link show eth0', note: 'The pod’s MTU on the VPC CNI' }]);
  return {
    title: 'VPC CNI vs overlay networks',
    formulas: [
      { name: 'VXLAN overhead', rule: 'the pod’s Ethernet frame 14 + VXLAN 8 + UDP 8 (port 4789) + outer IPv4 20 = 50 bytes per packet; pod MTU = ENI MTU − 50', example: `a 1,000-byte packet leaves the node as 1,050 bytes of IP; 9001 − 50 = ${autoMtu('vxlan')}` },
      { name: 'IP-in-IP overhead', rule: 'outer IPv4 20 bytes (protocol 4); pod MTU = ENI MTU − 20', example: `9001 − 20 = ${autoMtu('ipip')}` },
      { name: 'VPC CNI', rule: 'no encapsulation: the pod’s address is a VPC address and its MTU is the ENI’s', example: 'pod MTU 9001, TTL 62 pod to pod across nodes' },
    ],
    tables: [],
    commands: [...vpc, ...vxlan],
  };
}

export function cheatSheet(lesson: string): CheatSheet {
  const def = SHEETS[lesson];
  if (!def) throw new Error(`no cheat sheet for ${lesson}`);
  return { lesson, ...def() };
}
