// GNU sed 4: scripts of commands separated by `;` or newlines, from the first operand or -e (several), -n, -E/-r,
// -s. Addresses: N, $, /RE/ (and \cREc, with I), FIRST~STEP, ranges ADDR1,ADDR2 / ADDR1,+N / ADDR1,~N, `!`.
// Commands: { } = a i c (one-liner `a text` or `a\` + text) d D p P n N q Q s y h H g G x b t T :label l z #.
// s flags: g, N, p, I/i, and \1-\9, &, \n, \L \U \l \u \E in the replacement. Messages are GNU's.
// -i[SUFFIX] / --in-place[=SUFFIX] edits each file in place (GNU's optional argument: `-ie` means suffix "e").
// Not supported: r/w/e/F and s///w.

import type { Command } from '../types.ts';
import { compile, posixToJs } from './regex.ts';
import { ok, parseOptions, readSources, usageError } from './util.ts';

type Address =
  | { kind: 'line'; n: number }
  | { kind: 'last' }
  | { kind: 're'; re: RegExp | null }
  | { kind: 'step'; first: number; step: number };

type Address2 = Address | { kind: 'plus'; n: number } | { kind: 'multiple'; n: number };

interface Cmd {
  a1?: Address;
  a2?: Address2;
  negate: boolean;
  name: string;
  text?: string;
  label?: string;
  re?: RegExp | null;
  replacement?: string;
  global?: boolean;
  occurrence?: number;
  print?: boolean;
  from?: string[];
  to?: string[];
  exitCode?: number;
  /** For `{`: index of the matching `}`. */
  end?: number;
  /** Range state. */
  active?: boolean;
  rangeEnd?: number;
}

class SedError extends Error {}

function translateRegex(source: string, extended: boolean, flags: string): RegExp {
  // \n and \t are a newline and a tab in sed's regular expressions.
  const prepared = source.replace(/\\\\|\\n|\\t/g, (m) => (m === '\\n' ? '\n' : m === '\\t' ? '\t' : m));
  const t = posixToJs(prepared, extended ? 'extended' : 'basic');
  if (!t.ok) throw new SedError(t.message);
  const re = compile(t.source, flags);
  if (!(re instanceof RegExp)) throw new SedError('Invalid regular expression');
  return re;
}

