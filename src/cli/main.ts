// The eks-netlab command line: a thin face over src/model (and, later, src/shell).
import { type Io, UsageError } from './io.ts';
import { maxPodsCommand } from './max-pods.ts';

const USAGE = `usage: eks-netlab <command> [options]

Commands:
  max-pods   max pods per node for an EC2 instance type, as AWS's max-pods-calculator.sh computes it
  shell      a shell on a simulated EKS cluster (kubectl, ssh to nodes, ip, route …)

Run "eks-netlab <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (args: string[], io: Io) => number | Promise<number>> = {
  'max-pods': maxPodsCommand,
  // Loaded on demand: max-pods, run many times by scripts, should not pay for the cluster engine.
  shell: async (args, io) => (await import('./shell.ts')).shellCommand(args, io),
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      (command === undefined ? io.err : io.out)(USAGE);
      return command === undefined ? 1 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`eks-netlab: ${e.message}\n`);
      return 1;
    }
    // A bug of ours: still one line, and a hint where to report it, never a stack trace.
    io.err(`eks-netlab: internal error: ${(e as Error).message ?? e}\n`);
    return 2;
  }
}
