// Traffic through the NLB: its DNS name, the target each flow gets, the client address the pod sees in each target
// mode, and what tcpdump on a node sees. Expected values come from AWS's documentation (see
// src/model/aws/nlb-dataplane.ts) and the seed lab, not from the code under test.
import { describe, expect, it } from 'vitest';
import { chooseTarget, nlbNodeAt, targetViews } from '../../../../src/model/aws/nlb-dataplane.ts';
import type { Service } from '../../../../src/model/cluster/types.ts';
import { formatIpv4 } from '../../../../src/model/net/ipv4.ts';
import { withNlb } from './nlb-helpers.ts';

const clientAddress = (body: string) => /client_address=(\S+)/.exec(body)?.[1];

describe('NLB DNS name', () => {
  it('does not resolve while the NLB provisions, then gives one address per AZ: public ones for internet-facing', () => {
    const { e, lb } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-scheme': 'internet-facing', 'aws-load-balancer-cross-zone-load-balancing-enabled': 'true' }, { wait: false });
    expect(e.sh('dig +short $NLB')).toBe('');
    expect(e.sh('curl -sS $NLB')).toBe(`curl: (6) Could not resolve host: ${lb.dnsName}\n`);
    e.sh('sleep 240');
    const got = e.sh('dig +short $NLB').trim().split('\n').sort();
    expect(got).toEqual(lb.subnets.map((s) => formatIpv4(s.publicIp!)).sort());
    expect(e.sh('host $NLB')).toMatch(new RegExp(`^${lb.dnsName.replaceAll('.', '\\.')} has address \\d+\\.\\d+\\.\\d+\\.\\d+$`, 'm'));
  });

  it('internal: the nodes\' private addresses, also from a pod (CoreDNS forwards to the VPC resolver)', () => {
    const { e, lb } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    const want = lb.subnets.map((s) => formatIpv4(s.privateIp)).sort();
    expect(e.sh('dig +short $NLB').trim().split('\n').sort()).toEqual(want);
    const pod = e.sh('kubectl get pod -o name | head -1').trim();
    const out = e.sh(`kubectl exec ${pod} -- nslookup $NLB`);
    expect([...out.matchAll(/^Address: (\S+)$/gm)].map((m) => m[1]).sort()).toEqual(want);
  });

  it('with cross-zone off, drops the address of an AZ without a healthy target', () => {
    const { e, cluster, lb } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip' });
    const podAzs = new Set([...cluster.pods.values()].filter((p) => p.name.startsWith('deploy-echo')).map((p) => cluster.node(p.nodeName!)!.az));
    const want = lb.subnets.filter((s) => podAzs.has(s.az)).map((s) => formatIpv4(s.privateIp)).sort();
    expect(want.length).toBeLessThan(lb.subnets.length);
    expect(e.sh('dig +short $NLB').trim().split('\n').sort()).toEqual(want);
  });
});

describe('NLB client address at the pod', () => {
  it('ip targets (preserve_client_ip off by default): the NLB node\'s private address', () => {
    const { e, lb } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-scheme': 'internet-facing', 'aws-load-balancer-cross-zone-load-balancing-enabled': 'true' });
    const privates = lb.subnets.map((s) => formatIpv4(s.privateIp));
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add(clientAddress(e.sh('curl -s $NLB'))!);
    for (const a of seen) expect(privates).toContain(a);
    // DNS's changing order spreads the requests over the AZs' nodes, as the seed's three client addresses show.
    expect(seen.size).toBeGreaterThan(1);
  });

  it('ip targets with preserve_client_ip.enabled=true: the client\'s own address (the bastion\'s, internal NLB)', () => {
    const { e, net } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' });
    expect(clientAddress(e.sh('curl -s $NLB'))).toBe(formatIpv4(net.bastion.ip));
  });

  it('ip targets with preserve_client_ip.enabled=true, internet-facing: the bastion\'s public address', () => {
    const { e, net } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-scheme': 'internet-facing', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' });
    expect(clientAddress(e.sh('curl -s $NLB'))).toBe(formatIpv4(net.bastion.publicIp));
  });

  it('instance targets (client IP preserved, externalTrafficPolicy Cluster): kube-proxy\'s MASQUERADE leaves a node address', () => {
    const { e, cluster } = withNlb({ 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    const nodeIps = cluster.nodes.map((n) => formatIpv4(n.enis[0].primaryIp));
    for (let i = 0; i < 6; i++) expect(nodeIps).toContain(clientAddress(e.sh('curl -s $NLB')));
  });
});

