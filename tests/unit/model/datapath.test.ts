// The packet path: properties over random clusters and pod pairs, and the seed lab's datapath facts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/model/cluster/cluster.ts';
import type { Pod } from '../../../src/model/cluster/types.ts';
import { cidrContains, formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { type Endpoint, networkOf, type Transit } from '../../../src/model/net/network.ts';
import type { Packet } from '../../../src/model/net/packet.ts';
import { labEngine } from '../shell/engine-helpers.ts';
import { deployNginx } from './test-cluster.ts';

function runningPods(cluster: Cluster): Pod[] {
  return [...cluster.pods.values()].filter((p) => p.phase === 'Running' && !p.template.hostNetwork && p.ip !== undefined);
}

function echo(from: Endpoint, src: number, dst: number, id: number): Packet {
  return { proto: 'icmp', src, dst, ttl: 64, ipId: id, length: 64, icmp: { type: 'echo-request', id, seq: 1 } };
}

/** A ping's request and reply through the model, as the ping command sends them. */
function pingOnce(cluster: Cluster, from: Endpoint, dst: number, id: number): { there: Transit; back?: Transit } {
  const net = networkOf(cluster);
  const there = net.send(from, echo(from, net.sourceAddress(from), dst, id), cluster.now);
  if (!there.receiver || !there.received) return { there };
  const got = there.received;
  const reply: Packet = { ...got, src: got.dst, dst: got.src, ttl: there.receiver.kind === 'internet' ? 128 : 64, icmp: { ...got.icmp!, type: 'echo-reply' } };
  return { there, back: net.send(there.receiver, reply, there.at) };
}

/** Hosts that forwarded the packet (each took one off the TTL). */
function forwards(t: Transit): number {
  return t.steps.filter((s) => s.what.startsWith('forwarded')).length;
}

const clusterArb = fc.record({
  seed: fc.string({ maxLength: 6 }),
  nodes: fc.integer({ min: 1, max: 4 }),
  replicas: fc.integer({ min: 2, max: 30 }),
  externalSnat: fc.boolean(),
});

function buildCluster(c: { seed: string; nodes: number; replicas: number; externalSnat: boolean }): Cluster {
  const cluster = new Cluster({ seed: c.seed, nodes: c.nodes });
  deployNginx(cluster, c.replicas);
  if (c.externalSnat) cluster.setDaemonSetEnv('kube-system', 'aws-node', [['AWS_VPC_K8S_CNI_EXTERNALSNAT', 'true']]);
  cluster.advance(120);
  return cluster;
}

describe('packets between pods', () => {
  it('every ping between two running pods is answered, and TTL = 64 − the hosts that forwarded it', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), (c, i, j) => {
        const cluster = buildCluster(c);
        const pods = runningPods(cluster);
        fc.pre(pods.length >= 2);
        const a = pods[i % pods.length], b = pods[j % pods.length];
        fc.pre(a !== b);
        const { there, back } = pingOnce(cluster, { kind: 'pod', pod: a }, b.ip!, 7);
        expect(there.dropped).toBeUndefined();
        expect(there.receiver).toMatchObject({ kind: 'pod', pod: b });
        expect(there.received!.ttl).toBe(64 - forwards(there));
        expect(back?.receiver).toMatchObject({ kind: 'pod', pod: a });
        expect(back!.received!.ttl).toBe(64 - forwards(back!));
        // Same node: the node forwards once; different nodes: both do, the VPC itself never does.
        expect(forwards(there)).toBe(a.nodeName === b.nodeName ? 1 : 2);
        // No NAT between pods: both ends see each other's own address.
        expect(there.received!.src).toBe(a.ip);
        expect(back!.received!.src).toBe(b.ip);
      }),
      { numRuns: 40 },
    );
  });

  it('never lets a pod address leave the VPC unless external SNAT is on; replies come back to the pod un-NATed', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), (c, i) => {
        const cluster = buildCluster(c);
        const pods = runningPods(cluster);
        fc.pre(pods.length >= 1);
        const pod = pods[i % pods.length];
        const google = networkOf(cluster).resolve('www.google.com')!;
        const { there, back } = pingOnce(cluster, { kind: 'pod', pod }, google, 99);
        const vpc = cluster.vpc.cidr;
        const leaving = there.captures.filter((cap) => !cap.host.includes('/') && cap.iface.startsWith('eth') && cap.direction === 'Out');
        expect(leaving.length).toBe(1);
        if (!c.externalSnat) {
          expect(leaving[0].packet.src).toBe(cluster.node(pod.nodeName!)!.enis[0].primaryIp);
          expect(back?.receiver).toMatchObject({ kind: 'pod', pod });
          expect(back!.received!.dst).toBe(pod.ip);
          expect(back!.received!.icmp!.id).toBe(99);
          expect(back!.received!.ttl).toBe(104);
        } else {
          // External SNAT in a public subnet: the pod's address has no public address at the internet gateway.
          expect(leaving[0].packet.src).toBe(pod.ip);
          expect(there.dropped).toMatch(/no public IPv4 address/);
        }
        for (const cap of there.captures) {
          if (!cidrContains(vpc, cap.packet.src)) expect(cap.host).not.toContain('/');
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('the seed lab datapath', () => {
  const lab = () => {
    const e = labEngine();
    e.sh('kubectl apply -f netshoot-pod.yaml');
    e.sh('sleep 30');
    return e;
  };

  it('pings a pod on another node with ttl=62 and no tunnel', () => {
    const e = lab();
    const out = e.sh('kubectl exec -it $PODNAME1 -- ping -c 2 $PODIP2');
    expect(out).toMatch(/^PING ([\d.]+) \(\1\) 56\(84\) bytes of data\.\n/);
    expect(out.match(/64 bytes from [\d.]+: icmp_seq=\d ttl=62 time=\d\.\d\d ms/g)).toHaveLength(2);
    expect(out).toMatch(/\n\n--- [\d.]+ ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 100\dms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
  });

  it('pings the internet with the reply at ttl=104, and pod and node show the same public IP', () => {
    const e = lab();
    const out = e.sh('kubectl exec -it $PODNAME2 -- ping -c 1 www.google.com');
    expect(out).toContain('PING www.google.com (142.250.198.4) 56(84) bytes of data.');
    expect(out).toMatch(/64 bytes from nrt12s58-in-f4\.1e100\.net \(142\.250\.198\.4\): icmp_seq=1 ttl=104 time=\d\d\.\d ms/);
    expect(out).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
    const node = e.sh("kubectl get pod $PODNAME2 -o jsonpath='{.spec.nodeName}'");
    const nodeIp = e.sh(`kubectl get node ${node} -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}'`);
    const fromPod = e.sh('kubectl exec -it $PODNAME2 -- curl -s ipinfo.io/ip');
    const fromNode = e.sh(`ssh ec2-user@${nodeIp} curl -s ipinfo.io/ip`);
    expect(fromPod).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(fromNode).toBe(fromPod);
    expect(e.sh(`kubectl get node ${node} -o wide --no-headers | awk '{print $7}'`).trim()).toBe(fromPod);
  });

  it('cannot reach the internet from a pod with external SNAT on a public subnet, but still reaches pods', () => {
    const e = lab();
    e.sh('kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_EXTERNALSNAT=true');
    e.sh('sleep 60');
    expect(e.sh('kubectl exec $PODNAME2 -- ping -c 2 -W 1 www.google.com')).toContain('2 packets transmitted, 0 received, 100% packet loss');
    expect(e.sh('kubectl exec $PODNAME1 -- ping -c 1 $PODIP2')).toContain('1 received');
    expect(e.sh('kubectl exec $PODNAME2 -- curl -s -m 5 ipinfo.io/ip; echo " exit=$?"')).toBe(' exit=28\n');
  });

  it('answers HTTP from nginx pods and refuses where nothing listens', () => {
    const e = lab();
    e.sh('kubectl apply -f nginx-dp.yaml');
    e.sh('sleep 30');
    const nginx = e.sh("kubectl get pod -l app=nginx -o jsonpath='{.items[0].status.podIP}'");
    expect(e.sh(`kubectl exec $PODNAME1 -- curl -s -o /dev/null -w '%{http_code}' ${nginx}`)).toBe('200');
    expect(e.sh(`kubectl exec $PODNAME1 -- curl -s ${nginx}`)).toContain('<title>Welcome to nginx!</title>');
    expect(e.sh('kubectl exec $PODNAME1 -- curl $PODIP2')).toMatch(/^curl: \(7\) Failed to connect to [\d.]+ port 80 after \d+ ms: Couldn't connect to server\n$/);
    expect(e.sh('kubectl exec $PODNAME1 -- ping -c 1 nosuchhost.example')).toBe('ping: nosuchhost.example: Name or service not known\n');
  });

  it('formats trip times with three significant digits, as iputils does', async () => {
    const { formatTripTime } = await import('../../../src/shell/commands/ping.ts');
    expect([0.061, 1.784, 1.275, 33.0, 32.989, 104.4].map(formatTripTime)).toEqual(['0.061', '1.78', '1.28', '33.0', '33.0', '104']);
    expect(formatIpv4(networkOf(new Cluster()).bastion.ip)).toBe('192.168.1.100');
  });
});
