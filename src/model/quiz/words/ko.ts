// The lesson quizzes' words in Korean: the same phrases as en.ts (same keys, same slots), written for a Korean
// reader rather than translated line by line. Numbers, addresses, chain names and commands come from the model and
// stay as they are. Loaded only for Korean pages: on the server, and as a chunk of its own in the engine worker.
//
// Particles (조사) never follow a value whose last sound we cannot know (an address, an instance type, a chain):
// the sentences put a noun after it (`t3.medium 노드`, `KUBE-SVC-… 체인`) or a parenthesis before the particle.
import { describeSetupKo, mistakeWords, notesOf, stepWords } from '../../max-pods-ko.ts';
import type { DatapathKindOfAddress, DatapathPlace, DatapathReceiver } from '../datapath-question.ts';
import type { WarmPoolMeasure } from '../warm-pool-question.ts';
import type { DatapathWords, KubeProxyWords, LoadBalancerWords, MaxPodsItemWords, QuizWords, WarmPoolWords } from './en.ts';
import { describeSetting } from './en.ts';

const MEASURE: Record<WarmPoolMeasure, string> = {
  enis: '노드에 붙어 있는 ENI는 몇 개입니까',
  addresses: '노드가 가진 보조 IPv4 주소는 사용 중인 것과 비어 있는 것을 합쳐 몇 개입니까',
  prefixes: '노드가 가진 /28 접두사는 몇 개입니까',
};

/** The settings as aws-node's environment has them; "the default" when none is set. */
const settingKo = (s: Parameters<typeof describeSetting>[0]) => (s.kind === 'warm-eni' ? '기본값 WARM_ENI_TARGET=1' : describeSetting(s));

