/**
 * The graph view's static cache: two offscreen layers, edges and then nodes over edges, rebuilt only
 * when positions, node states, the view, the size or the theme changed, and then at most as often as
 * their measured cost allows. Each frame copies the node layer (scaled while a rebuild is pending) and
 * the moving layer is drawn on top of it by the caller.
 */
import { offscreenCanvas } from "./canvas";
import { DotRaster } from "./dots";
import { NodeScratch, NodeSprites, blitStatic, drawEdgeLayer, drawNodeLayer, type Scene, type Surface } from "./renderer";
import type { ViewTransform } from "./view";

/** Rebuilds while nothing but node states changed: at most one per this many wall ms... */
const STATE_REBUILD_MIN_MS = 80;
/** ...and never more than 1/this of the frame time spent rebuilding on average. */
const REBUILD_COST_FACTOR = 8;

export interface StaticLayers {
  /** Both layers resized, device px; they are redrawn in full on the next paint. */
  resize(widthDevPx: number, heightDevPx: number): void;
  /** The theme changed, or positions are new and final: redraw in full on the next paint, whatever it costs. */
  redrawAll(): void;
  /** Edges (positions, the view, partition groups) changed, and so the nodes drawn over them. */
  edgesChanged(): void;
  /** Node states changed. */
  nodesChanged(): void;
  /** A new topology of n nodes. */
  setNodeCount(n: number): void;
  /** Changes wait for a rebuild. */
  dirty(): boolean;
  /** Rebuilds when due (sooner while the layout is at rest), then copies the node layer onto ctx. */
  paint(ctx: CanvasRenderingContext2D, wallMs: number, layoutRunning: boolean): void;
  /** Frees the backing stores now rather than at garbage collection. */
  release(): void;
}

export function createStaticLayers(scene: Scene, surface: Surface): StaticLayers {
  const edgeLayer = offscreenCanvas();
  const nodeLayer = offscreenCanvas();
  const edgeCtx = edgeLayer.getContext("2d", { alpha: false })!;
  const nodeCtx = nodeLayer.getContext("2d", { alpha: false })!;
  let scratch = new NodeScratch(0);
  const nodeRaster = new DotRaster();
  const nodeSprites = new NodeSprites();
  /** The view the layers were drawn at. */
  let builtView: ViewTransform = { k: 1, x: 0, y: 0 };
  let edgesDirty = true;
  let nodesDirty = true;
  let fullRedraw = true;
  let lastBuildWallMs = -Infinity;
  let edgeCostMs = 0;
  let nodeCostMs = 0;

  function rebuild(wallMs: number): void {
    const t0 = performance.now();
    if (edgesDirty || fullRedraw) {
      drawEdgeLayer(edgeCtx, scene, surface);
      edgeCostMs = performance.now() - t0;
    }
    const t1 = performance.now();
    drawNodeLayer(nodeCtx, edgeLayer, scene, surface, scratch, nodeRaster, nodeSprites);
    nodeCostMs = performance.now() - t1;
    builtView = surface.view;
    edgesDirty = false;
    nodesDirty = false;
    fullRedraw = false;
    lastBuildWallMs = wallMs;
  }

  return {
    resize(widthDevPx, heightDevPx) {
      for (const c of [edgeLayer, nodeLayer]) {
        c.width = widthDevPx;
        c.height = heightDevPx;
      }
      fullRedraw = true;
    },
    redrawAll() {
      fullRedraw = true;
    },
    edgesChanged() {
      edgesDirty = true;
      nodesDirty = true;
    },
    nodesChanged() {
      nodesDirty = true;
    },
    setNodeCount(n) {
      scratch = new NodeScratch(n);
    },
    dirty: () => edgesDirty || nodesDirty,
    paint(ctx, wallMs, layoutRunning) {
      const rebuiltBefore = lastBuildWallMs;
      if (fullRedraw) {
        rebuild(wallMs);
      } else if (edgesDirty || nodesDirty) {
        const cost = (edgesDirty ? edgeCostMs : 0) + nodeCostMs;
        const viewMoved = surface.view !== builtView;
        // Pan and zoom rebuild at once while that is cheap; the stale layer, scaled, covers the gap otherwise.
        const minGapMs = viewMoved && !layoutRunning ? (cost < 6 ? 0 : cost * REBUILD_COST_FACTOR) : Math.max(layoutRunning ? 33 : STATE_REBUILD_MIN_MS, cost * REBUILD_COST_FACTOR);
        if (wallMs - lastBuildWallMs >= minGapMs) rebuild(wallMs);
      }
      const rebuiltThisFrame = lastBuildWallMs !== rebuiltBefore;

      const blitStartMs = performance.now();
      blitStatic(ctx, nodeLayer, builtView, surface);
      // Without a GPU the layers rasterise when first copied, so the copy after a rebuild is part of its cost.
      if (rebuiltThisFrame) nodeCostMs += performance.now() - blitStartMs;
    },
    release() {
      edgeLayer.width = edgeLayer.height = nodeLayer.width = nodeLayer.height = 0;
    },
  };
}
