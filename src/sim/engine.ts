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
import { configProblems, type SimConfig } from "./config";
import type { Command, ControlEvent, Engine, NodeSnapshot, RunMetrics, StableLatency, ValueState } from "./engine-api";
import { DropReason, Journal, MESSAGE_TYPES, RecordKind, messageTypeCode, type JournalBatch } from "./journal";
import { createNode, type HostedNode } from "./node";
import type { Body, Json, Message, Strategy } from "./protocol";
import { Rng, deriveSeed } from "./rng";
import { buildTopology } from "./topology";
import { canonicalJson, isJsonValue, utf8Length } from "./values";

export interface EngineOptions {
  /** Journal ring size in records (rounded up to a power of two). Default 65,536. */
  journalCapacity?: number;
  /** Messages kept per node for `inspect` (0: none, the default; the visualizer keeps a few). */
  traceDepth?: number;
}

/** Seed streams: the network's generator, the topology's, and one per node (node i: NODE_STREAM + i). */
const NETWORK_STREAM = 0;
const TOPOLOGY_STREAM = 1;
const JITTER_STREAM = 2;
const NODE_STREAM = 16;

const CONTROLLER = "c0";
const DEFAULT_CLIENT = "c1";

/**
 * Numbers per event in a Bucket: (src, dest, sentAt, round, type, values, bytes); a timer is
 * (ROUND_TICK or the node index, then zeros). A message whose receiver crashed while it was in
 * flight has its dest slot marked as -1 - dest: it is lost on arrival, even if the receiver
 * restarted meanwhile.
 */
const STRIDE = 7;
const ROUND_TICK = -1;
/** Buckets kept for reuse once run: a round's traffic lands in a few milliseconds. */
const BUCKET_POOL_MAX = 8;

/**
 * The events due at one millisecond, in the order they were scheduled, stored flat so that a
 * message in flight costs no object beyond the message itself: its numbers in a Float64Array
 * (exact for every integer the engine stores; no pointers, so no GC work), the message (null for a
 * timer) in a parallel array. A run bucket is emptied and reused: at 100,000 nodes one holds
 * hundreds of thousands of events, and regrowing it every round cost copies and garbage.
 */
class Bucket {
  msgs: (Message | null)[] = [];
  nums = new Float64Array(STRIDE * 64);
  count = 0;

  push(msg: Message | null, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number): void {
    const k = this.count++;
    if (k < this.msgs.length) this.msgs[k] = msg;
    else this.msgs.push(msg);
    let nums = this.nums;
    const o = k * STRIDE;
    if (o + STRIDE > nums.length) {
      const grown = new Float64Array(nums.length * 2);
      grown.set(nums);
      this.nums = nums = grown;
    }
    nums[o] = src;
    nums[o + 1] = dest;
    nums[o + 2] = sentAt;
    nums[o + 3] = round;
    nums[o + 4] = type;
    nums[o + 5] = values;
    nums[o + 6] = bytes;
  }
}
/** Messages outBuf may hold (already carried) before it is emptied. */
const OUT_BUF_MAX = 1024;

/** Min-heap of distinct due times. */
class TimeHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): number | undefined {
    return this.a[0];
  }
  push(t: number): void {
    const a = this.a;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= t) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = t;
  }
  pop(): number | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** The last few messages of a node, for the inspector. */
class TraceRing {
  readonly t: number[] = [];
  readonly out: boolean[] = [];
  readonly msg: Message[] = [];
  next = 0;
  constructor(readonly depth: number) {}
  add(t: number, out: boolean, msg: Message): void {
    if (this.msg.length < this.depth) {
      this.t.push(t);
      this.out.push(out);
      this.msg.push(msg);
    } else {
      this.t[this.next] = t;
      this.out[this.next] = out;
      this.msg[this.next] = msg;
      this.next = (this.next + 1) % this.depth;
    }
  }
  list(): { t: number; direction: "in" | "out"; line: string }[] {
    const n = this.msg.length;
    const start = n < this.depth ? 0 : this.next;
    const rows = [];
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      rows.push({ t: this.t[i]!, direction: this.out[i] ? ("out" as const) : ("in" as const), line: JSON.stringify(this.msg[i]) });
    }
    return rows;
  }
}

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

