import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** Where a command writes: the process in the CLI, a string buffer in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in the command line: printed as one line on stderr, exit status 1, never a stack trace. */
export class UsageError extends Error {}

/** node:util parseArgs in strict mode, with its errors reworded as one short line each. */
export function parseFlags<T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown option ${flag} (see --help)`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(
          options[flag.replace(/^-+/, '')]?.type === 'boolean' ? `option ${flag} takes no value` : `option ${flag} needs a value`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`unexpected argument "${/'([^']*)'/.exec(err.message)?.[1] ?? ''}" (flags take the form --name value; see --help)`);
      default:
        throw new UsageError(err.message);
    }
  }
}
