// A Service from the shell: `kubectl expose`, then curl to its ClusterIP from a pod and to its NodePort from a node,
// with what iptables -L -v, conntrack -L and tcpdump show on the node meanwhile.
import { describe, expect, it } from 'vitest';
import { labEngine } from './engine-helpers.ts';

function lab(type = 'ClusterIP') {
  const e = labEngine();
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('kubectl apply -f nginx-dp.yaml');
  e.sh('kubectl scale deploy nginx-deployment --replicas=3');
  e.sh('sleep 60');
  e.sh(`kubectl expose deployment nginx-deployment --port=80${type === 'NodePort' ? ' --type=NodePort' : ''}`);
  e.sh("CIP=$(kubectl get svc nginx-deployment -o jsonpath='{.spec.clusterIP}')");
  e.sh("N=$(kubectl get pod $PODNAME1 -o jsonpath='{.status.hostIP}')");
  return e;
}

const esc = (s: string) => s.replaceAll('.', '\\.');

describe('curl to a ClusterIP', () => {
  it('is answered by a pod behind the Service (nginx\'s page)', () => {
    const e = lab();
    expect(e.sh('kubectl exec $PODNAME1 -- curl -s $CIP | grep title')).toBe('<title>Welcome to nginx!</title>\n');
    expect(e.sh("kubectl exec $PODNAME1 -- curl -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' $CIP")).toBe(`200 ${e.sh('echo -n $CIP')}\n`);
  });

  it('by the Service\'s name from a pod, through the pod\'s search list (ndots:5); a node\'s resolver knows no cluster.local', () => {
    const e = lab();
    for (const name of ['nginx-deployment', 'nginx-deployment.default', 'nginx-deployment.default.svc', 'nginx-deployment.default.svc.cluster.local']) {
      expect(e.sh(`kubectl exec $PODNAME1 -- curl -s ${name} | grep title`)).toBe('<title>Welcome to nginx!</title>\n');
    }
    expect(e.sh('kubectl exec $PODNAME1 -- curl nginx-deployment.kube-system')).toBe('curl: (6) Could not resolve host: nginx-deployment.kube-system\n');
    expect(e.sh('ssh ec2-user@$N1 curl nginx-deployment')).toBe('curl: (6) Could not resolve host: nginx-deployment\n');
  });

  it('shows in conntrack -L on the client\'s node with the endpoint in the reply tuple', () => {
    const e = lab();
    e.sh('kubectl exec $PODNAME1 -- curl -s $CIP > /dev/null');
    const [pod, cip] = [e.sh('echo -n $PODIP1'), e.sh('echo -n $CIP')];
    const eps = e.sh("kubectl get ep nginx-deployment -o jsonpath='{.subsets[0].addresses[*].ip}'").split(' ').map(esc).join('|');
    const out = e.sh('ssh ec2-user@$N sudo conntrack -L -p tcp 2>&1');
    expect(out).toMatch(new RegExp(
      `^tcp {6}6 \\d+ TIME_WAIT src=${esc(pod)} dst=${esc(cip)} sport=(\\d+) dport=80 src=(${eps}) dst=${esc(pod)} sport=80 dport=\\1 \\[ASSURED\\] mark=0 use=1\\n` +
      'conntrack v1\\.4\\.4 \\(conntrack-tools\\): 1 flow entries have been shown\\.\\n$',
    ));
    // -g lists connections whose destination was translated, -n those whose source was: this one is only DNAT'ed.
    expect(e.sh('ssh ec2-user@$N sudo conntrack -L -g 2>&1 | wc -l')).toBe('2\n');
    expect(e.sh('ssh ec2-user@$N sudo conntrack -L -p tcp -n 2>&1')).toBe('conntrack v1.4.4 (conntrack-tools): 0 flow entries have been shown.\n');
  });

  it('moves the counters of KUBE-SERVICES, KUBE-SVC and one KUBE-SEP on the node (iptables -t nat -L -n -v)', () => {
    const e = lab();
    e.sh('for i in 1 2 3 4 5 6; do kubectl exec $PODNAME1 -- curl -s $CIP > /dev/null; done');
    const services = e.sh('ssh ec2-user@$N sudo iptables -t nat -L KUBE-SERVICES -n -v');
    expect(services).toMatch(/\n {4}6 {3}360 KUBE-SVC-\w{16} +tcp {2}-- {2}\* {6}\* {7}0\.0\.0\.0\/0 +10\.100\.\d+\.\d+ +\/\* default\/nginx-deployment cluster IP \*\/ tcp dpt:80\n/);
    const svc = /KUBE-SVC-\w{16}/.exec(services.split('\n').find((l) => l.includes('nginx-deployment'))!)![0];
    const chain = e.sh(`ssh ec2-user@$N sudo iptables -t nat -L ${svc} -n -v`).split('\n').filter((l) => l.includes('KUBE-SEP-'));
    expect(chain).toHaveLength(3);
    // Every connection passes the first rule's draw; the counters count the rules that matched: 6 in all.
    const pkts = chain.map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(pkts.reduce((a, b) => a + b, 0)).toBe(6);
    const iptablesSave = e.sh('ssh ec2-user@$N sudo iptables-save -c -t nat | grep "DNAT"');
    const dnatPkts = iptablesSave.split('\n').filter(Boolean).map((l) => Number(/^\[(\d+):/.exec(l)![1]));
    expect(dnatPkts.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('with no endpoints is refused by the filter table\'s REJECT, as curl 8.3 says it', () => {
    const e = lab();
    e.sh('kubectl create deployment lonely --image=nginx:alpine --replicas=0');
    e.sh('kubectl expose deployment lonely --port=80');
    e.sh("L=$(kubectl get svc lonely -o jsonpath='{.spec.clusterIP}')");
    const ip = e.sh('echo -n $L');
    expect(e.sh('kubectl exec $PODNAME1 -- curl $L; echo rc=$?')).toBe(`curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server\nrc=7\n`);
    expect(e.sh('ssh ec2-user@$N sudo iptables -L KUBE-SERVICES -n -v')).toMatch(
      new RegExp(` {4}1 {4}60 REJECT +tcp {2}-- {2}\\* {6}\\* {7}0\\.0\\.0\\.0/0 +${esc(ip)} +/\\* default/lonely has no endpoints \\*/ tcp dpt:80 reject-with icmp-port-unreachable\\n`),
    );
  });

  it('tcpdump on the client\'s node shows the ClusterIP on the pod\'s veth and the pod\'s own address on eth0 when it is elsewhere', () => {
    const e = lab();
    e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn tcp -c 400 > /tmp/cap 2>&1 &');
    for (let i = 0; i < 6; i++) e.sh('kubectl exec $PODNAME1 -- curl -s $CIP > /dev/null');
    const out = e.sh('kill %1; cat /tmp/cap');
    const [pod, cip] = [e.sh('echo -n $PODIP1'), e.sh('echo -n $CIP')];
    const syns = out.split('\n').filter((l) => l.includes(`IP ${pod}.`) && l.includes('Flags [S]'));
    // Each SYN twice on the node: in on the veth to the ClusterIP, out on eth0/eth1 (or a local pod's veth) to the pod.
    expect(syns.filter((l) => l.includes(`> ${cip}.80:`))).toHaveLength(6);
    const dnatted = syns.filter((l) => !l.includes(`> ${cip}.80:`));
    expect(dnatted).toHaveLength(6);
    const eps = e.sh("kubectl get ep nginx-deployment -o jsonpath='{.subsets[0].addresses[*].ip}'").split(' ');
    for (const l of dnatted) expect(eps.some((ip) => l.includes(`> ${ip}.80:`))).toBe(true);
  });
});

describe('curl to a NodePort', () => {
  it('from a node to another node\'s address and to its own is answered', () => {
    const e = lab('NodePort');
    e.sh("NP=$(kubectl get svc nginx-deployment -o jsonpath='{.spec.ports[0].nodePort}')");
    expect(e.sh("ssh ec2-user@$N1 curl -s -o /dev/null -w '%{http_code}\\n' $N2:$NP")).toBe('200\n');
    expect(e.sh("ssh ec2-user@$N1 curl -s -o /dev/null -w '%{http_code}\\n' $N1:$NP")).toBe('200\n');
    expect(e.sh('ssh ec2-user@$N2 sudo iptables -t nat -L KUBE-NODEPORTS -n -v')).toMatch(/\n {4}1 {4}60 KUBE-EXT-\w{16} +tcp .* \/\* default\/nginx-deployment \*\/ tcp dpt:3\d{4}\n/);
  });
});
