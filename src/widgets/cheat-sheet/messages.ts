// The cheat-sheet link's words (src/widgets/shared/i18n.ts); the sheets themselves are ./sheets.ts.
export const en = {
  link: 'Cheat sheet for this lesson',
  after: ': formulas, numbers and commands on one printable page.',
};

export type CheatSheetMessages = typeof en;
