// Every widget's first picture (./first-picture.ts), computed in Node at build time: for the server's render and
// for the JSON files the browser fetches (src/pages/widget-data/[widget].json.ts). Each is computed once.
import { eniViewFirstPicture } from '../eni-view/first-picture.ts';
import { nlbPathFirstPicture } from '../nlb-path/first-picture.ts';
import { overlayPacketFirstPicture } from '../overlay-packet/first-picture.ts';
import { packetStepperFirstPicture } from '../packet-stepper/first-picture.ts';
import type { FirstPictureName } from './first-picture.ts';

const COMPUTE: Record<FirstPictureName, () => unknown> = {
  'eni-view': eniViewFirstPicture,
  'nlb-path': nlbPathFirstPicture,
  'overlay-packet': overlayPacketFirstPicture,
  'packet-stepper': packetStepperFirstPicture,
};

export const FIRST_PICTURE_NAMES = Object.keys(COMPUTE) as FirstPictureName[];

const computed = new Map<FirstPictureName, unknown>();

export function firstPicture(name: FirstPictureName): unknown {
  if (!computed.has(name)) computed.set(name, COMPUTE[name]());
  return computed.get(name);
}
