// Korean search terms without their particles. Korean writes a noun and its particle (조사) as one word: 파드는,
// 파드의, ENI를, kube-proxy의. Pagefind splits words on whitespace only and has no Korean stemmer
// (https://pagefind.app/docs/multilingual/), so an index of the words as written holds 파드는 and 파드의 but never
// 파드. Two halves use this module, so that the index and the query agree:
// - at build time (src/node/search-index.ts) each Korean page gets the bare stems of its words as extra index
//   words: a query for 파드 then matches the word 파드 itself, in whichever index chunk holds it, on every page that
//   writes 파드는 or 파드의 (Pagefind's own prefix matching only searches the one chunk its term falls in);
// - in the search box (Pagefind UI's processTerm) a query typed with a particle, 파드는 or ENI를, is searched as its
//   stem, which finds every form by that same prefix matching.
// Nothing is ever removed from the index: a wrong stem adds a word nobody searches for, it hides none.

/** Particles and the common endings that follow a noun, longest first so that 에서는 goes before 는. */
const SUFFIXES = [
  // verb endings on a Sino-Korean noun (할당합니다 → 할당, 설정된 → 설정)
  '하겠습니다', '되었습니다', '했습니다', '됐습니다', '합니다', '됩니다', '하려면', '되려면', '하므로', '되므로',
  '하지만', '했지만', '하면서', '하거나', '되거나', '하는데', '되는데', '하도록', '되도록', '해야', '돼야',
  '하는', '되는', '하고', '되고', '하면', '되면', '하지', '되지', '해서', '돼서', '하여', '되어', '했고', '했던', '됐던', '했다', '됐다',
  '한', '된', '할', '될', '해', '돼',
  // particles, alone and stacked
  '에서부터', '으로부터', '로부터', '에서는', '에서도', '에서의', '에서만', '으로는', '으로도', '으로의', '으로만',
  '에게서', '이라는', '이라고', '이라면', '이지만', '이므로', '까지는', '까지도', '부터는', '에게는', '에는', '에도',
  '에만', '에의', '과는', '와는', '과의', '와의', '과도', '와도', '보다는', '처럼', '만큼', '마다', '보다', '까지',
  '부터', '에서', '에게', '으로', '라는', '라고', '이나', '이며', '이고', '이다', '입니다', '이면', '이란', '란',
  '들이', '들은', '들을', '들의', '들에', '들도', '들과', '들',
  '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '도', '만', '로', '나', '당', '별',
];

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/u;
/** Characters at either end of a written word that are not part of it: brackets, quotes, commas, full stops. */
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/** The trailing run of Hangul syllables in a word, counted. */
function trailingHangul(word: string): number {
  let n = 0;
  for (let i = word.length - 1; i >= 0 && HANGUL_SYLLABLE.test(word[i]); i--) n++;
  return n;
}

/**
 * The word without its particle or ending, or undefined when it has none. A Korean stem keeps at least two
 * syllables (파드는 → 파드, but 이는 stays: 이 is a word of its own), and a Latin, numeric or mixed stem keeps
 * everything before the first Hangul syllable of its ending (ENI를 → ENI, kube-proxy의 → kube-proxy,
 * 169.254.1.1로 → 169.254.1.1). Stacked particles come off together (노드들에서는 → 노드).
 */
export function koreanStem(written: string): string | undefined {
  let word = written.replace(EDGE_PUNCTUATION, '');
  const original = word;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (!word.endsWith(suffix) || word.length === suffix.length) continue;
      const base = word.slice(0, -suffix.length);
      const hangulRun = trailingHangul(base);
      // A base ending in a Latin letter or a digit is a term written in English (ENI, kube-proxy, 10.0.0.1).
      const latinBase = hangulRun === 0 && /[\p{L}\p{N}]$/u.test(base);
      if (!latinBase && hangulRun < 2) continue;
      word = base;
      changed = true;
      break;
    }
  }
  return word !== original && word.length > 0 ? word : undefined;
}

/** Where a written word's particle or ending starts (파드는 → 2, "(ENI를" → 4), or undefined when it has none. */
export function koreanSuffixAt(written: string): number | undefined {
  const stem = koreanStem(written);
  if (stem === undefined) return undefined;
  const lead = written.length - written.replace(/^[\p{P}\p{S}]+/u, '').length;
  return lead + stem.length;
}

/** A search query with each word's particle taken off (Pagefind UI's processTerm): 파드는 → 파드, ENI를 → ENI. */
export function koreanQuery(term: string): string {
  // A quoted query asks for the words exactly as written.
  if (term.includes('"')) return term;
  return term
    .split(/(\s+)/u)
    .map((part) => (/\s/u.test(part) ? part : (koreanStem(part) ?? part)))
    .join('');
}
