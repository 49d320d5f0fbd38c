// The copy button's words (src/widgets/shared/i18n.ts).
export const en = {
  copy: 'Copy',
  done: 'Copied',
};

export type CodeCopyMessages = typeof en;
