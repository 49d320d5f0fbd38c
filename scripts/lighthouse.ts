// npm run lighthouse [-- --no-build] [--runs N] [PATH…]: Lighthouse's mobile audit (its default: a mid-range phone
// on a throttled connection) of every built page, or of the PATHs given, served as a static host serves them
// (scripts/lib/static-server.ts, gzipped). The target is 100 in each category on every page (issue 17). Prints
// each page's scores and the audits that fall short; exits 1 if a score is under 100.
// Lighthouse is not a dependency of the site: npx fetches the pinned version below from npm on first use (it needs
// Node >= 22.19, which `npm run` provides). Chromium as for the browser tests (CHROMIUM_PATH, else /usr/bin/chromium).
// Performance figures vary from run to run on a shared machine: with --runs N each page is audited N times and the
// median run (by performance score) is reported.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { BuiltSite } from './lib/page-weight.ts';
import { serveStatic } from './lib/static-server.ts';

const LIGHTHOUSE = 'lighthouse@13.5.0';
/** The four categories the target names (Lighthouse 13 reports others too). */
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'no-build': { type: 'boolean', default: false }, runs: { type: 'string', default: '1' } } });
if (!values['no-build']) execFileSync('npx', ['astro', 'build'], { stdio: 'ignore' });

interface Report {
  categories: Record<string, { id: string; score: number }>;
  audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; displayValue?: string }>;
}

// Every page but the old addresses that only redirect.
const paths = positionals.length > 0 ? positionals : new BuiltSite('dist').pages()
  .filter((p) => !/http-equiv="refresh"/.test(readFileSync(join('dist', p), 'utf8')))
  .map((p) => p.replace(/index\.html$/, ''));

const { server, url } = await serveStatic('dist');
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const run = promisify(execFile);
let failed = false;
for (const path of paths) {
  const reports: Report[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const out = join(dir, 'report.json');
    // The server runs in this process: Lighthouse must run beside it, not block it.
    await run('npx', ['--yes', LIGHTHOUSE, url + path, `--only-categories=${CATEGORIES.join(',')}`, '--output=json', `--output-path=${out}`, '--quiet', '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage'], { env: { ...process.env, CHROME_PATH: CHROMIUM } });
    reports.push(JSON.parse(readFileSync(out, 'utf8')) as Report);
  }
  reports.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const r = reports[Math.floor(reports.length / 2)];
  const scores = CATEGORIES.map((id) => ({ id, score: Math.round(r.categories[id].score * 100) }));
  // The audits that cost points: scored ones below 0.9 (insights and manual checks carry no weight).
  const short = Object.values(r.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable' && !a.id.endsWith('-insight'));
  const ok = scores.every((s) => s.score === 100);
  if (!ok) failed = true;
  console.log(`${path}  ${scores.map((s) => `${s.id} ${s.score}`).join(', ')}${ok ? '' : '  UNDER 100'}`);
  for (const a of short) console.log(`  ${a.id}: ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}`);
}
server.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