const warmPool: WarmPoolWords = {
  prompt: (s) => `${s.type} 노드 하나에서 VPC 주소를 받는 파드 ${s.pods}개가 돌고 있고, aws-node 설정은 ${settingKo(s.setting)}입니다. ipamd가 자리를 잡은 뒤 ${MEASURE[s.measure]}?`,
  facts: (s) => `${s.type}: ENI ${s.maxEnis}개, ENI당 IPv4 주소 ${s.ips}개.`,
  'enis/no-warm-eni': (s) => `파드 ${s.n}개에 필요한 ENI만 셌습니다. WARM_ENI_TARGET=1이면 ENI 한 개 분량의 주소를 더 비워 둡니다.`,
  'enis/counted-primary': (s) => `ENI마다 파드 주소를 ${s.s + 1}개로 셌습니다. ENI의 기본 주소는 파드에게 가지 않으므로 ENI 하나에 들어가는 파드 주소는 ${s.s}개입니다.`,
  'enis/attaches-all': (s) => `ipamd가 인스턴스에 붙일 수 있는 ENI(${s.maxEnis}개)를 전부 붙인다고 보았습니다. 실제로는 웜 타깃이 요구하는 만큼만 붙입니다.`,
  'enis/warm-eni-is-extra-two': () => '예비 ENI 위에 웜 ENI를 하나 더 얹었습니다. 웜 타깃은 비어 있는 주소의 수를 세는 것이지, 예비분 말고 ENI를 더 붙이라는 뜻이 아닙니다.',
  'addresses/pods-only': () => '파드가 쓰는 주소만 셌습니다. ipamd는 비어 있는 주소로 웜 풀도 유지합니다.',
  'addresses/warm-not-whole-eni': (s) => `파드 주소 ${s.n}개에 ENI 한 개 분량(${s.s}개)만 더했습니다. ipamd는 ENI를 붙일 때마다 그 ENI의 슬롯을 모두 채웁니다.`,
  'addresses/counted-primary': (s) => `ENI의 기본 주소까지 보조 주소로 셌습니다(${s.enis} × ${s.s + 1}).`,
  'addresses/no-warm-eni': (s) => `파드에 필요한 ENI만 채웠습니다(${s.enis} × ${s.s}). WARM_ENI_TARGET=1은 ENI 한 개 분량의 주소가 통째로 비어 있기를 요구합니다.`,
  'addresses/one-warm-address': () => 'WARM_ENI_TARGET=1을 웜 주소 한 개로 읽었습니다.',
  'warm-ip/pods-only': () => '파드가 쓰는 주소만 셌습니다. WARM_IP_TARGET은 그만큼의 주소를 추가로 비워 둡니다.',
  'warm-ip/target-is-total': (s) => `WARM_IP_TARGET을 전체 주소 수로 읽었습니다. 이 값은 사용 중인 주소 ${s.n}개와 별도로 비워 두는 주소의 수입니다.`,
  'warm-ip/minimum-ignored': (s) => `MINIMUM_IP_TARGET=${s.minimumIp} 설정을 잊었습니다. 노드는 주소를 전부 합쳐 적어도 그만큼은 가집니다.`,
  'warm-ip/targets-added': () => '최솟값 위에 웜 타깃을 더했습니다. ipamd는 둘을 합치지 않고 둘 중 더 많이 요구하는 쪽을 따릅니다.',
  'warm-ip/per-eni-target': (s) => `WARM_IP_TARGET을 ENI마다 비워 둘 주소 수로 읽었습니다(${s.enis} × ${s.warmIp}). 이 값은 노드 전체에서 셉니다.`,
  'warm-ip/warm-eni-still-applies': () => 'WARM_ENI_TARGET처럼 ENI 단위로 주소를 할당했습니다. WARM_IP_TARGET을 설정하면 ipamd는 웜 ENI 타깃을 무시하고 주소를 한 개씩 할당합니다.',
  'prefix/forgot-warm-prefix': () => '파드가 쓰는 접두사만 셌습니다. WARM_PREFIX_TARGET=1은 통째로 비어 있는 /28을 하나 더 둡니다.',
  'prefix/partial-prefix-is-warm': () => '일부만 쓰인 /28의 빈 주소를 웜 접두사로 쳤습니다. 어떤 파드도 쓰지 않는 접두사만 웜 접두사로 셉니다.',
  'prefix/two-warm': () => '빈 접두사를 두 개 두었습니다. 타깃은 하나입니다.',
  'prefix/prefix-per-pod': (s) => `파드마다 /28을 하나씩 주었습니다. 접두사 하나에 파드 주소가 ${s.perPrefix}개 들어갑니다.`,
  'prefix/fills-eni-with-prefixes': (s) => `WARM_ENI_TARGET처럼 ENI의 슬롯을 모두 접두사로 채웠습니다(${s.enis} × ${s.s}).`,
  'explain/limits': (s) => `${s.type} 인스턴스는 ENI를 ${s.maxEnis}개까지 붙일 수 있고 ENI마다 IPv4 주소가 ${s.slots + 1}개입니다. 그중 하나는 ENI의 기본 주소이므로 파드에 줄 수 있는 보조 슬롯은 ENI당 ${s.slots}개입니다.`,
  'explain/warm-eni': (s) => `WARM_ENI_TARGET=1: ipamd는 파드 ${s.pods}개가 쓰는 주소 말고도 ENI 한 개 분량(${s.slots}개) 이상의 주소를 비워 두고, ENI를 붙일 때마다 그 슬롯을 모두 채웁니다.`,
  'explain/warm-ip': (s) =>
    `WARM_IP_TARGET=${s.warmIp}: ipamd는 사용 중인 주소 ${s.pods}개 외에 빈 주소 ${s.warmIp}개를 유지합니다${s.minimumIp ? `. 또 MINIMUM_IP_TARGET=${s.minimumIp}에 따라 전체 주소가 그보다 적어지지 않게 합니다` : ''}. 이때 웜 ENI 타깃은 더 이상 쓰이지 않습니다.`,
  'explain/prefix': (s) => `접두사 위임: 슬롯 하나에 주소 ${s.perPrefix}개짜리 /28이 들어가고, WARM_PREFIX_TARGET=1은 어느 파드도 쓰지 않는 /28을 하나 남겨 둡니다.`,
  'explain/outcome': (s) => `파드 ${s.pods}개가 뜨고 10분이 지난 뒤 모델의 ipamd가 노드에 남긴 것: ENI ${s.enis}개, 보조 주소 ${s.addresses}개${s.prefixes ? `(접두사 ${s.prefixes}개)` : ''}.`,
};

const short = (node: string) => node.split('.')[0];

function placeName(p: DatapathPlace): string {
  if (p.kind === 'node') return `노드 ${short(p.name)}`;
  if (p.kind === 'pod') return `파드 ${p.name}`;
  if (p.kind === 'internet') return p.name;
  return p.kind === 'igw' ? '인터넷 게이트웨이' : p.kind === 'natgw' ? 'NAT 게이트웨이' : p.kind;
}
const places = (ps: DatapathPlace[]) => ps.map(placeName).join(', ');

