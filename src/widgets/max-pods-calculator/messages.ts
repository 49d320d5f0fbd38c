// The calculator's own words (src/widgets/shared/i18n.ts). The worked steps and the input errors come from the
// model (src/model/max-pods.ts), which the CLI prints too, and stay English with what follows them; so does the
// note for the few instance types without a vCPU count (the island's hydration JS has a budget: npm run bench).
export const en = {
  instanceType: 'Instance type',
  instanceTypes: 'Instance types',
  unknown: 'No instance type “{query}” in the catalog{suggestion} Showing {name}.',
  suggestion: '; did you mean {names}?',
  facts: '{name}: {enis} ENIs × {ips} IPv4 addresses, {vcpus} vCPUs, {platform}.',
  bareMetal: 'bare metal',
  options: 'Options',
  prefixDelegation: 'Prefix delegation',
  customNetworking: 'Custom networking',
  showMaxAllowed: 'Show max allowed (no ceiling)',
  maxEnis: 'Max ENIs',
  allEnis: 'all {n}',
  maxAllowed: 'max pods allowed (no ceiling)',
  recommended: 'max pods, recommended',
  published: 'AWS’s published list:',
  notListed: 'not listed',
  steps: 'Worked steps',
};

export type CalculatorMessages = typeof en;
