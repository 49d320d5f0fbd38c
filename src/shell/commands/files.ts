// File commands over the host's file system (src/shell/fs.ts): pwd, touch, mkdir, rmdir, rm, cp, mv.
// Messages and exit codes are GNU coreutils 9's (mkdir quotes its operand with ‘’ as in a UTF-8 locale).

import type { FileSystem, FsNode } from '../fs.ts';
import type { Command, CommandInput, CommandOutput } from '../types.ts';
import { fail, ok, parseOptions, usageError } from './util.ts';

/** The host's file system, or the message a shell without one gives. */
function hostFs(input: CommandInput, cmd: string): FileSystem | CommandOutput {
  return input.session.fs?.() ?? fail(cmd, 'no file system on this host');
}

const isOutput = (v: unknown): v is CommandOutput => typeof v === 'object' && v !== null && 'exitCode' in v;

/** Last path component, as basename(1) gives it (trailing slashes dropped). */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export const pwd: Command = {
  name: 'pwd',
  usage: 'pwd [-LP]',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'LP' });
    if (!parsed.ok) return usageError('pwd', parsed.message);
    return ok(`${input.session.cwd?.() ?? input.session.env.get('PWD') ?? '/'}\n`);
  },
};

export const touch: Command = {
  name: 'touch',
  usage: 'touch [-c] FILE...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'acmh', valued: 'dtr', long: { 'no-create': 'c', date: 'd', reference: 'r' } });
    if (!parsed.ok) return usageError('touch', parsed.message);
    const o = parsed.opts;
    if (o.operands.length === 0) return usageError('touch', 'missing file operand');
    const fs = hostFs(input, 'touch');
    if (isOutput(fs)) return fs;
    let stderr = '';
    for (const name of o.operands) {
      const found = fs.lookup(name);
      if (found.ok) {
        found.node.mtime = input.session.now();
        continue;
      }
      if (o.flags.has('c') && found.error === 'No such file or directory') continue;
      const problem = found.error === 'No such file or directory' ? fs.write(name, '', true) : found.error;
      if (problem) stderr += `touch: cannot touch '${name}': ${problem}\n`;
    }
    return ok('', stderr, stderr ? 1 : 0);
  },
};

export const mkdir: Command = {
  name: 'mkdir',
  usage: 'mkdir [-p] [-v] DIRECTORY...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'pv', valued: 'm', long: { parents: 'p', verbose: 'v', mode: 'm' } });
    if (!parsed.ok) return usageError('mkdir', parsed.message);
    const o = parsed.opts;
    if (o.operands.length === 0) return usageError('mkdir', 'missing operand');
    const fs = hostFs(input, 'mkdir');
    if (isOutput(fs)) return fs;
    let stdout = '';
    let stderr = '';
    for (const name of o.operands) {
      if (o.flags.has('p')) {
        // -v reports each directory it makes.
        const made: string[] = [];
        let sofar = '';
        let problem: string | undefined;
        for (const part of name.split('/')) {
          sofar = sofar === '' && name.startsWith('/') ? `/${part}` : sofar === '' ? part : `${sofar}/${part}`;
          if (part === '' || part === '.' || part === '..') continue;
          const found = fs.lookup(sofar);
          if (found.ok) {
            if (found.node.kind !== 'dir') problem = 'Not a directory';
          } else {
            problem = found.error === 'No such file or directory' ? fs.mkdir(sofar) : found.error;
            if (!problem) made.push(sofar);
          }
          if (problem) break;
        }
        if (problem) stderr += `mkdir: cannot create directory ‘${name}’: ${problem}\n`;
        if (o.flags.has('v')) stdout += made.map((d) => `mkdir: created directory '${d}'\n`).join('');
        continue;
      }
      const problem = fs.mkdir(name);
      if (problem) stderr += `mkdir: cannot create directory ‘${name}’: ${problem}\n`;
      else if (o.flags.has('v')) stdout += `mkdir: created directory '${name}'\n`;
    }
    return ok(stdout, stderr, stderr ? 1 : 0);
  },
};

