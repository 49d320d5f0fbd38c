// L-IPAM: how ipamd (aws-node) keeps a warm pool of secondary IPs on a node's ENIs, and gives them to pods.
// Follows aws/amazon-vpc-cni-k8s v1.12.6: pkg/ipamd/ipamd.go (isDatastorePoolTooLow/TooHigh,
// increaseDatastorePool, decreaseDatastorePool, shouldRemoveExtraENIs) and pkg/ipamd/datastore/data_store.go
// (AssignPodIPv4Address, getDeletableENI), with prefix delegation (a /28 per ENI slot). Not modelled: security
// groups for pods (trunk and branch ENIs).
// Where upstream iterates Go maps (random order), we take the lowest device number, then the lowest address.
import type { Eni, Node, Pod, SecondaryIp } from '../cluster/types.ts';
import type { Ipv4 } from '../net/ipv4.ts';
import { type IpamdSettings, warmTargetDefined } from './settings.ts';

/** ipamd's loop period (ipPoolMonitorInterval). */
export const IPAMD_LOOP_MS = 5_000;
/** Surplus IPs or ENIs are freed at most this often (decreaseIPPoolInterval). */
export const DECREASE_INTERVAL_MS = 30_000;
/** An ENI younger than this is never freed (minENILifeTime). */
export const MIN_ENI_LIFETIME_MS = 60_000;
/** EC2 takes a few seconds to attach a new ENI (the CNI docs say up to 10 s). */
export const ENI_ATTACH_MS = 4_000;
/** Addresses in one delegated prefix (a /28). */
export const IPS_PER_PREFIX = 16;
/** After InsufficientCidrBlocks, ipamd backs off for two minutes (ipamd.go:156). */
export const INSUFFICIENT_CIDR_BACKOFF_MS = 120_000;

/** The node's first ipamd loop tick after `after` and not before `notBefore`. Nodes' loops are out of phase. */
export function ipamdTick(node: Node, after: number, notBefore: number): number {
  const phase = (node.index * 1_700) % IPAMD_LOOP_MS;
  const next = Math.floor((after - phase) / IPAMD_LOOP_MS + 1) * IPAMD_LOOP_MS + phase;
  return Math.max(next, Math.ceil((notBefore - phase) / IPAMD_LOOP_MS) * IPAMD_LOOP_MS + phase);
}

/** EC2's answer when no free /28 is left in the subnet. */
export class InsufficientCidrBlocks extends Error {}

/** Custom networking without an ENIConfig for the node: ipamd cannot create pod ENIs. */
export class MissingEniConfig extends Error {}

/** What ipamd asks of EC2; the cluster carries it out (addresses come from the subnet). */
export interface Ec2 {
  allocateAddresses(node: Node, subnetId: string, count: number): Ipv4[];
  /** Free, aligned /28 blocks; throws InsufficientCidrBlocks when the subnet has none. */
  allocatePrefixes(node: Node, subnetId: string, count: number): Ipv4[];
  releaseAddresses(node: Node, subnetId: string, ips: Ipv4[]): void;
  /** Creates and starts attaching an ENI with `count` secondary addresses (prefixes with `prefixes`). */
  createEni(node: Node, count: number, prefixes: boolean): Eni;
  deleteEni(node: Node, eni: Eni): void;
}

/** A new, free address on an ENI. Every field is set from the start so that all addresses share one shape. */
export function secondaryIp(ip: Ipv4, prefix?: Ipv4): SecondaryIp {
  return { ip, prefix, podUid: undefined, releasedAt: undefined, assignedAt: undefined };
}

/**
 * Adds a free address to an ENI, keeping its list in address order. An insertion rather than a sort: the lists
 * are short, and Array.prototype.sort allocates a work array on every call.
 */
