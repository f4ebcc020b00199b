/**
 * The graph's painter in a worker (src/ui/graph/painter.ts): the first message brings the page's canvas,
 * transferred as an OffscreenCanvas; every later one is handed to the painter. A `feedPort` is a
 * port to the simulation worker: its frames come in there, and the painter asks for them there.
 *
 * It lives beside the other workers but is type-checked with the page (src/ui/tsconfig.json): the
 * painter draws through the canvas API's DOM types, which an OffscreenCanvas also satisfies.
 */
import { createPainter, type FromPainter, type Painter, type ToPaintWorker } from "../ui/graph/painter";
import type { PaintFeedFrame, PaintTick } from "./messages";

/** The worker's global scope, as far as this file uses it (the page's DOM types do not describe it). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToPaintWorker>) => void) | null;
  postMessage(message: FromPainter): void;
  requestAnimationFrame(callback: (wallMs: number) => void): number;
  cancelAnimationFrame(id: number): void;
};

let painter: Painter | null = null;
let feed: MessagePort | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "canvas") {
    painter = createPainter(message.canvas as unknown as HTMLCanvasElement, {
      requestFrame: (callback) => scope.requestAnimationFrame(callback),
      cancelFrame: (id) => scope.cancelAnimationFrame(id),
      now: () => performance.now(),
      epochMs: () => performance.timeOrigin + performance.now(),
      report: (reply) => scope.postMessage(reply),
      askForFrame: () => feed?.postMessage({ type: "tick" } satisfies PaintTick),
    });
    return;
  }
  if (message.type === "feedPort") {
    feed?.close();
    const port = message.port;
    feed = port;
    port.onmessage = (e: MessageEvent<PaintFeedFrame>) => {
      if (feed === port) painter?.handle({ type: "fed", frame: e.data });
    };
    painter?.handle({ type: "feedAttached" });
    return;
  }
  painter?.handle(message);
};