describe('tcpdump on a node: ip targets bypass kube-proxy, instance targets go through the NodePort', () => {
  it('ip: the node\'s ENI sees the pod\'s address as the destination, never the NodePort', () => {
    const { e, cluster, net } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    const svc = cluster.store.get<Service>('Service', 'default', 'svc-nlb')!;
    const nodePort = svc.spec.ports[0].nodePort!;
    const from = net.log.length;
    for (let i = 0; i < 8; i++) e.sh('curl -s $NLB');
    const inOnEth = net.log.slice(from).filter((c) => cluster.nodes.some((n) => n.name === c.host) && c.iface.startsWith('eth') && c.direction === 'In' && c.packet.tcp?.flags === 'S');
    expect(inOnEth.length).toBe(8);
    const podIps = new Set([...cluster.pods.values()].filter((p) => p.name.startsWith('deploy-echo')).map((p) => p.ip));
    for (const c of inOnEth) {
      expect(podIps.has(c.packet.dst)).toBe(true);
      expect(c.packet.dstPort).toBe(8080);
    }
    expect(net.log.slice(from).some((c) => c.packet.dstPort === nodePort)).toBe(false);
  });

  it('instance: SYNs reach a node\'s primary address on the NodePort, and kube-proxy DNATs them', () => {
    const { e, cluster, net } = withNlb({ 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    const svc = cluster.store.get<Service>('Service', 'default', 'svc-nlb')!;
    const nodePort = svc.spec.ports[0].nodePort!;
    const from = net.log.length;
    for (let i = 0; i < 8; i++) e.sh('curl -s $NLB');
    const syns = net.log.slice(from).filter((c) => cluster.nodes.some((n) => n.name === c.host && c.packet.dst === n.enis[0].primaryIp) && c.direction === 'In' && c.packet.tcp?.flags === 'S');
    expect(syns.length).toBe(8);
    for (const c of syns) expect(c.packet.dstPort).toBe(nodePort);
    expect(e.sh(`ssh ec2-user@${formatIpv4(cluster.nodes[0].enis[0].primaryIp)} sudo iptables -t nat -L KUBE-NODEPORTS -v -n | grep -c svc-nlb`).trim()).not.toBe('0');
  });
});

describe('NLB with no target to send to', () => {
  it('times out as curl prints it when every target is draining (the Deployment scaled to 0)', () => {
    const { e } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    e.sh('kubectl scale deploy deploy-echo --replicas=0');
    e.sh('sleep 5');
    expect(e.sh('curl -sS -m 5 $NLB')).toBe('curl: (28) Connection timed out after 5000 milliseconds\n');
  });

  it('fails open when every target is unhealthy (instance targets whose Service has no ready endpoint)', () => {
    const { e, cluster, lb, tg } = withNlb({ 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true' });
    // Selector points nowhere: the nodes stay registered, their NodePort has no endpoint, health checks fail.
    e.sh(`kubectl patch svc svc-nlb -p '{"spec":{"selector":{"app":"nothing"}}}'`);
    e.sh('sleep 60');
    expect(targetViews(cluster, tg).every((v) => v.state === 'unhealthy')).toBe(true);
    const node = nlbNodeAt(cluster, lb.subnets[0].privateIp)!;
    const c = chooseTarget(cluster, node, { proto: 'tcp', src: 1, sport: 40000, dst: node.address, dport: 80, seq: 7 });
    expect(c.kind === 'target' && c.failOpen).toBe(true);
    // kube-proxy rejects at the node: connection refused, not a timeout.
    expect(e.sh('curl -sS $NLB')).toMatch(/^curl: \(7\) Failed to connect to .* port 80 after \d+ ms: Couldn't connect to server\n$/);
  });
});

describe('aws elbv2 describe-*-attributes', () => {
  it('lists the NLB\'s and the target group\'s attributes, the annotations\' values over AWS\'s defaults', () => {
    const { e } = withNlb({ 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-cross-zone-load-balancing-enabled': 'true', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' }, { wait: false });
    const lbAttrs = e.sh(`aws elbv2 describe-load-balancer-attributes --load-balancer-arn $(aws elbv2 describe-load-balancers --query 'LoadBalancers[0].LoadBalancerArn' --output text) --query "Attributes[?Key=='load_balancing.cross_zone.enabled'].Value" --output text`);
    expect(lbAttrs).toBe('true\n');
    const tg = '$(aws elbv2 describe-target-groups --query \'TargetGroups[0].TargetGroupArn\' --output text)';
    expect(e.sh(`aws elbv2 describe-target-group-attributes --target-group-arn ${tg} --query "Attributes[?Key=='preserve_client_ip.enabled'].Value" --output text`)).toBe('true\n');
    expect(e.sh(`aws elbv2 describe-target-group-attributes --target-group-arn ${tg} --query "Attributes[?Key=='deregistration_delay.timeout_seconds'].Value" --output text`)).toBe('300\n');
  });
});
