// uniq: adjacent duplicates; -c (GNU's `%7d ` count), -d, -u, -i, -f N (skip fields), -s N (skip chars).

import type { Command } from '../types.ts';
import { joinLines, ok, parseCount, parseOptions, readSources, splitLines, usageError } from './util.ts';

export const uniq: Command = {
  name: 'uniq',
  usage: 'uniq [-c] [-d] [-u] [-i] [-f N] [-s N] [INPUT]',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'cduizD',
      valued: 'fsw',
      long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i', 'skip-fields': 'f', 'skip-chars': 's', 'check-chars': 'w', 'all-repeated': 'D' },
    });
    if (!parsed.ok) return usageError('uniq', parsed.message);
    const o = parsed.opts;
    const skipFields = parseCount(o.values.get('f')?.at(-1) ?? '0');
    if (skipFields === undefined) return usageError('uniq', `${o.values.get('f')!.at(-1)}: invalid number of fields to skip`);
    const skipChars = parseCount(o.values.get('s')?.at(-1) ?? '0');
    if (skipChars === undefined) return usageError('uniq', `${o.values.get('s')!.at(-1)}: invalid number of bytes to skip`);
    const widthText = o.values.get('w')?.at(-1);
    const width = widthText === undefined ? Infinity : parseCount(widthText);
    if (width === undefined) return usageError('uniq', `${widthText}: invalid number of bytes to compare`);
    if (o.operands.length > 2) return usageError('uniq', `extra operand '${o.operands[2]}'`);
    const { sources, errors } = readSources(input, o.operands.slice(0, 1), 'uniq', (name, error) => (error === 'Is a directory' ? `error reading '${name}'` : `${name}: ${error}`));
    if (errors) return { stdout: '', stderr: errors, exitCode: 1 };

    const comparable = (line: string) => {
      let rest = line;
      for (let k = 0; k < skipFields; k++) rest = rest.replace(/^[ \t]*[^ \t]*/, '');
      rest = rest.slice(skipChars, width === Infinity ? undefined : skipChars + width);
      return o.flags.has('i') ? rest.toLowerCase() : rest;
    };

    // Each group keeps its first line's key, and its lines only for -D (half a million lines of `yes` come here).
    const all = o.flags.has('D');
    const groups: { line: string; key: string; count: number; lines: string[] }[] = [];
    let last: (typeof groups)[number] | undefined;
    for (const line of splitLines(sources[0]?.text ?? '')) {
      const key = comparable(line);
      if (last && last.key === key) {
        last.count++;
        if (all) last.lines.push(line);
      } else groups.push((last = { line, key, count: 1, lines: [line] }));
    }
    // -D: every line of each repeated group.
    if (o.flags.has('D')) return ok(joinLines(groups.filter((g) => g.count > 1).flatMap((g) => g.lines)));
    const kept = groups.filter((g) => (!o.flags.has('d') || g.count > 1) && (!o.flags.has('u') || g.count === 1));
    const lines = kept.map((g) => (o.flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}` : g.line));
    return ok(joinLines(lines));
  },
};
