// The quiz's own words (src/widgets/shared/i18n.ts). The questions themselves come from the model (src/model/quiz/).
export const en = {
  loadFailed: 'The question could not be loaded: {error}',
  loading: 'Loading the question…',
  check: 'Check',
  next: 'Next question',
  right: 'Right: {answer}.',
  wrong: 'Not {choice}.',
  tryAgain: 'Try another answer.',
  question: 'Question {seed}.',
  questionFrom: 'Question {seed} from {lesson}.',
};

export type QuizMessages = typeof en;

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
