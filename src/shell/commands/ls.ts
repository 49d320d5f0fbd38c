// ls over the host's file system, as GNU coreutils prints it in the C locale (names in byte order).
// To a pipe (pipe mode, scripts) one name per line; in an interactive session columns 80 wide as on a
// terminal (GNU's -C layout: as many columns as fit, each as wide as its longest name plus two spaces).
// -l shows mode, links, owner, group, size and the model-clock mtime (`%b %e %H:%M`, or the year when older
// than six months or in the future), with `total` in 1K blocks (4 per started 4 KiB).

import { fileText, type FileSystem, type FsNode } from '../fs.ts';
import type { Command } from '../types.ts';
import { ok, parseOptions, usageError, utf8Length } from './util.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HALF_YEAR_MS = (365.2425 / 2) * 86_400_000;

export function modeString(node: FsNode): string {
  const bits = node.mode;
  const rwx = (shift: number, special: boolean, specialChar: string) => {
    const r = bits & (4 << shift) ? 'r' : '-';
    const w = bits & (2 << shift) ? 'w' : '-';
    const x = bits & (1 << shift);
    const e = special ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-';
    return r + w + e;
  };
  const type = node.kind === 'dir' ? 'd' : node.sink ? 'c' : '-';
  return type + rwx(6, (bits & 0o4000) !== 0, 's') + rwx(3, (bits & 0o2000) !== 0, 's') + rwx(0, (bits & 0o1000) !== 0, 't');
}

export function lsTime(mtime: number, now: number): string {
  const d = new Date(mtime);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = mtime <= now && now - mtime < HALF_YEAR_MS;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

// A kernel file (/proc/sys) has no size: stat reports 0 and its text is made when it is read.
const sizeOf = (node: FsNode) => (node.kind === 'dir' ? 4096 : node.onWrite ? 0 : utf8Length(fileText(node)));
const blocksOf = (node: FsNode) => Math.ceil(sizeOf(node) / 4096) * 4;
const linksOf = (node: FsNode) => (node.kind === 'dir' ? 2 + [...node.children.values()].filter((c) => c.kind === 'dir').length : 1);

/** `-h`: 1K blocks and sizes as GNU's human_readable does (one decimal under 10, rounded up). */
function human(n: number): string {
  if (n < 1024) return String(n);
  const units = 'KMGTPE';
  let value = n;
  let u = -1;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  const shown = value < 10 ? Math.ceil(value * 10) / 10 : Math.ceil(value);
  if (shown >= 1024 && u < units.length - 1) return `1.0${units[u + 1]}`;
  return (value < 10 && shown < 10 ? shown.toFixed(1) : String(Math.ceil(value))) + units[u];
}

/** GNU ls -C (print_many_per_line): the most columns whose line stays under the width, names down the columns,
 *  padded with tabs where a tab stop (every 8) fits, as GNU's indent() does. */
export function columns(names: string[], width = 80): string {
  const n = names.length;
  if (n === 0) return '';
  const MIN = 3;
  const lengths = names.map((name) => [...name].length);
  const maxIdx = Math.max(1, Math.min(n, Math.floor(width / MIN)));
  const configs = Array.from({ length: maxIdx }, (_, i) => ({ valid: true, lineLen: (i + 1) * MIN, widths: Array<number>(i + 1).fill(MIN) }));
  lengths.forEach((len, fileNo) => {
    configs.forEach((c, i) => {
      if (!c.valid) return;
      const idx = Math.floor(fileNo / Math.ceil(n / (i + 1)));
      const real = len + (idx === i ? 0 : 2);
      if (c.widths[idx]! < real) {
        c.lineLen += real - c.widths[idx]!;
        c.widths[idx] = real;
        c.valid = c.lineLen < width;
      }
    });
  });
  let cols = maxIdx;
  while (cols > 1 && !configs[cols - 1]!.valid) cols--;
  const widths = configs[cols - 1]!.widths;
  const rows = Math.ceil(n / cols);
  const indent = (from: number, to: number) => {
    let text = '';
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
        text += '\t';
        from += 8 - (from % 8);
      } else {
        text += ' ';
        from++;
      }
    }
    return text;
  };
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let col = 0, fileNo = row; fileNo < n; col++, fileNo += rows) {
      out += names[fileNo];
      if (fileNo + rows < n) {
        out += indent(pos + lengths[fileNo]!, pos + widths[col]!);
        pos += widths[col]!;
      }
    }
    out += '\n';
  }
  return out;
}

interface Entry {
  name: string;
  node: FsNode;
}

