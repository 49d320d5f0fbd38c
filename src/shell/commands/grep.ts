// grep and egrep: GNU options a lab uses (-v -c -i -E -F -w -x -o -n -q -l -h -H -s -m -A -B -C, several -e).

import type { FileSystem } from '../fs.ts';
import type { Command, CommandInput, CommandOutput } from '../types.ts';
import { compile, escapeLiteral, posixToJs, type RegexFlavor } from './regex.ts';
import { lastValue, parseCount, parseOptions, readSources, splitLines, utf8Length } from './util.ts';

const GREP_USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...';

const LONG_OPTIONS: Record<string, string> = {
  'invert-match': 'v',
  count: 'c',
  'ignore-case': 'i',
  'extended-regexp': 'E',
  'fixed-strings': 'F',
  'basic-regexp': 'G',
  'perl-regexp': 'P',
  'word-regexp': 'w',
  'line-regexp': 'x',
  'only-matching': 'o',
  'line-number': 'n',
  quiet: 'q',
  silent: 'q',
  'no-messages': 's',
  'with-filename': 'H',
  'no-filename': 'h',
  'files-with-matches': 'l',
  'files-without-match': 'L',
  regexp: 'e',
  'after-context': 'A',
  'before-context': 'B',
  context: 'C',
  'max-count': 'm',
  recursive: 'r',
  include: '\x02',
  exclude: '\x03',
  'byte-offset': 'b',
  'dereference-recursive': 'R',
};

function grepError(message: string): CommandOutput {
  return { stdout: '', stderr: `grep: ${message}\n`, exitCode: 2 };
}

function badUsage(message?: string): CommandOutput {
  const first = message ? `grep: ${message}\n` : '';
  return { stdout: '', stderr: `${first}${GREP_USAGE}\nTry 'grep --help' for more information.\n`, exitCode: 2 };
}

/** Every non-overlapping match in a line, leftmost first, the longest when several patterns start at one place. */
function allMatches(line: string, regexes: RegExp[]): { index: number; text: string }[] {
  const found: { index: number; text: string }[] = [];
  let pos = 0;
  while (pos <= line.length) {
    let best: { index: number; text: string } | undefined;
    for (const re of regexes) {
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.index || (m.index === best.index && m[0].length > best.text.length))) {
        best = { index: m.index, text: m[0] };
      }
    }
    if (!best) break;
    if (best.text !== '') found.push(best);
    pos = best.index + Math.max(best.text.length, 1);
  }
  return found;
}

/** `grep -r PATTERN` without operands: the working directory's files, named without a leading `./`. */
function walkTop(fs: FileSystem, walk: (path: string) => string[]): string[] {
  const found = fs.lookup('.');
  if (!found.ok || found.node.kind !== 'dir') return [];
  return [...found.node.children.keys()].sort().flatMap((child) => walk(child));
}

