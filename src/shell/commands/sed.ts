// GNU sed, the part labs use: substitutions `s/RE/REPLACEMENT/[gi]` (any delimiter), several with -e or `;`,
// -E for extended regular expressions, -n with the p flag. Other sed commands get a clear error.
import type { Command } from '../types.ts';
import { compile, posixToJs } from './regex.ts';
import { fail, ok, parseOptions, readSources, splitLinesKeepEnds } from './util.ts';

interface Substitution {
  re: RegExp;
  replacement: string;
  print: boolean;
}

/** Splits `s/a/b/g;s|x|y|` into substitutions; returns an error text for anything else. */
function parseScript(script: string, extended: boolean): Substitution[] | string {
  const out: Substitution[] = [];
  let i = 0;
  while (i < script.length) {
    while (script[i] === ';' || script[i] === ' ' || script[i] === '\n') i++;
    if (i >= script.length) break;
    if (script[i] !== 's') return `-e expression #1, char ${i + 1}: unknown command: \`${script[i]}' (this shell's sed knows only s///)`;
    const delim = script[i + 1];
    if (!delim || delim === '\\' || delim === '\n') return `-e expression #1, char ${i + 2}: unterminated \`s' command`;
    const parts: string[] = [];
    let j = i + 2, cur = '';
    while (j < script.length && parts.length < 2) {
      if (script[j] === '\\' && script[j + 1] === delim) {
        cur += delim;
        j += 2;
      } else if (script[j] === delim) {
        parts.push(cur);
        cur = '';
        j++;
      } else {
        cur += script[j++];
      }
    }
    if (parts.length < 2) return `-e expression #1, char ${script.length}: unterminated \`s' command`;
    let flags = '';
    while (j < script.length && /[gpiI]/.test(script[j])) flags += script[j++];
    if (j < script.length && script[j] !== ';' && script[j] !== '\n' && script[j] !== ' ') return `-e expression #1, char ${j + 1}: unknown option to \`s'`;
    const t = posixToJs(parts[0], extended ? 'extended' : 'basic');
    if (!t.ok) return `-e expression #1, char ${j}: ${t.message}`;
    const re = compile(t.source, `${flags.includes('g') ? 'g' : ''}${/[iI]/.test(flags) ? 'i' : ''}`);
    if ('message' in re) return `-e expression #1, char ${j}: Invalid regular expression`;
    // sed's & is the whole match and \1 a group; JavaScript's are $& and $1.
    const replacement = parts[1].replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1').replace(/(^|[^\\])&/g, '$1$$&').replace(/\\&/g, '&').replace(/\\n/g, '\n');
    out.push({ re, replacement, print: flags.includes('p') });
    i = j;
  }
  return out;
}

export const sed: Command = {
  name: 'sed',
  usage: "sed [-n] [-E] [-e] 's/RE/REPLACEMENT/[g]' [FILE...]",
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'nEr', valued: 'e', long: { quiet: 'n', silent: 'n', 'regexp-extended': 'E', expression: 'e' } });
    if (!parsed.ok) return fail('sed', parsed.message);
    const { opts } = parsed;
    const scripts = opts.values.get('e') ?? [];
    const operands = [...opts.operands];
    if (scripts.length === 0) {
      const first = operands.shift();
      if (first === undefined) return fail('sed', 'no script specified', 1);
      scripts.push(first);
    }
    const subs: Substitution[] = [];
    for (const script of scripts) {
      const s = parseScript(script, opts.flags.has('E') || opts.flags.has('r'));
      if (typeof s === 'string') return fail('sed', s);
      subs.push(...s);
    }
    const { sources, errors } = readSources(input, operands, 'sed', (name) => `can't read ${name}: No such file or directory`);
    let stdout = '';
    for (const src of sources) {
      for (const line of splitLinesKeepEnds(src.text)) {
        const end = line.endsWith('\n') ? '\n' : '';
        let text = end ? line.slice(0, -1) : line;
        let printed = '';
        for (const sub of subs) {
          sub.re.lastIndex = 0;
          if (sub.re.test(text)) {
            sub.re.lastIndex = 0;
            text = text.replace(sub.re, sub.replacement);
            if (sub.print) printed += text + '\n';
          }
        }
        stdout += printed + (opts.flags.has('n') ? '' : text + end);
      }
    }
    return ok(stdout, errors, errors ? 2 : 0);
  },
};
