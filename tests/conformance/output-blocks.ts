// The command output a lesson quotes, and the rule by which a block agrees with what the simulator printed.
//
// A fenced block with no language or `text` (``` or ```text wrap) is output; `sh`, `yaml` and the like are input a
// reader types or applies. A block matches an output when its lines, right-trimmed, are consecutive lines of the
// output (right-trimmed too: a terminal shows no trailing blanks or carriage returns), except that a line that is
// just `…` stands for any run of lines, none included, and a `…` inside a line stands for any text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OutputBlock {
  /** The lesson's file name without `.mdx`. */
  slug: string;
  /** Where it starts, for messages: `content/lessons/pod-ip.mdx:46`. */
  where: string;
  lines: string[];
}

/** Info-string languages of blocks that hold input, not output. */
const INPUT_LANGUAGES = new Set(['sh', 'bash', 'shell', 'yaml', 'yml', 'json', 'ini', 'toml']);
const OUTPUT_LANGUAGES = new Set(['', 'text']);

export const ELLIPSIS = '…';

/** The output blocks of one MDX text. A block in a language neither list knows is an error, so that a new kind of
 *  block is classified rather than skipped. */
export function outputBlocks(mdx: string, slug: string, file: string): OutputBlock[] {
  const lines = mdx.split('\n');
  const blocks: OutputBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[i]!); i++) body.push(lines[i]!.slice(indent!.length));
    if (INPUT_LANGUAGES.has(language!)) continue;
    if (!OUTPUT_LANGUAGES.has(language!)) throw new Error(`${file}:${start + 1}: a \`${language}\` block: say in tests/conformance/output-blocks.ts whether it is input or output`);
    blocks.push({ slug, where: `${file}:${start + 1}`, lines: body.map((l) => l.trimEnd()) });
  }
  return blocks;
}

/** Every lesson's output blocks in content/<relative> (`lessons` or `ko/lessons`). */
export function lessonOutputBlocks(relative: string): OutputBlock[] {
  const dir = new URL(`../../content/${relative}/`, import.meta.url).pathname;
  return readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort().flatMap((f) => outputBlocks(readFileSync(join(dir, f), 'utf8'), f.replace(/\.mdx$/, ''), `content/${relative}/${f}`));
}

function linePattern(line: string): RegExp {
  return new RegExp(`^${line.split(ELLIPSIS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export interface MatchResult {
  ok: boolean;
  /** When not: the first block line that no placement of the block could get past, for the message. */
  stuckAt?: string;
}

/** Whether `block` (its lines) appears in `output` by the rule above. */
export function matchBlock(block: string[], output: string): MatchResult {
  const out = output.split('\n').map((l) => l.trimEnd());
  const pattern = block.map((l) => (l === ELLIPSIS ? undefined : linePattern(l)));
  let furthest = 0;
  // Pattern position p against output line o; a gap tries every run length, shortest first.
  const from = (p: number, o: number): boolean => {
    furthest = Math.max(furthest, p);
    if (p === pattern.length) return true;
    const re = pattern[p];
    if (re === undefined) {
      for (let k = o; k <= out.length; k++) if (from(p + 1, k)) return true;
      return false;
    }
    return o < out.length && re.test(out[o]!) && from(p + 1, o + 1);
  };
  for (let start = 0; start < out.length; start++) if (from(0, start)) return { ok: true };
  while (block[furthest] === ELLIPSIS) furthest++;
  return { ok: false, stuckAt: block[furthest] };
}
