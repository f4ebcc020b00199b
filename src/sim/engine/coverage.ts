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
 */
import type { ValueState } from "../engine-api";
import type { Json } from "../protocol";

/** A value's curve keeps this many rounds; later learnings count in the last one (its rounds stay exact). */
export const MAX_CURVE_ROUNDS = 1000;

interface Tracked {
  state: ValueState;
  /** Per node: the absolute round it learned the value in, plus 1; 0 when it does not know it. */
  learnedIn: Int32Array;
  /** Live knowers per round since injection (clipped at MAX_CURVE_ROUNDS). */
  perRound: number[];
}

export class Coverage {
  private readonly tracked: Tracked[];
  private readonly index: Map<string, number>;
  /** The value "Broadcast" injects next: one more than the largest integer seen. */
  nextValue: number;

  constructor(
    private readonly n: number,
    tracked: Tracked[] = [],
    index = new Map<string, number>(),
    nextValue = 1,
  ) {
    this.tracked = tracked;
    this.index = index;
    this.nextValue = nextValue;
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
    this.tracked.push({
      state: { index, value, key, origin, injectedAtMs: nowMs, injectedRound: round, knownBy: 0, fullAtMs: null, rounds: null, byRound: [] },
      learnedIn: new Int32Array(this.n),
      perRound: [],
    });
  }

  /**
   * Node `node` learned the value with canonical JSON `key` from a message of round `round`.
   * Returns the value's index, or -1 when it is not a tracked value or the node knew it already.
   */
  learned(key: string, node: number, round: number, nowMs: number, liveCount: number): number {
    const v = this.index.get(key);
    if (v === undefined) return -1;
    const t = this.tracked[v]!;
    if (t.learnedIn[node] !== 0) return -1;
    t.learnedIn[node] = round + 1;
    const r = this.relativeRound(t, round);
    t.perRound[r] = (t.perRound[r] ?? 0) + 1;
    t.state.knownBy++;
    this.checkFull(t, nowMs, liveCount);
    return v;
  }

  knows(node: number, valueIndex: number): boolean {
    const t = this.tracked[valueIndex];
    return t !== undefined && t.learnedIn[node] !== 0;
  }

  /** A node crashed: it forgets everything, which may complete a value's coverage. `liveCount` excludes it. */
  crashed(node: number, nowMs: number, liveCount: number): void {
    for (const t of this.tracked) {
      const learnedIn = t.learnedIn[node]!;
      if (learnedIn !== 0) {
        t.learnedIn[node] = 0;
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

  copy(): Coverage {
    const tracked = this.tracked.map((t) => ({ state: { ...t.state }, learnedIn: t.learnedIn.slice(), perRound: t.perRound.slice() }));
    return new Coverage(this.n, tracked, new Map(this.index), this.nextValue);
  }

  private relativeRound(t: Tracked, round: number): number {
    return Math.min(MAX_CURVE_ROUNDS, Math.max(0, round - t.state.injectedRound));
  }

  private checkFull(t: Tracked, nowMs: number, liveCount: number): void {
    const s = t.state;
    if (s.fullAtMs !== null || s.knownBy < liveCount || liveCount === 0) return;
    s.fullAtMs = nowMs;
    let last = 0;
    for (let i = 0; i < this.n; i++) last = Math.max(last, t.learnedIn[i]!);
    s.rounds = Math.max(0, last - 1 - s.injectedRound);
  }
}
