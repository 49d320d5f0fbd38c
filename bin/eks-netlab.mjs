#!/usr/bin/env node
// Launcher for the eks-netlab CLI. It runs the bundle that scripts/build-cli.ts writes to .build/cli (plain JS:
// starts fast, even on older Node). `npm install`, `npm test`, `npm run dev` and `npm run build` rebuild it;
// after editing src/ by hand, `npm run build:cli`. Without a bundle it builds one, or, without esbuild, runs the
// TypeScript source directly (Node >= 22.18 strips the types, at a slower start).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}.build/cli/eks-netlab.mjs`;

if (!existsSync(bundle)) {
  try {
    const { buildCli } = await import('../scripts/lib/build-cli.mjs');
    await buildCli(root);
  } catch {
    // No esbuild (e.g. installed without dev dependencies): fall through to the source.
  }
}
const { main } = existsSync(bundle) ? await import(bundle) : await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
