// Differential test: every case in tests/conformance/bash-corpus/*.txt runs through our shell and through the
// machine's real bash (GNU coreutils, gawk as awk), and the two must print the same bytes and exit the same way.
//
// Corpus format: cases are separated by blank lines; a case may span several lines (loops, heredocs). Lines that
// start with `#` before a case's first command are comments. A comment `# differs: REASON` marks a case we know
// we print differently; the test then asserts that it still differs, so a fix forces the marker's removal.
//
// What legitimately differs is kept out by construction: cases read no model state (no $N1, no kubectl), print no
// PIDs, host names, dates or working directories, and use only files both sides have (the lab's manifests, in the
// current directory on both sides).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labFiles } from '../../src/node/lab-content.ts';
import { createEngine } from '../../src/shell/engine.ts';

const CORPUS_DIR = join(import.meta.dirname, 'bash-corpus');

interface Case {
  file: string;
  line: number;
  script: string;
  differs?: string;
}

function readCorpus(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort()) {
    const lines = readFileSync(join(CORPUS_DIR, file), 'utf8').split('\n');
    let block: string[] = [];
    let start = 0;
    let differs: string | undefined;
    const flush = () => {
      if (block.length) cases.push({ file, line: start, script: block.join('\n'), differs });
      block = [];
      differs = undefined;
    };
    lines.forEach((text, i) => {
      if (text.trim() === '' && block.length) return flush();
      if (block.length === 0) {
        if (text.trim() === '') return;
        if (text.startsWith('#')) {
          const m = /^#\s*differs:\s*(.+)$/.exec(text);
          if (m) differs = m[1];
          return;
        }
        start = i + 1;
      }
      block.push(text);
    });
    flush();
  }
  return cases;
}

const KUBECONFIG = createEngine().cluster.eks.kubeconfig;

/** Where the real side's cases run; removed after the run. */
const scratch = mkdtempSync(join(tmpdir(), 'netlab-bash-'));

/** The real side: bash 5 as an interactive shell (so error messages carry no line numbers, as on a terminal). */
function realBash(): (script: string) => string {
  const home = scratch;
  for (const [path, content] of Object.entries(labFiles())) writeFileSync(join(home, basename(path)), content);
  const bin = join(home, '.bin');
  mkdirSync(bin);
  // Amazon Linux 2's awk is gawk; Debian's default awk is mawk.
  const gawk = execFileSync('bash', ['-c', 'command -v gawk || true'], { encoding: 'utf8' }).trim();
  if (!gawk) throw new Error('gawk is not installed (apt-get install -y gawk): the differential test needs it as awk');
  symlinkSync(gawk, join(bin, 'awk'));
  const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: home, LC_ALL: 'C.UTF-8', TZ: 'UTC', TERM: 'dumb' };
  return (script) => {
    // Each case starts in a fresh copy of the lab's directory, as ours starts on a fresh cluster: files a case
    // creates or removes do not leak into the next.
    const cwd = mkdtempSync(join(home, 'case-'));
    for (const [path, content] of Object.entries(labFiles())) writeFileSync(join(cwd, basename(path)), content);
    // The bastion's home also has the kubeconfig eksctl wrote.
    mkdirSync(join(cwd, '.kube'));
    writeFileSync(join(cwd, '.kube', 'config'), KUBECONFIG);
    // stdout and stderr into one pipe, interleaved as a terminal shows them (our side does the same).
    const r = spawnSync('bash', ['-c', 'exec bash --norc --noprofile -i -c "$1" 2>&1', 'bash', script], { cwd, env: { ...env, HOME: cwd }, encoding: 'utf8', input: '', timeout: 10_000 });
    // -i makes bash say it has no terminal to control: that is the harness, not the case.
    return (r.stdout ?? '').replace(/^bash: cannot set terminal process group \(\d+\): Inappropriate ioctl for device\nbash: no job control in this shell\n/, '') + `[exit ${r.status}]\n`;
  };
}

/** Our side: a fresh cluster per case, fed line by line as `eks-netlab shell` feeds a pipe. */
function ourShell(script: string): string {
  const engine = createEngine({ files: labFiles() });
  engine.shell.run('cd /root');
  let out = '';
  let exitCode = 0;
  for (const line of script.split('\n')) {
    const r = engine.shell.run(line);
    out += r.output;
    exitCode = r.exitCode;
  }
  // The end of the input, as `eks-netlab shell` reaches the end of its stdin: an unfinished command is an error.
  const end = engine.shell.end();
  out += end.output;
  exitCode = end.exitCode;
  return out + `[exit ${exitCode}]\n`;
}

const cases = readCorpus();
const bash = realBash();
let matched = 0;

describe('our shell against bash 5 + GNU coreutils + gawk', () => {
  it('has a corpus', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    const title = `${c.file}:${c.line} ${c.script.split('\n')[0]!.slice(0, 80)}`;
    it(title, () => {
      const expected = bash(c.script);
      const actual = ourShell(c.script);
      if (c.differs) {
        expect(actual, `marked "differs: ${c.differs}" but now matches bash: remove the marker`).not.toBe(expected);
      } else {
        expect(actual).toBe(expected);
        matched++;
      }
    });
  }
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    console.log(`bash differential: ${matched} of ${cases.length} cases print what bash prints`);
  });
});
