// paste [-s] [-d LIST] [FILE]...: lines of the files side by side, joined by the delimiters of LIST in turn
// (default TAB; \n \t \\ \0 escapes). Each `-` reads the next line of standard input, so `paste - -` pairs lines.

import type { Command } from '../types.ts';
import { readPath, ok, parseOptions, splitLines, usageError } from './util.ts';

function delimiters(list: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    if (list[i] !== '\\' || i + 1 >= list.length) {
      out.push(list[i]!);
      continue;
    }
    const n = list[++i]!;
    out.push(n === 'n' ? '\n' : n === 't' ? '\t' : n === '0' ? '' : n === 'b' ? '\b' : n === 'f' ? '\f' : n === 'r' ? '\r' : n === 'v' ? '\v' : n);
  }
  return out;
}

export const paste: Command = {
  name: 'paste',
  usage: 'paste [-s] [-d LIST] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'sz', valued: 'd', long: { serial: 's', delimiters: 'd', 'zero-terminated': 'z' } });
    if (!parsed.ok) return usageError('paste', parsed.message);
    const o = parsed.opts;
    const list = o.values.get('d')?.at(-1);
    const delims = list === undefined ? ['\t'] : delimiters(list);
    if (delims.length === 0) delims.push('');
    const names = o.operands.length ? o.operands : ['-'];
    const stdinLines = splitLines(input.stdin);
    let stdinPos = 0;
    const files: (string[] | 'stdin')[] = [];
    for (const name of names) {
      if (name === '-') {
        files.push('stdin');
        continue;
      }
      const r = readPath(input.session, name);
      if (!r.ok) return { stdout: '', stderr: `paste: ${name}: ${r.error}\n`, exitCode: 1 };
      files.push(splitLines(r.text));
    }
    let out = '';
    if (o.flags.has('s')) {
      for (const f of files) {
        const lines = f === 'stdin' ? stdinLines.slice(stdinPos) : f;
        if (f === 'stdin') stdinPos = stdinLines.length;
        out += `${lines.map((l, k) => (k === 0 ? l : delims[(k - 1) % delims.length] + l)).join('')}\n`;
      }
      return ok(out);
    }
    const positions = files.map(() => 0);
    for (;;) {
      let any = false;
      const cells = files.map((f, k) => {
        if (f === 'stdin') {
          if (stdinPos < stdinLines.length) {
            any = true;
            return stdinLines[stdinPos++]!;
          }
          return '';
        }
        if (positions[k]! < f.length) {
          any = true;
          return f[positions[k]!++]!;
        }
        return '';
      });
      if (!any) break;
      out += `${cells.map((c, k) => (k === 0 ? c : delims[(k - 1) % delims.length] + c)).join('')}\n`;
    }
    return ok(out);
  },
};