function parseScript(script: string, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  const blocks: number[] = [];
  let i = 0;
  const err = (message: string, at = i) => new SedError(`-e expression #1, char ${at}: ${message}`);
  const skipSpaces = () => {
    while (i < script.length && (script[i] === ' ' || script[i] === '\t')) i++;
  };
  /** Text up to an unescaped delimiter; `\delim` gives the delimiter, other escapes stay. */
  const delimited = (delim: string, what: string): string => {
    let out = '';
    while (i < script.length) {
      const c = script[i]!;
      if (c === '\\' && i + 1 < script.length) {
        const n = script[i + 1]!;
        out += n === delim ? (delim === '&' ? '\\&' : delim) : n === '\n' ? '\n' : `\\${n}`;
        i += 2;
        continue;
      }
      if (c === delim) {
        i++;
        return out;
      }
      if (c === '\n' && what !== 'y') throw err(`unterminated \`${what}' command`);
      out += c;
      i++;
    }
    throw err(`unterminated ${what === 'address' ? 'address regex' : `\`${what}' command`}`);
  };
  const regexAddress = (delim: string): Address => {
    const source = delimited(delim, 'address');
    let flags = '';
    while (script[i] === 'I' || script[i] === 'M') {
      if (script[i] === 'I') flags += 'i';
      i++;
    }
    return { kind: 're', re: source === '' ? null : translateRegex(source, extended, flags) };
  };
  const address = (): Address | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const m = /^(\d+)(?:~(\d+))?/.exec(script.slice(i))!;
      i += m[0].length;
      return m[2] !== undefined ? { kind: 'step', first: Number(m[1]), step: Number(m[2]) } : { kind: 'line', n: Number(m[1]) };
    }
    if (c === '$') {
      i++;
      return { kind: 'last' };
    }
    if (c === '/') {
      i++;
      return regexAddress('/');
    }
    if (c === '\\') {
      i += 2;
      return regexAddress(script[i - 1]!);
    }
    return undefined;
  };
  const readLabel = (): string => {
    skipSpaces();
    const m = /^[^;\n}]*/.exec(script.slice(i))!;
    i += m[0].length;
    return m[0].trim();
  };
  /** a/i/c text: `a\` newline TEXT, `a\TEXT`, or GNU's one-liner `a TEXT`. */
  const readText = (): string => {
    skipSpaces();
    if (script[i] === '\\') {
      i++;
      if (script[i] === '\n') i++;
    }
    let out = '';
    while (i < script.length && script[i] !== '\n') {
      if (script[i] === '\\' && i + 1 < script.length) {
        out += script[i + 1] === '\n' ? '\n' : script[i + 1] === 't' ? '\t' : script[i + 1];
        i += 2;
        continue;
      }
      out += script[i++];
    }
    return out;
  };
  const endOfCommand = () => {
    skipSpaces();
    if (i < script.length && script[i] !== ';' && script[i] !== '\n' && script[i] !== '}' && script[i] !== '#') throw err('extra characters after command', i + 1);
  };

  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    if (script[i] === '#') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const cmd: Cmd = { negate: false, name: '' };
    cmd.a1 = address();
    if (cmd.a1 && script[i] === ',') {
      i++;
      skipSpaces();
      const m = /^([+~])(\d+)/.exec(script.slice(i));
      if (m) {
        i += m[0].length;
        cmd.a2 = m[1] === '+' ? { kind: 'plus', n: Number(m[2]) } : { kind: 'multiple', n: Number(m[2]) };
      } else {
        const a2 = address();
        if (!a2) throw err('unexpected `,\'', i);
        cmd.a2 = a2.kind === 'step' ? { kind: 'line', n: a2.first } : a2;
      }
    }
    skipSpaces();
    while (script[i] === '!') {
      cmd.negate = true;
      i++;
      skipSpaces();
    }
    const name = script[i];
    if (name === undefined) throw err('missing command', i);
    i++;
    cmd.name = name;
    if (name === '{') {
      blocks.push(cmds.length);
      cmds.push(cmd);
      continue;
    }
    if (name === '}') {
      if (cmd.a1) throw err('} doesn\'t want any addresses', i);
      const open = blocks.pop();
      if (open === undefined) throw err('unexpected `}\'', i);
      cmds[open]!.end = cmds.length;
      cmds.push(cmd);
      endOfCommand();
      continue;
    }
    switch (name) {
      case 'a':
      case 'i':
      case 'c':
        if (i >= script.length) throw err('expected \\ after `a\', `c\' or `i\'', i);
        cmd.text = readText();
        break;
      case ':':
        if (cmd.a1) throw err(': doesn\'t want any addresses', i);
        cmd.label = readLabel();
        if (!cmd.label) throw err('":" lacks a label', i);
        break;
      case 'b':
      case 't':
      case 'T':
        cmd.label = readLabel();
        break;
      case 'q':
      case 'Q': {
        skipSpaces();
        const m = /^\d+/.exec(script.slice(i));
        if (m) i += m[0].length;
        cmd.exitCode = m ? Number(m[0]) : 0;
        if (cmd.a2) throw err('command only uses one address', i);
        endOfCommand();
        break;
      }
      case 's': {
        const delim = script[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') throw err('unterminated `s\' command', i);
        const source = delimited(delim, 's');
        const replacement = delimited(delim, 's');
        let flags = '';
        let occurrence = 1;
        let global = false;
        let print = false;
        for (;;) {
          const f = script[i];
          if (f === 'g') global = true;
          else if (f === 'p') print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (f === 'm' || f === 'M') flags += 'm';
          else if (f !== undefined && /\d/.test(f)) {
            const m = /^\d+/.exec(script.slice(i))!;
            occurrence = Number(m[0]);
            if (occurrence === 0) throw err('number option to `s\' command may not be zero', i + 1);
            i += m[0].length - 1;
          } else break;
          i++;
        }
        skipSpaces();
        if (i < script.length && !/[;\n}#]/.test(script[i]!)) throw err('unknown option to `s\'', i + 1);
        cmd.re = source === '' ? null : translateRegex(source, extended, flags);
        cmd.replacement = replacement;
        cmd.global = global;
        cmd.occurrence = occurrence;
        cmd.print = print;
        break;
      }
      case 'y': {
        const delim = script[i++]!;
        const unescape = (s: string) => [...s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))];
        cmd.from = unescape(delimited(delim, 'y'));
        cmd.to = unescape(delimited(delim, 'y'));
        if (cmd.from.length !== cmd.to.length) throw err('strings for `y\' command are different lengths', i);
        endOfCommand();
        break;
      }
      case '=':
      case 'd':
      case 'D':
      case 'p':
      case 'P':
      case 'n':
      case 'N':
      case 'h':
      case 'H':
      case 'g':
      case 'G':
      case 'x':
      case 'l':
      case 'z':
        endOfCommand();
        break;
      default:
        throw err(`unknown command: \`${name}'`, i);
    }
    cmds.push(cmd);
  }
  if (blocks.length) throw new SedError(`-e expression #1, char 0: unmatched \`{'`);
  for (const c of cmds) {
    if ((c.name === 'b' || c.name === 't' || c.name === 'T') && c.label && !cmds.some((d) => d.name === ':' && d.label === c.label)) {
      throw new SedError(`can't find label for jump to \`${c.label}'`);
    }
  }
  return cmds;
}

