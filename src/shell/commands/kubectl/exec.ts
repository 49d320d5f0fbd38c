// kubectl exec POD -- CMD: runs CMD as the pod's shell would (its host name, its network namespace).
// `kubectl exec -it POD -- bash` enters the pod: the prompt changes until `exit`.
import { quote } from 'shell-quote';
import type { ClusterSession } from '../../session.ts';
import { podHost } from '../../session.ts';
import type { CommandInput, CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';

/** Commands that open an interactive shell in the container rather than run and end. */
export const SHELLS = new Set(['sh', 'bash', 'zsh', '/bin/sh', '/bin/bash', '/bin/zsh', 'ash']);

export function kubectlExec(session: ClusterSession, args: KubectlArgs, input: CommandInput): CommandOutput {
  const [name, ...legacy] = args.positionals;
  if (!name) return { stdout: '', stderr: 'error: pod, type/name or --filename must be specified\n', exitCode: 1 };
  const podName = name.replace(/^(pod|pods|po)\//, '');
  const namespace = args.flags.get('namespace') ?? 'default';
  const pod = session.cluster.findPod(namespace, podName);
  if (!pod) return { stdout: '', stderr: `Error from server (NotFound): pods "${podName}" not found\n`, exitCode: 1 };
  const command = args.rest.length ? args.rest : legacy;
  let stderr = args.rest.length === 0 && legacy.length ? 'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n' : '';
  if (command.length === 0) return { stdout: '', stderr: 'error: you must specify at least one command for the container\n', exitCode: 1 };
  if (pod.phase !== 'Running') {
    return { stdout: '', stderr: `${stderr}error: unable to upgrade connection: container not found ("${pod.template.containers[0].name}")\n`, exitCode: 1 };
  }
  if (command.length === 1 && SHELLS.has(command[0]) && args.flags.has('stdin')) {
    session.pushHost(podHost(pod));
    return { stdout: '', stderr, exitCode: 0 };
  }
  session.pushHost(podHost(pod));
  try {
    const out = input.exec(quote(command), { keepRunning: true });
    return { stdout: out.stdout, stderr: stderr + out.stderr, exitCode: out.exitCode === 0 ? 0 : out.exitCode === 127 ? 126 : out.exitCode, process: out.process };
  } finally {
    session.popHost();
    stderr = '';
  }
}
