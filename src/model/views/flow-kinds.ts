// The flows the packet stepper offers (its own small module: the widget's first JavaScript needs only this).
export type FlowKind = 'same-node' | 'cross-node' | 'internet' | 'node-to-pod';

/** In the order the stepper offers them (its buttons' words are the widget's: src/widgets/packet-stepper/messages.ts). */
export const FLOW_KINDS: FlowKind[] = ['same-node', 'cross-node', 'internet', 'node-to-pod'];
