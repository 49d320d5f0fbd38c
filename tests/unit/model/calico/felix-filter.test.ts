// felix's filter chains against felix's own expectations: its unit tests (felix/rules/dispatch_test.go,
// endpoints_test.go, felix/hashutils/id_test.go, felix/iptables/rules_test.go at v3.25.1) and a real node's
// `iptables -L` quoted in projectcalico/calico issue #4456 (an IPIP install on a RHEL-family host).
import { describe, expect, it } from 'vitest';
import { dispatchChains, endpointChain, felixRule, lengthLimitedId } from '../../../../src/model/calico/felix-filter.ts';
import { felixRuleHashes } from '../../../../src/model/calico/felix-rules.ts';
import { ruleSpec } from '../../../../src/model/net/netfilter.ts';
import { networkOf, pingExchange } from '../../../../src/model/net/network.ts';
import { calicoLab, netshootPods } from './helpers.ts';

const goto = (dir: 'in' | 'out', iface: string, target: string) => felixRule({ match: `--${dir}-interface ${iface}`, action: `--goto ${target}` });
const unknown = '-m comment --comment "Unknown interface" --jump DROP';

describe("felix's filter chains", () => {
  it('hashes a rule as felix does (rules_test.go: "-A FORWARD … cali:wUHhoiAYhphO9Mso -j cali-FORWARD")', () => {
    expect(felixRuleHashes('FORWARD', ['--jump cali-FORWARD'])).toEqual(['wUHhoiAYhphO9Mso']);
  });

  it('shortens long chain names as GetLengthLimitedID does (id_test.go)', () => {
    expect(lengthLimitedId('felix', '1234', 10)).toBe('felix1234');
    expect(lengthLimitedId('felix', '123456', 11)).toBe('felix123456');
    expect(lengthLimitedId('felix', '_2345', 10)).toBe('felix_kMQI');
    expect(lengthLimitedId('felix', '12345678910', 13)).toBe('felix_Y2QCZIS');
  });

  it('builds the dispatch tree of dispatch_test.go "interfaces sharing prefix"', () => {
    const names = ['cali1234', 'cali2333', 'cali2444'];
    expect(dispatchChains(names, 'from')).toEqual([
      { name: 'cali-from-wl-dispatch-2', rules: [goto('in', 'cali2333', 'cali-fw-cali2333'), goto('in', 'cali2444', 'cali-fw-cali2444'), unknown] },
      { name: 'cali-from-wl-dispatch', rules: [goto('in', 'cali1234', 'cali-fw-cali1234'), goto('in', 'cali2+', 'cali-from-wl-dispatch-2'), unknown] },
    ]);
    expect(dispatchChains(names, 'to')[1]).toEqual(
      { name: 'cali-to-wl-dispatch', rules: [goto('out', 'cali1234', 'cali-tw-cali1234'), goto('out', 'cali2+', 'cali-to-wl-dispatch-2'), unknown] },
    );
    // "duplicate interface": one rule.
    expect(dispatchChains(['cali1234', 'cali1234'], 'from')).toEqual([{ name: 'cali-from-wl-dispatch', rules: [goto('in', 'cali1234', 'cali-fw-cali1234'), unknown] }]);
  });

  it('renders the minimal workload endpoint of endpoints_test.go (accept mark 0x10000 here, 0x8 there)', () => {
    expect(endpointChain('cali1234', 'to', [])).toEqual({
      name: 'cali-tw-cali1234',
      rules: [
        '-m conntrack --ctstate RELATED,ESTABLISHED --jump ACCEPT',
        '-m conntrack --ctstate INVALID --jump DROP',
        '--jump MARK --set-mark 0/0x10000',
        '-m comment --comment "Drop if no profiles matched" --jump DROP',
      ],
    });
    expect(endpointChain('cali1234', 'from', []).rules.slice(3, 5)).toEqual([
      '-m comment --comment "Drop VXLAN encapped packets originating in workloads" -p 17 -m multiport --destination-ports 4789 --jump DROP',
      '-m comment --comment "Drop IPinIP encapped packets originating in workloads" -p 4 --jump DROP',
    ]);
  });

  it("prints cali-INPUT's IPIP rules as a real node does (calico issue #4456)", () => {
    const e = calicoLab('calico-ipip');
    const out = e.sh('ssh ec2-user@$N1 sudo iptables -L cali-INPUT');
    expect(out).toContain('ACCEPT     ipv4 --  anywhere             anywhere             /* cali:PajejrV4aFdkZojI */ /* Allow IPIP packets from Calico hosts */ match-set cali40all-hosts-net src ADDRTYPE match dst-type LOCAL\n');
    expect(out).toContain('DROP       ipv4 --  anywhere             anywhere             /* cali:_wjq-Yrma8Ly1Svo */ /* Drop IPIP packets from non-Calico hosts */\n');
    // calico issue #4297, `iptables -L -n -v`: the number, as xtables knows no name for protocol 4 without a lookup.
    expect(e.sh('ssh ec2-user@$N1 sudo iptables -L cali-INPUT -n')).toContain('DROP       4    --  0.0.0.0/0            0.0.0.0/0            /* cali:_wjq-Yrma8Ly1Svo */');
  });

  it('hooks into the kernel chains first, appends its two FORWARD rules last, and has a chain pair per local pod', () => {
    const e = calicoLab('calico-vxlan');
    const save = e.sh('ssh ec2-user@$N1 sudo iptables-save -t filter');
    const forward = save.split('\n').filter((l) => l.startsWith('-A FORWARD '));
    expect(forward[0]).toBe('-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD');
    expect(forward.at(-1)).toMatch(/^-A FORWARD -m comment --comment "cali:[\w-]{16}" -j MARK --set-xmark 0x10000\/0x10000$/);
    expect(save).toContain('-A cali-INPUT -i cali+ -m comment --comment "cali:');
    expect(save).toMatch(/-A cali-INPUT -i cali\+ -m comment --comment "cali:[\w-]{16}" -g cali-wl-to-host\n/);
    const node = e.cluster.nodes[0];
    for (const pod of e.cluster.podsOn(node).filter((p) => p.veth && !p.template.hostNetwork)) {
      expect(save).toContain(`:cali-tw-${pod.veth!.name} - [0:0]`);
      expect(save).toContain(`-A cali-fw-${pod.veth!.name} -m comment --comment "cali:`);
    }
  });

  it("a pod's first packet to another node's pod is counted in its fw chain's profile rule and the far pod's tw chain's", () => {
    const e = calicoLab('calico-vxlan');
    const pods = netshootPods(e.cluster);
    const a = pods[0];
    const b = pods.find((p) => p.nodeName !== a.nodeName)!;
    const net = networkOf(e.cluster);
    const { there, back } = pingExchange(net, { kind: 'pod', pod: a }, b.ip!, e.cluster.now, { id: 1, seq: 1, size: 56 });
    expect(there.received).toBeDefined();
    expect(back!.received).toBeDefined();
    const count = (pod: typeof a, chain: string, text: string) => {
      const node = e.cluster.node(pod.nodeName!)!;
      const rule = net.ruleset(node).rules.find((r) => r.table === 'filter' && r.chain === chain && ruleSpec(r).includes(text))!;
      return net.counter(node, 'filter', chain, rule).pkts;
    };
    // The request is NEW: it walks to the profiles. The reply is ESTABLISHED: accepted by the first rule.
    expect(count(a, `cali-fw-${a.veth!.name}`, '-j cali-pro-kns.default')).toBe(1);
    expect(count(b, `cali-tw-${b.veth!.name}`, '-j cali-pri-kns.default')).toBe(1);
    expect(count(b, `cali-fw-${b.veth!.name}`, 'RELATED,ESTABLISHED')).toBe(1);
    expect(count(a, 'cali-pro-kns.default', 'Profile kns.default egress')).toBe(1);
    // The tunnel's own packets: out through cali-OUTPUT's allow rule on one node, in through cali-INPUT's on the other.
    expect(count(a, 'cali-OUTPUT', 'Allow IPv4 VXLAN packets to other allowed hosts')).toBe(1);
    expect(count(b, 'cali-INPUT', 'Allow IPv4 VXLAN packets from allowed hosts')).toBe(1);
    expect(count(b, 'cali-OUTPUT', 'Allow IPv4 VXLAN packets to other allowed hosts')).toBe(1);
    expect(count(a, 'cali-INPUT', 'Allow IPv4 VXLAN packets from allowed hosts')).toBe(1);
  });

  it("counts IP-in-IP from a Calico node on cali-INPUT's ACCEPT (iptables -L -v -n -x), nothing on the DROP", () => {
    const e = calicoLab('calico-ipip');
    e.sh('kubectl apply -f netshoot-pod.yaml');
    e.sh('sleep 30');
    e.sh('kubectl exec $PODNAME1 -- ping -c 1 $PODIP2');
    const out = e.sh("ssh ec2-user@$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}') sudo iptables -L cali-INPUT -v -n -x");
    expect(out).toMatch(/^ +1 +104 ACCEPT +4 +-- +\* +\* +0\.0\.0\.0\/0 +0\.0\.0\.0\/0 +\/\* cali:PajejrV4aFdkZojI \*\/ \/\* Allow IPIP packets from Calico hosts \*\/ match-set cali40all-hosts-net src ADDRTYPE match dst-type LOCAL$/m);
    expect(out).toMatch(/^ +0 +0 DROP +4 +-- .*cali:_wjq-Yrma8Ly1Svo/m);
  });
});
