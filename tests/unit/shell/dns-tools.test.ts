// nslookup, dig and host in a netshoot pod (BIND 9.18), answered by CoreDNS through the kube-dns ClusterIP:
// Services by short and full names, pod A records (`pods insecure`), NXDOMAIN, names forwarded to the VPC
// resolver; the queries on the wire (tcpdump port 53) and the DNAT'ed flow in conntrack.
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

function lab() {
  const e = labEngine();
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('kubectl apply -f nginx-dp.yaml');
  e.sh('sleep 60');
  e.sh('kubectl expose deployment nginx-deployment --port=80');
  e.sh("CIP=$(kubectl get svc nginx-deployment -o jsonpath='{.spec.clusterIP}')");
  e.sh("N=$(kubectl get pod $PODNAME1 -o jsonpath='{.status.hostIP}')");
  return e;
}

describe('nslookup (BIND 9.18)', () => {
  it('a Service by its short name, through the search list', () => {
    const e = lab();
    const cip = e.sh('echo -n $CIP');
    expect(e.sh('kubectl exec $PODNAME1 -- nslookup nginx-deployment')).toBe(
      `Server:\t\t10.100.0.10\nAddress:\t10.100.0.10#53\n\nName:\tnginx-deployment.default.svc.cluster.local\nAddress: ${cip}\n\n`,
    );
    expect(e.sh('kubectl exec $PODNAME1 -- nslookup kube-dns.kube-system')).toContain('Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.100.0.10\n');
  });

  it('NXDOMAIN after the whole walk (exit 1); a name outside the cluster is non-authoritative, A then AAAA', () => {
    const e = lab();
    expect(e.sh('kubectl exec $PODNAME1 -- nslookup nosuch; echo rc=$?')).toBe(
      "Server:\t\t10.100.0.10\nAddress:\t10.100.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\nrc=1\n",
    );
    expect(e.sh('kubectl exec $PODNAME1 -- nslookup www.google.com')).toBe(
      'Server:\t\t10.100.0.10\nAddress:\t10.100.0.10#53\n\nNon-authoritative answer:\nName:\twww.google.com\nAddress: 142.250.198.4\nName:\twww.google.com\nAddress: 2404:6800:400a:80b::2004\n\n',
    );
  });

  it('a pod\'s A record (pods insecure), and an address looked up as PTR', () => {
    const e = lab();
    const ip = e.sh('echo -n $PODIP2');
    expect(e.sh(`kubectl exec $PODNAME1 -- nslookup ${ip.replaceAll('.', '-')}.default.pod`)).toContain(`Address: ${ip}\n`);
    expect(e.sh('kubectl exec $PODNAME1 -- nslookup 10.100.0.10')).toBe('10.0.100.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local.\n\n');
  });
});

describe('dig and host', () => {
  it('dig prints the header, EDNS and the sections as BIND 9.18 does; +short only the data', () => {
    const e = lab();
    const out = e.sh('kubectl exec $PODNAME1 -- dig nginx-deployment.default.svc.cluster.local');
    expect(out).toMatch(/^\n; <<>> DiG 9\.18\.13 <<>> nginx-deployment\.default\.svc\.cluster\.local\n;; global options: \+cmd\n;; Got answer:\n/);
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n');
    expect(out).toMatch(/; COOKIE: [0-9a-f]{16} \(echoed\)\n/);
    expect(out).toContain(`;; ANSWER SECTION:\nnginx-deployment.default.svc.cluster.local. 5 IN A ${e.sh('echo -n $CIP')}\n`);
    expect(out).toContain(';; SERVER: 10.100.0.10#53(10.100.0.10) (UDP)\n');
    expect(out).toContain(';; MSG SIZE  rcvd: 141\n');
    expect(e.sh('kubectl exec $PODNAME1 -- dig +short www.google.com')).toBe('142.250.198.4\n');
    expect(e.sh('kubectl exec $PODNAME1 -- dig +short @192.168.0.2 www.google.com AAAA')).toBe('2404:6800:400a:80b::2004\n');
  });

  it('host: one line per record; not found is exit 1', () => {
    const e = lab();
    expect(e.sh('kubectl exec $PODNAME1 -- host kube-dns.kube-system')).toBe('kube-dns.kube-system.svc.cluster.local has address 10.100.0.10\n');
    expect(e.sh('kubectl exec $PODNAME1 -- host nosuch; echo rc=$?')).toBe('Host nosuch not found: 3(NXDOMAIN)\nrc=1\n');
  });
});

describe('on the wire', () => {
  it('tcpdump port 53 on the node: the walk\'s queries to the ClusterIP, DNAT\'ed to a CoreDNS pod, replies from the ClusterIP', () => {
    const e = lab();
    e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn port 53 -c 40 &');
    const out = e.sh('kubectl exec $PODNAME1 -- nslookup www.google.com; sleep 1');
    const lines = out.split('\n').filter((l) => / IP /.test(l));
    const fromPod = lines.filter((l) => / > 10\.100\.0\.10\.53: /.test(l)).map((l) => l.replace(/^.*: \d+\+ /, ''));
    expect(fromPod).toEqual([
      'A? www.google.com.default.svc.cluster.local. (58)', 'A? www.google.com.svc.cluster.local. (50)', 'A? www.google.com.cluster.local. (46)',
      'A? www.google.com.ap-northeast-2.compute.internal. (64)', 'A? www.google.com. (32)', 'AAAA? www.google.com. (32)',
    ]);
    expect(lines.some((l) => / IP 10\.100\.0\.10\.53 > \S+: \d+ NXDomain\*- 0\/1\/0 \(\d+\)$/.test(l))).toBe(true);
    expect(lines.some((l) => / IP 10\.100\.0\.10\.53 > \S+: \d+ 1\/0\/0 A 142\.250\.198\.4 \(62\)$/.test(l))).toBe(true);
    // Every query reaches a CoreDNS pod's own address after the DNAT.
    const coredns = e.sh("kubectl get pod -n kube-system -l k8s-app=kube-dns -o jsonpath='{.items[*].status.podIP}'").split(' ');
    expect(lines.filter((l) => coredns.some((ip) => l.includes(` > ${ip}.53: `))).length).toBeGreaterThan(0);
  });

  it('conntrack: the query\'s flow DNAT\'ed to a CoreDNS pod, answered once (no [UNREPLIED], not yet [ASSURED]), udp\'s 30 s', () => {
    const e = lab();
    e.sh('kubectl exec $PODNAME1 -- nslookup nginx-deployment');
    const ct = e.sh('ssh ec2-user@$N sudo conntrack -L -p udp --dport 53');
    const line = ct.split('\n')[0];
    expect(line).toMatch(/^udp {6}17 (29|30) src=192\.168\.\d+\.\d+ dst=10\.100\.0\.10 sport=\d+ dport=53 src=192\.168\.\d+\.\d+ dst=192\.168\.\d+\.\d+ sport=53 dport=\d+ mark=0 use=1$/);
  });
});
