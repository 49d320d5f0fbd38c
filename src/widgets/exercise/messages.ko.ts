// The exercise widget's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { ExerciseMessages } from './messages.ts';

export const ko: ExerciseMessages = {
  placeholder: '예상 답',
  run: '답을 확정하고 실행',
  running: '실행 중…',
  wholeNumber: '0 이상의 정수를 입력하세요.',
  right: '맞았습니다: {answer}{unit}.',
  wrong: '틀렸습니다. 예상은 {guess}{unit}, 클러스터의 결과는 {answer}{unit}입니다.',
  noNumber: '클러스터가 숫자를 내놓지 않았습니다. 아래 출력을 확인하세요.',
  rightChoice: '맞았습니다: {seen}.',
  wrongChoice: '틀렸습니다. 고른 답은 {choice}, 클러스터의 결과는 {seen}입니다.',
  nothing: '(출력 없음)',
  transcript: '시뮬레이션 클러스터가 실행한 명령',
};
