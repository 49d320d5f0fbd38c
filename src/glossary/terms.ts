// The ko/en glossary: the terms the lessons use, as Korean engineers write them and as AWS's and Kubernetes's
// English documentation names them. One list feeds the glossary pages (content/glossary.mdx,
// content/ko/glossary.mdx) and every <Term> in a Korean lesson (src/components/Term.astro), so a term reads the
// same on every page. The Korean follows AWS's Korean console and documentation where they have settled a word
// (탄력적 네트워크 인터페이스, 접두사 위임, 대상 그룹, 교차 영역 로드 밸런싱) and Kubernetes's Korean documentation
// (kubernetes.io/ko: 파드, 노드, 디플로이먼트, 데몬셋), and keeps the English word where Korean engineers do (ENI,
// SNAT, conntrack, veth).

export interface GlossaryTerm {
  /** Anchor on the glossary pages and the id a lesson's <Term id=…> names. */
  id: string;
  /** The term as a Korean lesson writes it. */
  ko: string;
  /** The term in English, as AWS's or Kubernetes's documentation writes it. */
  en: string;
  /** One sentence in Korean: what it is. */
  koNote: string;
  /** The same sentence in English. */
  enNote: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { id: 'eni', ko: 'ENI', en: 'elastic network interface (ENI)', koNote: 'VPC 서브넷에 속한 가상 네트워크 카드. 인스턴스 유형마다 붙일 수 있는 개수와 ENI당 주소 수가 정해져 있습니다.', enNote: 'A virtual network card in a VPC subnet; the instance type caps how many attach and how many addresses each holds.' },
  { id: 'primary-address', ko: '기본 주소', en: 'primary private IPv4 address', koNote: 'ENI 자신의 주소. 첫 번째 ENI에서는 노드의 IP이고, 파드에게는 주지 않습니다.', enNote: "The ENI's own address (the node's IP on the first ENI); never given to a pod." },
  { id: 'secondary-address', ko: '보조 IP 주소', en: 'secondary private IPv4 address', koNote: 'ENI에 추가로 할당되는 주소. VPC CNI는 이 주소를 파드에게 나눠 줍니다.', enNote: 'An extra address on an ENI; the VPC CNI hands these to pods.' },
  { id: 'max-pods', ko: '최대 파드 수', en: 'max pods', koNote: 'kubelet이 한 노드에 받아들이는 파드의 상한. EKS에서는 ENI 수와 ENI당 주소 수로 계산합니다.', enNote: "The kubelet's limit of pods on one node; on EKS computed from the ENIs and their addresses." },
  { id: 'prefix-delegation', ko: '접두사 위임', en: 'prefix delegation', koNote: '보조 주소 자리 하나에 주소 하나 대신 /28 접두사(주소 16개)를 넣는 VPC CNI 기능.', enNote: 'A VPC CNI mode that puts a /28 prefix (16 addresses) in each secondary slot instead of one address.' },
  { id: 'custom-networking', ko: '사용자 지정 네트워킹', en: 'custom networking', koNote: '파드 주소를 노드와 다른 서브넷(ENIConfig)에서 받는 VPC CNI 설정.', enNote: "A VPC CNI setting that takes pod addresses from other subnets (ENIConfig) than the node's." },
  { id: 'ipamd', ko: 'ipamd', en: 'ipamd (L-IPAM daemon)', koNote: 'aws-node 파드 안에서 노드의 ENI와 주소를 관리하는 VPC CNI의 데몬.', enNote: "The VPC CNI's daemon in aws-node that manages a node's ENIs and addresses." },
  { id: 'cni-plugin', ko: 'CNI 플러그인', en: 'CNI plugin', koNote: '컨테이너 런타임이 파드를 만들고 지울 때 한 번씩 실행하는 바이너리. 파드의 네트워크를 배선하고 바로 끝납니다(VPC CNI는 /opt/cni/bin/aws-cni).', enNote: "The binary the container runtime runs once when a pod is created and once when it is deleted; it wires the pod's network and exits (the VPC CNI's is /opt/cni/bin/aws-cni)." },
  { id: 'warm-pool', ko: '웜 풀', en: 'warm pool', koNote: 'ipamd가 파드 없이 미리 확보해 두는 주소들. 파드가 뜰 때 EC2 API를 기다리지 않게 해 줍니다.', enNote: 'Addresses ipamd keeps assigned but unused, so a starting pod never waits for EC2.' },
  { id: 'cooldown', ko: '쿨다운', en: 'cooldown', koNote: '파드가 반납한 주소를 다시 쓰기 전에 기다리는 30초.', enNote: 'The 30 seconds a returned address waits before it is reused.' },
  { id: 'security-groups-for-pods', ko: '파드용 보안 그룹', en: 'security groups for pods', koNote: '선택한 파드에게 트렁크 ENI에 딸린 브랜치 ENI와 자기 보안 그룹을 주는 기능(ENABLE_POD_ENI). 트렁크 ENI가 인스턴스의 ENI 자리를 하나 씁니다.', enNote: 'A feature (ENABLE_POD_ENI) that gives selected pods a branch ENI of a trunk ENI, with security groups of their own; the trunk takes one of the instance\'s ENI slots.' },
  { id: 'veth-pair', ko: 'veth 쌍', en: 'veth pair', koNote: '양 끝이 서로 다른 네트워크 네임스페이스에 있는 가상 케이블. 파드 쪽 끝이 eth0입니다.', enNote: "A virtual cable with one end in each network namespace; the pod's end is its eth0." },
  { id: 'network-namespace', ko: '네트워크 네임스페이스', en: 'network namespace', koNote: '인터페이스, 라우팅 테이블, iptables 규칙을 따로 갖는 리눅스의 격리 단위. 파드마다 하나씩 있습니다.', enNote: 'A Linux isolation unit with its own interfaces, routes and iptables rules; each pod has one.' },
  { id: 'host-route', ko: '호스트 라우트', en: 'host route', koNote: '주소 하나(/32)로 가는 경로. 노드는 파드마다 veth로 가는 호스트 라우트를 둡니다.', enNote: 'A route to a single address (/32); a node has one per pod, through its veth.' },
  { id: 'policy-routing', ko: '정책 라우팅', en: 'policy routing', koNote: 'ip rule로 출발지나 목적지에 따라 다른 라우팅 테이블을 고르는 방식.', enNote: 'Choosing a routing table by source or destination with ip rule.' },
  { id: 'host-network', ko: '호스트 네트워크', en: 'host network (hostNetwork)', koNote: '노드의 네트워크 네임스페이스와 IP를 그대로 쓰는 파드. aws-node와 kube-proxy가 그렇습니다.', enNote: "Pods that share the node's network namespace and IP, such as aws-node and kube-proxy." },
  { id: 'source-dest-check', ko: '소스/대상 확인', en: 'source/destination check', koNote: '네트워크 인터페이스가 자기 주소가 아닌 출발지나 목적지의 트래픽을 버리게 하는 EC2 설정. 기본으로 켜져 있습니다.', enNote: "An EC2 setting, on by default, that drops traffic through a network interface unless the interface's own address is its source or destination." },
  { id: 'snat', ko: 'SNAT', en: 'source NAT (SNAT)', koNote: '패킷의 출발지 주소를 바꾸는 NAT. VPC 밖으로 나가는 파드 트래픽은 노드의 기본 주소로 바뀝니다.', enNote: "NAT that rewrites a packet's source; pod traffic leaving the VPC takes the node's primary address." },
  { id: 'dnat', ko: 'DNAT', en: 'destination NAT (DNAT)', koNote: '패킷의 목적지 주소를 바꾸는 NAT. kube-proxy는 서비스 주소를 파드 주소로 바꿉니다.', enNote: "NAT that rewrites a packet's destination; kube-proxy turns a Service address into a pod's." },
  { id: 'conntrack', ko: 'conntrack', en: 'connection tracking (conntrack)', koNote: '커널이 연결마다 NAT 결과를 기억하는 표. 같은 연결의 다음 패킷은 같은 파드로 갑니다.', enNote: "The kernel's table of connections and their NAT, so a connection's later packets go to the same pod." },
  { id: 'service', ko: '서비스', en: 'Service', koNote: '파드 묶음에 고정된 주소(ClusterIP)와 이름을 주는 쿠버네티스 오브젝트.', enNote: 'A Kubernetes object that gives a set of pods a stable address (ClusterIP) and name.' },
  { id: 'endpointslice', ko: '엔드포인트슬라이스', en: 'EndpointSlice', koNote: '서비스 뒤에 있는 파드 주소 목록. kube-proxy와 로드 밸런서 컨트롤러가 읽습니다.', enNote: "The list of pod addresses behind a Service, read by kube-proxy and the load balancer controller." },
  { id: 'daemonset', ko: '데몬셋', en: 'DaemonSet', koNote: '노드마다 파드를 하나씩 띄우는 쿠버네티스 오브젝트. aws-node와 kube-proxy가 데몬셋입니다.', enNote: 'A Kubernetes object that runs one pod per node, as aws-node and kube-proxy do.' },
  { id: 'scheduler', ko: '스케줄러', en: 'kube-scheduler', koNote: '파드를 놓을 노드를 고르는 컨트롤 플레인 구성 요소. 자리가 없으면 파드는 Pending으로 남습니다.', enNote: 'The control-plane component that picks a node for each pod; with no room the pod stays Pending.' },
  { id: 'allocatable', ko: '할당 가능 리소스', en: 'Allocatable', koNote: 'kubectl describe node의 Allocatable: 노드가 파드에게 내줄 수 있는 양. pods 항목이 최대 파드 수입니다.', enNote: "What a node can give pods, as kubectl describe node shows it; its pods line is the max pods." },
  { id: 'preemption', ko: '선점', en: 'preemption', koNote: '놓을 노드가 없을 때 스케줄러가 우선순위가 더 낮은 파드를 쫓아내 자리를 만드는 것.', enNote: 'The scheduler evicting lower-priority pods to make room when no node fits a pod.' },
  { id: 'target-group', ko: '대상 그룹', en: 'target group', koNote: '로드 밸런서가 트래픽을 보내는 대상(인스턴스나 IP)의 묶음.', enNote: 'The set of targets (instances or IPs) a load balancer sends traffic to.' },
  { id: 'target-type', ko: '대상 유형', en: 'target type', koNote: 'NLB 대상이 노드(instance)인지 파드 주소(ip)인지 정하는 설정.', enNote: "Whether an NLB's targets are nodes (instance) or pod addresses (ip)." },
  { id: 'cross-zone', ko: '교차 영역 로드 밸런싱', en: 'cross-zone load balancing', koNote: '로드 밸런서 노드가 다른 가용 영역의 대상에도 트래픽을 나누는 설정.', enNote: 'A setting that lets each load balancer node send to targets in every Availability Zone.' },
  { id: 'overlay', ko: '오버레이 네트워크', en: 'overlay network', koNote: '파드 패킷을 노드 주소의 패킷으로 감싸 보내는 네트워크(VXLAN, IP-in-IP).', enNote: "A network that wraps pod packets in packets between node addresses (VXLAN, IP-in-IP)." },
  { id: 'encapsulation', ko: '캡슐화', en: 'encapsulation', koNote: '패킷 앞에 헤더를 하나 더 붙여 감싸는 것. 그만큼 MTU가 줄어듭니다.', enNote: 'Wrapping a packet in one more header; the MTU shrinks by that much.' },
  { id: 'mtu', ko: 'MTU', en: 'maximum transmission unit (MTU)', koNote: '한 링크가 조각내지 않고 보낼 수 있는 가장 큰 패킷 크기.', enNote: 'The largest packet a link carries without fragmenting it.' },
  { id: 'security-group', ko: '보안 그룹', en: 'security group', koNote: 'ENI에 붙는 상태 저장 방화벽 규칙. VPC CNI의 파드 트래픽은 파드 주소를 가진 ENI의 보안 그룹을 따릅니다.', enNote: "Stateful firewall rules attached to an ENI; with the VPC CNI, pod traffic follows the groups of the ENI that holds the pod's address." },
  { id: 'ingress', ko: '인그레스', en: 'Ingress', koNote: '호스트와 경로 규칙으로 HTTP 요청을 서비스에 나눠 주는 쿠버네티스 오브젝트. EKS에서는 로드 밸런서 컨트롤러가 ALB로 구현합니다.', enNote: 'A Kubernetes object that routes HTTP requests to Services by host and path; on EKS the load balancer controller builds it as an ALB.' },
  { id: 'health-check', ko: '상태 확인', en: 'health check', koNote: '로드 밸런서가 대상마다 주기적으로 보내는 확인 요청. 정해진 횟수를 통과해야 대상이 healthy가 됩니다.', enNote: 'The probe a load balancer sends each target at intervals; a target is healthy after enough of them pass.' },
  { id: 'readiness-gate', ko: '준비성 게이트', en: 'pod readiness gate', koNote: '파드가 Ready가 되려면 참이어야 하는 추가 조건. 로드 밸런서 컨트롤러는 대상이 healthy가 될 때까지 이 조건을 거짓으로 둡니다.', enNote: 'An extra condition a pod needs before it is Ready; the load balancer controller holds it false until the target is healthy.' },
  { id: 'path-mtu-discovery', ko: '경로 MTU 검색', en: 'path MTU discovery (PMTUD)', koNote: '경로 중간의 라우터가 보낸 ICMP "fragmentation needed" 메시지로 보낼 패킷 크기를 줄이는 방식. ICMP가 막히면 큰 패킷만 사라집니다.', enNote: 'Shrinking packets on the strength of ICMP "fragmentation needed" messages from routers on the path; when ICMP is blocked, only large packets vanish.' },
];

export const GLOSSARY_BY_ID: ReadonlyMap<string, GlossaryTerm> = new Map(GLOSSARY.map((t) => [t.id, t]));
