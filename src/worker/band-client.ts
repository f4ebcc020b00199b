/** The page's end of the band worker (./band.worker.ts): one run of many seeds at a time. */
import type { Band } from "../sim/band";
import type { SimConfig } from "../sim/config";

export interface ToBand {
  id: number;
  config: SimConfig;
  origin: number;
  firstSeed: number;
  count: number;
}

export type FromBand = { type: "progress"; id: number; done: number; count: number } | { type: "band"; id: number; band: Band } | { type: "failed"; id: number; message: string };

export interface BandWorker {
  run(request: Omit<ToBand, "id">, onMessage: (message: FromBand) => void): void;
  /** Stops the computation under way (the worker is replaced). */
  cancel(): void;
}

export function startBandWorker(): BandWorker {
  let worker: Worker | null = null;
  let id = 0;
  const stop = () => {
    worker?.terminate();
    worker = null;
  };
  return {
    run(request, onMessage) {
      // A new request starts a fresh worker: the old one's runs are of no use any more.
      stop();
      const mine = ++id;
      worker = new Worker(new URL("./band.worker.ts", import.meta.url), { type: "module", name: "gossipscope-band" });
      worker.onmessage = (event: MessageEvent<FromBand>) => {
        if (event.data.id !== mine) return;
        onMessage(event.data);
        if (event.data.type !== "progress") stop();
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onMessage({ type: "failed", id: mine, message: event.message || "the band worker failed" });
        stop();
      };
      worker.postMessage({ ...request, id: mine } satisfies ToBand);
    },
    cancel: stop,
  };
}
