// The messages between a page and its engine worker. The simulated cluster, the shell and every terminal
// session's line editor live in the worker, so that nothing a learner types can hold the page's main thread;
// the page sends key input and questions, and draws what comes back.
import type { LineFault, TranscriptEntry } from '../../terminal/terminal-session.ts';
import type { CallName, CallArgs, CallResult } from './calls.ts';
import type { ClusterLogEntry, LogProblem } from './cluster-log.ts';

export type { CallName, CallArgs, CallResult };

/** Page → worker. Requests with an `id` are answered by a `reply` with that id. */
export type Request =
  /** Builds the page's cluster `cluster` unless it exists: the lab's, or a scenario's starting cluster. */
  | { op: 'ensure'; id: number; cluster: string; scenario?: string }
  /** Replaces the cluster with a fresh one (a replay stepping back); its sessions start again on it. */
  | { op: 'reset'; id: number; cluster: string; scenario?: string; requester?: number }
  /** A terminal's shell session on the cluster (its own host, variables and history). */
  | { op: 'open'; id: number; cluster: string; session: number; quiet?: boolean }
  | { op: 'close'; session: number }
  /** Key input, as xterm.js delivers it. */
  | { op: 'input'; session: number; data: string }
  /** A replayed step: added to history and run to its end (a recorded `watch` shows one screen). */
  | { op: 'runLine'; id: number; session: number; line: string }
  /** A widget's question or action (see calls.ts). */
  | { op: 'call'; id: number; cluster: string; name: CallName; args: unknown }
  /** What was done to the cluster so far (cluster-log.ts), for a link that rebuilds it. Replies a ClusterLog. */
  | { op: 'log'; id: number; cluster: string }
  /** A fresh cluster with `log` done on it again (a shared link): its terminals show it being done. Replies a
   *  RestoreOutcome. `log` is untrusted: the worker checks it. */
  | { op: 'restore'; id: number; cluster: string; log: unknown; quiet?: boolean };

/** How a restore went: the entries done, and why it stopped early, if it did. */
export interface RestoreOutcome {
  done: number;
  error?: RestoreProblem;
}

/** Why a restore stopped, as data: the page words it in its language (share-link.ts restoreProblemText). */
export type RestoreProblem =
  | { why: 'log'; problem: LogProblem }
  | { why: 'scenario'; scenario: string }
  | { why: 'entry'; n: number; problem: LineFault | { action: string; error: string } };

/** Worker → page. */
export type Notice =
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  /** Text for a terminal, with xterm's line endings. */
  | { type: 'write'; session: number; text: string }
  /** A bug of ours stopped a terminal's line (the engine threw): the page words it for the reader. */
  | { type: 'failed'; session: number; error: string }
  | { type: 'transcript'; session: number; entry: TranscriptEntry }
  /** The cluster changed (sent at most every CHANGE_NOTICE_MS): widgets that draw it ask again. */
  | { type: 'changed'; cluster: string }
  /** A session now runs on a fresh cluster (a reset); `requester` is the session whose replay asked for it. */
  | { type: 'replaced'; cluster: string; session: number; requester: boolean }
  /** A cluster was built afresh: its log starts empty. */
  | { type: 'fresh'; cluster: string; scenario?: string }
  /** An entry added to a cluster's log: the page keeps a copy, to rebuild the cluster if the worker stops answering. */
  | { type: 'logged'; cluster: string; entry: ClusterLogEntry }
  /** The prompt a terminal shows now (PS1, or PS2 while a command goes on). */
  | { type: 'prompt'; session: number; text: string };
