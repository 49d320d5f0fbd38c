// sort: -n -h -r -f -b -u -s, -k POS1[,POS2] with per-key options, -t SEP. Byte order, as in the C locale.

import type { Command } from '../types.ts';
import { fail, joinLines, ok, parseOptions, readSources, splitLines, usageError } from './util.ts';

interface KeyOptions {
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

const NO_OPTIONS: KeyOptions = { numeric: false, human: false, reverse: false, fold: false, blanks: false };

function applyLetters(base: KeyOptions, letters: string): KeyOptions {
  return {
    numeric: base.numeric || letters.includes('n'),
    human: base.human || letters.includes('h'),
    reverse: base.reverse || letters.includes('r'),
    fold: base.fold || letters.includes('f'),
    blanks: base.blanks || letters.includes('b'),
  };
}

function parseKey(spec: string): KeySpec | { message: string } {
  const m = /^(\d+)(?:\.(\d+))?([bfhnr]*)(?:,(\d+)(?:\.(\d+))?([bfhnr]*))?$/.exec(spec);
  if (!m) {
    const bad = /^\d/.test(spec) ? `invalid field specification '${spec}'` : `invalid number at field start: invalid count at start of '${spec}'`;
    return { message: bad };
  }
  const startField = Number(m[1]);
  if (startField === 0) return { message: `field number is zero: invalid field specification '${spec}'` };
  if (m[2] !== undefined && Number(m[2]) === 0) return { message: `character offset is zero: invalid field specification '${spec}'` };
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: string, b: string, o: KeyOptions): number {
  let r: number;
  if (o.numeric) r = numericValue(a) - numericValue(b);
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
      flags: 'nhrfbusV',
      valued: 'ktT',
      long: {
        'numeric-sort': 'n',
        'human-numeric-sort': 'h',
        reverse: 'r',
        'ignore-case': 'f',
        'ignore-leading-blanks': 'b',
        unique: 'u',
        stable: 's',
        key: 'k',
        'field-separator': 't',
      },
    });
    if (!parsed.ok) return usageError('sort', parsed.message, 2);
    const o = parsed.opts;
    const global = applyLetters(NO_OPTIONS, [...'nhrfb'].filter((f) => o.flags.has(f)).join(''));

    const tabs = o.values.get('t') ?? [];
    const separator = tabs.at(-1);
    if (separator !== undefined) {
      if (separator === '') return fail('sort', 'empty tab', 2);
      if (separator.length > 1 && separator !== '\\0') return fail('sort', `multi-character tab '${separator}'`, 2);
    }
    const sep = separator === '\\0' ? '\0' : separator;

    const keys: KeySpec[] = [];
    for (const spec of o.values.get('k') ?? []) {
      const key = parseKey(spec);
      if ('message' in key) return fail('sort', key.message, 2);
      keys.push(key);
    }

    const { sources, errors } = readSources(input, o.operands, 'sort', (name) => `cannot read: ${name}: No such file or directory`);
    if (errors) return { stdout: '', stderr: errors, exitCode: 2 };
    const lines = sources.flatMap((s) => splitLines(s.text));

    const compareByKeys = (a: string, b: string): number => {
      if (keys.length === 0) return compareKeys(a, b, global);
      for (const key of keys) {
        const options = key.hasOwnOptions ? key.options : { ...global };
        const r = compareKeys(extractKey(a, key, options, sep), extractKey(b, key, options, sep), options);
        if (r !== 0) return r;
      }
      return 0;
    };
    // GNU's last resort: equal keys are ordered by the whole line, bytewise (reversed too by -r), unless -s or -u.
    const lastResort = !o.flags.has('s') && !o.flags.has('u');
    const sorted = [...lines].sort((a, b) => {
      const r = compareByKeys(a, b);
      if (r !== 0 || !lastResort) return r;
      const whole = compareText(a, b);
      return global.reverse ? -whole : whole;
    });

    const result = o.flags.has('u') ? sorted.filter((line, i) => i === 0 || compareByKeys(sorted[i - 1]!, line) !== 0) : sorted;
    return ok(joinLines(result));
  },
};
