// The page ↔ engine-worker protocol, with the worker's host and the page's client joined by an asynchronous
// channel that structured-clones every message as postMessage does: terminals type and read, replays reset,
// widgets' calls answer with plain data, and failures come back as messages.
import { describe, expect, it } from 'vitest';
import { EngineClient, type TerminalHandle, UNANSWERED_CTRL_C_MS } from '../../../src/widgets/engine/client.ts';
import { EngineHost, MAX_TERMINAL_LINES } from '../../../src/widgets/engine/host.ts';
import type { Request, RestoreOutcome } from '../../../src/widgets/engine/protocol.ts';
import { restoreProblemText } from '../../../src/widgets/shared/share-link.ts';
import { en } from '../../../src/widgets/terminal/messages.ts';
import { ko } from '../../../src/widgets/terminal/messages.ko.ts';
import { createBrowserEngine } from '../../../src/widgets/terminal/browser-engine.ts';
import { loadBrowserScenario } from '../../../src/widgets/terminal/scenarios.ts';
import { manualClock } from '../terminal/manual-clock.ts';

const PROMPT = '[root@myeks-bastion-EC2 ~]# ';

function connect() {
  const { clock, elapse } = manualClock();
  let client!: EngineClient;
  const host = new EngineHost(
    (notice) => queueMicrotask(() => client.receive(structuredClone(notice))),
    (scenario, cluster) => createBrowserEngine(cluster ? { cluster } : scenario ? loadBrowserScenario(scenario).cluster : {}),
    clock,
  );
  client = new EngineClient((req) => queueMicrotask(() => host.handle(structuredClone(req))));
  return { client, elapse };
}

/** Lets queued messages both ways be delivered. */
const settle = () => new Promise((r) => setTimeout(r, 0));

async function terminal(client: EngineClient, cluster = 'lab') {
  const t = { screen: '', replaced: [] as boolean[], handle: undefined as unknown as TerminalHandle };
  t.handle = await client.openTerminal(cluster, { write: (text) => (t.screen += text), replaced: (r) => t.replaced.push(r) });
  await settle();
  return t;
}

