#!/usr/bin/env node
// Launcher for the eks-netlab CLI. It runs the bundle that scripts/build-cli.ts writes to .build/ (plain JS:
// starts fast, even on older Node), rebuilding it first when src/ has changed since; without esbuild it runs
// the TypeScript source directly (Node >= 22.18 strips the types, at a slower start).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}.build/cli/eks-netlab.mjs`;

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  for (const dir of ['src/model', 'src/shell', 'src/cli']) {
    for (const file of readdirSync(`${root}${dir}`, { recursive: true })) {
      if (statSync(`${root}${dir}/${file}`).mtimeMs > built) return false;
    }
  }
  return true;
}

let main;
if (!bundleIsFresh()) {
  try {
    const { buildCli } = await import('../scripts/lib/build-cli.mjs');
    await buildCli(root);
  } catch {
    // No esbuild (e.g. installed without dev dependencies): fall through to the source.
  }
}
if (bundleIsFresh()) ({ main } = await import(bundle));
else ({ main } = await import('../src/cli/main.ts'));

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
