// Bundles src/cli/main.ts into .build/eks-netlab.mjs (plain JS). Plain .mjs so that the launcher can call it
// on any Node; written to a temporary name and renamed so that concurrent launches never see half a file.
import { renameSync } from 'node:fs';

export async function buildCli(root) {
  const { build } = await import('esbuild');
  const tmp = `${root}.build/eks-netlab.${process.pid}.mjs`;
  await build({
    entryPoints: [`${root}src/cli/main.ts`],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minifySyntax: true,
    logLevel: 'error',
  });
  renameSync(tmp, `${root}.build/eks-netlab.mjs`);
}
