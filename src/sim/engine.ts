/* oxlint-disable max-lines -- the engine is one idea, the event loop over one state (`s`) that every message touches; its parts (queue, network, coverage, journal) already live in ./engine/, and splitting the loop from delivery and the nodes would route each message through another object. */
/**
 * The simulation engine: one protocol node per server, a network that delays, drops and
 * partitions, clients, a gossip clock, the journal and the metrics.
 *
 * Discrete events in integer model milliseconds. Events due at the same millisecond run in the
 * order they were scheduled (a FIFO bucket per millisecond, a min-heap of the distinct times), so a
 * run is a pure function of its configuration, its seed and the commands applied between advances:
 * advancing in one call or in many slices gives the same journal, byte for byte.
 *
 * Rounds. Round k fires at k * gossipIntervalMs (k >= 1; with jitter, node i fires at a fixed
 * offset after it). Every message carries the round that caused it: a round's messages carry that
 * round, and whatever a node emits while handling a message inherits the message's round. A value
 * injected after r0 rounds have fired that every live node knows once a message of round r has
 * arrived took r - r0 rounds (0: flooding alone reached everyone before any gossip round).
 */
import { GOSSIP_MODES, LATENCY_DISTS, configProblems, type SimConfig } from "./config";
import { INSPECT_IN_FLIGHT, type Command, type ControlEvent, type Engine, type InFlightMessage, type LearnedFrom, type MessageObserver, type NodeSnapshot, type PendingMessages, type RunMetrics } from "./engine-api";
import { Counters } from "./engine/counters";
import { runMetrics } from "./engine/metrics";
import { Coverage, type Lesson } from "./engine/coverage";
import { BYTES, CANCELLED, DEST, destOf, EventQueue, lostDest, lostReasonOf, floatSlot, intSlot, ROUND, ROUND_TICK, SEND_SEQ, SENT_AT, SRC, TYPE, VALUES, type Bucket } from "./engine/event-queue";
import { Network } from "./engine/network";
import { NETWORK_STREAM, TOPOLOGY_STREAM, nodeSeed, timerOffsets } from "./engine/seeds";
import { TraceRing } from "./engine/trace";
import { DropReason, Journal, MESSAGE_TYPES, RecordKind, controlTypeCode, lossAtMs, lostArrivalMs, messageTypeCode, type JournalBatch } from "./journal";
import { createNode, type HostedNode } from "./node";
import type { Body, Json, Message, Strategy } from "./protocol";
import { Rng, deriveSeed } from "./rng";
import { buildTopology } from "./topology";
import { canonicalJson, isJsonValue, jsonBytes, valueBytes } from "./values";

export interface EngineOptions {
  /** Journal ring size in records (rounded up to a power of two). Default 65,536. Ignored with `journal`. */
  journalCapacity?: number;
  /** The journal to append to (a timeline shares one between the runs it restores). */
  journal?: Journal;
  /**
   * Messages kept for `inspect` per node inspected (0: none, the default; the visualizer keeps a
   * few). A node's messages are recorded from its first inspect() on, so that checkpoints of a
   * run hold a few nodes' recent messages, not every node's.
   */
  traceDepth?: number;
  /** Told of every message and its fate (the message log export); none by default. */
  observer?: MessageObserver;
  /** Keep who taught whom each value (howLearned, spreadTree): 29 bytes per node and value. Off by default. */
  recordLearning?: boolean;
  /**
   * Keep each value's curve, rounds and costs but not which node knows it: no memory per node and
   * value in the engine's bookkeeping. For runs that never crash a node and never ask about one
   * node's values (trials): a crash, knows() and roundsLearned() throw, howLearned() answers null.
   * Off by default.
   */
  countsOnly?: boolean;
  /** Size every node-to-node message's JSON (RunMetrics.wireBytes, a value's bytes to all). Off by default: it costs a walk of each message. */
  wireBytes?: boolean;
}

const CONTROLLER = "c0";
const DEFAULT_CLIENT = "c1";
/** copyBytes(): the bytes a copied node costs, and each value it knows (measured at 1,000 nodes). */
const COPY_BYTES_PER_NODE = 600;
const COPY_BYTES_PER_KNOWN = 60;
/**
 * From this many nodes on, messages in flight are packed into numbers (engine/packed.ts). Below it
 * fewer are in flight than a young-generation collection holds, so they die young anyway and
 * packing them only cost time: 200 trials on a complete graph of 1,000 nodes took 8-15 % more CPU.
 */
const PACK_MIN_NODES = 10_000;
/** Messages outBuf may hold (already carried) before it is emptied. */
const OUT_BUF_MAX = 1024;

/** Values carried by a message body, as an array (a broadcast's single value is handled apart). */
function carriedValues(body: Body): readonly Json[] | undefined {
  switch (body.type) {
    case "gossip_sync":
    case "read_ok":
      return body.messages as Json[] | undefined;
    case "gossip_sync_ok":
      return body.missing as Json[] | undefined;
    case "digest_sync":
      return body.remote_messages as Json[] | undefined;
    case "digest_sync_ok":
      return body.local_messages as Json[] | undefined;
    default:
      return undefined;
  }
}

