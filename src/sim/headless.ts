/**
 * The headless run: the engine's run of a configuration, for when nobody watches a message (the
 * trials of bin/gossip-sim and of the page's experiments). Same events in the same order, same
 * draws from the same generators, so the same metrics, figure for figure (test/sim/headless.test.ts
 * holds the two to that); but no message objects, no protocol node objects, no journal.
 *
 * Why. A protocol node is an object with a Map of known values, and a message is an object with a
 * body: at 100,000 nodes a run spent a third of its time collecting garbage and most of the rest
 * missing the cache on nodes and bodies, about 35 times as long as a bare loop over typed arrays,
 * and at 1,000,000 nodes creating the nodes alone took 9 s. Here a node is a few numbers in typed
 * arrays (its known values are the bits of one int32, its generator's seed one uint32), and a
 * message in flight is five int32s in a queue that keeps the engine's order (./engine/number-queue.ts),
 * or one int32 of a batch of them.
 *
 * What it runs: the protocol of src/sim/node.ts for the messages a run of the engine sends between
 * its nodes in push, push-pull and gossip off, with or without forwarding, over any topology, loss,
 * latency and jitter, and the client's broadcasts (at most HEADLESS_MAX_VALUES distinct values) and
 * reads. Not digest, crashes, partitions, configure or inspection: a run needing those takes the engine.
 */
import { configProblems, type SimConfig } from "./config";
import type { Command, RunMetrics, TrialEngine } from "./engine-api";
import { adjacencyOf } from "./engine/adjacency";
import { Counters } from "./engine/counters";
import { Coverage, type Lesson } from "./engine/coverage";
import { BATCH_WIDTH, batchSlot, DEST, KIND, NumberQueue, offset, PAYLOAD, ROUND, SRC, type NumberBucket } from "./engine/number-queue";
import { runMetrics } from "./engine/metrics";
import { Network } from "./engine/network";
import { NETWORK_STREAM, nodeSeed, timerOffsets } from "./engine/seeds";
import { DropReason, lossAtMs, lostArrivalMs, messageTypeCode } from "./journal";
import type { Json } from "./protocol";
import { Rng, deriveSeed, drawAscending, sampleAscending, stateAfter } from "./rng";
import { canonicalJson, isJsonValue, valueBytes } from "./values";

/** Distinct values a headless run tells apart: a node's known values are the bits of one int32. */
export const HEADLESS_MAX_VALUES = 32;

/** Whether a run of `config` can be headless (then createHeadlessRun gives the engine's results). */
export function headlessFits(config: SimConfig): boolean {
  return config.gossip !== "digest";
}

const GOSSIP_SYNC = messageTypeCode("gossip_sync");
const GOSSIP_SYNC_OK = messageTypeCode("gossip_sync_ok");
const BROADCAST = messageTypeCode("broadcast");
const BROADCAST_OK = messageTypeCode("broadcast_ok");
/** Event kinds besides the message types (MESSAGE_TYPES codes, all > 0): a node's timer, the round's... */
const TIMER = 0;
const ROUND_TICK = -1;
/**
 * ...and arrivals that change nothing but the count of deliveries (a gossip_sync_ok or
 * broadcast_ok carrying no values): PAYLOAD of them, counted together in one event. Where they
 * fall among a millisecond's events cannot matter, so a round's answers take one slot, not one each.
 */
const ARRIVALS = -2;
/**
 * A batch of push gossip_syncs alike but for their receivers (NumberBucket.openBatch), on a
 * network that loses nothing and has a constant latency: their sender does not matter, for the
 * answer carries nothing and the network draws nothing for it.
 */
const SYNC_BATCH = -3;
/** A message the network loses, at the moment it is lost (lossAtMs): PAYLOAD is the DropReason. */
const LOST = -4;
/** Client messages per node at boot: init and topology, and their replies. */
const BOOT_CLIENT_MESSAGES = 4;
/** Peer draws of up to this many are made into one reused array (drawAscending); more go through sampleAscending. */
const SMALL_DRAW = 32;