export function addSecondaryIp(eni: Eni, ip: SecondaryIp): void {
  const list = eni.secondaryIps;
  let i = list.length;
  list.push(ip);
  for (; i > 0 && list[i - 1].ip > ip.ip; i--) list[i] = list[i - 1];
  list[i] = ip;
  // Addresses below the hint are all held; a free one inserted there moves the hint down to it.
  if (i < eni.firstFreeHint) eni.firstFreeHint = i;
}

export interface PoolStats {
  total: number;
  assigned: number;
  cooldown: number;
  /** total − assigned: addresses in cooldown count as available for the warm-pool arithmetic. */
  available: number;
}

/** Secondary slots per ENI (IPv4 addresses per ENI − 1): one address each, or one /28 prefix each. */
export function ipsPerEni(node: Node): number {
  return node.instanceType.ipv4PerEni - 1;
}

/** Slots an ENI uses: its /32 secondary addresses and its prefixes. */
function slotsUsed(eni: Eni): number {
  // Addresses of one prefix sit next to each other (the list is in address order), so a prefix is counted where
  // it starts: no set needed, and ipamd asks this on every pass.
  let slots = 0;
  let last: Ipv4 | undefined;
  for (const ip of eni.secondaryIps) {
    if (ip.prefix === undefined) slots++;
    else if (ip.prefix !== last) slots++;
    last = ip.prefix;
  }
  return slots;
}

/** Prefixes with no address held by a pod, per ENI in device order. */
function freePrefixes(node: Node, now: number): { eni: Eni; prefix: Ipv4 }[] {
  const out: { eni: Eni; prefix: Ipv4 }[] = [];
  for (const eni of attachedEnis(node, now)) {
    const byPrefix = new Map<Ipv4, SecondaryIp[]>();
    for (const ip of eni.secondaryIps) if (ip.prefix !== undefined) (byPrefix.get(ip.prefix) ?? byPrefix.set(ip.prefix, []).get(ip.prefix)!).push(ip);
    for (const [prefix, ips] of byPrefix) {
      if (ips.every((ip) => ip.podUid === undefined)) out.push({ eni, prefix });
    }
  }
  return out;
}

export function maxEnis(node: Node, s: IpamdSettings): number {
  const limit = node.instanceType.maxEnis;
  return s.maxEni >= 1 && s.maxEni < limit ? s.maxEni : limit;
}

export function attachedEnis(node: Node, now: number): Eni[] {
  return node.enis.filter((e) => e.attachedAt <= now);
}

export function inCooldown(ip: SecondaryIp, now: number, s: IpamdSettings): boolean {
  return ip.podUid === undefined && ip.releasedAt !== undefined && now - ip.releasedAt < s.ipCooldownSeconds * 1000;
}

export function poolStats(node: Node, now: number, s: IpamdSettings): PoolStats {
  // Loops rather than attachedEnis(): ipamd and every sandbox read this, hundreds of thousands of times in a
  // large cluster.
  let total = 0, assigned = 0, cooldown = 0;
  for (const eni of node.enis) {
    if (eni.attachedAt > now) continue;
    total += eni.secondaryIps.length;
    assigned += eni.assignedIps;
    if (now - eni.lastReleaseAt >= s.ipCooldownSeconds * 1000) continue;
    for (const ip of eni.secondaryIps) if (inCooldown(ip, now, s)) cooldown++;
  }
  return { total, assigned, cooldown, available: total - assigned };
}

/** How many IPs the pool is short of its warm target (isDatastorePoolTooLow). */
function shortfall(node: Node, now: number, s: IpamdSettings): number {
  const st = poolStats(node, now, s);
  if (s.prefixDelegation) {
    // Short by whole prefixes: warm IP and minimum targets are rounded up to /28s.
    if (warmTargetDefined(s)) return Math.ceil(Math.max(s.warmIpTarget - st.available, s.minimumIpTarget - st.total, 0) / IPS_PER_PREFIX);
    if (s.warmPrefixTarget === 0) return st.available === 0 ? 1 : 0;
    return Math.max(s.warmPrefixTarget - freePrefixes(node, now).length, 0);
  }
  if (warmTargetDefined(s)) {
    return Math.max(s.warmIpTarget - st.available, s.minimumIpTarget - st.total, 0);
  }
  const want = ipsPerEni(node) * s.warmEniTarget;
  if (st.available < want || (s.warmEniTarget === 0 && st.available === 0)) return want - st.available || 1;
  return 0;
}

