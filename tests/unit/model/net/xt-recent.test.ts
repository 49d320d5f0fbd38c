// xt_recent's lists (net/netfilter/xt_recent.c) as kube-proxy's ClientIP affinity uses them, and the datapath
// honouring them: repeated connections from one client stick to one endpoint until the timeout.
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../../../src/model/net/ipv4.ts';
import { RecentLists } from '../../../../src/model/net/xt-recent.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

describe('RecentLists', () => {
  const client = parseIpv4('192.168.1.10')!;
  it('--set records and matches; --rcheck --seconds matches while fresh; --reap forgets the stale', () => {
    const r = new RecentLists();
    const check = { op: 'rcheck' as const, name: 'KUBE-SEP-A', seconds: 10800, reap: true };
    expect(r.match(check, client, 0)).toBe(false);
    expect(r.match({ op: 'set', name: 'KUBE-SEP-A' }, client, 1000)).toBe(true);
    expect(r.match(check, client, 1000 + 10800 * 1000)).toBe(true);
    expect(r.match({ ...check, name: 'KUBE-SEP-B' }, client, 2000)).toBe(false);
    expect(r.match(check, client, 1001 + 10800 * 1000)).toBe(false);
    expect(r.entries('KUBE-SEP-A')).toEqual([]);
  });

  it('a clone changes alone', () => {
    const r = new RecentLists();
    r.match({ op: 'set', name: 'X' }, client, 0);
    const c = r.clone();
    c.match({ op: 'set', name: 'Y' }, client, 0);
    expect(r.entries('Y')).toEqual([]);
  });
});

describe('ClientIP affinity in the datapath', () => {
  const e = labEngine();
  e.sh('kubectl create deployment echo --image=k8s.gcr.io/echoserver:1.5 --replicas=3 --port=8080');
  e.sh('kubectl apply -f netshoot-pod.yaml');
  e.sh('sleep 30');
  const hosts = (svc: string, n: number) => {
    const ip = e.sh(`kubectl get svc ${svc} -o jsonpath='{.spec.clusterIP}'`);
    return Array.from({ length: n }, () => e.sh(`kubectl exec $PODNAME1 -- curl -s ${ip} | grep Hostname`));
  };

  it('sends one pod\'s repeated curls to one endpoint; without affinity they spread', () => {
    e.sh('kubectl expose deployment echo --name=sticky --port=80 --target-port=8080 --session-affinity=ClientIP');
    e.sh('kubectl expose deployment echo --name=spread --port=80 --target-port=8080');
    expect(new Set(hosts('sticky', 12)).size).toBe(1);
    expect(new Set(hosts('spread', 12)).size).toBeGreaterThan(1);
  });

  it('lets the client go elsewhere once timeoutSeconds have passed without a connection', () => {
    e.sh("printf 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: short\\nspec:\\n  selector:\\n    app: echo\\n  sessionAffinity: ClientIP\\n  sessionAffinityConfig:\\n    clientIP:\\n      timeoutSeconds: 5\\n  ports:\\n  - port: 80\\n    targetPort: 8080\\n' | kubectl apply -f -");
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const [first, second] = hosts('short', 2);
      expect(second).toBe(first);
      seen.add(first!);
      e.sh('sleep 6');
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
