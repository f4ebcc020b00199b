/**
 * The page's side of the simulation: turns control actions into worker commands, handles every event
 * from the worker in one switch, feeds frames to the graph view, keeps the URL equal to the run (its
 * script and the moment shown). The worker itself (boot, frame requests, the stall watchdog, replies)
 * is ./link.ts's.
 */
import { PARAMS, type SimConfig } from "../sim/config";
import { PAGE_BOUNDS, costProblem } from "../sim/cost";
import { lastCommandMs, scriptFromFile, scriptToFile, type RunScript } from "../sim/script";
import { startSimWorker } from "../worker/client";
import type { FromWorker, LiveCommand, ToWorker, ViewQuery } from "../worker/messages";
import type { GraphTopology, GraphView } from "./graph/types";
import { download, fileStamp } from "./download";
import { findLesson } from "./lessons/lessons";
import { createCompareRun, formatComparison, parseComparison } from "./compare";
import { cutOff, parsePartition } from "./partition";
import { applyFrame, clockDue } from "./frame-state";
import { createWorkerLink, type PageEvent, type WindowReply } from "./link";
import { addNotices, useUi, type ForkNotice } from "./store";
import { parseRunUrl, resolveConfig } from "./url";
import { syncUrl } from "./url-sync";
import { createTeaching } from "./teach";

/** While playing, the clock, the round and the Timeline are brought up to date at most this often, wall ms. */
const CLOCK_REFRESH_MS = 100;
/** Largest run file the page opens, bytes. */
export const MAX_RUN_FILE_BYTES = 5_000_000;

/** Changing one of these builds a new network, so it starts a new run; the rest change the run live. */
const NEW_RUN_KEYS: readonly (keyof SimConfig)[] = PARAMS.filter((p) => !p.live).map((p) => p.key);

export interface Controller {
  togglePlay(): void;
  step(): void;
  /** One gossip round back, paused. */
  stepBack(): void;
  /** Show the run at model time `t` (0 to the horizon), paused. */
  seek(t: number): void;
  /** Back to time 0 with nothing injected, paused. */
  reset(): void;
  /** Inject the next value at the selected node, or at a seeded random node when none is selected. */
  broadcast(): void;
  injectAt(node: number): void;
  select(node: number | null): void;
  selectValue(valueIndex: number | null): void;
  /** Changes settings (a new run for the network's); false when refused (a notice says why) and nothing changed. */
  changeConfig(patch: Partial<SimConfig>): boolean;
  setSpeed(speed: number): void;
  crash(node: number): void;
  restart(node: number): void;
  /** Undo the last fork: bring back the future it discarded. */
  undo(): void;
  /** Nodes picked for a partition group (replaces the pick). */
  mark(nodes: readonly number[]): void;
  /** Cut the picked nodes off into a group of their own. */
  cutOff(): void;
  /** Apply a partition written as `n1 n2 | n3 n4`; returns the problem, or null when applied. */
  applyPartition(text: string): string | null;
  heal(): void;
  /** Show the message in flight with this send seq (null: none). */
  inspectMessage(sendSeq: number | null): void;
  dropMessage(sendSeq: number): void;
  exportRun(): void;
  exportMessageLog(): void;
  /** A window of the run's journal (for the space-time diagram); resolves null when the run changed meanwhile. */
  requestWindow(fromMs: number, toMs: number, value: number | null): Promise<WindowReply | null>;
  /** A message of the run by its send seq, as Maelstrom JSON (null: none). */
  messageAt(sendSeq: number, sentAtMs: number): Promise<string | null>;
  /** Draw the selected value's spread tree on the graph (or stop). */
  setShowTree(on: boolean): void;
  /** The Knowledge grid is open (its data rides with frames) or closed. */
  setKnowledgeOpen(open: boolean): void;
  /** Mark a message's link on the graph (hovered in the diagram), or none. */
  highlightMessage(link: { src: number; dest: number } | null): void;
  /** A link that opens this run at the moment shown in predict mode, asking `question`. */
  challengeLink(question: string): string;
  /** The student's answer to the challenge: lift the limit, and play on. */
  reveal(prediction: string): void;
  /** Show lesson `id` at step `step` (from 0): its run, held at its moment when it asks for a prediction. */
  openLesson(id: string, step: number): void;
  /** Leave the lesson; the run stays. */
  leaveLesson(): void;
  /** The student's answer to the lesson step's prediction: the run plays on. */
  answerLesson(answer: string): void;
  /** Compare this run with one that changes the settings `text` names (`gossip=push-pull,drop=0.3`); returns the problem, or null. */
  startCompare(text: string): string | null;
  stopCompare(): void;
  attachCompareGraph(view: GraphView | null): void;
  /** Open a run file; a bad one leaves the current run as it is and says why. */
  importRun(file: File): Promise<void>;
  /** After a failure: a fresh worker, the same parameters, paused. */
  restartWorker(): void;
  attachGraph(view: GraphView | null): void;
  dispose(): void;
}

