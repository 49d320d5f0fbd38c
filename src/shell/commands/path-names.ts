// basename NAME [SUFFIX] (-a, -s SUFFIX, -z) and dirname NAME..., as GNU coreutils prints them.

import type { Command } from '../types.ts';
import { ok, parseOptions, usageError } from './util.ts';

export function baseNameOf(path: string, suffix = ''): string {
  if (path === '') return '';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  return base;
}

export function dirNameOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '.';
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return '.';
  const dir = trimmed.slice(0, slash).replace(/\/+$/, '');
  return dir === '' ? (trimmed.startsWith('//') && !trimmed.slice(2).includes('/') ? '//' : '/') : dir;
}

export const basename: Command = {
  name: 'basename',
  usage: 'basename NAME [SUFFIX] | basename -a [-s SUFFIX] NAME...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'az', valued: 's', long: { multiple: 'a', suffix: 's', zero: 'z' } });
    if (!parsed.ok) return usageError('basename', parsed.message);
    const o = parsed.opts;
    const names = o.operands;
    if (names.length === 0) return usageError('basename', 'missing operand');
    const suffixOption = o.values.get('s')?.at(-1);
    const multiple = o.flags.has('a') || suffixOption !== undefined;
    const end = o.flags.has('z') ? '\0' : '\n';
    if (!multiple) {
      if (names.length > 2) return usageError('basename', `extra operand ‘${names[2]}’`);
      return ok(baseNameOf(names[0]!, names[1]) + end);
    }
    return ok(names.map((n) => baseNameOf(n, suffixOption) + end).join(''));
  },
};

export const dirname: Command = {
  name: 'dirname',
  usage: 'dirname NAME...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'z', long: { zero: 'z' } });
    if (!parsed.ok) return usageError('dirname', parsed.message);
    const o = parsed.opts;
    if (o.operands.length === 0) return usageError('dirname', 'missing operand');
    const end = o.flags.has('z') ? '\0' : '\n';
    return ok(o.operands.map((n) => dirNameOf(n) + end).join(''));
  },
};
