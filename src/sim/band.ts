/**
 * The spread of many runs: for one value injected at one node, the share of nodes knowing it by
 * each round (its causal curve, as the chart draws it), over many seeds of the same settings, as the
 * 5th and 95th percentiles round by round. The page draws it as a band under the live run's curve.
 */
import type { SimConfig } from "./config";
import { createTrialRun, runUntilConverged } from "./run";

export interface Band {
  seeds: number;
  /** Per round since injection: the 5th and 95th percentile share of live nodes knowing the value. */
  p5: number[];
  p95: number[];
}

/** Rounds a curve is followed at most. */
const MAX_BAND_ROUNDS = 200;

/** One run's curve: the share of live nodes knowing a value injected at `origin` at time 0, by round. */
export function spreadCurve(config: SimConfig, origin: number, maxRounds = MAX_BAND_ROUNDS): number[] {
  const e = createTrialRun(config);
  e.apply({ type: "inject", node: origin });
  runUntilConverged(e, maxRounds);
  const m = e.metrics();
  const live = Math.max(1, m.liveNodes);
  return (m.values[0]?.byRound ?? []).map((k) => k / live);
}

/**
 * The band over seeds `firstSeed` .. `firstSeed + count - 1`. `progress(done)` is called after each
 * run; it returns false to stop early (the band then covers the runs done).
 */
export function spreadBand(config: SimConfig, origin: number, firstSeed: number, count: number, progress: (done: number) => boolean = () => true): Band {
  const curves: number[][] = [];
  for (let i = 0; i < count; i++) {
    curves.push(spreadCurve({ ...config, seed: (firstSeed + i) >>> 0 }, origin));
    if (!progress(i + 1)) break;
  }
  const rounds = Math.max(0, ...curves.map((c) => c.length));
  const p5: number[] = [];
  const p95: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // A run that finished earlier stays where it ended.
    const shares = curves.map((c) => c[Math.min(r, c.length - 1)] ?? 0).sort((a, b) => a - b);
    p5.push(nearestRank(shares, 0.05));
    p95.push(nearestRank(shares, 0.95));
  }
  return { seeds: curves.length, p5, p95 };
}

function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
