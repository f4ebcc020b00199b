/**
 * Hosts one run (a Timeline: its script, the engine at the moment shown, checkpoints) and paces it
 * against wall time. Pure of worker globals: ./sim.worker.ts gives it `post` and a wall clock, so a
 * unit test can drive it with a fake clock and read every message.
 *
 * Pacing: while playing, model time advances by (wall ms since the last frame) x speed, the wall step
 * capped at MAX_WALL_STEP_MS so that a throttled tab or a slow frame slows the run instead of making
 * it jump. Playing after a seek back replays the recorded future (its commands included) until the
 * horizon, then goes on live. Every command goes through the timeline, so the script is the run.
 */
import type { SimConfig } from "../sim/config";
import { runTopology } from "../sim/engine";
import type { Engine, PendingMessages } from "../sim/engine-api";
import { PAGE_BOUNDS, costProblem, scriptCostProblem } from "../sim/cost";
import { RecordKind, batchBuffers, type JournalBatch } from "../sim/journal";
import { messageLog } from "../sim/message-log";
import { Rng, deriveSeed } from "../sim/rng";
import type { RunScript } from "../sim/script";
import { Timeline, type Fork } from "../sim/timeline";
import { MAX_SPEED, MAX_WINDOW_RECORDS, MIN_SPEED, NO_VIEW, PAGE_FRAME_MS, VIEW_MEMORY_MS, type ViewQuery, type FrameMessage, type FromWorker, type PaintFeedFrame, type PaintPort, type ToWorker } from "./messages";

/** Longest wall time one frame may account for, ms (a hidden tab gets no frames, then one capped step). */
export const MAX_WALL_STEP_MS = 100;
/**
 * Wall ms one frame may spend running the model. Past it the frame goes out with the model where it
 * got to: a run too big for real time plays slower instead of the worker going quiet.
 */
export const WORK_BUDGET_MS = 50;
/** Metrics (and the inspected node) go up at most this often while playing, wall ms. */
export const METRICS_INTERVAL_MS = 200;
/** A compared run following another's clock animates moves up to this long (ms); longer ones are jumps. */
const MAX_FOLLOW_STEP_MS = 250;
/** Journal ring size: records the page may fall behind by before it is told it lost some. */
const JOURNAL_CAPACITY = 1 << 17;
/** Recent protocol messages kept per inspected node. */
const TRACE_DEPTH = 40;
/** The page's runs: who taught whom is kept (How n7 learned 1, the spread tree) and wire bytes measured. */
const TIMELINE_OPTIONS = { journalCapacity: JOURNAL_CAPACITY, traceDepth: TRACE_DEPTH, recordLearning: true, wireBytes: true } as const;
/** Values the Knowledge grid shows at most (the newest). */
export const KNOWLEDGE_VALUES = 24;
/** Model ms a load replays between checks of the messages in flight. */
const REPLAY_SLICE_MS = 1000;
/** Stream of the run seed that picks where "Broadcast" without a selected node injects. */
const PICK_STREAM = 0x62726f61;

export interface HostDeps {
  post(message: FromWorker, transfer: Transferable[]): void;
  /** Wall clock, ms (performance.now in the worker). */
  wallNowMs(): number;
  /** Messages in flight past which play pauses: PAGE_BOUNDS.inFlight unless a test says otherwise. */
  maxInFlight?: number;
}

/** One reader of the run's frames: the page, or the graph's painter on its own port. */
interface Feed {
  /** It asked for a frame and has not had it yet. */
  requested: boolean;
  /** Something changed that it has not seen, so a frame is due even while paused. */
  changed: boolean;
  /** The shown moment jumped: its next frame carries what is in flight instead of a journal delta. */
  jumped: boolean;
  /** Journal seq it has read up to. */
  cursor: number;
  /** Wall ms of its last frame, and whether that frame said the run plays. */
  sentAtWallMs: number;
  sentPlaying: boolean;
}

function newFeed(): Feed {
  return { requested: false, changed: true, jumped: true, cursor: 0, sentAtWallMs: -Infinity, sentPlaying: false };
}

export interface SimHost {
  handle(message: ToWorker): void;
}