/** sed's replacement: & and \1-\9, \n, and GNU's case conversions \L \U \l \u \E. */
function expandReplacement(replacement: string, match: RegExpExecArray): string {
  let out = '';
  let caseMode: 'L' | 'U' | '' = '';
  let once: 'l' | 'u' | '' = '';
  const add = (text: string) => {
    for (const ch of text) {
      let c = caseMode === 'L' ? ch.toLowerCase() : caseMode === 'U' ? ch.toUpperCase() : ch;
      if (once) {
        c = once === 'l' ? c.toLowerCase() : c.toUpperCase();
        once = '';
      }
      out += c;
    }
  };
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '&') add(match[0]);
    else if (c === '\\' && i + 1 < replacement.length) {
      const n = replacement[++i]!;
      if (/\d/.test(n)) add(match[Number(n)] ?? '');
      else if (n === 'n') add('\n');
      else if (n === 't') add('\t');
      else if (n === 'L' || n === 'U') caseMode = n;
      else if (n === 'E') caseMode = '';
      else if (n === 'l' || n === 'u') once = n;
      else add(n);
    } else add(c);
  }
  return out;
}

/** `l`: unambiguous form, 69 characters a line, `$` at the end. */
function listLine(text: string): string {
  const named: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '';
  let width = 0;
  for (const ch of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(ch);
    const piece = named[c] ?? (ch < 32 || ch >= 127 ? `\\${ch.toString(8).padStart(3, '0')}` : c);
    if (width + piece.length > 69) {
      out += '\\\n';
      width = 0;
    }
    out += piece;
    width += piece.length;
  }
  return `${out}$\n`;
}

/**
 * GNU sed's -i[SUFFIX] and --in-place[=SUFFIX]: its argument is optional, so it takes the rest of the word
 * (`-ni` is -n and -i; `-in` is -i with suffix "n"). Returns the other arguments and the suffix, or undefined.
 */
function inPlace(args: readonly string[]): { args: string[]; suffix: string } | undefined {
  const rest: string[] = [];
  let suffix: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '--') {
      rest.push(...args.slice(k));
      break;
    }
    const long = /^--in-place(?:=(.*))?$/.exec(a);
    if (long) {
      suffix = long[1] ?? '';
      continue;
    }
    // Short options up to i (none of them taking a value: -e and -l would take the rest of the word).
    const short = /^-([nErsuz]*)i(.*)$/.exec(a);
    if (short) {
      suffix = short[2]!;
      if (short[1]) rest.push(`-${short[1]}`);
      continue;
    }
    rest.push(a);
    // A value of -e or -l is never read as options.
    if (/^-[nErsuz]*[el]$/.test(a) && k + 1 < args.length) rest.push(args[++k]!);
  }
  return suffix === undefined ? undefined : { args: rest, suffix };
}

