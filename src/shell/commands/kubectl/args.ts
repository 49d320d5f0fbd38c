// kubectl's command line: flags may come anywhere, as --flag value, --flag=value or -f value.
import { GLOBAL_BOOL_FLAGS, GLOBAL_VALUE_FLAGS } from './global-flags.ts';

export interface KubectlArgs {
  positionals: string[];
  flags: Map<string, string>;
  /** Words after `--` (for `kubectl exec POD -- CMD`). */
  rest: string[];
}

/** Flags that take a value, by every name they go by. */
const VALUE_FLAGS: Record<string, string> = {
  ...GLOBAL_VALUE_FLAGS,
  o: 'output', output: 'output',
  l: 'selector', selector: 'selector',
  f: 'filename', filename: 'filename',
  c: 'container', container: 'container',
  replicas: 'replicas',
  'field-selector': 'field-selector',
  timeout: 'timeout',
  'sort-by': 'sort-by',
  L: 'label-columns', 'label-columns': 'label-columns',
  cascade: 'cascade',
  image: 'image',
  port: 'port',
  restart: 'restart',
  'target-port': 'target-port',
  protocol: 'protocol',
  type: 'type',
  name: 'name',
  'from-literal': 'from-literal',
  'dry-run': 'dry-run',
  env: 'env',
  labels: 'labels',
  'to-revision': 'to-revision',
  revision: 'revision',
  'grace-period': 'grace-period',
  'cluster-ip': 'cluster-ip',
  'external-ip': 'external-ip',
  'session-affinity': 'session-affinity',
  'node-port': 'node-port',
  tcp: 'tcp',
  'api-group': 'api-group',
  verbs: 'verbs',
  as: 'as',
  subresource: 'subresource',
  'api-version': 'api-version',
};

/** Flags whose meaning depends on the verb (kubectl gives each command its own flag set). */
const VERB_VALUE_FLAGS: Record<string, Record<string, string>> = {
  patch: { p: 'patch', patch: 'patch', type: 'patch-type' },
  run: { l: 'labels' },
  create: { r: 'replicas' },
  logs: { tail: 'tail', since: 'since', 'since-time': 'since-time', 'limit-bytes': 'limit-bytes', 'max-log-requests': 'max-log-requests', 'pod-running-timeout': 'pod-running-timeout' },
};

/** Boolean flags of one verb; a shorthand here shadows the value flag with that letter (`kubectl logs -f` follows). */
const VERB_BOOL_FLAGS: Record<string, Record<string, string>> = {
  logs: {
    f: 'follow', follow: 'follow', p: 'previous', previous: 'previous', timestamps: 'timestamps', 'all-containers': 'all-containers',
    prefix: 'prefix', 'ignore-errors': 'ignore-errors', 'insecure-skip-tls-verify-backend': 'insecure-skip-tls-verify-backend',
  },
};

const BOOL_FLAGS: Record<string, string> = {
  ...GLOBAL_BOOL_FLAGS,
  A: 'all-namespaces', 'all-namespaces': 'all-namespaces',
  'show-labels': 'show-labels',
  'no-headers': 'no-headers',
  w: 'watch', watch: 'watch', 'watch-only': 'watch-only',
  i: 'stdin', stdin: 'stdin',
  t: 'tty', tty: 'tty',
  it: 'stdin',
  h: 'help', help: 'help',
  'ignore-not-found': 'ignore-not-found',
  list: 'list',
  overwrite: 'overwrite',
  all: 'all',
  rm: 'rm',
  command: 'command',
  wait: 'wait',
  force: 'force',
  local: 'local',
  client: 'client',
  short: 'short',
  raw: 'raw',
  minify: 'minify',
  flatten: 'flatten',
  namespaced: 'namespaced',
  cached: 'cached',
  q: 'quiet', quiet: 'quiet',
  containers: 'containers',
  recursive: 'recursive',
};

/** `create deployment --image a --image b` makes two containers; elsewhere the last value counts. */
const REPEATABLE = new Set(['from-literal', 'env', 'image']);

export class KubectlUsageError extends Error {}

/** The root command (`kubectl -n x` with no verb) knows only the global flags and --help. */
const ROOT = '';

export function parseKubectlArgs(args: string[], verb = 'get'): KubectlArgs {
  const valueFlags: Record<string, string> = verb === ROOT ? { ...GLOBAL_VALUE_FLAGS } : { ...VALUE_FLAGS, ...VERB_VALUE_FLAGS[verb] };
  const boolFlags: Record<string, string> = verb === ROOT ? { ...GLOBAL_BOOL_FLAGS, h: 'help', help: 'help' } : { ...BOOL_FLAGS, ...VERB_BOOL_FLAGS[verb] };
  for (const name of Object.keys(VERB_BOOL_FLAGS[verb] ?? {})) delete valueFlags[name];
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return { positionals, flags, rest: args.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const long = a.startsWith('--');
    let name = a.replace(/^--?/, '');
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (!long && name.length > 1 && valueFlags[name[0]] && !boolFlags[name]) {
      // -nkube-system, -owide
      value = name.slice(1);
      name = name[0];
    }
    if (valueFlags[name]) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) throw new KubectlUsageError(long ? `flag needs an argument: ${a}` : `flag needs an argument: '${name}' in ${a}`);
      }
      // Flags that may repeat (--from-literal, --env) keep every value, one per line.
      const key = valueFlags[name];
      const before = flags.get(key);
      flags.set(key, REPEATABLE.has(key) && before !== undefined ? `${before}\n${value}` : value);
    } else if (boolFlags[name]) {
      flags.set(boolFlags[name], value ?? 'true');
      if (name === 'it') flags.set('tty', 'true');
    } else if (!long && [...name].every((c) => boolFlags[c])) {
      for (const c of name) flags.set(boolFlags[c], 'true');
    } else {
      throw new KubectlUsageError(`unknown ${long ? 'flag' : 'shorthand flag'}: ${long ? `--${name}` : `'${name[0]}' in ${a}`}`);
    }
  }
  return { positionals, flags, rest: [] };
}

/** A flag value as Go's strconv.ParseInt reads it for pflag's Int (64-bit) and Int32 flags: the number, or why not. */
export function parseGoInt(text: string, bits: 32 | 64 = 64): number | 'invalid syntax' | 'value out of range' {
  if (!/^[+-]?\d+$/.test(text)) return 'invalid syntax';
  const n = BigInt(text);
  return BigInt.asIntN(bits, n) === n ? Number(n) : 'value out of range';
}
