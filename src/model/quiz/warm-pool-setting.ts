// The ipamd settings a warm-pool question sets on aws-node, and their environment variables (VPC CNI
// docs/eni-and-ip-target.md). Apart from the question so that its words (words/*.ts) can name them too.
export type WarmPoolSetting =
  | { kind: 'warm-eni' }
  | { kind: 'warm-ip'; warmIp: number; minimumIp: number }
  | { kind: 'prefix' };

/** WARM_IP_TARGET=2, MINIMUM_IP_TARGET=4: the settings as aws-node's environment has them. */
export function settingEnv(s: WarmPoolSetting): [string, string][] {
  if (s.kind === 'warm-ip') return [['WARM_IP_TARGET', String(s.warmIp)], ...(s.minimumIp ? [['MINIMUM_IP_TARGET', String(s.minimumIp)] as [string, string]] : [])];
  if (s.kind === 'prefix') return [['ENABLE_PREFIX_DELEGATION', 'true'], ['WARM_PREFIX_TARGET', '1']];
  return [];
}
