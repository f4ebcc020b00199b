/**
 * Draws the graph view in its own frame loop: the cached static layers (edges, node bodies) and the
 * moving layer (message dots, loss marks, flashes, selection) on top. Where the browser allows it
 * the painter runs in a worker on the canvas's OffscreenCanvas (src/worker/paint.worker.ts), so the page's
 * main thread neither draws nor hands the canvas's pixels to the compositor, whatever the window's
 * size; elsewhere it runs on the main thread. GraphView sends it the same messages either way.
 * A painter in a worker may also be fed by the simulation worker directly (a port of its own, see
 * PaintFeedFrame): it then asks for the run's frames itself, once per frame of its own.
 */
import { ModelClock } from "./clock";
import { DotRaster } from "./dots";
import { Flashes } from "./flashes";
import { drawLasso } from "./lasso";
import { MessagePool } from "./messages";
import { DotSprites, Marks, drawMovingLayer } from "./moving";
import { NODE_RADIUS_WORLD, emptyScene, resetNodeStates, type Scene, type Surface } from "./renderer";
import { createStaticLayers } from "./static-layers";
import { buildFillScale, fallbackTheme, type Theme } from "./styles";
import type { GraphFrame } from "./types";
import type { ViewTransform } from "./view";
import type { PaintFeedFrame } from "../../worker/messages";

/** World units messages ride to the right of their edge, so opposite directions do not overlap. */
export const LANE_OFFSET_WORLD = 3.5;
/** How often the painter reports what it draws (data-in-flight, data-frames), wall ms. */
const REPORT_MS = 500;

/** What the nodes show: sent with a frame only when it changed. */
export type NodeStates = Pick<GraphFrame, "knownCounts" | "alive" | "totalValues" | "selectedValueKnowers">;

/** What the painter needs of a frame of the run: its messages, and what changed since the last. */
export interface PaintFrame extends Pick<GraphFrame, "nowMs" | "journal" | "pending"> {
  /** The nodes' states, or null when they are as in the last frame. */
  nodes: NodeStates | null;
  /** The partition groups, when they changed (null: none any more); undefined when unchanged. */
  groups?: Int32Array | null;
}

/** Everything besides the run's frames that the picture shows: sent whole whenever any of it changes. */
export interface PaintScene {
  view: ViewTransform;
  selected: number;
  hover: number;
  marked: Uint8Array;
  inspectedMessage: number;
  tree: Scene["tree"];
  chain: Scene["chain"];
  highlight: Scene["highlight"];
  origins: readonly number[];
  /** The lasso being drawn (CSS px points), or null. */
  lasso: readonly number[] | null;
  reducedMotion: boolean;
}

export type ToPainter =
  | { type: "size"; widthPx: number; heightPx: number; widthDev: number; heightDev: number }
  | { type: "theme"; theme: Theme }
  /** `runId`: the run whose frames a feed brings (absent or null when frames come only as `frame`). */
  | { type: "topology"; names: readonly string[]; edges: Uint32Array; drawEdges: boolean; runId?: number | null }
  | { type: "positions"; xy: Float64Array; layoutRunning: boolean }
  | { type: "frame"; frame: PaintFrame }
  | { type: "clock"; nowMs: number; modelMsPerWallMs: number }
  | { type: "scene"; scene: PaintScene }
  /** The simulation worker feeds this painter from now on: ask it for frames (PainterHost.askForFrame). */
  | { type: "feedAttached" }
  /** A frame from the feed. */
  | { type: "fed"; frame: PaintFeedFrame }
  | { type: "destroy" };

/**
 * What the painter reports for tests and benchmarks: the messages it draws, and its frames so far
 * (with the moment, ms since the epoch, as its thread's clock reads it).
 */
/** What the painter's worker hears: first, once, the page's canvas (transferred); then the painter's messages. */
export type ToPaintWorker = { type: "canvas"; canvas: OffscreenCanvas } | { type: "feedPort"; port: MessagePort } | ToPainter;

export type FromPainter = { type: "stats"; inFlight: number; frames: number; atEpochMs: number };

/** The painter's surroundings: the frame clock of its thread and where its reports go. */
export interface PainterHost {
  requestFrame(callback: (wallMs: number) => void): number;
  cancelFrame(id: number): void;
  /** Wall ms on the painter's thread. */
  now(): number;
  /** Ms since the epoch, as the painter's thread reads it. */
  epochMs(): number;
  report(message: FromPainter): void;
  /** Asks the feed (once a `feedAttached` came) for one more frame. */
  askForFrame?(): void;
}

