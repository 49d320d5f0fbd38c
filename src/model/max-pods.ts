// Max pods per node, exactly as AWS's max-pods-calculator.sh computes it
// (awslabs/amazon-eks-ami templates/al2/runtime/max-pods-calculator.sh, last version before AL2 removal),
// with every term kept so that the widget, the quiz and the CLI print the same worked steps.
import type { InstanceType } from './catalog/index.ts';

/** The newest VPC CNI release in shared/data's snapshot (aws/amazon-vpc-cni-k8s v1.23.1, 2026-08-20). */
export const CURRENT_CNI_VERSION = '1.23.1';
export const IPS_PER_PREFIX = 16;
export const CEILING_LOW_CPU = 110;
export const CEILING_HIGH_CPU = 250;
/** The script uses the higher ceiling when vCPUs > 30. */
export const HIGH_CPU_ABOVE = 30;
/** aws-node and kube-proxy run with hostNetwork: they count against max pods but use the node's own IP. */
export const HOST_NETWORK_PODS = 2;

export interface MaxPodsOptions {
  /** Defaults to CURRENT_CNI_VERSION. Prefix delegation needs 1.9 or later. */
  cniVersion?: string;
  customNetworking?: boolean;
  prefixDelegation?: boolean;
  /** --cni-max-eni: use at most this many ENIs (a whole number ≥ 1). */
  maxEni?: number;
  /** --show-max-allowed: print the uncapped number (the value in AWS's published list). */
  showMaxAllowed?: boolean;
}

