// The warm-pool table's words (src/widgets/shared/i18n.ts); the figures are the model's.
export const en = {
  caption: 'ENIs / secondary IPv4 addresses (free) on one node after ten minutes, by pods with VPC addresses',
  instance: 'Instance',
  settings: 'Settings',
  pods: '{n} pods',
  run: '{n} run',
  byDefault: ' (default)',
};

export type WarmPoolTableMessages = typeof en;
