/**
 * The page's end of the worker: starts it and carries commands down. Kept in src/worker so that all
 * postMessage calls live in this folder; the page handles what comes up in src/ui/controller.ts.
 */
import type { FromWorker, ToWorker } from "./messages";

export interface SimWorker {
  /** `transfer`: what the message hands over (a paintPort's port). */
  send(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

/**
 * `onFailure` hears of a worker that could not load or threw outside the host's own try/catch (those
 * the worker reports itself as a `failed` event).
 */
export function startSimWorker(onEvent: (event: FromWorker) => void, onFailure: (message: string) => void): SimWorker {
  const worker = new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "gossipscope-sim" });
  worker.onmessage = (event: MessageEvent<FromWorker>) => onEvent(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    onFailure(event.message || "the simulation worker could not start");
  };
  worker.onmessageerror = () => onFailure("a message from the simulation worker could not be read");
  return {
    send: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
  };
}
