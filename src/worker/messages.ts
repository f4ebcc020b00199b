/**
 * Everything that crosses the worker boundary. The page sends `ToWorker` (handled by the one switch in
 * ./host.ts); the worker sends `FromWorker` (handled by the one switch in src/ui/controller.ts).
 *
 * Flow control: the page asks for a frame (`tick`) once per animation frame and never has more than
 * one request outstanding; the worker answers each request with at most one `frame`, and holds the
 * request while paused with nothing new to say. So the worker posts at most one message per animation
 * frame, and a slow page slows the simulation instead of queueing frames.
 */
import type { Command, NodeSnapshot, RunMetrics } from "../sim/engine-api";
import type { SimConfig } from "../sim/config";
import type { JournalBatch } from "../sim/journal";

/** Bounds of the speed control: model ms per wall ms. */
export const MIN_SPEED = 0.05;
export const MAX_SPEED = 20;

/** Engine commands the page may send as they are. The rest of `Command` (partitions, reads) has no control yet. */
export type LiveCommand = Extract<Command, { type: "setDropRate" | "setLatency" | "configure" | "crash" | "restart" | "inject" }>;

export type ToWorker =
  /** Start a new run at time 0 (also Reset). `demo`: inject value 1 at a seeded node and play at once. */
  | { type: "start"; config: SimConfig; demo: boolean; playing: boolean }
  | { type: "play" }
  | { type: "pause" }
  /** Run exactly one gossip round, animated at the current speed, then pause. */
  | { type: "step" }
  /** Model ms per wall ms, in [MIN_SPEED, MAX_SPEED]. */
  | { type: "speed"; speed: number }
  /** Inject the next value at `node`, or at a node drawn from the run's seeded generator when null. */
  | { type: "broadcast"; node: number | null }
  | { type: "engine"; command: LiveCommand }
  /** Node whose snapshot rides along with frames (the inspector), or null. */
  | { type: "inspect"; node: number | null }
  /** Value index whose knowers ride along with frames (the graph highlights them), or null. */
  | { type: "selectValue"; valueIndex: number | null }
  /** The page is ready for one more frame. */
  | { type: "tick" };

export interface FrameMessage {
  type: "frame";
  runId: number;
  nowMs: number;
  round: number;
  /** False once paused, including the pause at the end of a step. */
  playing: boolean;
  /** Journal records since the previous frame; their arrays are transferred. */
  journal: JournalBatch;
  /** Per node: values it knows (transferred). */
  knownCounts: Uint32Array;
  /** Per node: 1 alive, 0 crashed (transferred). */
  alive: Uint8Array;
  totalValues: number;
  /** Per node 1/0: knows the selected value; null when no value is selected (transferred). */
  selectedValueKnowers: Uint8Array | null;
  /** Present at most about five times a second while playing, and after every command. */
  metrics?: RunMetrics;
  /** Present with `metrics` while a node is inspected. */
  inspect?: NodeSnapshot;
}

export type FromWorker =
  /** A run started: its topology, and the config the engine actually uses. */
  | { type: "ready"; runId: number; config: SimConfig; names: string[]; edges: Uint32Array }
  | FrameMessage
  /** A command the engine refused (RangeError); the run is unchanged. */
  | { type: "rejected"; message: string }
  /** The worker failed; the run cannot go on. */
  | { type: "failed"; message: string };
