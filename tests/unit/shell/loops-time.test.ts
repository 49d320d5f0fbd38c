// Loops and model time: sleep in a loop advances the model clock; a script's endless loop stops at a bound;
// on a watched terminal a loop runs with the wall clock and stops on Ctrl-C; jobs work inside loops and functions.
import { describe, expect, it } from 'vitest';
import { COMMAND_LIMIT, LOOP_MODEL_MS_LIMIT } from '../../../src/shell/bash/process.ts';
import { TerminalSession } from '../../../src/terminal/terminal-session.ts';
import { labEngine } from './engine-helpers.ts';
import { manualClock } from '../terminal/manual-clock.ts';
import { fakeShell, out } from './fake-session.ts';

describe('loops and model time in a script', () => {
  it('sleep inside a loop lets model time pass, once per iteration', () => {
    const { shell, session } = fakeShell();
    const start = session.now();
    expect(out(shell, 'for i in 1 2 3; do echo $i; sleep 2; done')).toBe('1\n2\n3\n');
    expect(session.now() - start).toBe(6000);
    expect(session.advanced).toEqual([2, 2, 2]);
  });

  it('date in a loop shows the model clock moving', () => {
    const { sh } = labEngine();
    const lines = sh('for i in 1 2 3; do date +%s; sleep 5; done').trim().split('\n').map(Number);
    expect(lines[1]! - lines[0]!).toBe(5);
    expect(lines[2]! - lines[1]!).toBe(5);
  });

  it('an endless loop that sleeps stops after the model-time bound, with a message on stderr', () => {
    const { shell, session } = fakeShell();
    const start = session.now();
    const r = shell.run('while true; do sleep 1; done; echo not reached');
    expect(r.exitCode).toBe(130);
    expect(r.chunks).toEqual([{ stream: 'err', text: expect.stringMatching(/^bash: loop stopped after 60 minutes of model time: nobody is at the keyboard/) }]);
    expect(session.now() - start).toBeGreaterThanOrEqual(LOOP_MODEL_MS_LIMIT);
    expect(session.now() - start).toBeLessThanOrEqual(LOOP_MODEL_MS_LIMIT + 2000);
  });

  it('an endless busy loop stops after the command bound; the next line runs normally', () => {
    const { shell } = fakeShell();
    const r = shell.run('n=0; while :; do n=$((n+1)); done');
    expect(r.output).toBe(`bash: stopped after ${COMMAND_LIMIT} commands: nobody is at the keyboard to press Ctrl-C (a script's loops run at most ${COMMAND_LIMIT} commands or 60 minutes of model time)\n`);
    expect(out(shell, 'echo $((n > 40000))')).toBe('1\n');
  });

  it('an endless stage of a pipeline stops, and the next stage still reads what it wrote', () => {
    const { shell } = fakeShell();
    const r = shell.run('while true; do echo y; done | head -2');
    expect(r.output).toMatch(/^bash: stopped after \d+ commands.*\ny\ny\n$/);
  });

  it('runs background jobs inside loops and functions, and wait collects them', () => {
    const { shell, session } = fakeShell();
    const start = session.now();
    const r = shell.run('work() { sleep $1; echo "done $1"; }; for s in 3 1 2; do work $s & done; wait; echo all');
    expect(r.output).toBe('done 1\ndone 2\ndone 3\nall\n');
    expect(session.now() - start).toBe(3000);
    expect(out(shell, 'sleep 5 & echo $!; jobs')).toMatch(/^\d+\n\[1\]\+  Running +sleep 5 &\n$/);
    // Killed this instant, not yet reaped: bash still lists it (checked against bash 5.2 in tests/cli/shell.test.ts).
    expect(out(shell, 'kill %1; jobs')).toMatch(/^\[1\]\+  Running +sleep 5 &\n$/);
    expect(out(shell, 'sleep 1; wait %1; echo $?')).toBe('143\n');
  });

  it('a background loop prints as model time passes, interleaved with the foreground', () => {
    const { shell } = fakeShell();
    expect(out(shell, 'for i in 1 2 3; do echo bg$i; sleep 2; done & sleep 3; echo fg; wait')).toBe('bg1\nbg2\nfg\nbg3\n');
  });
});

describe('background jobs with redirections', () => {
  it('write their files on the host they started on, and kill sends their last words where their output went', () => {
    const { sh } = labEngine();
    sh('kubectl apply -f netshoot-pod.yaml');
    sh('sleep 30');
    sh("export N=$(kubectl get pod $PODNAME2 -o jsonpath='{.status.hostIP}')");
    expect(sh('ssh ec2-user@$N sudo tcpdump -i eth0 -nn icmp -c 1 > /root/eth0.txt 2>/dev/null &')).toBe('');
    // The job ends while the foreground stands in a pod, where /root is not writable.
    expect(sh('kubectl exec $PODNAME2 -- ping -c 1 www.google.com > /dev/null')).toBe('');
    expect(sh('wait; wc -l < /root/eth0.txt')).toBe('1\n');
    expect(sh('ssh ec2-user@$N sudo tcpdump -i any -nn icmp > /root/any.txt 2>/dev/null &')).toBe('');
    sh('kubectl exec $PODNAME1 -- ping -c 2 $PODIP2 > /dev/null');
    // tcpdump's "packets captured" lines go to its 2>/dev/null, not to the terminal.
    expect(sh('kill %1')).toBe('');
    expect(sh('grep -c ICMP /root/any.txt')).toBe('8\n');
  });
});

