// kubectl describe svc as kubectl 1.24 prints it (pkg/describe/describe.go describeService, v0.24.13), and
// externalTrafficPolicy Local in the datapath: only nodes with an endpoint answer, and the client's address survives.
import { describe, expect, it } from 'vitest';
import { bastionAddress } from '../../../src/model/cluster/cluster.ts';
import { formatIpv4 } from '../../../src/model/net/ipv4.ts';
import { labEngine } from './engine-helpers.ts';

const LOCAL_NODEPORT = "printf 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: echo\\nspec:\\n  type: NodePort\\n  externalTrafficPolicy: Local\\n  sessionAffinity: ClientIP\\n  selector:\\n    app: echo\\n  ports:\\n  - port: 80\\n    targetPort: 8080\\n' | kubectl apply -f -";

describe('kubectl describe svc', () => {
  const e = labEngine();
  e.sh('kubectl create deployment echo --image=k8s.gcr.io/echoserver:1.5 --replicas=1 --port=8080');
  e.sh('sleep 20');
  e.sh(LOCAL_NODEPORT);
  const svc = e.cluster.store.get<any>('Service', 'default', 'echo');

  it('prints NodePort, Session Affinity and External Traffic Policy, and Events in the same columns', () => {
    const ip = e.sh("kubectl get svc echo -o jsonpath='{.spec.clusterIP}'");
    const ep = e.sh("kubectl get pod -l app=echo -o jsonpath='{.items[0].status.podIP}'");
    expect(e.sh('kubectl describe svc echo')).toBe([
      'Name:                     echo',
      'Namespace:                default',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 app=echo',
      'Type:                     NodePort',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      `IP:                       ${ip}`,
      `IPs:                      ${ip}`,
      'Port:                     <unset>  80/TCP',
      'TargetPort:               8080/TCP',
      `NodePort:                 <unset>  ${svc.spec.ports[0].nodePort}/TCP`,
      `Endpoints:                ${ep}:8080`,
      'Session Affinity:         ClientIP',
      'External Traffic Policy:  Local',
      'Events:                   <none>',
      '',
    ].join('\n'));
  });

  it('prints LoadBalancer Ingress (IP, else host name) and the HealthCheck NodePort', () => {
    e.sh(LOCAL_NODEPORT.replace('type: NodePort', 'type: LoadBalancer'));
    e.cluster.setLoadBalancerIngress('default', 'echo', [{ hostname: 'k8s-default-echo-0123456789.elb.ap-northeast-2.amazonaws.com' }, { ip: '3.35.1.2' }]);
    const out = e.sh('kubectl describe svc echo');
    expect(out).toContain('Type:                     LoadBalancer\n');
    expect(out).toContain('LoadBalancer Ingress:     k8s-default-echo-0123456789.elb.ap-northeast-2.amazonaws.com, 3.35.1.2\n');
    const hc = e.cluster.store.get<any>('Service', 'default', 'echo').spec.healthCheckNodePort;
    expect(out).toContain(`External Traffic Policy:  Local\nHealthCheck NodePort:     ${hc}\nEvents:                   <none>\n`);
    expect(e.sh('kubectl get svc echo --no-headers')).toMatch(/^echo\s+LoadBalancer\s+\S+\s+3\.35\.1\.2,k8s-default-echo-0123456789\.elb\.ap-northeast-2\.amazonaws\.com\s+80:\d+\/TCP/);
    // kube-proxy routes the ingress IP (not the host name) and opens the health check port.
    const nat = e.sh('ssh ec2-user@$N1 sudo iptables-save -t nat | grep "loadbalancer IP"');
    expect(nat).toMatch(/^-A KUBE-SERVICES -d 3\.35\.1\.2\/32 -p tcp -m comment --comment "default\/echo loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-[A-Z2-7]{16}\n$/);
    expect(e.sh('ssh ec2-user@$N1 sudo iptables -S KUBE-NODEPORTS')).toContain(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/echo health check node port" -m tcp --dport ${hc} -j ACCEPT`);
  });
});

describe('externalTrafficPolicy: Local in the datapath', () => {
  it('answers only on the node with the endpoint, and the pod sees the client\'s own address', () => {
    const e = labEngine();
    e.sh('kubectl create deployment echo --image=k8s.gcr.io/echoserver:1.5 --replicas=1 --port=8080');
    e.sh('sleep 20');
    e.sh(LOCAL_NODEPORT);
    const np = e.sh("kubectl get svc echo -o jsonpath='{.spec.ports[0].nodePort}'");
    const hostIp = e.sh("kubectl get pod -l app=echo -o jsonpath='{.items[0].status.hostIP}'");
    const bastion = formatIpv4(bastionAddress(e.cluster.vpc));
    const nodes = e.sh('echo $N1 $N2 $N3').trim().split(' ');
    for (const n of nodes) {
      const out = e.sh(`curl -s -m 2 ${n}:${np} | grep client_address`);
      if (n === hostIp) expect(out.trim()).toBe(`client_address=${bastion}`);
      else expect(out).toBe('');
    }
  });
});
