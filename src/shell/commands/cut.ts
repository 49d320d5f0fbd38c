// cut: -f LIST with -d (default TAB), -s, --output-delimiter; -c / -b LIST (characters; bytes are read as characters).
// LIST: N, N-M, N-, -M, comma-separated. Selected parts come out in input order, each once, as GNU does.

import type { Command, CommandOutput } from '../types.ts';
import { joinLines, ok, parseOptions, readSources, splitLines, usageError } from './util.ts';

type Range = [number, number]; // 1-based, inclusive; end Infinity for "N-"

function parseList(list: string, fields: boolean): Range[] | CommandOutput {
  const kind = fields ? 'field value' : 'byte/character position';
  const numberedFrom = fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
  const ranges: Range[] = [];
  for (const part of list.split(/[, ]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) {
      if (part === '-') return usageError('cut', `invalid range with no endpoint: -`);
      return usageError('cut', `invalid ${kind} '${part}'`);
    }
    const start = m[1] === '' ? 1 : Number(m[1]);
    const end = m[2] === '' ? start : m[3] === '' ? Infinity : Number(m[3]);
    if ((m[1] !== '' && start === 0) || (m[3] !== '' && end === 0)) return usageError('cut', numberedFrom);
    if (end < start) return usageError('cut', 'invalid decreasing range');
    ranges.push([start, end]);
  }
  return ranges;
}

const inRanges = (ranges: Range[], n: number) => ranges.some(([a, b]) => n >= a && n <= b);

export const cut: Command = {
  name: 'cut',
  usage: 'cut -f LIST [-d DELIM] [-s] | -c LIST [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'sn\x01z',
      valued: 'dfcbO',
      long: {
        delimiter: 'd',
        fields: 'f',
        characters: 'c',
        bytes: 'b',
        'only-delimited': 's',
        'output-delimiter': 'O',
        complement: '\x01',
      },
    });
    if (!parsed.ok) return usageError('cut', parsed.message);
    const o = parsed.opts;
    const lists = (['f', 'c', 'b'] as const).filter((l) => o.values.has(l));
    if (lists.length === 0) return usageError('cut', 'you must specify a list of bytes, characters, or fields');
    if (lists.length > 1) return usageError('cut', 'only one type of list may be specified');
    const mode = lists[0]!;
    const ranges = parseList(o.values.get(mode)!.at(-1)!, mode === 'f');
    if (!Array.isArray(ranges)) return ranges;

    const delimiter = o.values.get('d')?.at(-1);
    if (delimiter !== undefined && mode !== 'f') {
      return usageError('cut', 'an input delimiter may be specified only when operating on fields');
    }
    if (o.flags.has('s') && mode !== 'f') {
      return usageError('cut', 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
    }
    if (delimiter !== undefined && [...delimiter].length !== 1) return usageError('cut', 'the delimiter must be a single character');
    const delim = delimiter ?? '\t';
    const outputDelimiter = o.values.get('O')?.at(-1);
    const complement = o.flags.has('\x01');
    const selected = (r: Range[], n: number) => inRanges(r, n) !== complement;

    const { sources, errors } = readSources(input, o.operands, 'cut');
    const out: string[] = [];
    for (const line of sources.flatMap((s) => splitLines(s.text))) {
      if (mode === 'f') {
        if (!line.includes(delim)) {
          if (!o.flags.has('s')) out.push(line);
          continue;
        }
        const parts = line.split(delim).filter((_, k) => selected(ranges, k + 1));
        out.push(parts.join(outputDelimiter ?? delim));
      } else {
        // -b and -c count bytes, as GNU cut does (it has no multibyte support): a character cut in two comes
        // out as the replacement character, as a terminal shows the stray bytes. --output-delimiter goes
        // between non-adjacent runs.
        const bytes = new TextEncoder().encode(line);
        const kept: number[] = [];
        let previous = -2;
        const delimiterBytes = outputDelimiter === undefined ? [] : [...new TextEncoder().encode(outputDelimiter)];
        bytes.forEach((b, k) => {
          if (!selected(ranges, k + 1)) return;
          if (outputDelimiter !== undefined && previous >= 0 && k > previous + 1) kept.push(...delimiterBytes);
          kept.push(b);
          previous = k;
        });
        const text = new TextDecoder().decode(new Uint8Array(kept));
        out.push(text);
      }
    }
    return ok(joinLines(out), errors, errors ? 1 : 0);
  },
};
