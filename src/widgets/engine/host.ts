// The worker's side of the page ↔ engine protocol: the page's clusters, the terminal sessions on them, and the
// widgets' calls. Plain TypeScript over a `post` function, so that it runs (and is tested) in Node as well.
import type { Cluster } from '../../model/cluster/cluster.ts';
import type { Engine } from '../../shell/engine.ts';
import { type Clock, REAL_CLOCK } from '../../terminal/live-process.ts';
import { type LineFault, TerminalSession, toTerminal } from '../../terminal/terminal-session.ts';
import { CALLS, type CallContext, type CallName, READ_ONLY_CALLS } from './calls.ts';
import { type ClusterLog, type ClusterLogEntry, validateClusterLog } from './cluster-log.ts';
import type { Notice, Request, RestoreOutcome } from './protocol.ts';

/** More lines than any page's terminal keeps (its scrollback is 1,000 rows plus the screen, a tall one in presenter
 *  mode included). */
export const MAX_TERMINAL_LINES = 2_000;

/** Lines of a command's output the screen reader's live region gets (its end). */
export const TRANSCRIPT_LINES = 24;

/** The page hears of cluster changes at most this often (a watch loop changes it every tick). */
export const CHANGE_NOTICE_MS = 100;

interface HostedCluster {
  engine: Engine;
  unsubscribe(): void;
  /** What was done to it since it was built (for share links and restores). */
  log: ClusterLog;
}

interface HostedSession {
  cluster: string;
  terminal: TerminalSession;
}

export class EngineHost {
  private readonly clusters = new Map<string, HostedCluster>();
  private readonly sessions = new Map<number, HostedSession>();
  private readonly noticeDue = new Set<string>();

  private readonly post: (notice: Notice) => void;
  /** A fresh engine: the lab's cluster, the starting cluster of the named scenario, or a shell on `cluster`. */
  private readonly createEngine: (scenario?: string, cluster?: Cluster) => Engine;
  private readonly clock: Clock;

  /** A quiet restore (the page rebuilding a worker that stopped answering): the terminals already show it all. */
  private muted = false;

  constructor(post: (notice: Notice) => void, createEngine: (scenario?: string, cluster?: Cluster) => Engine, clock: Clock = REAL_CLOCK) {
    this.post = (notice) => {
      if (this.muted && (notice.type === 'write' || notice.type === 'failed' || notice.type === 'transcript' || notice.type === 'replaced')) return;
      post(notice);
    };
    this.createEngine = createEngine;
    this.clock = clock;
  }

  handle(req: Request): void {
    const failed = (e: unknown) => {
      // The engine answers bad input with messages of its own; reaching here is a bug of ours, reported as
      // one instead of a silent, stuck page.
      const error = e instanceof Error ? e.message : String(e);
      if ('id' in req) this.post({ type: 'reply', id: req.id, error });
      else if ('session' in req) this.post({ type: 'failed', session: req.session, error });
    };
    try {
      const value = this.dispatch(req);
      // A call that first loads a chunk of its own (a quiz's Korean words) answers when it has it.
      if (value instanceof Promise) value.then((v) => 'id' in req && this.post({ type: 'reply', id: req.id, value: v }), failed);
      else if ('id' in req) this.post({ type: 'reply', id: req.id, value });
    } catch (e) {
      failed(e);
    }
  }

  private dispatch(req: Request): unknown {
    switch (req.op) {
      case 'ensure':
        this.cluster(req.cluster, req.scenario);
        return undefined;
      case 'reset':
        return this.reset(req.cluster, req.scenario, req.requester);
      case 'open':
        this.muted = req.quiet === true;
        try {
          this.open(req.cluster, req.session);
        } finally {
          this.muted = false;
        }
        return undefined;
      case 'close':
        this.sessions.get(req.session)?.terminal.dispose();
        this.sessions.delete(req.session);
        return undefined;
      case 'input':
        this.session(req.session).input(req.data);
        return undefined;
      case 'runLine': {
        const terminal = this.session(req.session);
        terminal.editor.addHistory(req.line);
        terminal.runLine(req.line, false);
        return undefined;
      }
      case 'call':
        return this.call(req.cluster, req.name, req.args);
      case 'log':
        return this.cluster(req.cluster).log;
      case 'restore':
        this.muted = req.quiet === true;
        try {
          return this.restore(req.cluster, req.log);
        } finally {
          this.muted = false;
        }
    }
  }

  private call(cluster: string, name: CallName, args: unknown): unknown {
    const call = Object.hasOwn(CALLS, name) ? (CALLS[name] as (ctx: CallContext, args: unknown) => unknown) : undefined;
    if (!call) throw new Error(`no such call: ${name}`);
    const value = call({ engine: () => this.cluster(cluster).engine }, args);
    if (!READ_ONLY_CALLS.has(name)) this.record(cluster, { call: name, args });
    return value;
  }

