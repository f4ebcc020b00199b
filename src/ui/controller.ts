/**
 * The page's side of the simulation: turns control actions into worker commands, handles every event
 * from the worker in one switch, feeds frames to the graph view, keeps the URL equal to the run, and
 * notices a worker that failed or stopped answering.
 */
import type { SimConfig } from "../sim/config";
import { startSimWorker, type SimWorker } from "../worker/client";
import type { FromWorker, LiveCommand, ToWorker } from "../worker/messages";
import type { GraphTopology, GraphView } from "./graph/types";
import { addNotices, useUi } from "./store";
import { parseRunUrl, resolveConfig, runSearch } from "./url";

/** With a frame due, this long without one (wall ms) means the worker is stuck. */
export const STALL_MS = 5000;

/** Changing one of these builds a new network, so it starts a new run; the rest change the run live. */
const NEW_RUN_KEYS: readonly (keyof SimConfig)[] = ["nodes", "topology", "degree", "rewire", "latencyDist", "jitterMs", "seed"];

export interface Controller {
  togglePlay(): void;
  step(): void;
  /** Back to time 0 with nothing injected, paused. */
  reset(): void;
  /** Inject the next value at the selected node, or at a seeded random node when none is selected. */
  broadcast(): void;
  injectAt(node: number): void;
  select(node: number | null): void;
  selectValue(valueIndex: number | null): void;
  changeConfig(patch: Partial<SimConfig>): void;
  setSpeed(speed: number): void;
  crash(node: number): void;
  restart(node: number): void;
  /** After a failure: a fresh worker, the same parameters, paused. */
  restartWorker(): void;
  attachGraph(view: GraphView | null): void;
  dispose(): void;
}

