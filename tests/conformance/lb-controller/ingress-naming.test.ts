// The controller's own expectations for the names it gives an Ingress group's ALB and target groups:
// kubernetes-sigs/aws-load-balancer-controller v2.5.1, pkg/ingress/model_build_load_balancer_test.go
// (Test_defaultModelBuildTask_buildLoadBalancerName: no cluster name set), model_build_target_group_test.go
// (Test_defaultModelBuildTask_buildTargetGroupName: no cluster name, zero group ID) and model_builder_test.go
// ("Ingress - vanilla internal" / "vanilla internet-facing" / "target type IP with named target port": cluster
// `cluster-dummy`, Services without a UID). Plus the published 2048 example on cluster `myeks`.
import { describe, expect, it } from 'vitest';
import { ingressLoadBalancerName, ingressTargetGroupName } from '../../../src/model/lb-controller/naming.ts';

describe('LB controller Ingress naming (v2.5.1)', () => {
  it('buildLoadBalancerName: implicit and explicit groups', () => {
    expect(ingressLoadBalancerName('', { namespace: 'awesome-ns', name: 'ing-1' }, 'internet-facing')).toBe('k8s-awesomen-ing1-43b698093c');
    expect(ingressLoadBalancerName('', { name: 'explicit-group' }, 'internal')).toBe('k8s-explicitgroup-5bf9e53c23');
  });

  it('buildTargetGroupName: each input moves the hash', () => {
    const base = { clusterName: '', groupId: '', ingNamespace: 'ns-1', ingName: 'name-1', svcNamespace: 'ns-1', svcName: 'name-1', svcUid: 'my-uuid', port: 'http', tgPort: 8080, targetType: 'ip', tgProtocol: 'HTTP', tgProtocolVersion: 'HTTP1' } as const;
    expect(ingressTargetGroupName(base)).toBe('k8s-ns1-name1-2c37289a00');
    expect(ingressTargetGroupName({ ...base, port: 80 })).toBe('k8s-ns1-name1-ab859e54b5');
    expect(ingressTargetGroupName({ ...base, tgPort: 9090 })).toBe('k8s-ns1-name1-6481032048');
    expect(ingressTargetGroupName({ ...base, targetType: 'instance' })).toBe('k8s-ns1-name1-f4adfdc175');
    expect(ingressTargetGroupName({ ...base, tgProtocol: 'HTTPS' })).toBe('k8s-ns1-name1-22fbce26a7');
  });

  it('model_builder_test.go: the stacks of ns-1/ing-1 on cluster-dummy', () => {
    const group = { namespace: 'ns-1', name: 'ing-1' };
    expect(ingressLoadBalancerName('cluster-dummy', group, 'internal')).toBe('k8s-ns1-ing1-b7e914000d');
    expect(ingressLoadBalancerName('cluster-dummy', group, 'internet-facing')).toBe('k8s-ns1-ing1-159dd7a143');
    const tg = { clusterName: 'cluster-dummy', groupId: 'ns-1/ing-1', ingNamespace: 'ns-1', ingName: 'ing-1', svcNamespace: 'ns-1', svcUid: '', tgProtocolVersion: 'HTTP1' } as const;
    expect(ingressTargetGroupName({ ...tg, svcName: 'svc-1', port: 'http', tgPort: 32768, targetType: 'instance', tgProtocol: 'HTTP' })).toBe('k8s-ns1-svc1-9889425938');
    expect(ingressTargetGroupName({ ...tg, svcName: 'svc-3', port: 'https', tgPort: 8443, targetType: 'ip', tgProtocol: 'HTTPS' })).toBe('k8s-ns1-svc3-bf42870fba');
    // A named targetPort: the target group's port is the literal 1.
    expect(ingressTargetGroupName({ ...tg, svcName: 'svc-named-targetport', port: 'https', tgPort: 1, targetType: 'ip', tgProtocol: 'HTTP' })).toBe('k8s-ns1-svcnamed-3430e53ee8');
  });

  it('the 2048 example on cluster myeks, internet-facing: the published k8s-game2048-ingress2-70d50ce3fd', () => {
    expect(ingressLoadBalancerName('myeks', { namespace: 'game-2048', name: 'ingress-2048' }, 'internet-facing')).toBe('k8s-game2048-ingress2-70d50ce3fd');
  });
});
