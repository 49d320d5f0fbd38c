// A terminal session's log done again on a fresh cluster ends in the same cluster and the same shell: the
// machinery behind a shared link and a restarted engine. Live runs whose slices were cut by the wall clock are
// the hard part: how many commands a slice ran depends on the machine, so the log counts them.
import { describe, expect, it } from 'vitest';
import { type LoggedInput, TerminalSession } from '../../../src/terminal/terminal-session.ts';
import { labEngine } from '../shell/engine-helpers.ts';
import { manualClock } from './manual-clock.ts';

/** A session typed into with timers by hand, and a wall clock that moves 1 ms with every look at it (each
 *  command looks once), so that slices end by the clock after about fifteen commands, as on a busy machine. */
function typedSession() {
  const engine = labEngine();
  const { clock: timers, elapse } = manualClock();
  let looks = 0;
  const clock = { ...timers, now: () => timers.now() + ++looks };
  let screen = '';
  const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
  const log: LoggedInput[] = [];
  session.onLog = (e) => log.push(e);
  return { engine, session, elapse, log, screen: () => screen };
}

function replayed(log: LoggedInput[]) {
  const engine = labEngine();
  let screen = '';
  const session = new TerminalSession(engine, (t) => (screen += t));
  const errors = log.map((e) => session.replay(e)).filter(Boolean);
  return { engine, errors, screen: () => screen };
}

const state = (e: ReturnType<typeof labEngine>) => e.sh('date; echo i=$i; kubectl get pods -o wide; kubectl get ns --no-headers | wc -l; iptables -t nat -L -n -v | head -30');

describe('a session log', () => {
  it('rebuilds the cluster and the shell after busy loops cut by the wall clock, ping, watch, PS2 and sleeps', () => {
    const a = typedSession();
    a.session.input('kubectl apply -f nginx-dp.yaml\r');
    a.session.input('i=0; while true; do i=$((i+1)); kubectl create ns n$i > /dev/null; done\r');
    a.elapse(500);
    a.session.input('\x03');
    a.session.input('echo $i\r');
    a.session.input('ping 8.8.8.8\r');
    a.elapse(2_320);
    a.session.input('\x03');
    a.session.input('for n in 1 2\r');
    a.session.input('do echo $n\r');
    a.session.input('\x03');
    a.session.input('watch -n 2 date\r');
    a.elapse(4_100);
    a.session.input('\x03');
    a.session.input('kubectl scale deployment nginx-deployment --replicas=5; sleep 30\r');

    const busy = a.log.find((e) => 'line' in e && e.line.startsWith('i=0'));
    // The loop ran in slices the clock cut: the record counts their commands.
    expect(busy && 'live' in busy && busy.live!.ticks.filter(([, n]) => n !== undefined).length).toBeGreaterThan(5);
    expect(a.log).toContainEqual({ cancel: true });
    expect(a.log).toContainEqual({ line: 'watch -n 2 date', watch: 3 });

    const b = replayed(a.log);
    expect(b.errors).toEqual([]);
    const created = Number(a.engine.sh('echo $i'));
    expect(created).toBeGreaterThan(50);
    expect(b.engine.sh('echo $i')).toBe(`${created}\n`);
    expect(state(b.engine)).toBe(state(a.engine));
    expect(b.engine.cluster.now).toBe(a.engine.cluster.now);
  });

  it('says so when a record does not fit its line', () => {
    const b = replayed([{ line: 'echo hi', live: { ticks: [[1]], interrupted: true } }, { line: 'sleep 1 | cat; while :; do :; done' }]);
    expect(b.errors).toEqual([{ line: 'echo hi', fault: 'ended-at-once' }, { line: 'sleep 1 | cat; while :; do :; done', fault: 'runs-on' }]);
    // The terminal is still at its prompt and answers.
    expect(b.engine.sh('kubectl get nodes --no-headers | wc -l')).toBe('3\n');
  });
});