describe('loops on a watched terminal', () => {
  it('run with the wall clock, print as they go and stop on Ctrl-C with ^C', () => {
    const engine = labEngine();
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    const start = engine.cluster.now;
    session.input('while true; do echo tick; sleep 1; done\r');
    expect(session.isBusy).toBe(true);
    expect(screen.match(/tick\r\n/g)).toHaveLength(1);
    elapse(2500);
    expect(screen.match(/tick\r\n/g)).toHaveLength(3);
    expect(engine.cluster.now - start).toBeGreaterThanOrEqual(2000);
    expect(engine.cluster.now - start).toBeLessThan(3000);
    session.input('\x03');
    expect(screen).toMatch(/tick\r\n\^C\r\n\[root@myeks-bastion-EC2 ~\]# $/);
    expect(session.isBusy).toBe(false);
    expect(engine.shell.run('echo $?').output).toBe('130\n');
  });

  it('a finite loop with sleep ends by itself and the prompt comes back', () => {
    const engine = labEngine();
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input('for i in 1 2; do echo n$i; sleep 1; done; echo end\r');
    elapse(900);
    expect(screen).not.toContain('n2');
    elapse(1200);
    expect(screen).toMatch(/n1\r\nn2\r\nend\r\n\[root@myeks-bastion-EC2 ~\]# $/);
    expect(session.isBusy).toBe(false);
  });

  it('a sleep of its own fast-forwards the model, as the lessons use it; the prompt comes back at once', () => {
    const engine = labEngine();
    let screen = '';
    const { clock } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    const start = engine.cluster.now;
    session.input('kubectl scale deployment coredns -n kube-system --replicas=3; sleep 60; date +%s\r');
    expect(session.isBusy).toBe(false);
    expect(engine.cluster.now - start).toBeGreaterThanOrEqual(60_000);
    expect(screen).toMatch(/scaled\r\n\d+\r\n\[root@myeks-bastion-EC2 ~\]# $/);
  });

  it('a busy loop of pipelines runs on past any work bound until Ctrl-C: the bound is per tick', () => {
    const engine = labEngine();
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input('while true; do kubectl get nodes --no-headers | wc -l; done\r');
    elapse(3_000);
    expect(session.isBusy).toBe(true);
    expect(screen).not.toMatch(/stopped after/);
    expect(screen.match(/\b3\r\n/g)!.length).toBeGreaterThan(10_000 / 3);
    session.input('\x03');
    expect(session.isBusy).toBe(false);
  });

  it('a busy loop with no sleep still yields to the terminal and stops on Ctrl-C', () => {
    const engine = labEngine();
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input('while :; do :; done\r');
    expect(session.isBusy).toBe(true);
    elapse(200);
    session.input('\x03');
    expect(session.isBusy).toBe(false);
    expect(screen.endsWith('^C\r\n[root@myeks-bastion-EC2 ~]# ')).toBe(true);
  });
});

describe('a watched terminal gets control back soon, however heavy the commands', () => {
  it('a slice ends by the terminal\'s wall clock, not only every thousand commands', () => {
    const line = 'for i in $(seq 1 200); do echo $i; done';
    const unwatched = labEngine();
    unwatched.session.interactive = true;
    // Two hundred commands fit in one slice by count: without a clock the loop runs to its end at once, as a
    // widget's run on a terminal's shell does, whatever the terminal's clock.
    expect(unwatched.shell.run(line).live).toBeUndefined();

    const engine = labEngine();
    engine.session.interactive = true;
    let wall = 0;
    // Every command takes 4 ms of the terminal's clock: a 15 ms slice holds a handful.
    const r = engine.shell.run(line, { wallClock: () => (wall += 4) });
    expect(r.live).toBeDefined();
    expect(r.output.split('\n').length).toBeLessThan(20);
    expect(engine.shell.finish(r.live!).output.split('\n').at(-2)).toBe('200');
  });

  it('a pipeline of thousands of stages breathes (each stage counts toward one slice)', () => {
    const engine = labEngine();
    engine.session.interactive = true;
    const r = engine.shell.run(`echo x${' | cat'.repeat(2_500)}`);
    expect(r.live).toBeDefined();
    expect(r.output).toBe('');
    expect(engine.shell.finish(r.live!).output).toBe('x\n');
  });
});