export const rmdir: Command = {
  name: 'rmdir',
  usage: 'rmdir [-p] [-v] DIRECTORY...',
  run(input) {
    const parsed = parseOptions(input.args, { flags: 'pv', long: { parents: 'p', verbose: 'v' } });
    if (!parsed.ok) return usageError('rmdir', parsed.message);
    const o = parsed.opts;
    if (o.operands.length === 0) return usageError('rmdir', 'missing operand');
    const fs = hostFs(input, 'rmdir');
    if (isOutput(fs)) return fs;
    let stdout = '';
    let stderr = '';
    for (const name of o.operands) {
      const paths = [name];
      if (o.flags.has('p')) for (let p = name.replace(/\/+$/, ''); p.includes('/'); ) paths.push((p = p.slice(0, p.lastIndexOf('/'))));
      for (const path of paths.filter((p) => p !== '')) {
        const found = fs.lookup(path);
        let problem: string | undefined;
        if (!found.ok) problem = found.error;
        else if (found.node.kind !== 'dir') problem = 'Not a directory';
        else if (found.node.children.size > 0 || /(^|\/)\.\.?\/*$/.test(path)) problem = found.node.children.size > 0 ? 'Directory not empty' : 'Invalid argument';
        else problem = fs.remove(path);
        if (problem) {
          stderr += `rmdir: failed to remove '${path}': ${problem}\n`;
          break;
        }
        if (o.flags.has('v')) stdout += `rmdir: removing directory, '${path}'\n`;
      }
    }
    return ok(stdout, stderr, stderr ? 1 : 0);
  },
};

export const rm: Command = {
  name: 'rm',
  usage: 'rm [-rfdv] FILE...',
  run(input) {
    const parsed = parseOptions(input.args, {
      flags: 'rRfdvi',
      long: { recursive: 'r', force: 'f', dir: 'd', verbose: 'v', 'no-preserve-root': 'N', interactive: 'i' },
    });
    if (!parsed.ok) return usageError('rm', parsed.message);
    const o = parsed.opts;
    const recursive = o.flags.has('r') || o.flags.has('R');
    const force = o.flags.has('f');
    if (o.operands.length === 0) return force ? ok('') : usageError('rm', 'missing operand');
    const fs = hostFs(input, 'rm');
    if (isOutput(fs)) return fs;
    let stdout = '';
    let stderr = '';
    const verbose = o.flags.has('v');
    // Depth first, as rm -r walks: children before their directory.
    const removeTree = (path: string, node: FsNode) => {
      if (node.kind === 'dir') for (const [child, sub] of [...node.children]) removeTree(join(path, child), sub);
      const problem = fs.remove(path);
      if (problem) stderr += `rm: cannot remove '${path}': ${problem}\n`;
      else if (verbose) stdout += node.kind === 'dir' ? `removed directory '${path}'\n` : `removed '${path}'\n`;
    };
    for (const name of o.operands) {
      if (recursive && /(^|\/)\.\.?\/*$/.test(name)) {
        stderr += `rm: refusing to remove '.' or '..' directory: skipping '${name}'\n`;
        continue;
      }
      if (recursive && fs.lookup(name).ok && fs.absolute(name) === '/' && !o.flags.has('N')) {
        stderr += `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`;
        continue;
      }
      const found = fs.lookup(name);
      if (!found.ok) {
        if (!(force && found.error === 'No such file or directory')) stderr += `rm: cannot remove '${name}': ${found.error}\n`;
        continue;
      }
      if (found.node.kind === 'dir' && !recursive) {
        if (!o.flags.has('d')) stderr += `rm: cannot remove '${name}': Is a directory\n`;
        else if (found.node.children.size > 0) stderr += `rm: cannot remove '${name}': Directory not empty\n`;
        else removeTree(name, found.node);
        continue;
      }
      removeTree(name, found.node);
    }
    return ok(stdout, stderr, stderr ? 1 : 0);
  },
};

/** cp and mv: SOURCE DEST, or SOURCE... DIRECTORY. */
function copyOrMove(input: CommandInput, cmd: 'cp' | 'mv'): CommandOutput {
  const parsed = parseOptions(input.args, {
    flags: cmd === 'cp' ? 'rRapfivnTu' : 'fivnTu',
    valued: 't',
    long: { recursive: 'r', archive: 'a', force: 'f', interactive: 'i', verbose: 'v', 'no-clobber': 'n', 'target-directory': 't', 'no-target-directory': 'T' },
  });
  if (!parsed.ok) return usageError(cmd, parsed.message);
  const o = parsed.opts;
  const recursive = cmd === 'mv' || o.flags.has('r') || o.flags.has('R') || o.flags.has('a');
  const operands = [...o.operands];
  const targetOption = o.values.get('t')?.at(-1);
  if (operands.length === 0) return usageError(cmd, 'missing file operand');
  if (targetOption === undefined && operands.length === 1) return usageError(cmd, `missing destination file operand after '${operands[0]}'`);
  const target = targetOption ?? operands.pop()!;
  const fs = hostFs(input, cmd);
  if (isOutput(fs)) return fs;

  const targetFound = fs.lookup(target);
  const intoDir = targetFound.ok && targetFound.node.kind === 'dir' && !o.flags.has('T');
  if (operands.length > 1 || targetOption !== undefined) {
    if (!targetFound.ok) return fail(cmd, `target '${target}': ${targetFound.error}`);
    if (!intoDir) return fail(cmd, `target '${target}': Not a directory`);
  }

  let stdout = '';
  let stderr = '';
  for (const source of operands) {
    const found = fs.lookup(source);
    if (!found.ok) {
      stderr += `${cmd}: cannot stat '${source}': ${found.error}\n`;
      continue;
    }
    const node = found.node;
    if (node.kind === 'dir' && !recursive) {
      stderr += `cp: -r not specified; omitting directory '${source}'\n`;
      continue;
    }
    const dest = intoDir ? join(target, baseName(source)) : target;
    const destFound = fs.lookup(dest);
    if (destFound.ok && destFound.node === node) {
      stderr += `${cmd}: '${source}' and '${dest}' are the same file\n`;
      continue;
    }
    if (node.kind === 'dir') {
      const from = found.path;
      const to = fs.absolute(dest);
      if (to === from || to.startsWith(`${from}/`)) {
        stderr += cmd === 'cp'
          ? `cp: cannot copy a directory, '${source}', into itself, '${dest}'\n`
          : `mv: cannot move '${source}' to a subdirectory of itself, '${dest}'\n`;
        continue;
      }
      if (destFound.ok && destFound.node.kind !== 'dir') {
        stderr += `${cmd}: cannot overwrite non-directory '${dest}' with directory '${source}'\n`;
        continue;
      }
    } else if (destFound.ok && destFound.node.kind === 'dir') {
      stderr += `${cmd}: cannot overwrite directory '${dest}' with non-directory\n`;
      continue;
    }
    if (destFound.ok && o.flags.has('n')) continue;
    if (cmd === 'cp' && node.kind === 'dir' && destFound.ok && destFound.node.kind === 'dir') {
      // cp -r into an existing directory merges.
      for (const [name, child] of node.children) {
        const problem = fs.place(join(dest, name), fs.clone(child));
        if (problem) stderr += `cp: cannot create regular file '${join(dest, name)}': ${problem}\n`;
      }
    } else {
      const moved = cmd === 'mv' ? node : fs.clone(node);
      if (cmd === 'cp' && o.flags.has('a')) moved.mtime = node.mtime;
      const problem = fs.place(dest, moved);
      if (problem) {
        stderr += cmd === 'cp'
          ? `cp: cannot create ${node.kind === 'dir' ? 'directory' : 'regular file'} '${dest}': ${problem}\n`
          : `mv: cannot move '${source}' to '${dest}': ${problem}\n`;
        continue;
      }
      if (cmd === 'mv') {
        const removed = fs.remove(source);
        if (removed) stderr += `mv: cannot remove '${source}': ${removed}\n`;
      }
    }
    if (o.flags.has('v')) stdout += cmd === 'cp' ? `'${source}' -> '${dest}'\n` : `renamed '${source}' -> '${dest}'\n`;
  }
  return ok(stdout, stderr, stderr ? 1 : 0);
}

export const cp: Command = { name: 'cp', usage: 'cp [-r] SOURCE... DEST', run: (input) => copyOrMove(input, 'cp') };
export const mv: Command = { name: 'mv', usage: 'mv SOURCE... DEST', run: (input) => copyOrMove(input, 'mv') };
