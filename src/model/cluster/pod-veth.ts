// A pod's host-side veth. Its name needs a sha1 and its MAC and network namespace need random draws: in a
// 150,000-pod cluster that work dominates, yet almost nobody looks. So they are computed on first read, from the
// pod's own identity (deterministic as ever, independent of when they are read).
import { hostVethName, netnsName, vethMac } from '../ids.ts';
import { createRng } from '../rng.ts';
import type { PodVeth } from './types.ts';

export class LazyPodVeth implements PodVeth {
  readonly ifindex: number;
  readonly #namespace: string;
  readonly #pod: string;
  readonly #uid: string;
  readonly #prefix: string;
  #name?: string;
  #mac?: string;
  #netns?: string;

  constructor(namespace: string, pod: string, uid: string, prefix: string, ifindex: number, mac?: string) {
    this.#mac = mac;
    this.#namespace = namespace;
    this.#pod = pod;
    this.#uid = uid;
    this.#prefix = prefix;
    this.ifindex = ifindex;
  }

  get name(): string {
    return (this.#name ??= hostVethName(this.#namespace, this.#pod, this.#prefix));
  }

  get mac(): string {
    return (this.#mac ??= vethMac(createRng(`veth-mac:${this.#uid}`)));
  }

  get netns(): string {
    return (this.#netns ??= netnsName(createRng(`netns:${this.#uid}`)));
  }

  /** Snapshots (and tests comparing them) see the same fields as a plain object. */
  toJSON(): PodVeth {
    return { name: this.name, mac: this.mac, ifindex: this.ifindex, netns: this.netns };
  }
}
