/**
 * The graph's painter in a worker (./painter.ts): the first message brings the page's canvas,
 * transferred as an OffscreenCanvas; every later one is handed to the painter.
 */
import { createPainter, type FromPainter, type Painter, type ToPaintWorker } from "./painter";

/** The worker's global scope, as far as this file uses it (the page's DOM types do not describe it). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToPaintWorker>) => void) | null;
  postMessage(message: FromPainter): void;
  requestAnimationFrame(callback: (wallMs: number) => void): number;
  cancelAnimationFrame(id: number): void;
};

let painter: Painter | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "canvas") {
    painter = createPainter(message.canvas as unknown as HTMLCanvasElement, {
      requestFrame: (callback) => scope.requestAnimationFrame(callback),
      cancelFrame: (id) => scope.cancelAnimationFrame(id),
      now: () => performance.now(),
      epochMs: () => performance.timeOrigin + performance.now(),
      report: (reply) => scope.postMessage(reply),
    });
    return;
  }
  painter?.handle(message);
};
