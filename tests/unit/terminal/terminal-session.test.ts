// The terminal's session over the engine: lines run, prompts follow the host, and `watch` repaints until Ctrl-C.
import { manualClock } from './manual-clock.ts';
import { describe, expect, it } from 'vitest';
import { TerminalSession } from '../../../src/terminal/terminal-session.ts';
import { labEngine } from '../shell/engine-helpers.ts';

function fakeClock() {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    clock: {
      setTimeout: (run: () => void, ms: number) => pending.push({ run, ms }),
      clearTimeout: (h: unknown) => void pending.splice(pending.findIndex((_, i) => i + 1 === h), 1),
      now: () => 0,
    },
    fire: () => pending.shift()?.run(),
    pending,
  };
}

describe('terminal session', () => {
  it('runs what is typed and follows ssh with its prompt', () => {
    const engine = labEngine();
    let screen = '';
    const session = new TerminalSession(engine, (t) => (screen += t));
    session.showPrompt();
    session.input('hostname\r');
    expect(screen).toBe('[root@myeks-bastion-EC2 ~]# hostname\r\nmyeks-bastion-EC2\r\n[root@myeks-bastion-EC2 ~]# ');
    screen = '';
    session.input('ssh ec2-user@$N1\r');
    expect(screen).toMatch(/\[ec2-user@ip-192-168-1-\d+ ~\]\$ $/);
  });

  it('repaints watch every interval with model time passing, until Ctrl-C', () => {
    const engine = labEngine();
    engine.sh('kubectl apply -f nginx-dp.yaml');
    let screen = '';
    const { clock, fire, pending } = fakeClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input("watch -n 5 'kubectl get pods --no-headers | grep -c Running'\r");
    expect(session.isWatching).toBe(true);
    expect(screen).toMatch(/\x1b\[2J\x1b\[HEvery 5\.0s: kubectl get pods --no-headers \| grep -c Running {2}myeks-bastion-EC2: .*\r\n\r\n0\r\n$/);
    const before = engine.cluster.now;
    screen = '';
    fire();
    expect(engine.cluster.now - before).toBeGreaterThanOrEqual(5000);
    expect(screen).toMatch(/\r\n2\r\n$/);
    session.input('kubectl get nodes\r'); // ignored while watching
    expect(screen).not.toContain('kubectl get nodes');
    session.input('\x03');
    expect(session.isWatching).toBe(false);
    expect(screen.endsWith('[root@myeks-bastion-EC2 ~]# ')).toBe(true);
    expect(pending).toHaveLength(0);
  });

  it('shows ping replies as the wall clock reaches them, and the prompt after the statistics', () => {
    const engine = labEngine();
    engine.sh('kubectl apply -f netshoot-pod.yaml');
    engine.sh('sleep 30');
    let screen = '';
    const { clock, elapse } = manualClock();
    const session = new TerminalSession(engine, (t) => (screen += t), () => {}, clock);
    session.input('kubectl exec $PODNAME1 -- ping -c 2 $PODIP2\r');
    expect(session.isBusy).toBe(true);
    expect(screen).toMatch(/PING [\d.]+ \([\d.]+\) 56\(84\) bytes of data\.\r\n$/);
    elapse(500);
    expect(screen).toMatch(/icmp_seq=1 ttl=62 time=[\d.]+ ms\r\n$/);
    expect(screen).not.toContain('icmp_seq=2');
    session.input('hostname\r'); // not a command while ping runs
    elapse(1000);
    expect(screen).toContain('icmp_seq=2 ttl=62');
    expect(screen).toContain('2 packets transmitted, 2 received, 0% packet loss');
    expect(screen.endsWith('[root@myeks-bastion-EC2 ~]# ')).toBe(true);
    expect(screen).not.toContain('myeks-bastion-EC2\r\n');
    expect(session.isBusy).toBe(false);

    screen = '';
    session.input('ping $N2\r');
    elapse(2500);
    session.input('\x03');
    expect(screen).toMatch(/icmp_seq=3 ttl=64[^\n]*\r\n\^C\r\n--- [\d.]+ ping statistics ---\r\n3 packets transmitted, 3 received, 0% packet loss/);
    expect(screen.endsWith('[root@myeks-bastion-EC2 ~]# ')).toBe(true);
  });
});
