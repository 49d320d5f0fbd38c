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
import { assembleChoices, firstItem, type QuizItem, type QuizLab, type QuizMistake } from './item.ts';

/** The controller installed as the lab does it (IAM policy, IRSA service account, Helm chart). */
export const LB_CONTROLLER_SETUP = [
  'curl -s -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json',
  'aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json',
  'eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=kube-system --name=aws-load-balancer-controller --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --override-existing-serviceaccounts --approve',
  'helm repo add eks https://aws.github.io/eks-charts',
  'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller',
  'sleep 30',
];

export interface LbScene {
  targetType: 'ip' | 'instance';
  replicas: number;
  /** The target group attribute preserve_client_ip.enabled, when the Service sets it. */
  preserveClientIp?: boolean;
  measure: 'targets' | 'client';
}

/** The lab's echo Deployment and an NLB Service for it, as `kubectl apply -f -` reads them. */
export function lbManifest(s: LbScene): string {
  const A = 'service.beta.kubernetes.io/aws-load-balancer';
  const annotations = [
    `${A}-nlb-target-type: ${s.targetType}`,
    `${A}-scheme: internet-facing`,
    `${A}-cross-zone-load-balancing-enabled: "true"`,
    ...(s.preserveClientIp !== undefined ? [`${A}-target-group-attributes: preserve_client_ip.enabled=${s.preserveClientIp}`] : []),
  ];
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy-echo
spec:
  replicas: ${s.replicas}
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
  annotations:
${annotations.map((a) => `    ${a}`).join('\n')}
spec:
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

type Named = { label: string; mistake: QuizMistake };
const list = (xs: string[]) => [...xs].sort().join(', ');

/** Runs the scene: the controller, the Service, four minutes for the NLB to become active and its targets healthy. */
function runScene(lab: QuizLab, s: LbScene) {
  for (const line of LB_CONTROLLER_SETUP) lab.sh(line);
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

export function buildLbItem(seed: string, scene: LbScene, lab: QuizLab): QuizItem | null {
  const c = lab.cluster;
  const r = runScene(lab, scene);
  if (!r.tg || !r.lb || !r.nodePort || r.pods.length !== scene.replicas) return null;
  const live = r.tg.targets.filter((t) => t.deregisteredAt === undefined);
  const podTargets = r.pods.map((p) => `${formatIpv4(p.ip!)}:8080`);
  const instances = c.nodes.map((n) => `${n.instanceId}:${r.nodePort}`);
  const preserve = (r.tg.attributes['preserve_client_ip.enabled'] ?? String(r.tg.targetType === 'instance')) === 'true';
  const facts = `${scene.replicas} echo pod${scene.replicas === 1 ? '' : 's'} (${r.pods.map((p) => formatIpv4(p.ip!)).join(', ')}) on port 8080; Service port 80, NodePort ${r.nodePort}; nodes ${c.nodes.map((n) => `${n.instanceId} (${formatIpv4(n.enis[0].primaryIp)})`).join(', ')}; the bastion's public address ${formatIpv4(r.bastion.publicIp)}.`;
  const setting = `target type ${scene.targetType}${scene.preserveClientIp !== undefined ? `, preserve_client_ip.enabled=${scene.preserveClientIp}` : ''}`;
  const base = {
    topic: 'load-balancer' as const, seed, facts,
    explanation: [
      `The controller builds a target group of type ${r.tg.targetType} and registers ${r.tg.targetType === 'ip' ? "the pods' addresses on the container port (ip targets: the VPC CNI gives pods VPC addresses)" : 'every node by instance ID on the NodePort (kube-proxy takes it from there)'}: ${list(live.map((t) => `${t.id}:${t.port}`))}.`,
      `preserve_client_ip.enabled is ${preserve}${scene.preserveClientIp === undefined ? ` (AWS's default for ${r.tg.targetType} targets)` : ' (set by the Service)'}: the target sees ${preserve ? "the client's own address" : "the NLB node's private address in the AZ it entered"}.`,
      ...(r.tg.targetType === 'instance'
        ? [`The node's kube-proxy then sends the NodePort connection on through KUBE-EXT-*, which marks it for masquerade (externalTrafficPolicy: Cluster): the pod sees the address of the node that forwarded it.`]
        : []),
      `In the model, curl from the bastion to the NLB gets back client_address=${r.client}.`,
    ],
  };
  if (scene.measure === 'targets') {
    const right = list(live.map((t) => `${t.id}:${t.port}`));
    const mistakes: Named[] = [];
    if (r.tg.targetType === 'ip') {
      mistakes.push({ label: list(instances), mistake: { id: 'instance-for-ip', why: 'Those are instance targets: with target type ip the controller registers the pods themselves.' } });
      mistakes.push({ label: list(r.pods.map((p) => `${formatIpv4(p.ip!)}:80`)), mistake: { id: 'service-port', why: "Registers the Service's port: ip targets get the pods' container port (targetPort 8080)." } });
      mistakes.push({ label: list(r.pods.map((p) => `${formatIpv4(p.ip!)}:${r.nodePort}`)), mistake: { id: 'nodeport-on-pods', why: 'The NodePort is a port on the nodes; pods listen on their container port.' } });
      mistakes.push({ label: list(c.nodes.filter((n) => r.pods.some((p) => p.nodeName === n.name)).map((n) => `${formatIpv4(n.enis[0].primaryIp)}:8080`)), mistake: { id: 'node-addresses', why: "Registers the nodes' addresses: ip targets are the pods' own VPC addresses." } });
    } else {
      mistakes.push({ label: list(podTargets), mistake: { id: 'ip-for-instance', why: 'Those are ip targets: with target type instance the controller registers nodes by instance ID, on the NodePort.' } });
      mistakes.push({ label: list(c.nodes.filter((n) => r.pods.some((p) => p.nodeName === n.name)).map((n) => `${n.instanceId}:${r.nodePort}`)), mistake: { id: 'only-nodes-with-pods', why: 'Registers only nodes with an echo pod: with externalTrafficPolicy Cluster every node is a target, and kube-proxy forwards to a pod elsewhere.' } });
      mistakes.push({ label: list(c.nodes.map((n) => `${n.instanceId}:8080`)), mistake: { id: 'container-port-on-nodes', why: 'Instance targets take traffic on the NodePort; nothing on the node listens on the container port.' } });
      mistakes.push({ label: list(c.nodes.map((n) => `${n.instanceId}:80`)), mistake: { id: 'service-port-on-nodes', why: "The Service's port 80 exists only on its ClusterIP; instance targets get the NodePort." } });
    }
    const choices = assembleChoices(seed, right, mistakes);
    if (!choices) return null;
    return { ...base, prompt: `An NLB Service (${setting}) selects the echo pods. Which targets does the controller register in its target group?`, choices };
  }
  // The client address, named by whose it is.
  const instance = r.tg.targetType === 'instance';
  const candidates: { addr: string; id: string; why: string }[] = [
    {
      addr: formatIpv4(r.bastion.publicIp), id: 'client-preserved',
      why: instance
        ? preserve ? "The NLB keeps the client's address as far as the node, but kube-proxy masquerades the NodePort connection on its way to the pod (externalTrafficPolicy: Cluster)." : 'The client address is not preserved here (preserve_client_ip.enabled=false), and kube-proxy masquerades NodePort connections besides.'
        : "The client's address reaches an ip target only when preserve_client_ip.enabled is true; AWS's default for ip targets is false.",
    },
    { addr: formatIpv4(r.bastion.ip), id: 'client-private', why: 'The bastion reaches an internet-facing NLB through the internet gateway, with its public address; its private one never leaves the VPC.' },
    ...r.lb.subnets.map((s) => ({
      addr: formatIpv4(s.privateIp), id: 'nlb-private',
      why: instance ? "The NLB node's address is what reaches the node at most; kube-proxy masquerades the connection to the pod with the node's own address." : "An NLB node's private address appears only when client IP preservation is off; it is on here.",
    })),
    ...c.nodes.map((n) => ({ addr: formatIpv4(n.enis[0].primaryIp), id: 'node-snat', why: 'A node address appears when kube-proxy forwards a NodePort connection (instance targets); with ip targets the NLB sends to the pod directly.' })),
  ];
  const right = candidates.find((x) => x.addr === r.client);
  if (!right) return null;
  const rng = createRng(`client:${seed}`);
  const byId = new Map<string, Named>();
  for (const x of rng.shuffle(candidates)) {
    // Another address of the same kind as the right one (another node, another AZ's NLB node) is no mistake of
    // understanding, only of which node the flow went through: left out.
    if (x.addr === r.client || x.id === right.id || byId.has(x.id)) continue;
    byId.set(x.id, { label: x.addr, mistake: { id: x.id, why: x.why } });
  }
  const choices = assembleChoices(seed, r.client, [...byId.values()]);
  if (!choices) return null;
  return { ...base, prompt: `An NLB Service (${setting}) selects the echo pods. From the bastion, \`curl -s $NLB | grep client_address\`: which address does the echo pod print?`, choices };
}

export function loadBalancerItem(seed: string, newLab: () => QuizLab): QuizItem {
  return firstItem(seed, (variant) => buildLbItem(seed, pickLbScene(variant), newLab()), 8);
}
