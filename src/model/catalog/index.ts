// The instance catalog: AWS's per-type ENI and IPv4 limits (generated), with lookup and typo suggestions.
import { INSTANCE_TYPE_ROWS } from './instance-types.generated.ts';
import type { InstanceType, InstanceTypeRow } from './types.ts';
import { editDistance } from '../edit-distance.ts';

export type { Hypervisor, InstanceType } from './types.ts';

export function fromRow(row: InstanceTypeRow): InstanceType {
  const [name, maxEnis, ipv4PerEni, hypervisor, bareMetal, networkCards, vcpus, published] = row;
  return { name, maxEnis, ipv4PerEni, hypervisor, bareMetal: bareMetal === 1, networkCards, vcpus, published };
}

let byName: Map<string, InstanceType> | undefined;

function index(): Map<string, InstanceType> {
  byName ??= new Map(INSTANCE_TYPE_ROWS.map((row) => [row[0], fromRow(row)]));
  return byName;
}

export function allInstanceTypes(): InstanceType[] {
  return [...index().values()];
}

/** Family first (m5 before m5a), then by size: m5.large, m5.xlarge, m5.2xlarge … m5.metal. */
export function compareInstanceTypes(a: InstanceType, b: InstanceType): number {
  const family = (t: InstanceType) => t.name.slice(0, t.name.indexOf('.'));
  const [fa, fb] = [family(a), family(b)];
  if (fa !== fb) return fa < fb ? -1 : 1;
  const size = (t: InstanceType) => (t.vcpus ?? Infinity) * 1e4 + t.maxEnis * t.ipv4PerEni;
  return size(a) - size(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function getInstanceType(name: string): InstanceType | undefined {
  return index().get(name.trim().toLowerCase());
}

/** Up to `limit` catalog names close to a mistyped one, nearest first. */
export function suggestInstanceTypes(name: string, limit = 3): string[] {
  const wanted = name.trim().toLowerCase();
  const maxDistance = wanted.length <= 6 ? 1 : 2;
  return [...index().keys()]
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate, true) }))
    .filter((c) => c.distance <= maxDistance)
    .sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : 1))
    .slice(0, limit)
    .map((c) => c.candidate);
}
