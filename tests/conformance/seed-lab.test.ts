// The seed lab's commands, in its order, on the simulated cluster: each assertion is a fact the lab's notes
// show (../shared/seed/, summarised in ../shared/notes/upstream/seed-facts.md), written by hand.
import { describe, expect, it } from 'vitest';
import { labEngine, stripAnsi } from '../unit/shell/engine-helpers.ts';

describe('the seed lab, command by command', () => {
  const lab = labEngine();
  const { sh } = lab;

  it('has three Ready t3.medium nodes named after their IPs, with $N1..$N3 preset', () => {
    const lines = sh('kubectl get nodes').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1)).toHaveLength(3);
    for (const [i, line] of lines.slice(1).entries()) expect(line).toMatch(new RegExp(`^ip-192-168-${i + 1}-\\d+\\.ap-northeast-2\\.compute\\.internal\\s+Ready\\s+<none>`));
    expect(sh('echo $N1')).toMatch(/^192\.168\.1\.\d+\n$/);
  });

  it('names the lab’s netshoot pods $PODNAME1..3 and their addresses $PODIP1..3, in kubectl’s order', () => {
    const lab2 = labEngine();
    expect(lab2.sh('echo "[$PODNAME1]"')).toBe('[]\n');
    lab2.sh('kubectl apply -f netshoot-pod.yaml');
    lab2.sh('sleep 20');
    const names = lab2.sh('kubectl get pod -l app=netshoot-pod -o jsonpath={.items[*].metadata.name}').split(' ');
    const ips = lab2.sh('kubectl get pod -l app=netshoot-pod -o jsonpath={.items[*].status.podIP}').split(' ');
    expect(lab2.sh('echo $PODNAME1 $PODNAME2 $PODNAME3')).toBe(`${names.join(' ')}\n`);
    expect(lab2.sh('echo $PODIP1, $PODIP2')).toBe(`${ips[0]}, ${ips[1]}\n`);
    expect(lab2.sh('kubectl exec -it $PODNAME1 -- hostname')).toBe(`${names[0]}\n`);
  });

  it('shows 17 allocatable pods per t3.medium node in describe node', () => {
    const node = sh('kubectl get nodes -o name').split('\n')[0].replace('node/', '');
    const out = sh(`k describe node ${node}`);
    expect(out).toContain('Allocatable:\n  attachable-volumes-aws-ebs:  25\n  cpu:                         1930m\n  ephemeral-storage:           27905944324\n  hugepages-1Gi:               0\n  hugepages-2Mi:               0\n  memory:                      3388364Ki\n  pods:                        17\n');
  });

  it('runs VPC CNI v1.12.6 and kube-proxy in iptables mode', () => {
    expect(sh('kubectl describe daemonset aws-node --namespace kube-system | grep Image | cut -d "/" -f 2')).toBe(
      'amazon-k8s-cni-init:v1.12.6-eksbuild.1\namazon-k8s-cni:v1.12.6-eksbuild.1\n',
    );
    const cm = sh('kubectl describe cm -n kube-system kube-proxy-config');
    expect(cm).toContain('Data\n====\nconfig:\n----\napiVersion: kubeproxy.config.k8s.io/v1alpha1\n');
    expect(cm).toContain('mode: "iptables"');
  });

  it('routes each CoreDNS pod IP to an eni veth in its node’s main table', () => {
    const coredns = sh('k get po -A -o wide | grep coredns').trimEnd().split('\n');
    expect(coredns).toHaveLength(2);
    for (const line of coredns) {
      const [, name, ready, status, , , ip, node] = line.split(/\s+/);
      expect([ready, status]).toEqual(['1/1', 'Running']);
      const nodeIp = node.split('.')[0].replace('ip-', '').replaceAll('-', '.');
      const routes = stripAnsi(sh(`ssh ec2-user@${nodeIp} sudo ip -c route`));
      expect(routes).toMatch(new RegExp(`^default via 192\\.168\\.\\d\\.1 dev eth0 \\n169\\.254\\.169\\.254 dev eth0 \\n192\\.168\\.\\d\\.0/24 dev eth0 proto kernel scope link src ${nodeIp.replaceAll('.', '\\.')} \\n`));
      expect(routes).toMatch(new RegExp(`\\n${ip.replaceAll('.', '\\.')} dev eni[0-9a-f]{11} scope link \\n`));
      expect(name).toMatch(/^coredns-/);
    }
  });

  it('shows eth0, the CoreDNS veth and eth1 on a CoreDNS node, in ifindex order', () => {
    const node = sh('k get po -A -o wide | grep coredns | head -1 | awk \'{print $8}\'').trim();
    const nodeIp = node.split('.')[0].replace('ip-', '').replaceAll('-', '.');
    const links = sh(`ssh ec2-user@${nodeIp} ip link | egrep 'eth|eni'`);
    expect(links).toMatch(/^2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000\n    link\/ether 02(:[0-9a-f]{2}){5} brd ff:ff:ff:ff:ff:ff\n3: eni[0-9a-f]{11}@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc noqueue state UP mode DEFAULT group default\n    link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netns cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n4: eth1: /);
  });

  it('scales nginx to 50 replicas and leaves exactly 7 Pending, with the FailedScheduling event', () => {
    expect(sh('kubectl apply -f nginx-dp.yaml')).toBe('deployment.apps/nginx-deployment created\n');
    sh('sleep 30');
    expect(sh('kubectl get pods | grep -c Running')).toBe('2\n');
    expect(sh('kubectl scale deployment nginx-deployment --replicas=50')).toBe('deployment.apps/nginx-deployment scaled\n');
    sh('sleep 60');
    const pending = sh('kubectl get pods | grep Pending').trimEnd().split('\n');
    expect(pending).toHaveLength(7);
    for (const line of pending) expect(line).toMatch(/^nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}\s+0\/1\s+Pending\s+0\s+\d+s$/);
    const events = sh(`k describe po ${pending[0].split(/\s+/)[0]} | grep -A3 Events:`);
    expect(events).toMatch(/Events:\n  Type     Reason            Age\s+From               Message\n  ----     ------            ----\s+----               -------\n  Warning  FailedScheduling  \d+s\s+default-scheduler  0\/3 nodes are available: 3 Too many pods\. preemption: 0\/3 nodes are available: 3 No preemption victims found for incoming pod\.\n/);
  });

  it('shows 15 eni veths and 3 ENIs on a full node (ip -br -c addr show)', () => {
    const out = stripAnsi(sh('ssh ec2-user@$N1 ip -br -c addr show'));
    const names = out.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names.filter((n) => /^eni[0-9a-f]{11}@if3$/.test(n))).toHaveLength(15);
    expect(names.filter((n) => /^eth\d$/.test(n))).toEqual(['eth0', 'eth1', 'eth2']);
    // iproute2 ends each address with a space, the last one too (the seed's copy lost trailing spaces).
    expect(out).toMatch(/^lo {15}UNKNOWN {8}127\.0\.0\.1\/8 ::1\/128 \neth0 {13}UP {13}192\.168\.1\.\d+\/24 fe80::[0-9a-f:]+\/64 \n/);
    expect(out).toMatch(/\neni[0-9a-f]{11}@if3 UP {13}fe80::[0-9a-f:]+\/64 \n/);
  });
});