export const sed: Command = {
  name: 'sed',
  usage: 'sed [-n] [-E] [-s] [-i[SUFFIX]] [-e SCRIPT]... [SCRIPT] [FILE]...',
  run(input) {
    const edit = inPlace(input.args);
    if (edit) return sedInPlace(input, edit.args, edit.suffix);
    const parsed = parseOptions(input.args, {
      flags: 'nErsuz',
      valued: 'el',
      long: { quiet: 'n', silent: 'n', 'regexp-extended': 'E', expression: 'e', separate: 's', 'line-length': 'l', unbuffered: 'u', debug: 'D', posix: 'P', sandbox: 'S' },
    });
    if (!parsed.ok) return usageError('sed', parsed.message, 1, 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
    const o = parsed.opts;
    const scripts = o.values.get('e') ?? [];
    const operands = [...o.operands];
    if (scripts.length === 0) {
      const first = operands.shift();
      if (first === undefined) return usageError('sed', 'no script specified', 1);
      scripts.push(first);
    }
    let cmds: Cmd[];
    try {
      cmds = parseScript(scripts.join('\n'), o.flags.has('E') || o.flags.has('r'));
    } catch (e) {
      if (e instanceof SedError) return { stdout: '', stderr: `sed: ${e.message}\n`, exitCode: 1 };
      throw e;
    }
    const { sources, errors } = readSources(input, operands, 'sed', (name, error) =>
      error === 'Is a directory' ? `read error on ${name}: Is a directory` : `can't read ${name}: ${error}`);
    const quiet = o.flags.has('n');

    // Lines of all inputs as one stream (GNU without -s); whether each is the last and had a newline.
    const lines: { text: string; newline: boolean }[] = [];
    for (const s of sources) {
      const parts = s.text.split('\n');
      const hadFinalNewline = parts.at(-1) === '';
      if (hadFinalNewline) parts.pop();
      parts.forEach((text, k) => lines.push({ text, newline: k < parts.length - 1 || hadFinalNewline }));
    }

    let out = '';
    let lineNo = 0;
    let next = 0;
    let lastRegex: RegExp | null = null;
    let hold = '';
    let exitCode = errors ? 2 : 0;
    let quit = false;
    let missingNewline = false;
    const emit = (text: string, newline = true) => {
      out += text + (newline ? '\n' : '');
    };
    const useRegex = (re: RegExp | null | undefined): RegExp => {
      const r = re ?? lastRegex;
      if (!r) throw new SedError('no previous regular expression');
      lastRegex = r;
      return r;
    };
    const isLast = () => next >= lines.length;

    try {
      while (!quit && next < lines.length) {
        let space = lines[next]!.text;
        missingNewline = !lines[next]!.newline;
        next++;
        lineNo++;
        let append = '';
        let substituted = false;
        let autoprint = !quiet;
        let restart = false;

        const matchOne = (a: Address): boolean => {
          switch (a.kind) {
            case 'line':
              return lineNo === a.n;
            case 'last':
              return isLast();
            case 'step':
              return a.step <= 0 ? lineNo === a.first : lineNo >= a.first && (lineNo - a.first) % a.step === 0;
            case 're': {
              const re = useRegex(a.re);
              re.lastIndex = 0;
              return re.test(space);
            }
          }
        };
        const selected = (c: Cmd): boolean => {
          let hit: boolean;
          if (!c.a1) hit = true;
          else if (!c.a2) hit = matchOne(c.a1);
          else if (c.active) {
            const a2 = c.a2;
            let ends: boolean;
            if (a2.kind === 'line') ends = lineNo >= a2.n;
            else if (a2.kind === 'plus' || a2.kind === 'multiple') ends = lineNo >= c.rangeEnd!;
            else ends = matchOne(a2);
            if (ends) c.active = false;
            hit = true;
          } else if (matchOne(c.a1)) {
            hit = true;
            const a2 = c.a2;
            if (a2.kind === 'line') c.active = a2.n > lineNo;
            else if (a2.kind === 'plus') {
              c.rangeEnd = lineNo + a2.n;
              c.active = a2.n > 0;
            } else if (a2.kind === 'multiple') {
              c.rangeEnd = a2.n <= 0 ? lineNo : Math.ceil(lineNo / a2.n) * a2.n;
              c.active = c.rangeEnd > lineNo;
            } else c.active = !(a2.kind === 'last' && isLast());
          } else hit = false;
          return c.negate ? !hit : hit;
        };

        let pc = 0;
        let ended = false;
        while (pc < cmds.length && !ended) {
          const c = cmds[pc]!;
          if (c.name === '}' || c.name === ':') {
            pc++;
            continue;
          }
          if (!selected(c)) {
            pc = c.name === '{' ? c.end! + 1 : pc + 1;
            continue;
          }
          pc++;
          switch (c.name) {
            case '{':
              break;
            case '=':
              emit(String(lineNo));
              break;
            case 'a':
              append += `${c.text}\n`;
              break;
            case 'i':
              emit(c.text!);
              break;
            case 'c':
              // In a range, the text comes once, at its end.
              if (!c.a2 || c.negate || !c.active) emit(c.text!);
              autoprint = false;
              ended = true;
              break;
            case 'd':
              autoprint = false;
              ended = true;
              break;
            case 'D': {
              const nl = space.indexOf('\n');
              if (nl < 0) {
                autoprint = false;
                ended = true;
                break;
              }
              space = space.slice(nl + 1);
              restart = true;
              autoprint = false;
              ended = true;
              break;
            }
            case 'p':
              emit(space);
              break;
            case 'P': {
              const nl = space.indexOf('\n');
              emit(nl < 0 ? space : space.slice(0, nl));
              break;
            }
            case 'n':
              if (isLast()) {
                // No next line: GNU prints the pattern space and exits without running the rest.
                ended = true;
                quit = true;
                break;
              }
              if (!quiet) emit(space, !missingNewline);
              space = lines[next]!.text;
              missingNewline = !lines[next]!.newline;
              next++;
              lineNo++;
              break;
            case 'N':
              if (isLast()) {
                ended = true;
                quit = true;
                break;
              }
              space += `\n${lines[next]!.text}`;
              missingNewline = !lines[next]!.newline;
              next++;
              lineNo++;
              break;
            case 'q':
              exitCode = c.exitCode!;
              quit = true;
              ended = true;
              break;
            case 'Q':
              exitCode = c.exitCode!;
              quit = true;
              ended = true;
              autoprint = false;
              break;
            case 's': {
              const re = useRegex(c.re);
              const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
              let count = 0;
              let result = '';
              let last = 0;
              let done = false;
              for (let m = global.exec(space); m && !done; m = global.exec(space)) {
                count++;
                if (count >= c.occurrence!) {
                  result += space.slice(last, m.index) + expandReplacement(c.replacement!, m);
                  last = m.index + m[0].length;
                  if (!c.global) done = true;
                }
                if (m[0] === '') global.lastIndex++;
              }
              if (last > 0 || count >= c.occurrence!) {
                space = result + space.slice(last);
                substituted = true;
                if (c.print) emit(space);
              }
              break;
            }
            case 'y':
              space = [...space].map((ch) => {
                const k = c.from!.indexOf(ch);
                return k < 0 ? ch : c.to![k]!;
              }).join('');
              break;
            case 'h':
              hold = space;
              break;
            case 'H':
              hold += `\n${space}`;
              break;
            case 'g':
              space = hold;
              break;
            case 'G':
              space += `\n${hold}`;
              break;
            case 'x':
              [space, hold] = [hold, space];
              break;
            case 'l':
              out += listLine(space);
              break;
            case 'z':
              space = '';
              break;
            case 'b':
            case 't':
            case 'T': {
              const jump: boolean = c.name === 'b' || (c.name === 't' ? substituted : !substituted);
              if (c.name !== 'b') substituted = c.name === 't' && jump ? false : substituted;
              if (jump) {
                if (!c.label) ended = true;
                else pc = cmds.findIndex((d) => d.name === ':' && d.label === c.label);
              }
              break;
            }
          }
        }
        if (autoprint) emit(space, !(missingNewline && isLast()));
        out += append;
        if (restart && !quit) {
          // D with a newline: the next cycle starts with what is left, without reading a line.
          lines.splice(next, 0, { text: space, newline: true });
          lineNo--;
        }
      }
    } catch (e) {
      if (e instanceof SedError) return { stdout: out, stderr: `${errors}sed: ${e.message}\n`, exitCode: 4 };
      throw e;
    }
    return ok(out, errors, exitCode);
  },
};

/** sed -i: each file on its own (as -s), its output written back over it, a backup kept when a suffix is given. */
function sedInPlace(input: Parameters<Command['run']>[0], args: string[], suffix: string): ReturnType<Command['run']> {
  const parsed = parseOptions(args, { flags: 'nErsuz', valued: 'el', long: { quiet: 'n', silent: 'n', 'regexp-extended': 'E', expression: 'e', separate: 's' } });
  if (!parsed.ok) return usageError('sed', parsed.message, 1, 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
  const operands = [...parsed.opts.operands];
  const options = parsed.opts.sequence.flatMap((o) => (o.value === undefined ? [`-${o.letter}`] : [`-${o.letter}`, o.value]));
  // Without -e, the first operand is the script.
  const script = parsed.opts.values.has('e') ? [] : operands.splice(0, 1);
  if (!parsed.opts.values.has('e') && script.length === 0) return usageError('sed', 'no script specified', 1);
  if (operands.length === 0) return { stdout: '', stderr: 'sed: no input files\n', exitCode: 4 };
  let stderr = '';
  let exitCode = 0;
  for (const file of operands) {
    const text = input.session.readFile?.(file);
    if (text === undefined) {
      stderr += `sed: can't read ${file}: No such file or directory\n`;
      exitCode = 2;
      continue;
    }
    const r = sed.run({ ...input, args: [...options, ...script, file] }) as { stdout: string; stderr: string; exitCode: number };
    stderr += r.stderr;
    if (r.exitCode !== 0 && r.exitCode !== 2) return { stdout: '', stderr, exitCode: r.exitCode };
    if (suffix) input.session.writeFile?.(file + suffix, text, false);
    const error = input.session.writeFile?.(file, r.stdout, false);
    if (error) {
      stderr += `sed: couldn't open temporary file ${file.replace(/[^/]*$/, '')}sedXXXXXX: ${error}\n`;
      exitCode = 4;
    }
  }
  return { stdout: '', stderr, exitCode };
}
