// Stands in for src/shell/commands/kubectl/help.generated.ts in the browser (see lazy-reference-data.mjs): an
// empty table that fills in once the real one, in a chunk of its own, has loaded. It starts loading as soon as
// the engine does, so it is there long before anyone types `kubectl --help`; until then help says it is loading.
export const KUBECTL_HELP: Record<string, string> = {};

void import('../../../shell/commands/kubectl/help.generated.ts').then((m) => Object.assign(KUBECTL_HELP, m.KUBECTL_HELP));
