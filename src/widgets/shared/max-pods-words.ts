// The max-pods words in Korean (src/model/max-pods-ko.ts: the worked steps, the notes, the quiz's question and
// mistakes) for the calculator and the max-pods quiz. On a Korean page they load, as a chunk of their own, before
// the island hydrates (a top-level await in this module, which the islands import), so that hydration renders
// the Korean the server rendered; English pages never load them. The server (no document) always has them.
import type * as MaxPodsKoModule from '../../model/max-pods-ko.ts';

export type MaxPodsKo = typeof MaxPodsKoModule;

export const maxPodsKo: MaxPodsKo | undefined =
  typeof document === 'undefined' || document.documentElement.lang === 'ko' ? await import('../../model/max-pods-ko.ts') : undefined;
