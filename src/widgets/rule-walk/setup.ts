// The rule walk's own lab, built the same way at build time (RuleWalk.astro) and in the engine worker (calls.ts),
// so that the server-rendered walk is the one the live cluster gives: nginx behind a NodePort Service, and the
// lab's netshoot pods to send from. Commands a learner could type, run through the shell.
export const RULE_WALK_SETUP = [
  'kubectl apply -f nginx-dp.yaml',
  'kubectl scale deployment nginx-deployment --replicas=3',
  'kubectl apply -f netshoot-pod.yaml',
  'sleep 30',
  'kubectl expose deployment nginx-deployment --port=80 --type=NodePort',
];

/** The walk a page shows first. */
export const FIRST_WALK = { service: 'default/nginx-deployment:80/TCP', from: 'pod', to: 'cluster-ip' } as const;

/** Replica counts the scale control offers (0 shows the REJECT a Service without endpoints gets). */
export const REPLICA_CHOICES = [0, 1, 2, 3, 4, 5, 6, 8, 10];

/** A stage's name in the walk's outline: where, and which hook. */
export const stageLabel = (s: { host: string; hook: string }) => `${s.host} · ${s.hook}`;
