// Columns of `kubectl get` for kinds the model keeps as applied, as kube-apiserver 1.24's table printers give them
// (pkg/printers/internalversion/printers.go: secretColumnDefinitions, endpointColumnDefinitions, ingressColumnDefinitions …;
// kinds without a printer, like Role, get the server's default table: NAME and CREATED AT).
import { describe, expect, it } from 'vitest';
import { labFiles } from '../../../src/node/lab-content.ts';
import { labEngine } from './engine-helpers.ts';

const MANIFESTS = `apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
stringData: {user: admin, password: x}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext}
subsets:
- addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}, {ip: 10.0.0.3}, {ip: 10.0.0.4}]
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: alb
  rules: [{host: a.example.com}, {host: b.example.com}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: alb}
spec: {controller: ingress.k8s.aws/alb}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {matchLabels: {app: web}}}
`;

function engine() {
  const e = labEngine({ files: { ...labFiles(), '/root/kinds.yaml': MANIFESTS } });
  e.sh('kubectl apply -f kinds.yaml');
  return e;
}

const header = (out: string) => out.split('\n')[0]!.trim().split(/\s{2,}/);
const row = (out: string) => out.split('\n')[1]!.trim().split(/\s{2,}/);

describe('kubectl get: columns of the kinds kept as applied', () => {
  it.each([
    ['secret db', ['NAME', 'TYPE', 'DATA', 'AGE'], ['db', 'Opaque', '2', '0s']],
    ['endpoints ext', ['NAME', 'ENDPOINTS', 'AGE'], ['ext', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '0s']],
    ['ingress web', ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], ['web', 'alb', 'a.example.com,b.example.com', '80', '0s']],
    ['ingressclass alb', ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], ['alb', 'ingress.k8s.aws/alb', '<none>', '0s']],
    ['priorityclass high', ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE'], ['high', '1000', 'false', '0s']],
    ['rolebinding read', ['NAME', 'ROLE', 'AGE'], ['read', 'Role/reader', '0s']],
    ['netpol deny', ['NAME', 'POD-SELECTOR', 'AGE'], ['deny', 'app=web', '0s']],
  ])('get %s', (what, columns, values) => {
    const out = engine().sh(`kubectl get ${what}`);
    expect(header(out)).toEqual(columns);
    expect(row(out)).toEqual(values);
  });

  it('a Role has the default table: NAME and CREATED AT in RFC 3339', () => {
    const out = engine().sh('kubectl get role reader');
    expect(header(out)).toEqual(['NAME', 'CREATED AT']);
    expect(row(out)[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
