/**
 * UI state. React components read it with selectors; the controller (./controller.ts) writes it.
 * Per-frame bulk data (journal batches, known counts) never enters the store: the controller hands
 * it straight to the graph view, outside React renders.
 */
import { create } from "zustand";
import { DEFAULT_CONFIG, type SimConfig } from "../sim/config";
import type { NodeSnapshot, RunMetrics } from "../sim/engine-api";
import { DEFAULT_SPEED } from "./url";

export interface Notice {
  id: number;
  text: string;
}

export interface UiState {
  /** The run's parameters as the controls show them and the URL holds them, live changes included. */
  config: SimConfig;
  /** Model ms per wall ms. */
  speed: number;
  /** Whether a reload replays the load-time demo (inject value 1, play). Kept so the URL keeps `demo=0`. */
  demo: boolean;
  playing: boolean;
  /** 0 until the worker reports its first run. */
  runId: number;
  nodeNames: readonly string[];
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
}

export const useUi = create<UiState>()(() => ({
  config: { ...DEFAULT_CONFIG },
  speed: DEFAULT_SPEED,
  demo: true,
  playing: false,
  runId: 0,
  nodeNames: [],
  round: 0,
  nowMs: 0,
  metrics: null,
  selectedNode: null,
  selectedValue: null,
  inspected: null,
  notices: [],
  failure: null,
}));

let nextNoticeId = 1;

export function addNotices(texts: readonly string[]): void {
  if (texts.length === 0) return;
  useUi.setState((s) => ({ notices: [...s.notices, ...texts.map((text) => ({ id: nextNoticeId++, text }))] }));
}

export function dismissNotice(id: number): void {
  useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
