// What head and tail share: -n/-c counts (the last one wins, obsolete `-5` forms too), FILE operands and the
// `==> name <==` headers. Each tool only says how to parse its count and which part of a file to keep.

import type { CommandInput, CommandOutput } from '../types.ts';
import { cannotOpen, fileHeader, ok, parseOptions, readSources, rewriteObsoleteCount, usageError } from './util.ts';

export interface SliceTool<Spec> {
  name: 'head' | 'tail';
  /** Flags besides -q/-v (tail accepts and ignores -f/-F). */
  extraFlags?: string;
  extraLong?: Record<string, string>;
  parseCount(text: string): Spec | undefined;
  defaultSpec: Spec;
  /** The kept part of one file, by bytes (-c) or by lines. */
  slice(text: string, byBytes: boolean, spec: Spec): string;
}

export function runSliceTool<Spec>(input: CommandInput, tool: SliceTool<Spec>): CommandOutput {
  const parsed = parseOptions(rewriteObsoleteCount(input.args, 'n'), {
    flags: `qv${tool.extraFlags ?? ''}`,
    valued: 'nc',
    long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v', ...tool.extraLong },
  });
  if (!parsed.ok) return usageError(tool.name, parsed.message);
  const o = parsed.opts;
  // The last of -n / -c wins.
  const last = [...o.sequence].reverse().find((s) => s.letter === 'n' || s.letter === 'c');
  const byBytes = last?.letter === 'c';
  const spec = last?.value === undefined ? tool.defaultSpec : tool.parseCount(last.value);
  if (!spec) return { stdout: '', stderr: `${tool.name}: invalid number of ${byBytes ? 'bytes' : 'lines'}: ‘${last!.value}’\n`, exitCode: 1 };

  const { sources, errors } = readSources(input, o.operands, tool.name, cannotOpen);
  const headers = o.flags.has('v') || (!o.flags.has('q') && o.operands.length > 1);
  let stdout = '';
  sources.forEach((s, k) => {
    if (headers) stdout += fileHeader(s.name, k);
    stdout += tool.slice(s.text, byBytes, spec);
  });
  return ok(stdout, errors, errors ? 1 : 0);
}
