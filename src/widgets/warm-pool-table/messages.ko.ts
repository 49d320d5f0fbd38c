// The warm-pool table's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { WarmPoolTableMessages } from './messages.ts';

export const ko: WarmPoolTableMessages = {
  caption: 'VPC 주소를 쓰는 파드 수별로, 10분 뒤 노드 하나의 ENI 수 / 보조 IPv4 주소 수(남는 주소)',
  instance: '인스턴스',
  settings: '설정',
  pods: '파드 {n}개',
  run: '{n}개 실행',
  byDefault: ' (기본값)',
};
