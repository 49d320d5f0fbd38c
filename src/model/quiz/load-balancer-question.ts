// Load-balancer quiz items: the AWS Load Balancer Controller gives the lab's echo Service an NLB; which targets
// does its target group register, and which client address does the echo pod print? The right answers are what
// the model's controller registered (lb-controller/controller.ts, v2.5.1's model_build_target_group.go) and what
// the echo server answers through the model's NLB (aws/nlb-dataplane.ts: preserve_client_ip defaults to true for
// instance targets, false for ip targets); the wrong ones are the usual mix-ups of target types and addresses.
import { awsAccount } from '../aws/account.ts';
import type { TargetGroup } from '../aws/elbv2.ts';
import type { Service } from '../cluster/types.ts';
import { formatIpv4 } from '../net/ipv4.ts';
import { networkOf } from '../net/network.ts';
import { createRng } from '../rng.ts';
import { assembleChoices, type ChoiceSpec, firstItem, type QuizItem, type QuizLab, type QuizSpec, type Said, sayItem } from './item.ts';
import { en, type LoadBalancerWords } from './words/en.ts';
import { LB_CONTROLLER_INSTALL } from '../lb-controller/lab-install.ts';


export interface LbScene {
  targetType: 'ip' | 'instance';
  replicas: number;
  /** The target group attribute preserve_client_ip.enabled, when the Service sets it. */
  preserveClientIp?: boolean;
  measure: 'targets' | 'client';
}

/**
 * The lab's echo Deployment (the seed's echoserver, no grace period) and an NLB Service `svc-nlb` for it with these
 * annotations (full keys), as `kubectl apply -f -` reads them.
 */
