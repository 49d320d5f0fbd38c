// The packet path: properties over random clusters and pod pairs, and the seed lab's datapath facts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/model/cluster/cluster.ts';
import type { Pod } from '../../../src/model/cluster/types.ts';
import { cidrContains, formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { type Endpoint, networkOf, pingExchange, type Transit } from '../../../src/model/net/network.ts';
import { labEngine } from '../shell/engine-helpers.ts';
import { deployNginx } from './test-cluster.ts';

/** The seed lab with its netshoot pods applied and running. */
function netshootLab() {
  const e = labEngine();
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('sleep 30');
  return e;
}

function runningPods(cluster: Cluster): Pod[] {
  return [...cluster.pods.values()].filter((p) => p.phase === 'Running' && !p.template.hostNetwork && p.ip !== undefined);
}

/** A ping's request and reply through the model, as the ping command sends them. */
function pingOnce(cluster: Cluster, from: Endpoint, dst: number, id: number): { there: Transit; back?: Transit } {
  return pingExchange(networkOf(cluster), from, dst, cluster.now, { id, seq: 1, size: 56 });
}

/** Hosts that forwarded the packet (each took one off the TTL). */
function forwards(t: Transit): number {
  return t.steps.filter((s) => s.forwarded).length;
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
  const lab = netshootLab;

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

describe('tcpdump on the node while a pod pings (the seed lab’s captures)', () => {
  const lab = () => {
    const e = netshootLab();
    e.sh("export N=$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}')");
    return e;
  };
  const packetLines = (out: string) => out.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} IP /.test(l));

  it('-i any prints each forwarded packet twice; -i eth0 once', () => {
    const e = lab();
    e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp &');
    e.sh('kubectl exec -it $PODNAME1 -- ping -c 2 $PODIP2');
    const any = e.sh('kill %1');
    e.sh('ssh ec2-user@$N sudo tcpdump -i eth0 -nn icmp &');
    e.sh('kubectl exec -it $PODNAME1 -- ping -c 2 $PODIP2');
    const eth0 = e.sh('kill %1');
    expect(packetLines(any)).toHaveLength(0); // the lines were printed while ping ran, not by kill
    expect(any).toContain('8 packets captured');
    expect(eth0).toContain('4 packets captured');
  });

  it('interleaves a background capture with the ping, in time order, and wait shows the end', () => {
    const e = lab();
    const started = e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp -c 8 &');
    expect(started).toBe('tcpdump: verbose output suppressed, use -v or -vv for full protocol decode\nlistening on any, link-type LINUX_SLL (Linux cooked), capture size 262144 bytes\n');
    const out = e.sh('kubectl exec -it $PODNAME1 -- ping -c 2 $PODIP2');
    const lines = packetLines(out);
    expect(lines).toHaveLength(8);
    const [a, b] = [e.sh('echo -n $PODIP1'), e.sh('echo -n $PODIP2')];
    const req = new RegExp(`IP ${a.replaceAll('.', '\\.')} > ${b.replaceAll('.', '\\.')}: ICMP echo request, id (\\d+), seq (\\d), length 64$`);
    const rep = new RegExp(`IP ${b.replaceAll('.', '\\.')} > ${a.replaceAll('.', '\\.')}: ICMP echo reply, id (\\d+), seq (\\d), length 64$`);
    expect(lines.map((l) => (req.test(l) ? 'req' : rep.test(l) ? 'rep' : l))).toEqual(['req', 'req', 'rep', 'rep', 'req', 'req', 'rep', 'rep']);
    const stamps = lines.map((l) => l.slice(0, 15));
    expect([...stamps].sort()).toEqual(stamps);
    // The summary comes as the eighth packet is captured, before ping's last reply line.
    expect(out.indexOf('8 packets captured')).toBeLessThan(out.indexOf('icmp_seq=2 ttl=62'));
    // The capture has ended: a script's bash reports it once.
    expect(e.sh('jobs')).toMatch(/^\[1\]\+  Done +ssh ec2-user@\$N sudo tcpdump -i any -nn icmp -c 8\n$/);
    expect(e.sh('wait; echo $?')).toBe('0\n');
  });

  it('shows the SNAT on the way to the internet: the pod address on the veth, the node address with a new id on eth0', () => {
    const e = lab();
    e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp -c 4 &');
    const out = e.sh('kubectl exec -it $PODNAME2 -- ping -c 1 www.google.com');
    const lines = packetLines(out);
    const pod = e.sh('echo -n $PODIP2'), node = e.sh('echo -n $N');
    const m = lines.map((l) => /IP ([\d.]+) > ([\d.]+): ICMP echo (request|reply), id (\d+), seq 1, length 64$/.exec(l)!);
    expect(m.map((x) => [x[1], x[2], x[3]])).toEqual([
      [pod, '142.250.198.4', 'request'], [node, '142.250.198.4', 'request'], ['142.250.198.4', node, 'reply'], ['142.250.198.4', pod, 'reply'],
    ]);
    expect(m[0][4]).toBe(m[3][4]);
    expect(m[1][4]).toBe(m[2][4]);
    expect(m[1][4]).not.toBe(m[0][4]); // --random-fully picked another echo id
  });

  it('captures nothing of a node it is not on, and reports bad devices and filters as tcpdump does', () => {
    const e = lab();
    expect(e.sh('ssh ec2-user@$N sudo tcpdump -i eth9 icmp')).toBe('tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n');
    expect(e.sh('ssh ec2-user@$N sudo tcpdump -i any icmp and')).toMatch(/^tcpdump: .*syntax error\n$/);
    // Nobody pings: after ENDLESS_AFTER_MS a script's capture stops as if Ctrl-C had been pressed.
    expect(e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp')).toMatch(/capture size 262144 bytes\n\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n$/);
  });
});

describe('redirections of running commands', () => {
  it('sends everything ping prints to /dev/null, and 2>&1 brings a capture’s summary into a pipe', () => {
    const e = netshootLab();
    expect(e.sh('kubectl exec $PODNAME1 -- ping -c 2 $PODIP2 > /dev/null')).toBe('');
    expect(e.sh('kubectl exec $PODNAME1 -- ping -c 2 $PODIP2 | grep -c "bytes from"')).toBe('2\n');
    e.sh("export N=$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}')");
    e.sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp -c 2 > /dev/null 2>&1 &');
    expect(e.sh('kubectl exec $PODNAME1 -- ping -c 1 $PODIP2')).not.toContain('packets captured');
  });
});

describe('traceroute', () => {
  it('names the two nodes that forward and then the pod, as three hops', () => {
    const e = netshootLab();
    const out = e.sh('kubectl exec $PODNAME1 -- traceroute $PODIP2');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^traceroute to ([\d.]+) \(\1\), 30 hops max, 60 byte packets$/);
    const src = e.sh("kubectl get pod $PODNAME1 -o jsonpath='{.status.hostIP}'"), dst = e.sh("kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}'");
    const name = (ip: string) => `ip-${ip.replaceAll('.', '-')}.ap-northeast-2.compute.internal (${ip})`;
    expect(lines[1]).toMatch(new RegExp(`^ 1  ${name(src).replace(/[().]/g, '\\$&')}(  \\d+\\.\\d{3} ms){3}$`));
    expect(lines[2]).toMatch(new RegExp(`^ 2  ${name(dst).replace(/[().]/g, '\\$&')}(  \\d+\\.\\d{3} ms){3}$`));
    expect(lines[3]).toMatch(/^ 3  ([\d.]+) \(\1\)( {2}\d+\.\d{3} ms){3}$/);
    expect(lines).toHaveLength(4);
  });

  it('prints stars for the internet hops that do not answer, up to -m', () => {
    const e = netshootLab();
    const lines = e.sh('kubectl exec $PODNAME1 -- traceroute -n -m 4 www.google.com').trimEnd().split('\n');
    expect(lines.slice(2)).toEqual([' 2  * * *', ' 3  * * *', ' 4  * * *']);
    expect(e.sh('traceroute')).toBe('Specify "host" missing argument.\n');
  });
});

