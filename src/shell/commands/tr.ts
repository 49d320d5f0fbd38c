// tr [-cdst] SET1 [SET2], as GNU coreutils does it on characters: escapes (\n \t \\ \NNN), ranges (a-z),
// classes ([:upper:] …), [c*N] and [c*] repeats in SET2, -c complement, -d delete, -s squeeze, -t truncate.
// SET2 shorter than SET1 is padded with its last character. Messages are GNU's.

import type { Command } from '../types.ts';
import { ok, parseOptions, usageError } from './util.ts';

const CLASSES: Record<string, () => string[]> = {
  alpha: () => [...range('A', 'Z'), ...range('a', 'z')],
  alnum: () => [...range('0', '9'), ...range('A', 'Z'), ...range('a', 'z')],
  digit: () => range('0', '9'),
  lower: () => range('a', 'z'),
  upper: () => range('A', 'Z'),
  space: () => [...'\t\n\v\f\r '],
  blank: () => [...'\t '],
  punct: () => [...range('!', '/'), ...range(':', '@'), ...range('[', '`'), ...range('{', '~')],
  xdigit: () => [...range('0', '9'), ...range('A', 'F'), ...range('a', 'f')],
  cntrl: () => [...range('\x00', '\x1f'), '\x7f'],
  print: () => range(' ', '~'),
  graph: () => range('!', '~'),
};

function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let c = a.codePointAt(0)!; c <= b.codePointAt(0)!; c++) out.push(String.fromCodePoint(c));
  return out;
}

type Item = { kind: 'chars'; chars: string[]; cls?: string } | { kind: 'repeat'; char: string; count: number | undefined };

const ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** One possibly escaped character at s[i]: the character and the index after it. */
function charAt(s: string[], i: number): [string, number] {
  if (s[i] !== '\\' || i + 1 >= s.length) return [s[i]!, i + 1];
  const n = s[i + 1]!;
  if (/[0-7]/.test(n)) {
    let digits = '';
    let j = i + 1;
    while (j < s.length && digits.length < 3 && /[0-7]/.test(s[j]!) && parseInt(digits + s[j], 8) < 256) digits += s[j++];
    return [String.fromCharCode(parseInt(digits, 8)), j];
  }
  return [ESC[n] ?? n, i + 2];
}

function parseSet(text: string, isSet2: boolean): Item[] | string {
  const s = [...text];
  const items: Item[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '[' && s[i + 1] === ':') {
      const end = text.indexOf(':]', [...text].slice(0, i + 2).join('').length);
      if (end > 0) {
        const name = [...text.slice(0, end)].slice(i + 2).join('');
        if (!CLASSES[name]) return `invalid character class ‘${name}’`;
        items.push({ kind: 'chars', chars: CLASSES[name]!(), cls: name });
        i += 2 + [...name].length + 2;
        continue;
      }
    }
    if (s[i] === '[' && s[i + 1] === '=' ) {
      const close = s.indexOf('=', i + 2);
      if (close === i + 3 && s[close + 1] === ']') {
        items.push({ kind: 'chars', chars: [s[i + 2]!] });
        i = close + 2;
        continue;
      }
    }
    if (s[i] === '[' && i + 1 < s.length) {
      const [c, after] = charAt(s, i + 1);
      if (s[after] === '*') {
        const close = s.indexOf(']', after + 1);
        const digits = close > 0 ? s.slice(after + 1, close).join('') : undefined;
        if (close > 0 && /^\d*$/.test(digits!)) {
          if (!isSet2) return `the [c*] repeat construct may not appear in string1`;
          const count = digits === '' ? undefined : digits!.startsWith('0') ? parseInt(digits!, 8) : Number(digits);
          items.push({ kind: 'repeat', char: c, count: count === 0 ? undefined : count });
          i = close + 1;
          continue;
        }
      }
    }
    const [c, after] = charAt(s, i);
    if (s[after] === '-' && after + 1 < s.length) {
      const [d, end] = charAt(s, after + 1);
      if (d < c) return `range-endpoints of '${c}-${d}' are in reverse collating sequence order`;
      items.push({ kind: 'chars', chars: range(c, d) });
      i = end;
      continue;
    }
    items.push({ kind: 'chars', chars: [c] });
    i = after;
  }
  return items;
}

