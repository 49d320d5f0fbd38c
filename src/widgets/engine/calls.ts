// Every question or action a widget can send to the engine worker, by name. Each widget keeps its own calls
// beside it; this table only gathers them, and types the page's side (page-cluster.ts) from them.
import type { Engine } from '../../shell/engine.ts';
import { eniViewCalls } from '../eni-view/calls.ts';
import { exerciseCalls } from '../exercise/calls.ts';
import { nlbPathCalls } from '../nlb-path/calls.ts';
import { overlayPacketCalls } from '../overlay-packet/calls.ts';
import { stepperCalls } from '../packet-stepper/calls.ts';
import { quizCalls } from '../quiz/calls.ts';
import { proxyScaleCalls } from '../proxy-scale/calls.ts';
import { ruleWalkCalls } from '../rule-walk/calls.ts';
import { terminalCalls } from '../terminal/calls.ts';

export interface CallContext {
  /** The page's cluster (built with the lab's defaults if no terminal has built it yet). */
  engine(): Engine;
}

export const CALLS = { ...terminalCalls, ...eniViewCalls, ...stepperCalls, ...exerciseCalls, ...ruleWalkCalls, ...proxyScaleCalls, ...nlbPathCalls, ...overlayPacketCalls, ...quizCalls };

type Calls = typeof CALLS;
export type CallName = keyof Calls;
export type CallArgs<N extends CallName> = Parameters<Calls[N]> extends [unknown, infer A] ? A : undefined;
export type CallResult<N extends CallName> = Awaited<ReturnType<Calls[N]>>;

/** Calls that only look (at the page's cluster, or at none): a cluster's log leaves them out. Every other call
 *  may change the cluster, so a log keeps it to do again. */
export const READ_ONLY_CALLS: ReadonlySet<CallName> = new Set<CallName>(['eniView', 'podRow', 'lastPing', 'externalSnat', 'podLinks', 'proxyScale', 'exercise', 'overlayPacket', 'quizAsk', 'quizGrade']);