export function echoNlbManifest(replicas: number, annotations: Record<string, string>): string {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy-echo
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: deploy-websrv
  template:
    metadata:
      labels:
        app: deploy-websrv
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: akos-websrv
        image: k8s.gcr.io/echoserver:1.5
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: svc-nlb
${lines.length ? `  annotations:\n${lines.join('\n')}\n` : ''}spec:
  ports:
    - port: 80
      targetPort: 8080
      protocol: TCP
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector:
    app: deploy-websrv
`;
}

/** The quiz's scene as a manifest: internet-facing, cross-zone, its target type and client-IP setting. */
export function lbManifest(s: LbScene): string {
  const A = 'service.beta.kubernetes.io/aws-load-balancer';
  return echoNlbManifest(s.replicas, {
    [`${A}-nlb-target-type`]: s.targetType,
    [`${A}-scheme`]: 'internet-facing',
    [`${A}-cross-zone-load-balancing-enabled`]: 'true',
    ...(s.preserveClientIp !== undefined ? { [`${A}-target-group-attributes`]: `preserve_client_ip.enabled=${s.preserveClientIp}` } : {}),
  });
}

export function pickLbScene(seed: string): LbScene {
  const rng = createRng(`load-balancer:${seed}`);
  const targetType = rng.next() < 0.5 ? 'ip' : 'instance';
  const preserve = rng.next();
  return {
    targetType, replicas: 1 + rng.int(3),
    ...(preserve < 0.3 ? { preserveClientIp: targetType === 'ip' } : {}),
    measure: rng.next() < 0.5 ? 'targets' : 'client',
  };
}

type Phrase = Said<LoadBalancerWords>;
type Choice = ChoiceSpec<LoadBalancerWords>;
const list = (xs: string[]) => [...xs].sort().join(', ');
const wrong = (value: string, id: string, why: Phrase): Choice => ({ value, correct: false, mistake: { id, why } });

/** Runs the scene: the controller, the Service, four minutes for the NLB to become active and its targets healthy. */
function runScene(lab: QuizLab, s: LbScene) {
  for (const line of LB_CONTROLLER_INSTALL) lab.sh(line);
  lab.sh(`kubectl apply -f - <<'EOF'\n${lbManifest(s)}EOF`);
  lab.sh('sleep 240');
  const c = lab.cluster;
  const elbv2 = awsAccount(c).elbv2;
  const lb = elbv2.loadBalancers.find((l) => l.type === 'network');
  const tg: TargetGroup | undefined = lb && elbv2.targetGroups.find((t) => t.loadBalancerArns.includes(lb.arn));
  const client = lab.sh('NLB=$(kubectl get svc svc-nlb -o jsonpath={.status.loadBalancer.ingress[0].hostname}); curl -s $NLB | grep client_address').trim().replace(/^client_address=/, '');
  const pods = [...c.pods.values()].filter((p) => p.labels.app === 'deploy-websrv' && p.phase === 'Running' && p.ip !== undefined);
  const svc = c.store.list<Service>('Service').find((x) => x.metadata.name === 'svc-nlb');
  return { tg, lb, client, pods, nodePort: svc?.spec.ports[0].nodePort, bastion: networkOf(c).bastion };
}

export function lbSpec(seed: string, scene: LbScene, lab: QuizLab): QuizSpec<LoadBalancerWords> | null {
  const c = lab.cluster;
  const r = runScene(lab, scene);
  if (!r.tg || !r.lb || !r.nodePort || r.pods.length !== scene.replicas) return null;
  const live = r.tg.targets.filter((t) => t.deregisteredAt === undefined);
  const podTargets = r.pods.map((p) => `${formatIpv4(p.ip!)}:8080`);
  const instances = c.nodes.map((n) => `${n.instanceId}:${r.nodePort}`);
  const preserve = (r.tg.attributes['preserve_client_ip.enabled'] ?? String(r.tg.targetType === 'instance')) === 'true';
  const facts: Phrase = {
    say: 'facts',
    slots: { pods: r.pods.map((p) => formatIpv4(p.ip!)), nodePort: r.nodePort, nodes: c.nodes.map((n) => ({ id: n.instanceId, ip: formatIpv4(n.enis[0].primaryIp) })), bastion: formatIpv4(r.bastion.publicIp) },
  };
  const setting = { targetType: scene.targetType, ...(scene.preserveClientIp !== undefined ? { preserve: scene.preserveClientIp } : {}) };
  const base = {
    topic: 'load-balancer' as const, seed, facts,
    explanation: [
      { say: 'explain/registers', slots: { targetType: r.tg.targetType, targets: list(live.map((t) => `${t.id}:${t.port}`)) } },
      { say: 'explain/preserve', slots: { preserve, setByService: scene.preserveClientIp !== undefined, targetType: r.tg.targetType } },
      ...(r.tg.targetType === 'instance' ? [{ say: 'explain/masquerade' } as Phrase] : []),
      { say: 'explain/curl', slots: { client: r.client } },
    ] as Phrase[],
  };
  if (scene.measure === 'targets') {
    const right = list(live.map((t) => `${t.id}:${t.port}`));
    const mistakes: Choice[] = [];
    if (r.tg.targetType === 'ip') {
      mistakes.push(wrong(list(instances), 'instance-for-ip', { say: 'targets/instance-for-ip' }));
      mistakes.push(wrong(list(r.pods.map((p) => `${formatIpv4(p.ip!)}:80`)), 'service-port', { say: 'targets/service-port' }));
      mistakes.push(wrong(list(r.pods.map((p) => `${formatIpv4(p.ip!)}:${r.nodePort}`)), 'nodeport-on-pods', { say: 'targets/nodeport-on-pods' }));
      mistakes.push(wrong(list(c.nodes.filter((n) => r.pods.some((p) => p.nodeName === n.name)).map((n) => `${formatIpv4(n.enis[0].primaryIp)}:8080`)), 'node-addresses', { say: 'targets/node-addresses' }));
    } else {
      mistakes.push(wrong(list(podTargets), 'ip-for-instance', { say: 'targets/ip-for-instance' }));
      mistakes.push(wrong(list(c.nodes.filter((n) => r.pods.some((p) => p.nodeName === n.name)).map((n) => `${n.instanceId}:${r.nodePort}`)), 'only-nodes-with-pods', { say: 'targets/only-nodes-with-pods' }));
      mistakes.push(wrong(list(c.nodes.map((n) => `${n.instanceId}:8080`)), 'container-port-on-nodes', { say: 'targets/container-port-on-nodes' }));
      mistakes.push(wrong(list(c.nodes.map((n) => `${n.instanceId}:80`)), 'service-port-on-nodes', { say: 'targets/service-port-on-nodes' }));
    }
    const choices = assembleChoices(seed, { value: right, correct: true }, mistakes);
    if (!choices) return null;
    return { ...base, prompt: { say: 'prompt/targets', slots: setting }, choices };
  }
  // The client address, named by whose it is.
  const instance = r.tg.targetType === 'instance';
  const candidates: { addr: string; id: string; why: Phrase }[] = [
    {
      addr: formatIpv4(r.bastion.publicIp), id: 'client-preserved',
      why: { say: instance ? (preserve ? 'client/preserved-instance' : 'client/not-preserved-instance') : 'client/preserved-ip' },
    },
    { addr: formatIpv4(r.bastion.ip), id: 'client-private', why: { say: 'client/private' } },
    ...r.lb.subnets.map((s) => ({ addr: formatIpv4(s.privateIp), id: 'nlb-private', why: { say: instance ? 'client/nlb-private-instance' : 'client/nlb-private-ip' } as Phrase })),
    ...c.nodes.map((n) => ({ addr: formatIpv4(n.enis[0].primaryIp), id: 'node-snat', why: { say: 'client/node-snat' } as Phrase })),
  ];
  const right = candidates.find((x) => x.addr === r.client);
  if (!right) return null;
  const rng = createRng(`client:${seed}`);
  const byId = new Map<string, Choice>();
  for (const x of rng.shuffle(candidates)) {
    // Another address of the same kind as the right one (another node, another AZ's NLB node) is no mistake of
    // understanding, only of which node the flow went through: left out.
    if (x.addr === r.client || x.id === right.id || byId.has(x.id)) continue;
    byId.set(x.id, wrong(x.addr, x.id, x.why));
  }
  const choices = assembleChoices(seed, { value: r.client, correct: true }, [...byId.values()]);
  if (!choices) return null;
  return { ...base, prompt: { say: 'prompt/client', slots: setting }, choices };
}

/** The same, in English. */
export function buildLbItem(seed: string, scene: LbScene, lab: QuizLab): QuizItem | null {
  const spec = lbSpec(seed, scene, lab);
  return spec && sayItem(spec, en['load-balancer']);
}

export function loadBalancerItemSpec(seed: string, newLab: () => QuizLab): QuizSpec<LoadBalancerWords> {
  return firstItem(seed, (variant) => lbSpec(seed, pickLbScene(variant), newLab()), 8);
}
