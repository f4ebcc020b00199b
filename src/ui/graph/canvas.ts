/**
 * A canvas to draw on off screen: an OffscreenCanvas where there is one (the graph's painter runs
 * in a worker, which has no document), else a detached <canvas>. Typed as an HTMLCanvasElement: the
 * view uses only its width, height and 2D context, which both kinds have alike.
 */
export function offscreenCanvas(width = 1, height = 1): HTMLCanvasElement {
  if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height) as unknown as HTMLCanvasElement;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}
