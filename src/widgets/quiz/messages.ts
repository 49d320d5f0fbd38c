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
