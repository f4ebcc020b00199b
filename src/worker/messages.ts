/**
 * Everything that crosses the worker boundary. The page sends `ToWorker` (handled by the one switch in
 * ./host.ts); the worker sends `FromWorker` (handled by the one switch in src/ui/controller.ts).
 *
 * Flow control: the page asks for a frame (`tick`) once per animation frame and never has more than
 * one request outstanding; the worker answers each request with at most one `frame`, and holds the
 * request while paused with nothing new to say. So the worker posts at most one message per animation
 * frame, and a slow page slows the simulation instead of queueing frames.
 *
 * Where the graph's painter runs in a worker of its own, the page hands the simulation worker a port
 * to it (`paintPort`): the painter then asks for frames on that port (`PaintTick`) once per frame of
 * its own and gets them there (`PaintFeedFrame`), so they do not pass through the page's main thread;
 * the page's own frames (the clock, the numbers, what hit tests read) come at most every
 * PAGE_FRAME_MS while playing.
 */
import type { Command, InFlightMessage, LearnedFrom, NodeSnapshot, PendingMessages, RunMetrics } from "../sim/engine-api";
import type { SimConfig } from "../sim/config";
import type { JournalBatch } from "../sim/journal";
import type { RunScript } from "../sim/script";

/** Journal records a window sends at most (the space-time diagram draws a few thousand messages). */
export const MAX_WINDOW_RECORDS = 60_000;

/** Bounds of the speed control: model ms per wall ms. */
export const MIN_SPEED = 0.05;
export const MAX_SPEED = 20;

/**
 * While a painter is fed over its own port, the page gets a frame at most this often while playing,
 * wall ms: five times a second moves the clock and the Timeline smoothly enough, and each frame costs
 * the main thread a style, layout and paint pass (about 3.5 ms at 12 nodes).
 */
export const PAGE_FRAME_MS = 200;

/**
 * Model ms of the past that the graph still shows: a loss's cross fades and a learning node's ring
 * grows over this long. A frame after a jump carries the journal of this much before the moment,
 * so a moment reached by seeking or from a link draws as it did live.
 */
export const VIEW_MEMORY_MS = 250;

/** The port to the graph's painter (see PaintFeedFrame): just what the simulation worker uses of a MessagePort. */
export interface PaintPort {
  postMessage(message: PaintFeedFrame, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<PaintTick>) => void) | null;
  close(): void;
}

/** Engine commands the page may send as they are (a broadcast at a chosen node goes as `broadcast`). */
export type LiveCommand = Exclude<Command, { type: "inject" | "read" }>;

export type ToWorker =
  /** Start a new run at time 0 (also Reset). `demo`: inject value 1 at a seeded node and play at once. */
  | { type: "start"; config: SimConfig; demo: boolean; playing: boolean }
  /**
   * Open a saved run (a link or a file): replay it to `endMs` (the furthest moment it had reached),
   * show it at `atMs`. A script the engine refuses is answered with `loadFailed`; the current run stays.
   */
  | { type: "load"; script: RunScript; atMs: number; endMs: number; playing: boolean }
  | { type: "play" }
  | { type: "pause" }
  /** Run through one gossip round, animated at the current speed, then pause. */
  | { type: "step" }
  /** Back to where the previous Step would have stopped, paused. */
  | { type: "stepBack" }
  /** Show the run at `t` (0 to the horizon), paused. */
  | { type: "seek"; t: number }
  /** Show the run at `t`, running it on past the horizon when `t` lies beyond (a compared run following another's clock). */
  | { type: "goto"; t: number }
  /** Model ms per wall ms, in [MIN_SPEED, MAX_SPEED]. */
  | { type: "speed"; speed: number }
  /** Inject the next value at `node`, or at a node drawn from the run's seeded generator when null. */
  | { type: "broadcast"; node: number | null }
  | { type: "engine"; command: LiveCommand }
  /** Play does not pass `atMs` (a challenge's moment, until it is answered); null lifts the limit. */
  | { type: "limit"; atMs: number | null }
  /** Bring back the future that fork `forkId` discarded. */
  | { type: "undo"; forkId: number }
  /** What the page looks at: the host answers this query in every frame that carries metrics (see ViewQuery). */
  | { type: "view"; view: ViewQuery }
  /**
   * The journal from `fromMs` to `toMs` (no later than now) for a view of that window (answered by
   * `window` with the same id); with `value`, also which of its messages carried that value.
   */
  | { type: "window"; id: number; fromMs: number; toMs: number; value: number | null }
  /** The message of Send record `sendSeq`, sent at `sentAtMs`, as Maelstrom JSON (answered by `messageAt`). */
  | { type: "messageAt"; sendSeq: number; sentAtMs: number }
  /** Every message of the run so far as Maelstrom JSON lines with their times (answered by `messageLog`). */
  | { type: "exportLog" }
  /** The page is ready for one more frame. */
  | { type: "tick" }
  /** Frames for the graph's painter go to it over `port` from now on (null: through the page again). */
  | { type: "paintPort"; port: PaintPort | null };

