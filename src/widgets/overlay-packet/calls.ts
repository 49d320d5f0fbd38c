// What the overlay packet view asks of its clusters (one per CNI, each a cluster id of its own). Runs in the engine
// worker, next to the clusters.
import { overlayPacketView, type OverlayPacketView } from '../../model/views/overlay-packet.ts';
import type { CallContext } from '../engine/calls.ts';
import { ensurePods } from '../packet-stepper/calls.ts';

export type OverlayPacketAnswer = OverlayPacketView | { error: string };

export const overlayPacketCalls = {
  /** The lab's netshoot pods, as `kubectl apply -f netshoot-pod.yaml` and half a minute would give them (once). */
  overlayPods(ctx: CallContext): void {
    ensurePods(ctx.engine());
  },

  /** One ping of `payload` bytes between nodes on an underlay of `underlayMtu`, followed in a sandbox. */
  overlayPacket(ctx: CallContext, args: { payload: number; underlayMtu: number }): OverlayPacketAnswer {
    return overlayPacketView(ctx.engine().cluster, args);
  },
};
