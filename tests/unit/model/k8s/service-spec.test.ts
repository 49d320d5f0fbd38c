// A Service's traffic fields as the 1.24 API server defaults and validates them (pkg/apis/core/v1/defaults.go,
// pkg/apis/core/validation/validation.go), and what the cluster allocates for them.
import { describe, expect, it } from 'vitest';
import { admitServiceTraffic, invalidMessage } from '../../../../src/model/k8s/service-spec.ts';
import { labEngine } from '../../shell/engine-helpers.ts';

describe('defaulting', () => {
  it('None affinity, Cluster policies where they apply, ClientIP with 10800 s', () => {
    expect(admitServiceTraffic({ type: 'ClusterIP' })).toEqual({ errors: [], traffic: { sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' } });
    expect(admitServiceTraffic({ type: 'NodePort' })).toMatchObject({ traffic: { externalTrafficPolicy: 'Cluster' } });
    expect(admitServiceTraffic({ type: 'ClusterIP', sessionAffinity: 'ClientIP' })).toMatchObject({ traffic: { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 10800 } });
    expect(admitServiceTraffic({ type: 'ClusterIP', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })).toMatchObject({ traffic: { sessionAffinityTimeoutSeconds: 60 } });
  });
});

describe('validation messages', () => {
  const errors = (input: Parameters<typeof admitServiceTraffic>[0]) => admitServiceTraffic(input).errors;
  it('refuses a traffic policy on a ClusterIP Service, and bad values, in validation.go\'s words', () => {
    expect(errors({ type: 'ClusterIP', externalTrafficPolicy: 'Local' })).toEqual(['spec.externalTrafficPolicy: Invalid value: "Local": ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service']);
    expect(errors({ type: 'NodePort', externalTrafficPolicy: 'local' })).toEqual(['spec.externalTrafficPolicy: Invalid value: "local": ExternalTrafficPolicy must be empty, Cluster or Local']);
    expect(errors({ type: 'ClusterIP', internalTrafficPolicy: 'Node' })).toEqual(['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"']);
    expect(errors({ type: 'ClusterIP', sessionAffinity: 'Cookie' })).toEqual(['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"']);
    expect(errors({ type: 'ClusterIP', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } })).toEqual(['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400']);
    expect(errors({ type: 'ClusterIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } })).toEqual(['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None']);
    expect(errors({ type: 'NodePort', healthCheckNodePort: 30000 })).toEqual(['spec.healthCheckNodePort: Invalid value: 30000: HealthCheckNodePort can only be set on LoadBalancer service with ExternalTrafficPolicy=Local']);
  });

  it('joins several errors as kubectl prints a StatusError\'s causes', () => {
    expect(invalidMessage('Service', 'web', ['a', 'b'])).toBe('The Service "web" is invalid: \n* a\n* b');
    expect(invalidMessage('Service', 'web', ['a'])).toBe('The Service "web" is invalid: a');
  });
});

describe('the cluster\'s API server', () => {
  it('allocates node ports and a health check node port for LoadBalancer + Local, and keeps them on update', () => {
    const { cluster } = labEngine();
    const input = {
      namespace: 'default', name: 'lb', labels: {},
      spec: { type: 'LoadBalancer' as const, selector: { app: 'x' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] },
      traffic: { externalTrafficPolicy: 'Local' },
    };
    expect(cluster.applyService(input)).toBe('created');
    const svc = cluster.store.get<any>('Service', 'default', 'lb');
    const { healthCheckNodePort } = svc.spec;
    const nodePort = svc.spec.ports[0].nodePort;
    expect(healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(healthCheckNodePort).toBeLessThanOrEqual(32767);
    expect(nodePort).not.toBe(healthCheckNodePort);
    expect(cluster.applyService(input)).toBe('unchanged');
    expect(cluster.store.get<any>('Service', 'default', 'lb').spec.healthCheckNodePort).toBe(healthCheckNodePort);
    expect(cluster.applyService({ ...input, traffic: { externalTrafficPolicy: 'Cluster' } })).toBe('configured');
    expect(cluster.store.get<any>('Service', 'default', 'lb').spec.healthCheckNodePort).toBeUndefined();
    expect(cluster.store.get<any>('Service', 'default', 'lb').spec.ports[0].nodePort).toBe(nodePort);
  });

  it('kubectl apply prints the refusal and fails; get -o yaml shows the defaulted fields', () => {
    const { sh, shell } = labEngine();
    sh("printf 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: bad\\nspec:\\n  externalTrafficPolicy: Local\\n  ports:\\n  - port: 80\\n' > bad.yaml");
    const r = shell.exec('kubectl apply -f bad.yaml');
    expect(r).toMatchObject({ stdout: '', stderr: 'The Service "bad" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service\n', exitCode: 1 });
    sh('kubectl create deployment web --image=nginx --port=80');
    sh('kubectl expose deploy web --port=80 --session-affinity=ClientIP');
    const yaml = sh('kubectl get svc web -o yaml');
    expect(yaml).toContain('  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 10800\n  type: ClusterIP\n');
    expect(yaml).toContain('  internalTrafficPolicy: Cluster\n');
    expect(yaml).not.toContain('externalTrafficPolicy');
  });
});
