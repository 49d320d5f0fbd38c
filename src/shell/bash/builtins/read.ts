// read: one line from standard input (a pipe, a heredoc, `<<<`, `< file`), split on IFS into the names given,
// the last name taking the rest; -r keeps backslashes, -a fills an array, -d changes the delimiter, -n stops
// after N characters, -p's prompt shows only when input is a terminal (never here), -s and -t are accepted.
// Standard input has no terminal behind it: with nothing left to read, read fails, as at end of file.

import { ExpansionError } from '../expand.ts';
import { isName, say, usage, type Builtin } from './types.ts';

const WHITESPACE = ' \t\n';

export const read: Builtin = (args, ctx, shell) => {
  let raw = false;
  let arrayName: string | undefined;
  let delimiter = '\n';
  let maxChars: number | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const f = a[k]!;
      if (f === 'r' || f === 's' || f === 'e') {
        if (f === 'r') raw = true;
        continue;
      }
      if ('padntuNi'.includes(f)) {
        const value = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        if (value === undefined) return usage(ctx, 'read', `-${f}: option requires an argument\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]`);
        if (f === 'a') arrayName = value;
        if (f === 'd') delimiter = value === '' ? '\0' : value[0]!;
        if (f === 'n' || f === 'N') maxChars = Number(value);
        break;
      }
      return usage(ctx, 'read', `-${f}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]`);
    }
  }
  const names = args.slice(i);
  for (const n of [...names, ...(arrayName ? [arrayName] : [])]) {
    if (!isName(n)) {
      say(ctx, 'err', `bash: read: \`${n}': not a valid identifier\n`);
      return 1;
    }
  }

  // Read characters up to the delimiter; without -r a backslash escapes the next character (a newline: continue).
  const stdin = ctx.io.stdin;
  const chars: { c: string; escaped: boolean }[] = [];
  let found = false;
  while (stdin.pos < stdin.text.length) {
    if (maxChars !== undefined && chars.length >= maxChars) {
      found = true;
      break;
    }
    const c = stdin.text[stdin.pos++]!;
    if (c === delimiter) {
      found = true;
      break;
    }
    if (!raw && c === '\\' && stdin.pos < stdin.text.length) {
      const n = stdin.text[stdin.pos++]!;
      if (n === '\n') continue;
      chars.push({ c: n, escaped: true });
      continue;
    }
    chars.push({ c, escaped: false });
  }
  if (!found && chars.length === 0 && stdin.pos >= stdin.text.length) {
    // end of file: the names are emptied and read fails
    try {
      if (arrayName) shell.assignArray(ctx, arrayName, []);
      for (const n of names.length ? names : ['REPLY']) shell.assign(ctx, n, '');
    } catch {
      // readonly: bash reports it; nothing was read anyway
    }
    return 1;
  }

  const ifs = ctx.state.vars.get('IFS') ?? WHITESPACE;
  const isIfs = (x: { c: string; escaped: boolean }) => !x.escaped && ifs.includes(x.c);
  const isIfsWhite = (x: { c: string; escaped: boolean }) => isIfs(x) && WHITESPACE.includes(x.c);
  const text = (list: typeof chars) => list.map((x) => x.c).join('');

  try {
    if (arrayName) {
      shell.assignArray(ctx, arrayName, splitAll(chars, isIfs, isIfsWhite).map(text));
    } else if (names.length === 0) {
      shell.assign(ctx, 'REPLY', text(chars));
    } else {
      let rest = trimStart(chars, isIfsWhite);
      names.forEach((name, k) => {
        if (k === names.length - 1) {
          shell.assign(ctx, name, text(trimEnd(rest, isIfsWhite)));
          return;
        }
        const { field, remainder } = nextField(rest, isIfs, isIfsWhite);
        shell.assign(ctx, name, text(field));
        rest = remainder;
      });
    }
  } catch (e) {
    if (!(e instanceof ExpansionError)) throw e;
    say(ctx, 'err', `${e.message}\n`);
    return 1;
  }
  return found ? 0 : 1;
};

type Char = { c: string; escaped: boolean };

function trimStart(list: Char[], white: (x: Char) => boolean): Char[] {
  let k = 0;
  while (k < list.length && white(list[k]!)) k++;
  return list.slice(k);
}

function trimEnd(list: Char[], white: (x: Char) => boolean): Char[] {
  let k = list.length;
  while (k > 0 && white(list[k - 1]!)) k--;
  return list.slice(0, k);
}

/** The first field and what follows its delimiter (with the whitespace around a delimiter dropped). */
function nextField(list: Char[], ifs: (x: Char) => boolean, white: (x: Char) => boolean): { field: Char[]; remainder: Char[] } {
  let k = 0;
  while (k < list.length && !ifs(list[k]!)) k++;
  const field = list.slice(0, k);
  let r = k;
  while (r < list.length && white(list[r]!)) r++;
  if (r < list.length && ifs(list[r]!) && !white(list[r]!) ) {
    r++;
    while (r < list.length && white(list[r]!)) r++;
  }
  return { field, remainder: list.slice(r) };
}

function splitAll(list: Char[], ifs: (x: Char) => boolean, white: (x: Char) => boolean): Char[][] {
  const out: Char[][] = [];
  let rest = trimStart(list, white);
  while (rest.length) {
    const { field, remainder } = nextField(rest, ifs, white);
    out.push(field);
    rest = remainder;
  }
  return out;
}