function runGrep(input: CommandInput, defaultFlavor: RegexFlavor): CommandOutput {
  // No colours here; --color=auto and friends are accepted and ignored.
  const args = input.args.filter((a) => !/^--colou?r(=.*)?$/.test(a));
  const parsed = parseOptions(args, { flags: 'vciyEFGPwxonqsHhlLrRb', valued: 'eABCm\x02\x03', long: LONG_OPTIONS });
  if (!parsed.ok) return badUsage(parsed.message);
  const o = parsed.opts;
  const has = (f: string) => o.flags.has(f);

  const operands = [...o.operands];
  let patternTexts: string[];
  if (o.values.has('e')) patternTexts = o.values.get('e')!;
  else {
    const first = operands.shift();
    if (first === undefined) return badUsage();
    patternTexts = [first];
  }
  const patterns = patternTexts.flatMap((p) => p.split('\n'));

  const contextOf = (letter: string): number | undefined | 'bad' => {
    const v = lastValue(o, letter);
    if (v === undefined) return undefined;
    return parseCount(v) ?? 'bad';
  };
  const context = contextOf('C');
  const after = contextOf('A') ?? context ?? 0;
  const before = contextOf('B') ?? context ?? 0;
  if (after === 'bad' || before === 'bad' || context === 'bad') {
    const bad = lastValue(o, 'A') ?? lastValue(o, 'B') ?? lastValue(o, 'C');
    return grepError(`${bad}: invalid context length argument`);
  }
  const maxCountText = lastValue(o, 'm');
  const maxCount = maxCountText === undefined ? Infinity : parseCount(maxCountText);
  if (maxCount === undefined) return grepError(`invalid max count`);

  // The last of -E / -F / -G / -P wins, as in GNU grep.
  let mode: 'basic' | 'extended' | 'fixed' | 'perl' = defaultFlavor;
  for (const { letter } of o.sequence) {
    if (letter === 'E') mode = 'extended';
    else if (letter === 'F') mode = 'fixed';
    else if (letter === 'G') mode = 'basic';
    else if (letter === 'P') mode = 'perl';
  }

  const regexes: RegExp[] = [];
  const flags = `g${has('i') || has('y') ? 'i' : ''}`;
  for (const p of patterns) {
    let source: string;
    if (mode === 'fixed') source = escapeLiteral(p);
    else if (mode === 'perl') source = p;
    else {
      const t = posixToJs(p, mode);
      if (!t.ok) return grepError(t.message);
      source = t.source;
    }
    if (has('x')) source = `^(?:${source})$`;
    else if (has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
    const re = compile(source, flags);
    if ('message' in re) return grepError(`Invalid regular expression`);
    regexes.push(re);
  }
  const matchesLine = (line: string) =>
    regexes.some((re) => {
      re.lastIndex = 0;
      return re.test(line);
    });

  // -r: directories are searched through (names in byte order); no operand means the working directory.
  const recursive = has('r') || has('R');
  let names = operands;
  if (recursive) {
    const fs = input.session.fs?.();
    const globs = (letter: string) => (o.values.get(letter) ?? []).map((g) => new RegExp(`^${g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
    const include = globs('\x02');
    const exclude = globs('\x03');
    const wanted = (path: string) => {
      const base = path.slice(path.lastIndexOf('/') + 1);
      return (include.length === 0 || include.some((g) => g.test(base))) && !exclude.some((g) => g.test(base));
    };
    const walk = (path: string, top = false): string[] => {
      const found = fs?.lookup(path);
      if (!found?.ok || found.node.kind !== 'dir') return top || wanted(path) ? [path] : [];
      return [...found.node.children.keys()].sort().flatMap((child) => walk(path === '' ? child : path.endsWith('/') ? `${path}${child}` : `${path}/${child}`));
    };
    names = operands.length ? operands.flatMap((n) => (n === '-' ? [n] : walk(n, true))) : fs ? walkTop(fs, walk) : [];
  }
  const { sources, errors } = readSources(input, names, 'grep');
  const showNames = has('H') || (!has('h') && (recursive || sources.length + (errors ? 1 : 0) > 1));
  const invert = has('v');
  let stdout = '';
  let anySelected = false;
  // With context, `--` separates groups of lines, across files too.
  let printedGroup = false;

  for (const source of sources) {
    const name = source.name === '-' ? '(standard input)' : source.name;
    const lines = splitLines(source.text);
    // -b: the byte offset of the line (with -o, of the match).
    const offsets: number[] = [];
    if (has('b')) lines.reduce((at, l, k) => ((offsets[k] = at), at + utf8Length(l) + 1), 0);
    const prefix = (n: number, sep: string, extra = 0) =>
      `${showNames ? name + sep : ''}${has('n') ? `${n + 1}${sep}` : ''}${has('b') ? `${offsets[n]! + extra}${sep}` : ''}`;
    let selected = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    let out = '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const isSelected = matchesLine(line) !== invert && selected < maxCount;
      if (!isSelected) {
        if (afterLeft > 0 && !has('o')) {
          out += `${prefix(i, '-')}${line}\n`;
          lastPrinted = i;
          afterLeft--;
        }
        if (selected >= maxCount && afterLeft === 0) break;
        continue;
      }
      selected++;
      if (has('q') || has('l') || has('L') || has('c')) continue;
      if (has('o')) {
        if (!invert) for (const m of allMatches(line, regexes)) out += `${prefix(i, ':', utf8Length(line.slice(0, m.index)))}${m.text}\n`;
        continue;
      }
      const from = Math.max(lastPrinted + 1, i - before);
      if ((before > 0 || after > 0) && printedGroup && (lastPrinted < 0 || from > lastPrinted + 1)) out += '--\n';
      printedGroup = true;
      for (let k = from; k < i; k++) out += `${prefix(k, '-')}${lines[k]}\n`;
      out += `${prefix(i, ':')}${line}\n`;
      lastPrinted = i;
      afterLeft = after;
    }
    if (selected > 0) anySelected = true;
    if (has('q')) {
      if (anySelected) break;
      continue;
    }
    if (has('l')) {
      if (selected > 0) stdout += `${name}\n`;
    } else if (has('L')) {
      if (selected === 0) stdout += `${name}\n`;
    } else if (has('c')) stdout += `${showNames ? `${name}:` : ''}${selected}\n`;
    else stdout += out;
  }

  const stderr = has('s') ? '' : errors;
  if (has('q') && anySelected) return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout, stderr, exitCode: errors ? 2 : anySelected ? 0 : 1 };
}

export const grep: Command = {
  name: 'grep',
  usage: 'grep [-vciEFwxonqlh] [-e PATTERN]... [-A N] [-B N] [-C N] PATTERN [FILE]...',
  run: (input) => runGrep(input, 'basic'),
};

export const egrep: Command = {
  name: 'egrep',
  usage: 'egrep [OPTION]... PATTERN [FILE]... (grep -E)',
  run: (input) => runGrep(input, 'extended'),
};
