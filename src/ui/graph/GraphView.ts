/**
 * The graph view: one canvas, drawn outside React. The app feeds it a topology, frames of journal
 * records and the model clock (./types.ts); the view lays the graph out with d3-force, animates every
 * node-to-node message along its edge, and handles pan, zoom, selection and keyboard navigation.
 *
 * This file composes the parts and keeps the GraphView contract:
 *   ./painter.ts         draws, in its own frame loop: in a worker on the canvas's OffscreenCanvas
 *                        where the browser allows, so the page's main thread does no drawing
 *   ./layout-driver.ts   positions: layout worker, main-thread fallback, settled-layout cache
 *   ./viewport.ts        the camera: follows fit until the user pans or zooms
 *   ./input.ts           pointer and keys -> select, pan, zoom, mark, lasso, inspect a message
 *   ./describe.ts        the aria-label text
 * This side keeps what input and the aria-label read (the scene, and the messages for hit tests) and
 * tells the painter what changed.
 */
import { batchBuffers } from "../../sim/journal";
import { ModelClock } from "./clock";
import { describeGraph } from "./describe";
import { createInput } from "./input";
import { createLayoutDriver } from "./layout-driver";
import { MessagePool } from "./messages";
import { LANE_OFFSET_WORLD, createPainter, sameGroups, sameNodeStates, type FromPainter, type PaintFrame, type PaintScene, type ToPaintWorker, type ToPainter } from "./painter";
import { NODE_RADIUS_WORLD, emptyScene, resetNodeStates, type Surface } from "./renderer";
import { adoptGraphSheet } from "./sheet";
import { buildFillScale } from "./styles";
import { readTheme, watchTheme } from "./theme";
import type { GraphFrame, GraphTopology, GraphView, GraphViewCallbacks, GraphViewOptions } from "./types";
import { createViewport } from "./viewport";

/** Beyond this many edges the edges are not drawn (a complete graph of 5,000 nodes has 12.5 million). */
const MAX_DRAWN_EDGES = 300_000;
/** The aria-label is refreshed at most this often, so a screen reader is not flooded. */
const ARIA_REFRESH_MS = 2000;
/** This side's copy of the messages drops finished ones at most this often, wall ms. */
const COMPACT_MS = 250;

interface PainterLink {
  /** `transfer`: buffers handed to a worker painter (detached here); a painter on this thread shares them. */
  send(message: ToPainter, transfer?: Transferable[]): void;
  /** A port the simulation worker can feed a worker painter on (null: a painter on this thread). */
  feed(): MessagePort | null;
  stop(): void;
}

/**
 * The painter for `canvas`: in a worker on the canvas's OffscreenCanvas where the browser has both,
 * else on this thread. A canvas hands its drawing to a worker once and for good, so each view needs a
 * canvas of its own.
 */
function startPainter(canvas: HTMLCanvasElement, onReport: (message: FromPainter) => void): PainterLink {
  if (typeof Worker === "function" && typeof canvas.transferControlToOffscreen === "function") {
    let worker: Worker | undefined;
    try {
      worker = new Worker(new URL("../../worker/paint.worker.ts", import.meta.url), { type: "module", name: "gossipscope-paint" });
      const offscreen = canvas.transferControlToOffscreen();
      const w = worker;
      w.onmessage = (event: MessageEvent<FromPainter>) => onReport(event.data);
      w.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        console.warn(`GraphView: the painter worker failed (${event.message || "it could not start"})`);
      };
      w.postMessage({ type: "canvas", canvas: offscreen } satisfies ToPaintWorker, [offscreen]);
      return {
        send: (message, transfer = []) => w.postMessage(message, transfer),
        feed: () => {
          const channel = new MessageChannel();
          w.postMessage({ type: "feedPort", port: channel.port2 } satisfies ToPaintWorker, [channel.port2]);
          return channel.port1;
        },
        stop: () => w.terminate(),
      };
    } catch (error) {
      worker?.terminate();
      console.warn(`GraphView: drawing on the main thread (${String(error)})`);
    }
  }
  const painter = createPainter(canvas, {
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (id) => cancelAnimationFrame(id),
    now: () => performance.now(),
    epochMs: () => performance.timeOrigin + performance.now(),
    report: onReport,
  });
  return { send: (message) => painter.handle(message), feed: () => null, stop: () => painter.handle({ type: "destroy" }) };
}

