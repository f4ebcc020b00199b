/**
 * The graph view: one canvas, its own requestAnimationFrame loop outside React. The app feeds it a
 * topology, frames of journal records and the model clock (./types.ts); the view lays the graph out
 * with d3-force (ticked within a per-frame budget), animates every node-to-node message along its
 * edge, and handles pan, zoom, selection and keyboard navigation.
 *
 * Frame cost is kept flat by caching: edges, and nodes over edges, live in two offscreen layers
 * rebuilt only when positions, node states or the view change, and then at most as often as their
 * measured cost allows; each frame copies the node layer and draws what moves on top.
 */
import type { ForceLayout } from "../../layout/force";
import { initialPositions } from "../../layout/initial";
import type { FromLayout } from "../../layout/protocol";
import { startLayoutWorker, type LayoutWorker } from "../../worker/layout-client";
import { ModelClock } from "./clock";
import { DotRaster } from "./dots";
import { Flashes } from "./flashes";
import { nearestNode, nodeInDirection } from "./hit";
import { MessagePool, MessageState } from "./messages";
import {
  NODE_RADIUS_WORLD,
  DotSprites,
  Marks,
  NodeScratch,
  NodeSprites,
  SPACING_WORLD,
  blitStatic,
  drawEdgeLayer,
  drawMovingLayer,
  drawNodeLayer,
  dotRadiusPx,
  fitGraph,
  nodeRadiusPx,
  outerRadiusPx,
  type Scene,
  type Surface,
} from "./renderer";
import { buildFillScale } from "./styles";
import { adoptGraphSheet } from "./sheet";
import { readTheme, watchTheme } from "./theme";
import type { GraphFrame, GraphTopology, GraphView, GraphViewCallbacks, GraphViewOptions } from "./types";
import { screenToWorld, zoomAround, type ViewTransform } from "./view";

/** Wall ms per frame the layout may tick when it runs on the main thread (no worker; at least one tick runs). */
const LAYOUT_BUDGET_MS = 6;
/** Static-layer rebuilds while nothing but node states changed: at most one per this many wall ms... */
const STATE_REBUILD_MIN_MS = 80;
/** ...and never more than 1/this of the frame time spent rebuilding on average. */
const REBUILD_COST_FACTOR = 8;
/** Beyond this many edges the edges are not drawn (a complete graph of 5,000 nodes has 12.5 million). */
const MAX_DRAWN_EDGES = 300_000;
/** Pointer travel, CSS px, that turns a press into a drag. */
const DRAG_THRESHOLD_PX = 4;
const KEY_ZOOM_FACTOR = 1.25;
/** The aria-label is refreshed at most this often, so a screen reader is not flooded. */
const ARIA_REFRESH_MS = 2000;
/** Nodes keep at least twice this apart, world units: body, ring and a gap. */
const COLLIDE_RADIUS_WORLD = NODE_RADIUS_WORLD + 6;
/** The layout's seed: fixed, so a topology looks the same on every load. */
const LAYOUT_SEED = 1;
/** World units messages ride to the right of their edge, so opposite directions do not overlap. */
const LANE_OFFSET_WORLD = 3.5;
/** Points a lasso keeps at most (a long drag stops adding once full). */
const MAX_LASSO_POINTS = 2000;

