// ipamd's warm pool against the example table in aws/amazon-vpc-cni-k8s docs/eni-and-ip-target.md:
// attached ENIs and secondary IPs for each instance type, setting and pod count, after ipamd has settled.
import { describe, expect, it } from 'vitest';
import { deployNginx, emptyNode, ipsPerAttachedEni } from './test-cluster.ts';

type Row = [type: string, warmEni: string | null, warmIp: string | null, minIp: string | null, pods: number, enis: number, ips: number, perEni: number[]];

const TABLE: Row[] = [
  ['t3.small', '1', null, null, 0, 1, 3, [3]],
  ['t3.small', '1', null, null, 5, 3, 9, [3, 3, 3]],
  ['t3.small', '1', null, null, 9, 3, 9, [3, 3, 3]],
  ['t3.small', null, '1', '1', 0, 1, 1, [1]],
  ['t3.small', null, '1', '1', 5, 2, 6, [3, 3]],
  ['t3.small', null, '1', '1', 9, 3, 9, [3, 3, 3]],
  ['t3.small', null, '2', '5', 0, 2, 5, [2, 3]],
  ['t3.small', null, '2', '5', 5, 3, 7, [3, 3, 1]],
  ['t3.small', null, '2', '5', 9, 3, 9, [3, 3, 3]],
  ['p3dn.24xlarge', '1', null, null, 0, 1, 49, [49]],
  ['p3dn.24xlarge', '1', null, null, 3, 2, 98, [49, 49]],
  ['p3dn.24xlarge', '1', null, null, 95, 3, 147, [49, 49, 49]],
  ['p3dn.24xlarge', null, '5', '10', 0, 1, 10, [10]],
  ['p3dn.24xlarge', null, '5', '10', 7, 1, 12, [12]],
  ['p3dn.24xlarge', null, '5', '10', 15, 1, 20, [20]],
  ['p3dn.24xlarge', null, '5', '10', 45, 2, 50, [49, 1]],
];

describe('ipamd warm pool (docs/eni-and-ip-target.md)', () => {
  it.each(TABLE)('%s WARM_ENI=%s WARM_IP=%s MINIMUM_IP=%s with %i pods: %i ENIs, %i IPs', (type, warmEni, warmIp, minIp, pods, enis, ips, perEni) => {
    const env: [string, string][] = [];
    if (warmIp) env.push(['WARM_IP_TARGET', warmIp]);
    if (minIp) env.push(['MINIMUM_IP_TARGET', minIp]);
    if (warmEni) env.push(['WARM_ENI_TARGET', warmEni]);
    const { cluster, node } = emptyNode({ instanceType: type, env });
    if (pods > 0) deployNginx(cluster, pods);
    cluster.advance(900);
    const attached = ipsPerAttachedEni(cluster, node);
    expect(attached.length).toBe(enis);
    expect(attached.reduce((a, b) => a + b, 0)).toBe(ips);
    expect([...attached].sort((a, b) => a - b)).toEqual([...perEni].sort((a, b) => a - b));
  });
});

describe('ipamd giving the pool back', () => {
  // After a scale-down, ENIs go only once their addresses have cooled down (30 s) and they are a minute old, and
  // ipamd frees at most every 30 s: nothing wakes it at those moments but its own loop.
  it.each([
    ['t3.small', [], 9, [3]],
    ['t3.small', [['WARM_IP_TARGET', '2'], ['MINIMUM_IP_TARGET', '5']], 9, [2, 3]],
    ['p3dn.24xlarge', [], 60, [49]],
    ['p3dn.24xlarge', [['WARM_IP_TARGET', '5'], ['MINIMUM_IP_TARGET', '10']], 60, [10]],
  ] as [string, [string, string][], number, number[]][])('%s %j returns to its idle pool after %i pods go', (type, env, pods, idle) => {
    const { cluster, node } = emptyNode({ instanceType: type, env });
    deployNginx(cluster, pods);
    cluster.advance(120);
    expect(node.enis.length).toBeGreaterThan(1);
    cluster.scaleDeployment('default', 'nginx-deployment', 0);
    cluster.advance(900);
    expect([...ipsPerAttachedEni(cluster, node)].sort((a, b) => a - b)).toEqual(idle);
  });
});