export function createGraphView(canvas: HTMLCanvasElement, callbacks: GraphViewCallbacks, options?: Partial<GraphViewOptions>): GraphView {
  let reducedMotion = options?.reducedMotion ?? (typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches);

  const scene = emptyScene();
  let topologyName = "";
  /** The messages as the painter animates them, for hit tests: placed when asked, compacted now and then. */
  const pool = new MessagePool();
  const clock = new ModelClock();
  let compactedAtWallMs = -Infinity;
  /** Own copy of the selected value's knowers (the frame's array may be transferred away). */
  let knowers = new Uint8Array(0);
  /** The simulation worker feeds the painter directly: frames and clock reports here are for hit tests and the label only. */
  let fedDirectly = false;

  // ---- canvas setup -------------------------------------------------------------------------
  // The view owns these attributes while it lives (its label tracks the run); destroy() restores the page's.
  const ownedAttributes = ["tabindex", "role", "aria-roledescription", "aria-label", "data-layout", "data-in-flight", "data-frames"] as const;
  const pageAttributes = ownedAttributes.map((name) => canvas.getAttribute(name));
  if (canvas.getAttribute("tabindex") === null) canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "peer graph");
  canvas.classList.add("gv-canvas");
  adoptGraphSheet();

  const theme = readTheme(canvas);
  const surface: Surface = { widthPx: 1, heightPx: 1, dpr: 1, view: { k: 1, x: 0, y: 0 }, theme, scale: buildFillScale(theme.scale) };
  // For tests and benchmarks, as the painter reports them twice a second: data-in-flight, the messages
  // drawn (dots or crosses); data-frames, its frames so far and when ("frames@epoch ms").
  const painter = startPainter(canvas, (report) => {
    canvas.dataset.inFlight = String(report.inFlight);
    canvas.dataset.frames = `${report.frames}@${report.atEpochMs.toFixed(1)}`;
  });
  painter.send({ type: "theme", theme });

  const viewport = createViewport(scene, surface, sceneChanged);
  const layout = createLayoutDriver(canvas, scene, () => {
    viewport.refit();
    sendPositions();
  });

  let rafId = 0;
  let destroyed = false;
  /** The picture's selection, view or marks changed: the painter hears of it on the next frame. */
  let sceneDirty = true;
  let ariaAtWallMs = -Infinity;
  let ariaText = "";

  function measure(cssW: number, cssH: number, devW?: number, devH?: number): void {
    const dpr = typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1;
    const w = Math.max(1, cssW);
    const h = Math.max(1, cssH);
    const pw = Math.max(1, devW ?? Math.round(w * dpr));
    const ph = Math.max(1, devH ?? Math.round(h * dpr));
    if (w === surface.widthPx && h === surface.heightPx && pw / w === surface.dpr) return;
    surface.widthPx = w;
    surface.heightPx = h;
    surface.dpr = pw / w;
    painter.send({ type: "size", widthPx: w, heightPx: h, widthDev: pw, heightDev: ph });
    viewport.refit();
    sceneChanged();
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
    painter.send({ type: "theme", theme: surface.theme });
  });

  function select(node: number | null, announce: boolean): void {
    scene.selected = node ?? -1;
    if (node !== null) viewport.keepInView(node);
    refreshAria(true);
    sceneChanged();
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

  /** Places the messages as the painter draws them at the model time shown now. */
  function placedMessages(): MessagePool {
    pool.place(clock.read(performance.now()), scene.xy, NODE_RADIUS_WORLD, LANE_OFFSET_WORLD);
    return pool;
  }

  const input = createInput(canvas, { scene, surface, messages: placedMessages, viewport, callbacks, select: (node) => select(node, true), requestFrame: sceneChanged });

  /** New positions, and with them the view that fits them: the painter never draws one without the other. */
  function sendPositions(): void {
    painter.send({ type: "positions", xy: scene.xy, layoutRunning: layout.running() });
    sceneDirty = false;
    painter.send({ type: "scene", scene: paintScene() });
  }

  function paintScene(): PaintScene {
    const { selected, hover, marked, inspectedMessage, tree, chain, highlight, origins } = scene;
    return { view: { ...surface.view }, selected, hover, marked, inspectedMessage, tree, chain, highlight, origins, lasso: input.lasso(), reducedMotion };
  }

  // ---- frame loop: only while the picture's scene changed, or the layout ticks on this thread --
  function sceneChanged(): void {
    sceneDirty = true;
    requestFrame();
  }

  function requestFrame(): void {
    if (rafId === 0 && !destroyed) rafId = requestAnimationFrame(flush);
  }

  function flush(): void {
    rafId = 0;
    if (destroyed) return;
    layout.tick();
    if (sceneDirty) {
      sceneDirty = false;
      painter.send({ type: "scene", scene: paintScene() });
    }
    if (layout.ticking()) requestFrame();
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
      painter.send({ type: "topology", names: scene.names, edges: scene.drawEdges ? edges : new Uint32Array(0), drawEdges: scene.drawEdges, runId: topology.runId ?? null });
      layout.start(topologyName);
      resetNodeStates(scene, n);
      knowers = new Uint8Array(n);
      scene.inspectedMessage = -1;
      scene.tree = null;
      scene.chain = null;
      scene.highlight = null;
      scene.origins = [];
      if (scene.selected >= n) scene.selected = -1;
      scene.hover = -1;
      pool.clear();
      viewport.reset();
      sendPositions();
      refreshAria(true);
    },

    update(data: GraphFrame): void {
      const n = scene.n;
      const check = (name: string, a: ArrayLike<number> | null) => {
        if (a !== null && a.length !== n) throw new RangeError(`update: ${name} has ${a.length} entries for ${n} nodes (call setTopology first)`);
      };
      check("knownCounts", data.knownCounts);
      check("alive", data.alive);
      check("selectedValueKnowers", data.selectedValueKnowers);
      check("groups", data.groups);
      // Only what changed goes to the painter: at 20,000 nodes the node states are 100 kB a frame.
      const nodesChanged = !sameNodeStates(scene, knowers, data);
      if (nodesChanged) {
        scene.knownCounts.set(data.knownCounts);
        scene.alive.set(data.alive);
        scene.totalValues = data.totalValues;
        if (data.selectedValueKnowers) knowers.set(data.selectedValueKnowers);
        scene.selectedValueKnowers = data.selectedValueKnowers ? knowers : null;
      }
      const groupsChanged = !sameGroups(scene.groups, data.groups);
      if (groupsChanged) scene.groups = data.groups === null ? null : data.groups.slice();
      const wall = performance.now();
      if (data.pending) pool.reset(data.pending, n);
      pool.ingest(data.journal, n);
      clock.set(data.nowMs, clock.modelMsPerWallMs, wall);
      if (wall - compactedAtWallMs >= COMPACT_MS) {
        compactedAtWallMs = wall;
        placedMessages();
      }
      refreshAria(false);
      if (fedDirectly) return;
      const { nowMs, journal, pending, knownCounts, alive, totalValues, selectedValueKnowers } = data;
      const frame: PaintFrame = { nowMs, journal, pending, nodes: nodesChanged ? { knownCounts, alive, totalValues, selectedValueKnowers } : null };
      if (groupsChanged) frame.groups = scene.groups;
      // The journal's arrays go to the painter as they are: nothing here reads them after ingest.
      painter.send({ type: "frame", frame }, batchBuffers(journal));
    },

    setClock(nowMs: number, modelMsPerWallMs: number): void {
      if (!Number.isFinite(nowMs)) throw new RangeError(`setClock: nowMs must be a finite number, got ${nowMs}`);
      clock.set(nowMs, modelMsPerWallMs, performance.now());
      // A fed painter has its clock from its frames; a report here, older than those, would pull it back.
      if (!fedDirectly) painter.send({ type: "clock", nowMs, modelMsPerWallMs });
    },

    feedPort(): MessagePort | null {
      const port = painter.feed();
      if (port !== null) fedDirectly = true;
      return port;
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
      scene.marked = new Uint8Array(scene.n);
      for (const i of nodes) if (Number.isInteger(i) && i >= 0 && i < scene.n) scene.marked[i] = 1;
      sceneChanged();
    },

    setInspectedMessage(sendSeq: number | null): void {
      scene.inspectedMessage = sendSeq ?? -1;
      sceneChanged();
    },

    setTree(tree: { parent: Int32Array; depth: Int32Array } | null): void {
      scene.tree = tree !== null && tree.parent.length === scene.n && tree.depth.length === scene.n ? { parent: tree.parent.slice(), depth: tree.depth.slice() } : null;
      sceneChanged();
    },

    setChain(nodes: readonly number[] | null): void {
      const chain = nodes !== null && nodes.every((i) => Number.isInteger(i) && i >= 0 && i < scene.n) ? nodes.slice() : null;
      // Set again with every metrics while playing: a picture that did not change is not sent again.
      const same = chain === null || scene.chain === null ? chain === scene.chain : chain.length === scene.chain.length && chain.every((i, j) => i === scene.chain![j]);
      if (same) return;
      scene.chain = chain;
      sceneChanged();
    },

    setHighlightedLink(link: { src: number; dest: number } | null): void {
      scene.highlight = link;
      sceneChanged();
    },

    setOrigins(nodes: readonly number[]): void {
      if (nodes.length === scene.origins.length && nodes.every((i, j) => i === scene.origins[j])) return;
      scene.origins = nodes.slice();
      sceneChanged();
    },

    setOptions(opts: Partial<GraphViewOptions>): void {
      if (opts.reducedMotion !== undefined) reducedMotion = opts.reducedMotion;
      sceneChanged();
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
      painter.stop();
      canvas.classList.remove("gv-canvas", "gv-over-node", "gv-panning");
      ownedAttributes.forEach((name, i) => {
        const value = pageAttributes[i];
        if (value === null || value === undefined) canvas.removeAttribute(name);
        else canvas.setAttribute(name, value);
      });
    },
  };
}
