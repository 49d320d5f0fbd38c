// kubectl's command line: flags may come anywhere, as --flag value, --flag=value or -f value.

export interface KubectlArgs {
  positionals: string[];
  flags: Map<string, string>;
  /** Words after `--` (for `kubectl exec POD -- CMD`). */
  rest: string[];
}

/** Flags that take a value, by every name they go by. */
const VALUE_FLAGS: Record<string, string> = {
  n: 'namespace', namespace: 'namespace',
  o: 'output', output: 'output',
  l: 'selector', selector: 'selector',
  f: 'filename', filename: 'filename',
  c: 'container', container: 'container',
  replicas: 'replicas',
  'field-selector': 'field-selector',
  timeout: 'timeout',
  'sort-by': 'sort-by',
};

const BOOL_FLAGS: Record<string, string> = {
  A: 'all-namespaces', 'all-namespaces': 'all-namespaces',
  'show-labels': 'show-labels',
  'no-headers': 'no-headers',
  w: 'watch', watch: 'watch',
  i: 'stdin', stdin: 'stdin',
  t: 'tty', tty: 'tty',
  it: 'stdin',
  h: 'help', help: 'help',
  'ignore-not-found': 'ignore-not-found',
  list: 'list',
};

export class KubectlUsageError extends Error {}

export function parseKubectlArgs(args: string[]): KubectlArgs {
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
    } else if (!long && name.length > 1 && VALUE_FLAGS[name[0]] && !BOOL_FLAGS[name]) {
      // -nkube-system, -owide
      value = name.slice(1);
      name = name[0];
    }
    if (VALUE_FLAGS[name]) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) throw new KubectlUsageError(`flag needs an argument: '${name}' in ${a}`);
      }
      flags.set(VALUE_FLAGS[name], value);
    } else if (BOOL_FLAGS[name]) {
      flags.set(BOOL_FLAGS[name], value ?? 'true');
      if (name === 'it') flags.set('tty', 'true');
    } else if (!long && [...name].every((c) => BOOL_FLAGS[c])) {
      for (const c of name) flags.set(BOOL_FLAGS[c], 'true');
    } else {
      throw new KubectlUsageError(`unknown ${long ? 'flag' : 'shorthand flag'}: ${long ? `--${name}` : `'${name[0]}' in ${a}`}`);
    }
  }
  return { positionals, flags, rest: [] };
}
