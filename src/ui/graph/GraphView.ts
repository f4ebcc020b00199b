/**
 * The graph view: one canvas, its own requestAnimationFrame loop outside React. The app feeds it a
 * topology, frames of journal records and the model clock (./types.ts); the view lays the graph out
 * with d3-force, animates every node-to-node message along its edge, and handles pan, zoom, selection
 * and keyboard navigation.
 *
 * This file composes the parts and keeps the GraphView contract:
 *   ./layout-driver.ts   positions: layout worker, main-thread fallback, settled-layout cache
 *   ./static-layers.ts   edges and node bodies, cached offscreen and rebuilt at a measured pace
 *   ./viewport.ts        the camera: follows fit until the user pans or zooms
 *   ./input.ts           pointer and keys -> select, pan, zoom, mark, lasso, inspect a message
 *   ./describe.ts        the aria-label text
 * A frame copies the cached node layer and draws what moves on top (./renderer.ts); a frame whose
 * picture would equal the last one's (no dot moved a pixel, nothing else changed) draws nothing.
 */
import { ModelClock } from "./clock";
import { describeGraph } from "./describe";
import { DotRaster } from "./dots";
import { Flashes } from "./flashes";
import { createInput } from "./input";
import { drawLasso } from "./lasso";
import { createLayoutDriver } from "./layout-driver";
import { MessagePool } from "./messages";
import { NODE_RADIUS_WORLD, DotSprites, Marks, drawMovingLayer, movingLayerKey, type Scene, type Surface } from "./renderer";
import { adoptGraphSheet } from "./sheet";
import { createStaticLayers } from "./static-layers";
import { buildFillScale } from "./styles";
import { readTheme, watchTheme } from "./theme";
import type { GraphFrame, GraphTopology, GraphView, GraphViewCallbacks, GraphViewOptions } from "./types";
import { createViewport } from "./viewport";

/** Beyond this many edges the edges are not drawn (a complete graph of 5,000 nodes has 12.5 million). */
const MAX_DRAWN_EDGES = 300_000;
/** The aria-label is refreshed at most this often, so a screen reader is not flooded. */
const ARIA_REFRESH_MS = 2000;
/** World units messages ride to the right of their edge, so opposite directions do not overlap. */
const LANE_OFFSET_WORLD = 3.5;

