// A Vite plugin for the browser build: the shell's two large reference tables (kubectl's help texts and
// Kubernetes' OpenAPI descriptions, about 130 KB gzipped together) load in chunks of their own after the
// terminal's engine, instead of inside it. Modules that import them get the stand-ins in ./lazy/, which fill in
// once the real tables arrive. The server build, the CLI bundle and the tests import the real tables directly.
import { fileURLToPath } from 'node:url';

const STAND_INS = {
  'help.generated.ts': fileURLToPath(new URL('./lazy/help.ts', import.meta.url)),
  'openapi.generated.ts': fileURLToPath(new URL('./lazy/openapi.ts', import.meta.url)),
};

export function lazyReferenceData() {
  return {
    name: 'eks-netlab:lazy-reference-data',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options?.ssr || !importer) return null;
      for (const [file, standIn] of Object.entries(STAND_INS)) {
        // The stand-in itself loads the real table.
        if (source.endsWith(`/${file}`) && importer !== standIn) return standIn;
      }
      return null;
    },
  };
}
