// The overlay packet view's choices, shared by the build-time render (OverlayPacket.astro) and the island.
import { OVERLAY_PAYLOADS, UNDERLAY_MTUS } from '../../model/views/overlay-packet.ts';

export type Overlay = 'calico-vxlan' | 'calico-ipip';
export const OVERLAYS: { value: Overlay; label: string }[] = [
  { value: 'calico-vxlan', label: 'Calico VXLAN' },
  { value: 'calico-ipip', label: 'Calico IP-in-IP' },
];
export const PAYLOADS = OVERLAY_PAYLOADS;
export const UNDERLAYS = UNDERLAY_MTUS;

export interface Query {
  overlay: Overlay;
  payload: (typeof PAYLOADS)[number];
  underlayMtu: (typeof UNDERLAYS)[number];
}

/** What the page shows before the reader changes anything. */
export const FIRST_QUERY: Query = { overlay: 'calico-vxlan', payload: 56, underlayMtu: 9001 };