function valueBytes(v: Json): number {
  return typeof v === "number" ? String(v).length : utf8Length(canonicalJson(v));
}

/**
 * Payload size of an array of values: the UTF-8 length of its canonical JSON. Cached on the array
 * (a hidden symbol property), since a round sends one node's snapshot array to every peer.
 */
const PAYLOAD_BYTES = Symbol("payloadBytes");
function payloadBytes(values: readonly Json[]): number {
  const cached = (values as { [PAYLOAD_BYTES]?: number })[PAYLOAD_BYTES];
  if (cached !== undefined) return cached;
  let bytes = 2 + Math.max(0, values.length - 1);
  for (let i = 0; i < values.length; i++) bytes += valueBytes(values[i]!);
  if (values.length > 1 && Object.isExtensible(values)) Object.defineProperty(values, PAYLOAD_BYTES, { value: bytes });
  return bytes;
}

/**
 * The index of node name `name` ("n1" is 0, see sharedTopology) among `n` nodes, or -1 when it
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

/** Nearest-rank quantile of an ascending array. */
function quantile(sorted: readonly number[], q: number): number {
  if (q <= 0) return sorted[0]!;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function stableLatency(latencies: number[]): StableLatency | null {
  if (latencies.length === 0) return null;
  const s = [...latencies].sort((a, b) => a - b);
  return { "0": quantile(s, 0), "0.5": quantile(s, 0.5), "0.95": quantile(s, 0.95), "0.99": quantile(s, 0.99), "1": quantile(s, 1) };
}

function checkFraction(name: string, x: number): void {
  if (!(typeof x === "number" && x >= 0 && x <= 1)) throw new RangeError(`${name} must be a number from 0 to 1, got ${String(x)}`);
}

function checkInteger(name: string, x: unknown, min: number): void {
  if (!(typeof x === "number" && Number.isInteger(x) && x >= min)) throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(x)}`);
}

/** A run's graph, its node names and its `topology` message body. Immutable once built: nodes keep references into it. */
interface SharedTopology {
  edges: Uint32Array;
  names: string[];
  body: Body;
}

/**
 * The last few deterministic topologies built (every shape but random and small-world depends on
 * its size alone), so that a batch of seeds on one large complete graph builds it once.
 */
const topologyCache = new Map<string, SharedTopology>();

function sharedTopology(config: SimConfig): SharedTopology {
  const seeded = config.topology === "random" || config.topology === "small-world";
  const key = `${config.topology}/${config.nodes}`;
  const cached = seeded ? undefined : topologyCache.get(key);
  if (cached) return cached;
  const graph = buildTopology(config, new Rng(deriveSeed(config.seed, TOPOLOGY_STREAM)));
  const names = Array.from({ length: config.nodes }, (_, i) => `n${i + 1}`);
  const topology: Record<string, string[]> = {};
  for (let i = 0; i < names.length; i++) topology[names[i]!] = graph.neighbors[i]!.map((j) => names[j]!);
  const built: SharedTopology = { edges: graph.edges, names, body: { type: "topology", topology } };
  if (!seeded) {
    if (topologyCache.size >= 4) topologyCache.delete(topologyCache.keys().next().value!);
    topologyCache.set(key, built);
  }
  return built;
}

class Simulation implements Engine {
  readonly config: SimConfig;
  readonly nodeNames: string[];
  readonly edges: Uint32Array;
  nowMs = 0;
  round = 0;
  readonly controlLog: ControlEvent[] = [];

  private readonly n: number;
  private readonly nodes: HostedNode[];
  /**
   * The one array every node emits into (handleInto/tickInto), instead of an array per delivery.
   * emit() consumes what a call appended before any node runs again. It is emptied only once it
   * holds OUT_BUF_MAX messages: emptying a JS array trims its store, so the next push would
   * allocate again.
   */
  private readonly outBuf: Message[] = [];
  private readonly alive: Uint8Array;
  private liveCount: number;
  private readonly incarnation: Uint32Array;
  private readonly clientIndex = new Map<string, number>();
  private readonly clientMsgIds = new Map<string, number>();
  private readonly topologyBody: Body;
  private readonly rng: Rng;
  private readonly timerOffset: Int32Array | null;

  private readonly buckets = new Map<number, Bucket>();
  /** The bucket bucketAt() returned last and its time; null once that bucket has run. */
  private lastBucket: Bucket | null = null;
  private lastBucketAt = 0;
  /** Run buckets, empty, for reuse. */
  private readonly freeBuckets: Bucket[] = [];
  private readonly times = new TimeHeap();
  /** When the next round fires. A scheduled ROUND_TICK for any other time is stale (the interval changed). */
  private nextTickAt: number;
  private lastRoundAt = 0;

  private readonly linkDrop = new Map<number, number>();
  private readonly group: Int32Array;
  private partitioned = false;

  private readonly journal: Journal;
  private readonly traceDepth: number;
  private readonly traces: (TraceRing | undefined)[];

  /** While a node handles an input: which node, and the round its emissions carry. */
  private activeNode = -1;
  private activeRound = 0;
  /** ...and the index and name of the node whose message it handles (null for a client or a timer): its replies' destination. */
  private activeSrc = -1;
  private activeSrcName: string | null = null;

  private readonly valueStates: ValueState[] = [];
  private readonly valueIndex = new Map<string, number>();
  private readonly knowers: Uint8Array[] = [];
  private nextValue = 1;

  private readonly sentByType = new Float64Array(MESSAGE_TYPES.length);
  private serverMessages = 0;
  private clientMessages = 0;
  private delivered = 0;
  private readonly droppedByReason = [0, 0, 0, 0];
  private clientOps = 0;
  private redundant = 0;
  private payloadValues = 0;
  private payloadBytesTotal = 0;

  constructor(config: SimConfig, options: EngineOptions) {
    const problems = configProblems(config);
    if (problems.length > 0) throw new RangeError(problems.join("; "));
    this.config = { ...config };
    const n = (this.n = config.nodes);
    this.rng = new Rng(deriveSeed(config.seed, NETWORK_STREAM));
    const shared = sharedTopology(config);
    this.edges = shared.edges;
    this.nodeNames = shared.names;
    this.topologyBody = shared.body;
    this.alive = new Uint8Array(n).fill(1);
    this.liveCount = n;
    this.incarnation = new Uint32Array(n);
    this.group = new Int32Array(n);
    this.journal = new Journal(options.journalCapacity ?? 1 << 16);
    this.traceDepth = options.traceDepth ?? 0;
    this.traces = new Array<TraceRing | undefined>(this.traceDepth > 0 ? n : 0);
    this.timerOffset = config.jitterMs > 0 ? new Int32Array(n) : null;
    if (this.timerOffset) {
      // A fixed offset per node in [0, jitter], kept inside the round.
      const jitter = new Rng(deriveSeed(config.seed, JITTER_STREAM));
      const span = Math.min(config.jitterMs, config.gossipIntervalMs - 1);
      for (let i = 0; i < n; i++) this.timerOffset[i] = jitter.int(span + 1);
    }
    this.nodes = new Array<HostedNode>(n);
    for (let i = 0; i < n; i++) this.nodes[i] = this.bootNode(i);
    this.nextTickAt = config.gossipIntervalMs;
    this.scheduleTick();
  }

  // ---- public API -------------------------------------------------------------------------

  nextRoundAtMs(): number {
    return this.nextTickAt;
  }

  nextEventAtMs(): number | null {
    return this.times.peek() ?? null;
  }

  get journalEnd(): number {
    return this.journal.end;
  }

  readJournal(cursor: number, max?: number): JournalBatch {
    return this.journal.readSince(cursor, max);
  }

  advanceTo(tMs: number): void {
    if (!Number.isFinite(tMs)) throw new RangeError(`advanceTo needs a finite time, got ${tMs}`);
    for (;;) {
      const t = this.times.peek();
      if (t === undefined || t > tMs) break;
      this.times.pop();
      const bucket = this.buckets.get(t)!;
      this.nowMs = t;
      // The bucket may grow while it runs (zero-latency sends): re-read its count and arrays.
      for (let k = 0; k < bucket.count; k++) {
        const msg = bucket.msgs[k]!;
        // Let the message go once handled: a reused bucket must not keep it alive.
        bucket.msgs[k] = null;
        const b = bucket.nums;
        const o = k * STRIDE;
        if (msg === null) {
          const who = b[o]!;
          if (who !== ROUND_TICK) this.fireNodeTimer(who);
          else if (t === this.nextTickAt) this.fireRound();
        } else {
          this.deliver(msg, b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, b[o + 4]!, b[o + 5]!, b[o + 6]!);
        }
      }
      this.buckets.delete(t);
      if (this.lastBucket === bucket) this.lastBucket = null;
      bucket.count = 0;
      if (this.freeBuckets.length < BUCKET_POOL_MAX) this.freeBuckets.push(bucket);
    }
    if (tMs > this.nowMs) this.nowMs = Math.floor(tMs);
  }

  apply(command: Command): void {
    const text = this.applyCommand(command);
    this.controlLog.push({ t: this.nowMs, command, text });
    this.journal.append(RecordKind.Control, this.nowMs, -1, -1, 0, this.nowMs, this.controlLog.length - 1, 0, 0, this.round);
  }

  values(): readonly ValueState[] {
    return this.valueStates;
  }

  converged(): boolean {
    if (this.valueStates.length === 0) return false;
    for (const v of this.valueStates) if (v.knownBy < this.liveCount) return false;
    return true;
  }

  isAlive(node: number): boolean {
    return this.alive[node] === 1;
  }

  knownCount(node: number): number {
    return this.alive[node] === 1 ? this.nodes[node]!.knownCount() : 0;
  }

  knows(node: number, valueIndex: number): boolean {
    return this.knowers[valueIndex]?.[node] === 1;
  }

  inspect(node: number): NodeSnapshot {
    this.checkNode(node);
    const x = this.nodes[node]!;
    return {
      index: node,
      name: this.nodeNames[node]!,
      alive: this.alive[node] === 1,
      neighbors: x.neighbors ?? [],
      known: this.alive[node] === 1 ? x.knownValues() : [],
      counters: { ...x.counters },
      fanout: x.fanout,
      strategy: this.config.gossip === "off" ? "off" : x.strategy,
      forward: x.forward,
      recent: this.traces[node]?.list() ?? [],
    };
  }

  metrics(): RunMetrics {
    const messagesByType: Record<string, number> = {};
    for (let c = 0; c < MESSAGE_TYPES.length; c++) if (this.sentByType[c]! > 0) messagesByType[MESSAGE_TYPES[c]!] = this.sentByType[c]!;
    const latencies: number[] = [];
    for (const v of this.valueStates) if (v.fullAtMs !== null) latencies.push(v.fullAtMs - v.injectedAtMs);
    const [, loss, partition, crashed] = this.droppedByReason as [number, number, number, number];
    return {
      nowMs: this.nowMs,
      round: this.round,
      liveNodes: this.liveCount,
      messagesByType,
      serverMessages: this.serverMessages,
      clientMessages: this.clientMessages,
      delivered: this.delivered,
      dropped: loss + partition + crashed,
      droppedByReason: { loss, partition, crashed },
      clientOps: this.clientOps,
      msgsPerOp: this.clientOps === 0 ? 0 : this.serverMessages / this.clientOps,
      redundantDeliveries: this.redundant,
      payloadValues: this.payloadValues,
      payloadBytes: this.payloadBytesTotal,
      stableLatencyMs: stableLatency(latencies),
      values: this.valueStates.map((v) => ({ ...v, byRound: [...v.byRound] })),
    };
  }

  // ---- commands ---------------------------------------------------------------------------

  /** Applies a command and returns its summary for the control log; throws before changing anything. */
  private applyCommand(c: Command): string {
    switch (c.type) {
      case "inject": {
        this.checkLiveNode(c.node);
        const value: Json = c.value === undefined ? this.nextValue : c.value;
        if (!isJsonValue(value)) throw new RangeError("inject needs a JSON value");
        if (typeof value === "number" && Number.isInteger(value) && value >= this.nextValue) this.nextValue = value + 1;
        this.registerValue(value, c.node);
        this.clientOps++;
        this.fromClient(c.client ?? DEFAULT_CLIENT, c.node, { type: "broadcast", message: value });
        return `broadcast ${canonicalJson(value)} at ${this.nodeNames[c.node]}`;
      }
      case "read":
        this.checkLiveNode(c.node);
        this.clientOps++;
        this.fromClient(c.client ?? DEFAULT_CLIENT, c.node, { type: "read" });
        return `read at ${this.nodeNames[c.node]}`;
      case "setDropRate": {
        checkFraction("drop rate", c.dropRate);
        const before = this.config.dropRate;
        this.config.dropRate = c.dropRate;
        return `drop rate ${before} -> ${c.dropRate}`;
      }
      case "setLinkDropRate": {
        this.checkNode(c.a);
        this.checkNode(c.b);
        const key = Math.min(c.a, c.b) * this.n + Math.max(c.a, c.b);
        if (c.dropRate === null) this.linkDrop.delete(key);
        else {
          checkFraction("link drop rate", c.dropRate);
          this.linkDrop.set(key, c.dropRate);
        }
        return `drop rate of ${this.nodeNames[c.a]}-${this.nodeNames[c.b]} -> ${c.dropRate ?? "global"}`;
      }
      case "setLatency": {
        checkInteger("latency", c.latencyMs, 0);
        this.config.latencyMs = c.latencyMs;
        if (c.latencyDist !== undefined) {
          if (!["constant", "uniform", "exponential"].includes(c.latencyDist)) throw new RangeError(`unknown latency distribution ${String(c.latencyDist)}`);
          this.config.latencyDist = c.latencyDist;
        }
        return `latency ${this.config.latencyDist} ${c.latencyMs} ms`;
      }
      case "configure":
        return this.configure(c);
      case "crash":
        this.checkLiveNode(c.node);
        this.crash(c.node);
        return `crash ${this.nodeNames[c.node]}`;
      case "restart":
        this.checkNode(c.node);
        if (this.alive[c.node] === 1) throw new RangeError(`${this.nodeNames[c.node]} is not crashed`);
        this.restart(c.node);
        return `restart ${this.nodeNames[c.node]}`;
      case "partition": {
        const group = new Int32Array(this.n);
        c.groups.forEach((members, g) => {
          for (const i of members) {
            this.checkNode(i);
            if (group[i] !== 0) throw new RangeError(`${this.nodeNames[i]} is in two partition groups`);
            group[i] = g + 1;
          }
        });
        this.group.set(group);
        this.partitioned = true;
        return `partition ${c.groups.map((g) => `[${g.map((i) => this.nodeNames[i]).join(" ")}]`).join(" | ")}`;
      }
      case "heal":
        this.group.fill(0);
        this.partitioned = false;
        return "heal";
      default:
        throw new RangeError(`unknown command ${JSON.stringify((c as { type?: unknown }).type)}`);
    }
  }

  private configure(c: Extract<Command, { type: "configure" }>): string {
    if (c.fanout !== undefined) checkInteger("fanout", c.fanout, 0);
    if (c.gossipIntervalMs !== undefined) checkInteger("gossip interval", c.gossipIntervalMs, 1);
    if (c.gossip !== undefined && !["push", "push-pull", "digest", "off"].includes(c.gossip)) throw new RangeError(`unknown gossip strategy ${String(c.gossip)}`);
    if (c.forward !== undefined && typeof c.forward !== "boolean") throw new RangeError("forward must be true or false");
    const body: Body = { type: "configure" };
    const said: string[] = [];
    if (c.fanout !== undefined) {
      this.config.fanout = body.fanout = c.fanout;
      said.push(`fanout ${c.fanout}`);
    }
    if (c.gossip !== undefined) {
      this.config.gossip = c.gossip;
      if (c.gossip !== "off") body.strategy = c.gossip;
      said.push(`gossip ${c.gossip}`);
    }
    if (c.forward !== undefined) {
      this.config.forward = body.forward = c.forward;
      said.push(`forward ${c.forward ? "on" : "off"}`);
    }
    if (c.gossipIntervalMs !== undefined) {
      this.config.gossipIntervalMs = body.gossip_interval_ms = c.gossipIntervalMs;
      // The next round comes one new interval after the last one, but never in the past.
      this.nextTickAt = Math.max(this.nowMs + 1, this.lastRoundAt + c.gossipIntervalMs);
      this.scheduleTick();
      said.push(`interval ${c.gossipIntervalMs} ms`);
    }
    if (Object.keys(body).length > 1) {
      for (let i = 0; i < this.n; i++) if (this.alive[i] === 1) this.fromClient(CONTROLLER, i, { ...body });
    }
    return said.join(", ") || "configure (no change)";
  }


  private crash(i: number): void {
    this.alive[i] = 0;
    this.liveCount--;
    // What is in flight to it is lost, even if it restarts before the message would have arrived.
    for (const bucket of this.buckets.values()) {
      const nums = bucket.nums;
      for (let k = 0; k < bucket.count; k++) if (bucket.msgs[k] !== null && nums[k * STRIDE + 1] === i) nums[k * STRIDE + 1] = -1 - i;
    }
    for (let v = 0; v < this.knowers.length; v++) {
      if (this.knowers[v]![i] === 1) {
        this.knowers[v]![i] = 0;
        this.valueStates[v]!.knownBy--;
      }
    }
    // Losing an ignorant node can complete a value's coverage.
    for (const v of this.valueStates) this.checkFull(v);
  }

  private restart(i: number): void {
    this.incarnation[i]!++;
    this.alive[i] = 1;
    this.liveCount++;
    this.nodes[i] = this.bootNode(i);
  }

  // ---- nodes and the network --------------------------------------------------------------

  /** A fresh node, initialised and given the topology by the controller, as Maelstrom does. */
  private bootNode(i: number): HostedNode {
    const c = this.config;
    const node = createNode({
      seed: deriveSeed(deriveSeed(c.seed, NODE_STREAM + i), this.incarnation[i]!),
      fanout: c.fanout,
      gossipIntervalMs: c.gossipIntervalMs,
      strategy: (c.gossip === "off" ? "push" : c.gossip) as Strategy,
      forward: c.forward,
    });
    node.onLearn = (key) => this.learned(key);
    this.nodes[i] = node;
    // msg_id keys up front (fromClient fills them in), in wire order.
    this.fromClient(CONTROLLER, i, { type: "init", node_id: this.nodeNames[i]!, node_ids: this.nodeNames, msg_id: 0 });
    this.fromClient(CONTROLLER, i, { type: "topology", topology: this.topologyBody.topology, msg_id: 0 });
    return node;
  }

  /** A client request (`body`: a fresh object, given msg_id here): never dropped or delayed (faults act between nodes), handled now. */
  private fromClient(client: string, node: number, body: Body): void {
    const msgId = this.clientMsgIds.get(client) ?? 1;
    this.clientMsgIds.set(client, msgId + 1);
    // `body` is a fresh object of the caller's: stamped in place, not copied (a spread per node was
    // a tenth of creating a 100,000-node engine).
    body.msg_id = msgId;
    const msg: Message = { src: client, dest: this.nodeNames[node]!, body };
    const src = this.clientEndpoint(client);
    const type = messageTypeCode(body.type);
    this.measure(msg.body);
    const values = this.measuredValues;
    const bytes = this.measuredBytes;
    this.clientMessages++;
    this.journal.append(RecordKind.Send, this.nowMs, src, node, type, this.nowMs, values, bytes, 0, this.round);
    this.handleAt(node, msg, src, this.nowMs, this.round, type, values, bytes);
  }

  /** Journal endpoint of a client: c0 is -1, c1 is -2, ...; a name of another form gets one far below those. */
  private clientEndpoint(client: string): number {
    let e = this.clientIndex.get(client);
    if (e === undefined) {
      const m = /^c(\d+)$/.exec(client);
      e = m ? -Number(m[1]) - 1 : -1 - 1_000_000 - this.clientIndex.size;
      this.clientIndex.set(client, e);
    }
    return e;
  }

  private deliver(msg: Message, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number): void {
    let reason: DropReason = DropReason.None;
    if (dest < 0) {
      dest = -1 - dest;
      reason = DropReason.Crashed;
    } else if (this.alive[dest] !== 1) reason = DropReason.Crashed;
    // A partition that began while the message was in flight still cuts it off.
    else if (this.partitioned && this.group[src] !== this.group[dest]) reason = DropReason.Partition;
    if (reason === DropReason.None) this.handleAt(dest, msg, src, sentAt, round, type, values, bytes);
    else this.drop(src, dest, sentAt, round, type, values, bytes, reason);
  }

  private drop(src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, reason: DropReason): void {
    this.droppedByReason[reason]!++;
    this.journal.append(RecordKind.Drop, this.nowMs, src, dest, type, sentAt, values, bytes, reason, round);
  }

  /** Node `i` receives `msg` now. */
  private handleAt(i: number, msg: Message, src: number, sentAt: number, round: number, type: number, values: number, bytes: number): void {
    if (src >= 0) this.delivered++;
    this.journal.append(RecordKind.Deliver, this.nowMs, src, i, type, sentAt, values, bytes, 0, round);
    const node = this.nodes[i]!;
    if (this.traceDepth > 0) (this.traces[i] ??= new TraceRing(this.traceDepth)).add(this.nowMs, false, msg);
    const before = src >= 0 && values > 0 ? node.knownCount() : -1;
    this.activeNode = i;
    this.activeRound = round;
    this.activeSrc = src;
    this.activeSrcName = src >= 0 ? this.nodeNames[src]! : null;
    const out = this.takeOutBuf();
    const start = out.length;
    // src >= 0: the message comes from node `src`, named as in the node_ids the engine sent.
    node.handleInto(msg, out, src >= 0);
    if (before >= 0 && node.knownCount() === before) this.redundant++;
    this.emit(i, out, start);
  }

  private fireRound(): void {
    this.round++;
    this.lastRoundAt = this.nowMs;
    this.journal.append(RecordKind.Round, this.nowMs, -1, -1, 0, this.nowMs, this.round, 0, 0, this.round);
    for (const v of this.valueStates) {
      const last = v.byRound[v.byRound.length - 1];
      // Record the value's curve until it is flat at full coverage.
      if (!(v.knownBy === this.liveCount && last === v.knownBy)) v.byRound.push(v.knownBy);
    }
    this.nextTickAt = this.nowMs + this.config.gossipIntervalMs;
    this.scheduleTick();
    if (this.config.gossip === "off") return;
    if (this.timerOffset) {
      for (let i = 0; i < this.n; i++) if (this.alive[i] === 1) this.bucketAt(this.nowMs + this.timerOffset[i]!).push(null, i, 0, 0, 0, 0, 0, 0);
    } else {
      for (let i = 0; i < this.n; i++) if (this.alive[i] === 1) this.fireNodeTimer(i);
    }
  }

  private fireNodeTimer(i: number): void {
    if (this.alive[i] !== 1 || this.config.gossip === "off") return;
    this.activeNode = i;
    this.activeRound = this.round;
    this.activeSrcName = null;
    const out = this.takeOutBuf();
    const start = out.length;
    this.nodes[i]!.tickInto(out);
    this.emit(i, out, start);
  }

  private scheduleTick(): void {
    this.bucketAt(this.nextTickAt).push(null, ROUND_TICK, 0, 0, 0, 0, 0, 0);
  }

  /** The events due at `t`, created (and its time queued) on first use. */
  private bucketAt(t: number): Bucket {
    // With a constant latency every message sent at one time lands in the same bucket.
    if (this.lastBucket !== null && this.lastBucketAt === t) return this.lastBucket;
    let bucket = this.buckets.get(t);
    if (bucket === undefined) {
      this.buckets.set(t, (bucket = this.freeBuckets.pop() ?? new Bucket()));
      this.times.push(t);
    }
    this.lastBucket = bucket;
    this.lastBucketAt = t;
    return bucket;
  }

  /** outBuf, emptied first if it is full. Everything in it has been carried already. */
  private takeOutBuf(): Message[] {
    if (this.outBuf.length >= OUT_BUF_MAX) this.outBuf.length = 0;
    return this.outBuf;
  }

  /** Carries what node `from` emitted (out[start..]): to clients at once, to nodes through the network. */
  private emit(from: number, out: readonly Message[], start: number): void {
    for (let k = start; k < out.length; k++) {
      const msg = out[k]!;
      // A reply goes back to the sender of the message being handled: the very same string.
      const dest = msg.dest === this.activeSrcName ? this.activeSrc : nodeIndexOf(msg.dest, this.n);
      const type = messageTypeCode(msg.body.type);
      this.measure(msg.body);
      const values = this.measuredValues;
      const bytes = this.measuredBytes;
      if (this.traceDepth > 0) (this.traces[from] ??= new TraceRing(this.traceDepth)).add(this.nowMs, true, msg);
      if (dest < 0) {
        // To a client: delivered at once, never lost.
        const c = this.clientEndpoint(msg.dest);
        this.clientMessages++;
        this.journal.append(RecordKind.Send, this.nowMs, from, c, type, this.nowMs, values, bytes, 0, this.activeRound);
        this.journal.append(RecordKind.Deliver, this.nowMs, from, c, type, this.nowMs, values, bytes, 0, this.activeRound);
        continue;
      }
      this.serverMessages++;
      this.sentByType[type]!++;
      this.payloadValues += values;
      this.payloadBytesTotal += bytes;
      let reason: DropReason = DropReason.None;
      if (this.partitioned && this.group[from] !== this.group[dest]) reason = DropReason.Partition;
      else {
        const p = this.linkDrop.size > 0 ? (this.linkDrop.get(Math.min(from, dest) * this.n + Math.max(from, dest)) ?? this.config.dropRate) : this.config.dropRate;
        if (p > 0 && this.rng.next() < p) reason = DropReason.Loss;
      }
      const arrivesAt = this.nowMs + this.latency();
      this.journal.append(RecordKind.Send, this.nowMs, from, dest, type, arrivesAt, values, bytes, reason, this.activeRound);
      if (reason !== DropReason.None) this.drop(from, dest, this.nowMs, this.activeRound, type, values, bytes, reason);
      else this.bucketAt(arrivesAt).push(msg, from, dest, this.nowMs, this.activeRound, type, values, bytes);
    }
  }

  /** One-way latency in integer ms, drawn from the configured distribution with mean latencyMs. */
  private latency(): number {
    const mean = this.config.latencyMs;
    switch (this.config.latencyDist) {
      case "constant":
        return mean;
      case "uniform":
        return Math.floor(this.rng.next() * (2 * mean + 1));
      case "exponential":
        return Math.round(-mean * Math.log(1 - this.rng.next()));
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
    this.measuredBytes = ok ? payloadBytes(carried) : 0;
  }
  private measuredValues = 0;
  private measuredBytes = 0;

  // ---- values and coverage ----------------------------------------------------------------

  private registerValue(value: Json, origin: number): void {
    const key = canonicalJson(value);
    if (this.valueIndex.has(key)) return;
    const index = this.valueStates.length;
    this.valueIndex.set(key, index);
    this.knowers.push(new Uint8Array(this.n));
    this.valueStates.push({
      index,
      value,
      key,
      origin,
      injectedAtMs: this.nowMs,
      injectedRound: this.round,
      knownBy: 0,
      fullAtMs: null,
      rounds: null,
      byRound: [],
    });
  }

  /** A node learned a value (called by the node, synchronously, while it handles an input). */
  private learned(key: string): void {
    const v = this.valueIndex.get(key);
    if (v === undefined) return;
    const i = this.activeNode;
    const knowers = this.knowers[v]!;
    if (knowers[i] === 1) return;
    knowers[i] = 1;
    const state = this.valueStates[v]!;
    state.knownBy++;
    this.journal.append(RecordKind.Learn, this.nowMs, -1, i, 0, this.nowMs, v, 0, 0, this.activeRound);
    this.checkFull(state, this.activeRound);
  }

  private checkFull(v: ValueState, round = this.round): void {
    if (v.fullAtMs === null && v.knownBy >= this.liveCount && this.liveCount > 0) {
      v.fullAtMs = this.nowMs;
      v.rounds = round - v.injectedRound;
    }
  }

  private checkNode(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.n)) throw new RangeError(`no node with index ${String(i)} (there are ${this.n})`);
  }

  private checkLiveNode(i: number): void {
    this.checkNode(i);
    if (this.alive[i] !== 1) throw new RangeError(`${this.nodeNames[i]} is crashed`);
  }
}

/** Creates a run. Throws RangeError naming the problem for an impossible configuration. */
export function createEngine(config: SimConfig, options: EngineOptions = {}): Engine {
  return new Simulation(config, options);
}