export const ls: Command = {
  name: 'ls',
  usage: 'ls [-laA1dRrtSh] [FILE]...',
  run(input) {
    // --color[=WHEN] (Amazon Linux aliases ls to ls --color=auto) is accepted; output here has no colours.
    const args = input.args.filter((a) => !/^--colou?r(=.*)?$/.test(a));
    const parsed = parseOptions(args, {
      flags: 'laA1dRrtShCFpg',
      long: { all: 'a', 'almost-all': 'A', directory: 'd', recursive: 'R', reverse: 'r', 'human-readable': 'h', classify: 'F' },
    });
    if (!parsed.ok) return usageError('ls', parsed.message, 2);
    const o = parsed.opts;
    const fs: FileSystem | undefined = input.session.fs?.();
    if (!fs) return { stdout: '', stderr: 'ls: no file system on this host\n', exitCode: 2 };
    const long = o.flags.has('l') || o.flags.has('g');
    const onePerLine = o.flags.has('1') || !input.session.interactive;
    const now = input.session.now();

    const decorate = (e: Entry) => e.name + (o.flags.has('F') || o.flags.has('p') ? (e.node.kind === 'dir' ? '/' : '') : '');
    const order = (entries: Entry[]): Entry[] => {
      const sorted = [...entries].sort((a, b) => {
        if (o.flags.has('S')) {
          const d = sizeOf(b.node) - sizeOf(a.node);
          if (d !== 0) return d;
        } else if (o.flags.has('t')) {
          const d = b.node.mtime - a.node.mtime;
          if (d !== 0) return d;
        }
        return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      });
      return o.flags.has('r') ? sorted.reverse() : sorted;
    };
    const format = (entries: Entry[], withTotal: boolean): string => {
      if (!long) {
        const names = entries.map(decorate);
        return onePerLine ? names.map((n) => `${n}\n`).join('') : columns(names);
      }
      const sizes = entries.map((e) => (e.node.kind === 'file' && e.node.sink ? '1, 3' : o.flags.has('h') ? human(sizeOf(e.node)) : String(sizeOf(e.node))));
      const links = entries.map((e) => String(linksOf(e.node)));
      const linkWidth = Math.max(0, ...links.map((l) => l.length));
      const sizeWidth = Math.max(0, ...sizes.map((s) => s.length));
      const ownerWidth = Math.max(0, ...entries.map((e) => e.node.owner.length));
      const total = entries.reduce((sum, e) => sum + blocksOf(e.node), 0);
      let out = withTotal ? `total ${o.flags.has('h') ? human(total * 1024) : total}\n` : '';
      entries.forEach((e, i) => {
        const owner = e.node.owner.padEnd(ownerWidth);
        const who = o.flags.has('g') ? owner : `${owner} ${owner}`;
        out += `${modeString(e.node)} ${links[i]!.padStart(linkWidth)} ${who} ${sizes[i]!.padStart(sizeWidth)} ${lsTime(e.node.mtime, now)} ${decorate(e)}\n`;
      });
      return out;
    };
    const children = (node: FsNode): Entry[] => {
      if (node.kind !== 'dir') return [];
      const list: Entry[] = [...node.children].map(([name, child]) => ({ name, node: child }));
      if (o.flags.has('a')) list.push({ name: '.', node }, { name: '..', node });
      return list.filter((e) => o.flags.has('a') || o.flags.has('A') || !e.name.startsWith('.'));
    };

    let stderr = '';
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    const operands = o.operands.length ? o.operands : ['.'];
    for (const name of operands) {
      const found = fs.lookup(name);
      if (!found.ok) {
        stderr += `ls: cannot access '${name}': ${found.error}\n`;
        continue;
      }
      if (found.node.kind === 'dir' && !o.flags.has('d')) dirs.push({ name, node: found.node });
      else files.push({ name, node: found.node });
    }

    const blocks: string[] = [];
    if (files.length) blocks.push(format(order(files), false));
    const showHeaders = operands.length > 1 || o.flags.has('R');
    const listDir = (entry: Entry) => {
      const list = order(children(entry.node));
      blocks.push((showHeaders ? `${entry.name}:\n` : '') + format(list, true));
      if (o.flags.has('R')) {
        for (const sub of list) {
          if (sub.node.kind === 'dir' && sub.name !== '.' && sub.name !== '..') {
            listDir({ name: entry.name.endsWith('/') ? `${entry.name}${sub.name}` : `${entry.name}/${sub.name}`, node: sub.node });
          }
        }
      }
    };
    for (const d of order(dirs)) listDir(d);
    return ok(blocks.join('\n'), stderr, stderr ? 2 : 0);
  },
};
