// The max pods calculator widget's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { CalculatorMessages } from './messages.ts';

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