export function createController(): Controller {
  let graph: GraphView | null = null;
  let topology: GraphTopology | null = null;
  /** Run the page expects frames from; frames of an older run are dropped. */
  let expectedRunId = 0;
  /** The last metrics' values as JSON (see onFrame). */
  let valuesJson = "";
  /** When the store's clock was last brought up to date (wall ms). */
  let clockShownAt = -Infinity;
  /** The partition in force at the moment shown, a group per node (null: none), for Cut off. */
  let groups: Int32Array | null = null;
  /** The script of the last run asked to open. */
  let loading: RunScript | null = null;
  /** The view query last sent (see syncView). */
  let sentView: ViewQuery | null = null;
  /** The run Reset put aside, offered back (Undo) once the new run is ready. */
  let resetAside: NonNullable<ForkNotice["reset"]> | null = null;
  const link = createWorkerLink(
    {
      startWorker: startSimWorker,
      now: () => performance.now(),
      hidden: () => typeof document !== "undefined" && document.hidden,
      requestFrame: (callback) => requestAnimationFrame(callback),
      cancelFrame: (id) => cancelAnimationFrame(id),
      every: (ms, fn) => {
        const id = setInterval(fn, ms);
        return () => clearInterval(id);
      },
    },
    {
      onEvent,
      onStall: (message) => useUi.setState({ failure: message, busy: true, playing: false }),
      onStallCleared: () => useUi.setState({ failure: null, busy: false }),
      onFailure: (message) => useUi.setState({ failure: message, busy: false, playing: false }),
    },
  );

  const initial = parseRunUrl(location.search);
  const compareRun = createCompareRun();
  useUi.setState({ config: initial.config, speed: initial.speed, demo: initial.demo });
  addNotices(initial.notices);

  function send(message: ToWorker, transfer?: Transferable[]): void {
    link.send(message, transfer);
  }

  /**
   * Tells the worker what the page looks at whenever that changes (a store subscriber): frames then
   * carry the answers for their own moment, so nothing is asked for again frame after frame.
   */
  function syncView(force = false): void {
    const s = useUi.getState();
    const view: ViewQuery = { node: s.selectedNode, value: s.selectedValue, tree: s.showTree, knowledge: s.knowledgeOpen, message: s.message?.sendSeq ?? null };
    if (!force && sentView !== null && sameView(sentView, view)) return;
    sentView = view;
    send({ type: "view", view });
  }

  /** Hands the worker a port to the graph's painter where it runs in a worker, or takes it back. */
  function connectPainter(): void {
    const port = graph?.feedPort() ?? null;
    link.setFedDirectly(port !== null);
    send({ type: "paintPort", port }, port ? [port] : []);
  }

  function onFrame(event: Extract<FromWorker, { type: "frame" }>): void {
    if (event.runId !== expectedRunId) return;
    const state = useUi.getState();
    if (state.compare) compareRun.follow(event.nowMs, event.playing, state.speed);
    graph?.update(event);
    graph?.setClock(event.nowMs, event.playing ? state.speed : 0);
    const wall = performance.now();
    const showClock = clockDue(state, event, wall - clockShownAt, CLOCK_REFRESH_MS);
    if (showClock) clockShownAt = wall;
    const applied = applyFrame(state, event, showClock, valuesJson);
    valuesJson = applied.valuesJson;
    const patch = applied.patch;
    if (event.metrics) {
      graph?.setOrigins([...new Set(event.metrics.values.map((v) => v.origin))]);
      const chain = event.lesson?.chain;
      graph?.setChain(chain && chain.length > 0 ? [chain[0]!.from, ...chain.map((hop) => hop.node)] : null);
      if (state.showTree) graph?.setTree(event.tree ?? null);
    }
    groups = event.groups;
    useUi.setState(patch);
  }

  /** The one switch for everything the worker says. */
  function onEvent(event: PageEvent): void {
    switch (event.type) {
      case "ready": {
        expectedRunId = event.runId;
        topology = { names: event.names, edges: event.edges, topology: event.config.topology, runId: event.runId };
        graph?.setTopology(topology);
        graph?.setSelectedNode(null);
        graph?.setMarked([]);
        const aside = resetAside;
        resetAside = null;
        const fork: ForkNotice | null = aside ? { forkId: 0, atMs: 0, discarded: aside.script.commands.length, reset: aside } : null;
        useUi.setState({ runId: event.runId, config: event.config, nodeNames: event.names, edges: event.edges, fork, message: null, marked: [], partition: "" });
        break;
      }
      case "script":
        if (event.runId !== expectedRunId) break;
        useUi.setState({ script: event.script });
        restartCompare();
        break;
      case "forked":
        useUi.setState({ fork: { forkId: event.forkId, atMs: event.atMs, discarded: event.discarded } });
        break;
      case "frame":
        onFrame(event);
        break;
      case "messageLog":
        download(`gossipscope-messages-${fileStamp()}.jsonl`, event.lines.length === 0 ? "" : event.lines.join("\n") + "\n", "application/x-ndjson");
        break;
      case "rejected":
        addNotices([`Not done: ${event.message}.`]);
        break;
      case "notice":
        addNotices([event.message]);
        break;
      case "loadFailed":
        if (useUi.getState().runId === 0 && loading !== null) {
          // Nothing shown yet (the page opened on this link): its settings, without its commands.
          addNotices([`That run could not be opened (${event.message}); here are its settings without its commands.`]);
          startRun(loading.config, false, false);
        } else addNotices([`That run could not be opened (${event.message}); the current run is unchanged.`]);
        break;
      default: {
        const unknown: never = event;
        console.warn("unknown event from the simulation worker", unknown);
      }
    }
  }

  function clearRunState(): void {
    useUi.setState({ round: 0, nowMs: 0, horizonMs: 0, metrics: null, selectedNode: null, selectedValue: null, inspected: null, script: null, fork: null, message: null });
  }

  function startRun(config: SimConfig, demo: boolean, playing: boolean): void {
    clearRunState();
    send({ type: "start", config, demo, playing });
  }

  /** Opens `script` in place of the run shown, with nothing of that run left in the store meanwhile. */
  function openRun(script: RunScript, atMs: number, endMs: number, playing: boolean): void {
    clearRunState();
    loadRun(script, atMs, endMs, playing);
  }

  function loadRun(script: RunScript, atMs: number, endMs: number, playing: boolean): void {
    loading = script;
    send({ type: "load", script, atMs, endMs, playing });
  }

  function bootWorker(first: boolean): void {
    const { script, nowMs, horizonMs } = useUi.getState();
    // A fresh worker has no run yet (a run it cannot open falls back to the settings, as at first).
    useUi.setState({ failure: null, busy: false, playing: false, runId: 0 });
    link.boot();
    send({ type: "speed", speed: useUi.getState().speed });
    connectPainter();
    const saved = first ? initial.saved : null;
    const lesson = first && initial.lesson ? findLesson(initial.lesson.id) : undefined;
    if (first && initial.lesson && !lesson) addNotices([`There is no lesson "${initial.lesson.id}": the Lessons panel lists them.`]);
    if (lesson) {
      const asked = initial.lesson!.step;
      if (asked > lesson.steps.length) addNotices([`The lesson "${lesson.title}" has ${lesson.steps.length} steps: here is the last.`]);
      teach.showLesson(lesson.id, Math.min(asked, lesson.steps.length) - 1);
    } else if (saved && initial.challenge !== null) {
      teach.openChallenge({ config: initial.config, commands: saved.commands }, saved.atMs, initial.challenge);
    } else if (saved) {
      openRun({ config: initial.config, commands: saved.commands }, saved.atMs, saved.endMs, !saved.paused);
    } else if (!first && script) {
      // After a failure: the run that was open, commands and all, at the moment shown (paused).
      openRun(script, Math.min(nowMs, horizonMs), horizonMs, false);
    } else {
      startRun(script?.config ?? useUi.getState().config, first && initial.demo, false);
    }
    // A fresh worker knows nothing of what the page looks at.
    syncView(true);
  }

  /** The compared run again from the run's script and the comparison's settings, at the moment shown. */
  function restartCompare(): void {
    const { compare, script, nowMs } = useUi.getState();
    if (!compare || !script) return;
    const config = resolveConfig({ ...script.config, ...compare.patch }).config;
    useUi.setState({ compare: { ...compare, metrics: null, error: null } });
    compareRun.start(config, script.commands, nowMs);
  }

  function engine(command: LiveCommand): void {
    send({ type: "engine", command });
  }

  const teach = createTeaching({ send, open: openRun });
  const stopSyncingUrl = syncUrl({
    replace: (search) => history.replaceState(history.state, "", search + location.hash),
    now: () => performance.now(),
    notice: (text) => addNotices([text]),
  });
  bootWorker(true);
  const stopSyncingView = useUi.subscribe(() => syncView());
  if (initial.compare !== null) {
    const parsed = parseComparison(initial.compare);
    if ("error" in parsed) addNotices([`This link's comparison could not be read (${parsed.error}).`]);
    else useUi.setState({ compare: { text: formatComparison(parsed.patch), patch: parsed.patch, metrics: null, error: null } });
  }

  return {
    togglePlay() {
      send({ type: useUi.getState().playing ? "pause" : "play" });
    },
    step() {
      send({ type: "step" });
    },
    stepBack() {
      send({ type: "stepBack" });
    },
    seek(t) {
      link.seek(t);
    },
    reset() {
      const { script, nowMs, horizonMs, config } = useUi.getState();
      // Nothing is lost: the run put aside comes back with Undo, at the moment it was shown.
      resetAside = script && (script.commands.length > 0 || horizonMs > 0) ? { script, atMs: nowMs, endMs: horizonMs } : null;
      startRun(script?.config ?? config, false, false);
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
    },
    selectValue(valueIndex) {
      useUi.setState({ selectedValue: valueIndex });
    },
    changeConfig(patch) {
      const state = useUi.getState();
      const before = state.config;
      const next: SimConfig = { ...before, ...patch };
      const changed = (key: keyof SimConfig) => next[key] !== before[key];
      const newRun = NEW_RUN_KEYS.some(changed);
      const resolved = newRun ? resolveConfig(next) : { config: next, notices: [] };
      // Asked before anything changes: a run the page cannot carry is refused, and the settings stay.
      const problem = costProblem(resolved.config, PAGE_BOUNDS, "the page");
      if (problem !== null) {
        addNotices([`Not done: ${problem}.`]);
        return false;
      }
      addNotices(resolved.notices);
      useUi.setState({ config: resolved.config });
      if (newRun) {
        // A new network: a new run from the settings in force, with this change.
        startRun(resolved.config, false, state.playing);
        return true;
      }
      if (changed("dropRate")) engine({ type: "setDropRate", dropRate: next.dropRate });
      if (changed("latencyMs")) engine({ type: "setLatency", latencyMs: next.latencyMs });
      const configure: Extract<LiveCommand, { type: "configure" }> = { type: "configure" };
      if (changed("fanout")) configure.fanout = next.fanout;
      if (changed("gossip")) configure.gossip = next.gossip;
      if (changed("forward")) configure.forward = next.forward;
      if (changed("gossipIntervalMs")) configure.gossipIntervalMs = next.gossipIntervalMs;
      if (Object.keys(configure).length > 1) engine(configure);
      return true;
    },
    setSpeed(speed) {
      const state = useUi.getState();
      useUi.setState({ speed });
      send({ type: "speed", speed });
      graph?.setClock(state.nowMs, state.playing ? speed : 0);
    },
    crash(node) {
      engine({ type: "crash", node });
    },
    restart(node) {
      engine({ type: "restart", node });
      // A notice that the node is crashed is no longer true.
      const name = useUi.getState().nodeNames[node];
      useUi.setState((s) => ({ notices: s.notices.filter((n) => !n.text.startsWith(`Not done: ${name} is crashed`)) }));
    },
    undo() {
      const fork = useUi.getState().fork;
      if (!fork) return;
      useUi.setState({ fork: null });
      if (fork.reset) {
        openRun(fork.reset.script, fork.reset.atMs, fork.reset.endMs, false);
      } else send({ type: "undo", forkId: fork.forkId });
    },
    mark(nodes) {
      const unique = [...new Set(nodes)].sort((a, b) => a - b);
      useUi.setState({ marked: unique });
      graph?.setMarked(unique);
    },
    cutOff() {
      const marked = useUi.getState().marked;
      if (marked.length === 0) return;
      engine({ type: "partition", groups: cutOff(groups, marked) });
      this.mark([]);
    },
    applyPartition(text) {
      const parsed = parsePartition(text, useUi.getState().nodeNames);
      if ("error" in parsed) return parsed.error;
      engine({ type: "partition", groups: parsed.groups });
      return null;
    },
    heal() {
      engine({ type: "heal" });
    },
    inspectMessage(sendSeq) {
      useUi.setState({ message: sendSeq === null ? null : { sendSeq, info: null } });
      graph?.setInspectedMessage(sendSeq);
    },
    dropMessage(sendSeq) {
      engine({ type: "dropMessage", sendSeq });
    },
    exportRun() {
      const { script, horizonMs } = useUi.getState();
      if (!script) return;
      download(`gossipscope-run-${fileStamp()}.json`, scriptToFile(script, horizonMs), "application/json");
    },
    setShowTree(on) {
      useUi.setState({ showTree: on });
      if (!on) graph?.setTree(null);
    },
    setKnowledgeOpen(open) {
      useUi.setState(open ? { knowledgeOpen: true } : { knowledgeOpen: false, knowledge: null });
    },
    highlightMessage(edge) {
      graph?.setHighlightedLink(edge);
    },
    challengeLink(question) {
      return teach.challengeLink(question, location.origin + location.pathname);
    },
    reveal: (prediction) => teach.reveal(prediction),
    openLesson: (id, step) => teach.showLesson(id, step),
    leaveLesson: () => teach.leaveLesson(),
    answerLesson: (answer) => teach.answerLesson(answer),
    startCompare(text) {
      const parsed = parseComparison(text);
      if ("error" in parsed) return parsed.error;
      useUi.setState({ compare: { text: formatComparison(parsed.patch), patch: parsed.patch, metrics: null, error: null }, compareOpen: false });
      restartCompare();
      return null;
    },
    stopCompare() {
      useUi.setState({ compare: null });
      compareRun.dispose();
    },
    attachCompareGraph(view) {
      compareRun.attachGraph(view);
    },
    requestWindow(fromMs, toMs, value) {
      return link.window(fromMs, toMs, value);
    },
    messageAt(sendSeq, sentAtMs) {
      return link.messageAt(sendSeq, sentAtMs);
    },
    exportMessageLog() {
      send({ type: "exportLog" });
    },
    async importRun(file) {
      const refuse = (why: string) => addNotices([`Could not open ${JSON.stringify(file.name.slice(0, 60))}: ${why}. The current run is unchanged.`]);
      if (file.size > MAX_RUN_FILE_BYTES) return refuse(`it is ${Math.round(file.size / 1e6)} MB; a run file is at most ${MAX_RUN_FILE_BYTES / 1e6} MB`);
      let text: string;
      try {
        text = await file.text();
      } catch {
        return refuse("the file could not be read");
      }
      const read = scriptFromFile(text, "page");
      if ("error" in read) return refuse(read.error);
      const { script, endMs } = read.value;
      const end = endMs ?? lastCommandMs(script);
      loadRun(script, end, end, false);
    },
    restartWorker() {
      bootWorker(false);
    },
    attachGraph(view) {
      graph = view;
      if (!view) {
        connectPainter();
        return;
      }
      const state = useUi.getState();
      if (topology) view.setTopology(topology);
      view.setSelectedNode(state.selectedNode);
      view.setMarked(state.marked);
      view.setClock(state.nowMs, state.playing ? state.speed : 0);
      connectPainter();
    },
    dispose() {
      compareRun.dispose();
      stopSyncingView();
      teach.dispose();
      stopSyncingUrl();
      link.dispose();
    },
  };
}


function sameView(a: ViewQuery, b: ViewQuery): boolean {
  return a.node === b.node && a.value === b.value && a.tree === b.tree && a.knowledge === b.knowledge && a.message === b.message;
}
