// The flows the packet stepper offers (its own small module: the widget's first JavaScript needs only this).
export type FlowKind = 'same-node' | 'cross-node' | 'internet' | 'node-to-pod';

export const FLOW_KINDS: { kind: FlowKind; label: string }[] = [
  { kind: 'same-node', label: 'Pod → pod, same node' },
  { kind: 'cross-node', label: 'Pod → pod, across nodes' },
  { kind: 'internet', label: 'Pod → internet' },
  { kind: 'node-to-pod', label: 'Node → pod' },
];
