// The model's own descriptions in Korean: what the widgets show of src/model/ (a hop's narration, a walk's title and
// outcome, a target's place in the cluster, a header's fields, what a change did to the ENIs), worded by pattern. The model writes them
// in English for every face (the CLI, the quizzes, the widgets), from a small set of sentences; a Korean page words
// each one here, as a table of its shapes, loaded like a widget's Korean words (src/widgets/shared/i18n.ts:
// `loadWords(asSaid, () => import('../shared/narration.ko.ts'))`). A sentence with no shape here stays as the model
// wrote it, never blank; tests/unit/widgets/narration.test.ts runs every widget's choices through the model and
// checks that none is left in English. Identifiers (addresses, names, chains) are kept as they are, and put after a
// colon or in parentheses where a Korean particle would have to guess their pronunciation.

type Say = (text: string) => string;
/** A sentence's shape, and its Korean: a template of the shape's groups ({name}; {say_name} is worded in turn) or
 *  a function of them. */
type Rule = [RegExp, string | ((g: Record<string, string | undefined>, say: Say) => string)];

const ADDR = String.raw`[\w.:\[\]-]+`;

const RULES: Rule[] = [
  // Places and names.
  [/^pod (?<n>\S+)$/, '파드 {n}'],
  [/^node (?<n>\S+)$/, '노드 {n}'],
  [/^no pod$/, '파드 없음'],
  [/^the VPC$/, 'VPC'],
  [/^[Ii]nternet gateway$/, '인터넷 게이트웨이'],
  [/^NAT gateway$/, 'NAT 게이트웨이'],
  [/^the VPC resolver$/, 'VPC 리졸버'],
  [/^bastion \(the client\)$/, 'bastion (클라이언트)'],
  [/^the bastion \(outside the cluster\)$/, 'bastion (클러스터 밖)'],
  [/^(?<k>NLB|ALB) node in (?<az>\S+)$/, '{az}의 {k} 노드'],
  [/^(?<k>NLB|ALB) (?<n>\S+) in (?<az>\S+)$/, '{az}의 {k} {n}'],
  [/^outside AWS$/, 'AWS 밖'],
  [/^node (?<n>\S+) \((?<k>\d+) of the Service’s pods on it\)$/, '노드 {n} (서비스의 파드 {k}개가 있음)'],
  [/^ping data$/, 'ping 데이터'],

  // The packet stepper's flows (src/model/views/flow-view.ts, src/widgets/packet-stepper/calls.ts).
  [/^(?<a>\S+) → (?<b>\S+) on the same node$/, '{a} → {b}, 같은 노드'],
  [/^(?<a>\S+) → (?<b>\S+) on another node$/, '{a} → {b}, 다른 노드'],
  [/^node (?<n>\S+) → (?<b>\S+)$/, '노드 {n} → {b}'],
  [/^The last ping in the terminal$/, '터미널의 마지막 ping'],
  [/^The request is dropped: (?<say_why>.+)\.$/, '요청이 버려집니다: {say_why}.'],
  [/^The reply is lost: (?<say_why>.+)\.$/, '응답이 사라집니다: {say_why}.'],
  [/^The reply is lost\.$/, '응답이 사라집니다.'],
  [/^The reply arrives with ttl=(?<ttl>\d+), (?<ms>[\d.]+) ms after the request left\.$/, '응답이 도착합니다: 요청 후 {ms} ms, ttl={ttl}.'],

  // A hop (src/model/net/network.ts).
  [/^dropped: (?<say_why>.+)$/, '버려짐: {say_why}'],
  [/^leaves the pod: its only route is via 169\.254\.1\.1, the host end of the veth$/, '파드를 떠납니다: 파드의 유일한 경로는 veth의 호스트 쪽 끝인 169.254.1.1을 거칩니다'],
  [/^arrives in the pod, for an address it does not have$/, '파드에 도착하지만, 파드에 없는 주소로 온 패킷입니다'],
  [/^arrives in the pod$/, '파드에 도착합니다'],
  [/^arrives at the bastion$/, 'bastion에 도착합니다'],
  [/^netfilter filter (?<c>\S+): REJECT$/, 'netfilter filter {c}: REJECT (거부)'],
  [/^netfilter filter (?<c>\S+): DROP$/, 'netfilter filter {c}: DROP (폐기)'],
  [/^enters the node on (?<i>\S+)$/, '노드로 들어옵니다: {i}'],
  [/^netfilter mangle PREROUTING$/, 'netfilter mangle PREROUTING을 지납니다'],
  [/^conntrack recognises a reply and undoes the connection's NAT: (?<say_what>.+)$/, 'conntrack이 응답을 알아보고 연결의 NAT를 되돌립니다: {say_what}'],
  [new RegExp(String.raw`^source (?<a>${ADDR}) becomes (?<b>${ADDR}), destination (?<c>${ADDR}) becomes (?<d>${ADDR})$`), '출발지 {a} → {b}, 목적지 {c} → {d}'],
  [new RegExp(String.raw`^source (?<a>${ADDR}) becomes (?<b>${ADDR})$`), '출발지 {a} → {b}'],
  [new RegExp(String.raw`^destination (?<a>${ADDR}) becomes (?<b>${ADDR})$`), '목적지 {a} → {b}'],
  [/^no change$/, '바뀐 것 없음'],
  [/^netfilter nat (?<h>\w+) \(first packet of a connection\): DNAT (?<a>\S+) → (?<b>\S+)$/, 'netfilter nat {h} (연결의 첫 패킷): DNAT {a} → {b}'],
  [/^netfilter nat (?<h>\w+) \(first packet of a connection\)$/, 'netfilter nat {h} (연결의 첫 패킷)'],
  [/^netfilter nat OUTPUT: DNAT (?<a>\S+) → (?<b>\S+)$/, 'netfilter nat OUTPUT: DNAT {a} → {b} (목적지 변환)'],
  [/^conntrack applies the connection's (?<k>DNAT|SNAT): (?<a>\S+) → (?<b>\S+)$/, 'conntrack이 연결의 {k}를 적용합니다: {a} → {b}'],
  [/^is for the node itself \((?<ip>\S+) is (?<i>\S+)'s address\)$/, '노드 자신에게 온 패킷입니다 ({i}의 주소 {ip})'],
  [/^TTL would reach 0: the node drops it and answers "time exceeded"$/, 'TTL이 0이 됩니다: 노드가 패킷을 버리고 "time exceeded"로 응답합니다'],
  [/^forwarded by the main table \(rule (?<r>\d+)\); TTL (?<a>\d+) → (?<b>\d+)$/, '포워딩: main 테이블 (규칙 {r}), TTL {a} → {b}'],
  [/^forwarded by table (?<t>\S+) \(rule (?<r>\d+)\); TTL (?<a>\d+) → (?<b>\d+)$/, '포워딩: 테이블 {t} (규칙 {r}), TTL {a} → {b}'],
  [/^stays on the node: (?<ip>\S+) is its own address \(the local table, over lo\)$/, '노드에 머뭅니다: 노드 자신의 주소 {ip} (local 테이블, lo 경유)'],
  [/^leaves the node's own stack, routed by the main table$/, '노드 자신의 스택을 떠납니다: main 테이블로 라우팅'],
  [/^leaves the node's own stack, routed by table (?<t>\S+)$/, '노드 자신의 스택을 떠납니다: 테이블 {t}로 라우팅'],
  [/^IPVS: virtual server (?<v>.+) has no real server: ICMP port unreachable$/, 'IPVS: 가상 서버 {v}에 실제 서버가 없습니다: ICMP port unreachable'],
  [/^IPVS \((?<h>\w+)\): virtual server (?<v>.+?) \((?<s>[^)]+)\) → real server (?<r>\S+), Masq: (?<a>\S+) → (?<b>\S+)$/, 'IPVS ({h}): 가상 서버 {v} ({s}) → 실제 서버 {r}, Masq: {a} → {b}'],
  [/^SNAT: source (?<a>\S+) becomes the node's primary address (?<b>\S+)$/, 'SNAT: 출발지 {a} → 노드의 기본 주소 {b}'],
  [/^MASQUERADE \((?<say_who>.+)\): source (?<a>\S+) becomes (?<b>\S+), the address of (?<i>\S+)$/, 'MASQUERADE ({say_who}): 출발지 {a} → {b} ({i}의 주소)'],
  [/^kube-proxy's mark 0x4000$/, 'kube-proxy의 mark 0x4000'],
  [/^Calico's natOutgoing, cali-nat-outgoing$/, 'Calico의 natOutgoing, cali-nat-outgoing'],
  [/^felix's tunnel rule$/, 'felix의 터널 규칙'],
  [/^netfilter POSTROUTING: no translation \(the destination is inside the VPC\)$/, 'netfilter POSTROUTING: 변환 없음 (목적지가 VPC 안)'],
  [/^leaves the node on (?<d>\S+) \((?<e>\S+)\)$/, '노드를 떠납니다: {d} ({e})'],
  [/^leaves the node on (?<d>\S+), the host end of (?<p>\S+)'s veth$/, '노드를 떠납니다: {d}, {p}의 veth 호스트 쪽 끝'],
  [/^leaves the bastion on (?<d>\S+)$/, 'bastion을 떠납니다: {d}'],
  [/^the VPC hands it to the Amazon-provided DNS server at (?<ip>\S+)$/, 'VPC가 Amazon 제공 DNS 서버에 넘깁니다: {ip}'],
  [/^the VPC delivers it to the ENI that owns (?<ip>\S+) in (?<az>\S+), unchanged \(no tunnel, no TTL change\)$/, 'VPC가 {az}에서 {ip}의 주인인 ENI에 그대로 전달합니다 (터널 없음, TTL 변화 없음)'],
  [/^the VPC delivers it to the ENI that owns (?<ip>\S+), unchanged \(no tunnel, no TTL change\)$/, 'VPC가 {ip}의 주인인 ENI에 그대로 전달합니다 (터널 없음, TTL 변화 없음)'],
  [/^the internet gateway has no public address for (?<ip>\S+)$/, '인터넷 게이트웨이에 {ip}의 퍼블릭 주소가 없습니다'],
  [/^the internet gateway swaps the private source for the instance's public address (?<ip>\S+)$/, '인터넷 게이트웨이가 프라이빗 출발지 주소를 인스턴스의 퍼블릭 주소로 바꿉니다: {ip}'],
  [/^the internet gateway swaps the public destination for the private address (?<ip>\S+)$/, '인터넷 게이트웨이가 퍼블릭 목적지 주소를 프라이빗 주소로 바꿉니다: {ip}'],
  [/^reaches (?<h>\S+) across the internet$/, '인터넷을 건너 {h}에 닿습니다'],
  [/^the Amazon-provided DNS server answers$/, 'Amazon 제공 DNS 서버가 응답합니다'],
  [/^reaches (?<lb>\S+)'s node in (?<az>\S+) at (?<ip>\S+) \(its public address, through the internet gateway\)$/, '{az}에 있는 {lb}의 노드에 닿습니다: {ip} (인터넷 게이트웨이를 거친 퍼블릭 주소)'],
  [/^reaches (?<lb>\S+)'s node in (?<az>\S+) at (?<ip>\S+)$/, '{az}에 있는 {lb}의 노드에 닿습니다: {ip}'],
  [/^new flow on listener (?<l>\S+): the flow hash picks (?<tt>\w+) target (?<t>\S+) in (?<az>\S+) of (?<say_scope>.+)$/, '리스너 {l}의 새 흐름: 흐름 해시가 {say_scope} 중에서 고릅니다: {az}의 {tt} 대상 {t}'],
  [/^(?<n>\d+) healthy targets? in every enabled AZ \(cross-zone on\)$/, '활성화된 모든 AZ의 정상 대상 {n}개 (교차 영역 켬)'],
  [/^(?<n>\d+) healthy targets? in (?<az>\S+) \(cross-zone off\)$/, '{az}의 정상 대상 {n}개 (교차 영역 끔)'],
  [/^all targets are unhealthy: fail open, any registered target$/, '모든 대상이 비정상이라 fail open: 등록된 아무 대상'],
  [/^forwards to (?<t>\S+); (?<say_how>.+)$/, '전달합니다: {t}. {say_how}'],
  [/^the client's address is preserved$/, '클라이언트 주소는 보존됩니다'],
  [/^source (?<a>\S+) becomes the node's private address (?<b>\S+)$/, '출발지 {a} → 노드의 프라이빗 주소 {b}'],
  [/^the load balancer's flow turns the reply back: from (?<a>\S+) to the client (?<b>\S+)$/, '로드 밸런서의 흐름이 응답을 되돌립니다: {a} → 클라이언트 {b}'],
  [/^(?<lb>\S+)'s node in (?<az>\S+) sends$/, '{az}에 있는 {lb}의 노드가 보냅니다'],
  [/^(?<h>\S+) sends$/, '{h}에서 보냅니다'],

  // Why a packet went no further (network.ts drop reasons, the NLB's data plane).
  [/^the pod has no network$/, '파드에 네트워크가 없음'],
  [/^not for this pod$/, '이 파드로 온 패킷이 아님'],
  [/^dropped by the filter table's (?<c>\S+) chain$/, 'filter 테이블의 {c} 체인이 버림'],
  [/^rejected by the filter table's (?<c>\S+) chain \(icmp-port-unreachable\)$/, 'filter 테이블의 {c} 체인이 거부함 (icmp-port-unreachable)'],
  [/^no route to host$/, '호스트로 가는 경로 없음'],
  [/^blackhole route (?<r>.+)$/, 'blackhole 경로: {r}'],
  [/^TTL exceeded$/, 'TTL 초과'],
  [/^Network is unreachable$/, '네트워크에 닿을 수 없음'],
  [/^IPVS virtual server (?<v>.+) has no destination \(icmp-port-unreachable\)$/, 'IPVS 가상 서버 {v}에 목적지가 없음 (icmp-port-unreachable)'],
  [/^no device (?<d>\S+)$/, '장치 없음: {d}'],
  [/^(?<e>\S+) does not own source (?<ip>\S+) \(source\/destination check\)$/, '{e}에 출발지 {ip} 주소가 없음 (소스/대상 확인)'],
  [/^no ENI in the VPC has (?<ip>\S+)$/, 'VPC에 {ip} 주소를 가진 ENI가 없음'],
  [/^the subnet has no route to the internet$/, '서브넷에 인터넷으로 가는 경로가 없음'],
  [/^no public IPv4 address is associated with (?<ip>\S+)$/, '{ip} 주소에 연결된 퍼블릭 IPv4 주소가 없음'],
  [/^no host answers at that address$/, '그 주소에서 응답하는 호스트가 없음'],
  [/^no instance has public address (?<ip>\S+)$/, '퍼블릭 주소 {ip}를 가진 인스턴스가 없음'],
  [/^no ENI owns the address$/, '그 주소를 가진 ENI가 없음'],
  [/^no (?<p>[A-Z]+) listener$/, '{p} 리스너 없음'],
  [/^no (?<p>[A-Z]+) listener on port (?<port>\d+)$/, '포트 {port}에 {p} 리스너 없음'],
  [/^no listener on (?<p>[A-Z]+) port (?<port>\d+): the load balancer's security group lets nothing else in$/, '{p} 포트 {port}에 리스너 없음: 로드 밸런서의 보안 그룹이 그 밖의 트래픽은 들이지 않음'],
  [/^no listener on (?<p>[A-Z]+): the load balancer's security group lets nothing else in$/, '{p} 리스너 없음: 로드 밸런서의 보안 그룹이 그 밖의 트래픽은 들이지 않음'],
  [/^not part of a flow the load balancer knows$/, '로드 밸런서가 아는 흐름의 패킷이 아님'],
  [/^load balancer (?<n>\S+) is still provisioning$/, '로드 밸런서가 아직 프로비저닝 중: {n}'],
  [/^the load balancer is gone$/, '로드 밸런서가 사라짐'],
  [/^not for the bastion$/, 'bastion으로 온 패킷이 아님'],
  [/^it is lost$/, '사라짐'],
  [/^no route$/, '경로 없음'],

  // The rule walk (src/model/views/rule-walk.ts, src/widgets/rule-walk/calls.ts).
  [/^(?<say_who>.+?) → (?<dst>\S+) \((?<spn>[^,()]+), NodePort on node (?<n>\S+)\)$/, '{say_who} → {dst} ({spn}, 노드 {n}의 NodePort)'],
  [/^(?<say_who>(?:pod|node) \S+|the bastion \(outside the cluster\)) → (?<dst>\S+) \((?<spn>[^,()]+)\)$/, '{say_who} → {dst} ({spn})'],
  [/^The packet does not arrive: (?<say_why>.+)\.$/, '패킷이 도착하지 않습니다: {say_why}.'],
  [/^(?<say_r>pod \S+) receives it as (?<a>\S+) → (?<b>\S+): it sees the client’s own address\.$/, '{say_r}에 도착: {a} → {b}. 클라이언트 자신의 주소가 그대로 보입니다.'],
  [/^(?<say_r>pod \S+) receives it as (?<a>\S+) → (?<b>\S+): the client’s address (?<c>\S+) is gone: it sees (?<s>\S+), so its reply must come back through the node that masqueraded it\.$/,
    '{say_r}에 도착: {a} → {b}. 클라이언트 주소 {c} 대신 {s} 주소가 보이므로, 응답은 masquerade한 노드를 거쳐 돌아와야 합니다.'],
  [/^(?<k>\S+) is a ClusterIP Service: it has no NodePort\. Pick a NodePort Service, or the ClusterIP\.$/, '{k}: ClusterIP 서비스라서 NodePort가 없습니다. NodePort 서비스를 고르거나 ClusterIP를 고르세요.'],
  [/^The model sends TCP and UDP packets only; (?<k>\S+) is (?<p>\S+)\.$/, '모델은 TCP와 UDP 패킷만 보냅니다. {k}의 프로토콜: {p}.'],
  [/^No pod is running to send from yet \(kubectl apply -f netshoot-pod\.yaml, then wait half a minute\)\.$/, '아직 보낼 파드가 실행 중이지 않습니다(kubectl apply -f netshoot-pod.yaml 뒤 30초를 기다리세요).'],
  [/^The cluster has no nodes\.$/, '클러스터에 노드가 없습니다.'],
  [/^No Service port (?<c>\S+) in this cluster \(it has (?<l>.+)\)\.$/, (g) => `이 클러스터에 서비스 포트 ${g.c}가 없습니다(있는 포트: ${g.l === 'none' ? '없음' : g.l}).`],
  [/^Replicas: one of (?<l>.+)\.$/, '복제본 수: {l} 중 하나.'],
  [/^No Deployment selects the pods behind (?<k>\S+): there is nothing to scale here\.$/, '{k} 뒤의 파드를 고르는 Deployment가 없습니다: 여기서는 조정할 것이 없습니다.'],

  // The NLB path (src/model/views/nlb-path.ts).
  [/^(?<p>[A-Z]+) (?<port>traffic-port|port \d+)(?: (?<path>\/\S*))?, every (?<i>\d+) s, healthy after (?<h>\d+)$/,
    (g) => `${g.p} ${g.port === 'traffic-port' ? 'traffic-port' : g.port!.replace('port', '포트')}${g.path ? ` ${g.path}` : ''}, ${g.i}초마다, ${g.h}번 성공하면 정상`],
  [/^(?:NodePort (?<np>\d+): )?(?<sep>\S+) DNATs to (?<to>\S+)(?<how>, and marks the connection for masquerade \(externalTrafficPolicy: Cluster\)|, an endpoint on this node \(externalTrafficPolicy: Local: no masquerade\))?$/,
    (g) => `${g.np ? `NodePort ${g.np}: ` : ''}${g.sep}, DNAT → ${g.to}${!g.how ? '' : g.how.includes('masquerade (') ? '. 연결에 masquerade 표시를 남깁니다 (externalTrafficPolicy: Cluster)' : '. 이 노드의 엔드포인트입니다 (externalTrafficPolicy: Local: masquerade 없음)'}`],
  [/^no endpoint on this node: KUBE-SVL-… marks the packet for drop \(externalTrafficPolicy: Local\)$/, '이 노드에 엔드포인트가 없습니다: KUBE-SVL-…이 패킷에 drop 표시를 합니다 (externalTrafficPolicy: Local)'],
  [/^KUBE-SERVICES is walked but no rule matches: the destination is a pod, not a Service address or NodePort$/, 'KUBE-SERVICES를 훑지만 매치되는 규칙이 없습니다: 목적지가 서비스 주소나 NodePort가 아니라 파드입니다'],
  [/^(?<say_r>pod \S+) accepts (?<a>\S+) → (?<b>\S+); the client address it sees is (?<c>\S+)\.$/, '{say_r}에 도착: {a} → {b}. 파드가 보는 클라이언트 주소: {c}.'],
  [/^The SYN does not reach a pod: (?<say_why>.+)\. The client’s connect\(\) times out\.$/, 'SYN이 파드에 닿지 않습니다: {say_why}. 클라이언트의 connect()는 시간 초과로 끝납니다.'],
  [/^(?<dns>\S+) does not resolve yet: the load balancer is (?<s>\S+)\.$/, '{dns}: 아직 이름이 풀리지 않습니다. 로드 밸런서 상태: {s}.'],
  [/^No Service (?<k>\S+) in this cluster\.$/, '이 클러스터에 서비스가 없습니다: {k}.'],
  [/^(?<k>\S+) is not a LoadBalancer Service the AWS Load Balancer Controller owns \(no loadBalancerClass service\.k8s\.aws\/nlb\)\.$/, '{k}: AWS Load Balancer Controller가 맡은 LoadBalancer 서비스가 아닙니다(loadBalancerClass service.k8s.aws/nlb 없음).'],
  [/^The controller has built no load balancer for (?<k>\S+) yet \(is it installed and running\?\)\.$/, '컨트롤러가 아직 {k}의 로드 밸런서를 만들지 않았습니다(컨트롤러가 설치되어 실행 중인가요?).'],
  [/^The controller has built no load balancer for (?<k>\S+) yet: (?<m>.+)\.$/, '컨트롤러가 아직 {k}의 로드 밸런서를 만들지 않았습니다: {m}.'],
  [/^(?<n>\S+) has no listener with a target group yet\.$/, '{n}: 아직 대상 그룹이 있는 리스너가 없습니다.'],

  // The overlay view (src/model/views/overlay-packet.ts).
  [/^(?<a>\S+) → (?<b>\S+) \(the node's eth0 to its next hop in the VPC\)$/, '{a} → {b} (노드의 eth0에서 VPC의 다음 홉으로)'],
  [/^(?<a>\S+) → (?<b>\S+) \(this node's vxlan\.calico to the far node's\)$/, '{a} → {b} (이 노드의 vxlan.calico에서 상대 노드의 vxlan.calico로)'],
  [/^(?<a>\S+) → (?<b>\S+), protocol (?<p>\d+) \((?<pn>[^)]+)\), ttl (?<t>\d+), total length (?<l>\d+)(?<more>, more fragments follow)?$/,
    (g) => `${g.a} → ${g.b}, 프로토콜 ${g.p} (${g.pn}), ttl ${g.t}, 전체 길이 ${g.l}${g.more ? ', 뒤에 조각이 더 있음' : ''}`],
  [/^port (?<a>\d+) → (?<b>\d+), length (?<l>\d+)$/, '포트 {a} → {b}, 길이 {l}'],
  [/^the first (?<n>\d+) of (?<t>\d+) bytes$/, '{t}바이트 중 처음 {n}바이트'],
  [/^(?<n>\d+) bytes$/, '{n}바이트'],
  [/^The cluster has no running pods on two nodes to ping between\.$/, '클러스터에 ping을 주고받을, 서로 다른 두 노드의 실행 중인 파드가 없습니다.'],
  [/^The ping did not leave (?<n>\S+): (?<say_why>.+)\.$/, 'ping이 노드를 떠나지 못했습니다: {n}, {say_why}.'],
  [/^MTU (?<m>\d+): the VPC CNI accepts 576 to 9001 \(AWS_VPC_ENI_MTU\)\.$/, 'MTU {m}: VPC CNI는 576에서 9001까지 받습니다(AWS_VPC_ENI_MTU).'],

  // What a change did to the ENI picture (src/model/views/eni-view.ts viewChanges).
  [/^(?<k>[A-Z_]+): (?<a>\S+) → (?<b>\S+)$/, (g) => `${g.k}: ${g.a === 'unset' ? '설정 안 함' : g.a} → ${g.b === 'unset' ? '설정 안 함' : g.b}`],
  [/^(?<n>\S+): new node$/, '{n}: 새 노드'],
  [/^(?<n>\S+): (?<e>\S+) attached with (?<k>\d+) IPs$/, '{n}: {e} 붙음 (IP {k}개)'],
  [/^(?<n>\S+): (?<e>\S+) released \((?<k>\d+) IPs\)$/, '{n}: {e} 해제 (IP {k}개)'],
  [/^(?<n>\S+): (?<k>\d+) IPs added to existing ENIs$/, '{n}: 기존 ENI에 IP {k}개 추가'],
  [/^(?<n>\S+): (?<k>\d+) IPs returned to the VPC$/, '{n}: IP {k}개를 VPC에 반납'],
  [/^(?<n>\S+): pods (?<a>\d+) → (?<b>\d+) \(max (?<m>\d+)\)$/, '{n}: 파드 {a} → {b} (최대 {m})'],

  // A rule walk stage's name (src/widgets/rule-walk/setup.ts stageLabel): the host worded, the hook as it is.
  [/^(?<say_host>(?:pod|node) \S+|bastion) · (?<hook>.+)$/, '{say_host} · {hook}'],
];

/** `text` in Korean where its shape is known; as the model wrote it otherwise. */
export function ko(text: string): string {
  for (const [shape, korean] of RULES) {
    const m = shape.exec(text);
    if (!m) continue;
    const groups = m.groups ?? {};
    if (typeof korean === 'function') return korean(groups, ko);
    return korean.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = groups[name] ?? '';
      return name.startsWith('say_') ? ko(value) : value;
    });
  }
  return text;
}