/** Surplus IPs above the warm target (isDatastorePoolTooHigh); only a warm IP or minimum target frees IPs. */
function surplus(node: Node, now: number, s: IpamdSettings): number {
  if (s.prefixDelegation) {
    const free = freePrefixes(node, now).length;
    if (!warmTargetDefined(s)) return Math.max(free - s.warmPrefixTarget, 0);
    const st = poolStats(node, now, s);
    const overIps = Math.max(Math.min(st.available - s.warmIpTarget, st.total - s.minimumIpTarget), 0);
    return Math.min(free, Math.floor(overIps / IPS_PER_PREFIX));
  }
  if (!warmTargetDefined(s)) return 0;
  const st = poolStats(node, now, s);
  return Math.max(Math.min(st.available - s.warmIpTarget, st.total - s.minimumIpTarget), 0);
}

/** Node start (nodeInit): one tryAssignCidrs call on the ENIs the node came up with. */
export function initNodePool(node: Node, s: IpamdSettings, ec2: Ec2, now: number): void {
  const short = shortfall(node, now, s);
  if (short <= 0) return;
  try {
    assignToEnis(node, s, ec2, now, s.prefixDelegation || warmTargetDefined(s) ? short : ipsPerEni(node));
  } catch (e) {
    // A subnet out of /28 blocks fails the start-up allocation as it fails later ones: ipamd logs it and backs off.
    if (!(e instanceof InsufficientCidrBlocks) && !(e instanceof MissingEniConfig)) throw e;
    node.ipamdBackoffUntil = now + INSUFFICIENT_CIDR_BACKOFF_MS;
  }
}

/** Adds up to `wanted` IPs to the first attached ENI with room (tryAssignIPs). Returns how many it added. */
/** Adds up to `wanted` slots (IPs, or prefixes) to the first attached ENI with room (tryAssignCidrs). */
function assignToEnis(node: Node, s: IpamdSettings, ec2: Ec2, now: number, wanted: number): number {
  const eni = attachedEnis(node, now).find((e) => slotsUsed(e) < ipsPerEni(node) && !(s.customNetworking && e.deviceNumber === 0));
  if (!eni) return 0;
  const count = Math.min(ipsPerEni(node) - slotsUsed(eni), wanted);
  if (s.prefixDelegation) {
    for (const prefix of ec2.allocatePrefixes(node, eni.subnetId, count)) {
      for (let k = 0; k < IPS_PER_PREFIX; k++) addSecondaryIp(eni, secondaryIp(prefix + k, prefix));
    }
  } else {
    for (const ip of ec2.allocateAddresses(node, eni.subnetId, count)) addSecondaryIp(eni, secondaryIp(ip));
  }
  return count;
}

/**
 * One pass of ipamd's pool manager (updateIPPoolIfRequired). ipamd runs it every 5 s; the model runs it only when
 * it can act, so it returns the earliest model time at which another pass could: `now` (the next loop: it just
 * acted), a later time (an ENI attaching, a backoff, the decrease interval, cooldowns ending, ENIs coming of
 * age), or Infinity when only a change elsewhere can give it work (an address taken or given back, an ENI
 * attached, a setting), and those changes wake it. Passes in between would find nothing to do.
 */
