// `eks-netlab shell`: the simulated cluster's shell in your own terminal. Interactive on a TTY (line editing,
// history, Tab completion); otherwise it reads one command per line from stdin and prints only the outputs.
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { getInstanceType, suggestInstanceTypes } from '../model/catalog/index.ts';
import { createEngine } from '../shell/engine.ts';
import { CNI_MODES, type CniMode } from '../model/calico/config.ts';
import { PS2 } from '../shell/run.ts';
import { runLive } from '../terminal/live-process.ts';
import { parseScenario, runSteps } from '../shell/scenario.ts';
import { type Io, UsageError, parseFlags } from './io.ts';
import { labFiles, scenarioNames, scenarioText } from '../node/lab-content.ts';

export const SHELL_HELP = `usage: eks-netlab shell [--scenario NAME] [--seed N] [--instance-type TYPE] [--nodes N]
                        [--cni vpc-cni|calico-vxlan|calico-ipip] [--max-pods N] [--calico-mtu N]

Runs a shell on a simulated EKS cluster: by default the study lab's (three t3.medium nodes in
ap-northeast-2, VPC CNI v1.12.6). kubectl, ssh ec2-user@NODE_IP, ip, route, grep, awk … answer as on the
real hosts; sleep N lets N seconds of model time pass. The lab's manifests are in /root (nginx-dp.yaml).

On a terminal it is interactive (Tab completes, Up/Down recall, Ctrl-D or exit leaves). With stdin from a
pipe or a file it runs one command per line and prints only their output, so scripts can drive it:

  printf 'kubectl get nodes\\nkubectl describe node | grep pods:\\n' | eks-netlab shell

  --scenario NAME        start where a recorded lab ends (its steps run first, silently): ${scenarioNames().join(', ')}
  --seed N               another cluster (IDs, addresses and names follow the seed)
  --instance-type TYPE   node instance type (default t3.medium)
  --nodes N              number of nodes, one subnet per AZ round-robin (default 3)
  --cni CNI              vpc-cni (default), or Calico v3.25 in its place: calico-vxlan or calico-ipip
                         (pods from the IP pool 172.16.0.0/16, /26 blocks per node, no ENI addresses)
  --max-pods N           the kubelet's --max-pods (default: the EKS AMI's value for the type, 17 on a
                         t3.medium, which Calico does not change; 110 is the kubelet's own default)
  --calico-mtu N         Calico's veth and tunnel MTU (default: detected, 8951 VXLAN / 8981 IPIP)
  -h, --help             print this help
`;

