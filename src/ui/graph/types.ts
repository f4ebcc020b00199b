/**
 * The boundary between the app (worker host, store, panels) and the graph view (canvas renderer,
 * d3-force layout, pan and zoom, message animation). The app feeds data in; the view draws it in its
 * own requestAnimationFrame loop, outside React renders.
 */
import type { PendingMessages } from "../../sim/engine-api";
import type { JournalBatch } from "../../sim/journal";

export interface GraphTopology {
  /** Node labels, "n1", "n2", ... index i is node i. */
  names: readonly string[];
  /** Edge index pairs [a0, b0, a1, b1, ...]. */
  edges: Uint32Array;
  /** Topology name: the view may seed initial positions from it (ring as a circle, grid as a grid). */
  topology: string;
  /** The run it belongs to: a painter fed directly (GraphView.feedPort) holds that run's frames until its topology comes. */
  runId?: number;
}

/** What the worker reported in one frame. */
export interface GraphFrame {
  /** Model time, ms, at the end of this frame's simulation step. */
  nowMs: number;
  /** Journal records since the previous frame: sends (start a dot), delivers, drops, learns (flash). */
  journal: JournalBatch;
  /** Present when the shown moment jumped (a seek): the messages in flight then, replacing the view's. */
  pending?: PendingMessages;
  /** Partition group per node (0: the unlisted rest), or null when not partitioned. */
  groups: Int32Array | null;
  /** Per node: number of values it knows. */
  knownCounts: Uint32Array;
  /** Per node: 1 alive, 0 crashed. */
  alive: Uint8Array;
  /** Number of values injected so far. */
  totalValues: number;
  /** Per node 1/0: knows the selected value; null when no value is selected. */
  selectedValueKnowers: Uint8Array | null;
}

export interface GraphViewOptions {
  /** Messages as highlighted edges instead of moving dots (prefers-reduced-motion). */
  reducedMotion: boolean;
}

export interface GraphView {
  setTopology(topology: GraphTopology): void;
  /** Takes the frame's journal arrays (they may be transferred to the view's painter worker: read nothing from them after). */
  update(frame: GraphFrame): void;
  /** Model ms per wall ms (0 when paused), so the view can interpolate between frames. */
  setClock(nowMs: number, modelMsPerWallMs: number): void;
  /**
   * A port on which the simulation worker can feed the view's painter its frames directly, when the
   * painter runs in a worker (null: it runs on this thread, and update() hands it every frame). Once
   * one is given, update() and setClock() serve hit tests and the label only. A new call replaces the port.
   */
  feedPort(): MessagePort | null;
  setSelectedNode(node: number | null): void;
  /** Nodes picked for a partition group (drawn with a dashed ring). */
  setMarked(nodes: readonly number[]): void;
  /** The message in flight being inspected (its send seq), ringed; null for none. */
  setInspectedMessage(sendSeq: number | null): void;
  /** The selected value's spread tree (parents and hops per node), drawn over the graph; null for none. */
  setTree(tree: { parent: Int32Array; depth: Int32Array } | null): void;
  /** The chain of nodes that taught the selected node the selected value, origin first; null for none. */
  setChain(nodes: readonly number[] | null): void;
  /** A message's link to mark (hovered in the space-time diagram); null for none. */
  setHighlightedLink(link: { src: number; dest: number } | null): void;
  /** Nodes where values were injected, each marked with a star. */
  setOrigins(nodes: readonly number[]): void;
  setOptions(options: Partial<GraphViewOptions>): void;
  /** Fit the whole graph in view. */
  fit(): void;
  destroy(): void;
}

export interface GraphViewCallbacks {
  /** Click on a node (null: click on empty space). */
  onSelect(node: number | null): void;
  /** Double-click on a node: inject a broadcast there. */
  onActivate(node: number): void;
  /** Shift-click or shift-drag (lasso): the nodes now picked for a partition group. */
  onMark(nodes: number[]): void;
  /** Click on a message dot (or a loss mark): its send seq; null when a click hit nothing. */
  onMessage(sendSeq: number | null): void;
}
