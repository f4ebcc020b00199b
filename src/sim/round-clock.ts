/** When a run's gossip rounds fire, derived from its script alone (no engine needed). */
import type { RunScript } from "./script";

/**
 * When each gossip round fires, from the script alone. Round k fires at k x interval until a
 * `configure` changes the interval at tc; then, as the engine does, the next round comes one new
 * interval after the last one fired, but never at or before tc.
 */
export class RoundClock {
  /** Round `fromRound` fires at `atMs`, and one every `intervalMs` after, up to the next segment. */
  private readonly segments: { fromRound: number; atMs: number; intervalMs: number }[];

  constructor(script: RunScript) {
    const first = script.config.gossipIntervalMs;
    this.segments = [{ fromRound: 1, atMs: first, intervalMs: first }];
    for (const c of script.commands) {
      if (c.type !== "configure" || c.gossipIntervalMs === undefined) continue;
      // Rounds due at c.t fire before the command is applied (applyAt).
      const fired = this.firedBy(c.t);
      const lastAt = fired > 0 ? this.roundAt(fired) : 0;
      this.segments.push({ fromRound: fired + 1, atMs: Math.max(c.t + 1, lastAt + c.gossipIntervalMs), intervalMs: c.gossipIntervalMs });
    }
  }

  /** When round k (>= 1) fires. */
  roundAt(k: number): number {
    let seg = this.segments[0]!;
    for (const s of this.segments) if (s.fromRound <= k) seg = s;
    return seg.atMs + (k - seg.fromRound) * seg.intervalMs;
  }

  /** Rounds fired by time t (those due at t included). */
  firedBy(t: number): number {
    const segs = this.segments;
    for (let j = segs.length - 1; j >= 0; j--) {
      const s = segs[j]!;
      if (s.atMs > t) continue;
      const fired = s.fromRound + Math.floor((t - s.atMs) / s.intervalMs);
      const next = segs[j + 1];
      return next === undefined ? fired : Math.min(fired, next.fromRound - 1);
    }
    return 0;
  }

  /** Where Step stops from `t`: through the next round and its messages, just before the one after. */
  stepForward(t: number): number {
    return this.roundAt(this.firedBy(t) + 2) - 1;
  }

  /** The first stop after `t` (stops: just before each round fires), for the Timeline's arrow keys. */
  nextStop(t: number): number {
    const k = this.firedBy(t);
    const stop = this.roundAt(k + 1) - 1;
    return stop > t ? stop : this.roundAt(k + 2) - 1;
  }

  /** Where Step back stops from `t`: the latest such stop before t (0 at the start). */
  stepBack(t: number): number {
    const k = this.firedBy(t);
    return k === 0 ? 0 : this.roundAt(k) - 1;
  }

  /** Times of the rounds fired by `t`, at most `max` of them (evenly thinned past that). */
  roundTimes(t: number, max: number): number[] {
    const k = this.firedBy(t);
    const step = Math.max(1, Math.ceil(k / max));
    const times: number[] = [];
    for (let r = step; r <= k; r += step) times.push(this.roundAt(r));
    return times;
  }
}