export interface CniVersion {
  major: number;
  minor: number;
  text: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Accepts what EKS prints (`v1.12.6-eksbuild.1`) as well as the script's `1.12.6`. */
export function parseCniVersion(text: string): Parsed<CniVersion> {
  const m = /^v?(\d+)\.(\d+)(\.\d+)?([-+][0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return { ok: false, error: `invalid CNI version "${text}": expected MAJOR.MINOR[.PATCH], e.g. 1.12.6 or v1.12.6-eksbuild.1` };
  return { ok: true, value: { major: Number(m[1]), minor: Number(m[2]), text: text.trim() } };
}

export function parseMaxEni(text: string): Parsed<number> {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    return { ok: false, error: `invalid --cni-max-eni value "${text}": expected a whole number of at least 1` };
  }
  return { ok: true, value: Number(text) };
}

/** The script's gate: prefix delegation arrived in VPC CNI 1.9.0. */
export function cniSupportsPrefixDelegation(version: CniVersion): boolean {
  return version.major > 1 || (version.major === 1 && version.minor > 8);
}

/**
 * The script applies prefix delegation only when EC2 reports the hypervisor as "nitro". EC2 reports none for
 * bare metal, so the script skips it there (and for c7g.metal, whose catalog row says nitro), although the CNI
 * itself supports prefixes on Nitro bare metal since v1.11.
 */
export function scriptSeesNitro(type: InstanceType): boolean {
  return type.hypervisor === 'nitro' && !type.bareMetal;
}

/** The terms of the worked steps, each of which is one step's name in every language (src/model/max-pods-ko.ts
 *  says them in Korean). */
export type MaxPodsTerm =
  | 'ENIs'
  | 'ENIs allowed by --cni-max-eni'
  | 'ENIs for pods (custom networking)'
  | 'IPv4 addresses per ENI'
  | 'pod addresses per ENI'
  | 'with prefix delegation'
  | 'host-network pods'
  | 'max pods allowed'
  | 'recommended';

/** Why a note was added: an option that had no effect, or a ceiling that cannot be chosen. */
export type MaxPodsNoteId = 'pd-old-cni' | 'pd-bare-metal' | 'pd-not-nitro' | 'no-vcpus' | 'no-vcpus-under-ceiling';

export interface MaxPodsStep {
  /** What this term is, e.g. "IPv4 addresses per ENI". */
  term: MaxPodsTerm;
  /** How it is computed, with numbers, e.g. "6 − 1". Empty for a plain fact. */
  working: string;
  value: number;
  /** Why the term is there, in one sentence. */
  meaning: string;
}

export interface MaxPodsResult {
  instanceType: InstanceType;
  cniVersion: string;
  customNetworking: boolean;
  prefixDelegationRequested: boolean;
  prefixDelegationApplied: boolean;
  showMaxAllowed: boolean;
  /** ENIs whose addresses go to pods. */
  enisForPods: number;
  /** Pod addresses per ENI: IPv4 − 1, times 16 with prefixes. */
  podAddressesPerEni: number;
  /** ENIs × pod addresses per ENI + 2: the published list's number. */
  uncapped: number;
  /** 110 or 250 from the vCPU count; null when the vCPU count is unknown. */
  ceiling: number | null;
  /** min(ceiling, uncapped); also known without vCPUs when uncapped ≤ 110. Null if it cannot be known. */
  recommended: number | null;
  /** What the calculator prints: uncapped with showMaxAllowed, else recommended. */
  value: number | null;
  /** The arithmetic on one line, e.g. "3 × (6 − 1) + 2 = 17". */
  formula: string;
  steps: MaxPodsStep[];
  /** Options that had no effect, and why. */
  notes: string[];
  /** Each note's reason, in the notes' order. */
  noteIds: MaxPodsNoteId[];
}

export function computeMaxPods(type: InstanceType, options: MaxPodsOptions = {}): MaxPodsResult {
  const parsedVersion = parseCniVersion(options.cniVersion ?? CURRENT_CNI_VERSION);
  if (!parsedVersion.ok) throw new Error(parsedVersion.error);
  const version = parsedVersion.value;
  const customNetworking = options.customNetworking ?? false;
  const prefixDelegationRequested = options.prefixDelegation ?? false;
  const showMaxAllowed = options.showMaxAllowed ?? false;
  const steps: MaxPodsStep[] = [];
  const notes: string[] = [];
  const noteIds: MaxPodsNoteId[] = [];
  const note = (id: MaxPodsNoteId, text: string) => {
    noteIds.push(id);
    notes.push(text);
  };
  const E = type.maxEnis;
  const I = type.ipv4PerEni;

  steps.push({
    term: 'ENIs',
    working: '',
    value: E,
    meaning:
      type.networkCards > 1
        ? `A ${type.name} can attach ${E} ENIs on its default network card; the other ${type.networkCards - 1} card(s) are not counted.`
        : `A ${type.name} can attach at most ${E} elastic network interfaces.`,
  });

  let enis = E;
  if (options.maxEni !== undefined) {
    enis = Math.min(options.maxEni, E);
    steps.push({
      term: 'ENIs allowed by --cni-max-eni',
      working: `min(${options.maxEni}, ${E})`,
      value: enis,
      meaning: 'The CNI is told to use no more than this many ENIs.',
    });
  }
  if (customNetworking) {
    const before = enis;
    // Clamp at zero: the script would go negative with a single usable ENI.
    enis = Math.max(0, enis - 1);
    steps.push({
      term: 'ENIs for pods (custom networking)',
      working: `${before} − 1`,
      value: enis,
      meaning: "With custom networking the primary ENI stays in the node's subnet and carries no pod addresses.",
    });
  }

  steps.push({
    term: 'IPv4 addresses per ENI',
    working: '',
    value: I,
    meaning: `Each ENI on a ${type.name} holds up to ${I} private IPv4 addresses.`,
  });
  steps.push({
    term: 'pod addresses per ENI',
    working: `${I} − 1`,
    value: I - 1,
    meaning: "The first address of every ENI is the ENI's own primary address, so it is never given to a pod.",
  });

  const pdVersionOk = cniSupportsPrefixDelegation(version);
  const prefixDelegationApplied = prefixDelegationRequested && pdVersionOk && scriptSeesNitro(type);
  let perEni = I - 1;
  if (prefixDelegationApplied) {
    perEni = (I - 1) * IPS_PER_PREFIX;
    steps.push({
      term: 'with prefix delegation',
      working: `(${I} − 1) × ${IPS_PER_PREFIX}`,
      value: perEni,
      meaning: `Each secondary slot holds a /28 prefix of ${IPS_PER_PREFIX} addresses instead of one address.`,
    });
  } else if (prefixDelegationRequested) {
    if (!pdVersionOk) {
      note('pd-old-cni', `Prefix delegation was ignored: VPC CNI ${version.text} is older than 1.9.0, which introduced it.`);
    } else if (type.bareMetal) {
      note(
        'pd-bare-metal',
        `Prefix delegation was ignored: EC2 reports no hypervisor for bare-metal ${type.name}, so max-pods-calculator.sh applies it only to "nitro" types (the CNI itself supports prefixes on Nitro bare metal since v1.11).`,
      );
    } else {
      note('pd-not-nitro', `Prefix delegation was ignored: ${type.name} runs on the ${type.hypervisor} hypervisor, and prefixes need Nitro.`);
    }
  }

  const uncapped = enis * perEni + HOST_NETWORK_PODS;
  const perEniText = prefixDelegationApplied ? `(${I} − 1) × ${IPS_PER_PREFIX}` : `(${I} − 1)`;
  const arithmetic = `${enis} × ${perEniText} + ${HOST_NETWORK_PODS}`;
  steps.push({
    term: 'host-network pods',
    working: '+ 2',
    value: HOST_NETWORK_PODS,
    meaning: "aws-node and kube-proxy use the node's own IP, yet each still counts as a pod.",
  });
  steps.push({
    term: 'max pods allowed',
    working: arithmetic,
    value: uncapped,
    meaning: "Every pod address plus the two host-network pods. This is the number in AWS's published list.",
  });

  const ceiling = type.vcpus === null ? null : type.vcpus > HIGH_CPU_ABOVE ? CEILING_HIGH_CPU : CEILING_LOW_CPU;
  let recommended: number | null;
  if (ceiling !== null) {
    recommended = Math.min(ceiling, uncapped);
    steps.push({
      term: 'recommended',
      working: `min(${ceiling}, ${uncapped})`,
      value: recommended,
      meaning: `With ${type.vcpus} vCPUs (${type.vcpus! > HIGH_CPU_ABOVE ? 'more than' : 'at most'} ${HIGH_CPU_ABOVE}) the calculator recommends at most ${ceiling} pods per node.`,
    });
  } else {
    // Either ceiling gives the same answer when the formula stays under the lower one.
    recommended = uncapped <= CEILING_LOW_CPU ? uncapped : null;
    note(
      recommended === null ? 'no-vcpus' : 'no-vcpus-under-ceiling',
      recommended === null
        ? `No vCPU count is known for ${type.name}, so the 110 or 250 ceiling cannot be chosen; only the uncapped value is known.`
        : `No vCPU count is known for ${type.name}, but ${uncapped} is under either ceiling.`,
    );
  }

  const value = showMaxAllowed ? uncapped : recommended;
  let formula = `${arithmetic} = ${uncapped}`;
  if (!showMaxAllowed && ceiling !== null) formula += `; min(${ceiling}, ${uncapped}) = ${recommended}`;

  return {
    instanceType: type,
    cniVersion: version.text,
    customNetworking,
    prefixDelegationRequested,
    prefixDelegationApplied,
    showMaxAllowed,
    enisForPods: enis,
    podAddressesPerEni: perEni,
    uncapped,
    ceiling,
    recommended,
    value,
    formula,
    steps,
    notes,
    noteIds,
  };
}