const ADDRESS: Record<DatapathKindOfAddress, (node: string) => string> = {
  pod: () => '파드 자신의 주소',
  'node-primary': (node) => `노드 ${short(node)}의 기본 주소`,
  'node-public': (node) => `노드 ${short(node)}의 퍼블릭 주소`,
  gateway: () => '파드의 게이트웨이',
  sender: () => '보낸 쪽의 주소',
};

const receiver = (r: DatapathReceiver) => (r.pod ? `파드 ${r.pod}` : `${r.host}(${r.ip})`);

/** A step that changed the source, said by where it happened and what the datapath did there (its own words for
 *  it, net/network.ts, are English and stand in for any other change). */
function rewrite(at: DatapathPlace, what: string, change: string): string {
  if (at.kind === 'node' && what.startsWith('SNAT:')) return `${placeName(at)}에서 AWS-SNAT-CHAIN-0의 SNAT 규칙이 출발지를 노드의 기본 주소로 바꿉니다(${change}).`;
  if (at.kind === 'igw') return `인터넷 게이트웨이가 1:1 NAT로 사설 출발지 주소를 인스턴스의 퍼블릭 주소로 바꿉니다(${change}).`;
  return `${placeName(at)}: ${what}(출발지 ${change}).`;
}

const datapath: DatapathWords = {
  prompt: (s) => `\`${s.command}\`: 에코 요청이 ${receiver(s.receiver)}에 도착할 때 출발지 주소와 TTL은 무엇입니까?`,
  facts: (s) => `${s.pod ? `노드 ${short(s.node)}의 파드 ${s.pod}(${s.podIp})` : `노드 ${short(s.node)}`}; 노드 ${short(s.node)}: ${s.nodeIp}, 퍼블릭 ${s.publicIp}.`,
  answer: (s) => `출발지 ${s.src}, TTL ${s.ttl}`,
  'source/pod-to-internet': () =>
    '파드 주소가 끝까지 유지된다고 보았습니다. VPC를 떠나는 트래픽은 노드의 AWS-SNAT-CHAIN-0이 노드의 기본 주소로 바꾸고, 인터넷 게이트웨이가 이를 다시 노드의 퍼블릭 주소로 바꿉니다.',
  'source/snat-in-vpc': () =>
    'VPC 안에 머무는 패킷까지 SNAT했습니다. AWS-SNAT-CHAIN-0은 목적지가 VPC CIDR 안이면 SNAT 규칙 전에 돌아가므로, 파드는 자기 주소 그대로 다른 파드에 닿습니다.',
  'source/stops-at-snat': () => '노드의 SNAT에서 멈췄습니다. 그다음 인터넷 게이트웨이가 노드의 사설 기본 주소를 퍼블릭 주소로 바꿉니다(1:1 NAT).',
  'source/public-in-vpc': () => 'VPC 안에서 퍼블릭 주소를 썼습니다. 퍼블릭 주소는 VPC를 나가는 길목인 인터넷 게이트웨이에만 있습니다.',
  'source/gateway': () => '파드의 게이트웨이를 출발지로 보았습니다. 169.254.1.1은 파드 라우팅의 다음 홉일 뿐이고 호스트의 프록시 ARP가 대신 응답하므로, 헤더에는 한 번도 나타나지 않습니다.',
  'source/not': (s) => `${ADDRESS[s.what](s.node)}가 아닙니다.`,
  'ttl/unchanged': (s) =>
    `라우터를 하나도 세지 않았습니다. ${places(s.forwarders)}에서 패킷을 전달하면서 TTL을 ${s.forwarders.length === 1 ? '1' : '하나씩'} 줄였습니다(파드의 veth는 브리지가 아니라 라우팅되는 링크입니다)${s.beyond ? `. 인터넷의 라우터 ${s.beyond}대도 마찬가지입니다` : ''}.`,
  'ttl/only-vpc': (s) => `${places(s.forwarders)}만 셌습니다. 인터넷 게이트웨이와 ${receiver(s.receiver)} 사이의 라우터 ${s.beyond}대도 각각 TTL을 1씩 줄입니다.`,
  'ttl/missed-hop': (s) => `라우터 하나를 빠뜨렸습니다. ${places(s.forwarders)}에서 각각 TTL을 1씩 줄였습니다.`,
  'ttl/vpc-as-router': () => 'VPC를 라우터로 셌습니다. VPC 패브릭은 ENI 사이에서 패킷을 전달할 뿐 TTL을 줄이지 않습니다.',
  'ttl/igw-as-router': () => '인터넷 게이트웨이를 라우터로 셌습니다. 인터넷 게이트웨이는 주소를 바꿀 뿐 TTL은 줄이지 않습니다.',
  'explain/leaves': (s) => `요청은 ${s.fromPod ? '파드' : '노드'}에서 출발지 ${s.src}, TTL ${s.ttl}로 나갑니다.`,
  'explain/rewrite': (s) => rewrite(s.at, s.what, `${s.before} → ${s.after}`),
  'explain/ttl-internet': (s) =>
    `패킷을 전달한 라우터는 ${places(s.forwarders)}, 그리고 인터넷의 ${s.beyond}대입니다. 그래서 TTL은 ${s.start} − ${s.forwarders.length} − ${s.beyond} = ${s.ttl}입니다.`,
  'explain/ttl': (s) =>
    s.forwarders.length
      ? `패킷을 전달한 라우터는 ${places(s.forwarders)}입니다. 그래서 TTL은 ${s.start} − ${s.forwarders.length} = ${s.ttl}입니다.`
      : `패킷을 전달한 라우터가 없으므로 TTL은 ${s.start} − 0 = ${s.ttl}입니다.`,
  'explain/arrives': (s) => `모델에서 ${receiver(s.receiver)}에 도착한 패킷: 출발지 ${s.src}(${ADDRESS[s.what](s.node)}), TTL ${s.ttl}.`,
};