export function createSimHost(deps: HostDeps): SimHost {
  let timeline: Timeline | null = null;
  let runId = 0;
  let pickRng = new Rng(0);
  let playing = false;
  /** Model ms at which a step stops, or null when not stepping. */
  let stepUntilMs: number | null = null;
  let speed = 0.25;
  /** Fractional model clock, ms; the engine is advanced to its floor. */
  let modelClockMs = 0;
  let lastWallMs = 0;
  const page = newFeed();
  /** The graph's painter, when the page handed over a port to it; else its frames go through the page. */
  let paint: { port: PaintPort; feed: Feed } | null = null;
  let metricsDue = false;
  let lastMetricsWallMs = -Infinity;
  /** What the page looks at (answered with each frame's metrics). */
  let view: ViewQuery = NO_VIEW;
  /** The last fork, for Undo (one level). */
  let lastFork: { id: number; fork: Fork } | null = null;
  /** A challenge's moment: the run does not go past it (play pauses there) until the answer is in. */
  let limitMs: number | null = null;
  let nextForkId = 1;
  const maxInFlight = deps.maxInFlight ?? PAGE_BOUNDS.inFlight;
  /** The last frame's model time fell short of the wall clock's (the work budget ran out). */
  let behind = false;

  function post(message: FromWorker, transfer: Transferable[] = []): void {
    deps.post(message, transfer);
  }

  function postScript(t: Timeline): void {
    post({ type: "script", runId, script: { config: { ...t.script.config }, commands: t.script.commands.slice() } });
  }

  /** Tells the page a new run's graph: from here on, what the worker says is of this run. */
  function announce(config: SimConfig, names: readonly string[], graphEdges: Uint32Array): void {
    runId++;
    const edges = graphEdges.slice();
    post({ type: "ready", runId, config: { ...config }, names: [...names], edges }, [edges.buffer]);
  }

  /** Makes `next`, announced, the run shown: tells the page its script. */
  function adopt(next: Timeline): void {
    timeline = next;
    const e = next.engine;
    pickRng = new Rng(deriveSeed(e.config.seed, PICK_STREAM));
    stepUntilMs = null;
    lastFork = null;
    limitMs = null;
    postScript(next);
    modelClockMs = e.nowMs;
    touch(true);
    metricsDue = true;
  }

  function startRun(message: Extract<ToWorker, { type: "start" }>): void {
    // Asked before anything is built: a graph of millions of links is refused, not built.
    const problem = costProblem(message.config, PAGE_BOUNDS, "the page");
    if (problem !== null) throw new RangeError(problem);
    // The page gets the graph before the nodes are built, and lays it out and draws it meanwhile:
    // at 20,000 nodes building them takes several times longer than the graph.
    const graph = runTopology(message.config);
    announce(message.config, graph.names, graph.edges);
    const next = new Timeline({ config: message.config, commands: [] }, TIMELINE_OPTIONS);
    adopt(next);
    // The demo's broadcast is a command of the script like any other.
    if (message.demo) broadcast(next, null);
    setPlaying(message.playing || message.demo);
  }

  function loadRun(message: Extract<ToWorker, { type: "load" }>): void {
    let next: Timeline;
    try {
      next = openScript(message.script, message.endMs);
      next.seek(message.atMs);
    } catch (err) {
      if (err instanceof RangeError) {
        post({ type: "loadFailed", message: err.message });
        return;
      }
      throw err;
    }
    announce(next.script.config, next.engine.nodeNames, next.engine.edges);
    adopt(next);
    setPlaying(message.playing);
  }

  function openScript(script: RunScript, endMs: number): Timeline {
    const untilMs = Math.max(endMs, script.commands.at(-1)?.t ?? 0);
    // Loading runs the script to its end at once: refuse, before anything is built, one whose graph,
    // rounds, messages in flight or replay the page cannot carry.
    const cost = scriptCostProblem(script.config, script.commands, PAGE_BOUNDS, "the page", untilMs);
    if (cost !== null) throw new RangeError(cost);
    const next = new Timeline(script, TIMELINE_OPTIONS);
    // Replaying obeys the bound that playing does: a run whose messages in flight pass it stops there.
    for (let t = Math.min(untilMs, REPLAY_SLICE_MS); ; t = Math.min(untilMs, t + REPLAY_SLICE_MS)) {
      next.advanceTo(t);
      const inFlight = next.engine.inFlightCount();
      if (inFlight > maxInFlight) {
        throw new RangeError(`replayed to ${(t / 1000).toLocaleString("en")} s, this run holds ${inFlight.toLocaleString("en")} messages in flight; the page carries ${maxInFlight.toLocaleString("en")}`);
      }
      if (t === untilMs) return next;
    }
  }

  function setPlaying(on: boolean): void {
    if (on && !playing) {
      lastWallMs = deps.wallNowMs();
      if (timeline) modelClockMs = timeline.nowMs;
    }
    if (!on) stepUntilMs = null;
    playing = on;
  }

  function act(t: Timeline, command: Parameters<Timeline["act"]>[0]): void {
    // A setting that would make the run more than the page carries is refused, and nothing changes.
    if (command.type === "configure" || command.type === "setLatency") {
      const { type: _type, ...changes } = command;
      const problem = costProblem({ ...t.engine.config, ...changes }, PAGE_BOUNDS, "the page");
      if (problem !== null) throw new RangeError(problem);
    }
    const { fork } = t.act(command);
    if (fork) {
      lastFork = { id: nextForkId++, fork };
      post({ type: "forked", forkId: lastFork.id, atMs: fork.atMs, discarded: fork.commands.length });
    }
    postScript(t);
  }

  function broadcast(t: Timeline, node: number | null): void {
    const e = t.engine;
    let at = node;
    if (at === null) {
      const live: number[] = [];
      for (let i = 0; i < e.nodeNames.length; i++) if (e.isAlive(i)) live.push(i);
      if (live.length === 0) throw new RangeError("every node is crashed: restart one to broadcast");
      at = live[pickRng.int(live.length)]!;
    } else {
      checkNode(e, at);
      if (!e.isAlive(at)) throw new RangeError(`${e.nodeNames[at]} is crashed: restart it, or select another node, to broadcast there`);
    }
    act(t, { type: "inject", node: at });
  }

  function seek(t: Timeline, toMs: number): void {
    setPlaying(false);
    t.seek(toMs);
    modelClockMs = t.nowMs;
    touch(true);
  }

  function checkNode(e: Engine, node: number): void {
    if (!Number.isInteger(node) || node < 0 || node >= e.nodeNames.length) {
      throw new RangeError(`node ${node} does not exist (the run has ${e.nodeNames.length} nodes)`);
    }
  }

  /** One switch for every command from the page. */
  function apply(message: ToWorker): void {
    switch (message.type) {
      case "start":
        return startRun(message);
      case "load":
        return loadRun(message);
      case "speed":
        // Before the first run too: the page sends its speed before its first start.
        if (!(message.speed >= MIN_SPEED && message.speed <= MAX_SPEED)) throw new RangeError(`speed must be from ${MIN_SPEED} to ${MAX_SPEED}`);
        speed = message.speed;
        return;
      case "tick":
        page.requested = true;
        return;
      case "paintPort":
        return attachPainter(message.port);
    }
    const t = timeline;
    if (!t) return;
    switch (message.type) {
      case "play":
        setPlaying(true);
        break;
      case "pause":
        setPlaying(false);
        break;
      case "step":
        setPlaying(true);
        stepUntilMs = t.rounds().stepForward(t.nowMs);
        break;
      case "stepBack":
        seek(t, t.rounds().stepBack(t.nowMs));
        break;
      case "seek":
        if (!Number.isFinite(message.t)) throw new RangeError(`seek needs a time in ms, got ${message.t}`);
        seek(t, message.t);
        break;
      case "goto": {
        if (!(Number.isFinite(message.t) && message.t >= 0)) throw new RangeError(`goto needs a time in ms, got ${message.t}`);
        const to = Math.floor(message.t);
        if (to >= t.nowMs) {
          // Forward: run on. A short way, the frame's journal carries what happened (its messages
          // animate); a long way is a jump (what is in flight then), not seconds of history at once.
          setPlaying(false);
          if (to - t.nowMs > MAX_FOLLOW_STEP_MS) touch(true);
          t.advanceTo(to);
          modelClockMs = t.nowMs;
        } else seek(t, to);
        break;
      }
      case "broadcast":
        broadcast(t, message.node);
        break;
      case "engine":
        act(t, message.command);
        break;
      case "limit":
        limitMs = message.atMs;
        break;
      case "undo":
        if (lastFork === null || lastFork.id !== message.forkId) throw new RangeError("there is nothing to undo any more");
        setPlaying(false);
        t.undo(lastFork.fork);
        lastFork = null;
        modelClockMs = t.nowMs;
        touch(true);
        postScript(t);
        break;
      case "view":
        if (message.view.node !== null) checkNode(t.engine, message.view.node);
        view = { ...message.view };
        break;
      case "window": {
        const journal = t.journalWindow(message.fromMs, message.toMs, MAX_WINDOW_RECORDS);
        const key = message.value === null ? undefined : t.engine.values()[message.value]?.key;
        const carriers = key === undefined ? null : Float64Array.from(t.carriers(message.fromMs, message.toMs, key, MAX_WINDOW_RECORDS));
        const reply: FromWorker = { type: "window", id: message.id, fromMs: message.fromMs, toMs: message.toMs, journal, carriers, truncated: journal.to - journal.from >= MAX_WINDOW_RECORDS };
        post(reply, carriers ? [...batchBuffers(journal), carriers.buffer] : batchBuffers(journal));
        return;
      }
      case "messageAt": {
        const msg = t.messageAt(message.sendSeq, message.sentAtMs);
        post({ type: "messageAt", sendSeq: message.sendSeq, line: msg === null ? null : JSON.stringify(msg) });
        return;
      }
      case "exportLog":
        post({ type: "messageLog", lines: messageLog(t.script, t.nowMs) });
        return;
      default: {
        const unknown: never = message;
        throw new RangeError(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
    touch(false);
    metricsDue = true;
  }

  /** Every reader has something new to see; with `jump`, the shown moment jumped. */
  function touch(jump: boolean): void {
    for (const feed of paint ? [page, paint.feed] : [page]) {
      feed.changed = true;
      if (jump) feed.jumped = true;
    }
  }

  /** Frames for the painter go over `port` from now on (its first says what is in flight), or through the page again. */
  function attachPainter(port: PaintPort | null): void {
    paint?.port.close();
    paint = null;
    if (port === null) return;
    const link = { port, feed: newFeed() };
    paint = link;
    port.onmessage = () =>
      run(() => {
        if (paint === link) link.feed.requested = true;
      });
  }

  function advance(t: Timeline): void {
    const wallMs = deps.wallNowMs();
    const wallStepMs = Math.min(Math.max(0, wallMs - lastWallMs), MAX_WALL_STEP_MS);
    lastWallMs = wallMs;
    modelClockMs = Math.max(modelClockMs, t.nowMs) + wallStepMs * speed;
    // Where play stops: the end of a step, or a challenge's moment.
    const stopAt = stepUntilMs === null ? limitMs : limitMs === null ? stepUntilMs : Math.min(stepUntilMs, limitMs);
    const stops = stopAt !== null && modelClockMs >= stopAt;
    if (stops) modelClockMs = Math.max(t.nowMs, stopAt);
    behind = !runWithinLimits(t, Math.floor(modelClockMs), wallMs);
    if (behind) modelClockMs = t.nowMs;
    else if (stops) setPlaying(false);
    if (stops || !playing || wallMs - lastMetricsWallMs >= METRICS_INTERVAL_MS) metricsDue = true;
  }

  /**
   * Runs the model to `toMs` one event time after another, within the frame's work budget: true when
   * it got there. Play pauses, with a notice saying why, when the messages in flight pass maxInFlight
   * (the cost model keeps runs whose settings could not be carried from starting at all).
   */
  function runWithinLimits(t: Timeline, toMs: number, startWallMs: number): boolean {
    const e = t.engine;
    for (;;) {
      const next = e.nextEventAtMs();
      if (next === null || next >= toMs) {
        t.advanceTo(toMs);
        return true;
      }
      const before = e.inFlightCount();
      t.advanceTo(next);
      const inFlight = e.inFlightCount();
      if (inFlight > maxInFlight && inFlight > before) {
        return hold(`Paused: ${inFlight.toLocaleString("en")} messages are in flight, more than the page holds (${maxInFlight.toLocaleString("en")}); play pauses again while that number grows. bin/gossip-sim runs this headless.`);
      }
      if (deps.wallNowMs() - startWallMs >= WORK_BUDGET_MS) return false;
    }
  }

  function hold(why: string): false {
    setPlaying(false);
    post({ type: "notice", message: why });
    return false;
  }

  /** What `feed` has not seen of the journal, or (after a jump) the view of the moment afresh (jumpView). */
  function read(t: Timeline, feed: Feed): Pick<FrameMessage, "journal" | "pending"> {
    if (feed.jumped) {
      feed.jumped = false;
      feed.cursor = t.journal.end;
      return jumpView(t);
    }
    const journal = t.engine.readJournal(feed.cursor);
    feed.cursor = journal.to;
    return { journal };
  }

  /** The nodes' states now, in fresh arrays (they are transferred). */
  function nodeStates(e: Engine): Pick<FrameMessage, "knownCounts" | "alive" | "groups" | "totalValues" | "selectedValueKnowers"> {
    const n = e.nodeNames.length;
    const knownCounts = new Uint32Array(n);
    const alive = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      knownCounts[i] = e.knownCount(i);
      alive[i] = e.isAlive(i) ? 1 : 0;
    }
    const totalValues = e.values().length;
    let selectedValueKnowers: Uint8Array | null = null;
    const selected = view.value;
    if (selected !== null && selected < totalValues) {
      selectedValueKnowers = new Uint8Array(n);
      for (let i = 0; i < n; i++) selectedValueKnowers[i] = e.knows(i, selected) ? 1 : 0;
    }
    return { knownCounts, alive, groups: e.partitionGroups(), totalValues, selectedValueKnowers };
  }

  function paintFrame(t: Timeline, feed: Feed): PaintFeedFrame {
    const e = t.engine;
    return { type: "frame", runId, nowMs: e.nowMs, modelMsPerWallMs: playing ? speed : 0, ...read(t, feed), ...nodeStates(e) };
  }

  function frame(t: Timeline): FrameMessage {
    const e = t.engine;
    const message: FrameMessage = {
      type: "frame",
      runId,
      nowMs: e.nowMs,
      horizonMs: t.horizonMs,
      round: e.round,
      playing,
      behind: playing && behind,
      ...read(t, page),
      ...nodeStates(e),
    };
    if (metricsDue) {
      message.metrics = e.metrics();
      message.config = { ...e.config };
      // A query may name a node of the previous run until the page's next one comes.
      const node = view.node !== null && view.node < e.nodeNames.length ? view.node : null;
      const value = view.value;
      if (node !== null) message.inspect = e.inspect(node);
      if (node !== null && value !== null) message.lesson = { node, value, chain: e.howLearned(node, value) };
      if (view.tree && value !== null) {
        const tree = spreadTree(e, value);
        if (tree) message.tree = tree;
      }
      if (view.knowledge) message.knowledge = knowledge(e);
      if (view.message !== null) message.message = { sendSeq: view.message, info: e.inFlight(view.message) };
      metricsDue = false;
      lastMetricsWallMs = deps.wallNowMs();
    }
    return message;
  }

  function transferables(message: FrameMessage | PaintFeedFrame): Transferable[] {
    const list: Transferable[] = [...batchBuffers(message.journal), message.knownCounts.buffer, message.alive.buffer];
    if (message.selectedValueKnowers) list.push(message.selectedValueKnowers.buffer);
    if (message.groups) list.push(message.groups.buffer);
    if ("tree" in message && message.tree) list.push(message.tree.parent.buffer, message.tree.depth.buffer);
    if ("knowledge" in message && message.knowledge) list.push(message.knowledge.rounds.buffer);
    const p = message.pending;
    if (p) list.push(p.src.buffer, p.dest.buffer, p.sentAt.buffer, p.arrivesAt.buffer, p.type.buffer, p.sendSeq.buffer, p.reason.buffer);
    return list;
  }

  /**
   * Answers outstanding frame requests when there is something to show: the painter's at every
   * request while playing; the page's too, unless the painter has a port of its own, when the page
   * hears of a run that plays at most every PAGE_FRAME_MS (and at once of a command or a pause). The
   * painter's requests then pace the run: in a hidden tab, whose painter asks for nothing, it waits,
   * as it did when the page's animation frames asked.
   */
  function pump(): void {
    const t = timeline;
    const link = paint;
    const painterAsks = link !== null && link.feed.requested;
    if (!t || !(page.requested || painterAsks)) return;
    const wasPlaying = playing;
    if (playing) advance(t);
    if (painterAsks && (wasPlaying || link.feed.changed || link.feed.jumped)) {
      const message = paintFrame(t, link.feed);
      link.feed.requested = false;
      link.feed.changed = false;
      link.port.postMessage(message, transferables(message));
    }
    if (!page.requested) return;
    const wallMs = deps.wallNowMs();
    const due =
      link === null
        ? wasPlaying || page.changed || metricsDue || page.jumped
        : page.changed || page.jumped || playing !== page.sentPlaying || (playing ? wallMs - page.sentAtWallMs >= PAGE_FRAME_MS : metricsDue);
    if (!due) return;
    const message = frame(t);
    page.requested = false;
    page.changed = false;
    page.sentAtWallMs = wallMs;
    page.sentPlaying = playing;
    post(message, transferables(message));
  }

  /** Applies a command, then answers what frame requests it can. */
  function run(command: () => void): void {
    try {
      command();
    } catch (err) {
      // The engine throws RangeError for a command it refuses and leaves the run unchanged; anything
      // else means the run's state can no longer be trusted.
      if (!(err instanceof RangeError)) return fail(err);
      post({ type: "rejected", message: err.message });
    }
    try {
      pump();
    } catch (err) {
      fail(err);
    }
  }

  function fail(err: unknown): void {
    timeline = null;
    playing = false;
    post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }

  return {
    handle(message: ToWorker): void {
      run(() => apply(message));
    },
  };
}

/**
 * What a view needs to draw the moment shown as it drew it live: the messages in flight
 * VIEW_MEMORY_MS before it (those in flight now that were sent before then, and those sent before
 * then and lost since, found by their Send records), and the journal of those last VIEW_MEMORY_MS.
 * The view takes them as it took them live, so a fading cross or a learning ring is where it was.
 */
export function jumpView(t: Timeline): { journal: JournalBatch; pending: PendingMessages } {
  const now = t.nowMs;
  const from = Math.max(0, now - VIEW_MEMORY_MS);
  const journal = t.journalWindow(from, now, MAX_WINDOW_RECORDS);
  const inFlight = t.engine.pendingMessages();
  const rows: { src: number; dest: number; sentAt: number; arrivesAt: number; type: number; sendSeq: number; reason: number }[] = [];
  for (let i = 0; i < inFlight.sentAt.length; i++) {
    if (inFlight.sentAt[i]! >= from) continue; // its Send record is in the journal
    rows.push({ src: inFlight.src[i]!, dest: inFlight.dest[i]!, sentAt: inFlight.sentAt[i]!, arrivesAt: inFlight.arrivesAt[i]!, type: inFlight.type[i]!, sendSeq: inFlight.sendSeq[i]!, reason: inFlight.reason[i]! });
  }
  const lostSince = new Set<number>();
  let sentFrom = from;
  for (let k = 0; k < journal.to - journal.from; k++) {
    if (journal.kind[k] !== RecordKind.Drop || journal.sendSeq[k]! >= journal.from) continue;
    lostSince.add(journal.sendSeq[k]!);
    sentFrom = Math.min(sentFrom, journal.at[k]!);
  }
  for (const send of t.sendRecords(lostSince, sentFrom, from)) {
    rows.push({ src: send.src, dest: send.dest, sentAt: send.t, arrivesAt: send.at, type: send.type, sendSeq: send.seq, reason: send.reason });
  }
  const pending: PendingMessages = {
    src: Int32Array.from(rows, (r) => r.src),
    dest: Int32Array.from(rows, (r) => r.dest),
    sentAt: Float64Array.from(rows, (r) => r.sentAt),
    arrivesAt: Float64Array.from(rows, (r) => r.arrivesAt),
    type: Uint8Array.from(rows, (r) => r.type),
    sendSeq: Float64Array.from(rows, (r) => r.sendSeq),
    reason: Uint8Array.from(rows, (r) => r.reason),
  };
  return { journal, pending };
}

/** The spread tree of value `v` as parents and depths (see FrameMessage.tree); null when not recorded. */
export function spreadTree(e: Engine, v: number): { value: number; parent: Int32Array; depth: Int32Array } | null {
  const lessons = e.spreadTree(v);
  if (lessons === null) return null;
  const n = lessons.length;
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const from = lessons[i]?.from;
    if (from !== undefined && from >= 0) parent[i] = from;
  }
  // Depth by walking up to the origin (bounded by n: first deliveries make no cycle).
  for (let i = 0; i < n; i++) {
    if (lessons[i] === null) continue;
    let d = 0;
    for (let at = i; parent[at]! >= 0 && d <= n; at = parent[at]!) d++;
    depth[i] = d;
  }
  return { value: v, parent, depth };
}

/** The Knowledge grid: the newest KNOWLEDGE_VALUES values, per node the round each was learned in. */
function knowledge(e: Engine): { values: number[]; rounds: Int32Array } {
  const count = e.values().length;
  const values: number[] = [];
  for (let v = Math.max(0, count - KNOWLEDGE_VALUES); v < count; v++) values.push(v);
  const n = e.nodeNames.length;
  const rounds = new Int32Array(values.length * n);
  values.forEach((v, j) => rounds.set(e.roundsLearned(v)!, j * n));
  return { values, rounds };
}