export function createGraphView(canvas: HTMLCanvasElement, callbacks: GraphViewCallbacks, options?: Partial<GraphViewOptions>): GraphView {
  const ctx = canvas.getContext("2d", { alpha: false });
  if (!ctx) throw new Error("GraphView: the canvas has no 2D context");

  let reducedMotion = options?.reducedMotion ?? (typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches);

  const scene: Scene = {
    n: 0,
    names: [],
    edges: new Uint32Array(0),
    drawEdges: true,
    xy: new Float64Array(0),
    knownCounts: new Uint32Array(0),
    alive: new Uint8Array(0),
    totalValues: 0,
    selectedValueKnowers: null,
    groups: null,
    marked: new Uint8Array(0),
    selected: -1,
    hover: -1,
    inspectedMessage: -1,
    tree: null,
    chain: null,
    highlight: null,
    origins: [],
  };
  let topologyName = "";
  const pool = new MessagePool();
  const dots = new DotRaster();
  const sprites = new DotSprites();
  const marks = new Marks();
  let flashes = new Flashes(0);
  /** Own copy of the selected value's knowers (the frame's array may be transferred away). */
  let knowers = new Uint8Array(0);
  const clock = new ModelClock();
  /** Wall ms that advance only while the model runs: drop crosses fade on it, so pause freezes them. */
  let fadeMs = 0;
  let lastFrameWallMs = -1;

  const theme = readTheme(canvas);
  const surface: Surface = { widthPx: 1, heightPx: 1, dpr: 1, view: { k: 1, x: 0, y: 0 }, theme, scale: buildFillScale(theme.scale) };
  const layers = createStaticLayers(scene, surface);
  const viewport = createViewport(scene, surface, () => {
    layers.edgesChanged();
    requestFrame();
  });
  const layout = createLayoutDriver(canvas, scene, () => {
    layers.edgesChanged();
    viewport.refit();
    requestFrame();
  });

  let rafId = 0;
  let destroyed = false;
  /** Something besides the moving layer changed (selection, view, theme...): the next frame draws. */
  let redraw = true;
  /** movingLayerKey of the picture on the canvas. */
  let drawnKey = -1;
  let ariaAtWallMs = -Infinity;
  let inFlightAtWallMs = -Infinity;
  let ariaText = "";

  // ---- canvas setup -------------------------------------------------------------------------
  // The view owns these attributes while it lives (its label tracks the run); destroy() restores the page's.
  const ownedAttributes = ["tabindex", "role", "aria-roledescription", "aria-label", "data-layout", "data-in-flight"] as const;
  const pageAttributes = ownedAttributes.map((name) => canvas.getAttribute(name));
  if (canvas.getAttribute("tabindex") === null) canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "peer graph");
  canvas.classList.add("gv-canvas");
  adoptGraphSheet();

  function measure(cssW: number, cssH: number, devW?: number, devH?: number): void {
    const dpr = typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1;
    const w = Math.max(1, cssW);
    const h = Math.max(1, cssH);
    const pw = Math.max(1, devW ?? Math.round(w * dpr));
    const ph = Math.max(1, devH ?? Math.round(h * dpr));
    if (pw === canvas.width && ph === canvas.height && w === surface.widthPx && h === surface.heightPx) return;
    surface.widthPx = w;
    surface.heightPx = h;
    surface.dpr = pw / w;
    canvas.width = pw;
    canvas.height = ph;
    layers.resize(pw, ph);
    viewport.refit();
    requestFrame();
  }

  const resizeObserver = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    const dev = entry.devicePixelContentBoxSize?.[0];
    measure(entry.contentRect.width, entry.contentRect.height, dev?.inlineSize, dev?.blockSize);
  });
  try {
    resizeObserver.observe(canvas, { box: "device-pixel-content-box" });
  } catch {
    resizeObserver.observe(canvas);
  }
  measure(canvas.clientWidth || canvas.width, canvas.clientHeight || canvas.height);

  const unwatchTheme = watchTheme(() => {
    surface.theme = readTheme(canvas);
    surface.scale = buildFillScale(surface.theme.scale);
    layers.surfaceChanged();
    requestFrame();
  });

  function select(node: number | null, announce: boolean): void {
    scene.selected = node ?? -1;
    if (node !== null) viewport.keepInView(node);
    refreshAria(true);
    requestFrame();
    if (announce) callbacks.onSelect(node);
  }

  function refreshAria(now: boolean): void {
    const wall = performance.now();
    if (!now && wall - ariaAtWallMs < ARIA_REFRESH_MS) return;
    ariaAtWallMs = wall;
    const text = describeGraph(scene, topologyName);
    if (text !== ariaText) {
      ariaText = text;
      canvas.setAttribute("aria-label", text);
    }
  }
  refreshAria(true);

  const input = createInput(canvas, { scene, surface, pool, viewport, callbacks, select: (node) => select(node, true), requestFrame });

  // ---- frame loop ---------------------------------------------------------------------------
  /** Asks for a frame; `changed` false when only the run moved on (the frame then draws only if the picture differs). */
  function requestFrame(changed = true): void {
    if (changed) redraw = true;
    if (rafId === 0 && !destroyed) rafId = requestAnimationFrame(frame);
  }

  function frame(wallMs: number): void {
    rafId = 0;
    if (destroyed) return;
    const dt = lastFrameWallMs < 0 ? 0 : Math.min(250, wallMs - lastFrameWallMs);
    lastFrameWallMs = wallMs;

    layout.tick();

    if (clock.modelMsPerWallMs > 0) fadeMs += dt;
    const modelMs = clock.read(wallMs);
    pool.place(modelMs, fadeMs, scene.xy, NODE_RADIUS_WORLD, LANE_OFFSET_WORLD);
    flashes.sweep(wallMs);

    const key = movingLayerKey(pool, flashes, wallMs, surface);
    if (redraw || key !== drawnKey || layers.dirty() || layout.running()) {
      redraw = false;
      drawnKey = key;
      layers.paint(ctx!, wallMs, layout.running());
      drawMovingLayer(ctx!, scene, surface, pool, flashes, wallMs, reducedMotion, dots, sprites, marks);
      drawLasso(ctx!, input.lasso(), surface);
    }

    // data-in-flight: messages drawn (dots or crosses), at most twice a second, for tests and benchmarks.
    if (wallMs - inFlightAtWallMs >= 500) {
      inFlightAtWallMs = wallMs;
      const count = String(pool.count);
      if (canvas.dataset.inFlight !== count) canvas.dataset.inFlight = count;
    }

    const animating = (pool.count > 0 && clock.modelMsPerWallMs > 0) || flashes.count > 0 || layout.ticking() || layers.dirty();
    if (animating) requestFrame(false);
    else lastFrameWallMs = -1;
  }

  // ---- the GraphView contract -----------------------------------------------------------------
  return {
    setTopology(topology: GraphTopology): void {
      const n = topology.names.length;
      const edges = topology.edges;
      if (edges.length % 2 !== 0) throw new RangeError(`setTopology: edges has odd length ${edges.length}; expected index pairs`);
      for (let k = 0; k < edges.length; k++) {
        if (edges[k]! >= n) throw new RangeError(`setTopology: edge endpoint ${edges[k]} is not a node index (there are ${n} nodes)`);
      }
      topologyName = topology.topology;
      scene.n = n;
      scene.names = topology.names;
      scene.edges = edges;
      scene.drawEdges = edges.length / 2 <= MAX_DRAWN_EDGES;
      layout.start(topologyName);
      scene.knownCounts = new Uint32Array(n);
      scene.alive = new Uint8Array(n).fill(1);
      scene.totalValues = 0;
      scene.selectedValueKnowers = null;
      scene.groups = null;
      scene.marked = new Uint8Array(n);
      scene.inspectedMessage = -1;
      scene.tree = null;
      scene.chain = null;
      scene.highlight = null;
      scene.origins = [];
      knowers = new Uint8Array(n);
      if (scene.selected >= n) scene.selected = -1;
      scene.hover = -1;
      layers.setNodeCount(n);
      flashes = new Flashes(n);
      pool.clear();
      viewport.reset();
      layers.edgesChanged();
      refreshAria(true);
      requestFrame();
    },

    update(data: GraphFrame): void {
      const n = scene.n;
      const check = (name: string, a: ArrayLike<number> | null) => {
        if (a !== null && a.length !== n) throw new RangeError(`update: ${name} has ${a.length} entries for ${n} nodes (call setTopology first)`);
      };
      check("knownCounts", data.knownCounts);
      check("alive", data.alive);
      check("selectedValueKnowers", data.selectedValueKnowers);
      let changed = data.totalValues !== scene.totalValues || (data.selectedValueKnowers === null) !== (scene.selectedValueKnowers === null);
      for (let i = 0; i < n && !changed; i++) {
        changed = data.knownCounts[i] !== scene.knownCounts[i] || data.alive[i] !== scene.alive[i];
      }
      const fk = data.selectedValueKnowers;
      if (fk) for (let i = 0; i < n && !changed; i++) changed = fk[i] !== knowers[i];
      if (changed) {
        scene.knownCounts.set(data.knownCounts);
        scene.alive.set(data.alive);
        scene.totalValues = data.totalValues;
        if (fk) knowers.set(fk);
        scene.selectedValueKnowers = fk ? knowers : null;
        layers.nodesChanged();
      }
      const groups = data.groups;
      const groupsChanged = (groups === null) !== (scene.groups === null) || (groups !== null && groups.some((g, i) => g !== scene.groups![i]));
      if (groupsChanged) {
        if (groups !== null && groups.length !== n) throw new RangeError(`update: groups has ${groups.length} entries for ${n} nodes`);
        scene.groups = groups === null ? null : groups.slice();
        layers.edgesChanged();
      }
      const wall = performance.now();
      if (data.pending) {
        // The shown moment jumped: start over from what is in flight then; flashes belong to the old moment.
        pool.reset(data.pending, n);
        flashes = new Flashes(n);
      }
      pool.ingest(data.journal, n);
      flashes.ingest(data.journal, wall);
      clock.set(data.nowMs, clock.modelMsPerWallMs, wall);
      refreshAria(false);
      requestFrame(false);
    },

    setClock(nowMs: number, modelMsPerWallMs: number): void {
      if (!Number.isFinite(nowMs)) throw new RangeError(`setClock: nowMs must be a finite number, got ${nowMs}`);
      clock.set(nowMs, modelMsPerWallMs, performance.now());
      requestFrame(false);
    },

    setSelectedNode(node: number | null): void {
      if (node !== null && !(Number.isInteger(node) && node >= 0 && node < scene.n)) {
        // A selection can outlive its run (set before the new topology arrives): clear it, say why.
        console.warn(`GraphView.setSelectedNode: ${node} is not a node index (there are ${scene.n} nodes); selection cleared`);
        node = null;
      }
      if ((node ?? -1) === scene.selected) return;
      select(node, false);
    },

    setMarked(nodes: readonly number[]): void {
      scene.marked.fill(0);
      for (const i of nodes) if (Number.isInteger(i) && i >= 0 && i < scene.n) scene.marked[i] = 1;
      requestFrame();
    },

    setInspectedMessage(sendSeq: number | null): void {
      scene.inspectedMessage = sendSeq ?? -1;
      requestFrame();
    },

    setTree(tree: { parent: Int32Array; depth: Int32Array } | null): void {
      scene.tree = tree !== null && tree.parent.length === scene.n && tree.depth.length === scene.n ? { parent: tree.parent.slice(), depth: tree.depth.slice() } : null;
      requestFrame();
    },

    setChain(nodes: readonly number[] | null): void {
      scene.chain = nodes !== null && nodes.every((i) => Number.isInteger(i) && i >= 0 && i < scene.n) ? nodes.slice() : null;
      requestFrame();
    },

    setHighlightedLink(link: { src: number; dest: number } | null): void {
      scene.highlight = link;
      requestFrame();
    },

    setOrigins(nodes: readonly number[]): void {
      if (nodes.length === scene.origins.length && nodes.every((i, j) => i === scene.origins[j])) return;
      scene.origins = nodes.slice();
      requestFrame();
    },

    setOptions(opts: Partial<GraphViewOptions>): void {
      if (opts.reducedMotion !== undefined) reducedMotion = opts.reducedMotion;
      requestFrame();
    },

    fit(): void {
      viewport.fit();
    },

    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      layout.destroy();
      if (rafId !== 0) cancelAnimationFrame(rafId);
      rafId = 0;
      resizeObserver.disconnect();
      unwatchTheme();
      input.destroy();
      canvas.classList.remove("gv-canvas", "gv-over-node", "gv-panning");
      ownedAttributes.forEach((name, i) => {
        const value = pageAttributes[i];
        if (value === null || value === undefined) canvas.removeAttribute(name);
        else canvas.setAttribute(name, value);
      });
      layers.release();
    },
  };
}
