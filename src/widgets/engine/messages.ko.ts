// The engine's words in Korean (./messages.ts has the English and the keys; src/widgets/shared/i18n.ts).
import type { EngineMessages } from './messages.ts';

export const ko: EngineMessages = {
  stopped: '시뮬레이터가 멈췄습니다: {why}',
  noScript: '스크립트를 불러오지 못했습니다',
};
