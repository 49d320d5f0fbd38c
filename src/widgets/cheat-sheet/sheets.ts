// Each lesson's printable cheat sheet, as data: the formulas with a worked example the model computes, the
// instance rows the lesson uses, and the key commands with what the simulated lab prints for them. Built at build
// time (src/pages/cheat-sheets/[lesson].astro, and src/pages/ko/cheat-sheets/ in Korean); nothing here is typed by
// hand but the commands and the words. Each sentence is written in both languages where it is used, `t(en, ko)`:
// the formulas' symbols, the commands and their output are the same in both.
import { getInstanceType } from '../../model/catalog/index.ts';
import { computeMaxPods } from '../../model/max-pods.ts';
import { printedProbability } from '../../model/quiz/kube-proxy-question.ts';
import { DATAPATH_SETUP } from '../../model/quiz/datapath-question.ts';
import { LB_CONTROLLER_INSTALL } from '../../model/lb-controller/lab-install.ts';
import { runWarmPool, type WarmPoolSetting } from '../../model/quiz/warm-pool-question.ts';
import { describeSetting } from '../../model/quiz/words/en.ts';
import type { Lang } from '../shared/i18n.ts';
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
  lang: Lang;
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

/** A sentence in the sheet's language: the English and the Korean, side by side where the sheet uses them. */
type Say = (en: string, ko: string) => string;

/** Runs `setup` quietly, then each command, on a fresh lab (with Calico as its CNI if `cni` says so); outputs are
 *  cut to `lines` lines. */
function runCommands(t: Say, setup: string[], defs: CommandDef[], cni?: CniMode): SheetCommand[] {
  const e = createEngine({ files: labFiles(), ...(cni ? { cni } : {}) });
  for (const line of setup) e.shell.run(line);
  return defs.map((d) => {
    const all = stripAnsi(e.shell.run(d.cmd).output).replace(/\n$/, '').split('\n');
    const lines = d.lines && all.length > d.lines ? [...all.slice(0, d.lines), t(`… (${all.length - d.lines} more lines)`, `… (${all.length - d.lines}줄 더 있음)`)] : all;
    return { cmd: d.cmd, note: d.note, output: lines.join('\n') };
  });
}

const mp = (name: string, o: Parameters<typeof computeMaxPods>[1] = {}) => computeMaxPods(getInstanceType(name)!, o);

function maxPodsRows(t: Say, names: string[]): SheetTable {
  return {
    caption: t('Instance types the lessons use (VPC CNI 1.23.1, the calculator’s recommendation)', '레슨에서 쓰는 인스턴스 유형(VPC CNI 1.23.1, 계산기의 권장값)'),
    columns: [t('Instance', '인스턴스'), t('ENIs', 'ENI'), t('IPv4 per ENI', 'ENI당 IPv4'), t('vCPUs', 'vCPU'), t('Max pods', '최대 파드 수'), t('With prefix delegation', '접두사 위임'), t('Custom networking', '사용자 지정 네트워킹')],
    rows: names.map((n) => {
      const type = getInstanceType(n)!;
      return [n, type.maxEnis, type.ipv4PerEni, type.vcpus ?? '?', mp(n).value ?? '?', mp(n, { prefixDelegation: true }).value ?? '?', mp(n, { customNetworking: true }).value ?? '?'];
    }),
  };
}

const LAB_TYPES = ['t3.medium', 't3.large', 'm5.large', 'm5.xlarge', 'c5.xlarge', 'm5.24xlarge'];

/** The settings as aws-node's environment has them ("the default" when none is set). */
const setting = (t: Say, s: WarmPoolSetting) => (s.kind === 'warm-eni' ? t(describeSetting(s), '기본값 WARM_ENI_TARGET=1') : describeSetting(s));