/** Number of set bits of an int32. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

class HeadlessRun implements TrialEngine {
  readonly config: SimConfig;
  private readonly n: number;
  private readonly offsets: Int32Array;
  private readonly adj: Int32Array;
  /** Per node: bit v set when it knows value v (the value of coverage index v). */
  private readonly known: Int32Array;
  /**
   * Per node: its peer-choice generator's seed (the protocol node's Rng). Its state is not kept:
   * every round a node draws the same number of times whether it sends or not (fanout among more
   * neighbours, else none: node/peers.ts), so before its round r it has made r - 1 rounds' draws
   * (rng.ts, stateAfter). A node that knows nothing in push then costs nothing in a round, as in a
   * bare loop.
   */
  private readonly seeds: Uint32Array;
  /** Peer positions of a small draw, ascending. */
  private readonly picked = new Array<number>(SMALL_DRAW);
  private readonly timerOffset: Int32Array | null;
  /** Payload bytes of each value (its canonical JSON's UTF-8 length). */
  private readonly bytesOfValue: number[] = [];
  private readonly pull: boolean;
  /** Whether the network loses nothing (no loss rate: it draws nothing then), and its latency when constant, else -1 (it draws). */
  private readonly lossless: boolean;
  private readonly fixedLatencyMs: number;
  private readonly queue = new NumberQueue();
  private readonly network: Network;
  private readonly counters = new Counters();
  private readonly coverage: Coverage;
  /** The delivery being learned from, handed to coverage (one object, reused). */
  private readonly lesson: Lesson = { node: 0, round: 0, src: 0, sendSeq: -1, sentAt: 0, type: 0 };
  /**
   * ARRIVALS not yet in the queue: `arrivalsCount` of them due at `arrivalsAt` (a round's answers
   * are due at a few times: counted here, then put in the queue as one event before it runs on).
   */
  private arrivalsAt = -1;
  private arrivalsCount = 0;
  /** The last payload sized, and its bytes: a round sends one node's values to each peer. */
  private sizedMask = 0;
  private sizedBytes = 2;

  nowMs = 0;
  round = 0;
  private nextTickAt: number;
  /** No node crashes in a headless run. */
  readonly liveCount: number;

  constructor(config: SimConfig) {
    const problems = configProblems(config);
    if (problems.length > 0) throw new RangeError(problems.join("; "));
    if (!headlessFits(config)) throw new RangeError(`a headless run has no ${config.gossip} gossip`);
    const n = (this.n = this.liveCount = config.nodes);
    this.config = { ...config };
    ({ offsets: this.offsets, adj: this.adj } = adjacencyOf(config));
    this.timerOffset = timerOffsets(config);
    this.known = new Int32Array(n);
    this.seeds = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.seeds[i] = nodeSeed(config.seed, i, 0);
    this.pull = config.gossip === "push-pull";
    // No command changes the network of a headless run: what Network.fate and latency answer without a draw is fixed.
    this.lossless = config.dropRate === 0;
    this.fixedLatencyMs = config.latencyDist === "constant" ? config.latencyMs : -1;
    this.network = new Network(n, new Rng(deriveSeed(config.seed, NETWORK_STREAM)), this.config);
    this.coverage = Coverage.countsOnly(n, this.counters);
    // Each node was sent init and topology by the controller, and answered both.
    this.counters.clientMessages = BOOT_CLIENT_MESSAGES * n;
    this.nextTickAt = config.gossipIntervalMs;
    this.scheduleTick();
  }

  nextRoundAtMs(): number {
    return this.nextTickAt;
  }

  isAlive(node: number): boolean {
    return Number.isInteger(node) && node >= 0 && node < this.n;
  }

  converged(): boolean {
    return this.coverage.converged(this.liveCount);
  }

  metrics(): RunMetrics {
    return runMetrics(this, this.counters, this.coverage);
  }

  apply(c: Command): void {
    if (c.type !== "inject" && c.type !== "read") throw new RangeError(`a headless run takes inject and read, not ${String(c.type)}`);
    if (!(Number.isInteger(c.node) && c.node >= 0 && c.node < this.n)) throw new RangeError(`no node with index ${String(c.node)} (there are ${this.n})`);
    const v = c.type === "inject" ? this.register(c.node, c.value) : -1;
    // A client request and its reply, both between a client and a node: never lost, never delayed.
    this.counters.clientOps++;
    this.counters.clientMessages += 2;
    if (v >= 0) this.broadcast(c.node, v);
  }

  advanceTo(tMs: number): void {
    if (!Number.isFinite(tMs)) throw new RangeError(`advanceTo needs a finite time, got ${tMs}`);
    const queue = this.queue;
    for (;;) {
      this.queueArrivals();
      const t = queue.nextTime();
      if (t === undefined || t > tMs) break;
      const bucket = queue.take(t);
      this.nowMs = t;
      // The bucket may grow while it runs (zero-latency sends): re-read its count.
      for (let k = 0; k < bucket.count; k++) {
        const ints = bucket.ints(k);
        const o = offset(k);
        const kind = ints[o + KIND]!;
        const src = ints[o + SRC]!;
        const dest = ints[o + DEST]!;
        const round = ints[o + ROUND]!;
        const payload = ints[o + PAYLOAD]!;
        bucket.ran(k);
        if (kind > 0) this.deliver(src, dest, round, kind, payload);
        else if (kind === SYNC_BATCH) k = this.deliverBatch(bucket, k, src, round, payload);
        else if (kind === ARRIVALS) this.counters.delivered += payload;
        else if (kind === LOST) this.counters.droppedByReason[payload]!++;
        else if (kind === TIMER) this.gossip(src);
        else if (t === this.nextTickAt) this.fireRound();
      }
      queue.release(t, bucket);
    }
    if (tMs > this.nowMs) this.nowMs = Math.floor(tMs);
  }

  // ---- the client -------------------------------------------------------------------------

  /** Tracks the value a client broadcasts to `node` (default: the next integer); returns its index. Throws before changing anything. */
  private register(node: number, given: Json | undefined): number {
    const coverage = this.coverage;
    const value: Json = given === undefined ? coverage.nextValue : given;
    if (!isJsonValue(value)) throw new RangeError("inject needs a JSON value");
    const key = canonicalJson(value);
    if (coverage.indexOf(key) < 0 && coverage.count >= HEADLESS_MAX_VALUES) throw new RangeError(`a headless run tells at most ${HEADLESS_MAX_VALUES} values apart`);
    coverage.register(key, value, node, this.nowMs, this.round);
    const v = coverage.indexOf(key);
    this.bytesOfValue[v] = valueBytes(value);
    return v;
  }

  /** Node `node` handles a client's broadcast of value `v`: learns it (in the current round), answers, forwards it if new. */
  private broadcast(node: number, v: number): void {
    const bit = 1 << v;
    if ((this.known[node]! & bit) !== 0) return;
    this.learn(node, bit, this.round, -1);
    if (this.config.forward) this.forward(node, -1, v, this.round);
  }

  // ---- the protocol node's rules, on numbers ----------------------------------------------

  /** Node `dest` receives a message of node `src` (what the protocol node's handlers do with it). */
  private deliver(src: number, dest: number, round: number, type: number, payload: number): void {
    const counters = this.counters;
    counters.delivered++;
    const had = this.known[dest]!;
    if (type === GOSSIP_SYNC) {
      // payload: the sender's values. Merged, then answered (with what the sender lacks, in push-pull).
      const fresh = payload & ~had;
      if (fresh !== 0) this.learn(dest, fresh, round, src);
      else if (payload !== 0) counters.redundant++;
      if (this.pull) {
        const missing = this.known[dest]! & ~payload;
        this.send(dest, src, round, GOSSIP_SYNC_OK, missing, bitCount(missing), this.payloadBytes(missing));
      } else {
        counters.serverMessages++;
        counters.sentByType[GOSSIP_SYNC_OK]!++;
        this.post(dest, src, round, GOSSIP_SYNC_OK, 0);
      }
    } else if (type === GOSSIP_SYNC_OK) {
      // payload: the values the answer says we lack (push-pull; none in push).
      const fresh = payload & ~had;
      if (fresh !== 0) this.learn(dest, fresh, round, src);
      else if (payload !== 0) counters.redundant++;
    } else if (type === BROADCAST) {
      // payload: the value's index. Acknowledged; forwarded when new.
      const bit = 1 << payload;
      if ((had & bit) !== 0) counters.redundant++;
      else this.learn(dest, bit, round, src);
      this.send(dest, src, round, BROADCAST_OK, 0, 0, 0);
      if ((had & bit) === 0 && this.config.forward) this.forward(dest, src, payload, round);
    }
    // BROADCAST_OK: a response carrying nothing.
  }

  /** Delivers the `count` gossip_syncs of the batch at slot `b` (round, sender's values `mask`); returns its last slot. */
  private deliverBatch(bucket: NumberBucket, b: number, count: number, round: number, mask: number): number {
    let k = b;
    for (let j = 0; j < count; j += BATCH_WIDTH) {
      k = batchSlot(b, j);
      const ints = bucket.ints(k);
      const o = offset(k);
      for (let p = 0, end = Math.min(BATCH_WIDTH, count - j); p < end; p++) this.deliver(-1, ints[o + p]!, round, GOSSIP_SYNC, mask);
      bucket.ran(k);
    }
    return k;
  }

  /** Node `node` learns the values of `fresh` (none known before) from a message of round `round`. */
  private learn(node: number, fresh: number, round: number, src: number): void {
    this.known[node]! |= fresh;
    const lesson = this.lesson;
    lesson.node = node;
    lesson.round = round;
    lesson.src = src;
    for (let bits = fresh; bits !== 0; bits &= bits - 1) {
      const v = 31 - Math.clz32(bits & -bits);
      this.coverage.learnedIndex(v, lesson, this.nowMs, this.liveCount);
    }
  }

  /** Pushes value `v`, new at `node`, to its neighbours but `src` (src < 0: from a client, to all). */
  private forward(node: number, src: number, v: number, round: number): void {
    const bytes = 2 + this.bytesOfValue[v]!;
    for (let k = this.offsets[node]!, end = this.offsets[node + 1]!; k < end; k++) {
      const peer = this.adj[k]!;
      if (peer !== src) this.send(node, peer, round, BROADCAST, v, 1, bytes);
    }
  }

  /** Node `i`'s gossip round (its timer): a draw of up to `fanout` neighbours, sent its values. */
  private gossip(i: number): void {
    const mask = this.known[i]!;
    // Push with nothing known sends nothing (its generator moves on all the same: see `seeds`).
    if (!this.pull && mask === 0) return;
    const from = this.offsets[i]!;
    const degree = this.offsets[i + 1]! - from;
    const fanout = this.config.fanout;
    const round = this.round;
    const values = bitCount(mask);
    const bytes = this.payloadBytes(mask);
    // The peers, in candidate order: all of them, or a draw from the node's generator.
    let peers: number[] | null = null;
    let count = degree;
    if (fanout < degree) {
      const state = stateAfter(this.seeds[i]!, fanout * (round - 1));
      if (fanout > SMALL_DRAW) peers = sampleAscending(new Rng(state), degree, fanout);
      else drawAscending(state, degree, fanout, (peers = this.picked));
      count = fanout;
    }
    // Counted together (no node learns anything between these sends, so nothing reads the counters meanwhile).
    const counters = this.counters;
    counters.serverMessages += count;
    counters.sentByType[GOSSIP_SYNC]! += count;
    counters.payloadValues += count * values;
    counters.payloadBytes += count * bytes;
    const adj = this.adj;
    if (this.lossless && this.fixedLatencyMs > 0 && !this.pull) {
      // Nothing is drawn, every message goes into one bucket (not the running one), and nobody answers to the sender with anything in it: a batch.
      const bucket = this.queue.at(this.nowMs + this.fixedLatencyMs);
      bucket.openBatch(SYNC_BATCH, round, mask);
      for (let k = 0; k < count; k++) bucket.addToBatch(adj[from + (peers === null ? k : peers[k]!)]!);
    } else if (this.lossless && this.fixedLatencyMs >= 0) {
      const bucket = this.queue.at(this.nowMs + this.fixedLatencyMs);
      for (let k = 0; k < count; k++) bucket.push(i, adj[from + (peers === null ? k : peers[k]!)]!, round, GOSSIP_SYNC, mask);
    } else for (let k = 0; k < count; k++) this.post(i, adj[from + (peers === null ? k : peers[k]!)]!, round, GOSSIP_SYNC, mask);
  }

  /** Bytes of a payload of the values of `mask`: the UTF-8 length of their JSON array. */
  private payloadBytes(mask: number): number {
    if (mask === this.sizedMask) return this.sizedBytes;
    let bytes = 2 + Math.max(0, bitCount(mask) - 1);
    for (let bits = mask; bits !== 0; bits &= bits - 1) bytes += this.bytesOfValue[31 - Math.clz32(bits & -bits)]!;
    this.sizedMask = mask;
    return (this.sizedBytes = bytes);
  }

  // ---- the network and the clock ----------------------------------------------------------

  /** A message from node `from` to node `dest`: counted, then posted. */
  // oxlint-disable-next-line max-params -- hot path: one call per message, its numbers as arguments rather than an object per message
  private send(from: number, dest: number, round: number, type: number, payload: number, values: number, bytes: number): void {
    const counters = this.counters;
    counters.serverMessages++;
    counters.sentByType[type]!++;
    counters.payloadValues += values;
    counters.payloadBytes += bytes;
    this.post(from, dest, round, type, payload);
  }

  /** A message (counted as sent) from node `from` to node `dest`: its fate and latency drawn, in this order, and queued unless lost. */
  private post(from: number, dest: number, round: number, type: number, payload: number): void {
    const reason = this.lossless ? DropReason.None : this.network.fate(from, dest);
    const latency = this.fixedLatencyMs >= 0 ? this.fixedLatencyMs : this.network.latency();
    const arrivesAt = this.nowMs + latency;
    if (reason !== DropReason.None) {
      // In flight until it is lost, halfway, as the engine has it.
      this.queue.at(lossAtMs(this.nowMs, lostArrivalMs(this.nowMs, latency))).push(from, dest, round, LOST, reason);
      return;
    }
    // An answer that carries nothing only counts on arrival. One due now (zero latency) goes into the running bucket as it is.
    const counted = type === BROADCAST_OK || (type === GOSSIP_SYNC_OK && payload === 0);
    if (!counted || arrivesAt === this.nowMs) this.queue.at(arrivesAt).push(from, dest, round, counted ? ARRIVALS : type, counted ? 1 : payload);
    else if (arrivesAt === this.arrivalsAt) this.arrivalsCount++;
    else {
      this.queueArrivals();
      this.arrivalsAt = arrivesAt;
      this.arrivalsCount = 1;
    }
  }

  /** Puts the ARRIVALS counted apart into the queue (due later than now: their bucket is not running). */
  private queueArrivals(): void {
    if (this.arrivalsCount === 0) return;
    const bucket = this.queue.at(this.arrivalsAt);
    if (!bucket.countInLast(ARRIVALS, this.arrivalsCount)) bucket.push(-1, -1, 0, ARRIVALS, this.arrivalsCount);
    this.arrivalsCount = 0;
    this.arrivalsAt = -1;
  }

  private fireRound(): void {
    this.round++;
    this.nextTickAt = this.nowMs + this.config.gossipIntervalMs;
    this.scheduleTick();
    if (this.config.gossip === "off") return;
    const offsets = this.timerOffset;
    if (offsets === null) for (let i = 0; i < this.n; i++) this.gossip(i);
    else for (let i = 0; i < this.n; i++) this.queue.at(this.nowMs + offsets[i]!).push(i, -1, this.round, TIMER, 0);
  }

  private scheduleTick(): void {
    this.queue.at(this.nextTickAt).push(-1, -1, this.round, ROUND_TICK, 0);
  }
}

/** A headless run of `config` (see headlessFits). Throws RangeError for an impossible configuration. */
export function createHeadlessRun(config: SimConfig): TrialEngine {
  return new HeadlessRun(config);
}
