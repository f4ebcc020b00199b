/**
 * Drives the layout of the graph view. A structured topology (ring, line, grid, trees, star,
 * complete, small-world) is placed at once and is settled from its first frame: no worker, no tick.
 * A random graph gets seeded positions at once, refined by the force layout in the layout worker, or
 * on the main thread within a per-frame budget where no worker runs. A settled force layout is kept,
 * so a new run on the same graph (Reset, a changed drop rate) starts from it without moving.
 *
 * Writes scene.xy (in place, or a new array on start) and the canvas's data-layout ("running" or
 * "settled", so tests and benchmarks can wait for rest); calls `moved` whenever positions change.
 */
import type { ForceLayout } from "../../layout/force";
import { initialPositions, isStructured } from "../../layout/initial";
import type { FromLayout } from "../../layout/protocol";
import { startLayoutWorker, type LayoutWorker } from "../../worker/layout-client";
import { NODE_RADIUS_WORLD, SPACING_WORLD, type Scene } from "./renderer";

/** Wall ms per frame the layout may tick when it runs on the main thread (no worker; at least one tick runs). */
const LAYOUT_BUDGET_MS = 6;
/** Nodes keep at least twice this apart, world units: body, ring and a gap. */
const COLLIDE_RADIUS_WORLD = NODE_RADIUS_WORLD + 6;
/** The layout's seed: fixed, so a topology looks the same on every load. */
const LAYOUT_SEED = 1;

export interface LayoutDriver {
  /** Positions for the scene's new topology now (seeded, or the cached settled ones); refinement follows. */
  start(topology: string): void;
  /** One frame's main-thread step, when the layout runs on this thread and has not settled. */
  tick(): void;
  /** Positions are still moving (in the worker or here). */
  running(): boolean;
  /** Positions are moving on this thread, so frames must keep coming. */
  ticking(): boolean;
  destroy(): void;
}

export function createLayoutDriver(canvas: HTMLElement, scene: Scene, moved: () => void): LayoutDriver {
  let topologyName = "";
  /** The layout runs in a worker; `mainLayout` ticks on this thread only when no worker can run. */
  let layoutWorker: LayoutWorker | null = null;
  let layoutWorkerFailed = false;
  /** Tags each start, so positions for a replaced topology are ignored. */
  let layoutId = 0;
  let mainLayout: ForceLayout | null = null;
  let layoutRunning = false;
  let destroyed = false;
  /** The last settled layout. */
  let settledCache: { topology: string; edges: Uint32Array; xy: Float64Array } | null = null;

  function markLayout(): void {
    const state = layoutRunning ? "running" : "settled";
    if (canvas.dataset.layout !== state) canvas.dataset.layout = state;
  }

  function positionsMoved(): void {
    markLayout();
    moved();
  }

  function layoutOptions() {
    return { spacingWorld: SPACING_WORLD, collideRadiusWorld: COLLIDE_RADIUS_WORLD, seed: LAYOUT_SEED };
  }

  function cachedLayout(): Float64Array | null {
    const c = settledCache;
    if (!c || c.topology !== topologyName || c.xy.length !== 2 * scene.n || c.edges.length !== scene.edges.length) return null;
    for (let k = 0; k < c.edges.length; k++) if (c.edges[k] !== scene.edges[k]) return null;
    return c.xy.slice();
  }

  function rememberLayout(): void {
    settledCache = { topology: topologyName, edges: scene.edges.slice(), xy: scene.xy.slice() };
  }

  /** The fallback, loaded on demand: with a worker, d3-force never enters the page's own bundle. */
  function startMainLayout(): void {
    const id = layoutId;
    scene.xy = initialPositions(topologyName, scene.n, scene.edges, SPACING_WORLD);
    positionsMoved();
    import("../../layout/force").then(
      ({ ForceLayout }) => {
        if (destroyed || id !== layoutId) return;
        mainLayout = new ForceLayout(topologyName, scene.n, scene.edges, layoutOptions());
        scene.xy = mainLayout.xy;
        layoutRunning = !mainLayout.settled;
        positionsMoved();
      },
      (error: unknown) => console.warn(`GraphView: the layout could not load (${String(error)}); keeping the seeded positions`),
    );
  }

  function onLayoutMessage(message: FromLayout): void {
    if (destroyed || message.id !== layoutId) return;
    if (message.type === "failed") {
      console.warn(`GraphView: layout worker failed (${message.message}); laying out on the main thread`);
      startMainLayout();
      return;
    }
    if (message.xy.length !== scene.xy.length) return;
    scene.xy.set(message.xy);
    layoutRunning = !message.settled;
    if (!layoutRunning) rememberLayout();
    positionsMoved();
  }

  function onLayoutWorkerFailure(message: string): void {
    console.warn(`GraphView: ${message}; laying out on the main thread`);
    layoutWorker?.terminate();
    layoutWorker = null;
    layoutWorkerFailed = true;
    if (!destroyed && scene.n > 0 && mainLayout === null) startMainLayout();
  }

  // Started now, not at the first random graph: the worker's thread and script then load while the
  // simulation worker builds the topology (on a busy machine that took seconds at 20,000 nodes).
  layoutWorker = startLayoutWorker(onLayoutMessage, onLayoutWorkerFailure);

  return {
    start(topology) {
      topologyName = topology;
      layoutId++;
      mainLayout = null;
      layoutRunning = false;
      const n = scene.n;
      if (n <= 1 || isStructured(topology)) {
        // Final positions, computed in O(n): nothing to cache, nothing to wait for.
        layoutWorker?.send({ type: "stop" });
        scene.xy = initialPositions(topologyName, n, scene.edges, SPACING_WORLD);
        markLayout();
        return;
      }
      const cached = cachedLayout();
      if (cached) {
        scene.xy = cached;
        markLayout();
        return;
      }
      if (!layoutWorker && !layoutWorkerFailed) layoutWorker = startLayoutWorker(onLayoutMessage, onLayoutWorkerFailure);
      if (layoutWorker) {
        scene.xy = initialPositions(topologyName, n, scene.edges, SPACING_WORLD);
        const edges = scene.edges.slice();
        layoutWorker.send({ type: "start", id: layoutId, topology: topologyName, n, edges, ...layoutOptions() }, [edges.buffer]);
        layoutRunning = true;
        markLayout();
      } else {
        startMainLayout();
      }
    },
    tick() {
      if (!mainLayout || !layoutRunning) return;
      mainLayout.step(LAYOUT_BUDGET_MS, () => performance.now());
      layoutRunning = !mainLayout.settled;
      if (!layoutRunning) rememberLayout();
      positionsMoved();
    },
    running: () => layoutRunning,
    ticking: () => mainLayout !== null && layoutRunning,
    destroy() {
      destroyed = true;
      layoutWorker?.terminate();
      layoutWorker = null;
    },
  };
}