/**
 * What the page looks at, evaluated by the host at the moment of each frame that carries metrics:
 * the frame then answers it (the inspected node's snapshot, how it learned the selected value, the
 * spread tree, the Knowledge grid, the inspected message), so every panel reads the same moment.
 */
export interface ViewQuery {
  /** Node whose snapshot rides along (the inspector), or null. */
  node: number | null;
  /** Value index whose knowers ride along with every frame (the graph highlights them), or null. */
  value: number | null;
  /** The selected value's spread tree (Show spread tree). */
  tree: boolean;
  /** The Knowledge grid (the round each node learned each value in). */
  knowledge: boolean;
  /** Message (its send seq) to describe while it is in flight, or null. */
  message: number | null;
}

export const NO_VIEW: ViewQuery = { node: null, value: null, tree: false, knowledge: false, message: null };

/** The painter is ready for one more frame (on its port: at most one outstanding, like `tick`). */
export interface PaintTick {
  type: "tick";
}

/**
 * A frame for the graph's painter, on its port: what FrameMessage carries for the graph, with the
 * rate its clock runs at. Its arrays are transferred. Frames of a run the painter has no topology
 * for yet wait there until it has (the topology comes through the page).
 */
export interface PaintFeedFrame extends Pick<FrameMessage, "type" | "runId" | "nowMs" | "journal" | "pending" | "knownCounts" | "alive" | "groups" | "totalValues" | "selectedValueKnowers"> {
  /** Model ms per wall ms: the speed while playing, else 0. */
  modelMsPerWallMs: number;
}

export interface FrameMessage {
  type: "frame";
  runId: number;
  nowMs: number;
  /** The furthest moment the run has reached: the timeline's end. */
  horizonMs: number;
  round: number;
  /** False once paused, including the pause at the end of a step. */
  playing: boolean;
  /** Playing slower than the chosen speed: the run costs more than the worker's time per frame. */
  behind: boolean;
  /** Journal records since the previous frame; their arrays are transferred. */
  journal: JournalBatch;
  /**
   * Present when the shown moment jumped (a seek, Step back, a load, an undo): what is in flight now.
   * The view drops what it was animating and starts from these; `journal` then holds only what follows.
   */
  pending?: PendingMessages;
  /** Per node: values it knows (transferred). */
  knownCounts: Uint32Array;
  /** Per node: 1 alive, 0 crashed (transferred). */
  alive: Uint8Array;
  /** Per node: partition group (0: in none), or null when not partitioned (transferred). */
  groups: Int32Array | null;
  totalValues: number;
  /** Per node 1/0: knows the selected value; null when no value is selected (transferred). */
  selectedValueKnowers: Uint8Array | null;
  /** Present at most about five times a second while playing, and after every command or seek. */
  metrics?: RunMetrics;
  /** Settings in force at this moment (live changes included); with `metrics`. */
  config?: SimConfig;
  /** Present with `metrics` while a node is inspected. */
  inspect?: NodeSnapshot;
  /** With `metrics`, while a node is inspected and a value selected: how the node learned it (null: it does not know it). */
  lesson?: { node: number; value: number; chain: LearnedFrom[] | null };
  /**
   * With `metrics`, while the spread tree is on and a value selected: per node the node that taught
   * it (-1: the origin, or it does not know it) and its depth in hops from the origin (-1: does not know).
   */
  tree?: { value: number; parent: Int32Array; depth: Int32Array };
  /** With `metrics`, while the Knowledge grid is open: for each of `values`, per node the round it learned it in (-1: not), value after value. */
  knowledge?: { values: number[]; rounds: Int32Array };
  /** With `metrics`, while a message is inspected: it, if still in flight at this moment (else null). */
  message?: { sendSeq: number; info: InFlightMessage | null };
}

export type FromWorker =
  /** A run started: its topology, and the config the engine actually uses. */
  | { type: "ready"; runId: number; config: SimConfig; names: string[]; edges: Uint32Array }
  /** The run's script changed (a command, a fork, an undo, a load): the URL and the timeline's marks follow it. */
  | { type: "script"; runId: number; script: RunScript }
  /** A command in the past replaced the run's future; `undo` with this id brings it back. */
  | { type: "forked"; forkId: number; atMs: number; discarded: number }
  | FrameMessage
  /** A window of the journal asked for; `carriers`: send seqs of its messages that carried the value asked about. */
  | { type: "window"; id: number; fromMs: number; toMs: number; journal: JournalBatch; carriers: Float64Array | null; truncated: boolean }
  /** A message asked for by its send seq, as Maelstrom JSON; null when there is none. */
  | { type: "messageAt"; sendSeq: number; line: string | null }
  /** The message log asked for, one JSON line per message. */
  | { type: "messageLog"; lines: string[] }
  /** A command the engine refused (RangeError); the run is unchanged. */
  | { type: "rejected"; message: string }
  /** Something the page should say about the run (why play paused by itself). */
  | { type: "notice"; message: string }
  /** A saved run could not be opened; the current run is unchanged. */
  | { type: "loadFailed"; message: string }
  /** The worker failed; the run cannot go on. */
  | { type: "failed"; message: string };
