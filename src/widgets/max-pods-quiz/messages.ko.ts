// The max pods quiz widget's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { MaxPodsQuizMessages } from './messages.ts';

export const ko: MaxPodsQuizMessages = {
  facts: '{name}: ENI {enis}개, ENI당 IPv4 주소 {ips}개, vCPU {vcpus}개, {platform}.',
  bareMetal: '베어 메탈',
  check: '확인',
  next: '다음 문제',
  right: '맞았습니다: {answer}.',
  wrong: '틀렸습니다: {choice}.',
  tryAgain: '다른 답을 골라 보세요.',
  question: '문제',
  link: ': 이 링크를 열면 같은 문제가 나옵니다.',
};
