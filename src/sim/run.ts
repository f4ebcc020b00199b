/**
 * Headless trials: the experiments `bin/gossip-sim` runs and the theory tests check. A trial
 * injects its broadcasts (or runs a Maelstrom-style workload), then runs round by round until every
 * live node knows every value or the round limit passes.
 */
import type { SimConfig } from "./config";
import type { StableLatency, TrialEngine } from "./engine-api";
import { createEngine } from "./engine";
import { createHeadlessRun, HEADLESS_MAX_VALUES, headlessFits } from "./headless";
import { lastCommandMs, type RunScript } from "./script";
import { replay } from "./timeline";
import { Rng, deriveSeed, sampleAscending } from "./rng";

const WORKLOAD_STREAM = 3;

export interface TrialSpec {
  /** Values 1..B injected at time 0 at B distinct random nodes. Ignored when `rate` is set. */
  broadcasts: number;
  /** Maelstrom-style workload: client operations per second (half broadcasts, half reads)... */
  rate?: number;
  /** ...for this many seconds of model time. */
  timeLimitS?: number;
  /** Rounds after the last injection to wait for convergence. */
  maxRounds: number;
}

export interface TrialResult {
  seed: number;
  converged: boolean;
  /** Gossip rounds from injection until every live node knew every value (max over values); null if not converged. */
  rounds: number | null;
  /** Model ms from the first injection until every live node knew every value; null if not converged. */
  time_ms: number | null;
  messages: { total: number; by_type: Record<string, number>; dropped: number };
  msgs_per_op: number;
  stable_latency_ms: StableLatency | null;
}

export interface Summary {
  /** Fraction of runs that converged. */
  converged: number;
  /** Over converged runs; null when none converged. */
  rounds: { mean: number; p50: number; p95: number; min: number; max: number } | null;
}

/** Injects the trial's client operations into a fresh engine. Returns the round the wait starts from. */
function drive(engine: TrialEngine, config: SimConfig, spec: TrialSpec): void {
  const rng = new Rng(deriveSeed(config.seed, WORKLOAD_STREAM));
  if (spec.rate !== undefined) {
    const endMs = Math.round((spec.timeLimitS ?? 0) * 1000);
    const meanGapMs = 1000 / spec.rate;
    // Poisson arrivals, at whole milliseconds.
    let t = Math.round(-meanGapMs * Math.log(1 - rng.next()));
    while (t <= endMs) {
      engine.advanceTo(t);
      const node = rng.int(config.nodes);
      if (engine.isAlive(node)) engine.apply(rng.next() < 0.5 ? { type: "inject", node } : { type: "read", node });
      t += Math.max(0, Math.round(-meanGapMs * Math.log(1 - rng.next())));
    }
    engine.advanceTo(endMs);
  } else {
    if (spec.broadcasts > config.nodes) throw new RangeError(`--broadcasts ${spec.broadcasts} needs at least as many nodes (${config.nodes})`);
    const origins = sampleAscending(rng, config.nodes, spec.broadcasts);
    // Distinct random nodes, in a random order: shuffle the ascending sample.
    for (let i = origins.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [origins[i], origins[j]] = [origins[j]!, origins[i]!];
    }
    for (const node of origins) engine.apply({ type: "inject", node });
  }
}

/** Runs until converged, or until `maxRounds` rounds after the last injection have ended. */
export function runUntilConverged(engine: TrialEngine, maxRounds: number, onRound?: (rounds: number) => void): void {
  const start = engine.round;
  const limit = start + maxRounds;
  for (;;) {
    const next = engine.nextRoundAtMs();
    engine.advanceTo(next - 1); // the current round's messages land
    if (engine.converged() || engine.round >= limit) return;
    engine.advanceTo(next);
    onRound?.(engine.round - start);
  }
}

export function runTrial(config: SimConfig, spec: TrialSpec): TrialResult {
  return runTrialMeasured(config, spec).result;
}

/** A trial, and the bytes of the values its messages carried (payload: cheap to count, unlike each message's JSON). */
export function runTrialMeasured(config: SimConfig, spec: TrialSpec, onRound?: (rounds: number) => void): { result: TrialResult; payloadBytes: number } {
  return runTrialOn(createTrialRun(config, spec.broadcasts, spec.rate !== undefined), config, spec, onRound);
}

