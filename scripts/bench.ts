// npm run bench [-- --no-build]: page weight per built page, island hydration JS, CLI start-up and model speed.
// Sizes are gzip -9 of the files a browser fetches. "Before interaction" is the HTML, its render-blocking CSS
// and the JS its module scripts load statically; what those scripts import() later (Starlight's search UI,
// loaded on idle) and what islands load on hydration or on first use are reported on their own lines.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { allInstanceTypes } from '../src/model/catalog/index.ts';
import { computeMaxPods } from '../src/model/max-pods.ts';

const TARGET_LESSON_KB = 28;
const TARGET_ISLANDS_KB = 12;
const TARGET_CLI_MS = 150;
const ROOT = 'dist';

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
if (!values['no-build']) execFileSync('npx', ['astro', 'build'], { stdio: 'ignore' });

const gz = (path: string) => gzipSync(readFileSync(join(ROOT, path)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);

/** Static imports of a built chunk, and its dynamic import() targets, as site paths. */
function importsOf(path: string): { statics: string[]; dynamics: string[] } {
  const code = readFileSync(join(ROOT, path), 'utf8');
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const resolve = (spec: string) => (spec.startsWith('.') ? new URL(spec, `http://x${dir}`).pathname : spec);
  const statics = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]([^"'`]+)["'`]/g)].map((m) => resolve(m[1]));
  const dynamics = [...code.matchAll(/import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => resolve(m[1]));
  return { statics, dynamics };
}

/** Every file a set of entry chunks loads statically, and the chunks they import() (with their closures). */
function closure(entries: string[]): { statics: Set<string>; lazy: Set<string> } {
  const statics = new Set<string>();
  const lazyEntries: string[] = [];
  const visit = (f: string) => {
    if (statics.has(f)) return;
    statics.add(f);
    const { statics: s, dynamics } = importsOf(f);
    s.forEach(visit);
    lazyEntries.push(...dynamics);
  };
  entries.forEach(visit);
  const lazy = new Set<string>();
  const visitLazy = (f: string) => {
    // Computed specifiers (Pagefind's index, fetched only when search opens) cannot be followed statically.
    if (statics.has(f) || lazy.has(f) || !f.endsWith('.js') || f.includes('${') || !existsSync(join(ROOT, f))) return;
    lazy.add(f);
    const { statics: s, dynamics } = importsOf(f);
    [...s, ...dynamics].forEach(visitLazy);
  };
  lazyEntries.forEach(visitLazy);
  return { statics, lazy };
}

function pages(dir = ''): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === '_astro' || e.name === 'pagefind' ? [] : pages(path);
    return e.name === 'index.html' ? [path] : [];
  });
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
let failed = false;
const check = (ok: boolean) => {
  if (!ok) failed = true;
  return ok ? 'ok' : 'OVER TARGET';
};

console.log('Page weight, gzip -9 (production build)\n');
for (const page of pages().sort()) {
  const html = readFileSync(join(ROOT, page), 'utf8');
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => !/media="print"/.test(tag))
    .map((tag) => attr(tag, 'href')!);
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const page0 = closure(scripts);
  const htmlGz = gzipSync(html, { level: 9 }).length;
  const before = htmlGz + sum(css) + sum(page0.statics);
  const isLesson = page.startsWith('/lessons/');
  console.log(`${page.replace(/index\.html$/, '')}`);
  console.log(`  HTML ${kb(htmlGz)} + render-blocking CSS ${kb(sum(css))} + JS ${kb(sum(page0.statics))} = ${kb(before)} before interaction${isLesson ? ` (target ≤ ${TARGET_LESSON_KB} KB: ${check(before <= TARGET_LESSON_KB * 1024)})` : ''}`);
  console.log(`  search UI loaded on idle: ${kb(sum(page0.lazy))}`);

  const islands = [...html.matchAll(/<astro-island[^>]*>/g)].map((m) => m[0]);
  if (islands.length === 0) continue;
  const all = new Set<string>();
  const lazyAll = new Set<string>();
  for (const tag of islands) {
    const component = attr(tag, 'component-url')!;
    const { statics, lazy } = closure([component, attr(tag, 'renderer-url')!]);
    // The renderer's own import() (Preact signals, only for signal props) is not the island's.
    closure([attr(tag, 'renderer-url')!]).lazy.forEach((f) => lazy.delete(f));
    const own = [...statics].filter((f) => !page0.statics.has(f));
    own.forEach((f) => all.add(f));
    [...lazy].filter((f) => !page0.statics.has(f)).forEach((f) => lazyAll.add(f));
    const name = component.replace(/^.*\/|\.[\w-]+\.js$/g, '');
    console.log(`  island ${name} (${attr(tag, 'client')}): hydration JS ${kb(sum(own))}`);
  }
  const islandsGz = sum(all);
  console.log(`  islands together: hydration JS ${kb(islandsGz)} (target ≤ ${TARGET_ISLANDS_KB} KB: ${check(islandsGz <= TARGET_ISLANDS_KB * 1024)})`);
  console.log(`  loaded on first use (instance catalog, quiz generator): ${kb(sum([...lazyAll].filter((f) => !all.has(f))))}`);
}

function medianMs(runs: number, command: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 || r.stdout !== '17\n') throw new Error(`CLI run failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log('\nCLI start-up, `eks-netlab max-pods --instance-type t3.medium`');
const args = ['max-pods', '--instance-type', 't3.medium'];
medianMs(1, process.execPath, ['bin/eks-netlab.mjs', ...args]); // builds the bundle if it is stale
const direct = medianMs(20, process.execPath, ['bin/eks-netlab.mjs', ...args]);
console.log(`  node bin/eks-netlab.mjs: median of 20 runs ${direct.toFixed(0)} ms (target ≤ ${TARGET_CLI_MS} ms: ${check(direct <= TARGET_CLI_MS)})`);
const bare = medianMs(1, process.execPath, ['-e', 'process.stdout.write("17\\n")']) && medianMs(20, process.execPath, ['-e', 'process.stdout.write("17\\n")']);
console.log(`  for comparison, node printing 17 and nothing else: median ${bare.toFixed(0)} ms`);
const viaNpx = medianMs(5, 'npx', ['--no-install', 'eks-netlab', ...args]);
console.log(`  npx eks-netlab (adds npm's own start-up): median of 5 runs ${viaNpx.toFixed(0)} ms`);

console.log('\nModel');
const types = allInstanceTypes();
const options = [{}, { prefixDelegation: true }, { customNetworking: true, showMaxAllowed: true }, { maxEni: 2 }];
let n = 0;
const start = performance.now();
while (performance.now() - start < 1000) {
  for (const t of types) for (const o of options) computeMaxPods(t, o);
  n += types.length * options.length;
}
const perSecond = n / ((performance.now() - start) / 1000);
console.log(`  computeMaxPods with worked steps: ${Math.round(perSecond).toLocaleString('en')} calculations per second`);

process.exitCode = failed ? 1 : 0;
