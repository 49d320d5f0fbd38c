// Prefix delegation: each ENI slot holds a /28, and ipamd keeps WARM_PREFIX_TARGET wholly free prefixes
// (../shared/notes/upstream/lipam.md §9, from ipamd.go v1.12.6).
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/model/cluster/cluster.ts';
import { describeNetworkInterfaces } from '../../../src/model/aws/ec2-api.ts';
import { deployNginx } from './test-cluster.ts';

const PD: [string, string][] = [['ENABLE_PREFIX_DELEGATION', 'true'], ['WARM_PREFIX_TARGET', '1']];

/** One m5.large with the kubelet's max pods at 110, as the calculator recommends with prefixes. */
function pdNode(podsWithIps: number) {
  const cluster = new Cluster({ nodes: 1, instanceType: 'm5.large', maxPods: 110, awsNodeEnv: PD });
  // CoreDNS's two replicas hold addresses too.
  if (podsWithIps > 2) deployNginx(cluster, podsWithIps - 2);
  else cluster.scaleDeployment('kube-system', 'coredns', podsWithIps);
  cluster.advance(900);
  const node = cluster.nodes[0];
  const prefixes = node.enis.map((e) => new Set(e.secondaryIps.map((ip) => ip.prefix)));
  return { cluster, node, prefixes };
}

describe('prefix delegation', () => {
  it('starts a node with one /28 on eth0 and no /32 secondary addresses', () => {
    const { node, prefixes } = pdNode(0);
    expect(node.enis).toHaveLength(1);
    expect(prefixes[0].size).toBe(1);
    const [base] = [...prefixes[0]] as number[];
    expect(base % 16).toBe(0);
    expect(node.enis[0].secondaryIps.map((ip) => ip.ip)).toEqual(Array.from({ length: 16 }, (_, k) => base + k));
  });

  it.each([
    [5, 2],
    [16, 2],
    [17, 3],
    [40, 4],
    // v1.12.6 at max pods 110: 108 pods with addresses in 7 prefixes, plus one free: 8 prefixes, 128 IPs.
    [108, 8],
  ])('keeps ceil(pods/16) + 1 prefixes on eth0 for %i pods (%i)', (pods, expected) => {
    const { node, prefixes } = pdNode(pods);
    expect(node.enis).toHaveLength(1);
    expect(prefixes[0].size).toBe(expected);
    expect(node.enis[0].secondaryIps).toHaveLength(expected * 16);
  });

  it('gives free prefixes back when pods go away, keeping exactly one wholly free', () => {
    const { cluster, node } = pdNode(40);
    cluster.scaleDeployment('default', 'nginx-deployment', 3);
    cluster.advance(900);
    // Pods stay on the addresses they got, so the prefixes still in use are wherever they are.
    const used = new Map<number, number>();
    for (const ip of node.enis[0].secondaryIps) used.set(ip.prefix!, (used.get(ip.prefix!) ?? 0) + (ip.podUid ? 1 : 0));
    expect([...used.values()].filter((n) => n === 0)).toHaveLength(1);
    expect([...used.values()].reduce((a, b) => a + b, 0)).toBe(5);
    expect(used.size).toBeLessThan(4);
  });

  it('shows prefixes in DescribeNetworkInterfaces as Ipv4Prefixes, not as secondary addresses', () => {
    const { cluster } = pdNode(20);
    const [eni] = describeNetworkInterfaces(cluster) as { Ipv4Prefixes: { Ipv4Prefix: string }[]; PrivateIpAddresses: unknown[] }[];
    expect(eni.Ipv4Prefixes).toHaveLength(3);
    for (const p of eni.Ipv4Prefixes) expect(p.Ipv4Prefix).toMatch(/^192\.168\.1\.(\d+)\/28$/);
    expect(eni.PrivateIpAddresses).toHaveLength(1);
  });
});

describe('a subnet out of /28 blocks', () => {
  it('does not stop a new node from joining: ipamd backs off instead (found by the cluster properties)', () => {
    const c = new Cluster({ seed: 'prop' });
    deployNginx(c, 3);
    c.setDaemonSetEnv('kube-system', 'aws-node', [['ENABLE_PREFIX_DELEGATION', 'true']]);
    c.scaleDeployment('default', 'nginx-deployment', 30);
    c.advance(12);
    c.addNode();
    c.advance(3);
    expect(() => c.addNode()).not.toThrow();
    expect(c.nodes).toHaveLength(5);
  });
});
