// Stands in for src/model/api/openapi.generated.ts in the browser (see lazy-reference-data.mjs): empty tables
// that fill in once the real ones, in a chunk of their own (about 100 KB), have loaded.
export const OPENAPI_KINDS: string[] = [];
export const OPENAPI_TEXT: string[] = [];
export const OPENAPI_DEFINITIONS: Record<string, (string | number)[]> = {};

void import('../../../model/api/openapi.generated.ts').then((m) => {
  OPENAPI_TEXT.push(...m.OPENAPI_TEXT);
  Object.assign(OPENAPI_DEFINITIONS, m.OPENAPI_DEFINITIONS);
  // Kinds last: they are what says the tables are complete.
  OPENAPI_KINDS.push(...m.OPENAPI_KINDS);
});
