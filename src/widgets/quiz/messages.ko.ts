// The quiz widget's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { QuizMessages } from './messages.ts';

export const ko: QuizMessages = {
  loadFailed: '문제를 불러오지 못했습니다: {error}',
  loading: '문제를 불러오는 중…',
  check: '확인',
  next: '다음 문제',
  right: '맞았습니다: {answer}.',
  wrong: '틀렸습니다: {choice}.',
  tryAgain: '다른 답을 골라 보세요.',
  question: '문제 번호 {seed}.',
  questionFrom: '{lesson} 레슨의 문제 {seed}.',
};
