// IPVS on a node in kube-proxy's ipvs mode, as the packet path meets it: which addresses are local because they
// sit on kube-ipvs0, which ipsets hold what (for xt_set's matches), the virtual server a packet is for, the
// scheduler's choice of real server, and the counters `ipvsadm -Ln --stats` prints.
//
// Schedulers (net/netfilter/ipvs/ip_vs_*.c) with kube-proxy's weights, all 1:
// - rr (and wrr, equal weights): the next destination after the last one chosen, in the kernel's list order, which
//   is the order kube-proxy added them (sorted as "IP:port" strings on a first sync), not ipvsadm's numeric order;
// - lc, wlc, sed, nq: the destination with the least overhead (activeconns << 8) + inactconns, the first on a tie;
// - sh: ip_vs_sh_hashkey, (addr * 2654435761) >> 24 over 256 buckets dealt to the destinations in turn; dh alike
//   with the destination address;
// - persistence (sessionAffinity ClientIP): a template per client address keeps it on its real server until the
//   timeout passes after the template's last use.
// A virtual server without real servers answers as ip_vs_leave does: ICMP port unreachable.
import type { Connection } from './conntrack.ts';
import { formatIpv4, type Ipv4, parseIpv4 } from './ipv4.ts';
import type { IpsetType, IpvsProxy, RealServer, VirtualServer } from '../proxy/ipvs-rules.ts';
import { ipsetHas } from '../proxy/ipvs-rules.ts';

export interface IpvsCounters {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

export const vsKey = (protocol: string, address: string, port: number) => `${protocol.toUpperCase()} ${address}:${port}`;
export const rsKey = (r: RealServer) => `${r.address}:${r.port}`;

const KNOWN_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'];

/** The kernel knows the scheduler (ip_vs_sched_getbyname); kube-proxy's AddVirtualServer fails otherwise. */
export const knownScheduler = (name: string) => KNOWN_SCHEDULERS.includes(name);

/** What the packet path needs of a node's ipvs proxier, indexed. */
export class IpvsNode {
  readonly proxy: IpvsProxy;
  private readonly vips: Set<Ipv4>;
  private readonly services = new Map<string, VirtualServer>();
  private readonly sets = new Map<string, { type: IpsetType; entries: Set<string> }>();

  constructor(proxy: IpvsProxy) {
    this.proxy = proxy;
    this.vips = new Set(proxy.bound.map((a) => parseIpv4(a)!));
    for (const vs of proxy.virtualServers) this.services.set(vsKey(vs.protocol, vs.address, vs.port), vs);
    for (const s of proxy.ipsets) this.sets.set(s.def.name, { type: s.def.type, entries: new Set(s.entries) });
  }

  /** On kube-ipvs0 (the kernel's local table has it). */
  isVip(ip: Ipv4): boolean {
    return this.vips.has(ip);
  }

  virtualServer(proto: string | undefined, dst: Ipv4, dport: number | undefined): VirtualServer | undefined {
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return undefined;
    return this.services.get(vsKey(proto, formatIpv4(dst), dport ?? 0));
  }

  inSet(set: string, flags: string, p: { src: Ipv4; dst: Ipv4; proto?: string; sport?: number; dport?: number }): boolean {
    const s = this.sets.get(set);
    if (!s) return false;
    return ipsetHas(s.type, s.entries, flags, { src: formatIpv4(p.src), dst: formatIpv4(p.dst), proto: p.proto, sport: p.sport, dport: p.dport });
  }
}

/** The kernel's IPVS state that outlives a resync: counters, the rr pointers, persistence templates. */
export class IpvsKernel {
  private readonly counters = new Map<string, IpvsCounters>();
  private readonly rrLast = new Map<string, string>();
  private readonly templates = new Map<string, { rs: string; expiresAt: number }>();
  private readonly parent?: IpvsKernel;

  constructor(parent?: IpvsKernel) {
    this.parent = parent;
  }

  stats(node: string, vs: string, rs?: string): IpvsCounters {
    const k = `${node}|${vs}|${rs ?? ''}`;
    let c = this.counters.get(k);
    if (!c) {
      const p = this.parent?.counters.get(k);
      this.counters.set(k, (c = p ? { ...p } : { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 }));
    }
    return c;
  }

  /** Counts a packet of an IPVS connection on its virtual server and its real server. */
  count(node: string, ipvs: NonNullable<Connection['ipvs']>, direction: 'in' | 'out', bytes: number, newConn = false): void {
    for (const c of [this.stats(node, ipvs.vs), this.stats(node, ipvs.vs, ipvs.rs)]) {
      if (newConn) c.conns++;
      if (direction === 'in') {
        c.inPkts++;
        c.inBytes += bytes;
      } else {
        c.outPkts++;
        c.outBytes += bytes;
      }
    }
  }

  /**
   * The real server for a new connection, or undefined when the virtual server has none. `load` gives a real
   * server's (activeconns, inactconns) for the least-connection schedulers.
   */
  schedule(node: string, vs: VirtualServer, src: Ipv4, dst: Ipv4, now: number, load: (rs: string) => { active: number; inactive: number }): RealServer | undefined {
    const reals = vs.reals.filter((r) => r.weight > 0);
    if (reals.length === 0) return undefined;
    const key = vsKey(vs.protocol, vs.address, vs.port);
    const tkey = `${node}|${key}|${src}`;
    if (vs.persistent !== undefined) {
      const t = this.templates.get(tkey) ?? this.parent?.templates.get(tkey);
      const held = t && t.expiresAt > now ? reals.find((r) => rsKey(r) === t.rs) : undefined;
      if (held) {
        this.templates.set(tkey, { rs: t!.rs, expiresAt: now + vs.persistent * 1000 });
        return held;
      }
    }
    const chosen = this.pick(node, key, vs.scheduler, reals, src, dst, load);
    if (vs.persistent !== undefined) this.templates.set(tkey, { rs: rsKey(chosen), expiresAt: now + vs.persistent * 1000 });
    return chosen;
  }

  private pick(node: string, key: string, scheduler: string, reals: RealServer[], src: Ipv4, dst: Ipv4, load: (rs: string) => { active: number; inactive: number }): RealServer {
    switch (scheduler) {
      case 'lc': case 'wlc': case 'sed': case 'nq': case 'lblc': case 'lblcr': {
        let best = reals[0];
        let bestCost = Infinity;
        for (const r of reals) {
          const l = load(rsKey(r));
          const cost = (l.active << 8) + l.inactive;
          if (cost < bestCost) {
            best = r;
            bestCost = cost;
          }
        }
        return best;
      }
      case 'sh': case 'dh': case 'mh': {
        const addr = scheduler === 'dh' ? dst : src;
        const bucket = Number((BigInt(addr >>> 0) * 2654435761n) & 0xffffffffn) >>> 24;
        return reals[bucket % reals.length];
      }
      default: {
        // rr, wrr with equal weights, fo/ovf (the first): the destination after the last one chosen.
        const k = `${node}|${key}`;
        const last = this.rrLast.get(k) ?? this.parent?.rrLast.get(k);
        const i = last === undefined ? -1 : reals.findIndex((r) => rsKey(r) === last);
        const next = reals[(i + 1) % reals.length];
        this.rrLast.set(k, rsKey(next));
        return next;
      }
    }
  }
}
