// The model's descriptions on a Korean page (src/widgets/shared/narration.ko.ts): every sentence the datapath widgets
// show over all their choices (./narration-corpus.ts) comes out in Korean, with no English prose left beside the
// identifiers and the tools' own terms; and a few read as written here.
import { describe, expect, it } from 'vitest';
import { ko as narrate } from '../../../src/widgets/shared/narration.ko.ts';
import { narrationCorpus } from './narration-corpus.ts';

/** Words that stay in English in Korean text: the tools' and protocols' own terms, kept as Korean engineers write them. */
const TERMS = new Set([
  'netfilter', 'nat', 'mangle', 'filter', 'conntrack', 'veth', 'masquerade', 'echo', 'request', 'seq', 'id', 'ttl', 'rr', 'flags',
  'bastion', 'fail', 'open', 'drop', 'lo', 'local', 'main', 'ping', 'port', 'unreachable', 'mark', 'time', 'exceeded', 'blackhole',
  'ip', 'instance', 'traffic', 'ms',
]);

/** Lowercase English words of a text that are neither identifiers (with digits, dots, dashes, colons, slashes) nor terms. */
function englishLeft(text: string): string[] {
  return text.split(/[\s,;()"'’·→…]+/).filter((w) => /^[a-z]+$/.test(w) && !TERMS.has(w));
}

describe('the model’s descriptions in Korean', () => {
  const corpus = narrationCorpus();

  it('covers what the widgets show', () => {
    expect(corpus.length).toBeGreaterThan(1000);
    for (const where of ['hop what', 'flow title', 'walk outcome', 'nlb what', 'header fields', 'eni change']) expect(corpus.some((s) => s.where === where), where).toBe(true);
  });

  it('leaves no English prose in any of them', () => {
    const left = [...new Set(corpus.filter((s) => englishLeft(narrate(s.text)).length > 0).map((s) => `${s.where}: ${s.text} ⇒ ${narrate(s.text)}`))];
    expect(left).toEqual([]);
  });

  it('reads as written', () => {
    expect(narrate('leaves the pod: its only route is via 169.254.1.1, the host end of the veth')).toBe('파드를 떠납니다: 파드의 유일한 경로는 veth의 호스트 쪽 끝인 169.254.1.1을 거칩니다');
    expect(narrate('The request is dropped: no public IPv4 address is associated with 192.168.1.72.')).toBe('요청이 버려집니다: 192.168.1.72 주소에 연결된 퍼블릭 IPv4 주소가 없음.');
    expect(narrate('conntrack recognises a reply and undoes the connection\'s NAT: source 192.168.1.72:80 becomes 10.100.40.228:80'))
      .toBe('conntrack이 응답을 알아보고 연결의 NAT를 되돌립니다: 출발지 192.168.1.72:80 → 10.100.40.228:80');
    expect(narrate('node ip-192-168-2-20 · nat PREROUTING')).toBe('노드 ip-192-168-2-20 · nat PREROUTING');
    expect(narrate('TCP traffic-port, every 10 s, healthy after 3')).toBe('TCP traffic-port, 10초마다, 3번 성공하면 정상');
    expect(narrate('HTTP port 32530 /healthz, every 10 s, healthy after 2')).toBe('HTTP 포트 32530 /healthz, 10초마다, 2번 성공하면 정상');
  });

  it('leaves what it does not know as the model wrote it, never blank', () => {
    expect(narrate('a sentence the model has not written yet')).toBe('a sentence the model has not written yet');
    expect(narrate('192.168.1.5')).toBe('192.168.1.5');
  });
});
