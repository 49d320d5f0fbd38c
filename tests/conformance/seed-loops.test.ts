// The seed lab's two loops, as a learner runs them: the per-second address watch on a node (on a watched
// terminal, Ctrl-C to stop) and the 100-request tally (its `curl -s $NLB` waits for the load-balancer issue; the
// bash differential corpus runs the same pipeline with echo standing in).
import { describe, expect, it } from 'vitest';
import { TerminalSession } from '../../src/terminal/terminal-session.ts';
import { labEngine, stripAnsi } from '../unit/shell/engine-helpers.ts';
import { manualClock } from '../unit/terminal/manual-clock.ts';

describe('the seed lab’s loops', () => {
  it('watches a node’s addresses once a second until Ctrl-C', () => {
    const engine = labEngine();
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input('ssh ec2-user@$N1\r');
    screen = '';
    session.input('while true; do ip -br -c addr show && echo "--------------" ; date "+%Y-%m-%d %H:%M:%S" ; sleep 1; done\r');
    elapse(2_500);
    session.input('\x03');
    const text = stripAnsi(screen).replaceAll('\r\n', '\n');
    const blocks = text.split('--------------\n').slice(1);
    expect(blocks).toHaveLength(3);
    const dates = [...text.matchAll(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$/gm)].map((m) => Date.parse(`${m[1]!.replace(' ', 'T')}Z`));
    expect(dates).toHaveLength(3);
    expect(dates[1]! - dates[0]!).toBe(1000);
    expect(dates[2]! - dates[1]!).toBe(1000);
    expect(text).toMatch(/^eth0\s+UP\s+192\.168\.1\.\d+\/24/m);
    expect(text).toMatch(/\^C\n\[ec2-user@ip-192-168-1-\d+ ~\]\$ $/);
  });
});
