/**
 * Hosts one engine and paces it against wall time. Pure of worker globals: ./sim.worker.ts gives it
 * `post` and a wall clock, so a unit test can drive it with a fake clock and read every message.
 *
 * Pacing: while playing, model time advances by (wall ms since the last frame) x speed, the wall step
 * capped at MAX_WALL_STEP_MS so that a throttled tab or a slow frame slows the run instead of making
 * it jump. A step runs to just before the round after next fires: through one round and its messages.
 */
import { createEngine } from "../sim/engine";
import type { Engine } from "../sim/engine-api";
import { batchBuffers } from "../sim/journal";
import { Rng, deriveSeed } from "../sim/rng";
import { MAX_SPEED, MIN_SPEED, type FrameMessage, type FromWorker, type ToWorker } from "./messages";

/** Longest wall time one frame may account for, ms (a hidden tab gets no frames, then one capped step). */
export const MAX_WALL_STEP_MS = 100;
/** Metrics (and the inspected node) go up at most this often while playing, wall ms. */
export const METRICS_INTERVAL_MS = 200;
/** Journal ring size: records the page may fall behind by before it is told it lost some. */
const JOURNAL_CAPACITY = 1 << 17;
/** Recent protocol messages kept per inspected node. */
const TRACE_DEPTH = 40;
/** Stream of the run seed that picks where "Broadcast" without a selected node injects. */
const PICK_STREAM = 0x62726f61;

export interface HostDeps {
  post(message: FromWorker, transfer: Transferable[]): void;
  /** Wall clock, ms (performance.now in the worker). */
  wallNowMs(): number;
  createEngine?: typeof createEngine;
}

export interface SimHost {
  handle(message: ToWorker): void;
}

