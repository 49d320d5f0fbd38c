// sort: -n -h -r -f -b -u -s, -k POS1[,POS2] with per-key options, -t SEP. Byte order, as in the C locale.

import type { Command } from '../types.ts';
import { fail, joinLines, ok, parseOptions, readSources, splitLines, usageError } from './util.ts';

interface KeyOptions {
  general: boolean;
  version: boolean;
  numeric: boolean;
  human: boolean;
  reverse: boolean;
  fold: boolean;
  blanks: boolean;
}

interface KeySpec {
  startField: number;
  startChar: number;
  /** 0: to the end of the line. */
  endField: number;
  /** 0: to the end of the end field. */
  endChar: number;
  options: KeyOptions;
  /** A key without its own ordering letters takes the global ones. */
  hasOwnOptions: boolean;
}

const NO_OPTIONS: KeyOptions = { general: false, version: false, numeric: false, human: false, reverse: false, fold: false, blanks: false };

function applyLetters(base: KeyOptions, letters: string): KeyOptions {
  return {
    general: base.general || letters.includes('g'),
    version: base.version || letters.includes('V'),
    numeric: base.numeric || letters.includes('n'),
    human: base.human || letters.includes('h'),
    reverse: base.reverse || letters.includes('r'),
    fold: base.fold || letters.includes('f'),
    blanks: base.blanks || letters.includes('b'),
  };
}

function parseKey(spec: string): KeySpec | { message: string } {
  const m = /^(\d+)(?:\.(\d+))?([bfghnrV]*)(?:,(\d+)(?:\.(\d+))?([bfghnrV]*))?$/.exec(spec);
  if (!m) {
    const bad = /^\d/.test(spec) ? (/^\d+(\.\d+)?[^.,\d]/.test(spec) ? `stray character in field spec: invalid field specification ‘${spec}’` : `invalid field specification ‘${spec}’`) : `invalid number at field start: invalid count at start of ‘${spec}’`;
    return { message: bad };
  }
  const startField = Number(m[1]);
  if (startField === 0) return { message: `field number is zero: invalid field specification ‘${spec}’` };
  if (m[2] !== undefined && Number(m[2]) === 0) return { message: `character offset is zero: invalid field specification ‘${spec}’` };
  const letters = (m[3] ?? '') + (m[6] ?? '');
  return {
    startField,
    startChar: m[2] === undefined ? 1 : Number(m[2]),
    endField: m[4] === undefined ? 0 : Number(m[4]),
    endChar: m[5] === undefined ? 0 : Number(m[5]),
    options: applyLetters(NO_OPTIONS, letters),
    hasOwnOptions: letters !== '',
  };
}

/** [start, end) of each field. Without -t a field is its leading blanks plus the non-blanks after them. */
function fieldBounds(line: string, separator: string | undefined): [number, number][] {
  const bounds: [number, number][] = [];
  if (separator !== undefined) {
    let start = 0;
    for (;;) {
      const at = line.indexOf(separator, start);
      if (at < 0) {
        bounds.push([start, line.length]);
        return bounds;
      }
      bounds.push([start, at]);
      start = at + 1;
    }
  }
  let pos = 0;
  while (pos < line.length) {
    const start = pos;
    while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++;
    while (pos < line.length && line[pos] !== ' ' && line[pos] !== '\t') pos++;
    bounds.push([start, pos]);
  }
  return bounds;
}

function skipBlanks(line: string, pos: number, limit: number): number {
  while (pos < limit && (line[pos] === ' ' || line[pos] === '\t')) pos++;
  return pos;
}

function extractKey(line: string, key: KeySpec, options: KeyOptions, separator: string | undefined): string {
  const bounds = fieldBounds(line, separator);
  const startBound = bounds[key.startField - 1];
  if (!startBound) return '';
  let start = startBound[0];
  if (options.blanks) start = skipBlanks(line, start, startBound[1]);
  start = Math.min(start + key.startChar - 1, line.length);
  let end = line.length;
  if (key.endField > 0) {
    const endBound = bounds[key.endField - 1];
    if (endBound) {
      if (key.endChar === 0) end = endBound[1];
      else {
        const from = options.blanks ? skipBlanks(line, endBound[0], endBound[1]) : endBound[0];
        end = Math.min(from + key.endChar, line.length);
      }
    }
  }
  return end > start ? line.slice(start, end) : '';
}

function numericValue(text: string): number {
  const m = /^[ \t]*(-?(\d+\.?\d*|\.\d+))/.exec(text);
  return m ? Number(m[1]) : 0;
}

const HUMAN_SUFFIX = 'KMGTPEZY';
function humanValue(text: string): number {
  const m = /^[ \t]*(-?(?:\d+\.?\d*|\.\d+))([KMGTPEZYk]?)/.exec(text);
  if (!m) return 0;
  const power = m[2] ? HUMAN_SUFFIX.indexOf(m[2].toUpperCase()) + 1 : 0;
  return Number(m[1]) * 1024 ** power;
}

/** strtod's prefix, as -g reads numbers; NaN for none (those sort first). */
function generalValue(text: string): number {
  const m = /^[ \t]*([-+]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))/i.exec(text);
  if (!m) return NaN;
  return Number(m[1]!.replace(/^([-+]?)inf(inity)?$/i, '$1Infinity'));
}