const kubeProxy: KubeProxyWords = {
  'prompt/nodeport': (s) => `클러스터 밖의 클라이언트가 노드에 열린 nginx 서비스의 NodePort로 접속합니다(${s.address}${s.node ? `, 노드 ${s.node}` : ''}). 노드의 KUBE-NODEPORTS 규칙은 이 연결을 어느 체인으로 보냅니까?`,
  'prompt/cluster-ip': (s) => `파드가 nginx 서비스의 ClusterIP로 연결을 엽니다(${s.packet}). 이 연결에 맞는 KUBE-SERVICES 규칙은 어느 체인으로 점프합니까?`,
  'facts/chain': (s) => `서비스의 엔드포인트는 ${s.endpoints}개이고, kube-proxy는 iptables 모드로 돌고 있습니다.`,
  'chain/jumps-to-endpoint': (s) =>
    `서비스 체인을 건너뛰었습니다. ${s.from} 규칙은 ${s.ext ? `${s.ext} 체인으로, 그 체인은 다시 ` : ''}${s.svc} 체인으로 점프하고, 엔드포인트의 KUBE-SEP-* 체인은 그 체인의 규칙들이 고릅니다.`,
  'chain/firewall-chain': () => 'KUBE-FW-* 체인은 LoadBalancer 서비스의 로드 밸런서 IP가 있을 때만 생깁니다. 이 서비스에는 없습니다.',
  'chain/skips-ext': (s) => `${s.ext} 체인을 빠뜨렸습니다. 밖에서 온 트래픽은 먼저 그 체인을 거치며 마스커레이드 표시를 받고(externalTrafficPolicy: Cluster), 그다음 ${s.svc} 체인으로 갑니다.`,
  'chain/back-to-services': () => '패킷은 KUBE-SERVICES에서 왔습니다. 노드 주소로 온 패킷이라서 그 체인의 마지막 규칙이 KUBE-NODEPORTS로 보낸 것입니다.',
  'chain/ext-chain': () => 'KUBE-EXT-*는 클러스터 밖에서 서비스로 오는 트래픽(NodePort나 로드 밸런서)을 위한 체인입니다. ClusterIP로 가는 파드의 연결은 곧바로 KUBE-SVC-*로 갑니다.',
  'chain/nodeports': () => 'KUBE-NODEPORTS는 노드 자신의 주소로 온 패킷을 위한 체인입니다. ClusterIP에는 KUBE-SERVICES 안에 전용 규칙이 있습니다.',
  'explain/rule': (s) => `${s.chain} 체인의 규칙 ${s.index}/${s.of}: → ${s.target}`,
  'explain/hash': (s) => `체인 이름 끝의 ${s.hash}는 서비스 포트의 이름과 프로토콜로 만든 해시라서, 모든 노드에서 이름이 같습니다.`,
  'prompt/probability': (s) =>
    `nginx 서비스의 엔드포인트는 ${s.n}개입니다. \`iptables -t nat -S ${s.chain}\` 출력에서 ${s.rule}번째 규칙의 점프 대상은 ${s.sep}(${s.endpoint})입니다. 이 규칙의 --probability 뒤에 iptables가 찍는 값은 무엇입니까?`,
  'facts/probability': (s) => `체인에 있는 순서대로 본 엔드포인트: ${s.endpoints.join(', ')}.`,
  'no-probability': () => '없음: 마지막 규칙은 조건 없이 점프합니다',
  'probability/as-kube-proxy-writes': (s) =>
    `kube-proxy가 쓰는 값(1/${s.left}을 %0.10f로 쓴 것)입니다. xt_statistic은 이를 2^-31 단위로 저장하고, iptables는 저장된 값을 소수점 아래 11자리까지 찍습니다.`,
  'probability/equal-share': (s) =>
    `모든 규칙에 1/${s.n}을 주었습니다. 각 규칙은 앞의 규칙들이 고르지 않고 남긴 연결 중에서 뽑으므로, ${s.n}개 중 ${s.rule}번째 규칙의 확률은 1/${s.left}입니다.`,
  'probability/counted-from-bottom': (s) => `반대쪽 끝부터 셌습니다. 첫 규칙이 1/${s.n}이고 마지막 규칙에는 확률이 없으니, ${s.rule}번째 규칙은 1/${s.left}입니다.`,
  'probability/last-rule-probability': () => 'kube-proxy는 마지막 규칙에 statistic 매치를 붙이지 않습니다. 거기까지 온 연결은 모두 그 엔드포인트로 갑니다.',
  'probability/only-last-unconditional': (s) => `확률이 없는 것은 마지막 규칙(${s.n}개 중 ${s.n}번째)뿐입니다. ${s.rule}번째 규칙은 1/${s.left}의 확률로 뽑습니다.`,
  'explain/writes': (s) =>
    `kube-proxy는 n개 중 i번째(0부터) 규칙을 확률 1/(n − i)로, Go의 %0.10f 형식으로 씁니다: ${s.rows.map((r, i) => (r.kubeProxy ? `${r.fraction} = ${r.kubeProxy}` : `규칙 ${i + 1}: 없음`)).join('; ')}.`,
  'explain/prints': (s) => `iptables는 round(2^31 × p)를 저장했다가 %.11f로 다시 찍습니다: ${s.printed.map((p) => p ?? '—').join(', ')}.`,
  'explain/shares': (s) => `결국 엔드포인트마다 새 연결의 1/${s.n}씩을 받습니다: ${s.shares.map((x) => x.toFixed(4)).join(', ')}.`,
};