export function createGraphView(canvas: HTMLCanvasElement, callbacks: GraphViewCallbacks, options?: Partial<GraphViewOptions>): GraphView {
  const ctx = canvas.getContext("2d", { alpha: false });
  if (!ctx) throw new Error("GraphView: the canvas has no 2D context");
  const edgeLayer = document.createElement("canvas");
  const nodeLayer = document.createElement("canvas");
  const edgeCtx = edgeLayer.getContext("2d", { alpha: false })!;
  const nodeCtx = nodeLayer.getContext("2d", { alpha: false })!;

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
  };
  let topologyName = "";
  /** The layout runs in a worker; `mainLayout` ticks on this thread only when no worker can run. */
  let layoutWorker: LayoutWorker | null = null;
  let layoutWorkerFailed = false;
  let layoutId = 0;
  let mainLayout: ForceLayout | null = null;
  /** Positions are still moving (worker or main thread). */
  let layoutRunning = false;
  let scratch = new NodeScratch(0);
  const pool = new MessagePool();
  const dots = new DotRaster();
  const sprites = new DotSprites();
  const marks = new Marks();
  const nodeRaster = new DotRaster();
  const nodeSprites = new NodeSprites();
  let flashes = new Flashes(0);
  /** Own copy of the selected value's knowers (the frame's array may be transferred away). */
  let knowers = new Uint8Array(0);
  const clock = new ModelClock();
  /** Wall ms that advance only while the model runs: drop crosses fade on it, so pause freezes them. */
  let fadeMs = 0;
  let lastFrameWallMs = -1;

  let theme = readTheme(canvas);
  let scale = buildFillScale(theme.scale);
  const surface: Surface = { widthPx: 1, heightPx: 1, dpr: 1, view: { k: 1, x: 0, y: 0 }, theme, scale };
  /** The view the static layers were drawn at. */
  let builtView: ViewTransform = { k: 1, x: 0, y: 0 };
  /** The view follows fit() until the user pans or zooms. */
  let followFit = true;
  let edgesDirty = true;
  let nodesDirty = true;
  let sizeChanged = true;
  let lastBuildWallMs = -Infinity;
  let edgeCostMs = 0;
  let nodeCostMs = 0;

  let rafId = 0;
  let destroyed = false;
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
    for (const c of [canvas, edgeLayer, nodeLayer]) {
      c.width = pw;
      c.height = ph;
    }
    sizeChanged = true;
    if (followFit) surface.view = fitView();
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
    theme = readTheme(canvas);
    scale = buildFillScale(theme.scale);
    surface.theme = theme;
    surface.scale = scale;
    sizeChanged = true;
    requestFrame();
  });

  // ---- view helpers -------------------------------------------------------------------------
  function fitView(): ViewTransform {
    return fitGraph(scene.xy, scene.n, surface.widthPx, surface.heightPx);
  }

  function zoomLimits(): [number, number] {
    const fitK = fitView().k;
    return [fitK / 4, Math.max(6, fitK * 4)];
  }

  function setView(v: ViewTransform): void {
    surface.view = v;
    edgesDirty = true;
    nodesDirty = true;
    requestFrame();
  }

  function zoomBy(factor: number, sx: number, sy: number): void {
    const [minK, maxK] = zoomLimits();
    followFit = false;
    setView(zoomAround(surface.view, factor, sx, sy, minK, maxK));
  }

  function nodeAt(sx: number, sy: number): number {
    if (scene.n === 0) return -1;
    const [wx, wy] = screenToWorld(surface.view, sx, sy);
    const k = surface.view.k;
    // Generous target on small screens: the node plus its ring, and never under 8 CSS px.
    const radiusPx = Math.max(8, outerRadiusPx(nodeRadiusPx(k)) + 2);
    return nearestNode(scene.xy, scene.n, wx, wy, radiusPx / k);
  }

  function select(node: number | null, announce: boolean): void {
    scene.selected = node ?? -1;
    if (node !== null) keepInView(node);
    refreshAria(true);
    requestFrame();
    if (announce) callbacks.onSelect(node);
  }

  /** Pans just enough to bring a node (selected by keyboard) back into view. */
  function keepInView(node: number): void {
    const { k, x, y } = surface.view;
    const sx = scene.xy[2 * node]! * k + x;
    const sy = scene.xy[2 * node + 1]! * k + y;
    const inset = Math.min(48, surface.widthPx / 4, surface.heightPx / 4);
    if (sx >= inset && sy >= inset && sx <= surface.widthPx - inset && sy <= surface.heightPx - inset) return;
    followFit = false;
    setView({ k, x: surface.widthPx / 2 - scene.xy[2 * node]! * k, y: surface.heightPx / 2 - scene.xy[2 * node + 1]! * k });
  }

  // ---- accessibility ------------------------------------------------------------------------
  function describe(): string {
    const n = scene.n;
    if (n === 0) return "Peer graph: no topology yet.";
    let full = 0;
    let down = 0;
    for (let i = 0; i < n; i++) {
      if (scene.alive[i] === 0) down++;
      else if (scene.totalValues > 0 && scene.knownCounts[i]! >= scene.totalValues) full++;
    }
    const parts = [`Peer graph, ${topologyName} topology: ${n} node${n === 1 ? "" : "s"}, ${scene.edges.length / 2} links.`];
    if (scene.totalValues > 0) {
      const what = scene.totalValues === 1 ? "the value" : `all ${scene.totalValues} values`;
      parts.push(`${full} of ${n - down} live node${n - down === 1 ? "" : "s"} know ${what}.`);
    }
    if (down > 0) parts.push(`${down} crashed.`);
    const sel = scene.selected;
    if (sel >= 0) {
      const name = scene.names[sel] ?? `n${sel + 1}`;
      const state = scene.alive[sel] === 0 ? "crashed" : `knows ${scene.knownCounts[sel]} of ${scene.totalValues}`;
      parts.push(`Selected ${name}, ${state}.`);
    }
    parts.push("Arrow keys or n and p move the selection, Enter broadcasts from it, plus and minus zoom, 0 fits.");
    return parts.join(" ");
  }

  function refreshAria(now: boolean): void {
    const wall = performance.now();
    if (!now && wall - ariaAtWallMs < ARIA_REFRESH_MS) return;
    ariaAtWallMs = wall;
    const text = describe();
    if (text !== ariaText) {
      ariaText = text;
      canvas.setAttribute("aria-label", text);
    }
  }
  refreshAria(true);

  // ---- input --------------------------------------------------------------------------------
  let pressId = -1;
  let pressX = 0;
  let pressY = 0;
  let lastX = 0;
  let lastY = 0;
  let dragging = false;
  /** A shift-drag lasso in progress: its points, CSS px (x0, y0, x1, y1, ...); null otherwise. */
  let lasso: number[] | null = null;

  function localPoint(e: MouseEvent): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  function setHover(node: number): void {
    if (node === scene.hover) return;
    scene.hover = node;
    canvas.classList.toggle("gv-over-node", node >= 0);
    requestFrame();
  }

  function onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || pressId !== -1) return;
    pressId = e.pointerId;
    [pressX, pressY] = localPoint(e);
    lastX = pressX;
    lastY = pressY;
    dragging = false;
    lasso = e.shiftKey ? [pressX, pressY] : null;
    canvas.setPointerCapture?.(e.pointerId);
  }

  function onPointerMove(e: PointerEvent): void {
    const [x, y] = localPoint(e);
    if (e.pointerId !== pressId) {
      setHover(nodeAt(x, y));
      return;
    }
    if (!dragging && Math.hypot(x - pressX, y - pressY) >= DRAG_THRESHOLD_PX) {
      dragging = true;
      if (!lasso) canvas.classList.add("gv-panning");
    }
    if (dragging && lasso) {
      if (lasso.length < 2 * MAX_LASSO_POINTS) lasso.push(x, y);
      requestFrame();
    } else if (dragging) {
      followFit = false;
      const v = surface.view;
      setView({ k: v.k, x: v.x + x - lastX, y: v.y + y - lastY });
    }
    lastX = x;
    lastY = y;
  }

  function onPointerUp(e: PointerEvent): void {
    if (e.pointerId !== pressId) return;
    pressId = -1;
    canvas.classList.remove("gv-panning");
    const drawn = lasso;
    lasso = null;
    const [x, y] = localPoint(e);
    if (dragging) {
      dragging = false;
      if (drawn) {
        // Everything inside the lasso joins the pick.
        callbacks.onMark([...markedNodes(), ...nodesInPolygon(drawn)]);
        requestFrame();
      }
      return;
    }
    const node = nodeAt(x, y);
    if (drawn) {
      // Shift-click: the node joins the pick, or leaves it.
      if (node >= 0) callbacks.onMark(scene.marked[node] === 1 ? markedNodes().filter((i) => i !== node) : [...markedNodes(), node]);
      return;
    }
    if (node >= 0) return select(node, true);
    const message = messageAt(x, y);
    if (message !== null) return callbacks.onMessage(message);
    select(null, true);
    callbacks.onMessage(null);
  }

  function onPointerCancel(e: PointerEvent): void {
    if (e.pointerId !== pressId) return;
    pressId = -1;
    dragging = false;
    lasso = null;
    canvas.classList.remove("gv-panning");
    requestFrame();
  }

  function markedNodes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < scene.n; i++) if (scene.marked[i] === 1) out.push(i);
    return out;
  }

  /** Nodes whose centres lie inside the polygon (CSS px, x0, y0, x1, y1, ...): even-odd rule. */
  function nodesInPolygon(poly: readonly number[]): number[] {
    const { k, x: ox, y: oy } = surface.view;
    const inside: number[] = [];
    const m = poly.length / 2;
    for (let i = 0; i < scene.n; i++) {
      const px = scene.xy[2 * i]! * k + ox;
      const py = scene.xy[2 * i + 1]! * k + oy;
      let odd = false;
      for (let a = 0, b = m - 1; a < m; b = a++) {
        const ax = poly[2 * a]!;
        const ay = poly[2 * a + 1]!;
        const bx = poly[2 * b]!;
        const by = poly[2 * b + 1]!;
        if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) odd = !odd;
      }
      if (odd) inside.push(i);
    }
    return inside;
  }

  /** The send seq of the drawn message (dot or loss mark) nearest (sx, sy) CSS px, within reach; else null. */
  function messageAt(sx: number, sy: number): number | null {
    const { k, x: ox, y: oy } = surface.view;
    const reach = dotRadiusPx(nodeRadiusPx(k)) + 6;
    let best: number | null = null;
    let bestD2 = reach * reach;
    for (let i = 0; i < pool.count; i++) {
      if (pool.state[i] === MessageState.Hidden) continue;
      const dx = pool.x[i]! * k + ox - sx;
      const dy = pool.y[i]! * k + oy - sy;
      const d2 = dx * dx + dy * dy;
      if (d2 <= bestD2) {
        bestD2 = d2;
        best = pool.sendSeq[i]!;
      }
    }
    return best;
  }

  /** The lasso being drawn, over everything else. */
  function drawLasso(): void {
    if (!lasso || lasso.length < 4) return;
    ctx!.setTransform(surface.dpr, 0, 0, surface.dpr, 0, 0);
    ctx!.beginPath();
    ctx!.moveTo(lasso[0]!, lasso[1]!);
    for (let j = 2; j < lasso.length; j += 2) ctx!.lineTo(lasso[j]!, lasso[j + 1]!);
    ctx!.closePath();
    ctx!.globalAlpha = 0.12;
    ctx!.fillStyle = surface.theme["--graph-selected"];
    ctx!.fill();
    ctx!.globalAlpha = 1;
    ctx!.setLineDash([5, 4]);
    ctx!.strokeStyle = surface.theme["--graph-selected"];
    ctx!.lineWidth = 1.5;
    ctx!.stroke();
    ctx!.setLineDash([]);
  }

  function onPointerLeave(): void {
    setHover(-1);
  }

  function onDoubleClick(e: MouseEvent): void {
    const [x, y] = localPoint(e);
    const node = nodeAt(x, y);
    if (node >= 0) callbacks.onActivate(node);
  }

  function onWheel(e: WheelEvent): void {
    e.preventDefault();
    // deltaMode 1 counts lines (Firefox), 0 pixels; one notch zooms by about 15%.
    const perUnit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 0.5 : 0.0015;
    const [x, y] = localPoint(e);
    zoomBy(Math.exp(-e.deltaY * perUnit), x, y);
  }

  const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };

  function onKeyDown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const n = scene.n;
    const cx = surface.widthPx / 2;
    const cy = surface.heightPx / 2;
    const arrow = ARROWS[e.key];
    if (arrow && e.shiftKey) {
      // Shift+arrow pans by a tenth of the view, for keyboard-only users.
      followFit = false;
      const v = surface.view;
      setView({ k: v.k, x: v.x - arrow[0] * surface.widthPx * 0.1, y: v.y - arrow[1] * surface.heightPx * 0.1 });
    } else if (arrow) {
      if (n === 0) return;
      const from = scene.selected;
      if (from < 0) {
        const [wx, wy] = screenToWorld(surface.view, cx, cy);
        select(nearestNode(scene.xy, n, wx, wy, Infinity), true);
      } else {
        const to = nodeInDirection(scene.xy, n, from, arrow[0], arrow[1]);
        if (to >= 0) select(to, true);
      }
    } else if (e.key === "n" || e.key === "p") {
      if (n === 0) return;
      const from = scene.selected;
      const to = from < 0 ? (e.key === "n" ? 0 : n - 1) : (from + (e.key === "n" ? 1 : n - 1)) % n;
      select(to, true);
    } else if (e.key === "Enter") {
      if (scene.selected < 0) return;
      callbacks.onActivate(scene.selected);
    } else if (e.key === "Escape") {
      if (scene.selected < 0) return;
      select(null, true);
    } else if (e.key === "+" || e.key === "=") {
      zoomBy(KEY_ZOOM_FACTOR, cx, cy);
    } else if (e.key === "-" || e.key === "_") {
      zoomBy(1 / KEY_ZOOM_FACTOR, cx, cy);
    } else if (e.key === "0") {
      view.fit();
    } else {
      return;
    }
    e.preventDefault();
  }

  // One signal removes every listener on destroy().
  const listening = new AbortController();
  const signal = listening.signal;
  canvas.addEventListener("pointerdown", onPointerDown, { signal });
  canvas.addEventListener("pointermove", onPointerMove, { signal });
  canvas.addEventListener("pointerup", onPointerUp, { signal });
  canvas.addEventListener("pointercancel", onPointerCancel, { signal });
  canvas.addEventListener("pointerleave", onPointerLeave, { signal });
  canvas.addEventListener("dblclick", onDoubleClick, { signal });
  canvas.addEventListener("wheel", onWheel, { passive: false, signal });
  canvas.addEventListener("keydown", onKeyDown, { signal });

  // ---- frame loop ---------------------------------------------------------------------------
  function requestFrame(): void {
    if (rafId === 0 && !destroyed) rafId = requestAnimationFrame(frame);
  }

  function rebuildStatic(wallMs: number): void {
    const t0 = performance.now();
    if (edgesDirty || sizeChanged) {
      drawEdgeLayer(edgeCtx, scene, surface);
      edgeCostMs = performance.now() - t0;
    }
    const t1 = performance.now();
    drawNodeLayer(nodeCtx, edgeLayer, scene, surface, scratch, nodeRaster, nodeSprites);
    nodeCostMs = performance.now() - t1;
    builtView = surface.view;
    edgesDirty = false;
    nodesDirty = false;
    sizeChanged = false;
    lastBuildWallMs = wallMs;
  }

  function frame(wallMs: number): void {
    rafId = 0;
    if (destroyed) return;
    const dt = lastFrameWallMs < 0 ? 0 : Math.min(250, wallMs - lastFrameWallMs);
    lastFrameWallMs = wallMs;

    if (mainLayout && layoutRunning) {
      mainLayout.step(LAYOUT_BUDGET_MS, () => performance.now());
      layoutRunning = !mainLayout.settled;
      if (!layoutRunning) rememberLayout();
      positionsMoved();
    }

    if (clock.modelMsPerWallMs > 0) fadeMs += dt;
    const modelMs = clock.read(wallMs);
    pool.place(modelMs, fadeMs, scene.xy, NODE_RADIUS_WORLD, LANE_OFFSET_WORLD);
    flashes.sweep(wallMs);

    const rebuiltBefore = lastBuildWallMs;
    if (sizeChanged) {
      rebuildStatic(wallMs);
    } else if (edgesDirty || nodesDirty) {
      const cost = (edgesDirty ? edgeCostMs : 0) + nodeCostMs;
      const viewMoved = surface.view !== builtView;
      // Pan and zoom rebuild at once while that is cheap; the stale layer, scaled, covers the gap otherwise.
      const minGapMs = viewMoved && !layoutRunning ? (cost < 6 ? 0 : cost * REBUILD_COST_FACTOR) : Math.max(layoutRunning ? 33 : STATE_REBUILD_MIN_MS, cost * REBUILD_COST_FACTOR);
      if (wallMs - lastBuildWallMs >= minGapMs) rebuildStatic(wallMs);
    }
    const rebuiltThisFrame = lastBuildWallMs !== rebuiltBefore;

    const blitStartMs = performance.now();
    blitStatic(ctx!, nodeLayer, builtView, surface);
    // Without a GPU the layers rasterise when first copied, so the copy after a rebuild is part of its cost.
    if (rebuiltThisFrame) nodeCostMs += performance.now() - blitStartMs;
    drawMovingLayer(ctx!, scene, surface, pool, flashes, wallMs, reducedMotion, dots, sprites, marks);
    drawLasso();

    // data-in-flight: messages drawn (dots or crosses), at most twice a second, for tests and benchmarks.
    if (wallMs - inFlightAtWallMs >= 500) {
      inFlightAtWallMs = wallMs;
      const count = String(pool.count);
      if (canvas.dataset.inFlight !== count) canvas.dataset.inFlight = count;
    }

    const animating = (pool.count > 0 && clock.modelMsPerWallMs > 0) || flashes.count > 0 || (mainLayout !== null && layoutRunning) || edgesDirty || nodesDirty;
    if (animating) requestFrame();
    else lastFrameWallMs = -1;
  }

  // ---- layout -------------------------------------------------------------------------------
  /** data-layout on the canvas: "running" or "settled", so tests and benchmarks can wait for rest. */
  function markLayout(): void {
    const state = layoutRunning ? "running" : "settled";
    if (canvas.dataset.layout !== state) canvas.dataset.layout = state;
  }

  function positionsMoved(): void {
    markLayout();
    edgesDirty = true;
    nodesDirty = true;
    if (followFit) surface.view = fitView();
    requestFrame();
  }

  function layoutOptions() {
    return { spacingWorld: SPACING_WORLD, collideRadiusWorld: COLLIDE_RADIUS_WORLD, seed: LAYOUT_SEED };
  }

  /** The last settled layout: a new run on the same graph (Reset, a changed drop rate) reuses it. */
  let settledCache: { topology: string; edges: Uint32Array; xy: Float64Array } | null = null;

  function cachedLayout(): Float64Array | null {
    const c = settledCache;
    if (!c || c.topology !== topologyName || c.xy.length !== 2 * scene.n || c.edges.length !== scene.edges.length) return null;
    for (let k = 0; k < c.edges.length; k++) if (c.edges[k] !== scene.edges[k]) return null;
    return c.xy.slice();
  }

  function rememberLayout(): void {
    settledCache = { topology: topologyName, edges: scene.edges.slice(), xy: scene.xy.slice() };
  }

  /** Seeded positions now; the force layout refines them in the worker, or here when there is none. */
  function startLayout(): void {
    layoutId++;
    mainLayout = null;
    layoutRunning = false;
    const n = scene.n;
    const cached = cachedLayout();
    if (cached) {
      scene.xy = cached;
      markLayout();
      return;
    }
    if (!layoutWorker && !layoutWorkerFailed) layoutWorker = startLayoutWorker(onLayoutMessage, onLayoutWorkerFailure);
    if (layoutWorker) {
      scene.xy = initialPositions(topologyName, n, scene.edges, SPACING_WORLD);
      if (n > 1) {
        const edges = scene.edges.slice();
        layoutWorker.send({ type: "start", id: layoutId, topology: topologyName, n, edges, ...layoutOptions() }, [edges.buffer]);
        layoutRunning = true;
      }
      markLayout();
    } else {
      startMainLayout();
    }
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

  // ---- the GraphView contract -----------------------------------------------------------------
  const view: GraphView = {
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
      startLayout();
      scene.knownCounts = new Uint32Array(n);
      scene.alive = new Uint8Array(n).fill(1);
      scene.totalValues = 0;
      scene.selectedValueKnowers = null;
      scene.groups = null;
      scene.marked = new Uint8Array(n);
      scene.inspectedMessage = -1;
      knowers = new Uint8Array(n);
      if (scene.selected >= n) scene.selected = -1;
      scene.hover = -1;
      scratch = new NodeScratch(n);
      flashes = new Flashes(n);
      pool.clear();
      followFit = true;
      surface.view = fitView();
      edgesDirty = true;
      nodesDirty = true;
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
        nodesDirty = true;
      }
      const groups = data.groups;
      const groupsChanged = (groups === null) !== (scene.groups === null) || (groups !== null && groups.some((g, i) => g !== scene.groups![i]));
      if (groupsChanged) {
        if (groups !== null && groups.length !== n) throw new RangeError(`update: groups has ${groups.length} entries for ${n} nodes`);
        scene.groups = groups === null ? null : groups.slice();
        edgesDirty = true;
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
      requestFrame();
    },

    setClock(nowMs: number, modelMsPerWallMs: number): void {
      if (!Number.isFinite(nowMs)) throw new RangeError(`setClock: nowMs must be a finite number, got ${nowMs}`);
      clock.set(nowMs, modelMsPerWallMs, performance.now());
      requestFrame();
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

    setOptions(opts: Partial<GraphViewOptions>): void {
      if (opts.reducedMotion !== undefined) reducedMotion = opts.reducedMotion;
      requestFrame();
    },

    fit(): void {
      followFit = true;
      setView(fitView());
    },

    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      layoutWorker?.terminate();
      layoutWorker = null;
      if (rafId !== 0) cancelAnimationFrame(rafId);
      rafId = 0;
      resizeObserver.disconnect();
      unwatchTheme();
      listening.abort();
      canvas.classList.remove("gv-canvas", "gv-over-node", "gv-panning");
      ownedAttributes.forEach((name, i) => {
        const value = pageAttributes[i];
        if (value === null || value === undefined) canvas.removeAttribute(name);
        else canvas.setAttribute(name, value);
      });
      // Release the backing stores now rather than at garbage collection.
      edgeLayer.width = edgeLayer.height = nodeLayer.width = nodeLayer.height = 0;
    },
  };
  return view;
}