/** The frame's node states equal the scene's (`knowers`: the scene's copy of the selected value's knowers). */
export function sameNodeStates(scene: Scene, knowers: Uint8Array, data: NodeStates): boolean {
  if (data.totalValues !== scene.totalValues || (data.selectedValueKnowers === null) !== (scene.selectedValueKnowers === null)) return false;
  for (let i = 0; i < scene.n; i++) if (data.knownCounts[i] !== scene.knownCounts[i] || data.alive[i] !== scene.alive[i]) return false;
  const fk = data.selectedValueKnowers;
  if (fk) for (let i = 0; i < scene.n; i++) if (fk[i] !== knowers[i]) return false;
  return true;
}

export function sameGroups(a: Int32Array | null, b: Int32Array | null): boolean {
  return a === null || b === null ? a === b : a.length === b.length && a.every((g, i) => g === b[i]);
}

export interface Painter {
  handle(message: ToPainter): void;
}

/** A painter drawing on `canvas` (the page's, or an OffscreenCanvas typed as one: the painter uses only its size and 2D context). */
export function createPainter(canvas: HTMLCanvasElement, host: PainterHost): Painter {
  const ctx = canvas.getContext("2d", { alpha: false });
  if (!ctx) throw new Error("GraphView: the canvas has no 2D context");

  const scene = emptyScene();
  const theme = fallbackTheme(false);
  const surface: Surface = { widthPx: 1, heightPx: 1, dpr: 1, view: { k: 1, x: 0, y: 0 }, theme, scale: buildFillScale(theme.scale) };
  const layers = createStaticLayers(scene, surface);
  const pool = new MessagePool();
  const dots = new DotRaster();
  const sprites = new DotSprites();
  const marks = new Marks();
  const clock = new ModelClock();
  let flashes = new Flashes(0);
  /** Own copy of the selected value's knowers. */
  let knowers = new Uint8Array(0);
  let lasso: readonly number[] | null = null;
  let reducedMotion = false;
  let layoutRunning = false;
  let reportedAtWallMs = -Infinity;
  let reportedInFlight = -1;
  let frames = 0;
  /**
   * A new topology's positions have not come yet: nothing is drawn until they do. Its nodes all sit
   * at the origin meanwhile, and rasterising 40,000 edges and 20,000 nodes on one point cost more than
   * the real picture (seconds on a busy machine).
   */
  let awaitingPositions = false;
  /** Something besides the moving layer changed: the next frame draws. */
  let redraw = true;
  /** The key (Marks.collect) of the picture on the canvas. */
  let drawnKey = -1;
  let frameId = 0;
  let destroyed = false;
  /** Fed by the simulation worker: asks it for a frame each frame while none is outstanding. */
  let fed = false;
  let feedAsked = false;
  /** The run of the topology drawn (null: frames come unfed, through the page). */
  let topologyRunId: number | null = null;
  /** A fed frame of a run whose topology has not come yet: it waits, and nothing more is asked meanwhile. */
  let waiting: PaintFeedFrame | null = null;

  function requestFrame(): void {
    if (frameId === 0 && !destroyed) frameId = host.requestFrame(frame);
  }

  function frame(wallMs: number): void {
    frameId = 0;
    if (destroyed) return;
    frames++;
    if (fed && !feedAsked && waiting === null) {
      feedAsked = true;
      host.askForFrame?.();
    }
    // The picture is a function of the model time shown (and the view): paused, it holds still.
    const nowMs = clock.read(wallMs);
    pool.place(nowMs, scene.xy, NODE_RADIUS_WORLD, LANE_OFFSET_WORLD);
    flashes.sweep(nowMs);

    // A frame whose picture would equal the last one's (no dot moved a pixel) draws nothing.
    const key = marks.collect(scene, pool, flashes, nowMs, surface);
    if (!awaitingPositions && (redraw || key !== drawnKey || layers.dirty() || layoutRunning)) {
      redraw = false;
      drawnKey = key;
      layers.paint(ctx!, wallMs, layoutRunning);
      drawMovingLayer(ctx!, scene, surface, pool, marks, reducedMotion, dots, sprites);
      drawLasso(ctx!, lasso, surface);
    }

    if (wallMs - reportedAtWallMs >= REPORT_MS) {
      reportedAtWallMs = wallMs;
      reportedInFlight = pool.count;
      host.report({ type: "stats", inFlight: pool.count, frames, atEpochMs: host.epochMs() });
    }

    // Fed and playing, the frames keep coming even while nothing moves: the run's next sends are in them.
    const animating = (clock.modelMsPerWallMs > 0 && (pool.count > 0 || fed || flashes.count > 0)) || layers.dirty() || pool.count !== reportedInFlight;
    if (animating) requestFrame();
  }

  function setTopology(names: readonly string[], edges: Uint32Array, drawEdges: boolean): void {
    const n = names.length;
    scene.n = n;
    scene.names = names;
    scene.edges = edges;
    scene.drawEdges = drawEdges;
    scene.xy = new Float64Array(2 * n);
    resetNodeStates(scene, n);
    knowers = new Uint8Array(n);
    awaitingPositions = n > 0;
    layers.setNodeCount(n);
    flashes = new Flashes(n);
    pool.clear();
    layers.edgesChanged();
  }

  /** A frame from the feed: only what changed of the nodes goes to the layers. */
  function ingestFed(f: PaintFeedFrame): void {
    feedAsked = false;
    if (topologyRunId === null || f.runId > topologyRunId) {
      waiting = f;
      return;
    }
    if (f.runId < topologyRunId) return;
    const nodes = f.knownCounts.length === scene.n && sameNodeStates(scene, knowers, f) ? null : f;
    const data: PaintFrame = { nowMs: f.nowMs, journal: f.journal, pending: f.pending, nodes };
    if (!sameGroups(scene.groups, f.groups)) data.groups = f.groups;
    ingest(data, f.modelMsPerWallMs);
  }

  function ingest(data: PaintFrame, modelMsPerWallMs = clock.modelMsPerWallMs): void {
    const n = scene.n;
    const nodes = data.nodes;
    if (nodes !== null) {
      if (nodes.knownCounts.length !== n) return; // a frame of the previous topology
      scene.knownCounts.set(nodes.knownCounts);
      scene.alive.set(nodes.alive);
      scene.totalValues = nodes.totalValues;
      if (nodes.selectedValueKnowers) knowers.set(nodes.selectedValueKnowers);
      scene.selectedValueKnowers = nodes.selectedValueKnowers ? knowers : null;
      layers.nodesChanged();
    }
    if (data.groups !== undefined) {
      scene.groups = data.groups;
      layers.edgesChanged();
    }
    const wall = host.now();
    if (data.pending) {
      // The shown moment jumped: start over from what is in flight then; flashes belong to the old moment.
      pool.reset(data.pending, n);
      flashes = new Flashes(n);
    }
    pool.ingest(data.journal, n);
    flashes.ingest(data.journal);
    clock.set(data.nowMs, modelMsPerWallMs, wall);
  }

  function setScene(next: PaintScene): void {
    const v = surface.view;
    if (next.view.k !== v.k || next.view.x !== v.x || next.view.y !== v.y) {
      surface.view = { ...next.view };
      layers.edgesChanged();
    }
    scene.selected = next.selected;
    scene.hover = next.hover;
    if (next.marked.length === scene.n) scene.marked = next.marked;
    scene.inspectedMessage = next.inspectedMessage;
    scene.tree = next.tree;
    scene.chain = next.chain;
    scene.highlight = next.highlight;
    scene.origins = next.origins;
    lasso = next.lasso;
    reducedMotion = next.reducedMotion;
    redraw = true;
  }

  return {
    handle(message: ToPainter): void {
      if (destroyed) return;
      switch (message.type) {
        case "size":
          surface.widthPx = message.widthPx;
          surface.heightPx = message.heightPx;
          surface.dpr = message.widthDev / message.widthPx;
          canvas.width = message.widthDev;
          canvas.height = message.heightDev;
          layers.resize(message.widthDev, message.heightDev);
          redraw = true;
          break;
        case "theme":
          surface.theme = message.theme;
          surface.scale = buildFillScale(message.theme.scale);
          layers.redrawAll();
          redraw = true;
          break;
        case "topology": {
          setTopology(message.names, message.edges, message.drawEdges);
          topologyRunId = message.runId ?? null;
          const held = waiting;
          if (held !== null && (topologyRunId === null || held.runId <= topologyRunId)) {
            waiting = null;
            ingestFed(held);
          }
          break;
        }
        case "feedAttached":
          fed = true;
          feedAsked = false;
          waiting = null;
          break;
        case "fed":
          ingestFed(message.frame);
          break;
        case "positions":
          if (message.xy.length !== 2 * scene.n) break; // a previous topology's
          scene.xy = message.xy;
          awaitingPositions = false;
          layoutRunning = message.layoutRunning;
          // A layout at rest (a new topology's, or one that just settled) is drawn at once, not after
          // the pause a rebuild's cost buys while positions stream in.
          if (layoutRunning) layers.edgesChanged();
          else layers.redrawAll();
          redraw = true;
          break;
        case "frame":
          ingest(message.frame);
          break;
        case "clock":
          clock.set(message.nowMs, message.modelMsPerWallMs, host.now());
          break;
        case "scene":
          setScene(message.scene);
          break;
        case "destroy":
          destroyed = true;
          if (frameId !== 0) host.cancelFrame(frameId);
          layers.release();
          return;
      }
      requestFrame();
    },
  };
}