function compareGeneral(a: string, b: string): number {
  const x = generalValue(a);
  const y = generalValue(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** dpkg's version order, which GNU's filevercmp uses: runs of non-digits (~ first, letters before others), then numbers. */
function compareVersion(a: string, b: string): number {
  const order = (c: string | undefined) => (c === undefined ? 0 : c === '~' ? -1 : /[A-Za-z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/\d/.test(b[j]!) ? b[j] : undefined;
      const d = order(ac) - order(bc);
      if (d !== 0) return Math.sign(d);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (firstDiff) return Math.sign(firstDiff);
  }
  return 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: string, b: string, o: KeyOptions): number {
  let r: number;
  if (o.general) r = compareGeneral(a, b);
  else if (o.version) r = compareVersion(a, b);
  else if (o.numeric) r = numericValue(a) - numericValue(b);
  else if (o.human) r = humanValue(a) - humanValue(b);
  else if (o.fold) r = compareText(a.toUpperCase(), b.toUpperCase());
  else r = compareText(a, b);
  r = Math.sign(r);
  return o.reverse ? -r : r;
}

export const sort: Command = {
  name: 'sort',
  usage: 'sort [-nhrfbus] [-k POS1[,POS2]] [-t SEP] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'nhrfbusVgcCzM',
      valued: 'ktTo',
      long: {
        'numeric-sort': 'n',
        'human-numeric-sort': 'h',
        reverse: 'r',
        'ignore-case': 'f',
        'ignore-leading-blanks': 'b',
        unique: 'u',
        stable: 's',
        'general-numeric-sort': 'g',
        'version-sort': 'V',
        key: 'k',
        'field-separator': 't',
        output: 'o',
        'zero-terminated': 'z',
      },
    });
    if (!parsed.ok) return usageError('sort', parsed.message, 2);
    const o = parsed.opts;
    const global = applyLetters(NO_OPTIONS, [...'nhrfbgV'].filter((f) => o.flags.has(f)).join(''));

    const tabs = o.values.get('t') ?? [];
    const separator = tabs.at(-1);
    if (separator !== undefined) {
      if (separator === '') return fail('sort', 'empty tab', 2);
      if (separator.length > 1 && separator !== '\\0') return fail('sort', `multi-character tab ‘${separator}’`, 2);
    }
    const sep = separator === '\\0' ? '\0' : separator;

    const keys: KeySpec[] = [];
    for (const spec of o.values.get('k') ?? []) {
      const key = parseKey(spec);
      if ('message' in key) return fail('sort', key.message, 2);
      keys.push(key);
    }

    const { sources, errors } = readSources(input, o.operands, 'sort', (name, error) => error === 'Is a directory' ? `read failed: ${name}: Is a directory` : `cannot read: ${name}: ${error}`);
    if (errors) return { stdout: '', stderr: errors, exitCode: 2 };
    // -z: records end with NUL instead of newline.
    const zero = o.flags.has('z');
    const lines = sources.flatMap((s) => (zero ? s.text.split('\0').filter((r, k, all) => k < all.length - 1 || r !== '') : splitLines(s.text)));

    const compareByKeys = (a: string, b: string): number => {
      if (keys.length === 0) return compareKeys(a, b, global);
      for (const key of keys) {
        const options = key.hasOwnOptions ? key.options : { ...global };
        const r = compareKeys(extractKey(a, key, options, sep), extractKey(b, key, options, sep), options);
        if (r !== 0) return r;
      }
      return 0;
    };
    // -c / -C: report the first line out of order (-u: or equal to the one before).
    if (o.flags.has('c') || o.flags.has('C')) {
      for (let k = 1; k < lines.length; k++) {
        const r = compareByKeys(lines[k - 1]!, lines[k]!);
        const lastResortR = r !== 0 || o.flags.has('s') || o.flags.has('u') ? r : compareText(lines[k - 1]!, lines[k]!) * (global.reverse ? -1 : 1);
        if (lastResortR > 0 || (o.flags.has('u') && r === 0)) {
          const name = o.operands[0] ?? '-';
          return { stdout: '', stderr: o.flags.has('C') ? '' : `sort: ${name}:${k + 1}: disorder: ${lines[k]}\n`, exitCode: 1 };
        }
      }
      return ok('');
    }
    // GNU's last resort: equal keys are ordered by the whole line, bytewise (reversed too by -r), unless -s or -u.
    const lastResort = !o.flags.has('s') && !o.flags.has('u');
    const sorted = [...lines].sort((a, b) => {
      const r = compareByKeys(a, b);
      if (r !== 0 || !lastResort) return r;
      const whole = compareText(a, b);
      return global.reverse ? -whole : whole;
    });

    const result = o.flags.has('u') ? sorted.filter((line, i) => i === 0 || compareByKeys(sorted[i - 1]!, line) !== 0) : sorted;
    const text = zero ? result.map((l) => `${l}\0`).join('') : joinLines(result);
    const outputFile = o.values.get('o')?.at(-1);
    if (outputFile !== undefined) {
      const problem = input.session.writeFile ? input.session.writeFile(outputFile, text, false) : 'Read-only file system';
      return problem ? fail('sort', `open failed: ${outputFile}: ${problem}`, 2) : ok('');
    }
    return ok(text);
  },
};
