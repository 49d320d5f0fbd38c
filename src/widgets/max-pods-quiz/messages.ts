// The max-pods quiz's own words (src/widgets/shared/i18n.ts). The question and the mistakes come from the model.
export const en = {
  facts: '{name}: {enis} ENIs, {ips} IPv4 addresses per ENI, {vcpus} vCPUs, {platform}.',
  bareMetal: 'bare metal',
  check: 'Check',
  next: 'Next question',
  right: 'Right: {answer}.',
  wrong: 'Not {choice}.',
  tryAgain: 'Try another answer.',
  question: 'Question',
  link: ': the link opens this same question.',
};

export type MaxPodsQuizMessages = typeof en;

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
