/**
 * The second run of a comparison: the same seed and the same script as the page's run, with some
 * settings changed, in a worker of its own, following the page's run's clock (every frame of the
 * first asks the second to be at the same moment). Its frames go to a second graph view; its
 * numbers to the store, beside the first run's.
 */
import { PARAM_BY_NAME, type SimConfig } from "../sim/config";
import type { ScriptCommand } from "../sim/script";
import { startSimWorker, type SimWorker } from "../worker/client";
import type { FromWorker } from "../worker/messages";
import type { GraphView } from "./graph/types";
import { useUi } from "./store";

export interface CompareRun {
  /** (Re)starts the second run: `config` and the first run's commands, at `atMs`. */
  start(config: SimConfig, commands: ScriptCommand[], atMs: number): void;
  /** The first run is at `nowMs` (playing at `speed` when `playing`): be there too. */
  follow(nowMs: number, playing: boolean, speed: number): void;
  attachGraph(view: GraphView | null): void;
  dispose(): void;
}

export function createCompareRun(): CompareRun {
  let worker: SimWorker | null = null;
  let graph: GraphView | null = null;
  let topology: { names: readonly string[]; edges: Uint32Array; topology: string } | null = null;
  let runId = 0;
  /** A goto is on its way; the newest wanted moment waits here. */
  let busy = false;
  let wanted: number | null = null;
  let rate = 0;

  function go(t: number): void {
    if (!worker) return;
    if (busy) {
      wanted = t;
      return;
    }
    busy = true;
    worker.send({ type: "goto", t });
    worker.send({ type: "tick" });
  }

  function onEvent(event: FromWorker): void {
    switch (event.type) {
      case "ready":
        runId = event.runId;
        topology = { names: event.names, edges: event.edges, topology: event.config.topology };
        graph?.setTopology(topology);
        break;
      case "frame": {
        busy = false;
        if (event.runId !== runId) break;
        graph?.update(event);
        graph?.setClock(event.nowMs, rate);
        if (event.metrics) {
          // Run B's origins get their stars too.
          graph?.setOrigins([...new Set(event.metrics.values.map((v) => v.origin))]);
          const compare = useUi.getState().compare;
          if (compare) useUi.setState({ compare: { ...compare, metrics: event.metrics } });
        }
        if (wanted !== null) {
          const t = wanted;
          wanted = null;
          go(t);
        }
        break;
      }
      case "failed":
      case "loadFailed": {
        const compare = useUi.getState().compare;
        if (compare) useUi.setState({ compare: { ...compare, error: event.message } });
        break;
      }
      default:
        break;
    }
  }

  return {
    start(config, commands, atMs) {
      worker?.terminate();
      busy = false;
      wanted = null;
      worker = startSimWorker(onEvent, (message) => onEvent({ type: "failed", message }));
      worker.send({ type: "load", script: { config, commands }, atMs, endMs: atMs, playing: false });
      worker.send({ type: "tick" });
      busy = true;
    },
    follow(nowMs, playing, speed) {
      rate = playing ? speed : 0;
      go(nowMs);
    },
    attachGraph(view) {
      graph = view;
      if (view && topology) view.setTopology(topology);
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}

/** Settings a comparison may change: anything but the nodes, their links and the seed (the script names nodes). */
export const COMPARABLE = ["gossip", "fanout", "drop", "latency", "latency-dist", "interval", "forward", "jitter"] as const;

/** `gossip=push-pull,drop=0.3` (flag names, as in the link's `compare` parameter) as settings; or what is wrong. */
export function parseComparison(text: string): { patch: Partial<SimConfig> } | { error: string } {
  const patch: Record<string, unknown> = {};
  const parts = text.split(",").filter((p) => p.trim() !== "");
  if (parts.length === 0) return { error: "name a setting to change, e.g. gossip=push-pull" };
  for (const part of parts) {
    const m = /^\s*([a-z-]+)\s*=\s*(.*)$/.exec(part);
    const name = m?.[1] ?? "";
    const spec = PARAM_BY_NAME.get(name);
    if (!m || !spec || !(COMPARABLE as readonly string[]).includes(name)) return { error: `${JSON.stringify(part.slice(0, 30))}: compare one of ${COMPARABLE.join(", ")}, as name=value` };
    const parsed = spec.parse(m[2]!);
    if ("error" in parsed) return { error: `${name} ${parsed.error}` };
    patch[spec.key] = parsed.value;
  }
  return { patch: patch as Partial<SimConfig> };
}

/** The link's form of a comparison's settings. */
export function formatComparison(patch: Partial<SimConfig>): string {
  return COMPARABLE.flatMap((name) => {
    const spec = PARAM_BY_NAME.get(name)!;
    const value = patch[spec.key];
    return value === undefined ? [] : [`${name}=${spec.format(value as never)}`];
  }).join(",");
}
