/**
 * The worker entry: the only place that posts from the worker side. Everything else is in ./host.ts.
 */
import { createSimHost } from "./host";
import type { FromWorker, ToWorker } from "./messages";

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

const host = createSimHost({ post, wallNowMs: () => performance.now() });

self.onmessage = (event: MessageEvent<ToWorker>) => host.handle(event.data);

// The host catches what the engine throws; these catch the rest, so the page hears of every failure.
self.addEventListener("error", (event) => post({ type: "failed", message: event.message || "the simulation worker failed" }));
self.addEventListener("unhandledrejection", (event) => post({ type: "failed", message: String(event.reason) }));
