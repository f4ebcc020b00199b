/**
 * Who knows what: for every injected value, which live nodes know it and through which round.
 *
 * A value's rounds. Every message carries the gossip round that caused it (see the engine), so each
 * node that knows a value learned it in a round: the round of the message that taught it, counted
 * from the value's injection (0: the injection itself, or flooding before any round). The value took
 * r rounds once every live node knows it and r is the largest of their rounds. Its curve (`byRound`)
 * counts, for each r, the live nodes that learned it in round r or earlier, so the curve reaches
 * every live node exactly at r: the values table, the chart and bin/gossip-sim share this one
 * definition. A crashed node forgets what it knew; a restarted node knows nothing, so a value that
 * had reached everyone is short again (its rounds empty) until it reaches the restarted node too.
 *
 * A value's cost to all: the messages and bytes the run sent from its injection until every live
 * node knew it, frozen at that moment (push goes on sending after convergence; the cost does not).
 */
import type { LearnedFrom, ValueState } from "../engine-api";
import type { Json } from "../protocol";
import type { Counters } from "./counters";

/** A value's curve keeps this many rounds; later learnings count in the last one (its rounds stay exact). */
export const MAX_CURVE_ROUNDS = 1000;

interface Tracked {
  state: ValueState;
  /**
   * Per node: the absolute round it learned the value in, plus 1; 0 when it does not know it.
   * Null in a run that keeps counts only (Coverage.countsOnly).
   */
  learnedIn: Int32Array | null;
  /** The largest learnedIn entry so far: the value's rounds when no node can forget it (counts only). */
  lastLearnedIn: number;
  /** Live knowers per round since injection (clipped at MAX_CURVE_ROUNDS). */
  perRound: number[];
  /** The run's messages and bytes sent when it was injected: its cost to all is counted from here. */
  msgsAtInjection: number;
  bytesAtInjection: number;
  /** Who taught each node (with recordLearning): the first delivery that brought it. */
  teachers: Teachers | null;
}

/** A value's round per node (Tracked.learnedIn); a run that keeps counts only cannot answer per node. */
function roundsOf(t: Tracked): Int32Array {
  if (t.learnedIn === null) throw new Error("a run that keeps counts only (no crashes, no questions about one node) has no per-node rounds");
  return t.learnedIn;
}

/** Per node, the delivery that taught it the value (index: node). */
interface Teachers {
  /** Sender: a node index, or a client endpoint (< 0) for the injection. */
  src: Int32Array;
  sendSeq: Float64Array;
  sentAt: Float64Array;
  learnedAt: Float64Array;
  /** MESSAGE_TYPES code. */
  type: Uint8Array;
}

/** The delivery a node is learning from, as the engine hands it over. */
export interface Lesson {
  node: number;
  round: number;
  src: number;
  sendSeq: number;
  sentAt: number;
  type: number;
}

export class Coverage {
  /**
   * Whether each node's round is kept (learnedIn): knows(), roundsLearned(), lesson() and crashes
   * need it. Trials (a headless run, ../headless.ts, or an engine made with countsOnly) have no
   * crashes and ask none of those, so their coverage costs nothing per node and value.
   */
  private keepsRounds = true;
  private readonly tracked: Tracked[];
  private readonly index: Map<string, number>;
  /** The value "Broadcast" injects next: one more than the largest integer seen. */
  nextValue: number;

  constructor(
    private readonly n: number,
    /** The run's counters, read when a value is injected and when it reaches everyone. */
    private readonly counters: Counters,
    /** Keep who taught whom (How n7 learned 1, the spread tree): 29 bytes per node and value. */
    private readonly recordLearning: boolean,
    tracked: Tracked[] = [],
    index = new Map<string, number>(),
    nextValue = 1,
  ) {
    this.tracked = tracked;
    this.index = index;
    this.nextValue = nextValue;
  }

  /**
   * Coverage of a run whose nodes never forget (no crash) and which tells learned() of each node's
   * first learning of a value only: curves, rounds and costs exactly as with per-node rounds, and
   * no memory per node and value. knows(), roundsLearned(), lesson() and crashed() are not for it.
   */
  static countsOnly(n: number, counters: Counters): Coverage {
    const c = new Coverage(n, counters, false);
    c.keepsRounds = false;
    return c;
  }

