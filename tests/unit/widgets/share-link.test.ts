// A shared link's text: a log goes in and comes out the same; anything else that claims to be one is refused
// with a sentence for the learner, never thrown, however it was damaged or inflated.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_LOG_BYTES, MAX_SHARE_CHARS, shareProblemText } from '../../../src/widgets/shared/share-link.ts';
import { en } from '../../../src/widgets/terminal/messages.ts';

const log = {
  entries: [
    { s: 0, in: { line: 'kubectl apply -f nginx-dp.yaml' } },
    { s: 0, in: { line: "kubectl scale deployment nginx-deployment --replicas=50; echo 'ünïcödé ✓ 파드'" } },
    { s: 1, in: { line: 'ping 8.8.8.8', live: { ticks: Array(200).fill([1]), interrupted: true } } },
    { call: 'eniApply', args: { commands: ['kubectl get pods'], wait: 30 } },
  ],
};
const b64url = (b: Buffer) => b.toString('base64url');

describe('share links', () => {
  it('carry a log through the URL unchanged, compactly', async () => {
    const fragment = await encodeShare('lab', log);
    expect(fragment).toMatch(/^share=1\.lab\.[A-Za-z0-9_-]+$/);
    // Two hundred ticks of a ping cost a few bytes, not a kilobyte.
    expect(fragment.length).toBeLessThan(400);
    expect(await decodeShare(`#${fragment}`)).toEqual({ clusterId: 'lab', log });
    // What a real deflate makes, this reads (the format is plain deflate, not our own).
    expect(await decodeShare(`share=1.nlb.${b64url(deflateRawSync(JSON.stringify(log)))}`)).toEqual({ clusterId: 'nlb', log });
  });

  it('leave other fragments alone', async () => {
    expect(await decodeShare('')).toBeUndefined();
    expect(await decodeShare('#try-it')).toBeUndefined();
  });

  it('refuse damaged, foreign and oversized links with a message', async () => {
    const good = await encodeShare('lab', log);
    const payload = good.split('.')[2]!;
    const cases: [string, RegExp][] = [
      ['share=', /does not have the parts/],
      ['share=1.lab', /does not have the parts/],
      ['share=1.LAB!.abc', /does not have the parts/],
      [`share=2.lab.${payload}`, /another version of the site \(format 2\)/],
      ['share=1.lab.@@@', /not base64url/],
      ['share=1.lab.a', /not base64url|does not unpack/],
      [`share=1.lab.${payload.slice(0, -12)}`, /does not unpack|not a cluster log/],
      [`share=1.lab.${b64url(Buffer.from('not deflate at all, not at all'))}`, /does not unpack|not a cluster log/],
      [`share=1.lab.${b64url(deflateRawSync('{"entries": [1, 2'))}`, /not a cluster log/],
      [`share=1.lab.${b64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x00])))}`, /not a cluster log/],
      // A deflate bomb: a few kilobytes that would inflate to 50 MB.
      [`share=1.lab.${b64url(deflateRawSync(Buffer.alloc(50_000_000, 32)))}`, new RegExp(`more than ${MAX_LOG_BYTES / 1_000_000} MB`)],
      [`share=1.lab.${'A'.repeat(MAX_SHARE_CHARS)}`, /characters long/],
    ];
    for (const [hash, message] of cases) {
      const r = await decodeShare(hash);
      expect(r && 'error' in r, hash.slice(0, 40)).toBe(true);
      const text = shareProblemText((r as { error: Parameters<typeof shareProblemText>[0] }).error, en);
      expect(text, hash.slice(0, 40)).toMatch(message);
      expect(text).toMatch(/^This link .+\.$/);
    }
  });
});
