// The page ↔ engine-worker protocol, with the worker's host and the page's client joined by an asynchronous
// channel that structured-clones every message as postMessage does: terminals type and read, replays reset,
// widgets' calls answer with plain data, and failures come back as messages.
import { describe, expect, it } from 'vitest';
import { EngineClient, type TerminalHandle } from '../../../src/widgets/engine/client.ts';
import { EngineHost, MAX_TERMINAL_LINES } from '../../../src/widgets/engine/host.ts';
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
});