  /** The index of the value with canonical JSON `key`, or -1 when it was not injected. */
  indexOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  /** Whether each node's round is kept: false in a run that keeps counts only. */
  get perNode(): boolean {
    return this.keepsRounds;
  }

  /** Whether who taught whom is kept (lesson() answers). */
  get recordsLearning(): boolean {
    return this.recordLearning;
  }

  get count(): number {
    return this.tracked.length;
  }

  /** Starts tracking a value (a no-op for one already injected). */
  register(key: string, value: Json, origin: number, nowMs: number, round: number): void {
    if (typeof value === "number" && Number.isInteger(value) && value >= this.nextValue) this.nextValue = value + 1;
    if (this.index.has(key)) return;
    const index = this.tracked.length;
    this.index.set(key, index);
    const n = this.n;
    this.tracked.push({
      state: { index, value, key, origin, injectedAtMs: nowMs, injectedRound: round, knownBy: 0, fullAtMs: null, rounds: null, msgsToAll: null, bytesToAll: null, redundancy: null, byRound: [] },
      learnedIn: this.perNode ? new Int32Array(n) : null,
      lastLearnedIn: 0,
      perRound: [],
      msgsAtInjection: this.counters.serverMessages,
      bytesAtInjection: this.counters.bytesSent,
      teachers: this.recordLearning
        ? { src: new Int32Array(n), sendSeq: new Float64Array(n), sentAt: new Float64Array(n), learnedAt: new Float64Array(n), type: new Uint8Array(n) }
        : null,
    });
  }

  /**
   * A node learned the value with canonical JSON `key` from the delivery `lesson` describes.
   * Returns the value's index, or -1 when it is not a tracked value or the node knew it already.
   */
  learned(key: string, lesson: Lesson, nowMs: number, liveCount: number): number {
    const v = this.index.get(key);
    return v === undefined ? -1 : this.learnedIndex(v, lesson, nowMs, liveCount);
  }

  /** learned(), for the value of index `v` (a registered one). */
  learnedIndex(v: number, lesson: Lesson, nowMs: number, liveCount: number): number {
    const t = this.tracked[v]!;
    const { node, round } = lesson;
    const learnedIn = t.learnedIn;
    if (learnedIn !== null) {
      if (learnedIn[node] !== 0) return -1;
      learnedIn[node] = round + 1;
    }
    if (round + 1 > t.lastLearnedIn) t.lastLearnedIn = round + 1;
    const teachers = t.teachers;
    if (teachers !== null) {
      teachers.src[node] = lesson.src;
      teachers.sendSeq[node] = lesson.sendSeq;
      teachers.sentAt[node] = lesson.sentAt;
      teachers.learnedAt[node] = nowMs;
      teachers.type[node] = lesson.type;
    }
    const r = this.relativeRound(t, round);
    t.perRound[r] = (t.perRound[r] ?? 0) + 1;
    t.state.knownBy++;
    this.checkFull(t, nowMs, liveCount);
    return v;
  }

  knows(node: number, valueIndex: number): boolean {
    const t = this.tracked[valueIndex];
    return t !== undefined && roundsOf(t)[node] !== 0;
  }

  /** The round (since its injection) each node learned value `valueIndex` in; -1 where it does not know it. */
  roundsLearned(valueIndex: number): Int32Array | null {
    const t = this.tracked[valueIndex];
    if (t === undefined) return null;
    const learnedIn = roundsOf(t);
    const out = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = learnedIn[i] === 0 ? -1 : Math.max(0, learnedIn[i]! - 1 - t.state.injectedRound);
    return out;
  }

  /** How `node` learned value `valueIndex` (null when it does not know it, or learning is not recorded). */
  lesson(node: number, valueIndex: number): LearnedFrom | null {
    const t = this.tracked[valueIndex];
    const teachers = t?.teachers;
    if (!t || !teachers || roundsOf(t)[node] === 0) return null;
    return {
      node,
      from: teachers.src[node]!,
      sendSeq: teachers.sendSeq[node]!,
      sentAtMs: teachers.sentAt[node]!,
      learnedAtMs: teachers.learnedAt[node]!,
      type: teachers.type[node]!,
      round: Math.max(0, t.learnedIn![node]! - 1 - t.state.injectedRound),
    };
  }

