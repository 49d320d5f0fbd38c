// Helpers every text tool shares: GNU-style option parsing, line splitting, reading FILE operands, results.

import type { CommandInput, CommandOutput, Session } from '../types.ts';

// ---------------------------------------------------------------- results

export function ok(stdout: string, stderr = '', exitCode = 0): CommandOutput {
  return { stdout, stderr, exitCode };
}

/** One error line `cmd: message`. */
export function fail(cmd: string, message: string, exitCode = 1, stdout = ''): CommandOutput {
  return { stdout, stderr: `${cmd}: ${message}\n`, exitCode };
}

/** GNU's bad-usage report: the message, an optional usage line, then the `Try '… --help'` line. */
export function usageError(cmd: string, message: string, exitCode = 1, usageLine?: string): CommandOutput {
  const usage = usageLine ? `${usageLine}\n` : '';
  return { stdout: '', stderr: `${cmd}: ${message}\n${usage}Try '${cmd} --help' for more information.\n`, exitCode };
}

// ---------------------------------------------------------------- options

export interface OptionSpec {
  /** Letters that are plain flags, e.g. 'vciEwon'. */
  flags?: string;
  /** Letters that take a value (`-n 5`, `-n5`), e.g. 'nk'. */
  valued?: string;
  /** Long names (without --) mapped to a short letter. A long name of a valued letter takes `=VALUE` or the next word. */
  long?: Record<string, string>;
  /** Options end at the first operand (watch CMD -n, xargs CMD -l): the rest belongs to a command. */
  stopAtFirstOperand?: boolean;
}

export interface ParsedOptions {
  /** Flag letters seen (valued letters too). */
  flags: Set<string>;
  /** Values of valued options, in command-line order. */
  values: Map<string, string[]>;
  /** Every option in order, for tools where the order matters. */
  sequence: { letter: string; value?: string }[];
  operands: string[];
}

export type OptionResult = { ok: true; opts: ParsedOptions } | { ok: false; message: string };

/**
 * getopt_long the GNU way: clusters (`-rn`, `-n5`), options after operands (GNU permutes), `--` ends options,
 * a lone `-` is an operand (stdin). The error message is GNU's wording, without the `cmd: ` prefix.
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): OptionResult {
  const flags = spec.flags ?? '';
  const valued = spec.valued ?? '';
  const opts: ParsedOptions = { flags: new Set(), values: new Map(), sequence: [], operands: [] };
  const add = (letter: string, value?: string) => {
    opts.flags.add(letter);
    opts.sequence.push(value === undefined ? { letter } : { letter, value });
    if (value !== undefined) opts.values.set(letter, [...(opts.values.get(letter) ?? []), value]);
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      opts.operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const matches = Object.keys(spec.long ?? {}).filter((l) => l === name || l.startsWith(name));
      const exact = matches.find((l) => l === name);
      const chosen = exact ?? (matches.length === 1 ? matches[0] : undefined);
      if (!chosen) {
        return {
          ok: false,
          message: matches.length > 1 ? `option '${arg}' is ambiguous` : `unrecognized option '${arg}'`,
        };
      }
      const letter = spec.long![chosen]!;
      if (valued.includes(letter)) {
        if (eq >= 0) add(letter, arg.slice(eq + 1));
        else if (i + 1 < args.length) add(letter, args[++i]!);
        else return { ok: false, message: `option '--${chosen}' requires an argument` };
      } else {
        if (eq >= 0) return { ok: false, message: `option '--${chosen}' doesn't allow an argument` };
        add(letter);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (valued.includes(letter)) {
          if (j + 1 < arg.length) add(letter, arg.slice(j + 1));
          else if (i + 1 < args.length) add(letter, args[++i]!);
          else return { ok: false, message: `option requires an argument -- '${letter}'` };
          break;
        }
        if (!flags.includes(letter)) return { ok: false, message: `invalid option -- '${letter}'` };
        add(letter);
      }
      continue;
    }
    if (spec.stopAtFirstOperand) {
      opts.operands.push(...args.slice(i));
      break;
    }
    opts.operands.push(arg);
  }
  return { ok: true, opts };
}

/** The last value given for a valued option. */
/** A long option's value as the AWS CLI, eksctl and helm take it: `--name value` or `--name=value` (the first given). */
export function longOption(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}

export function lastValue(opts: ParsedOptions, letter: string): string | undefined {
  return opts.values.get(letter)?.at(-1);
}

/** `head -5`, `tail -20`: the obsolete -NUM form, accepted when it is the first argument. */
export function rewriteObsoleteCount(args: readonly string[], letter: string): string[] {
  const first = args[0];
  if (first !== undefined && /^-\d+$/.test(first)) return [`-${letter}`, first.slice(1), ...args.slice(1)];
  return [...args];
}

// ---------------------------------------------------------------- lines

/** Lines without their newlines; a final newline does not make an extra empty line ('' has no lines). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Each line followed by a newline: what tools that rewrite lines (sort, uniq, grep …) print. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Lines keeping their own newline, so a missing final newline survives (head, tail, cat -n). */
export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export { utf8Length } from '../../model/utf8.ts';

// ---------------------------------------------------------------- inputs

export interface Source {
  /** The operand as given; '-' for standard input. */
  name: string;
  text: string;
}

/** A file's text from the session's file system, or the kernel's reason (`No such file or directory`, `Is a directory`). */
export function readPath(session: Session, path: string): { ok: true; text: string } | { ok: false; error: string } {
  const fs = session.fs?.();
  if (fs) return fs.read(path);
  const text = session.readFile?.(path);
  return text === undefined ? { ok: false, error: 'No such file or directory' } : { ok: true, text };
}

/**
 * The inputs of a tool that reads FILE operands (no operand, or '-', is stdin).
 * Files come from the session's optional file system; a missing file is GNU's `cmd: X: No such file or directory`
 * (`message` words it otherwise, given the operand and the reason).
 */
export function readSources(
  input: CommandInput,
  operands: readonly string[],
  cmd: string,
  message: (name: string, error: string) => string = (name, error) => `${name}: ${error}`,
): { sources: Source[]; errors: string } {
  const names = operands.length === 0 ? ['-'] : operands;
  const sources: Source[] = [];
  let errors = '';
  for (const name of names) {
    if (name === '-') {
      sources.push({ name, text: input.stdin });
      continue;
    }
    const r = readPath(input.session, name);
    if (!r.ok) errors += `${cmd}: ${message(name, r.error)}\n`;
    else sources.push({ name, text: r.text });
  }
  return { sources, errors };
}

/** A non-negative integer as GNU tools read counts; undefined for anything else. */
export function parseCount(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** `==> name <==` before each input when head/tail show several. */
export function fileHeader(name: string, index: number): string {
  return `${index > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`;
}

/** GNU head/tail's wording for a missing file. */
export const cannotOpen = (name: string, error = 'No such file or directory') =>
  error === 'Is a directory' ? `error reading '${name}': Is a directory` : `cannot open '${name}' for reading: ${error}`;

/** Bytes [from, to) of a text's UTF-8 encoding (head -c, tail -c). */
export function sliceUtf8(text: string, from: number, to?: number): string {
  return new TextDecoder().decode(new TextEncoder().encode(text).slice(from, to));
}