/**
 * A fresh run of `config` for `values` distinct values (and a workload at a rate, with `rated`) that
 * nobody watches message by message: a headless run, which gives the engine's figures, when it can
 * run it; else the engine.
 */
export function createTrialRun(config: SimConfig, values = 1, rated = false): TrialEngine {
  const headless = headlessFits(config) && !rated && values <= HEADLESS_MAX_VALUES;
  // A trial crashes no node and asks about none, so the engine keeps counts only.
  return headless ? createHeadlessRun(config) : createEngine(config, { countsOnly: true });
}

/** A trial on a fresh run of `config` (an engine or a headless run). */
export function runTrialOn(engine: TrialEngine, config: SimConfig, spec: TrialSpec, onRound?: (rounds: number) => void): { result: TrialResult; payloadBytes: number } {
  drive(engine, config, spec);
  runUntilConverged(engine, spec.maxRounds, onRound);
  return { result: trialResult(engine, config.seed), payloadBytes: engine.metrics().payloadBytes };
}

/** A value of a saved run as `gossip-sim --run` reports it: the page's values table, row for row. */
export interface ValueRow {
  value: unknown;
  origin: string;
  known_by: number;
  /** Rounds it took to reach every live node (the table's Rounds), or null while it has not. */
  rounds: number | null;
  /** What reaching everyone cost (the table's Msgs to all, Bytes to all), frozen then; null until then. */
  msgs_to_all: number | null;
  bytes_to_all: number | null;
  /** Relative message redundancy, msgs_to_all / (n - 1) - 1; null until it reached everyone. */
  redundancy: number | null;
}

/**
 * A saved run (a script the page exported) replayed headless: to `untilMs`, the moment the page
 * had reached, so that both report the same numbers; without one, until it converges or
 * `maxRounds` rounds after its last command have passed.
 */
export function runScript(script: RunScript, untilMs: number | null, maxRounds: number): { result: TrialResult; values: ValueRow[] } {
  // Bytes as the page counts them: the JSON of every message.
  const engine = replay(script, untilMs ?? lastCommandMs(script), { wireBytes: true });
  if (untilMs === null) runUntilConverged(engine, maxRounds);
  const values = engine.metrics().values.map((v) => ({
    value: v.value,
    origin: engine.nodeNames[v.origin]!,
    known_by: v.knownBy,
    rounds: v.rounds,
    msgs_to_all: v.msgsToAll,
    bytes_to_all: v.bytesToAll,
    redundancy: v.redundancy,
  }));
  return { result: trialResult(engine, script.config.seed), values };
}

export function trialResult(engine: TrialEngine, seed: number): TrialResult {
  const m = engine.metrics();
  const values = m.values;
  const converged = engine.converged();
  let rounds = 0;
  let lastFull = 0;
  for (const v of values) {
    rounds = Math.max(rounds, v.rounds ?? 0);
    lastFull = Math.max(lastFull, v.fullAtMs ?? 0);
  }
  const firstInjection = values.length > 0 ? Math.min(...values.map((v) => v.injectedAtMs)) : 0;
  return {
    seed,
    converged,
    rounds: converged ? rounds : null,
    time_ms: converged ? lastFull - firstInjection : null,
    messages: { total: m.serverMessages, by_type: m.messagesByType, dropped: m.dropped },
    msgs_per_op: m.msgsPerOp,
    stable_latency_ms: m.stableLatencyMs,
  };
}

/** Nearest-rank quantile of an ascending array. */
function rank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(runs: readonly TrialResult[]): Summary {
  const rounds = runs.filter((r) => r.rounds !== null).map((r) => r.rounds!).sort((a, b) => a - b);
  return {
    converged: runs.length === 0 ? 0 : rounds.length / runs.length,
    rounds:
      rounds.length === 0
        ? null
        : {
            mean: rounds.reduce((a, b) => a + b, 0) / rounds.length,
            p50: rank(rounds, 0.5),
            p95: rank(rounds, 0.95),
            min: rounds[0]!,
            max: rounds[rounds.length - 1]!,
          },
  };
}