export function reconcilePool(node: Node, s: IpamdSettings, ec2: Ec2, now: number): number {
  // ipamd waits for an attach to finish.
  let attaching = Infinity;
  for (const e of node.enis) if (e.attachedAt > now) attaching = Math.min(attaching, e.attachedAt);
  if (attaching < Infinity) return attaching;
  if (now < node.ipamdBackoffUntil) return node.ipamdBackoffUntil;
  const short = shortfall(node, now, s);
  if (short > 0) {
    const wanted = s.prefixDelegation || warmTargetDefined(s) ? short : ipsPerEni(node);
    try {
      if (assignToEnis(node, s, ec2, now, wanted) > 0) return now;
      if (node.enis.length < maxEnis(node, s)) {
        // A new ENI comes with its first prefix, or with the IPs still wanted.
        ec2.createEni(node, s.prefixDelegation ? 1 : Math.min(wanted, ipsPerEni(node)), s.prefixDelegation);
        return now;
      }
    } catch (e) {
      if (!(e instanceof InsufficientCidrBlocks) && !(e instanceof MissingEniConfig)) throw e;
      node.ipamdBackoffUntil = now + INSUFFICIENT_CIDR_BACKOFF_MS;
      return node.ipamdBackoffUntil;
    }
    return Infinity;
  }
  return decreasePool(node, s, ec2, now);
}

function decreasePool(node: Node, s: IpamdSettings, ec2: Ec2, now: number): number {
  const stats = poolStats(node, now, s);
  const over = surplus(node, now, s);
  const removeEni = warmTargetDefined(s) || s.prefixDelegation || stats.available >= (s.warmEniTarget + 1) * ipsPerEni(node);
  const candidate = removeEni ? deletableEni(node, s, now, stats) : undefined;
  // Nothing to free yet: an ENI becomes freeable only when its cooldowns end or it comes of age.
  if (!(over > 0 || candidate)) return nextAgeing(node, now, s);
  if (now - node.lastPoolDecreaseAt < DECREASE_INTERVAL_MS) return node.lastPoolDecreaseAt + DECREASE_INTERVAL_MS;
  node.lastPoolDecreaseAt = now;
  if (over > 0 && s.prefixDelegation) {
    // Whole free prefixes go back, newest ENI first; a prefix with an address still cooling down stays.
    for (const { eni, prefix } of freePrefixes(node, now).filter((f) => !prefixCooling(f.eni, f.prefix, now, s)).reverse().slice(0, over)) {
      const ips = eni.secondaryIps.filter((ip) => ip.prefix === prefix);
      eni.secondaryIps = eni.secondaryIps.filter((ip) => ip.prefix !== prefix);
      eni.firstFreeHint = 0;
      ec2.releaseAddresses(node, eni.subnetId, ips.map((ip) => ip.ip));
    }
    return now;
  }
  if (over > 0) {
    // Free unassigned IPs, newest ENI first, so whole ENIs empty out and can go.
    let left = over;
    for (const eni of [...attachedEnis(node, now)].reverse()) {
      const free = eni.secondaryIps.filter((ip) => ip.podUid === undefined).slice(0, left);
      if (free.length === 0) continue;
      eni.secondaryIps = eni.secondaryIps.filter((ip) => !free.includes(ip));
      eni.firstFreeHint = 0;
      ec2.releaseAddresses(node, eni.subnetId, free.map((ip) => ip.ip));
      left -= free.length;
      if (left === 0) break;
    }
    return now;
  }
  const eni = deletableEni(node, s, now, poolStats(node, now, s));
  if (eni) ec2.deleteEni(node, eni);
  return now;
}

/** When the next address cooldown ends or the next young ENI reaches its minimum lifetime (Infinity: none). */
function nextAgeing(node: Node, now: number, s: IpamdSettings): number {
  const cooldownMs = s.ipCooldownSeconds * 1000;
  let next = Infinity;
  for (const eni of node.enis) {
    if (eni.deviceNumber > 0 && now - eni.attachedAt < MIN_ENI_LIFETIME_MS) next = Math.min(next, eni.attachedAt + MIN_ENI_LIFETIME_MS);
    if (now - eni.lastReleaseAt >= cooldownMs) continue;
    for (const ip of eni.secondaryIps) if (inCooldown(ip, now, s)) next = Math.min(next, ip.releasedAt! + cooldownMs);
  }
  return next;
}

