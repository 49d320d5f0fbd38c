// A pod's graceful termination as the kubelet runs it (kubernetes v1.24 pkg/kubelet/kuberuntime
// killContainer): each container's preStop hook runs first, then SIGTERM; whatever still runs when
// terminationGracePeriodSeconds is over gets SIGKILL. The lab's web servers (nginx, the echoserver) exit at once on
// SIGTERM, so a container stops serving when its preStop hook ends (or the grace period does). The model reads a
// preStop hook only for how long it sleeps (`sleep N`, directly or through `sh -c`): the usual hook in front of a
// load balancer, which keeps the server answering while the load balancer stops sending it requests.
import type { PodTemplate } from '../cluster/types.ts';

/** The default spec.terminationGracePeriodSeconds. */
export const TERMINATION_GRACE_S = 30;

/** How long a preStop command sleeps, in ms (0 for no hook, or one that does not just sleep). */
export function preStopSleepMs(command: string[] | undefined): number {
  if (!command?.length) return 0;
  const script = /(^|\/)(ba)?sh$/.test(command[0]) && command[1] === '-c' ? command.slice(2).join(' ') : command.join(' ');
  const m = /(?:^|[;&|\s])(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)s?\b/.exec(script);
  return m ? Number(m[1]) * 1000 : 0;
}

/** How long after deletion the pod's containers stop serving: the longest preStop sleep, within the grace period. */
export function serveAfterDeletionMs(t: PodTemplate): number {
  const grace = (t.terminationGracePeriodSeconds ?? TERMINATION_GRACE_S) * 1000;
  return Math.min(grace, Math.max(0, ...t.containers.map((c) => preStopSleepMs(c.preStop))));
}
