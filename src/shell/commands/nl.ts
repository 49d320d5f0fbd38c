// nl: numbers lines as GNU does: -b a|t|n|pRE (default t: non-empty lines), -w WIDTH (6), -s SEP (TAB),
// -v START, -i INCR, -n ln|rn|rz. Unnumbered lines get WIDTH + length(SEP) spaces, as GNU prints them.

import type { Command } from '../types.ts';
import { compile, posixToJs } from './regex.ts';
import { ok, parseOptions, readSources, splitLinesKeepEnds, usageError } from './util.ts';

export const nl: Command = {
  name: 'nl',
  usage: 'nl [-b STYLE] [-w WIDTH] [-s SEP] [-v START] [-i INCR] [-n FORMAT] [FILE]...',
  run(input) {
    const parsed = parseOptions(input.args, {
      valued: 'bwsvinhfdl',
      flags: 'p',
      long: { 'body-numbering': 'b', 'number-width': 'w', 'number-separator': 's', 'starting-line-number': 'v', 'line-increment': 'i', 'number-format': 'n' },
    });
    if (!parsed.ok) return usageError('nl', parsed.message);
    const o = parsed.opts;
    const style = o.values.get('b')?.at(-1) ?? 't';
    let numbered: (line: string) => boolean;
    if (style === 'a') numbered = () => true;
    else if (style === 't') numbered = (l) => l.replace(/\n$/, '') !== '';
    else if (style === 'n') numbered = () => false;
    else if (style.startsWith('p')) {
      const translated = posixToJs(style.slice(1), 'basic');
      const re = translated.ok ? compile(translated.source, '') : translated;
      if (!(re instanceof RegExp)) return { stdout: '', stderr: `nl: ${re.message}\n`, exitCode: 1 };
      numbered = (l) => re.test(l.replace(/\n$/, ''));
    } else return usageError('nl', `invalid body numbering style: ‘${style}’`);
    const widthText = o.values.get('w')?.at(-1) ?? '6';
    const width = Number(widthText);
    if (!/^\d+$/.test(widthText) || width === 0) return usageError('nl', `invalid line number field width: ‘${widthText}’: Numerical result out of range`);
    const sep = o.values.get('s')?.at(-1) ?? '\t';
    let n = Number(o.values.get('v')?.at(-1) ?? '1');
    const incr = Number(o.values.get('i')?.at(-1) ?? '1');
    const format = o.values.get('n')?.at(-1) ?? 'rn';
    const { sources, errors } = readSources(input, o.operands, 'nl');
    let out = '';
    for (const line of sources.flatMap((s) => splitLinesKeepEnds(s.text))) {
      if (!numbered(line)) {
        out += ' '.repeat(width + sep.length) + line;
        continue;
      }
      const digits = String(n);
      const field = format === 'ln' ? digits.padEnd(width) : format === 'rz' ? digits.padStart(width, '0') : digits.padStart(width);
      out += field + sep + line;
      n += incr;
    }
    return ok(out, errors, errors ? 1 : 0);
  },
};
