// kube-proxy's rules on a node, through the shell: order beside the VPC CNI's (a real EKS node's nat PREROUTING and
// POSTROUTING have kube-proxy's jump first), kubectl's endpoint columns.
import { describe, expect, it } from 'vitest';
import { labEngine } from '../../shell/engine-helpers.ts';

describe('a node\'s iptables with kube-proxy', () => {
  const e = labEngine();
  e.sh('kubectl create deployment web --image=nginx --replicas=3');
  e.sh('kubectl expose deploy web --port 80 --type NodePort');
  e.sh('sleep 10');

  it('puts kube-proxy\'s jumps before the CNI\'s in nat PREROUTING and POSTROUTING', () => {
    const nat = e.sh('ssh ec2-user@$N1 sudo iptables -t nat -S');
    const pre = nat.split('\n').filter((l) => l.startsWith('-A PREROUTING'));
    expect(pre[0]).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(pre[1]).toContain('AWS-CONNMARK-CHAIN-0');
    const post = nat.split('\n').filter((l) => l.startsWith('-A POSTROUTING'));
    expect(post).toEqual(['-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING', '-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0']);
    expect(nat).toContain('-A KUBE-SERVICES -d 10.100.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(nat).toContain('-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000');
    expect(nat).not.toMatch(/KUBE-SVC-\S+ .*! -s/);
  });

  it('lists the rules as iptables -L -n prints them', () => {
    const list = e.sh('ssh ec2-user@$N1 sudo iptables -t nat -L KUBE-POSTROUTING -n');
    expect(list).toBe([
      'Chain KUBE-POSTROUTING (1 references)',
      'target     prot opt source               destination         ',
      'RETURN     all  --  0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000',
      'MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000',
      'MASQUERADE  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully',
      '',
    ].join('\n'));
    const svc = e.sh('ssh ec2-user@$N1 sudo iptables -t nat -L -n | grep "default/web ->" | head -1');
    expect(svc).toMatch(/^KUBE-SEP-\S+ +all  --  0\.0\.0\.0\/0 +0\.0\.0\.0\/0 +\/\* default\/web -> [\d.]+:80 \*\/ statistic mode random probability 0\.33333333349\n$/);
  });

  it('shows endpoints with kubectl\'s columns', () => {
    const ep = e.sh('kubectl get ep web');
    expect(ep).toMatch(/^NAME +ENDPOINTS +AGE\nweb +[\d.]+:80,[\d.]+:80,[\d.]+:80 +10s\n$/);
    const slices = e.sh('kubectl get endpointslices -l kubernetes.io/service-name=web');
    expect(slices).toMatch(/^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE\nweb-[bcdfghjklmnpqrstvwxz2456789]{5} +IPv4 +80 +[\d.]+,[\d.]+,[\d.]+ +10s\n$/);
    expect(e.sh('kubectl get ep -n kube-system kube-dns')).toMatch(/kube-dns +([\d.]+):53,([\d.]+):53,\1:53 \+ 1 more\.\.\./);
  });
});