export function createController(): Controller {
  let worker: SimWorker | null = null;
  let graph: GraphView | null = null;
  let topology: GraphTopology | null = null;
  /** Run the page expects frames from; frames of an older run are dropped. */
  let expectedRunId = 0;
  let frameRequested = false;
  /** A command went down since the last frame, so the next frame request must be answered at once. */
  let commandPending = false;
  /**
   * Wall ms since which a frame is due: a request is outstanding and the worker is playing or has a
   * command to answer. null when none is due (a paused, idle worker rightly holds the request).
   * Only set once a request is out, so a background tab that runs no animation frames never trips it.
   */
  let replyDueSince: number | null = null;
  /** The current failure is a stall, which a late frame clears. */
  let stalled = false;
  let rafId = 0;

  const initial = parseRunUrl(location.search);
  useUi.setState({ config: initial.config, speed: initial.speed, demo: initial.demo });
  addNotices(initial.notices);
  writeUrl();

  function writeUrl(): void {
    const { config, speed, demo } = useUi.getState();
    history.replaceState(history.state, "", runSearch(config, speed, demo) + location.hash);
  }

  function send(message: ToWorker): void {
    if (!worker) return;
    if (message.type === "tick") {
      if (commandPending || useUi.getState().playing) replyDueSince ??= performance.now();
    } else if (message.type !== "speed") {
      commandPending = true;
      if (frameRequested) replyDueSince ??= performance.now();
    }
    worker.send(message);
  }

  function fail(message: string, isStall = false): void {
    stalled = isStall;
    useUi.setState({ failure: message, playing: false });
  }

  /** The one switch for everything the worker says. */
  function onEvent(event: FromWorker): void {
    switch (event.type) {
      case "ready": {
        expectedRunId = event.runId;
        topology = { names: event.names, edges: event.edges, topology: event.config.topology };
        graph?.setTopology(topology);
        graph?.setSelectedNode(null);
        useUi.setState({ runId: event.runId, config: event.config, nodeNames: event.names });
        break;
      }
      case "frame": {
        frameRequested = false;
        commandPending = false;
        replyDueSince = null;
        if (stalled) {
          stalled = false;
          useUi.setState({ failure: null });
        }
        if (event.runId !== expectedRunId) break;
        const state = useUi.getState();
        graph?.update(event);
        graph?.setClock(event.nowMs, event.playing ? state.speed : 0);
        const patch: Partial<typeof state> = {};
        if (event.round !== state.round) patch.round = event.round;
        if (event.playing !== state.playing) patch.playing = event.playing;
        if (event.nowMs !== state.nowMs) patch.nowMs = event.nowMs;
        if (event.metrics) patch.metrics = event.metrics;
        if (event.inspect && event.inspect.index === state.selectedNode) patch.inspected = event.inspect;
        useUi.setState(patch);
        break;
      }
      case "rejected":
        addNotices([`Not done: ${event.message}.`]);
        break;
      case "failed":
        fail(event.message);
        break;
      default: {
        const unknown: never = event;
        console.warn("unknown event from the simulation worker", unknown);
      }
    }
  }

  function frameLoop(): void {
    if (worker && !frameRequested && !useUi.getState().failure) {
      frameRequested = true;
      send({ type: "tick" });
    }
    rafId = requestAnimationFrame(frameLoop);
  }

  const watchdog = setInterval(() => {
    if (replyDueSince !== null && !useUi.getState().failure && performance.now() - replyDueSince > STALL_MS) {
      fail(`The simulation has not answered for ${STALL_MS / 1000} seconds.`, true);
    }
  }, 1000);

  function startRun(config: SimConfig, demo: boolean, playing: boolean): void {
    useUi.setState({ round: 0, nowMs: 0, metrics: null, selectedNode: null, selectedValue: null, inspected: null });
    send({ type: "start", config, demo, playing });
  }

  function bootWorker(demo: boolean): void {
    worker?.terminate();
    frameRequested = false;
    commandPending = false;
    replyDueSince = null;
    stalled = false;
    useUi.setState({ failure: null, playing: false });
    worker = startSimWorker(onEvent, (message) => fail(message));
    send({ type: "speed", speed: useUi.getState().speed });
    startRun(useUi.getState().config, demo, false);
  }

  function engine(command: LiveCommand): void {
    send({ type: "engine", command });
  }

  bootWorker(initial.demo);
  rafId = requestAnimationFrame(frameLoop);

  return {
    togglePlay() {
      send({ type: useUi.getState().playing ? "pause" : "play" });
    },
    step() {
      send({ type: "step" });
    },
    reset() {
      startRun(useUi.getState().config, false, false);
    },
    broadcast() {
      send({ type: "broadcast", node: useUi.getState().selectedNode });
    },
    injectAt(node) {
      this.select(node);
      send({ type: "broadcast", node });
    },
    select(node) {
      if (node === useUi.getState().selectedNode) return;
      useUi.setState({ selectedNode: node, inspected: null });
      graph?.setSelectedNode(node);
      send({ type: "inspect", node });
    },
    selectValue(valueIndex) {
      useUi.setState({ selectedValue: valueIndex });
      send({ type: "selectValue", valueIndex });
    },
    changeConfig(patch) {
      const state = useUi.getState();
      const before = state.config;
      const next: SimConfig = { ...before, ...patch };
      const changed = (key: keyof SimConfig) => next[key] !== before[key];
      if (NEW_RUN_KEYS.some(changed)) {
        const resolved = resolveConfig(next);
        addNotices(resolved.notices);
        useUi.setState({ config: resolved.config });
        writeUrl();
        startRun(resolved.config, false, state.playing);
        return;
      }
      useUi.setState({ config: next });
      writeUrl();
      if (changed("dropRate")) engine({ type: "setDropRate", dropRate: next.dropRate });
      if (changed("latencyMs")) engine({ type: "setLatency", latencyMs: next.latencyMs });
      const configure: Extract<LiveCommand, { type: "configure" }> = { type: "configure" };
      if (changed("fanout")) configure.fanout = next.fanout;
      if (changed("gossip")) configure.gossip = next.gossip;
      if (changed("forward")) configure.forward = next.forward;
      if (changed("gossipIntervalMs")) configure.gossipIntervalMs = next.gossipIntervalMs;
      if (Object.keys(configure).length > 1) engine(configure);
    },
    setSpeed(speed) {
      const state = useUi.getState();
      useUi.setState({ speed });
      writeUrl();
      send({ type: "speed", speed });
      graph?.setClock(state.nowMs, state.playing ? speed : 0);
    },
    crash(node) {
      engine({ type: "crash", node });
    },
    restart(node) {
      engine({ type: "restart", node });
    },
    restartWorker() {
      bootWorker(false);
    },
    attachGraph(view) {
      graph = view;
      if (!view) return;
      const state = useUi.getState();
      if (topology) view.setTopology(topology);
      view.setSelectedNode(state.selectedNode);
      view.setClock(state.nowMs, state.playing ? state.speed : 0);
    },
    dispose() {
      cancelAnimationFrame(rafId);
      clearInterval(watchdog);
      worker?.terminate();
      worker = null;
    },
  };
}
