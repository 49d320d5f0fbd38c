// The calculator's own words (src/widgets/shared/i18n.ts). The worked steps and the input errors come from the
// model (src/model/max-pods.ts), which the CLI prints too, and stay English with what follows them; so does the
// note for the few instance types without a vCPU count (the island's hydration JS has a budget: npm run bench).
export const en = {
  instanceType: 'Instance type',
  instanceTypes: 'Instance types',
  unknown: 'No instance type “{query}” in the catalog{suggestion} Showing {name}.',
  suggestion: '; did you mean {names}?',
  facts: '{name}: {enis} ENIs × {ips} IPv4 addresses, {vcpus} vCPUs, {platform}.',
  bareMetal: 'bare metal',
  options: 'Options',
  prefixDelegation: 'Prefix delegation',
  customNetworking: 'Custom networking',
  showMaxAllowed: 'Show max allowed (no ceiling)',
  maxEnis: 'Max ENIs',
  allEnis: 'all {n}',
  maxAllowed: 'max pods allowed (no ceiling)',
  recommended: 'max pods, recommended',
  published: 'AWS’s published list:',
  notListed: 'not listed',
  steps: 'Worked steps',
};

export type CalculatorMessages = typeof en;

export const ko: CalculatorMessages = {
  instanceType: '인스턴스 유형',
  instanceTypes: '인스턴스 유형 목록',
  unknown: '카탈로그에 “{query}” 인스턴스 유형이 없습니다{suggestion} {name} 기준으로 보여 줍니다.',
  suggestion: '. 혹시 {names} 중 하나인가요?',
  facts: '{name}: ENI {enis}개 × IPv4 주소 {ips}개, vCPU {vcpus}개, {platform}.',
  bareMetal: '베어 메탈',
  options: '옵션',
  prefixDelegation: '접두사 위임',
  customNetworking: '사용자 지정 네트워킹',
  showMaxAllowed: '상한 없이 최대 허용값 보기',
  maxEnis: '최대 ENI 수',
  allEnis: '전부({n}개)',
  maxAllowed: '최대 허용 파드 수(상한 없음)',
  recommended: '권장 최대 파드 수',
  published: 'AWS 공개 목록:',
  notListed: '목록에 없음',
  steps: '계산 과정',
};
