// The controller's own expectations for the names it builds: kubernetes-sigs/aws-load-balancer-controller v2.5.1,
// pkg/service/model_builder_test.go (test cases "Simple service", "ip target, preserve client IP, scheme internal",
// "spec.loadBalancerClass specified": the Service, its UID and the names in wantValue).
import { describe, expect, it } from 'vitest';
import { loadBalancerName, targetGroupName } from '../../../src/model/lb-controller/naming.ts';

const tg = (namespace: string, name: string, uid: string, tgPort: number, svcPort: number, targetType: 'ip' | 'instance') =>
  targetGroupName({ clusterName: 'my-cluster', namespace, name, uid, tgPort, svcPort, targetType, tgProtocol: 'TCP', hcProtocol: 'TCP', hcInterval: 10 });

describe('LB controller naming (v2.5.1 model_builder_test.go)', () => {
  it('"Simple service": nlb-ip, internal', () => {
    const uid = 'bdca2bd0-bfc6-449a-88a3-03451f05f18c';
    expect(loadBalancerName('my-cluster', 'default', 'nlb-ip-svc-tls', uid, 'internal')).toBe('k8s-default-nlbipsvc-6b0ba8ff70');
    expect(tg('default', 'nlb-ip-svc-tls', uid, 80, 80, 'ip')).toBe('k8s-default-nlbipsvc-d4818dcd51');
  });
  it('"ip target, preserve client IP, scheme internal"', () => {
    const uid = '7ab4be33-11c2-4a7b-b622-7add8affab36';
    expect(loadBalancerName('my-cluster', 'default', 'ip-target', uid, 'internal')).toBe('k8s-default-iptarget-b44ef5a42d');
    expect(tg('default', 'ip-target', uid, 80, 80, 'ip')).toBe('k8s-default-iptarget-cc40ce9c73');
  });
  it('"spec.loadBalancerClass specified": no UID, instance targets on the NodePort', () => {
    expect(loadBalancerName('my-cluster', 'awesome', 'lb-with-class', '', 'internal')).toBe('k8s-awesome-lbwithcl-6652458428');
    expect(tg('awesome', 'lb-with-class', '', 32110, 80, 'instance')).toBe('k8s-awesome-lbwithcl-081c7df2ca');
  });
});
