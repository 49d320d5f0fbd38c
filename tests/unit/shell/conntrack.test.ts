// conntrack on a node after a pod pings the internet: the tracked connection in conntrack-tools 1.4's format, its
// SNAT (reply tuple to the node's primary address) and the 0x80 connmark; and `ip neigh` on node and pod.
import { describe, expect, it } from 'vitest';
import { neighLines } from '../../../src/shell/commands/ip-neigh.ts';
import { labEngine } from './engine-helpers.ts';
import { netshootPod, pingGoogle } from './netfilter-helpers.ts';

const SHOWN = (n: number) => `conntrack v1.4.4 (conntrack-tools): ${n} flow entries have been shown.\n`;
const esc = (ip: string) => ip.replaceAll('.', '\\.');

function pingedNode() {
  const net = labEngine();
  net.sh('kubectl apply -f netshoot-pod.yaml');
  net.sh('sleep 30');
  const target = netshootPod(net.cluster);
  pingGoogle(net.cluster, target.pod);
  net.shell.run(`ssh ec2-user@${target.nodeIp}`);
  return { ...net, ...target };
}

describe('conntrack -L', () => {
  it('shows the pod’s echo request, translated to the node’s address and marked 0x80 (128)', () => {
    const { shell, podIp, nodeIp } = pingedNode();
    const out = shell.exec('sudo conntrack -L');
    // A real node's entry reads `icmp     1 29 src=… dst=… type=8 code=0 id=… [UNREPLIED] src=… dst=… type=0 code=0 id=… mark=128 use=1`.
    expect(out.stdout).toMatch(new RegExp(
      `^icmp {5}1 \\d+ src=${esc(podIp)} dst=142\\.250\\.198\\.4 type=8 code=0 id=1979 \\[UNREPLIED\\] src=142\\.250\\.198\\.4 dst=${esc(nodeIp)} type=0 code=0 id=\\d+ mark=128 use=1\\n$`,
    ));
    expect(out.stderr).toBe(SHOWN(1));
    expect(out.exitCode).toBe(0);
  });

  it('filters by protocol, addresses and source NAT', () => {
    const { shell, podIp, nodeIp } = pingedNode();
    expect(shell.exec('sudo conntrack -L -p tcp')).toEqual({ stdout: '', stderr: SHOWN(0), exitCode: 0 });
    expect(shell.exec(`sudo conntrack -L -p icmp -s ${podIp} -d 142.250.198.4`).stderr).toBe(SHOWN(1));
    expect(shell.exec(`sudo conntrack -L -s ${nodeIp}`).stderr).toBe(SHOWN(0));
    expect(shell.exec('sudo conntrack -L -n').stderr).toBe(SHOWN(1));
    expect(shell.exec('sudo conntrack -C')).toEqual({ stdout: '1\n', stderr: '', exitCode: 0 });
  });

  it('forgets an unanswered ICMP flow after 30 seconds (nf_conntrack_icmp_timeout)', () => {
    const { shell } = pingedNode();
    shell.exec('sleep 31');
    expect(shell.exec('sudo conntrack -L')).toEqual({ stdout: '', stderr: SHOWN(0), exitCode: 0 });
  });

  it('answers mistakes in conntrack’s words', () => {
    const { shell } = pingedNode();
    expect(shell.exec('conntrack --foo')).toEqual({
      stdout: '',
      stderr: "conntrack v1.4.4 (conntrack-tools): unknown option `--foo'\nTry `conntrack -h' or 'conntrack --help' for more information.\n",
      exitCode: 2,
    });
  });
});

describe('ip neigh', () => {
  it('a node has learned its subnet gateway, REACHABLE, then STALE after 30 s', () => {
    const { session, shell, cluster, pod } = pingedNode();
    const node = cluster.node(pod.nodeName!)!;
    const gateway = cluster.subnet(node.enis[0].subnetId).cidr.base + 1;
    const gw = `${gateway >>> 24}.${(gateway >>> 16) & 255}.${(gateway >>> 8) & 255}.${gateway & 255}`;
    expect(neighLines(session)).toMatch(new RegExp(`^${esc(gw)} dev eth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE \\n`, 'm'));
    shell.exec('sleep 31');
    expect(neighLines(session)).toMatch(new RegExp(`^${esc(gw)} dev eth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} STALE \\n`, 'm'));
  });

  it('a pod holds only the static gateway entry at its host veth’s MAC (cni-datapath.md §5)', () => {
    const { session, shell, pod } = pingedNode();
    shell.run('exit');
    shell.run(`kubectl exec -it ${pod.name} -- bash`);
    expect(session.host().kind).toBe('pod');
    expect(neighLines(session)).toBe(`169.254.1.1 dev eth0 lladdr ${pod.veth!.mac} PERMANENT \n`);
  });
});

describe('conntrack -p tcp --dport', () => {
  it('filters on the original ports once -p names tcp or udp; before that the option is unknown', () => {
    const { shell, sh } = labEngine();
    sh('kubectl apply -f nginx-dp.yaml; kubectl apply -f netshoot-pod.yaml; sleep 30; kubectl expose deployment nginx-deployment --port=80');
    sh('kubectl exec $PODNAME1 -- curl -s $(kubectl get svc nginx-deployment -o jsonpath={.spec.clusterIP}) > /dev/null');
    shell.run('ssh ec2-user@$(kubectl get pod $PODNAME1 -o jsonpath={.status.hostIP})');
    expect(shell.exec('sudo conntrack -L -p tcp --dport 80').stdout).toMatch(/^tcp {6}6 \d+ TIME_WAIT src=\S+ dst=10\.100\.\d+\.\d+ sport=\d+ dport=80 /);
    expect(shell.exec('sudo conntrack -L -p tcp --dport 81')).toMatchObject({ stdout: '', stderr: SHOWN(0) });
    expect(shell.exec('sudo conntrack -L --dport 80').stderr).toBe("conntrack v1.4.4 (conntrack-tools): unknown option `--dport'\nTry `conntrack -h' or 'conntrack --help' for more information.\n");
  });
});
