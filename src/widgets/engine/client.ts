// The page's side of the page ↔ engine protocol: requests with promises for their replies, terminal output
// routed to its terminal, change notices to the widgets that draw a cluster. Knows nothing of Worker itself
// (page-cluster.ts gives it one), so that tests connect it to an EngineHost directly.
import type { TranscriptEntry } from '../../terminal/terminal-session.ts';
import type { CallArgs, CallName, CallResult, Notice, Request } from './protocol.ts';

type Send = (req: Request) => void;
type WithoutId<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export interface TerminalHandlers {
  write(text: string): void;
  transcript?(entry: TranscriptEntry): void;
  /** The session now runs on a fresh cluster; `requester`: this terminal's replay asked for it. */
  replaced?(requester: boolean): void;
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
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly terminals = new Map<number, TerminalHandlers>();
  private readonly listeners = new Map<string, Set<() => void>>();
  /** Set when the engine cannot go on (the worker failed to load or died): every request fails with it. */
  private broken?: string;

  private readonly send: Send;

  constructor(send: Send) {
    this.send = send;
  }

  receive(notice: Notice): void {
    switch (notice.type) {
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
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...req, id } as Request);
    });
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
    return {
      session,
      input: (data) => this.send({ op: 'input', session, data }),
      runLine: async (line) => void (await this.request({ op: 'runLine', session, line })),
      close: () => {
        this.terminals.delete(session);
        this.send({ op: 'close', session });
      },
    };
  }
}