export function createSimHost(deps: HostDeps): SimHost {
  const makeEngine = deps.createEngine ?? createEngine;
  let engine: Engine | null = null;
  let runId = 0;
  let pickRng = new Rng(0);
  let playing = false;
  /** Model ms at which a step stops, or null when not stepping. */
  let stepUntilMs: number | null = null;
  let speed = 0.25;
  /** Fractional model clock, ms; the engine is advanced to its floor. */
  let modelClockMs = 0;
  let lastWallMs = 0;
  let cursor = 0;
  /** The page asked for a frame and has not had it yet. */
  let frameRequested = false;
  /** Something changed that the page has not seen, so a frame is due even while paused. */
  let changed = false;
  let metricsDue = false;
  let lastMetricsWallMs = -Infinity;
  let inspected: number | null = null;
  let selectedValue: number | null = null;

  function post(message: FromWorker, transfer: Transferable[] = []): void {
    deps.post(message, transfer);
  }

  function startRun(message: Extract<ToWorker, { type: "start" }>): void {
    const next = makeEngine(message.config, { journalCapacity: JOURNAL_CAPACITY, traceDepth: TRACE_DEPTH });
    engine = next;
    runId++;
    pickRng = new Rng(deriveSeed(next.config.seed, PICK_STREAM));
    cursor = 0;
    modelClockMs = 0;
    stepUntilMs = null;
    inspected = null;
    selectedValue = null;
    const edges = next.edges.slice();
    post({ type: "ready", runId, config: { ...next.config }, names: [...next.nodeNames], edges }, [edges.buffer]);
    if (message.demo) broadcast(next, null);
    setPlaying(message.playing || message.demo);
    changed = true;
    metricsDue = true;
  }

  function setPlaying(on: boolean): void {
    if (on && !playing) {
      lastWallMs = deps.wallNowMs();
      if (engine) modelClockMs = Math.max(modelClockMs, engine.nowMs);
    }
    if (!on) stepUntilMs = null;
    playing = on;
  }

  function broadcast(e: Engine, node: number | null): void {
    let at = node;
    if (at === null) {
      const live: number[] = [];
      for (let i = 0; i < e.nodeNames.length; i++) if (e.isAlive(i)) live.push(i);
      if (live.length === 0) throw new RangeError("every node is crashed: restart one to broadcast");
      at = live[pickRng.int(live.length)]!;
    }
    e.apply({ type: "inject", node: at });
  }

  /** Just before the round after the next one fires; with gossip off, one interval from now. */
  function stepTarget(e: Engine): number {
    const nextRoundMs = e.nextRoundAtMs();
    const fromMs = Number.isFinite(nextRoundMs) && nextRoundMs > e.nowMs ? nextRoundMs : e.nowMs + 1;
    return fromMs + e.config.gossipIntervalMs - 1;
  }

  function checkNode(e: Engine, node: number): void {
    if (!Number.isInteger(node) || node < 0 || node >= e.nodeNames.length) {
      throw new RangeError(`node ${node} does not exist (the run has ${e.nodeNames.length} nodes)`);
    }
  }

  /** One switch for every command from the page. */
  function apply(message: ToWorker): void {
    if (message.type === "start") return startRun(message);
    if (message.type === "speed") {
      // Before the first run too: the page sends its speed before its first start.
      if (!(message.speed >= MIN_SPEED && message.speed <= MAX_SPEED)) throw new RangeError(`speed must be from ${MIN_SPEED} to ${MAX_SPEED}`);
      speed = message.speed;
      return;
    }
    const e = engine;
    if (!e) return;
    switch (message.type) {
      case "play":
        setPlaying(true);
        break;
      case "pause":
        setPlaying(false);
        break;
      case "step":
        setPlaying(true);
        stepUntilMs = stepTarget(e);
        break;
      case "broadcast":
        if (message.node !== null) checkNode(e, message.node);
        broadcast(e, message.node);
        break;
      case "engine":
        e.apply(message.command);
        break;
      case "inspect":
        if (message.node !== null) checkNode(e, message.node);
        inspected = message.node;
        break;
      case "selectValue":
        selectedValue = message.valueIndex;
        break;
      case "tick":
        frameRequested = true;
        return;
      default: {
        const unknown: never = message;
        throw new RangeError(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
    changed = true;
    metricsDue = true;
  }

  function advance(e: Engine): void {
    const wallMs = deps.wallNowMs();
    const wallStepMs = Math.min(Math.max(0, wallMs - lastWallMs), MAX_WALL_STEP_MS);
    lastWallMs = wallMs;
    modelClockMs = Math.max(modelClockMs, e.nowMs) + wallStepMs * speed;
    if (stepUntilMs !== null && modelClockMs >= stepUntilMs) {
      modelClockMs = stepUntilMs;
      e.advanceTo(stepUntilMs);
      setPlaying(false);
      metricsDue = true;
    } else {
      e.advanceTo(Math.floor(modelClockMs));
    }
    if (wallMs - lastMetricsWallMs >= METRICS_INTERVAL_MS) metricsDue = true;
  }

  function frame(e: Engine): FrameMessage {
    const journal = e.readJournal(cursor);
    cursor = journal.to;
    const n = e.nodeNames.length;
    const knownCounts = new Uint32Array(n);
    const alive = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      knownCounts[i] = e.knownCount(i);
      alive[i] = e.isAlive(i) ? 1 : 0;
    }
    const totalValues = e.values().length;
    let selectedValueKnowers: Uint8Array | null = null;
    if (selectedValue !== null && selectedValue < totalValues) {
      selectedValueKnowers = new Uint8Array(n);
      for (let i = 0; i < n; i++) selectedValueKnowers[i] = e.knows(i, selectedValue) ? 1 : 0;
    }
    const message: FrameMessage = {
      type: "frame",
      runId,
      nowMs: e.nowMs,
      round: e.round,
      playing,
      journal,
      knownCounts,
      alive,
      totalValues,
      selectedValueKnowers,
    };
    if (metricsDue) {
      message.metrics = e.metrics();
      if (inspected !== null) message.inspect = e.inspect(inspected);
      metricsDue = false;
      lastMetricsWallMs = deps.wallNowMs();
    }
    return message;
  }

  /** Answers an outstanding frame request when there is something to show. */
  function pump(): void {
    const e = engine;
    if (!e || !frameRequested) return;
    if (playing) advance(e);
    else if (!changed && !metricsDue) return;
    const message = frame(e);
    const transfer: Transferable[] = [...batchBuffers(message.journal), message.knownCounts.buffer, message.alive.buffer];
    if (message.selectedValueKnowers) transfer.push(message.selectedValueKnowers.buffer);
    frameRequested = false;
    changed = false;
    post(message, transfer);
  }

  return {
    handle(message: ToWorker): void {
      try {
        apply(message);
      } catch (err) {
        // The engine throws RangeError for a command it refuses and leaves the run unchanged; anything
        // else means the run's state can no longer be trusted.
        if (err instanceof RangeError) post({ type: "rejected", message: err.message });
        else {
          engine = null;
          playing = false;
          post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
          return;
        }
      }
      try {
        pump();
      } catch (err) {
        engine = null;
        playing = false;
        post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}
