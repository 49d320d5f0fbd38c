// `eks-netlab max-pods`: AWS's max-pods-calculator.sh, offline, with the same flags and the same output.
import { getInstanceType, suggestInstanceTypes } from '../model/catalog/index.ts';
import { CURRENT_CNI_VERSION, computeMaxPods, parseCniVersion, parseMaxEni, type MaxPodsResult } from '../model/max-pods.ts';
import { type Io, UsageError, parseFlags } from './io.ts';

export const MAX_PODS_HELP = `usage: eks-netlab max-pods --instance-type TYPE [options]

Prints the max pods for an EC2 instance type as AWS's max-pods-calculator.sh does: one number on stdout,
the recommended value (capped at 110, or at 250 above 30 vCPUs) unless --show-max-allowed is given.
Works offline from the instance catalog bundled with eks-netlab (AWS VPC CNI limits, v${CURRENT_CNI_VERSION}).

  --instance-type TYPE               instance type, e.g. t3.medium (required)
  --cni-version VERSION              VPC CNI version, e.g. 1.12.6 or v1.12.6-eksbuild.1 (default ${CURRENT_CNI_VERSION})
  --cni-custom-networking-enabled    custom networking: the primary ENI is not used for pods
  --cni-prefix-delegation-enabled    prefix delegation: each secondary slot holds a /28 (16 addresses);
                                     applies to Nitro types with CNI 1.9 or later, as in the script
  --cni-max-eni N                    use at most N ENIs (N >= 1)
  --show-max-allowed                 print the uncapped value (the one in AWS's eni-max-pods.txt)
  --explain                          print the worked steps before the number
  -h, --help                         print this help and exit 0

Where this differs from max-pods-calculator.sh, on purpose:
  - --cni-version is optional (default: the current VPC CNI release); a v prefix (v1.18.0) is accepted
    where the script crashes on it.
  - Unknown flags, stray arguments and malformed values are errors (exit 1, one line on stderr);
    the script ignores unknown flags.
  - -h/--help exits 0 (the script exits 1).
  - The result is never negative: custom networking with a single usable ENI leaves 0 ENIs for pods
    (2 max pods); the script can print negative numbers.
  - --instance-type-from-imds is not supported: there is no instance metadata service offline.

Examples:
  eks-netlab max-pods --instance-type t3.medium                                    # 17
  eks-netlab max-pods --instance-type m5.large --cni-prefix-delegation-enabled     # 110
  eks-netlab max-pods --instance-type c5.4xlarge --show-max-allowed                # 234
`;

export function formatExplanation(r: MaxPodsResult): string {
  const options = [
    `VPC CNI ${r.cniVersion}`,
    r.customNetworking && 'custom networking',
    r.prefixDelegationApplied && 'prefix delegation',
    r.showMaxAllowed ? 'max allowed (no ceiling)' : 'recommended',
  ].filter(Boolean);
  const width = Math.max(...r.steps.map((s) => String(s.value).length));
  const lines = [`${r.instanceType.name} (${options.join(', ')}): ${r.formula}`, ''];
  for (const s of r.steps) {
    const how = s.working ? ` (${s.working})` : '';
    lines.push(`  ${String(s.value).padStart(width)}  ${s.term}${how}: ${s.meaning}`);
  }
  for (const note of r.notes) lines.push('', `note: ${note}`);
  const published = r.instanceType.published;
  lines.push('', `AWS's published eni-max-pods.txt: ${published === null ? 'not listed' : `${r.instanceType.name} ${published}`}`);
  return lines.join('\n') + '\n';
}

export function maxPodsCommand(args: string[], io: Io): number {
  const { values } = parseFlags(args, {
    'instance-type': { type: 'string' },
    'instance-type-from-imds': { type: 'boolean' },
    'cni-version': { type: 'string' },
    'cni-custom-networking-enabled': { type: 'boolean' },
    'cni-prefix-delegation-enabled': { type: 'boolean' },
    'cni-max-eni': { type: 'string' },
    'show-max-allowed': { type: 'boolean' },
    explain: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const);

  if (values.help) {
    io.out(MAX_PODS_HELP);
    return 0;
  }
  if (values['instance-type-from-imds']) {
    throw new UsageError('--instance-type-from-imds needs the EC2 instance metadata service; pass --instance-type TYPE instead');
  }
  const name = values['instance-type'];
  if (name === undefined) throw new UsageError('--instance-type is required, e.g. --instance-type t3.medium');
  const type = getInstanceType(name);
  if (!type) {
    const close = suggestInstanceTypes(name);
    const hint = close.length ? ` (did you mean ${close.join(', ')}?)` : '';
    throw new UsageError(`unknown instance type "${name}"${hint}`);
  }
  let cniVersion = CURRENT_CNI_VERSION;
  if (values['cni-version'] !== undefined) {
    const parsed = parseCniVersion(values['cni-version']);
    if (!parsed.ok) throw new UsageError(parsed.error);
    cniVersion = parsed.value.text;
  }
  let maxEni: number | undefined;
  if (values['cni-max-eni'] !== undefined) {
    const parsed = parseMaxEni(values['cni-max-eni']);
    if (!parsed.ok) throw new UsageError(parsed.error);
    maxEni = parsed.value;
  }

  const result = computeMaxPods(type, {
    cniVersion,
    customNetworking: values['cni-custom-networking-enabled'],
    prefixDelegation: values['cni-prefix-delegation-enabled'],
    maxEni,
    showMaxAllowed: values['show-max-allowed'],
  });
  if (values.explain) io.out(formatExplanation(result));
  if (result.value === null) {
    throw new UsageError(
      `no vCPU count is known for ${type.name}, so its 110/250 ceiling cannot be chosen; --show-max-allowed prints the uncapped ${result.uncapped}`,
    );
  }
  io.out(`${result.value}\n`);
  return 0;
}