function warmPoolTable(t: Say): SheetTable {
  const settings: WarmPoolSetting[] = [{ kind: 'warm-eni' }, { kind: 'warm-ip', warmIp: 2, minimumIp: 4 }, { kind: 'prefix' }];
  const pods = [1, 5, 10];
  return {
    caption: t('A t3.medium after ten minutes: ENIs / secondary addresses (prefixes), by pods with VPC addresses', 't3.medium 노드의 10분 뒤 모습: ENI 수 / 보조 주소 수(접두사 수), VPC 주소를 받은 파드 수별'),
    columns: [t('Settings', '설정'), ...pods.map((n) => t(`${n} pods`, `파드 ${n}개`))],
    rows: settings.map((s) => [setting(t, s), ...pods.map((n) => {
      const o = runWarmPool({ instanceType: 't3.medium', setting: s, pods: n, measure: 'addresses' });
      return `${o.enis} / ${o.addresses}${o.prefixes ? ` (${o.prefixes})` : ''}`;
    })]),
  };
}

function warmExample(t: Say, type: string, s: WarmPoolSetting, pods: number, say: (o: ReturnType<typeof runWarmPool>) => string): string {
  return `${type}, ${t(`${pods} pod${pods === 1 ? '' : 's'}`, `파드 ${pods}개`)}, ${setting(t, s)}: ${say(runWarmPool({ instanceType: type, setting: s, pods, measure: 'addresses' }))}`;
}

function diceTable(t: Say, n: number): SheetTable {
  return {
    caption: t(`kube-proxy's KUBE-SVC-* rules for ${n} endpoints`, `엔드포인트 ${n}개일 때 kube-proxy의 KUBE-SVC-* 규칙`),
    columns: [t('Rule', '규칙'), t('Probability', '확률'), t('kube-proxy writes', 'kube-proxy가 쓰는 값'), t('iptables prints', 'iptables가 찍는 값'), t('Share of new connections', '새 연결의 몫')],
    rows: Array.from({ length: n }, (_, i) => i < n - 1
      ? [i + 1, `1/${n - i}`, probability(n - i), printedProbability(Number(probability(n - i))), `1/${n}`]
      : [i + 1, t('none (jumps)', '없음(무조건 점프)'), '—', '—', `1/${n}`]),
  };
}

const SVC_SETUP = ['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=3', 'kubectl apply -f netshoot-pod.yaml', 'sleep 30', 'kubectl expose deployment nginx-deployment --port=80 --type=NodePort'];

type Def = (t: Say) => Omit<CheatSheet, 'lesson' | 'lang'>;

