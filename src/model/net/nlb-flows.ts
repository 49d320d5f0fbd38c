// The NLB's own flow table: a flow keeps the target it was given for its life (so later packets of a connection
// follow the SYN), and the translation the load balancer made, so that the target's replies can be turned back
// into what the client expects. Replies come back through the load balancer even when the client's address is
// preserved: AWS's Hyperplane keeps the connection's state, so the target's answer to the client's own address is
// intercepted (the model looks every VPC packet up here first). TCP flows idle out after 350 s, NLB's idle timeout.
import type { Ipv4 } from './ipv4.ts';

export const NLB_TCP_IDLE_MS = 350_000;

export interface NlbFlow {
  lbArn: string;
  /** The subnet (AZ) of the load balancer node the client reached. */
  subnetId: string;
  proto: 'tcp' | 'udp';
  client: { ip: Ipv4; port: number };
  /** The load balancer's address and listener port the client connected to. */
  front: { ip: Ipv4; port: number };
  /** The source the target sees (the client's, or the node's private address and a port of its own). */
  back: { ip: Ipv4; port: number };
  target: { ip: Ipv4; port: number; id: string };
  lastSeen: number;
}

const key = (proto: string, a: Ipv4, ap: number, b: Ipv4, bp: number) => `${proto} ${a}:${ap} ${b}:${bp}`;

export class NlbFlows {
  private readonly byOriginal = new Map<string, NlbFlow>();
  private readonly byReply = new Map<string, NlbFlow>();

  constructor(parent?: NlbFlows) {
    if (parent) {
      for (const f of parent.byOriginal.values()) this.add({ ...f });
    }
  }

  get size(): number {
    return this.byOriginal.size;
  }

  add(f: NlbFlow): void {
    // Closed flows are not tracked here; idle ones are swept once the table grows.
    if (this.byOriginal.size >= 4096) {
      for (const old of [...this.byOriginal.values()]) if (f.lastSeen - old.lastSeen > NLB_TCP_IDLE_MS) this.remove(old);
    }
    this.byOriginal.set(key(f.proto, f.client.ip, f.client.port, f.front.ip, f.front.port), f);
    this.byReply.set(key(f.proto, f.target.ip, f.target.port, f.back.ip, f.back.port), f);
  }

  /** Every flow the table holds (idle ones included until swept). */
  all(): NlbFlow[] {
    return [...this.byOriginal.values()];
  }

  /** A packet from the client to the load balancer, of a flow already set up. */
  original(proto: string, src: Ipv4, sport: number, dst: Ipv4, dport: number, now: number): NlbFlow | undefined {
    return this.live(this.byOriginal.get(key(proto, src, sport, dst, dport)), now);
  }

  /** A packet from a target back towards the source it saw. */
  reply(proto: string, src: Ipv4, sport: number, dst: Ipv4, dport: number, now: number): NlbFlow | undefined {
    return this.live(this.byReply.get(key(proto, src, sport, dst, dport)), now);
  }

  /** Whether the load balancer already uses this source port towards this target (its own ports must not clash). */
  backInUse(proto: string, target: Ipv4, tport: number, back: Ipv4, bport: number): boolean {
    return this.byReply.has(key(proto, target, tport, back, bport));
  }

  private live(f: NlbFlow | undefined, now: number): NlbFlow | undefined {
    if (!f) return undefined;
    if (now - f.lastSeen > NLB_TCP_IDLE_MS) {
      this.remove(f);
      return undefined;
    }
    f.lastSeen = now;
    return f;
  }

  private remove(f: NlbFlow): void {
    this.byOriginal.delete(key(f.proto, f.client.ip, f.client.port, f.front.ip, f.front.port));
    this.byReply.delete(key(f.proto, f.target.ip, f.target.port, f.back.ip, f.back.port));
  }
}