export async function shellCommand(args: string[], io: Io, stdin: NodeJS.ReadStream = process.stdin): Promise<number> {
  const { values } = parseFlags(args, {
    scenario: { type: 'string' },
    seed: { type: 'string' },
    'instance-type': { type: 'string' },
    nodes: { type: 'string' },
    cni: { type: 'string' },
    'max-pods': { type: 'string' },
    'calico-mtu': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  if (values.help) {
    io.out(SHELL_HELP);
    return 0;
  }
  // The cluster keeps nearly all it allocates (pods, addresses, events). Fed a steady stream of survivors, V8 grows
  // its young generation to 64 MB, which here only buys page faults: a 150,000-pod scale-up runs about a fifth
  // faster with the young generation held at its starting size. V8 reads this flag whenever it would grow it.
  setFlagsFromString('--semi-space-growth-factor=1');
  const type = values['instance-type'];
  if (type !== undefined && !getInstanceType(type)) {
    const close = suggestInstanceTypes(type);
    throw new UsageError(`unknown instance type "${type}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`);
  }
  const nodes = values.nodes === undefined ? undefined : Number(values.nodes);
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1 || nodes > 5000)) {
    throw new UsageError(`invalid --nodes value "${values.nodes}": expected a whole number from 1 to 5000`);
  }
  const cni = values.cni;
  if (cni !== undefined && !(CNI_MODES as readonly string[]).includes(cni)) {
    throw new UsageError(`invalid --cni value "${cni}": expected one of ${CNI_MODES.join(', ')}`);
  }
  const maxPods = values['max-pods'] === undefined ? undefined : Number(values['max-pods']);
  if (maxPods !== undefined && (!Number.isInteger(maxPods) || maxPods < 1 || maxPods > 250 * 1000)) {
    throw new UsageError(`invalid --max-pods value "${values['max-pods']}": expected a whole number`);
  }
  const calicoMtu = values['calico-mtu'] === undefined ? undefined : Number(values['calico-mtu']);
  // Calico's Installation validation: an MTU the kernel accepts for a tunnel (68 at least, jumbo at most).
  if (calicoMtu !== undefined && (!Number.isInteger(calicoMtu) || calicoMtu < 68 || calicoMtu > 9001 || (cni ?? 'vpc-cni') === 'vpc-cni')) {
    throw new UsageError(`invalid --calico-mtu value "${values['calico-mtu']}": expected 68 to 9001, with --cni calico-vxlan or calico-ipip`);
  }
  let scenario;
  if (values.scenario !== undefined) {
    const text = scenarioText(values.scenario);
    if (text === undefined) throw new UsageError(`unknown scenario "${values.scenario}" (scenarios: ${scenarioNames().join(', ')})`);
    scenario = parseScenario(values.scenario, text);
  }
  const engine = createEngine({
    ...scenario?.cluster,
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(type !== undefined ? { instanceType: type } : {}),
    ...(nodes !== undefined ? { nodes } : {}),
    ...(cni !== undefined ? { cni: cni as CniMode } : {}),
    ...(maxPods !== undefined ? { maxPods } : {}),
    ...(calicoMtu !== undefined ? { calicoMtu } : {}),
    files: labFiles(),
  });
  if (scenario) runSteps((line) => engine.shell.run(line), scenario.steps);

  if (!stdin.isTTY) {
    const lines = createInterface({ input: stdin, crlfDelay: Infinity });
    let last = 0;
    // A pipe keeps the streams apart, as bash's would: errors go to stderr. A command spread over several lines
    // (a loop, a heredoc) runs when its last line arrives; at the end of input an unfinished one is an error.
    const write = ({ chunks, exitCode }: ReturnType<typeof engine.shell.run>) => {
      for (const c of chunks) {
        if (c.stream === 'err') io.err(c.text);
        else io.out(c.text);
      }
      last = exitCode;
    };
    for await (const line of lines) write(engine.shell.run(line));
    write(engine.shell.end());
    return last;
  }

  engine.session.interactive = true;
  const rl = createInterface({
    input: stdin,
    output: process.stdout,
    prompt: engine.prompt(),
    historySize: 1000,
    completer: (line: string) => {
      const candidates = engine.shell.complete(line, line.length);
      const word = /\S*$/.exec(line)?.[0] ?? '';
      return [candidates, word];
    },
  });
  rl.prompt();
  for await (const line of rl) {
    const { output, live, more } = engine.shell.run(line);
    io.out(output);
    if (more) {
      // bash's PS2: the command goes on on the next line.
      rl.setPrompt(PS2);
      rl.prompt();
      continue;
    }
    if (live) {
      // ping and tcpdump run with the wall clock until they end or Ctrl-C.
      await new Promise<void>((done) => {
        const run = runLive(engine, live, (text) => io.out(text), () => {
          rl.off('SIGINT', stop);
          done();
        });
        const stop = () => run.interrupt();
        rl.on('SIGINT', stop);
      });
    }
    if (line.trim() === 'exit' && engine.session.host().kind === 'bastion' && !output) {
      // exit on the bastion leaves the simulator, as it would close the ssh session to the bastion.
      break;
    }
    rl.setPrompt(engine.prompt());
    rl.prompt();
  }
  rl.close();
  return 0;
}
