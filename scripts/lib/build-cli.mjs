// Bundles src/cli/main.ts into .build/cli/ (plain JS, split so that `max-pods` does not load the cluster
// engine). Plain .mjs so that the launcher can call it on any Node. Written to a temporary folder and moved
// into place entry-last, so that concurrent launches never see half a bundle.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';

export async function buildCli(root) {
  const { build } = await import('esbuild');
  const out = `${root}.build/cli`;
  const tmp = `${root}.build/tmp-${process.pid}`;
  await build({
    entryPoints: { 'eks-netlab': `${root}src/cli/main.ts` },
    outdir: tmp,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    minifySyntax: true,
    // Some dependencies call require() for Node built-ins; give the ESM bundle a real one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  mkdirSync(out, { recursive: true });
  const files = readdirSync(tmp).sort((a, b) => (a === 'eks-netlab.mjs' ? 1 : b === 'eks-netlab.mjs' ? -1 : 0));
  for (const f of files) renameSync(`${tmp}/${f}`, `${out}/${f}`);
  rmSync(tmp, { recursive: true, force: true });
}
