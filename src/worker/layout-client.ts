/**
 * The page's end of the layout worker (./layout.worker.ts), used by the graph view. Kept in
 * src/worker with the other postMessage calls.
 */
import type { FromLayout, ToLayout } from "../layout/protocol";

export interface LayoutWorker {
  send(message: ToLayout, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Starts the worker; null where workers are unavailable (the view then ticks on the main thread). */
export function startLayoutWorker(onMessage: (message: FromLayout) => void, onFailure: (message: string) => void): LayoutWorker | null {
  if (typeof Worker !== "function") return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module", name: "gossipscope-layout" });
  } catch {
    return null;
  }
  worker.onmessage = (event: MessageEvent<FromLayout>) => onMessage(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    onFailure(event.message || "the layout worker could not start");
  };
  return {
    send: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  };
}
