// kubectl's global flags (-n, --context, --kubeconfig, -v …), which may come before the verb, and how kubectl 1.24
// finds the verb among them. Follows kubectl v0.24 pkg/cmd/cmd.go (NewDefaultKubectlCommandWithArgs, HandlePluginCommand)
// and cobra v1.4's Command.Find / stripFlags / argsMinusFirstX.

/**
 * The persistent flags every kubectl command accepts, by every name, mapped to the key the verbs read. They are
 * cli-runtime's ConfigFlags, kubectl's own (--warnings-as-errors, --match-server-version, --profile…) and klog's
 * (added by component-base's cli.Run, after the command tree is built).
 */
export const GLOBAL_VALUE_FLAGS: Record<string, string> = {
  n: 'namespace', namespace: 'namespace',
  s: 'server', server: 'server',
  context: 'context', cluster: 'cluster', user: 'user', kubeconfig: 'kubeconfig',
  'request-timeout': 'request-timeout', 'cache-dir': 'cache-dir', 'certificate-authority': 'certificate-authority',
  'client-certificate': 'client-certificate', 'client-key': 'client-key', token: 'token', 'tls-server-name': 'tls-server-name',
  as: 'as', 'as-group': 'as-group', 'as-uid': 'as-uid', username: 'username', password: 'password',
  profile: 'profile', 'profile-output': 'profile-output',
  v: 'v', vmodule: 'vmodule', 'log-flush-frequency': 'log-flush-frequency', 'log-backtrace-at': 'log-backtrace-at',
  'log-dir': 'log-dir', 'log-file': 'log-file', 'log-file-max-size': 'log-file-max-size', stderrthreshold: 'stderrthreshold',
};

export const GLOBAL_BOOL_FLAGS: Record<string, string> = {
  'insecure-skip-tls-verify': 'insecure-skip-tls-verify', 'warnings-as-errors': 'warnings-as-errors',
  'match-server-version': 'match-server-version',
  'add-dir-header': 'add-dir-header', alsologtostderr: 'alsologtostderr', logtostderr: 'logtostderr',
  'one-output': 'one-output', 'skip-headers': 'skip-headers', 'skip-log-headers': 'skip-log-headers',
};

/** klog flags deprecated by KEP-2845 (1.23); pflag warns on stderr when one is set. */
const DEPRECATED_KLOG = new Set([
  'add-dir-header', 'alsologtostderr', 'log-backtrace-at', 'log-dir', 'log-file', 'log-file-max-size', 'logtostderr',
  'one-output', 'skip-headers', 'skip-log-headers', 'stderrthreshold',
]);

/**
 * Root flags cobra knows while it looks for the command. The klog flags are not among them yet, and no root flag
 * is a boolean but these three, so any other flag written without `=` is taken to swallow the next word.
 */
const BOOL_AT_FIND = new Set(['insecure-skip-tls-verify', 'warnings-as-errors', 'match-server-version']);

/** cobra's stripFlags over the root command: the words that are not flags or flag values, up to `--`. */
function stripFlags(args: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i]!;
    if (s === '--') break;
    const swallows =
      (s.startsWith('--') && !s.includes('=') && !BOOL_AT_FIND.has(s.slice(2))) ||
      (s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2);
    if (swallows) {
      // '-f arg': drop arg, or stop if it is the last word (cobra's `len(args) <= 1`).
      if (i + 1 >= args.length - 1) break;
      i++;
    } else if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

export type CommandLookup =
  /** Run `verb` with `rest`: the command line without the verb's first occurrence (cobra's argsMinusFirstX). */
  | { kind: 'verb'; verb: string; rest: string[] }
  /** No command word: the root command itself, with its flags. */
  | { kind: 'root'; rest: string[] }
  /** The first word is not a command: cobra's "unknown command". */
  | { kind: 'unknown'; word: string }
  /** kubectl's plugin handler refuses a line that starts with a flag and names no command. */
  | { kind: 'plugin-error'; message: string };

/** Which command a kubectl command line names, as kubectl 1.24 decides before running anything. */
export function lookupCommand(args: string[], commands: readonly string[]): CommandLookup {
  const words = stripFlags(args);
  const first = words[0];
  if (first === undefined) return { kind: 'root', rest: args };
  const known = commands.includes(first) && first !== 'help';
  if (!known) {
    // `help` is added by cobra only when it executes, so kubectl's plugin lookup skips it by name.
    const cmdName = args.find((a) => !a.startsWith('-'));
    if (cmdName !== 'help' && args[0]!.startsWith('-')) {
      return { kind: 'plugin-error', message: `Error: flags cannot be placed before plugin name: ${args[0]}\n` };
    }
    if (first !== 'help') return { kind: 'unknown', word: first };
  }
  const at = args.indexOf(first);
  return { kind: 'verb', verb: first, rest: [...args.slice(0, at), ...args.slice(at + 1)] };
}

/** pflag's deprecation notices for the global flags on a command line, in the order they were given. */
export function deprecatedFlagWarnings(args: string[]): string {
  let out = '';
  for (const a of args) {
    if (a === '--') break;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0]! : '';
    if (DEPRECATED_KLOG.has(name)) {
      out += `Flag --${name} has been deprecated, will be removed in a future release, see https://github.com/kubernetes/enhancements/tree/master/keps/sig-instrumentation/2845-deprecate-klog-specific-flags-in-k8s-components\n`;
    }
  }
  return out;
}
