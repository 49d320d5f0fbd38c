// The `recent` match's lists (the kernel's xt_recent, net/netfilter/xt_recent.c), one set per network namespace:
// kube-proxy's ClientIP session affinity. `--set` records the packet's source address in the named list with the
// time and always matches; `--rcheck --seconds N` matches when the source was recorded within the last N seconds;
// `--reap` drops entries older than that while checking. kube-proxy puts `--set` on each endpoint's DNAT rule and
// an `--rcheck` per endpoint at the top of KUBE-SVC-X, so a client that came recently goes back to the same
// endpoint. Only the newest time of an entry is kept: kube-proxy uses no --hitcount, so the others never count.
import type { Ipv4 } from './ipv4.ts';

export interface RecentMatch {
  op: 'set' | 'rcheck';
  name: string;
  seconds?: number;
  reap?: boolean;
}

export class RecentLists {
  /** list name → source address → when it was last recorded (model milliseconds). */
  private readonly lists = new Map<string, Map<Ipv4, number>>();

  /** Whether the match holds for a packet from `src` at `nowMs`; `--set` records it. */
  match(e: RecentMatch, src: Ipv4, nowMs: number): boolean {
    let list = this.lists.get(e.name);
    if (e.op === 'set') {
      if (!list) this.lists.set(e.name, (list = new Map()));
      list.set(src, nowMs);
      return true;
    }
    const seen = list?.get(src);
    if (seen === undefined) return false;
    // recent_mt: a stamp older than now - seconds does not count (time_after(now - seconds, stamp)).
    const fresh = e.seconds === undefined || seen >= nowMs - e.seconds * 1000;
    if (!fresh && e.reap) list!.delete(src);
    return fresh;
  }

  /** The entries of one list, as /proc/net/xt_recent/NAME would list them (address, last seen). */
  entries(name: string): [Ipv4, number][] {
    return [...(this.lists.get(name) ?? [])];
  }

  clone(): RecentLists {
    const copy = new RecentLists();
    for (const [name, list] of this.lists) copy.lists.set(name, new Map(list));
    return copy;
  }
}