describe('engine worker protocol', () => {
  it('runs what a terminal types and writes the output and the next prompt back', async () => {
    const { client } = connect();
    const t = await terminal(client);
    expect(t.screen).toBe(PROMPT);
    t.handle.input('kubectl get nodes --no-headers | wc -l\r');
    await settle();
    expect(t.screen).toBe(`${PROMPT}kubectl get nodes --no-headers | wc -l\r\n3\r\n${PROMPT}`);
  });

  it('gives the screen reader’s log the end of a long output, not all of it', async () => {
    const { client } = connect();
    const entries: { command: string; output: string }[] = [];
    const handle = await client.openTerminal('lab', { write: () => {}, transcript: (e) => entries.push(e) });
    handle.input('seq 1 1000\r');
    await settle();
    expect(entries).toHaveLength(1);
    expect(entries[0].command).toBe('seq 1 1000');
    expect(entries[0].output.split('\n').slice(0, 2)).toEqual(['978', '979']);
    expect(entries[0].output.endsWith('999\n1000\n')).toBe(true);
  });

  it('sends a terminal no more of a flood than it can keep', async () => {
    const { client } = connect();
    const t = await terminal(client);
    t.handle.input('yes\r');
    await settle();
    const lines = t.screen.split('\r\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_TERMINAL_LINES + 1);
    expect(lines.slice(-3)).toEqual(['y', 'y', PROMPT]);
  });

  it('gives a second terminal its own session on the same cluster', async () => {
    const { client } = connect();
    const first = await terminal(client);
    const second = await terminal(client);
    first.handle.input('kubectl apply -f nginx-dp.yaml; X=mine\r');
    await settle();
    second.handle.input('kubectl get deploy --no-headers | wc -l; echo "[$X]"\r');
    await settle();
    expect(second.screen.split('\r\n').slice(1, 3)).toEqual(['1', '[]']);
  });

  it('replaces the cluster on reset: the requesting terminal starts over, the other is told', async () => {
    const { client } = connect();
    const first = await terminal(client);
    const second = await terminal(client);
    first.handle.input('kubectl apply -f nginx-dp.yaml\r');
    await settle();
    await client.request({ op: 'reset', cluster: 'lab', requester: first.handle.session });
    await settle();
    expect(first.replaced).toEqual([true]);
    expect(second.replaced).toEqual([false]);
    first.screen = '';
    await first.handle.runLine('kubectl get deploy');
    await settle();
    expect(first.screen).toBe(`No resources found in default namespace.\r\n${PROMPT}`);
  });

  it('answers the widgets’ calls with plain data computed on the page’s cluster', async () => {
    const { client, elapse } = connect();
    const t = await terminal(client);
    let changes = 0;
    client.subscribe('lab', () => changes++);
    const before = await client.call('lab', 'eniView', undefined);
    expect(before.nodes).toHaveLength(3);
    const { view, changes: listed } = await client.call('lab', 'eniApply', { commands: ['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=20'], wait: 60 });
    expect(view.nodes.reduce((n, node) => n + node.pods, 0)).toBe(before.nodes.reduce((n, node) => n + node.pods, 0) + 20);
    expect(listed.length).toBeGreaterThan(0);
    // The change notice comes once, however many changes the scale made.
    elapse(1000);
    await settle();
    expect(changes).toBe(1);

    t.handle.input('kubectl get pods -n kube-system -l k8s-app=kube-dns --no-headers\r');
    await settle();
    const line = t.screen.split('\r\n').find((l) => l.startsWith('coredns-'))!;
    const [link] = await client.call('lab', 'podLinks', { text: line });
    expect(link).toMatchObject({ at: 0, id: `kube-system/${link.name}` });
    expect(await client.call('lab', 'podRow', { pod: link.id })).toMatch(/^NAME\s+READY.*\ncoredns-\S+\s+1\/1\s+Running/s);
    expect((await client.call('lab', 'flow', { kind: 'cross-node' }))?.hops.length).toBeGreaterThan(3);
  });

  it('grades an exercise on a fresh copy of the lab', async () => {
    const { client } = connect();
    const out = await client.call('x', 'exercise', { setup: ['kubectl apply -f nginx-dp.yaml', 'kubectl scale deployment nginx-deployment --replicas=50', 'sleep 60'], measure: 'kubectl get pods --no-headers | grep -c Pending' });
    expect(out.value).toBe('7');
  });

  it('reports a failure as a message instead of leaving the page waiting', async () => {
    const { client } = connect();
    await expect(client.request({ op: 'input', session: 99, data: 'x' } as never)).rejects.toThrow('no terminal session 99');
    await expect(client.call('lab', 'nope' as never, undefined as never)).rejects.toThrow('no such call: nope');
    client.fail('the simulator stopped: boom');
    await expect(client.call('lab', 'eniView', undefined)).rejects.toThrow('the simulator stopped: boom');
  });

  it('stops a runaway loop on Ctrl-C between its ticks', async () => {
    const { client, elapse } = connect();
    const t = await terminal(client);
    t.handle.input('while true; do echo y; done\r');
    await settle();
    for (let i = 0; i < 5; i++) {
      elapse(50);
      await settle();
    }
    expect(t.screen).toMatch(/y\r\ny\r\n$/);
    t.handle.input('\x03');
    await settle();
    expect(t.screen).toMatch(/\^C\r\n\[root@myeks-bastion-EC2 ~\]# $/);
  });

  it('keeps a log of what was done to a cluster, and rebuilds the same cluster from it on another page', async () => {
    const a = connect();
    const t = await terminal(a.client);
    t.handle.input('kubectl apply -f nginx-dp.yaml\r');
    await settle();
    await a.client.call('lab', 'eniApply', { commands: ['kubectl scale deployment nginx-deployment --replicas=50'], wait: 60 });
    t.handle.input('ping 8.8.8.8\r');
    for (let i = 0; i < 30; i++) {
      a.elapse(50);
      await settle();
    }
    t.handle.input('\x03');
    await settle();
    await a.client.call('lab', 'eniView', undefined);
    const log = (await a.client.request({ op: 'log', cluster: 'lab' })) as { entries: unknown[] };
    // The read-only call is not in it; the ping's run is, as ticks.
    expect(log.entries.map((e) => ('call' in (e as object) ? (e as { call: string }).call : (e as { in: { line: string } }).in.line))).toEqual(['kubectl apply -f nginx-dp.yaml', 'eniApply', 'ping 8.8.8.8']);
    const look = 'date; kubectl get pods -o wide | sort; iptables -t nat -L -n -v | head -20';
    t.handle.input(`${look}\r`);
    await settle();
    const original = t.screen.slice(t.screen.lastIndexOf(look));

    // Another page: the log crosses as JSON would in a link.
    const b = connect();
    const u = await terminal(b.client);
    const outcome = await b.client.request({ op: 'restore', cluster: 'lab', log: JSON.parse(JSON.stringify(log)) });
    await settle();
    expect(outcome).toEqual({ done: 3 });
    // The restored terminal shows the lines being done again, the ping's statistics included.
    expect(u.screen).toContain('--- 8.8.8.8 ping statistics ---');
    u.handle.input(`${look}\r`);
    await settle();
    expect(u.screen.slice(u.screen.lastIndexOf(look))).toBe(original);
    // And its log is the one it was rebuilt from, with the new line after: a link from it rebuilds it again.
    const again = (await b.client.request({ op: 'log', cluster: 'lab' })) as { entries: unknown[] };
    expect(again.entries.slice(0, 3)).toEqual(log.entries);
  });

  it('refuses a log that is not one, and leaves the cluster as it was', async () => {
    const { client } = connect();
    const t = await terminal(client);
    t.handle.input('kubectl create ns kept\r');
    await settle();
    const refusals = await Promise.all(
      [
        null,
        { entries: 'x' },
        { entries: [{ s: 0, in: { line: 'echo a\nrm -rf /' } }] },
        { entries: [{ call: 'constructor', args: {} }] },
        { entries: [{ call: 'eniView', args: {} }] },
        { entries: [{ s: 9, in: { line: 'true' } }] },
        { entries: [{ s: 0, in: { line: 'x'.repeat(5000) } }] },
        { entries: [{ s: 0, in: { line: 'yes', live: { ticks: Array(80_000).fill([1]), interrupted: true } } }] },
        { scenario: '../../etc', entries: [] },
        { entries: [], extra: 1 },
      ].map((log) => client.request({ op: 'restore', cluster: 'lab', log })),
    );
    for (const r of refusals) expect(r).toMatchObject({ done: 0, error: { why: expect.stringMatching(/^(log|scenario)$/) } });
    expect(restoreProblemText((refusals[3] as RestoreOutcome).error!, en, 'en')).toBe('This link does not describe a cluster: entry 1: not a widget action of this site.');
    t.handle.input('kubectl get ns kept --no-headers | wc -l\r');
    await settle();
    expect(t.screen).toMatch(/\r\n1\r\n\[root@myeks-bastion-EC2 ~\]# $/);
    // A well-formed log that its lines do not fit stops there, saying where and why.
    const r = await client.request({ op: 'restore', cluster: 'lab', log: { entries: [{ s: 0, in: { line: 'true' } }, { s: 0, in: { line: 'echo hi', live: { ticks: [[1]], interrupted: true } } }] } });
    expect(r).toEqual({ done: 1, error: { why: 'entry', n: 2, problem: { line: 'echo hi', fault: 'ended-at-once' } } });
    expect(restoreProblemText((r as RestoreOutcome).error!, en, 'en')).toBe('The link\'s entry 2 could not be done again: `echo hi` ended at once, but its record is of a run.');
    // A Korean page says it all in Korean: the page's sentence and the reason.
    expect(restoreProblemText((r as RestoreOutcome).error!, ko, 'ko')).toBe('링크의 2번째 항목을 다시 실행하지 못했습니다: `echo hi`: 곧바로 끝났지만 기록에는 계속 실행된 것으로 남아 있습니다.');
    expect(restoreProblemText((refusals[6] as RestoreOutcome).error!, ko, 'ko')).toBe('이 링크는 클러스터를 나타내지 않습니다: 1번째 항목: 줄은 4096자 이하의 텍스트여야 합니다.');
  });

  it('restarts a worker deaf to Ctrl-C: the prompt comes back at once, and the new worker rebuilds the clusters from the page\'s copy of their logs', async () => {
    const { clock, elapse } = manualClock();
    let client!: EngineClient;
    const hosts: EngineHost[] = [];
    /** Messages the first worker never gets to: it is deep in one line's work. */
    let busy = false;
    const startWorker = () => {
      const index = hosts.length;
      const live = () => index === hosts.length - 1;
      const host = new EngineHost(
        (notice) => queueMicrotask(() => live() && client.receive(structuredClone(notice))),
        (scenario, cluster) => createBrowserEngine(cluster ? { cluster } : scenario ? loadBrowserScenario(scenario).cluster : {}),
        clock,
      );
      hosts.push(host);
      return (req: Request) => queueMicrotask(() => live() && !(busy && index === 0) && host.handle(structuredClone(req)));
    };
    client = new EngineClient(startWorker(), { restart: startWorker, clock });
    const t = await terminal(client);
    t.handle.input('kubectl create ns kept\r');
    await settle();
    await client.call('lab', 'eniApply', { commands: ['kubectl apply -f nginx-dp.yaml'], wait: 30 });
    // A worker that answers Ctrl-C is left alone.
    t.handle.input('ping 8.8.8.8\r');
    elapse(120);
    await settle();
    t.handle.input('\x03');
    await settle();
    elapse(100);
    await settle();
    expect(hosts).toHaveLength(1);
    expect(t.screen).toMatch(/ping statistics ---.*\]# $/s);

    busy = true;
    t.handle.input('kubectl create ns lost\r');
    const answer = client.call('lab', 'eniView', undefined);
    t.handle.input('\x03');
    elapse(UNANSWERED_CTRL_C_MS - 1);
    await settle();
    expect(hosts).toHaveLength(1);
    elapse(1);
    await settle();
    expect(hosts).toHaveLength(2);
    expect(t.screen.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
    // The call the old worker never answered, the new one does.
    expect((await answer).nodes).toHaveLength(3);
    const screen = t.screen;
    t.handle.input('kubectl get ns --no-headers | grep -c -e kept -e lost; kubectl get deploy --no-headers | wc -l; history | tail -3\r');
    await settle();
    const after = t.screen.slice(screen.length);
    // Everything before the stuck line is there again (the terminal's line and the widget's action), the stuck line
    // did nothing, and the rebuild printed nothing of its own.
    expect(after).toMatch(/^kubectl get ns .*\r\n1\r\n1\r\n/);
    expect(after).toContain('ping 8.8.8.8');
    expect(t.screen.indexOf('ns/kept created')).toBe(t.screen.lastIndexOf('ns/kept created'));
  });
});

describe('a bug of ours in a terminal line', () => {
  it('reaches the terminal as a failure it words itself, not as the engine\'s English text', async () => {
    let client!: EngineClient;
    const host = new EngineHost(
      (notice) => queueMicrotask(() => client.receive(structuredClone(notice))),
      () => {
        const engine = createBrowserEngine({});
        // An engine whose shell throws, as a bug would.
        engine.shell.run = () => {
          throw new Error('boom');
        };
        return engine;
      },
      manualClock().clock,
    );
    client = new EngineClient((req) => queueMicrotask(() => host.handle(structuredClone(req))));
    const failures: string[] = [];
    let screen = '';
    const handle = await client.openTerminal('lab', { write: (text) => (screen += text), failed: (e) => failures.push(e) });
    await settle();
    handle.input('true\r');
    await settle();
    expect(failures).toEqual(['boom']);
    expect(screen).not.toContain('simulator failed');
  });
});