  /**
   * A fresh cluster (from the log's starting point) and the log done on it again: each line in the terminal of
   * its session, as if typed (a session with no terminal open on the page runs unseen), each widget action
   * through its call. Stops at the first entry that cannot be done, and says why.
   */
  private restore(id: string, untrusted: unknown): RestoreOutcome {
    const checked = validateClusterLog(untrusted);
    if ('error' in checked) return { done: 0, error: { why: 'log', problem: checked.error } };
    const { log } = checked;
    try {
      // The first terminal's screen starts over; a second one is told the cluster was replaced.
      this.reset(id, log.scenario, this.sessionsOn(id).length ? [...this.sessions].find(([, s]) => s.cluster === id)?.[0] : undefined);
    } catch {
      return { done: 0, error: { why: 'scenario', scenario: String(log.scenario) } };
    }
    const unseen = new Map<number, TerminalSession>();
    const terminalFor = (s: number): TerminalSession => {
      const open = this.sessionsOn(id);
      if (open[s]) return open[s]!.terminal;
      let t = unseen.get(s);
      if (!t) {
        const { engine } = this.cluster(id);
        // The first session's shell is the cluster's own engine, as the first terminal opened would have it.
        t = new TerminalSession(s === 0 && open.length === 0 ? engine : this.createEngine(undefined, engine.cluster), () => {}, () => {}, this.clock);
        t.onLog = (input) => this.record(id, { s, in: input });
        unseen.set(s, t);
      }
      return t;
    };
    let done = 0;
    try {
      for (const entry of log.entries) {
        let problem: LineFault | { action: string; error: string } | undefined;
        if ('call' in entry) {
          try {
            this.call(id, entry.call, entry.args);
          } catch (e) {
            problem = { action: entry.call, error: e instanceof Error ? e.message : String(e) };
          }
        } else {
          problem = terminalFor(entry.s).replay(entry.in);
        }
        if (problem) return { done, error: { why: 'entry', n: done + 1, problem } };
        done++;
      }
      return { done };
    } finally {
      for (const t of unseen.values()) t.dispose();
      this.post({ type: 'changed', cluster: id });
    }
  }

  private cluster(id: string, scenario?: string): HostedCluster {
    let hosted = this.clusters.get(id);
    if (!hosted) {
      hosted = this.host(id, this.createEngine(scenario), scenario);
      this.clusters.set(id, hosted);
    }
    return hosted;
  }

  private host(id: string, engine: Engine, scenario?: string): HostedCluster {
    const unsubscribe = engine.cluster.subscribe(() => {
      if (this.noticeDue.has(id)) return;
      this.noticeDue.add(id);
      this.clock.setTimeout(() => {
        this.noticeDue.delete(id);
        this.post({ type: 'changed', cluster: id });
      }, CHANGE_NOTICE_MS);
    });
    const log: ClusterLog = { ...(scenario ? { scenario } : {}), entries: [] };
    this.post({ type: 'fresh', cluster: id, scenario });
    return { engine, unsubscribe, log };
  }

  /** An entry of a cluster's log, kept here and sent to the page (which rebuilds from its copy a worker that
   *  stopped answering). */
  private record(cluster: string, entry: ClusterLogEntry): void {
    const hosted = this.clusters.get(cluster);
    if (!hosted) return;
    hosted.log.entries.push(entry);
    this.post({ type: 'logged', cluster, entry });
  }

  private session(id: number): TerminalSession {
    const hosted = this.sessions.get(id);
    if (!hosted) throw new Error(`no terminal session ${id}`);
    return hosted.terminal;
  }

  private open(cluster: string, session: number): void {
    const { engine } = this.cluster(cluster);
    // A second terminal gets an engine of its own (host, variables, history) over the same cluster.
    const shell = this.sessionCount(cluster) === 0 ? engine : this.createEngine(undefined, engine.cluster);
    const terminal = new TerminalSession(
      shell,
      (text) => this.post({ type: 'write', session, text }),
      (entry) => this.post({ type: 'transcript', session, entry }),
      this.clock,
      // No terminal keeps more lines than this (scrollback and screen): a flood is cut before it is converted and
      // posted. The screen reader's log announces the end of an output, not a megabyte of `yes`.
      { screenLines: MAX_TERMINAL_LINES, transcriptLines: TRANSCRIPT_LINES },
    );
    this.sessions.set(session, { cluster, terminal });
    terminal.onPrompt = (text) => this.post({ type: 'prompt', session, text });
    terminal.onLog = (input) => {
      const s = this.sessionsOn(cluster).findIndex((h) => h.terminal === terminal);
      this.record(cluster, { s: Math.max(0, s), in: input });
    };
    terminal.watchJobs();
    terminal.showPrompt();
  }

  private sessionCount(cluster: string): number {
    return this.sessionsOn(cluster).length;
  }

  /** The terminals open on a cluster, in the order they were opened. */
  private sessionsOn(cluster: string): HostedSession[] {
    return [...this.sessions].filter(([, s]) => s.cluster === cluster).sort(([a], [b]) => a - b).map(([, s]) => s);
  }

  /** A fresh cluster in place of the old; every terminal on it starts a new session there. */
  private reset(id: string, scenario: string | undefined, requester: number | undefined): void {
    // Built first: a scenario that cannot be built leaves the old cluster as it was.
    const engine = this.createEngine(scenario);
    this.clusters.get(id)?.unsubscribe();
    this.clusters.set(id, this.host(id, engine, scenario));
    const on = [...this.sessions].filter(([, s]) => s.cluster === id).sort(([a], [b]) => (a === requester ? -1 : b === requester ? 1 : a - b));
    for (const [session, hosted] of on) {
      hosted.terminal.dispose();
      this.sessions.delete(session);
    }
    for (const [session] of on) {
      this.post({ type: 'replaced', cluster: id, session, requester: session === requester });
      this.open(id, session);
    }
    this.post({ type: 'changed', cluster: id });
  }
}