/**
 * The index of node name `name` ("n1" is 0, see runTopology) among `n` nodes, or -1 when it
 * names no node (a client). Parsed rather than looked up in a name -> index Map: this runs for
 * every message, and a lookup in a Map of 100,000 names misses the cache. Exact: "n" then a
 * decimal number without leading zeros, from 1 to n, is the whole set of node names.
 */
function nodeIndexOf(name: string, n: number): number {
  const len = name.length;
  // "n" + at most 10 digits: n < 2^32.
  if (len < 2 || len > 11 || name.charCodeAt(0) !== 110 /* n */ || name.charCodeAt(1) === 48 /* 0 */) return -1;
  let v = 0;
  for (let i = 1; i < len; i++) {
    const d = name.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v >= 1 && v <= n ? v - 1 : -1;
}

function checkFraction(name: string, x: number): void {
  if (!(typeof x === "number" && x >= 0 && x <= 1)) throw new RangeError(`${name} must be a number from 0 to 1, got ${String(x)}`);
}

function checkInteger(name: string, x: unknown, min: number): void {
  if (!(typeof x === "number" && Number.isInteger(x) && x >= min)) throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(x)}`);
}

/** A run's graph, its node names and its `topology` message body. Immutable once built: nodes keep references into it. */
export interface SharedTopology {
  edges: Uint32Array;
  names: string[];
  body: Body;
}

/**
 * The last few deterministic topologies built (every shape but random and small-world depends on
 * its size alone), so that a batch of seeds on one large complete graph builds it once; and the last
 * seeded one, so that the engine of a run whose graph was asked for first (`runTopology`) reuses it.
 * One slot only: a sweep over seeds at a million nodes must not keep several graphs alive.
 */
const topologyCache = new Map<string, SharedTopology>();
let lastSeeded: { key: string; built: SharedTopology } | null = null;

function topologyKey(config: SimConfig): { key: string; seeded: boolean } {
  const seeded = config.topology === "random" || config.topology === "small-world";
  const key = seeded ? `${config.topology}/${config.nodes}/${config.degree}/${config.rewire}/${config.seed}` : `${config.topology}/${config.nodes}`;
  return { key, seeded };
}

/**
 * A valid config's graph, built once per run: what the page draws before the run's nodes are built
 * (at 20,000 nodes they take several times longer than the graph). Throws a RangeError naming the
 * config's problems, as createEngine does.
 */
export function runTopology(config: SimConfig): SharedTopology {
  const problems = configProblems(config);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
  const { key, seeded } = topologyKey(config);
  const cached = seeded ? (lastSeeded?.key === key ? lastSeeded.built : undefined) : topologyCache.get(key);
  if (cached) return cached;
  const graph = buildTopology(config, new Rng(deriveSeed(config.seed, TOPOLOGY_STREAM)));
  const names = Array.from({ length: config.nodes }, (_, i) => `n${i + 1}`);
  const topology: Record<string, string[]> = {};
  for (let i = 0; i < names.length; i++) topology[names[i]!] = graph.neighbors[i]!.map((j) => names[j]!);
  const built: SharedTopology = { edges: graph.edges, names, body: { type: "topology", topology } };
  if (seeded) {
    lastSeeded = { key, built };
  } else {
    if (topologyCache.size >= 4) topologyCache.delete(topologyCache.keys().next().value!);
    topologyCache.set(key, built);
  }
  return built;
}

/**
 * What a run is made of. Everything a copy must duplicate is here, apart from the journal (shared
 * with the copy, which appends from the same seq on) and what never changes after construction.
 */
interface RunState {
  config: SimConfig;
  nodes: HostedNode[];
  alive: Uint8Array;
  liveCount: number;
  /** Per node: restarts so far (a restarted node's generator is seeded anew from it). */
  incarnation: Uint32Array;
  clientIndex: Map<string, number>;
  clientMsgIds: Map<string, number>;
  queue: EventQueue;
  network: Network;
  coverage: Coverage;
  counters: Counters;
  traces: (TraceRing | undefined)[];
  controlLog: ControlEvent[];
  nowMs: number;
  round: number;
  /** When the next round fires. A scheduled ROUND_TICK for any other time is stale (the interval changed). */
  nextTickAt: number;
  lastRoundAt: number;
}

class Simulation implements Engine {
  readonly nodeNames: string[];
  readonly edges: Uint32Array;
  private readonly n: number;
  private readonly topologyBody: Body;
  private readonly timerOffset: Int32Array | null;
  private readonly traceDepth: number;
  private readonly journal: Journal;
  private readonly observer: MessageObserver | null;

  private readonly s: RunState;
  /**
   * The one array every node emits into (handleInto/tickInto), instead of an array per delivery.
   * emit() consumes what a call appended before any node runs again. It is emptied only once it
   * holds OUT_BUF_MAX messages: emptying a JS array trims its store, so the next push would
   * allocate again.
   */
  private readonly outBuf: Message[] = [];

  /** While a node handles an input: which node, and the round its emissions carry... */
  private activeNode = -1;
  private activeRound = 0;
  /** ...the Send record of the message it handles (-1 for a timer), when it was sent and its type... */
  private activeSendSeq = -1;
  private activeSentAt = 0;
  private activeType = 0;
  /** ...and the index and name of the node whose message it handles (null for a client or a timer): its replies' destination. */
  private activeSrc = -1;
  private activeSrcName: string | null = null;

  constructor(config: SimConfig, options: EngineOptions, copyOf?: Simulation) {
    this.journal = options.journal ?? new Journal(options.journalCapacity ?? 1 << 16);
    this.observer = options.observer ?? null;
    if (copyOf) {
      // A copy shares what never changes and duplicates the run's state.
      this.n = copyOf.n;
      this.nodeNames = copyOf.nodeNames;
      this.edges = copyOf.edges;
      this.topologyBody = copyOf.topologyBody;
      this.timerOffset = copyOf.timerOffset;
      this.traceDepth = copyOf.traceDepth;
      this.s = copyState(copyOf.s);
      for (const node of this.s.nodes) node.onLearn = this.onLearn;
      return;
    }
    const shared = runTopology(config);
    const n = (this.n = config.nodes);
    this.edges = shared.edges;
    this.nodeNames = shared.names;
    this.topologyBody = shared.body;
    this.traceDepth = options.traceDepth ?? 0;
    this.timerOffset = timerOffsets(config);
    const own = { ...config };
    const counters = new Counters();
    counters.measuresWire = options.wireBytes ?? false;
    this.s = {
      config: own,
      nodes: new Array<HostedNode>(n),
      alive: new Uint8Array(n).fill(1),
      liveCount: n,
      incarnation: new Uint32Array(n),
      clientIndex: new Map(),
      clientMsgIds: new Map(),
      queue: new EventQueue(),
      network: new Network(n, new Rng(deriveSeed(config.seed, NETWORK_STREAM)), own),
      coverage: options.countsOnly ? Coverage.countsOnly(n, counters) : new Coverage(n, counters, options.recordLearning ?? false),
      counters,
      traces: new Array<TraceRing | undefined>(this.traceDepth > 0 ? n : 0),
      controlLog: [],
      nowMs: 0,
      round: 0,
      nextTickAt: config.gossipIntervalMs,
      lastRoundAt: 0,
    };
    for (let i = 0; i < n; i++) this.s.nodes[i] = this.bootNode(i);
    this.scheduleTick();
  }

  // ---- public API -------------------------------------------------------------------------

  get config(): Readonly<SimConfig> {
    return this.s.config;
  }

  get nowMs(): number {
    return this.s.nowMs;
  }

  get round(): number {
    return this.s.round;
  }

  get controlLog(): readonly ControlEvent[] {
    return this.s.controlLog;
  }

  nextRoundAtMs(): number {
    return this.s.nextTickAt;
  }

  nextEventAtMs(): number | null {
    return this.s.queue.nextTime() ?? null;
  }

  get journalEnd(): number {
    return this.journal.end;
  }

  readJournal(cursor: number, max?: number): JournalBatch {
    return this.journal.readSince(cursor, max);
  }

  copyBytes(): number {
    let known = 0;
    for (const v of this.s.coverage.states()) known += v.knownBy;
    // Per node its object, its known-values Map and bookkeeping; per value and node its coverage;
    // per value known by a node a Map entry and its key.
    return this.n * COPY_BYTES_PER_NODE + this.s.coverage.count * this.s.coverage.bytesPerValue() + known * COPY_BYTES_PER_KNOWN;
  }

  copy(journal: Journal, observer?: MessageObserver): Engine {
    return new Simulation(this.s.config, { journal, observer }, this);
  }

  advanceTo(tMs: number): void {
    if (!Number.isFinite(tMs)) throw new RangeError(`advanceTo needs a finite time, got ${tMs}`);
    const s = this.s;
    const queue = s.queue;
    for (;;) {
      const t = queue.nextTime();
      if (t === undefined || t > tMs) break;
      const bucket = queue.take(t);
      s.nowMs = t;
      // The bucket may grow while it runs (zero-latency sends): re-read its count and arrays.
      for (let k = 0; k < bucket.count; k++) {
        const ints = bucket.intsOf(k);
        const i = intSlot(k);
        const floats = bucket.floatsOf(k);
        const f = floatSlot(k);
        const isTimer = bucket.isTimer(k);
        const msg = isTimer || ints[i + DEST] === CANCELLED ? null : bucket.messageAt(k, this.nodeNames);
        // Its numbers are read into arguments below, before its chunk can be handed back and reused.
        bucket.ran(k);
        if (isTimer) {
          const who = ints[i + SRC]!;
          if (who !== ROUND_TICK) this.fireNodeTimer(who);
          else if (t === s.nextTickAt) this.fireRound();
        } else if (msg !== null) {
          const bytes = ints[i + BYTES]! >>> 0;
          this.deliver(msg, ints[i + SRC]!, ints[i + DEST]!, floats[f + SENT_AT]!, ints[i + ROUND]!, ints[i + TYPE]!, ints[i + VALUES]!, bytes, floats[f + SEND_SEQ]!);
        }
      }
      queue.release(t, bucket);
    }
    if (tMs > s.nowMs) s.nowMs = Math.floor(tMs);
  }

  apply(command: Command): void {
    const text = this.applyCommand(command);
    const s = this.s;
    s.controlLog.push({ t: s.nowMs, command, text });
    const node = "node" in command && typeof command.node === "number" ? command.node : -1;
    this.journal.append(RecordKind.Control, s.nowMs, -1, node, controlTypeCode(command.type), s.nowMs, s.controlLog.length - 1, 0, 0, s.round, -1);
  }

  values() {
    return this.s.coverage.states();
  }

  converged(): boolean {
    return this.s.coverage.converged(this.s.liveCount);
  }

  isAlive(node: number): boolean {
    return this.s.alive[node] === 1;
  }

  knownCount(node: number): number {
    return this.s.alive[node] === 1 ? this.s.nodes[node]!.knownCount() : 0;
  }

  knows(node: number, valueIndex: number): boolean {
    return this.s.coverage.knows(node, valueIndex);
  }

  partitionGroups(): Int32Array | null {
    return this.s.network.partitioned ? this.s.network.group.slice() : null;
  }

  inFlight(sendSeq: number): InFlightMessage | null {
    const found = this.s.queue.findMessage(sendSeq);
    if (found === null) return null;
    const [bucket, k, t] = found;
    const ints = bucket.intsOf(k);
    const i = intSlot(k);
    const sentAtMs = bucket.floatsOf(k)[floatSlot(k) + SENT_AT]!;
    const arrivesAtMs = arrivalOf(lostReasonOf(ints[i + DEST]!), sentAtMs, t);
    return { line: JSON.stringify(bucket.messageAt(k, this.nodeNames)), src: ints[i + SRC]!, dest: destOf(ints[i + DEST]!), sentAtMs, arrivesAtMs };
  }

  inFlightCount(): number {
    const c = this.s.counters;
    return c.serverMessages - c.delivered - c.dropped;
  }

  howLearned(node: number, valueIndex: number): LearnedFrom[] | null {
    const coverage = this.s.coverage;
    const chain: LearnedFrom[] = [];
    let at = node;
    // A chain is at most one hop per node: a longer walk would mean a cycle, which first deliveries cannot make.
    for (let hops = 0; hops <= this.n; hops++) {
      const lesson = coverage.lesson(at, valueIndex);
      if (lesson === null) return null;
      if (lesson.from < 0) return chain.reverse();
      chain.push(lesson);
      at = lesson.from;
    }
    return null;
  }

  spreadTree(valueIndex: number): (LearnedFrom | null)[] | null {
    const coverage = this.s.coverage;
    if (!coverage.recordsLearning || !(valueIndex >= 0 && valueIndex < coverage.count)) return null;
    const tree: (LearnedFrom | null)[] = [];
    for (let i = 0; i < this.n; i++) tree.push(coverage.lesson(i, valueIndex));
    return tree;
  }

  roundsLearned(valueIndex: number): Int32Array | null {
    return this.s.coverage.roundsLearned(valueIndex);
  }

  pendingMessages(): PendingMessages {
    const found: [Bucket, number, number][] = [];
    this.s.queue.forEachMessage((bucket, k, t) => {
      if (bucket.intsOf(k)[intSlot(k) + DEST] !== CANCELLED) found.push([bucket, k, t]);
    });
    const n = found.length;
    const p: PendingMessages = {
      src: new Int32Array(n),
      dest: new Int32Array(n),
      sentAt: new Float64Array(n),
      arrivesAt: new Float64Array(n),
      type: new Uint8Array(n),
      sendSeq: new Float64Array(n),
      reason: new Uint8Array(n),
    };
    found.forEach(([bucket, k, t], i) => {
      const ints = bucket.intsOf(k);
      const o = intSlot(k);
      const floats = bucket.floatsOf(k);
      const f = floatSlot(k);
      p.src[i] = ints[o + SRC]!;
      p.dest[i] = destOf(ints[o + DEST]!);
      const reason = lostReasonOf(ints[o + DEST]!);
      p.reason[i] = reason;
      p.sentAt[i] = floats[f + SENT_AT]!;
      p.arrivesAt[i] = arrivalOf(reason, floats[f + SENT_AT]!, t);
      p.type[i] = ints[o + TYPE]!;
      p.sendSeq[i] = floats[f + SEND_SEQ]!;
    });
    return p;
  }

  inspect(node: number): NodeSnapshot {
    this.checkNode(node);
    const s = this.s;
    const x = s.nodes[node]!;
    if (this.traceDepth > 0) s.traces[node] ??= new TraceRing(this.traceDepth);
    return {
      index: node,
      name: this.nodeNames[node]!,
      alive: s.alive[node] === 1,
      neighbors: x.neighbors ?? [],
      known: s.alive[node] === 1 ? x.knownValues() : [],
      counters: { ...x.counters },
      fanout: x.fanout,
      strategy: s.config.gossip === "off" ? "off" : x.strategy,
      forward: x.forward,
      recent: s.traces[node]?.list() ?? [],
      inFlight: this.inFlightAt(node),
    };
  }

  /** Messages from or to `node` in flight, soonest to arrive first. */
  private inFlightAt(node: number): NodeSnapshot["inFlight"] {
    const found: NodeSnapshot["inFlight"][number][] = [];
    this.s.queue.forEachMessage((bucket, k, t) => {
      const ints = bucket.intsOf(k);
      const o = intSlot(k);
      const marked = ints[o + DEST]!;
      if (marked === CANCELLED) return;
      const dest = destOf(marked);
      if (ints[o + SRC] !== node && dest !== node) return;
      const sendSeq = bucket.floatsOf(k)[floatSlot(k) + SEND_SEQ]!;
      const arrivesAtMs = arrivalOf(lostReasonOf(marked), bucket.floatsOf(k)[floatSlot(k) + SENT_AT]!, t);
      found.push({ sendSeq, src: ints[o + SRC]!, dest, type: MESSAGE_TYPES[ints[o + TYPE]!] ?? "other", arrivesAtMs });
    });
    found.sort((a, b) => a.arrivesAtMs - b.arrivesAtMs || a.sendSeq - b.sendSeq);
    return found.slice(0, INSPECT_IN_FLIGHT);
  }

  metrics(): RunMetrics {
    const s = this.s;
    return runMetrics(s, s.counters, s.coverage);
  }

  // ---- commands ---------------------------------------------------------------------------

  /** Applies a command and returns its summary for the control log; throws before changing anything. */
  private applyCommand(c: Command): string {
    const s = this.s;
    switch (c.type) {
      case "inject": {
        this.checkLiveNode(c.node);
        const value: Json = c.value === undefined ? s.coverage.nextValue : c.value;
        if (!isJsonValue(value)) throw new RangeError("inject needs a JSON value");
        s.coverage.register(canonicalJson(value), value, c.node, s.nowMs, s.round);
        s.counters.clientOps++;
        this.fromClient(c.client ?? DEFAULT_CLIENT, c.node, { type: "broadcast", message: value });
        return `broadcast ${canonicalJson(value)} at ${this.nodeNames[c.node]}`;
      }
      case "read":
        this.checkLiveNode(c.node);
        s.counters.clientOps++;
        this.fromClient(c.client ?? DEFAULT_CLIENT, c.node, { type: "read" });
        return `read at ${this.nodeNames[c.node]}`;
      case "setDropRate": {
        checkFraction("drop rate", c.dropRate);
        const before = s.config.dropRate;
        s.config.dropRate = c.dropRate;
        return `drop rate ${before} -> ${c.dropRate}`;
      }
      case "setLinkDropRate": {
        this.checkNode(c.a);
        this.checkNode(c.b);
        if (c.dropRate !== null) checkFraction("link drop rate", c.dropRate);
        s.network.setLinkDropRate(c.a, c.b, c.dropRate);
        return `drop rate of ${this.nodeNames[c.a]}-${this.nodeNames[c.b]} -> ${c.dropRate ?? "global"}`;
      }
      case "setLatency": {
        checkInteger("latency", c.latencyMs, 0);
        if (c.latencyDist !== undefined && !(LATENCY_DISTS as readonly unknown[]).includes(c.latencyDist)) {
          throw new RangeError(`unknown latency distribution ${String(c.latencyDist)}`);
        }
        s.config.latencyMs = c.latencyMs;
        if (c.latencyDist !== undefined) s.config.latencyDist = c.latencyDist;
        return `latency ${s.config.latencyDist} ${c.latencyMs} ms`;
      }
      case "configure":
        return this.configure(c);
      case "crash":
        this.checkLiveNode(c.node);
        if (!s.coverage.perNode) throw new RangeError("a run that keeps counts only cannot crash a node: it does not know what the node forgets");
        this.crash(c.node);
        return `crash ${this.nodeNames[c.node]}`;
      case "restart":
        this.checkNode(c.node);
        if (s.alive[c.node] === 1) throw new RangeError(`${this.nodeNames[c.node]} is not crashed`);
        this.restart(c.node);
        return `restart ${this.nodeNames[c.node]}`;
      case "partition": {
        if (!Array.isArray(c.groups)) throw new RangeError("partition needs groups (arrays of node indices)");
        const seen = new Uint8Array(this.n);
        for (const members of c.groups) {
          if (!Array.isArray(members)) throw new RangeError("partition needs groups (arrays of node indices)");
          for (const i of members) {
            this.checkNode(i);
            if (seen[i] !== 0) throw new RangeError(`${this.nodeNames[i]} is in two partition groups`);
            seen[i] = 1;
          }
        }
        s.network.partition(c.groups);
        return `partition ${c.groups.map((g) => `[${g.map((i) => this.nodeNames[i]).join(" ")}]`).join(" | ")}`;
      }
      case "heal":
        s.network.heal();
        return "heal";
      case "dropMessage":
        return this.dropInFlight(c.sendSeq);
      default:
        throw new RangeError(`unknown command ${JSON.stringify((c as { type?: unknown }).type)}`);
    }
  }

  private configure(c: Extract<Command, { type: "configure" }>): string {
    const s = this.s;
    if (c.fanout !== undefined) checkInteger("fanout", c.fanout, 0);
    if (c.gossipIntervalMs !== undefined) checkInteger("gossip interval", c.gossipIntervalMs, 1);
    if (c.gossip !== undefined && !(GOSSIP_MODES as readonly unknown[]).includes(c.gossip)) throw new RangeError(`unknown gossip strategy ${String(c.gossip)}`);
    if (c.forward !== undefined && typeof c.forward !== "boolean") throw new RangeError("forward must be true or false");
    const body: Body = { type: "configure" };
    const said: string[] = [];
    if (c.fanout !== undefined) {
      s.config.fanout = body.fanout = c.fanout;
      said.push(`fanout ${c.fanout}`);
    }
    if (c.gossip !== undefined) {
      s.config.gossip = c.gossip;
      if (c.gossip !== "off") body.strategy = c.gossip;
      said.push(`gossip ${c.gossip}`);
    }
    if (c.forward !== undefined) {
      s.config.forward = body.forward = c.forward;
      said.push(`forward ${c.forward ? "on" : "off"}`);
    }
    if (c.gossipIntervalMs !== undefined) {
      s.config.gossipIntervalMs = body.gossip_interval_ms = c.gossipIntervalMs;
      // The next round comes one new interval after the last one, but never in the past.
      s.nextTickAt = Math.max(s.nowMs + 1, s.lastRoundAt + c.gossipIntervalMs);
      this.scheduleTick();
      said.push(`interval ${c.gossipIntervalMs} ms`);
    }
    if (Object.keys(body).length > 1) {
      for (let i = 0; i < this.n; i++) if (s.alive[i] === 1) this.fromClient(CONTROLLER, i, { ...body });
    }
    return said.join(", ") || "configure (no change)";
  }

  private crash(i: number): void {
    const s = this.s;
    s.alive[i] = 0;
    s.liveCount--;
    // What is in flight to it is lost, even if it restarts before the message would have arrived.
    s.queue.markReceiverCrashed(i);
    s.coverage.crashed(i, s.nowMs, s.liveCount);
  }

  private restart(i: number): void {
    const s = this.s;
    s.incarnation[i]!++;
    s.alive[i] = 1;
    s.liveCount++;
    s.coverage.restarted();
    s.nodes[i] = this.bootNode(i);
  }

  /** The dropMessage command: the message sent as record `sendSeq`, still in flight, is lost now. */
  private dropInFlight(sendSeq: number): string {
    const found = Number.isInteger(sendSeq) ? this.s.queue.findMessage(sendSeq) : null;
    if (found === null) throw new RangeError(`message #${String(sendSeq)} is not in flight`);
    const [bucket, k] = found;
    const ints = bucket.intsOf(k);
    const o = intSlot(k);
    const src = ints[o + SRC]!;
    const dest = destOf(ints[o + DEST]!);
    ints[o + DEST] = CANCELLED;
    const sentAt = bucket.floatsOf(k)[floatSlot(k) + SENT_AT]!;
    this.drop(src, dest, sentAt, ints[o + ROUND]!, ints[o + TYPE]!, ints[o + VALUES]!, ints[o + BYTES]! >>> 0, DropReason.Dropped, sendSeq);
    return `drop message #${sendSeq} ${this.nodeNames[src]} -> ${this.nodeNames[dest]}`;
  }

  // ---- nodes and the network --------------------------------------------------------------

  /** A fresh node, initialised and given the topology by the controller, as Maelstrom does. */
  private bootNode(i: number): HostedNode {
    const s = this.s;
    const c = s.config;
    const node = createNode({
      seed: nodeSeed(c.seed, i, s.incarnation[i]!),
      fanout: c.fanout,
      gossipIntervalMs: c.gossipIntervalMs,
      strategy: (c.gossip === "off" ? "push" : c.gossip) as Strategy,
      forward: c.forward,
    });
    node.onLearn = this.onLearn;
    s.nodes[i] = node;
    // msg_id keys up front (fromClient fills them in), in wire order.
    this.fromClient(CONTROLLER, i, { type: "init", node_id: this.nodeNames[i]!, node_ids: this.nodeNames, msg_id: 0 });
    this.fromClient(CONTROLLER, i, { type: "topology", topology: this.topologyBody.topology, msg_id: 0 });
    return node;
  }

  /** A client request (`body`: a fresh object, given msg_id here): never dropped or delayed (faults act between nodes), handled now. */
  private fromClient(client: string, node: number, body: Body): void {
    const s = this.s;
    const msgId = s.clientMsgIds.get(client) ?? 1;
    s.clientMsgIds.set(client, msgId + 1);
    // `body` is a fresh object of the caller's: stamped in place, not copied (a spread per node was
    // a tenth of creating a 100,000-node engine).
    body.msg_id = msgId;
    const msg: Message = { src: client, dest: this.nodeNames[node]!, body };
    const src = this.clientEndpoint(client);
    const type = messageTypeCode(body.type);
    this.measure(msg.body);
    const values = this.measuredValues;
    const bytes = this.measuredBytes;
    s.counters.clientMessages++;
    // A Send record's sendSeq is its own seq.
    const seq = this.journal.append(RecordKind.Send, s.nowMs, src, node, type, s.nowMs, values, bytes, 0, s.round, this.journal.end);
    this.observer?.sent(seq, msg, s.nowMs, s.nowMs, DropReason.None);
    this.handleAt(node, msg, src, s.nowMs, s.round, type, values, bytes, seq);
  }

  /** Journal endpoint of a client: c0 is -1, c1 is -2, ...; a name of another form gets one far below those. */
  private clientEndpoint(client: string): number {
    const index = this.s.clientIndex;
    let e = index.get(client);
    if (e === undefined) {
      const m = /^c(\d+)$/.exec(client);
      e = m ? -Number(m[1]) - 1 : -1 - 1_000_000 - index.size;
      index.set(client, e);
    }
    return e;
  }

  // oxlint-disable-next-line max-params -- hot path: one call per message, its numbers as arguments rather than an object per message
  private deliver(msg: Message, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
    let reason = lostReasonOf(dest);
    if (reason !== DropReason.None) dest = destOf(dest);
    else if (this.s.alive[dest] !== 1) reason = DropReason.Crashed;
    // A partition that began while the message was in flight still cuts it off.
    else if (this.s.network.cut(src, dest)) reason = DropReason.Partition;
    if (reason === DropReason.None) this.handleAt(dest, msg, src, sentAt, round, type, values, bytes, sendSeq);
    else this.drop(src, dest, sentAt, round, type, values, bytes, reason, sendSeq);
  }

  // oxlint-disable-next-line max-params -- hot path: one call per message, its numbers as arguments rather than an object per message
  private drop(src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, reason: DropReason, sendSeq: number): void {
    this.s.counters.droppedByReason[reason]!++;
    this.journal.append(RecordKind.Drop, this.s.nowMs, src, dest, type, sentAt, values, bytes, reason, round, sendSeq);
    this.observer?.settled(sendSeq, this.s.nowMs, reason);
  }

  /** Node `i` receives `msg` now. */
  // oxlint-disable-next-line max-params -- hot path: one call per message, its numbers as arguments rather than an object per message
  private handleAt(i: number, msg: Message, src: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
    const s = this.s;
    if (src >= 0) s.counters.delivered++;
    this.journal.append(RecordKind.Deliver, s.nowMs, src, i, type, sentAt, values, bytes, 0, round, sendSeq);
    this.observer?.settled(sendSeq, s.nowMs, DropReason.None);
    const node = s.nodes[i]!;
    s.traces[i]?.add(s.nowMs, false, msg);
    const before = src >= 0 && values > 0 ? node.knownCount() : -1;
    this.activeNode = i;
    this.activeRound = round;
    this.activeSendSeq = sendSeq;
    this.activeSentAt = sentAt;
    this.activeType = type;
    this.activeSrc = src;
    this.activeSrcName = src >= 0 ? this.nodeNames[src]! : null;
    const out = this.takeOutBuf();
    const start = out.length;
    // src >= 0: the message comes from node `src`, named as in the node_ids the engine sent.
    node.handleInto(msg, out, src >= 0);
    if (before >= 0 && node.knownCount() === before) s.counters.redundant++;
    this.emit(i, out, start);
  }

  private fireRound(): void {
    const s = this.s;
    s.round++;
    s.lastRoundAt = s.nowMs;
    this.journal.append(RecordKind.Round, s.nowMs, -1, -1, 0, s.nowMs, s.round, 0, 0, s.round, -1);
    s.nextTickAt = s.nowMs + s.config.gossipIntervalMs;
    this.scheduleTick();
    if (s.config.gossip === "off") return;
    if (this.timerOffset) {
      for (let i = 0; i < this.n; i++) if (s.alive[i] === 1) s.queue.at(s.nowMs + this.timerOffset[i]!).push(null, i, 0, 0, 0, 0, 0, 0, 0);
    } else {
      for (let i = 0; i < this.n; i++) if (s.alive[i] === 1) this.fireNodeTimer(i);
    }
  }

  private fireNodeTimer(i: number): void {
    const s = this.s;
    if (s.alive[i] !== 1 || s.config.gossip === "off") return;
    this.activeNode = i;
    this.activeRound = s.round;
    this.activeSendSeq = -1;
    this.activeSrcName = null;
    const out = this.takeOutBuf();
    const start = out.length;
    s.nodes[i]!.tickInto(out);
    this.emit(i, out, start);
  }

  private scheduleTick(): void {
    this.s.queue.at(this.s.nextTickAt).push(null, ROUND_TICK, 0, 0, 0, 0, 0, 0, 0);
  }

  /** outBuf, emptied first if it is full. Everything in it has been carried already. */
  private takeOutBuf(): Message[] {
    if (this.outBuf.length >= OUT_BUF_MAX) this.outBuf.length = 0;
    return this.outBuf;
  }

  /** Carries what node `from` emitted (out[start..]): to clients at once, to nodes through the network. */
  private emit(from: number, out: readonly Message[], start: number): void {
    const s = this.s;
    const counters = s.counters;
    const journal = this.journal;
    const now = s.nowMs;
    for (let k = start; k < out.length; k++) {
      const msg = out[k]!;
      // A reply goes back to the sender of the message being handled: the very same string.
      const dest = msg.dest === this.activeSrcName ? this.activeSrc : nodeIndexOf(msg.dest, this.n);
      const type = messageTypeCode(msg.body.type);
      this.measure(msg.body);
      const values = this.measuredValues;
      const bytes = this.measuredBytes;
      s.traces[from]?.add(now, true, msg);
      if (dest < 0) {
        // To a client: delivered at once, never lost.
        const c = this.clientEndpoint(msg.dest);
        counters.clientMessages++;
        const seq = journal.append(RecordKind.Send, now, from, c, type, now, values, bytes, 0, this.activeRound, journal.end);
        journal.append(RecordKind.Deliver, now, from, c, type, now, values, bytes, 0, this.activeRound, seq);
        if (this.observer) {
          this.observer.sent(seq, msg, now, now, DropReason.None);
          this.observer.settled(seq, now, DropReason.None);
        }
        continue;
      }
      counters.serverMessages++;
      counters.sentByType[type]!++;
      counters.payloadValues += values;
      counters.payloadBytes += bytes;
      if (counters.measuresWire) counters.wireBytes += jsonBytes(msg);
      const reason = s.network.fate(from, dest);
      const latency = s.network.latency();
      // A lost message travels until it is lost, halfway (lossAtMs): in flight until then, then dropped.
      const arrivesAt = reason === DropReason.None ? now + latency : lostArrivalMs(now, latency);
      const seq = journal.append(RecordKind.Send, now, from, dest, type, arrivesAt, values, bytes, reason, this.activeRound, journal.end);
      this.observer?.sent(seq, msg, now, arrivesAt, reason);
      const bucket = s.queue.at(reason === DropReason.None ? arrivesAt : lossAtMs(now, arrivesAt));
      const slot = reason === DropReason.None ? dest : lostDest(dest, reason);
      if (this.n >= PACK_MIN_NODES) bucket.pushMessage(msg, this.nodeNames[from]!, from, slot, now, this.activeRound, type, values, bytes, seq);
      else bucket.push(msg, from, slot, now, this.activeRound, type, values, bytes, seq);
    }
  }

  /** Sets measuredValues and measuredBytes for a body (fields, not a tuple: this runs for every message). */
  private measure(body: Body): void {
    if (body.type === "broadcast") {
      const ok = isJsonValue(body.message);
      this.measuredValues = ok ? 1 : 0;
      this.measuredBytes = ok ? 2 + valueBytes(body.message as Json) : 0;
      return;
    }
    const carried = carriedValues(body);
    const ok = Array.isArray(carried);
    this.measuredValues = ok ? carried.length : 0;
    // The UTF-8 length of the values' JSON (their canonical JSON's: key order changes no length),
    // kept on the array: a round sends one node's snapshot to every peer.
    this.measuredBytes = ok ? jsonBytes(carried) : 0;
  }
  private measuredValues = 0;
  private measuredBytes = 0;

  // ---- values and coverage ----------------------------------------------------------------

  /** A node learned a value (called by the node, synchronously, while it handles an input). */
  private learned(key: string): void {
    const s = this.s;
    const i = this.activeNode;
    const lesson = this.lesson;
    lesson.node = i;
    lesson.round = this.activeRound;
    lesson.src = this.activeSrc;
    lesson.sendSeq = this.activeSendSeq;
    lesson.sentAt = this.activeSentAt;
    lesson.type = this.activeType;
    const v = s.coverage.learned(key, lesson, s.nowMs, s.liveCount);
    if (v >= 0) this.journal.append(RecordKind.Learn, s.nowMs, -1, i, 0, s.nowMs, v, 0, 0, this.activeRound, this.activeSendSeq);
  }

  /** Every node's onLearn: one function for the run, not a closure per node (learned() reads activeNode). */
  private readonly onLearn = (key: string): void => this.learned(key);

  /** The delivery being learned from, handed to coverage (one object, reused). */
  private readonly lesson: Lesson = { node: 0, round: 0, src: 0, sendSeq: 0, sentAt: 0, type: 0 };

  private checkNode(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.n)) throw new RangeError(`no node with index ${String(i)} (there are ${this.n})`);
  }

  private checkLiveNode(i: number): void {
    this.checkNode(i);
    if (this.s.alive[i] !== 1) throw new RangeError(`${this.nodeNames[i]} is crashed`);
  }
}

function copyState(s: RunState): RunState {
  const config = { ...s.config };
  const counters = s.counters.copy();
  return {
    ...s,
    config,
    nodes: s.nodes.map((node) => node.copy()),
    alive: s.alive.slice(),
    incarnation: s.incarnation.slice(),
    clientIndex: new Map(s.clientIndex),
    clientMsgIds: new Map(s.clientMsgIds),
    queue: s.queue.copy(),
    network: s.network.copy(config),
    coverage: s.coverage.copy(counters),
    counters,
    traces: s.traces.map((t) => t?.copy()),
    controlLog: s.controlLog.slice(),
  };
}

/** Creates a run. Throws RangeError naming the problem for an impossible configuration. */
export function createEngine(config: SimConfig, options: EngineOptions = {}): Engine {
  return new Simulation(config, options);
}

/**
 * When a pending message arrives (or, lost in transit, would have: what its Send record says), from
 * the time of its queue bucket `t`: a message the network loses waits in the bucket of its loss, halfway.
 */
function arrivalOf(reason: DropReason, sentAtMs: number, t: number): number {
  return reason === DropReason.Loss || reason === DropReason.Partition ? 2 * t - sentAtMs : t;
}
