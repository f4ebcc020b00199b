/**
 * Messages between the page and the layout worker (src/worker/layout.worker.ts), which ticks the
 * force layout (./force.ts) off the main thread: at 5,000 nodes one d3-force tick takes tens of ms.
 */

export type ToLayout =
  | {
      type: "start";
      /** Echoed in every reply, so positions of a replaced topology are recognised and ignored. */
      id: number;
      topology: string;
      n: number;
      edges: Uint32Array;
      spacingWorld: number;
      collideRadiusWorld: number;
      seed: number;
    }
  | { type: "stop" };

export type FromLayout =
  | {
      type: "positions";
      id: number;
      /** World positions, interleaved [x0, y0, ...] (transferred). */
      xy: Float64Array;
      settled: boolean;
      ticks: number;
    }
  | { type: "failed"; id: number; message: string };

/** Wall ms the worker ticks before it posts positions: about two frames, so movement stays smooth. */
export const LAYOUT_CHUNK_MS = 30;
/**
 * The same beyond LARGE_GRAPH_NODES (./force.ts): each post makes the page redraw every node (tens of
 * ms at 20,000), and a large graph barely moves from its breadth-first start, so it posts rarely.
 */
export const LARGE_LAYOUT_CHUNK_MS = 250;
