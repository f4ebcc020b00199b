/**
 * UI state. React components read it with selectors; the controller (./controller.ts) writes it.
 * Per-frame bulk data (journal batches, known counts) never enters the store: the controller hands
 * it straight to the graph view, outside React renders.
 */
import { create } from "zustand";
import { DEFAULT_CONFIG, type SimConfig } from "../sim/config";
import type { InFlightMessage, LearnedFrom, NodeSnapshot, RunMetrics, ValueState } from "../sim/engine-api";
import type { RunScript } from "../sim/script";
import { DEFAULT_SPEED } from "./url";

export interface Notice {
  id: number;
  text: string;
}

/**
 * What can still be undone: a command in the past replaced the run's future (a fork, undone by the
 * worker), or Reset put the whole run aside (`reset`: the run to open again).
 */
export interface ForkNotice {
  forkId: number;
  atMs: number;
  /** Commands of the discarded future. */
  discarded: number;
  reset?: { script: RunScript; atMs: number; endMs: number };
}

export interface UiState {
  /** The run's parameters as the controls show them: those in force at the moment shown. */
  config: SimConfig;
  /** The run as a value: its starting config and every command so far (the URL and files hold it). */
  script: RunScript | null;
  /** The furthest moment the run has reached, ms: the Timeline's end. */
  horizonMs: number;
  fork: ForkNotice | null;
  /** The message in flight being inspected (by its send seq), and what the worker said of it. */
  message: { sendSeq: number; info: InFlightMessage | null } | null;
  /** Nodes picked on the graph (shift-click, shift-drag) to cut off into a partition group. */
  marked: readonly number[];
  /** The partition in force at the moment shown, as text ("n1 n2 | n3"), "" when none. */
  partition: string;
  /** How the inspected node learned the selected value (the worker's answer), or null. */
  howLearned: { node: number; value: number; chain: LearnedFrom[] | null } | null;
  /** Whether the graph draws the selected value's spread tree. */
  showTree: boolean;
  /** The Knowledge grid is open: frames carry its data. */
  knowledgeOpen: boolean;
  /** The Knowledge grid's data while it is open (see FrameMessage.knowledge). */
  knowledge: { values: number[]; rounds: Int32Array } | null;
  /** Per node 1 alive, 0 crashed, at the moment shown (the Knowledge grid marks crashed nodes). */
  alive: Uint8Array | null;
  /** A challenge this page opened from (predict mode), or null. */
  challenge: { question: string; atMs: number; revealed: boolean; prediction: string } | null;
  /**
   * The lesson step shown (step from 0), the student's answer to its prediction once given, and,
   * once its moment came (the step's measureAtMs, or when the answer could no longer change), the
   * verdict and the numbers it was taken from: fixed from then on.
   */
  lesson: { id: string; step: number; answer: string | null; verdict: string | null; measured: RunMetrics | null } | null;
  /** A comparison: the second run's changed settings (in the link's form and as settings), its numbers, and its failure. */
  compare: { text: string; patch: Partial<SimConfig>; metrics: RunMetrics | null; error: string | null } | null;
  /** The Compare panel is open. */
  compareOpen: boolean;
  /** The teacher's Challenge panel is open. */
  challengeOpen: boolean;
  /** Presenter mode: the graph and the chart in large type, the rest hidden. */
  presenting: boolean;
  /** The presenter's key help is open. */
  presenterHelp: boolean;
  /** Model ms per wall ms. */
  speed: number;
  /** Whether a reload replays the load-time demo (inject value 1, play). Kept so the URL keeps `demo=0`. */
  demo: boolean;
  playing: boolean;
  /** Playing slower than the chosen speed: the run costs more than real time allows. */
  behind: boolean;
  /** 0 until the worker reports its first run. */
  runId: number;
  nodeNames: readonly string[];
  /** The run's links, index pairs (for the theory of flooding). */
  edges: Uint32Array | null;
  round: number;
  nowMs: number;
  metrics: RunMetrics | null;
  selectedNode: number | null;
  /** Index of the value whose knowers the graph highlights. */
  selectedValue: number | null;
  inspected: NodeSnapshot | null;
  notices: Notice[];
  /** Why the simulation stopped working, or null while it works. */
  failure: string | null;
  /** The failure is only silence: the worker has not answered for a while, and a late answer clears it. */
  busy: boolean;
}

export const useUi = create<UiState>()(() => ({
  config: { ...DEFAULT_CONFIG },
  script: null,
  horizonMs: 0,
  fork: null,
  message: null,
  marked: [],
  partition: "",
  howLearned: null,
  showTree: false,
  knowledgeOpen: false,
  knowledge: null,
  alive: null,
  presenting: false,
  presenterHelp: false,
  challenge: null,
  challengeOpen: false,
  compare: null,
  compareOpen: false,
  lesson: null,
  speed: DEFAULT_SPEED,
  demo: true,
  playing: false,
  behind: false,
  runId: 0,
  nodeNames: [],
  edges: null,
  round: 0,
  nowMs: 0,
  metrics: null,
  selectedNode: null,
  selectedValue: null,
  inspected: null,
  notices: [],
  failure: null,
  busy: false,
}));

/** An empty list of values that is always the same object: a selector returning a fresh [] would re-render forever. */
export const NO_VALUES: readonly ValueState[] = Object.freeze([]);

let nextNoticeId = 1;
/** Notices kept at once: the newest; a long session of refused commands cannot pile them up. */
export const MAX_NOTICES = 6;

/** Adds notices; one already on screen is moved to the end rather than shown twice. */
export function addNotices(texts: readonly string[]): void {
  if (texts.length === 0) return;
  useUi.setState((s) => ({
    notices: [...s.notices.filter((n) => !texts.includes(n.text)), ...texts.map((text) => ({ id: nextNoticeId++, text }))].slice(-MAX_NOTICES),
  }));
}

export function dismissNotice(id: number): void {
  useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
