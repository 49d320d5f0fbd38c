// The replay player's state: which steps run, animated or not, when it is moved forward, back or to a step.
import { describe, expect, it } from 'vitest';
import { Replay } from '../../../src/terminal/replay.ts';
import type { Scenario } from '../../../src/shell/scenario.ts';

const scenario = { name: 'demo', title: 'Demo', steps: [{ cmd: 'one' }, { cmd: 'two' }, { cmd: 'three' }] } as unknown as Scenario;

function recorded() {
  const log: string[] = [];
  const replay = new Replay(scenario, {
    reset: () => void log.push('reset'),
    run: async (cmd, animate) => void log.push(animate ? `typed ${cmd}` : cmd),
  });
  return { log, replay };
}

describe('Replay.goto', () => {
  it('types a single step forward when asked to animate, and jumps without typing', async () => {
    const { log, replay } = recorded();
    await replay.goto(1, true);
    await replay.goto(3, true);
    expect(log).toEqual(['typed one', 'two', 'three']);
    expect(replay.position).toBe(3);
  });

  it('rebuilds from a fresh cluster to go back, without typing', async () => {
    const { log, replay } = recorded();
    await replay.goto(2);
    log.length = 0;
    await replay.goto(1, true);
    expect(log).toEqual(['reset', 'one']);
    expect(replay.position).toBe(1);
  });

  it('judges "one step forward" where the replay is when its turn comes, so queued requests end where the last one asks', async () => {
    const { log, replay } = recorded();
    // Three presses before the first step has run: forward, forward, back.
    const done = [replay.goto(1, true), replay.goto(2, true), replay.goto(1, true)];
    await Promise.all(done);
    expect(log).toEqual(['typed one', 'typed two', 'reset', 'one']);
    expect(replay.position).toBe(1);
  });

  it('keeps within the scenario, and does nothing at the step it is at', async () => {
    const { log, replay } = recorded();
    await replay.goto(9);
    expect(replay.position).toBe(3);
    log.length = 0;
    await replay.goto(3, true);
    await replay.goto(-2);
    expect(log).toEqual(['reset']);
    expect(replay.position).toBe(0);
  });
});
