// The copy button's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { CodeCopyMessages } from './messages.ts';

export const ko: CodeCopyMessages = {
  copy: '복사',
  done: '복사했습니다',
};
