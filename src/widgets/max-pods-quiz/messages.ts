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
