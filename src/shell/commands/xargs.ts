// xargs: builds command lines from stdin words (or lines with -I) and runs them in the same shell.

import { quote } from 'shell-quote';
import type { Command } from '../types.ts';
import { fail, parseCount, parseOptions, splitLines, usageError } from './util.ts';

/** Words the way xargs reads them: blanks and newlines separate, quotes and backslashes group. */
function readItems(text: string): string[] | { error: string } {
  const items: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (current !== null) items.push(current);
      current = null;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const newline = text.indexOf('\n', i + 1);
      if (end < 0 || (newline >= 0 && newline < end)) {
        return { error: `unmatched ${c === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option` };
      }
      current = (current ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      current = (current ?? '') + text[++i];
    } else current = (current ?? '') + c;
  }
  if (current !== null) items.push(current);
  return items;
}

export const xargs: Command = {
  name: 'xargs',
  usage: 'xargs [-n N] [-I REPLACE] [-r] [COMMAND [ARG]...]',
  run({ args, stdin, exec }) {
    const parsed = parseOptions(args, {
      flags: 'rt0x',
      valued: 'nILdP',
      long: { 'max-args': 'n', replace: 'I', 'no-run-if-empty': 'r', verbose: 't', null: '0', delimiter: 'd', 'max-procs': 'P' },
      stopAtFirstOperand: true,
    });
    if (!parsed.ok) return usageError('xargs', parsed.message);
    const o = parsed.opts;
    const command = o.operands.length > 0 ? o.operands : ['echo'];
    const replace = o.values.get('I')?.at(-1);
    const maxText = o.values.get('n')?.at(-1) ?? o.values.get('L')?.at(-1);
    const maxArgs = maxText === undefined ? Infinity : parseCount(maxText);
    if (maxArgs === undefined || maxArgs === 0) return fail('xargs', `value ${maxText} for -n option should be >= 1`);

    // -0 and -d: items end at the delimiter only, taken as they are (no quotes, no blanks).
    const delimiterText = o.flags.has('0') ? '\0' : o.values.get('d')?.at(-1);
    let delimited: string[] | undefined;
    if (delimiterText !== undefined) {
      const d = delimiterText === '\\n' ? '\n' : delimiterText === '\\t' ? '\t' : delimiterText === '\\0' ? '\0' : delimiterText;
      if ([...d].length !== 1) return fail('xargs', `invalid input delimiter specification ${delimiterText}: the delimiter must be either a single character or an escape sequence starting with \\.`);
      delimited = stdin === '' ? [] : stdin.split(d);
      if (delimited.at(-1) === '') delimited.pop();
    }

    let invocations: string[][];
    if (replace !== undefined) {
      invocations = (delimited ?? splitLines(stdin)
        .map((l) => l.replace(/^[ \t]+/, ''))
        .filter((l) => l !== ''))
        .map((line) => command.map((w) => w.replaceAll(replace, line)));
    } else {
      const items = delimited ?? readItems(stdin);
      if ('error' in items) return fail('xargs', items.error);
      invocations = [];
      for (let k = 0; k < items.length; k += maxArgs === Infinity ? Math.max(items.length, 1) : maxArgs) {
        invocations.push([...command, ...items.slice(k, maxArgs === Infinity ? undefined : k + maxArgs)]);
      }
      if (invocations.length === 0 && !o.flags.has('r')) invocations.push(command);
    }

    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const argv of invocations) {
      const line = quote(argv);
      if (o.flags.has('t')) stderr += `${argv.join(' ')}\n`;
      const r = exec(line);
      stdout += r.stdout;
      // xargs runs programs itself (execvp), so a missing one is its own message, not bash's.
      const missing = r.exitCode === 127 && r.stderr === `bash: ${argv[0]}: command not found\n`;
      stderr += missing ? `xargs: ${argv[0]}: No such file or directory\n` : r.stderr;
      if (r.exitCode === 127) return { stdout, stderr, exitCode: 127 };
      if (r.exitCode !== 0) exitCode = 123;
    }
    return { stdout, stderr, exitCode };
  },
};
