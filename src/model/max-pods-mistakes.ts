// The real mistakes people make with the max-pods arithmetic, each computed from the same terms as the right
// answer, so that a quiz can offer them as wrong choices and say exactly what went wrong.
import { CEILING_HIGH_CPU, CEILING_LOW_CPU, HOST_NETWORK_PODS, IPS_PER_PREFIX, type MaxPodsResult } from './max-pods.ts';

export type MistakeId =
  | 'eni-times-ips'
  | 'eni-times-ips-minus-one'
  | 'forgot-plus-two'
  | 'forgot-minus-one-per-eni'
  | 'ignored-ceiling'
  | 'wrong-ceiling'
  | 'custom-networking-kept-primary'
  | 'forgot-prefix-multiplier'
  | 'prefix-where-unsupported';

export interface Mistake {
  id: MistakeId;
  value: number;
  /** The wrong arithmetic, with numbers, and the ceiling when it was applied after it. */
  working: string;
  /** The wrong arithmetic alone (`3 × 6 + 2 = 20`). */
  arithmetic: string;
  /** The ceiling the calculator applies to the wrong number, when it is lower. */
  cappedAt?: number;
  /** What was forgotten or misapplied, in one sentence. */
  why: string;
}

/**
 * Every mistake that applies to this result, with its value as the calculator would print it (the ceiling is
 * applied the same way as in the right answer unless the mistake is about the ceiling). Values may coincide
 * with the right answer or with each other; callers decide what to keep.
 */
export function maxPodsMistakes(r: MaxPodsResult): Mistake[] {
  const I = r.instanceType.ipv4PerEni;
  const E = r.enisForPods;
  const k = r.prefixDelegationApplied ? IPS_PER_PREFIX : 1;
  const times16 = k > 1 ? ` × ${IPS_PER_PREFIX}` : '';
  const cap = (n: number): number => (r.showMaxAllowed || r.ceiling === null ? n : Math.min(r.ceiling, n));
  const out: Mistake[] = [];
  const add = (id: MistakeId, raw: number, working: string, why: string, capped = true): void => {
    const arithmetic = `${working} = ${raw}`;
    const cappedAt = capped && !r.showMaxAllowed && r.ceiling !== null && raw > r.ceiling ? r.ceiling : undefined;
    out.push({ id, value: capped ? cap(raw) : raw, working: cappedAt === undefined ? arithmetic : `${arithmetic}, capped at ${cappedAt}`, arithmetic, ...(cappedAt === undefined ? {} : { cappedAt }), why });
  };

  add(
    'eni-times-ips',
    E * I * k,
    `${E} × ${I}${times16}`,
    "Counts every address as a pod's: forgets that each ENI keeps its primary address, and the two host-network pods.",
  );
  add(
    'eni-times-ips-minus-one',
    E * I * k - 1,
    `${E} × ${I}${times16} − 1`,
    'Subtracts one address in total instead of one per ENI, and leaves out the two host-network pods.',
  );
  add('forgot-plus-two', E * (I - 1) * k, `${E} × (${I} − 1)${times16}`, 'Leaves out the +2 for aws-node and kube-proxy.');
  add(
    'forgot-minus-one-per-eni',
    E * I * k + HOST_NETWORK_PODS,
    `${E} × ${I}${times16} + 2`,
    "Counts each ENI's primary address as if a pod could use it.",
  );
  if (!r.showMaxAllowed && r.ceiling !== null && r.uncapped > r.ceiling) {
    add('ignored-ceiling', r.uncapped, `${E} × (${I} − 1)${times16} + 2`, `Forgets the calculator's ceiling of ${r.ceiling}.`, false);
    const other = r.ceiling === CEILING_HIGH_CPU ? CEILING_LOW_CPU : CEILING_HIGH_CPU;
    add(
      'wrong-ceiling',
      Math.min(other, r.uncapped),
      `min(${other}, ${r.uncapped})`,
      `Uses the ${other} ceiling, but with ${r.instanceType.vcpus} vCPUs the calculator uses ${r.ceiling}.`,
      false,
    );
  }
  if (r.customNetworking) {
    const all = E + 1;
    add(
      'custom-networking-kept-primary',
      all * (I - 1) * k + HOST_NETWORK_PODS,
      `${all} × (${I} − 1)${times16} + 2`,
      'Keeps the primary ENI for pods, but custom networking leaves it out.',
    );
  }
  if (r.prefixDelegationApplied) {
    add(
      'forgot-prefix-multiplier',
      E * (I - 1) + HOST_NETWORK_PODS,
      `${E} × (${I} − 1) + 2`,
      `Counts one address per slot, but with prefix delegation each slot is a /28 of ${IPS_PER_PREFIX}.`,
    );
  } else if (r.prefixDelegationRequested) {
    add(
      'prefix-where-unsupported',
      E * (I - 1) * IPS_PER_PREFIX + HOST_NETWORK_PODS,
      `${E} × (${I} − 1) × ${IPS_PER_PREFIX} + 2`,
      'Applies prefix delegation where the calculator does not (see the note on this question).',
    );
  }
  return out;
}
