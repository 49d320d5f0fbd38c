// The seed lab's facts, reproduced by the default cluster (three t3.medium nodes in ap-northeast-2).
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/model/cluster/cluster.ts';
import { hostVethName } from '../../../src/model/ids.ts';
import { cidrContains, formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { deployNginx, podsByPhase } from './test-cluster.ts';

describe('the seed cluster', () => {
  const cluster = new Cluster();

  it('has three t3.medium nodes, one per public subnet, named after their IPs', () => {
    expect(cluster.nodes).toHaveLength(3);
    cluster.nodes.forEach((node, i) => {
      const ip = formatIpv4(node.enis[0].primaryIp);
      expect(ip.startsWith(`192.168.${i + 1}.`)).toBe(true);
      expect(node.name).toBe(`ip-${ip.replaceAll('.', '-')}.ap-northeast-2.compute.internal`);
      expect(node.maxPods).toBe(17);
      expect(node.allocatable).toEqual({ cpuMilli: 1930, memoryKi: 3388364 });
      expect(node.az).toBe(`ap-northeast-2${'abc'[i]}`);
    });
  });

  it('never hands out an AWS-reserved subnet address', () => {
    for (const subnet of cluster.vpc.subnets) {
      for (const ip of subnet.used) {
        const host = ip - subnet.cidr.base;
        expect(host >= 4 && host <= 254, formatIpv4(ip)).toBe(true);
        expect(cidrContains(subnet.cidr, ip)).toBe(true);
      }
    }
  });

  it('runs aws-node and kube-proxy on every node with the node’s IP, and two CoreDNS pods with VPC IPs', () => {
    const pods = [...cluster.pods.values()];
    for (const node of cluster.nodes) {
      for (const app of ['aws-node', 'kube-proxy']) {
        const pod = pods.find((p) => p.nodeName === node.name && p.name.startsWith(`${app}-`));
        expect(pod?.ip).toBe(node.enis[0].primaryIp);
        expect(pod?.veth).toBeUndefined();
        expect(pod?.name).toMatch(new RegExp(`^${app}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      }
    }
    const coredns = pods.filter((p) => p.name.startsWith('coredns-'));
    expect(coredns).toHaveLength(2);
    for (const p of coredns) {
      expect(p.phase).toBe('Running');
      expect(p.name).toMatch(/^coredns-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.veth?.name).toBe(hostVethName('kube-system', p.name));
      const node = cluster.node(p.nodeName!)!;
      expect(node.enis.flatMap((e) => e.secondaryIps).some((s) => s.ip === p.ip && s.podUid === p.uid)).toBe(true);
    }
    // Spread: the two replicas land on different nodes.
    expect(new Set(coredns.map((p) => p.nodeName)).size).toBe(2);
  });

  it('attached a second ENI on the nodes running CoreDNS, and only there (WARM_ENI_TARGET=1)', () => {
    for (const node of cluster.nodes) {
      const hasCoredns = cluster.podsOn(node).some((p) => p.name.startsWith('coredns-'));
      expect(node.enis.map((e) => e.deviceNumber)).toEqual(hasCoredns ? [0, 1] : [0]);
      expect(node.enis.every((e) => e.secondaryIps.length === 5)).toBe(true);
    }
  });

  it('is the same cluster for the same seed, and another for another seed', () => {
    const snapshot = (c: Cluster) => JSON.stringify([c.nodes.map((n) => [n.name, n.instanceId, n.enis]), [...c.pods.values()]]);
    expect(snapshot(new Cluster())).toBe(snapshot(cluster));
    expect(snapshot(new Cluster({ seed: 7 }))).not.toBe(snapshot(cluster));
  });
});

describe('the max-pods experiment', () => {
  const cluster = new Cluster();
  deployNginx(cluster, 2);
  cluster.advance(60);
  cluster.scaleDeployment('default', 'nginx-deployment', 50);
  cluster.advance(60);

  it('leaves exactly 7 replicas Pending with the scheduler’s real message', () => {
    expect(podsByPhase(cluster, 'Pending')).toBe(7);
    const event = cluster.events.find((e) => e.reason === 'FailedScheduling')!;
    expect(event.message).toBe(
      '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    expect(event.source).toBe('default-scheduler');
  });

  it('fills every node to 17 pods: 15 veths on 3 ENIs, every secondary IP in use', () => {
    for (const node of cluster.nodes) {
      const pods = cluster.podsOn(node);
      expect(pods).toHaveLength(17);
      expect(pods.filter((p) => p.veth)).toHaveLength(15);
      expect(node.enis).toHaveLength(3);
      expect(node.enis.flatMap((e) => e.secondaryIps).every((s) => s.podUid !== undefined)).toBe(true);
    }
  });

  it('gives back an ENI once most pods are gone (after the IP cooldown and the 30 s decrease interval)', () => {
    cluster.scaleDeployment('default', 'nginx-deployment', 0);
    cluster.advance(600);
    for (const node of cluster.nodes) {
      const hasCoredns = cluster.podsOn(node).some((p) => p.name.startsWith('coredns-'));
      expect(node.enis.length, node.name).toBe(hasCoredns ? 2 : 1);
    }
  });
});
