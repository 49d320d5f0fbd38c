// The particle stripping that Korean search relies on (src/search/korean-stem.ts): words as a Korean engineer
// writes them, and the words it must leave alone.
import { describe, expect, it } from 'vitest';
import { koreanQuery, koreanStem, koreanSuffixAt } from '../../../src/search/korean-stem.ts';

describe('koreanStem', () => {
  it.each([
    ['파드는', '파드'],
    ['파드의', '파드'],
    ['파드가', '파드'],
    ['노드에서는', '노드'],
    ['노드들에서', '노드'],
    ['노드당', '노드'],
    ['서브넷으로', '서브넷'],
    ['할당합니다', '할당'],
    ['설정된', '설정'],
    ['ENI를', 'ENI'],
    ['ENI에서', 'ENI'],
    ['kube-proxy의', 'kube-proxy'],
    ['t3.medium은', 't3.medium'],
    ['169.254.1.1로', '169.254.1.1'],
    ['(파드의', '파드'],
    ['"웜', undefined],
    ['주소.', undefined],
    ['파드', undefined],
    ['ENI', undefined],
    // One syllable left would be a different word (이는: "this", 제한: "limit", 추가: "addition").
    ['이는', undefined],
    ['제한', undefined],
    ['추가', undefined],
    ['결과', undefined],
    ['의', undefined],
  ])('%s → %s', (word, stem) => {
    expect(koreanStem(word)).toBe(stem);
  });
});

describe('koreanSuffixAt', () => {
  it.each([
    ['파드는', 2],
    ['(ENI를', 4],
    ['kube-proxy의,', 10],
    ['주소.', undefined],
  ])('%s: the suffix starts at %s', (word, at) => {
    expect(koreanSuffixAt(word)).toBe(at);
  });
});

describe('koreanQuery', () => {
  it('takes particles off each word of a query and keeps the rest', () => {
    expect(koreanQuery('파드는')).toBe('파드');
    expect(koreanQuery('ENI를 kube-proxy의')).toBe('ENI kube-proxy');
    expect(koreanQuery('warm pool')).toBe('warm pool');
  });
  it('leaves a quoted query as typed', () => {
    expect(koreanQuery('"파드는 노드의"')).toBe('"파드는 노드의"');
  });
});
