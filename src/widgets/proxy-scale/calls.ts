// What the scale view asks of the engine worker: a full sync of each mode for a made-up cluster of the chosen
// size, timed there (the worker keeps the page responsive while 10,000 Services render).
import { proxyScale, type ScaleQuery, type ScaleRow } from '../../model/views/proxy-scale.ts';

export const proxyScaleCalls = {
  proxyScale(_ctx: unknown, args: ScaleQuery): ScaleRow | { error: string } {
    try {
      return proxyScale(args, () => performance.now());
    } catch (e) {
      return { error: (e as Error).message };
    }
  },
};
