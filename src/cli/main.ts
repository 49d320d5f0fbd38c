// The eks-netlab command line: a thin face over src/model (and, later, src/shell).
import { type Io, UsageError } from './io.ts';
import { maxPodsCommand } from './max-pods.ts';

const USAGE = `usage: eks-netlab <command> [options]

Commands:
  max-pods   max pods per node for an EC2 instance type, as AWS's max-pods-calculator.sh computes it

Run "eks-netlab <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (args: string[], io: Io) => number> = {
  'max-pods': maxPodsCommand,
};

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      (command === undefined ? io.err : io.out)(USAGE);
      return command === undefined ? 1 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return run(rest, io);
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
