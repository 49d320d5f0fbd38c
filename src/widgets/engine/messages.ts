// The engine's own words on the page (src/widgets/shared/i18n.ts): why the simulated cluster stopped answering,
// which the widgets show inside their own messages.
export const en = {
  stopped: 'the simulator stopped: {why}',
  noScript: 'its script failed to load',
};

export type EngineMessages = typeof en;
