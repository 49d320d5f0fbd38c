// The cheat-sheet link's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { CheatSheetMessages } from './messages.ts';

export const ko: CheatSheetMessages = {
  link: '이 레슨의 치트 시트',
  after: ': 공식, 숫자, 명령을 인쇄하기 좋게 한 페이지에 모았습니다.',
};
