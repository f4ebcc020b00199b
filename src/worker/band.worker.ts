/**
 * Computes the spread band (src/sim/band.ts) off the page's thread: many runs of the same settings.
 * Posts progress after every few runs and the band at the end; a newer request replaces an older one.
 */
import { spreadBand } from "../sim/band";
import type { FromBand, ToBand } from "./band-client";

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ToBand>) => {
  const { id, config, origin, firstSeed, count } = event.data;
  try {
    const band = spreadBand(config, origin, firstSeed, count, (done) => {
      if (done % 5 === 0 || done === count) self.postMessage({ type: "progress", id, done, count } satisfies FromBand);
      return true;
    });
    self.postMessage({ type: "band", id, band } satisfies FromBand);
  } catch (err) {
    self.postMessage({ type: "failed", id, message: err instanceof Error ? err.message : String(err) } satisfies FromBand);
  }
};
