// The page's side of the page ↔ engine protocol: requests with promises for their replies, terminal output
// routed to its terminal, change notices to the widgets that draw a cluster. Knows nothing of Worker itself
// (page-cluster.ts gives it one), so that tests connect it to an EngineHost directly.
import type { TranscriptEntry } from '../../terminal/terminal-session.ts';
import type { ClusterLog } from './cluster-log.ts';
import type { CallArgs, CallName, CallResult, Notice, Request } from './protocol.ts';

type Send = (req: Request) => void;

/** How long a Ctrl-C may go unanswered before the page gives up on the worker and starts another: well over the
 *  15 ms a busy line works between breaths, so a worker that is only busy answers first. */
export const UNANSWERED_CTRL_C_MS = 40;

export interface ClientOptions {
  /** Stops the worker and starts a fresh one; returns how to reach it. Without it, a stuck worker is waited for. */
  restart?: () => Send;
  /** Timers for the Ctrl-C watchdog (tests drive them by hand). */
  clock?: { setTimeout(run: () => void, ms: number): unknown; now(): number };
}
type WithoutId<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export interface TerminalHandlers {
  write(text: string): void;
  transcript?(entry: TranscriptEntry): void;
  /** The session now runs on a fresh cluster; `requester`: this terminal's replay asked for it. */
  replaced?(requester: boolean): void;
  /** A bug of ours stopped the line (the engine threw `error`): said in the page's language. */
  failed?(error: string): void;
}

export interface TerminalHandle {
  readonly session: number;
  input(data: string): void;
  /** A replayed step, run to its end; resolves when its output has been sent. */
  runLine(line: string): Promise<void>;
  close(): void;
}

export class EngineClient {
  private nextId = 1;
  private nextSession = 1;
  private readonly pending = new Map<number, { req: Request; resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly terminals = new Map<number, TerminalHandlers>();
  private readonly listeners = new Map<string, Set<() => void>>();
  /** Set when the engine cannot go on (the worker failed to load or died): every request fails with it. */
  private broken?: string;

  private send: Send;
  private readonly options: ClientOptions;
  /** A copy of each cluster's log (the worker sends every entry), to rebuild a worker that stopped answering. */
  private readonly logs = new Map<string, ClusterLog>();
  /** The terminals open in the worker (their cluster) and the prompt each shows. */
  private readonly opened = new Map<number, string>();
  private readonly prompts = new Map<number, string>();
  /** When the worker last said anything. */
  private lastHeard = 0;
  /** Rebuilding after a restart: a Ctrl-C then waits, instead of restarting again. */
  private rebuilding = 0;

  constructor(send: Send, options: ClientOptions = {}) {
    this.send = send;
    this.options = options;
  }

  private now(): number {
    return this.options.clock?.now() ?? performance.now();
  }

  receive(notice: Notice): void {
    this.lastHeard = this.now();
    switch (notice.type) {
      case 'fresh':
        this.logs.set(notice.cluster, { ...(notice.scenario ? { scenario: notice.scenario } : {}), entries: [] });
        return;
      case 'logged':
        this.logs.get(notice.cluster)?.entries.push(notice.entry);
        return;
      case 'prompt':
        this.prompts.set(notice.session, notice.text);
        return;
      case 'reply': {
        const p = this.pending.get(notice.id);
        this.pending.delete(notice.id);
        if (notice.error !== undefined) p?.reject(new Error(notice.error));
        else p?.resolve(notice.value);
        return;
      }
      case 'write':
        this.terminals.get(notice.session)?.write(notice.text);
        return;
      case 'failed': {
        const t = this.terminals.get(notice.session);
        if (t?.failed) t.failed(notice.error);
        else t?.write(`\r\n[the simulator failed: ${notice.error}]\r\n`);
        return;
      }
      case 'transcript':
        this.terminals.get(notice.session)?.transcript?.(notice.entry);
        return;
      case 'replaced':
        this.terminals.get(notice.session)?.replaced?.(notice.requester);
        return;
      case 'changed':
        this.listeners.get(notice.cluster)?.forEach((l) => l());
        return;
    }
  }

  /** The engine is gone (the worker failed): pending and later requests fail with `message`. */
  fail(message: string): void {
    this.broken = message;
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  request(req: WithoutId<Request>): Promise<unknown> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    const id = this.nextId++;
    const full = { ...req, id } as Request;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { req: full, resolve, reject });
      this.send(full);
    });
  }

  /** Key input for a terminal. A Ctrl-C the worker does not answer in time restarts it (see restart). */
  private input(session: number, data: string): void {
    this.send({ op: 'input', session, data });
    if (!data.includes('\x03') || !this.options.restart) return;
    const sentAt = this.now();
    const clock = this.options.clock ?? { setTimeout: (run: () => void, ms: number) => setTimeout(run, ms) };
    clock.setTimeout(() => {
      if (this.lastHeard < sentAt && this.rebuilding === 0 && this.opened.has(session)) this.restart(session);
    }, UNANSWERED_CTRL_C_MS);
  }

  /**
   * The worker is deep in work it cannot pause (one huge expansion, a 10,000-stage parse) and a learner pressed
   * Ctrl-C: the page stops it and starts another, which rebuilds every cluster from the page's copy of its log.
   * The line that was running is left out, as if Ctrl-C had come before it did anything; the terminal shows ^C and
   * its prompt at once, and what is typed meanwhile waits for the new worker.
   */
  private restart(session: number): void {
    this.send = this.options.restart!();
    this.terminals.get(session)?.write(`^C\r\n${this.prompts.get(session) ?? ''}`);
    const waiting = [...this.pending.values()];
    const rebuilt = (p: Promise<unknown>) => {
      this.rebuilding++;
      void p.finally(() => this.rebuilding--);
    };
    for (const [s, cluster] of [...this.opened].sort(([a], [b]) => a - b)) rebuilt(this.request({ op: 'open', cluster, session: s, quiet: true }));
    for (const [cluster, log] of this.logs) rebuilt(this.request({ op: 'restore', cluster, log: structuredClone(log), quiet: true }));
    // What the old worker had not answered, the new one does (after the rebuild: messages keep their order).
    for (const p of waiting) this.send(p.req);
    for (const cluster of this.logs.keys()) this.listeners.get(cluster)?.forEach((l) => l());
  }

  call<N extends CallName>(cluster: string, name: N, args: CallArgs<N>): Promise<CallResult<N>> {
    return this.request({ op: 'call', cluster, name, args }) as Promise<CallResult<N>>;
  }

  subscribe(cluster: string, listener: () => void): () => void {
    const set = this.listeners.get(cluster) ?? new Set();
    this.listeners.set(cluster, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  async openTerminal(cluster: string, handlers: TerminalHandlers): Promise<TerminalHandle> {
    const session = this.nextSession++;
    this.terminals.set(session, handlers);
    await this.request({ op: 'open', cluster, session });
    this.opened.set(session, cluster);
    return {
      session,
      input: (data) => this.input(session, data),
      runLine: async (line) => void (await this.request({ op: 'runLine', session, line })),
      close: () => {
        this.terminals.delete(session);
        this.opened.delete(session);
        this.send({ op: 'close', session });
      },
    };
  }
}