export const SHEETS: Record<string, Def> = {
  'max-pods': (t) => ({
    title: t('Max pods per node', '노드당 최대 파드 수'),
    formulas: [
      { name: t('Max pods', '최대 파드 수'), rule: t('ENIs × (IPv4 per ENI − 1) + 2', 'ENI 수 × (ENI당 IPv4 − 1) + 2'), example: `t3.medium: ${mp('t3.medium').formula}` },
      { name: t('Ceiling', '상한'), rule: t('min(110 below 30 vCPUs, else 250; the formula)', 'min(vCPU 30개 이하면 110, 넘으면 250; 공식의 값)'), example: `m5.24xlarge: ${mp('m5.24xlarge').formula}` },
      { name: t('Prefix delegation', '접두사 위임'), rule: t('ENIs × (IPv4 per ENI − 1) × 16 + 2, then the ceiling', 'ENI 수 × (ENI당 IPv4 − 1) × 16 + 2, 그다음 상한 적용'), example: `m5.large: ${mp('m5.large', { prefixDelegation: true }).formula}` },
      { name: t('Custom networking', '사용자 지정 네트워킹'), rule: t('(ENIs − 1) × (IPv4 per ENI − 1) + 2', '(ENI 수 − 1) × (ENI당 IPv4 − 1) + 2'), example: `t3.medium: ${mp('t3.medium', { customNetworking: true }).formula}` },
    ],
    tables: [maxPodsRows(t, LAB_TYPES)],
    commands: runCommands(t, [], [
      { cmd: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,MAXPODS:.status.allocatable.pods', note: t("The kubelet's max pods on each node of the lab", '실습 노드마다 kubelet에 설정된 최대 파드 수') },
    ]),
  }),
  'pod-ip': (t) => {
    const type = getInstanceType('t3.medium')!;
    return {
      title: t('How a pod gets a VPC IP', '파드가 VPC IP를 받는 과정'),
      formulas: [{ name: t('Pod addresses per node', '노드당 파드 주소 수'), rule: t('ENIs × (IPv4 per ENI − 1)', 'ENI 수 × (ENI당 IPv4 − 1)'), example: `t3.medium: ${type.maxEnis} × (${type.ipv4PerEni} − 1) = ${type.maxEnis * (type.ipv4PerEni - 1)}` }],
      tables: [],
      commands: runCommands(t, ['kubectl apply -f netshoot-pod.yaml', 'sleep 30'], [
        { cmd: 'ssh ec2-user@$N1 ip -br addr show', note: t("The node's ENIs (eth0, eth1) and one veth per pod", '노드의 ENI(eth0, eth1)와 파드마다 하나씩 있는 veth') },
        { cmd: 'kubectl exec $PODNAME1 -- ip route', note: t('Inside the pod: everything goes to 169.254.1.1 on eth0', '파드 안: 모든 트래픽이 eth0의 169.254.1.1로 갑니다') },
        { cmd: 'ssh ec2-user@$N1 ip rule', note: t('Policy routing: traffic to a pod uses the main table', '정책 라우팅: 파드로 가는 트래픽은 main 테이블을 씁니다') },
        { cmd: 'ssh ec2-user@$N1 ip route', note: t('A host route per pod, to its veth', '파드마다 그 파드의 veth로 가는 호스트 경로'), lines: 8 },
      ]),
    };
  },
  'warm-pool': (t) => ({
    title: t('L-IPAM and the warm pool', 'L-IPAM과 웜 풀'),
    formulas: [
      { name: 'WARM_ENI_TARGET=n', rule: t('free addresses ≥ n × (IPv4 per ENI − 1); whole ENIs, every slot filled', '빈 주소 ≥ n × (ENI당 IPv4 − 1); ENI 단위로, 슬롯을 모두 채움'), example: warmExample(t, 't3.medium', { kind: 'warm-eni' }, 5, (o) => t(`${o.enis} ENIs, ${o.addresses} addresses`, `ENI ${o.enis}개, 주소 ${o.addresses}개`)) },
      { name: 'WARM_IP_TARGET=w, MINIMUM_IP_TARGET=m', rule: t('total = max(used + w, m), address by address', '전체 = max(사용 중 + w, m), 주소 한 개씩'), example: warmExample(t, 'm5.large', { kind: 'warm-ip', warmIp: 2, minimumIp: 4 }, 1, (o) => t(`${o.addresses} addresses`, `주소 ${o.addresses}개`)) },
      { name: 'WARM_PREFIX_TARGET=1', rule: t('one /28 (16 addresses) that no pod uses, beyond the prefixes in use', '쓰이는 접두사 외에, 어느 파드도 쓰지 않는 /28(주소 16개) 하나'), example: warmExample(t, 't3.large', { kind: 'prefix' }, 17, (o) => t(`${o.prefixes} prefixes`, `접두사 ${o.prefixes}개`)) },
    ],
    tables: [warmPoolTable(t)],
    commands: runCommands(t, [], [
      { cmd: 'kubectl describe daemonset aws-node -n kube-system | grep WARM', note: t('The settings as EKS ships them', 'EKS가 기본으로 넣어 두는 설정') },
      { cmd: 'kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2 MINIMUM_IP_TARGET=4', note: t('Changing them restarts aws-node', '설정을 바꾸면 aws-node가 다시 시작됩니다') },
    ]),
  }),
  'filling-a-node': (t) => {
    const type = getInstanceType('t3.medium')!;
    const per = mp('t3.medium').value!;
    return {
      title: t('Filling a node: 50 replicas, 7 Pending', '노드 채우기: 복제본 50개, Pending 7개'),
      formulas: [
        { name: t('Pods the lab holds', '실습 클러스터에 들어가는 파드 수'), rule: t('nodes × max pods', '노드 수 × 최대 파드 수'), example: `3 × ${per} = ${3 * per}` },
        { name: t('Left for a deployment', '디플로이먼트에 남는 자리'), rule: t('minus aws-node and kube-proxy per node, and CoreDNS', '노드마다 aws-node와 kube-proxy, 그리고 CoreDNS를 뺌'), example: `${3 * per} − 6 − 2 = ${3 * per - 8}` },
        { name: t('Addresses on a full node', '꽉 찬 노드의 주소 수'), rule: t('ENIs × (IPv4 per ENI − 1)', 'ENI 수 × (ENI당 IPv4 − 1)'), example: `${type.maxEnis} × (${type.ipv4PerEni} − 1) = ${type.maxEnis * (type.ipv4PerEni - 1)}` },
      ],
      tables: [maxPodsRows(t, ['t3.medium'])],
      commands: runCommands(t, ['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=50', 'sleep 60'], [
        { cmd: 'kubectl get pods | grep -c Pending', note: t('Pods that found no node', '들어갈 노드를 찾지 못한 파드') },
        { cmd: 'kubectl get pods --field-selector=status.phase=Pending -o name | head -1 | xargs kubectl describe | tail -3', note: t("The scheduler's reason", '스케줄러가 밝힌 이유') },
      ]),
    };
  },
  'pod-to-pod': (t) => {
    const commands = runCommands(t, ['kubectl apply -f netshoot-pod.yaml', 'sleep 30'], [
      { cmd: 'kubectl exec $PODNAME1 -- ping -c 1 $PODIP2', note: t('A pod on another node', '다른 노드에 있는 파드로') },
      { cmd: 'kubectl exec $PODNAME1 -- curl -s ipinfo.io/ip', note: t('The address the internet sees: the node’s public one', '인터넷에서 보이는 주소: 노드의 퍼블릭 주소') },
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S AWS-SNAT-CHAIN-0', note: t('Only traffic leaving the VPC CIDR is SNATed', 'VPC CIDR 밖으로 나가는 트래픽만 SNAT됩니다') },
      { cmd: 'ssh ec2-user@$N1 ip rule', note: t('Pod traffic leaves by the ENI its address belongs to', '파드 트래픽은 그 주소가 속한 ENI로 나갑니다') },
    ]);
    const ttl = commands[0].output.match(/ttl=(\d+)/)?.[1] ?? '?';
    return {
      title: t('Pod to pod, pod to internet', '파드에서 파드로, 파드에서 인터넷으로'),
      formulas: [
        { name: t('TTL at the receiver', '받는 쪽의 TTL'), rule: t('64 − hosts that forwarded it (each node on the way)', '64 − 패킷을 전달한 호스트 수(거쳐 간 노드마다 1)'), example: t(`pod → pod on another node: ping shows ttl=${ttl}`, `파드 → 다른 노드의 파드: ping에 ttl=${ttl}`) },
        { name: t('Source address', '출발지 주소'), rule: t('inside the VPC: the pod’s own; leaving it: the node’s primary (AWS-SNAT-CHAIN-0), then its public one at the internet gateway', 'VPC 안: 파드 자신의 주소, VPC 밖으로: 노드의 기본 주소(AWS-SNAT-CHAIN-0), 인터넷 게이트웨이에서 다시 노드의 퍼블릭 주소'), example: t(`the internet sees ${commands[1].output.trim()}`, `인터넷에서 보이는 주소: ${commands[1].output.trim()}`) },
      ],
      tables: [],
      commands,
    };
  },
  'services-kube-proxy': (t) => ({
    title: t('Services and kube-proxy', '서비스와 kube-proxy'),
    formulas: [
      { name: t('Rule i of n in KUBE-SVC-*', 'KUBE-SVC-*의 n개 중 i번째 규칙'), rule: t('probability 1/(n − i), the last rule none', '확률 1/(n − i), 마지막 규칙은 확률 없음'), example: t(`n = 3: ${probability(3)}, ${probability(2)}, none`, `n = 3: ${probability(3)}, ${probability(2)}, 없음`) },
      { name: t('As iptables prints it', 'iptables가 찍는 값'), rule: t('round(2^31 × p) / 2^31, with 11 decimals', 'round(2^31 × p) / 2^31, 소수점 아래 11자리'), example: `1/3: ${printedProbability(1 / 3)}` },
    ],
    tables: [diceTable(t, 4)],
    commands: runCommands(t, SVC_SETUP, [
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S KUBE-SERVICES', note: t('One rule per ClusterIP, KUBE-NODEPORTS last', 'ClusterIP마다 규칙 하나, 맨 끝은 KUBE-NODEPORTS') },
      { cmd: 'ssh ec2-user@$N1 sudo iptables -t nat -S | grep -e "-A KUBE-SVC" | grep nginx', note: t('The dice of the nginx Service', 'nginx 서비스의 주사위') },
    ]),
  }),
  'kube-proxy-at-scale': (t) => ({
    title: t('kube-proxy in the lab and at scale', '실습과 대규모 환경의 kube-proxy'),
    formulas: [{
      name: t('iptables rules per Service', '서비스당 iptables 규칙'),
      rule: t('one KUBE-SERVICES rule, a KUBE-SVC chain with one rule per endpoint, a KUBE-SEP chain of two rules per endpoint', 'KUBE-SERVICES 규칙 하나, 엔드포인트마다 규칙이 하나씩 있는 KUBE-SVC 체인, 엔드포인트마다 규칙 두 개짜리 KUBE-SEP 체인'),
      example: t(`3 endpoints: probabilities ${probability(3)}, ${probability(2)}, then none`, `엔드포인트 3개: 확률 ${probability(3)}, ${probability(2)}, 마지막은 없음`),
    }],
    tables: [diceTable(t, 3)],
    commands: runCommands(t, SVC_SETUP, [
      { cmd: 'ssh ec2-user@$N1 sudo iptables-save -t nat | wc -l', note: t('Lines in the nat table', 'nat 테이블의 줄 수') },
      { cmd: 'kubectl get configmap kube-proxy-config -n kube-system -o yaml | grep mode', note: t('The mode kube-proxy runs in', 'kube-proxy가 도는 모드') },
    ]),
  }),
  'load-balancers': (t) => {
    const commands = runCommands(t, [...LB_CONTROLLER_INSTALL, 'kubectl apply -f echo-service-nlb.yaml', 'sleep 240', 'NLB=$(kubectl get svc svc-nlb-ip-type -o jsonpath={.status.loadBalancer.ingress[0].hostname})'], [
      { cmd: 'kubectl get targetgroupbindings', note: t('The controller’s binding of the Service to its target group', '컨트롤러가 서비스와 대상 그룹을 묶어 둔 바인딩') },
      { cmd: "aws elbv2 describe-target-health --target-group-arn $(aws elbv2 describe-target-groups --query 'TargetGroups[0].TargetGroupArn' --output text) --query 'TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]' --output text", note: t('Registered targets: the pods, on their container port', '등록된 대상: 컨테이너 포트로 등록된 파드') },
      { cmd: 'curl -s $NLB | grep client_address', note: t('What the pod sees as the client', '파드가 클라이언트로 보는 주소') },
    ]);
    const targets = commands[1].output.split('\n').map((l) => l.split('\t').slice(0, 2).join(':')).join(', ');
    const client = commands[2].output.trim().replace('client_address=', '');
    return {
      title: t('Load balancers: the controller, NLB targets and the ALB', '로드 밸런서: 컨트롤러, NLB 대상, ALB'),
      formulas: [
        {
          name: t('ip targets', 'ip 대상'),
          rule: t("the pods' addresses on the container port; the client's address is kept only with preserve_client_ip.enabled=true", '파드 주소와 컨테이너 포트. 클라이언트 주소는 preserve_client_ip.enabled=true일 때만 유지됨'),
          example: t(`the lab's echo Service: ${targets}; the pod sees ${client}, an NLB node's private address`, `실습의 echo 서비스: ${targets}; 파드에는 NLB 노드의 사설 주소(${client})가 보임`),
        },
        { name: t('instance targets', 'instance 대상'), rule: t('every node by instance ID on the NodePort; kube-proxy forwards the connection and masquerades it', '모든 노드를 인스턴스 ID와 NodePort로 등록. kube-proxy가 연결을 넘기며 마스커레이드함'), example: t("the pod sees the forwarding node's address", '파드에는 연결을 넘겨준 노드의 주소가 보임') },
      ],
      tables: [],
      commands,
    };
  },
  'vpc-cni-vs-overlay': (t) => overlaySheet(t),
};

/** The overlay's bytes and MTUs, from the model's Calico configuration (calico/config.ts). */
function overlaySheet(t: Say): Omit<CheatSheet, 'lesson' | 'lang'> {
  const netshoot = ['kubectl apply -f netshoot-pod.yaml', 'sleep 30'];
  const vxlan = runCommands(t, netshoot, [
    { cmd: 'kubectl exec $PODNAME1 -- ip link show eth0', note: t('The pod’s MTU on Calico VXLAN', 'Calico VXLAN에서 파드의 MTU') },
    { cmd: 'kubectl exec $PODNAME1 -- traceroute -n $PODIP2', note: t('Pod to pod across nodes: the tunnel’s address is a hop', '노드를 건너는 파드 간 경로: 터널 주소가 홉 하나로 보임') },
    { cmd: 'ssh ec2-user@$N1 ip link show vxlan.calico', note: t('The VXLAN device on a node', '노드의 VXLAN 장치') },
  ], 'calico-vxlan');
  const vpc = runCommands(t, netshoot, [{ cmd: 'kubectl exec $PODNAME1 -- ip link show eth0', note: t('The pod’s MTU on the VPC CNI', 'VPC CNI에서 파드의 MTU') }]);
  return {
    title: t('VPC CNI vs overlay networks', 'VPC CNI와 오버레이 네트워크'),
    formulas: [
      {
        name: t('VXLAN overhead', 'VXLAN 오버헤드'),
        rule: t('the pod’s Ethernet frame 14 + VXLAN 8 + UDP 8 (port 4789) + outer IPv4 20 = 50 bytes per packet; pod MTU = ENI MTU − 50', '파드의 이더넷 프레임 14 + VXLAN 8 + UDP 8(포트 4789) + 바깥 IPv4 20 = 패킷당 50바이트; 파드 MTU = ENI MTU − 50'),
        example: t(`a 1,000-byte packet leaves the node as 1,050 bytes of IP; 9001 − 50 = ${autoMtu('vxlan')}`, `1,000바이트 패킷은 노드를 떠날 때 IP 1,050바이트가 됨; 9001 − 50 = ${autoMtu('vxlan')}`),
      },
      { name: t('IP-in-IP overhead', 'IP-in-IP 오버헤드'), rule: t('outer IPv4 20 bytes (protocol 4); pod MTU = ENI MTU − 20', '바깥 IPv4 20바이트(프로토콜 4); 파드 MTU = ENI MTU − 20'), example: `9001 − 20 = ${autoMtu('ipip')}` },
      { name: 'VPC CNI', rule: t('no encapsulation: the pod’s address is a VPC address and its MTU is the ENI’s', '캡슐화 없음: 파드 주소가 곧 VPC 주소이고 MTU도 ENI와 같음'), example: t('pod MTU 9001, TTL 62 pod to pod across nodes', '파드 MTU 9001, 노드를 건너는 파드 간 TTL 62') },
    ],
    tables: [],
    commands: [...vpc, ...vxlan],
  };
}

/** A lesson's cheat sheet in a language. */
export function cheatSheet(lesson: string, lang: Lang = 'en'): CheatSheet {
  const def = SHEETS[lesson];
  if (!def) throw new Error(`no cheat sheet for ${lesson}`);
  const t: Say = (en, ko) => (lang === 'ko' ? ko : en);
  return { lesson, lang, ...def(t) };
}