function prefixCooling(eni: Eni, prefix: Ipv4, now: number, s: IpamdSettings): boolean {
  return eni.secondaryIps.some((ip) => ip.prefix === prefix && inCooldown(ip, now, s));
}

/** getDeletableENI: not primary, old enough, no pods, no IP cooling down, and not needed for the targets. */
function deletableEni(node: Node, s: IpamdSettings, now: number, stats: PoolStats): Eni | undefined {
  return attachedEnis(node, now).find((eni) => {
    if (eni.deviceNumber === 0 || now - eni.attachedAt < MIN_ENI_LIFETIME_MS) return false;
    if (eni.secondaryIps.some((ip) => ip.podUid !== undefined || inCooldown(ip, now, s))) return false;
    const n = eni.secondaryIps.length;
    if (s.prefixDelegation && !warmTargetDefined(s)) {
      const own = new Set(eni.secondaryIps.map((ip) => ip.prefix)).size;
      return freePrefixes(node, now).length - own >= s.warmPrefixTarget;
    }
    if (warmTargetDefined(s)) return stats.available - n >= s.warmIpTarget && stats.total - n >= s.minimumIpTarget;
    return stats.available - n >= s.warmEniTarget * ipsPerEni(node);
  });
}

/**
 * AssignPodIPv4Address: a free address (not assigned, not cooling down), lowest device then lowest IP. Custom
 * networking only stops ipamd from adding addresses to the primary ENI; addresses already there (a node that
 * was running before the switch) still go to pods, which is why AWS says to replace the nodes. Writes the address
 * and its ENI's device into the pod; false when there is none.
 */
export function assignPodIp(node: Node, pod: Pick<Pod, 'uid' | 'ip' | 'eniDevice'>, s: IpamdSettings, now: number): boolean {
  for (const eni of node.enis) {
    // Fullness first: a scale-up skips the node's full ENIs for every pod, and attachedAt is one more read.
    if (eni.assignedIps === eni.secondaryIps.length || eni.attachedAt > now) continue;
    const ips = eni.secondaryIps;
    let skippedCooling = false;
    for (let i = eni.firstFreeHint; i < ips.length; i++) {
      const ip = ips[i];
      if (ip.podUid !== undefined) continue;
      if (inCooldown(ip, now, s)) {
        skippedCooling = true;
        continue;
      }
      ip.podUid = pod.uid;
      ip.assignedAt = now;
      eni.assignedIps++;
      // getUnusedIP drops every entry of the CIDR it hands an address from whose cooldown is over; a /32 has only
      // the one, a /28 prefix may have more (data_store.go).
      if (ip.prefix !== undefined && eni.lastReleaseAt > -Infinity) dropCooledEntries(eni, ip.prefix, now, s);
      if (!skippedCooling) eni.firstFreeHint = i + 1;
      pod.ip = ip.ip;
      pod.eniDevice = eni.deviceNumber;
      return true;
    }
  }
  return false;
}

/** The datastore forgets the released addresses of a prefix whose cooldown is over (their AddressInfo entries). */
function dropCooledEntries(eni: Eni, prefix: Ipv4, now: number, s: IpamdSettings): void {
  for (const ip of eni.secondaryIps) {
    if (ip.prefix === prefix && ip.podUid === undefined && ip.assignedAt !== undefined && !inCooldown(ip, now, s)) ip.assignedAt = undefined;
  }
}

/** UnassignPodIPv4Address: the address goes into cooldown. */
export function releasePodIp(node: Node, podUid: string, now: number): void {
  for (const eni of node.enis) {
    eni.secondaryIps.forEach((ip, i) => {
      if (ip.podUid !== podUid) return;
      ip.podUid = undefined;
      ip.releasedAt = now;
      eni.assignedIps--;
      eni.lastReleaseAt = now;
      eni.firstFreeHint = Math.min(eni.firstFreeHint, i);
    });
  }
}