const setting = (s: { targetType: string; preserve?: boolean }) => `대상 유형 ${s.targetType}${s.preserve !== undefined ? `, preserve_client_ip.enabled=${s.preserve}` : ''}`;

const loadBalancer: LoadBalancerWords = {
  facts: (s) =>
    `echo 파드 ${s.pods.length}개(${s.pods.join(', ')}), 포트 8080; 서비스 포트 80, NodePort ${s.nodePort}; 노드 ${s.nodes.map((n) => `${n.id}(${n.ip})`).join(', ')}; 배스천의 퍼블릭 주소 ${s.bastion}.`,
  'prompt/targets': (s) => `NLB 서비스(${setting(s)})의 셀렉터가 echo 파드를 고릅니다. 컨트롤러가 대상 그룹에 등록하는 대상은 무엇입니까?`,
  'prompt/client': (s) => `NLB 서비스(${setting(s)})의 셀렉터가 echo 파드를 고릅니다. 배스천에서 \`curl -s $NLB | grep client_address\`를 실행하면 echo 파드는 어떤 주소를 찍습니까?`,
  'explain/registers': (s) =>
    `컨트롤러는 ${s.targetType} 유형의 대상 그룹을 만들고 ${s.targetType === 'ip' ? '파드 주소를 컨테이너 포트로 등록합니다(ip 대상: VPC CNI가 파드에 VPC 주소를 주기 때문에 가능합니다)' : '모든 노드를 인스턴스 ID와 NodePort로 등록합니다(그다음은 kube-proxy가 맡습니다)'}: ${s.targets}.`,
  'explain/preserve': (s) =>
    `preserve_client_ip.enabled는 ${s.preserve}입니다${s.setByService ? '(서비스가 설정한 값)' : `(${s.targetType} 대상에 대한 AWS의 기본값)`}. 그래서 대상에는 ${s.preserve ? '클라이언트 자신의 주소가' : '연결이 들어온 가용 영역에 있는 NLB 노드의 사설 주소가'} 보입니다.`,
  'explain/masquerade': () =>
    '이어서 노드의 kube-proxy가 NodePort 연결을 KUBE-EXT-* 체인으로 넘기는데, 이 체인이 마스커레이드 표시를 합니다(externalTrafficPolicy: Cluster). 그래서 파드에는 연결을 넘겨준 노드의 주소가 보입니다.',
  'explain/curl': (s) => `모델에서 배스천이 NLB로 curl을 보내면 돌아오는 줄: client_address=${s.client}.`,
  'targets/instance-for-ip': () => '그것은 instance 대상입니다. 대상 유형이 ip이면 컨트롤러는 파드 자체를 등록합니다.',
  'targets/service-port': () => '서비스 포트를 등록했습니다. ip 대상은 파드의 컨테이너 포트(targetPort 8080)로 등록됩니다.',
  'targets/nodeport-on-pods': () => 'NodePort는 노드에 열리는 포트입니다. 파드는 컨테이너 포트에서 기다립니다.',
  'targets/node-addresses': () => '노드 주소를 등록했습니다. ip 대상은 파드 자신의 VPC 주소입니다.',
  'targets/ip-for-instance': () => '그것은 ip 대상입니다. 대상 유형이 instance이면 컨트롤러는 노드를 인스턴스 ID와 NodePort로 등록합니다.',
  'targets/only-nodes-with-pods': () => 'echo 파드가 있는 노드만 등록했습니다. externalTrafficPolicy가 Cluster이면 모든 노드가 대상이고, kube-proxy가 다른 노드의 파드로도 넘겨줍니다.',
  'targets/container-port-on-nodes': () => 'instance 대상은 NodePort로 트래픽을 받습니다. 노드에서 컨테이너 포트로 기다리는 것은 없습니다.',
  'targets/service-port-on-nodes': () => '서비스 포트 80은 ClusterIP에만 있습니다. instance 대상은 NodePort로 등록됩니다.',
  'client/preserved-instance': () => 'NLB는 노드까지는 클라이언트 주소를 유지하지만, kube-proxy가 파드로 가는 NodePort 연결을 마스커레이드합니다(externalTrafficPolicy: Cluster).',
  'client/not-preserved-instance': () => '여기서는 클라이언트 주소를 유지하지 않고(preserve_client_ip.enabled=false), 게다가 kube-proxy가 NodePort 연결을 마스커레이드합니다.',
  'client/preserved-ip': () => '클라이언트 주소가 ip 대상까지 가는 것은 preserve_client_ip.enabled가 true일 때뿐입니다. ip 대상의 AWS 기본값은 false입니다.',
  'client/private': () => '배스천은 인터넷 게이트웨이를 거쳐 퍼블릭 주소로 internet-facing NLB에 닿습니다. 배스천의 사설 주소는 VPC를 떠나지 않습니다.',
  'client/nlb-private-instance': () => 'NLB 노드의 주소는 기껏해야 노드까지만 갑니다. kube-proxy가 파드로 가는 연결을 노드 자신의 주소로 마스커레이드합니다.',
  'client/nlb-private-ip': () => 'NLB 노드의 사설 주소가 보이는 것은 클라이언트 IP 보존이 꺼져 있을 때뿐입니다. 여기서는 켜져 있습니다.',
  'client/node-snat': () => '노드 주소는 kube-proxy가 NodePort 연결을 넘길 때(instance 대상) 보입니다. ip 대상이면 NLB가 파드로 곧바로 보냅니다.',
};

const maxPods: MaxPodsItemWords = {
  prompt: (s) => describeSetupKo(s.setup),
  facts: (s) => `${s.type}: ENI ${s.enis}개, ENI당 IPv4 주소 ${s.ips}개, vCPU ${s.vcpus}개.`,
  why: (s) => {
    const m = mistakeWords(s.mistake, s.result);
    return `${m.why} (${m.working})`;
  },
  formula: (s) => s.formula,
  step: (s) => {
    const w = stepWords(s.step, s.result);
    return `${w.term}: ${s.step.working ? `${s.step.working} = ` : ''}${s.step.value}. ${w.meaning}`;
  },
  note: (s) => notesOf(s.result)[s.index],
};

export const ko: QuizWords = { 'warm-pool': warmPool, datapath, 'kube-proxy': kubeProxy, 'load-balancer': loadBalancer, 'max-pods': maxPods };