/** SET2 expanded to `length` characters: [c*] fills, the last character pads. */
function expandSet2(items: Item[], length: number): string[] {
  const fixed = items.reduce((n, it) => n + (it.kind === 'chars' ? it.chars.length : it.count ?? 0), 0);
  const out: string[] = [];
  let filled = false;
  for (const it of items) {
    if (it.kind === 'chars') out.push(...it.chars);
    else if (it.count !== undefined) out.push(...Array<string>(it.count).fill(it.char));
    else if (!filled) {
      out.push(...Array<string>(Math.max(0, length - fixed)).fill(it.char));
      filled = true;
    }
  }
  while (out.length < length && out.length > 0) out.push(out.at(-1)!);
  return out;
}

const flat = (items: Item[]) => items.flatMap((it) => (it.kind === 'chars' ? it.chars : [it.char]));

export const tr: Command = {
  name: 'tr',
  usage: 'tr [-cdst] SET1 [SET2]',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'cCdst', long: { complement: 'c', delete: 'd', 'squeeze-repeats': 's', 'truncate-set1': 't' } });
    if (!parsed.ok) return usageError('tr', parsed.message);
    const o = parsed.opts;
    const complement = o.flags.has('c') || o.flags.has('C');
    const del = o.flags.has('d');
    const squeeze = o.flags.has('s');
    const sets = o.operands;
    if (sets.length === 0) return usageError('tr', 'missing operand');
    const twoNeeded = !del && !squeeze ? true : del && squeeze;
    const maxSets = del && !squeeze ? 1 : 2;
    if (sets.length < 2 && twoNeeded) {
      return usageError('tr', `missing operand after ‘${sets[0]}’\n${del ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.'}`);
    }
    if (sets.length > maxSets) {
      const extra = `extra operand ‘${sets[maxSets]}’`;
      return usageError('tr', maxSets === 1 ? `${extra}\nOnly one string may be given when deleting without squeezing repeats.` : extra);
    }
    const p1 = parseSet(sets[0]!, false);
    if (typeof p1 === 'string') return { stdout: '', stderr: `tr: ${p1}\n`, exitCode: 1 };
    const p2 = sets[1] !== undefined ? parseSet(sets[1], true) : undefined;
    if (typeof p2 === 'string') return { stdout: '', stderr: `tr: ${p2}\n`, exitCode: 1 };

    let set1 = flat(p1);
    const inSet1 = new Set(set1);
    const member1 = complement ? (c: string) => !inSet1.has(c) : (c: string) => inSet1.has(c);
    if (complement) set1 = range('\x00', '\xff').filter((c) => !inSet1.has(c));

    const text = input.stdin;
    let out = '';
    if (del) {
      const squeezeSet = p2 ? new Set(flat(p2)) : undefined;
      let last = '';
      for (const c of text) {
        if (member1(c)) continue;
        if (squeezeSet && c === last && squeezeSet.has(c)) continue;
        out += c;
        last = c;
      }
      return ok(out);
    }
    if (!p2) {
      let last = '';
      for (const c of text) {
        if (c === last && member1(c)) continue;
        out += c;
        last = c;
      }
      return ok(out);
    }
    let set2 = expandSet2(p2, o.flags.has('t') ? 0 : set1.length);
    if (set2.length === 0 && set1.length > 0 && !o.flags.has('t')) return { stdout: '', stderr: 'tr: when not truncating set1, string2 must be non-empty\n', exitCode: 1 };
    const map = new Map<string, string>();
    const n = o.flags.has('t') ? Math.min(set1.length, set2.length) : set1.length;
    // [:lower:] → [:upper:] and the reverse map case for case.
    const upperLower = p1.length === 1 && p2.length === 1 && p1[0]!.kind === 'chars' && p2[0]!.kind === 'chars' && p1[0]!.cls && p2[0]!.cls;
    if (upperLower) set2 = flat(p2);
    for (let k = 0; k < n; k++) map.set(set1[k]!, set2[k] ?? set2.at(-1)!);
    const squeezeSet = new Set(set2);
    let last = '';
    for (const ch of text) {
      const c = map.get(ch) ?? ch;
      if (squeeze && c === last && squeezeSet.has(c)) continue;
      out += c;
      last = c;
    }
    return ok(out);
  },
};
