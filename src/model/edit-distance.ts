// Edit distances for "did you mean" suggestions.

/**
 * Levenshtein distance; with `transpositions`, the optimal string alignment distance, which also counts swapping
 * two adjacent letters as one edit (t3.meduim → t3.medium is 1). cobra's suggestions (kubectl, helm) use plain
 * Levenshtein; ours for instance types allow transpositions.
 */
export function editDistance(a: string, b: string, transpositions = false): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
