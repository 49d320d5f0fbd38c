// Presenter mode's stops: sections, and a replay's steps inside its section; where each replay stands at a stop;
// the address a stop's QR code carries, and the stop an address opens at.
import { describe, expect, it } from 'vitest';
import { buildStops, firstSentence, replayPositions, stopByKey, stopFromUrl, stopKey, stopUrl, type SectionOutline } from '../../src/presenter/stops.ts';

const sections: SectionOutline[] = [
  { id: '', title: 'How a pod gets a VPC IP', cue: 'With the AWS VPC CNI, a pod’s address is an ordinary VPC address.', replays: [] },
  { id: 'where-the-addresses-come-from', title: 'Where the addresses come from', cue: '', replays: [] },
  { id: 'watch-it', title: 'Watch it', cue: '', replays: [{ scenario: 'vpc-cni-walkthrough', steps: 3 }] },
  { id: 'two-replays', title: 'Two replays', cue: '', replays: [{ scenario: 'a', steps: 2 }, { scenario: 'b', steps: 1 }] },
  { id: 'check-yourself', title: 'Check yourself', cue: '', replays: [] },
];
const stops = buildStops(sections);
const PAGE = 'https://eks-netlab.example.org/lessons/pod-ip/';

describe('stops', () => {
  it('are the sections, each followed by its replays’ steps', () => {
    expect(stops).toEqual([
      { section: 0 },
      { section: 1 },
      { section: 2 },
      { section: 2, replay: 0, step: 1 },
      { section: 2, replay: 0, step: 2 },
      { section: 2, replay: 0, step: 3 },
      { section: 3 },
      { section: 3, replay: 0, step: 1 },
      { section: 3, replay: 0, step: 2 },
      { section: 3, replay: 1, step: 1 },
      { section: 4 },
    ]);
  });

  it('put the replays of a section at their start, their step, or their end', () => {
    expect(replayPositions(sections, { section: 1 })).toEqual([]);
    expect(replayPositions(sections, { section: 2 })).toEqual([0]);
    expect(replayPositions(sections, { section: 2, replay: 0, step: 2 })).toEqual([2]);
    expect(replayPositions(sections, { section: 3 })).toEqual([0, 0]);
    expect(replayPositions(sections, { section: 3, replay: 0, step: 1 })).toEqual([1, 0]);
    expect(replayPositions(sections, { section: 3, replay: 1, step: 1 })).toEqual([2, 1]);
  });

  it('have keys that name them both ways', () => {
    expect(stops.map((s) => stopKey(sections, s))).toEqual([
      '', 'where-the-addresses-come-from', 'watch-it', 'watch-it/0/1', 'watch-it/0/2', 'watch-it/0/3',
      'two-replays', 'two-replays/0/1', 'two-replays/0/2', 'two-replays/1/1', 'check-yourself',
    ]);
    expect(stops.every((s, i) => stopByKey(sections, stops, stopKey(sections, s)) === i)).toBe(true);
    expect(stopByKey(sections, stops, 'watch-it/0/9')).toBe(-1);
  });
});

describe('stop addresses', () => {
  it('carry the section’s anchor and a replay step’s ?step=', () => {
    expect(stopUrl(`${PAGE}?present&step=2#watch-it`, sections, stops[0]!)).toBe(PAGE);
    expect(stopUrl(PAGE, sections, stops[1]!)).toBe(`${PAGE}#where-the-addresses-come-from`);
    expect(stopUrl(PAGE, sections, stops[4]!)).toBe(`${PAGE}?step=2#watch-it`);
  });

  it('open at the stop they name', () => {
    expect(stopFromUrl(sections, stops, PAGE)).toBe(0);
    expect(stopFromUrl(sections, stops, `${PAGE}?present`)).toBe(0);
    expect(stopFromUrl(sections, stops, `${PAGE}#check-yourself`)).toBe(10);
    expect(stopFromUrl(sections, stops, `${PAGE}?step=2#watch-it`)).toBe(4);
    // Without an anchor, a step is the page's first replay's (as the terminal reads ?step=).
    expect(stopFromUrl(sections, stops, `${PAGE}?step=3`)).toBe(5);
    // Past the end: the replay's last step; a step in a section without a replay: the section.
    expect(stopFromUrl(sections, stops, `${PAGE}?step=40#watch-it`)).toBe(5);
    expect(stopFromUrl(sections, stops, `${PAGE}?step=2#check-yourself`)).toBe(10);
    expect(stopFromUrl(sections, stops, `${PAGE}?step=0#watch-it`)).toBe(2);
    expect(stopFromUrl(sections, stops, `${PAGE}#no-such-section`)).toBe(0);
    expect(stopFromUrl(sections, stops, `${PAGE}?step=x#watch-it`)).toBe(2);
  });

  it('round-trip: every stop’s address opens at that stop (the first replay of a section)', () => {
    stops.forEach((stop, i) => {
      if (stop.replay === 1) return; // ?step= names a step of a section's first replay only
      expect(stopFromUrl(sections, stops, stopUrl(PAGE, sections, stop))).toBe(i);
    });
  });
});

describe('firstSentence', () => {
  it('ends at the first full stop, question or exclamation mark that ends a sentence', () => {
    expect(firstSentence('A node’s pod addresses live on its ENIs. Each ENI has a primary address.')).toBe('A node’s pod addresses live on its ENIs.');
    expect(firstSentence('Why is it 17? Because of the ENIs.')).toBe('Why is it 17?');
    expect(firstSentence('A pod at 192.168.1.29 has a /32. Next.')).toBe('A pod at 192.168.1.29 has a /32.');
    expect(firstSentence('Some settings (e.g. the warm pool) matter. Others do not.')).toBe('Some settings (e.g. the warm pool) matter.');
    expect(firstSentence('  One line\n  over two.  ')).toBe('One line over two.');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
    expect(firstSentence('')).toBe('');
  });
});