  /** A node crashed: it forgets everything, which may complete a value's coverage. `liveCount` excludes it. */
  crashed(node: number, nowMs: number, liveCount: number): void {
    for (const t of this.tracked) {
      const rounds = roundsOf(t);
      const learnedIn = rounds[node]!;
      if (learnedIn !== 0) {
        rounds[node] = 0;
        t.perRound[this.relativeRound(t, learnedIn - 1)]!--;
        t.state.knownBy--;
      }
      this.checkFull(t, nowMs, liveCount);
    }
  }

  /** A node restarted knowing nothing: no value has reached every live node any more. */
  restarted(): void {
    for (const { state } of this.tracked) {
      state.fullAtMs = null;
      state.rounds = null;
      state.msgsToAll = null;
      state.bytesToAll = null;
      state.redundancy = null;
    }
  }

  /** Whether every live node knows every value (false with none injected). */
  converged(liveCount: number): boolean {
    if (this.tracked.length === 0) return false;
    for (const t of this.tracked) if (t.state.knownBy < liveCount) return false;
    return true;
  }

  /** The values as they stand (shared objects: read, do not keep). */
  states(): ValueState[] {
    return this.tracked.map((t) => t.state);
  }

  /** Copies of the values with their curves filled in. */
  snapshot(): ValueState[] {
    return this.tracked.map((t) => {
      const byRound: number[] = [];
      let sum = 0;
      for (let r = 0; r < t.perRound.length; r++) byRound.push((sum += t.perRound[r] ?? 0));
      return { ...t.state, byRound };
    });
  }

  /** A copy that reads `counters` (the copied run's). */
  copy(counters: Counters): Coverage {
    const tracked = this.tracked.map((t) => ({
      ...t,
      state: { ...t.state },
      learnedIn: t.learnedIn === null ? null : t.learnedIn.slice(),
      perRound: t.perRound.slice(),
      teachers: t.teachers === null ? null : { src: t.teachers.src.slice(), sendSeq: t.teachers.sendSeq.slice(), sentAt: t.teachers.sentAt.slice(), learnedAt: t.teachers.learnedAt.slice(), type: t.teachers.type.slice() },
    }));
    const copy = new Coverage(this.n, counters, this.recordLearning, tracked, new Map(this.index), this.nextValue);
    copy.keepsRounds = this.keepsRounds;
    return copy;
  }

  /** Bytes a copy allocates per value, for checkpoint budgets. */
  bytesPerValue(): number {
    return this.perNode ? this.n * (this.recordLearning ? 33 : 4) : 0;
  }

  private relativeRound(t: Tracked, round: number): number {
    return Math.min(MAX_CURVE_ROUNDS, Math.max(0, round - t.state.injectedRound));
  }

  private checkFull(t: Tracked, nowMs: number, liveCount: number): void {
    const s = t.state;
    if (s.fullAtMs !== null || s.knownBy < liveCount || liveCount === 0) return;
    s.fullAtMs = nowMs;
    // Without per-node rounds no node has forgotten, so the largest round ever learned in is the live nodes' largest.
    let last = t.lastLearnedIn;
    const learnedIn = t.learnedIn;
    if (learnedIn !== null) {
      last = 0;
      for (let i = 0; i < this.n; i++) last = Math.max(last, learnedIn[i]!);
    }
    s.rounds = Math.max(0, last - 1 - s.injectedRound);
    // Its cost, frozen now: what the run sent from its injection until every live node knew it.
    s.msgsToAll = this.counters.serverMessages - t.msgsAtInjection;
    s.bytesToAll = this.counters.bytesSent - t.bytesAtInjection;
    // Relative message redundancy (m / (n - 1) - 1): 0 when each message reached a new node.
    s.redundancy = liveCount > 1 ? s.msgsToAll / (liveCount - 1) - 1 : null;
  }
}
