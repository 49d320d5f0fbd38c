// The kubelet's event when the VPC CNI had no address for a pod's sandbox. Tens of thousands of pods can wait
// for an address at once and few of these messages are ever read, so each is written when first read, from the
// seed of its sandbox ID (32 random bits, kept signed so that V8 need not box them).
import { randomHex } from '../ids.ts';
import { createRng } from '../rng.ts';
import { COMBINED_PREFIX } from './similar-events.ts';
import type { ClusterEvent } from './types.ts';

export class SandboxFailureEvent implements ClusterEvent {
  namespace: string;
  kind = 'Pod';
  name: string;
  type: ClusterEvent['type'] = 'Warning';
  reason = 'FailedCreatePodSandBox';
  source = 'kubelet';
  firstAt: number;
  lastAt: number;
  count = 1;
  /** Whether this is the recorder's combined event (see similar-events.ts). */
  readonly combined: boolean;
  #sandbox: number;
  #text?: string = undefined;

  constructor(namespace: string, pod: string, sandbox: number, at: number, combined: boolean) {
    this.namespace = namespace;
    this.name = pod;
    this.#sandbox = sandbox;
    this.firstAt = at;
    this.lastAt = at;
    this.combined = combined;
  }

  get message(): string {
    this.#text ??= `${this.combined ? COMBINED_PREFIX : ''}Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${randomHex(createRng(this.#sandbox >>> 0), 64)}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`;
    return this.#text;
  }

  /** The combined event counted up: the latest failure's time and sandbox. */
  recount(count: number, at: number, sandbox: number): void {
    this.count = count;
    this.lastAt = at;
    this.#sandbox = sandbox;
    this.#text = undefined;
  }
}