describe('latencies', () => {
  it('keep ping times within a few percent of the model’s distances (same node, across AZs, the internet)', () => {
    const e = netshootLab();
    const times = (out: string) => [...out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
    // Later pings skip ARP: the VPC's one-way 0.56 ms across AZs, twice, plus what the nodes add.
    const across = times(e.sh('kubectl exec $PODNAME1 -- ping -c 10 -i 0.2 $PODIP2')).slice(1);
    for (const t of across) expect(t).toBeGreaterThan(1.0), expect(t).toBeLessThan(1.4);
    // www.google.com is 33 ms away from ap-northeast-2 in the seed lab.
    for (const t of times(e.sh('kubectl exec $PODNAME1 -- ping -c 10 -i 0.2 www.google.com'))) {
      expect(t).toBeGreaterThan(30);
      expect(t).toBeLessThan(36.5);
    }
  });
});

describe('the echo server', () => {
  it('answers with its pod name and the address the request came from (no NAT inside the VPC)', () => {
    const e = labEngine();
    e.sh('kubectl apply -f netshoot-pod.yaml');
    e.sh('kubectl apply -f echo-dp.yaml');
    e.sh('sleep 30');
    const echo = e.sh("kubectl get pod -l app=deploy-websrv -o jsonpath='{.items[0].metadata.name} {.items[0].status.podIP}'").split(' ');
    const out = e.sh(`kubectl exec $PODNAME1 -- curl -s ${echo[1]}:8080`);
    expect(out).toContain(`Hostname: ${echo[0]}`);
    expect(out).toContain(`\tclient_address=${e.sh('echo -n $PODIP1')}\n`);
    // Nothing on port 80: curl still writes -w, with code 000.
    expect(e.sh(`kubectl exec $PODNAME1 -- curl -s -o /dev/null -w '%{http_code}' ${echo[1]}; echo " exit=$?"`)).toBe('000 exit=7\n');
  });
});

describe('bad input to the datapath commands', () => {
  it('gets the tools’ own error lines, never a crash', () => {
    const e = labEngine();
    expect(e.sh('curl http://')).toBe('curl: (3) URL rejected: No host part in the URL\n');
    expect(e.sh('curl -m x ipinfo.io')).toMatch(/^curl: option -m: expected a proper numerical parameter\n/);
    expect(e.sh('ping -c 0 1.1.1.1')).toBe('ping: bad number of packets to transmit.\n');
    expect(e.sh('ping -i 0.01 1.1.1.1')).toBe('ping: cannot flood; minimal interval allowed for user is 200ms\n');
    expect(e.sh('tcpdump -c 0')).toBe('tcpdump: invalid packet count 0\n');
    expect(e.sh('traceroute -q 0 1.1.1.1')).toBe('Bad option value\n');
    expect(e.sh('kill %9; wait %3')).toBe('bash: kill: %9: no such job\nbash: wait: %3: no such job\n');
  });
});
