// ipamd's settings, read from the aws-node DaemonSet's environment as ipamd reads them (VPC CNI v1.12.6,
// pkg/ipamd/ipamd.go): unset or unparsable values fall back to the code defaults.

export interface IpamdSettings {
  /** Keep this many ENIs' worth of free IPs (default 1). Ignored when a warm IP or minimum target is set. */
  warmEniTarget: number;
  /** Keep exactly this many free IPs (0 = off). */
  warmIpTarget: number;
  /** Keep at least this many IPs in total (0 = off). */
  minimumIpTarget: number;
  /** Prefix delegation: wholly free /28 prefixes to keep (the shipped manifest sets 1). */
  warmPrefixTarget: number;
  prefixDelegation: boolean;
  /** Cap on ENIs (-1 = the instance type's limit). */
  maxEni: number;
  customNetworking: boolean;
  /** Seconds before a released IP can go to another pod. */
  ipCooldownSeconds: number;
}

/** The aws-node container's environment as EKS ships it for VPC CNI v1.12.6 (the seed lab's add-on). */
export const AWS_NODE_DEFAULT_ENV: ReadonlyArray<[string, string]> = [
  ['ADDITIONAL_ENI_TAGS', '{}'],
  ['AWS_VPC_CNI_NODE_PORT_SUPPORT', 'true'],
  ['AWS_VPC_ENI_MTU', '9001'],
  ['AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER', 'false'],
  ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'false'],
  ['AWS_VPC_K8S_CNI_EXTERNALSNAT', 'false'],
  ['AWS_VPC_K8S_CNI_LOGLEVEL', 'DEBUG'],
  ['AWS_VPC_K8S_CNI_LOG_FILE', '/host/var/log/aws-routed-eni/ipamd.log'],
  ['AWS_VPC_K8S_CNI_RANDOMIZESNAT', 'prng'],
  ['AWS_VPC_K8S_CNI_VETHPREFIX', 'eni'],
  ['AWS_VPC_K8S_PLUGIN_LOG_FILE', '/var/log/aws-routed-eni/plugin.log'],
  ['AWS_VPC_K8S_PLUGIN_LOG_LEVEL', 'DEBUG'],
  ['DISABLE_INTROSPECTION', 'false'],
  ['DISABLE_METRICS', 'false'],
  ['DISABLE_NETWORK_RESOURCE_PROVISIONING', 'false'],
  ['ENABLE_IPv4', 'true'],
  ['ENABLE_IPv6', 'false'],
  ['ENABLE_POD_ENI', 'false'],
  ['ENABLE_PREFIX_DELEGATION', 'false'],
  ['WARM_ENI_TARGET', '1'],
  ['WARM_PREFIX_TARGET', '1'],
];

function int(env: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const v = env.get(key);
  if (v === undefined || !/^-?\d+$/.test(v.trim())) return fallback;
  return Number(v);
}

export function readIpamdSettings(env: ReadonlyMap<string, string>): IpamdSettings {
  const warmEni = int(env, 'WARM_ENI_TARGET', 1);
  return {
    // ipamd treats a negative WARM_ENI_TARGET as the default.
    warmEniTarget: warmEni < 0 ? 1 : warmEni,
    warmIpTarget: Math.max(0, int(env, 'WARM_IP_TARGET', 0)),
    minimumIpTarget: Math.max(0, int(env, 'MINIMUM_IP_TARGET', 0)),
    warmPrefixTarget: Math.max(0, int(env, 'WARM_PREFIX_TARGET', 0)),
    prefixDelegation: env.get('ENABLE_PREFIX_DELEGATION') === 'true',
    maxEni: int(env, 'MAX_ENI', -1),
    customNetworking: env.get('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG') === 'true',
    ipCooldownSeconds: 30,
  };
}

export function warmTargetDefined(s: IpamdSettings): boolean {
  return s.warmIpTarget > 0 || s.minimumIpTarget > 0;
}

/** strconv.ParseBool, as ipamd reads its boolean variables: `fallback` when unset, empty or unparsable. */
export function goParseBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return fallback;
}
