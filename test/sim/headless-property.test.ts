/**
 * The headless run (src/sim/headless.ts) against the engine over hundreds of random configurations:
 * the property test beside the fixed table of test/sim/headless.test.ts. One master seed draws every
 * case (a configuration and a plan of injections, reads and advances); both runs follow the plan and
 * must read the same metrics, converged, round and time at every step, exactly.
 *
 * The master seed is MASTER_SEED unless GOSSIP_PROPERTY_SEED gives another (decimal or 0x hex). A
 * failure names the seed, the case and its configuration and plan; it replays with
 *   GOSSIP_PROPERTY_SEED=<seed> npx vitest run test/sim/headless-property.test.ts -t "case <i>:"
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { configProblems, GOSSIP_MODES, LATENCY_DISTS, TOPOLOGIES, type SimConfig } from "../../src/sim/config";
import type { TrialEngine } from "../../src/sim/engine-api";
import { createEngine } from "../../src/sim/engine";
import { createHeadlessRun, HEADLESS_MAX_VALUES, headlessFits } from "../../src/sim/headless";
import type { Json } from "../../src/sim/protocol";
import { deriveSeed, Rng } from "../../src/sim/rng";
import { runUntilConverged } from "../../src/sim/run";

const MASTER_SEED = 0x5eed_2024;
/** Configurations drawn; those the config validation or the headless run refuses are skipped (and counted). */
const CASES = 400;
/** At least this many must run. */
const MIN_RUN = 200;

function masterSeed(): number {
  const text = process.env.GOSSIP_PROPERTY_SEED;
  if (text === undefined || text.trim() === "") return MASTER_SEED;
  const seed = Number(text.trim());
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff)) throw new RangeError(`GOSSIP_PROPERTY_SEED must be a whole number from 0 to 2^32 - 1, got ${JSON.stringify(text)}`);
  return seed;
}

const SEED = masterSeed();
console.log(`headless-property: master seed ${SEED} (0x${SEED.toString(16)}); replay with GOSSIP_PROPERTY_SEED=${SEED}`);

/** One step of a plan; each is followed by a reading of both runs. */
type Op =
  | { op: "inject"; node: number; value?: Json }
  | { op: "read"; node: number }
  /** advanceTo(nowMs + ms); ms may be 0 or fractional. */
  | { op: "advance"; ms: number }
  /** As the fixed test reads between a round's sends, arrivals and answers: to just before the next round, then 1 + after ms on. */
  | { op: "edge"; after: number }
  /** runUntilConverged(e, maxRounds). */
  | { op: "converge"; maxRounds: number };

interface Case {
  index: number;
  config: SimConfig;
  plan: Op[];
}

// ---- drawing ----------------------------------------------------------------------------

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

/** An integer in [lo, hi]. */
function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

function drawConfig(rng: Rng): SimConfig {
  const wide = chance(rng, 0.06);
  // Wide: a complete or random graph with degrees above 32, for fanouts about SMALL_DRAW (32) in the headless run.
  const topology = wide ? pick(rng, ["complete", "random"] as const) : pick(rng, TOPOLOGIES);
  const nodes = wide ? between(rng, 36, 72) : chance(rng, 0.02) ? 1 : between(rng, 2, 60);
  let degree: number;
  if (wide) degree = topology === "random" ? between(rng, 33, nodes - 1) : between(rng, 1, 8);
  else if (topology === "random" || topology === "small-world") {
    // Mostly valid; sometimes anything up to nodes + 1, for configProblems to refuse.
    degree = chance(rng, 0.15) ? between(rng, 1, nodes + 1) : between(rng, 1, Math.max(1, Math.min(10, nodes - 1)));
  } else degree = between(rng, 1, 8);
  const rewire = pick(rng, [0, 1, rng.next(), rng.next(), rng.next()]);
  const fanout = wide
    ? between(rng, 30, 40)
    : pick(rng, [0, 1, 1, 2, 2, 3, 3, 4, 5, 6, between(rng, 7, 16)]);
  const d = rng.next();
  const dropRate = d < 0.3 ? 0 : d < 0.37 ? 1 : d < 0.55 ? 0.5 + 0.49 * rng.next() : 0.5 * rng.next();
  const iv = rng.next();
  const gossipIntervalMs = iv < 0.1 ? between(rng, 1, 5) : iv < 0.75 ? between(rng, 50, 600) : between(rng, 601, 2000);
  // Latency against the interval: none, shorter, equal, longer (up to three intervals).
  const lv = rng.next();
  const latencyMs =
    lv < 0.1 ? 0 : lv < 0.5 ? between(rng, 1, Math.max(1, gossipIntervalMs - 1)) : lv < 0.55 ? gossipIntervalMs : between(rng, gossipIntervalMs + 1, 3 * gossipIntervalMs);
  const latencyDist = pick(rng, LATENCY_DISTS);
  const jv = rng.next();
  // Jitter: none, within the round, or past it (clamped to interval - 1 by the timers).
  const jitterMs = jv < 0.4 ? 0 : jv < 0.85 ? between(rng, 1, gossipIntervalMs) : between(rng, gossipIntervalMs, 2 * gossipIntervalMs + 1);
  const gossip = pick(rng, GOSSIP_MODES);
  const forward = chance(rng, 0.5);
  const seed = rng.nextUint32();
  return { nodes, topology, degree, rewire, fanout, dropRate, latencyMs, latencyDist, gossipIntervalMs, jitterMs, gossip, forward, seed };
}

const STRINGS = ["a string", "héllo ✓", "", "n1"];
const OTHER_JSON: Json[] = [null, true, false, 1.5, -7, 1e21, [1, [2, "x"]], { b: 1, a: [2, "y"] }, { a: [2, "y"], b: 1 }];

function drawValue(rng: Rng, injected: (Json | undefined)[]): Json | undefined {
  const v = rng.next();
  if (v < 0.5) return undefined;
  if (v < 0.6) return between(rng, 1, 5);
  if (v < 0.7) return pick(rng, STRINGS);
  if (v < 0.82) return pick(rng, OTHER_JSON);
  // The same value again (to the same node or another).
  return injected.length > 0 ? pick(rng, injected) : undefined;
}

/** Offsets after a round's start worth reading at: around its sends' arrivals and their answers'. */
function edgeAfter(rng: Rng, c: SimConfig): number {
  const l = c.latencyMs;
  return Math.max(0, pick(rng, [0, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 1, rng.int(c.gossipIntervalMs + 1), rng.int(2 * l + 2)]));
}

function drawPlan(rng: Rng, c: SimConfig): Op[] {
  const n = c.nodes;
  const plan: Op[] = [];
  const injected: (Json | undefined)[] = [];
  const wv = rng.next();
  // Injections in all (so distinct values, too) stay within what a headless run tells apart.
  const total = wv < 0.05 ? 0 : wv < 0.8 ? between(rng, 1, 4) : wv < 0.95 ? between(rng, 5, 12) : HEADLESS_MAX_VALUES;
  const early = chance(rng, 0.3) ? total : between(rng, 0, total);
  const step = (): void => {
    if (chance(rng, 0.25)) plan.push({ op: "read", node: rng.int(n) });
    const a = rng.next();
    if (a < 0.2) plan.push({ op: "edge", after: edgeAfter(rng, c) });
    else if (a < 0.35) plan.push({ op: "advance", ms: chance(rng, 0.2) ? rng.int(c.gossipIntervalMs) + 0.5 : rng.int(2 * c.gossipIntervalMs + 1) });
    else if (a < 0.4) plan.push({ op: "advance", ms: 0 });
  };
  const inject = (): void => {
    const value = drawValue(rng, injected);
    injected.push(value);
    plan.push(value === undefined ? { op: "inject", node: rng.int(n) } : { op: "inject", node: rng.int(n), value });
  };
  if (chance(rng, 0.4)) plan.push({ op: "advance", ms: rng.int(3 * c.gossipIntervalMs + 1) });
  // Some at once, then the others between steps.
  for (let v = 0; v < early; v++) inject();
  for (let v = early; v < total; v++) {
    step();
    inject();
  }
  // Reads between the next rounds' sends, arrivals and answers, then on to convergence.
  for (let r = between(rng, 2, 6); r > 0; r--) plan.push({ op: "edge", after: edgeAfter(rng, c) });
  plan.push({ op: "converge", maxRounds: between(rng, 10, 50) });
  // Sometimes more after that: gossip goes on, a late value, and convergence again.
  if (chance(rng, 0.4)) {
    plan.push({ op: "advance", ms: rng.int(3 * c.gossipIntervalMs + 1) });
    if (total > 0 && total < HEADLESS_MAX_VALUES) inject();
    step();
    plan.push({ op: "converge", maxRounds: between(rng, 5, 30) });
  }
  return plan;
}

/**
 * Why the case does not run: the config validation refuses its configuration, or the headless run
 * does not run it (headlessFits); null when it runs.
 */
function skipReason(c: SimConfig): "invalid" | "not headless" | null {
  if (configProblems(c).length > 0) return "invalid";
  if (!headlessFits(c)) return "not headless";
  return null;
}

// ---- driving ----------------------------------------------------------------------------

/** Follows `plan` on a run; returns what it reads after each step (metrics, converged, round, nowMs). */
function drive(e: TrialEngine, plan: readonly Op[]): unknown[] {
  const seen: unknown[] = [e.metrics(), e.converged(), e.round, e.nowMs];
  for (const op of plan) {
    switch (op.op) {
      case "inject":
        e.apply(op.value === undefined ? { type: "inject", node: op.node } : { type: "inject", node: op.node, value: op.value });
        break;
      case "read":
        e.apply({ type: "read", node: op.node });
        break;
      case "advance":
        e.advanceTo(e.nowMs + op.ms);
        break;
      case "edge":
        e.advanceTo(e.nextRoundAtMs() - 1);
        e.advanceTo(e.nowMs + 1 + op.after);
        break;
      case "converge":
        runUntilConverged(e, op.maxRounds);
        break;
    }
    seen.push(e.metrics(), e.converged(), e.round, e.nowMs);
  }
  return seen;
}

/** What a run of the case gives: its readings, or the error it threw (then both must throw alike). */
function outcome(create: () => TrialEngine, plan: readonly Op[]): { seen: unknown[] } | { error: string } {
  try {
    return { seen: drive(create(), plan) };
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

function describeCase(k: Case): string {
  return `master seed ${SEED}, case ${k.index}, config ${JSON.stringify(k.config)}, plan ${JSON.stringify(k.plan)}; replay: GOSSIP_PROPERTY_SEED=${SEED} npx vitest run test/sim/headless-property.test.ts -t "case ${k.index}:"`;
}

// ---- the cases ----------------------------------------------------------------------------

const run: Case[] = [];
const skipped: { index: number; config: SimConfig; reason: "invalid" | "not headless" }[] = [];
for (let index = 0; index < CASES; index++) {
  // Each case from its own stream: a case replays alike whatever the others draw.
  const rng = new Rng(deriveSeed(SEED, index));
  const config = drawConfig(rng);
  const reason = skipReason(config);
  if (reason === null) run.push({ index, config, plan: drawPlan(rng, config) });
  else skipped.push({ index, config, reason });
}

function title(k: Case): string {
  const c = k.config;
  const degree = c.topology === "random" || c.topology === "small-world" ? ` d${c.degree}` : "";
  const values = k.plan.filter((op) => op.op === "inject").length;
  return `case ${k.index}: ${c.nodes} nodes ${c.topology}${degree}, ${c.gossip}${c.forward ? " +forward" : ""}, fanout ${c.fanout}, drop ${c.dropRate.toFixed(2)}, latency ${c.latencyMs} ${c.latencyDist} / interval ${c.gossipIntervalMs}, jitter ${c.jitterMs}, ${values} injections`;
}

describe(`the headless run gives the engine's readings (random configurations, master seed ${SEED})`, () => {
  for (const k of run) {
    it(title(k), () => {
      const engine = outcome(() => createEngine(k.config), k.plan);
      const headless = outcome(() => createHeadlessRun(k.config), k.plan);
      const where = describeCase(k);
      if ("seen" in engine && "seen" in headless) {
        // The first reading that differs, so that the diff shows one step, not the whole run.
        const reading = engine.seen.findIndex((x, i) => !isDeepStrictEqual(x, headless.seen[i]));
        if (reading >= 0) {
          // Four readings (metrics, converged, round, nowMs) before the plan, then four after each op.
          const op = Math.floor(reading / 4) - 1;
          const when = op < 0 ? "before the plan" : `after op ${op} ${JSON.stringify(k.plan[op])}`;
          expect(headless.seen[reading], `reading ${reading} (${["metrics", "converged", "round", "nowMs"][reading % 4]}, ${when}) differs; ${where}`).toEqual(engine.seen[reading]);
        }
      }
      expect(headless, where).toEqual(engine);
    });
  }

  it(`runs at least ${MIN_RUN} of the ${CASES} configurations, covering every topology, strategy, distribution and edge`, () => {
    const invalid = skipped.filter((s) => s.reason === "invalid").length;
    console.log(`headless-property: ${run.length} configurations run, ${skipped.length} skipped (${invalid} refused by configProblems, ${skipped.length - invalid} not headless)`);
    expect(run.length, `master seed ${SEED}`).toBeGreaterThanOrEqual(MIN_RUN);
    const configs = run.map((k) => k.config);
    const has = (what: string, p: (c: SimConfig) => boolean): void => {
      expect(configs.some(p), `no case ran with ${what} (master seed ${SEED})`).toBe(true);
    };
    for (const t of TOPOLOGIES) has(`topology ${t}`, (c) => c.topology === t);
    for (const g of GOSSIP_MODES) {
      const fits = headlessFits({ ...configs[0]!, gossip: g });
      if (fits) for (const forward of [false, true]) has(`gossip ${g}, forward ${forward}`, (c) => c.gossip === g && c.forward === forward);
      else has(`gossip ${g} skipped`, () => skipped.some((s) => s.config.gossip === g && s.reason === "not headless"));
    }
    for (const dist of LATENCY_DISTS) has(`latency distribution ${dist}`, (c) => c.latencyDist === dist);
    has("no loss", (c) => c.dropRate === 0);
    has("a loss of 1", (c) => c.dropRate === 1);
    has("high loss", (c) => c.dropRate >= 0.5 && c.dropRate < 1);
    has("latency 0", (c) => c.latencyMs === 0);
    // The headless run's own paths for a network that draws nothing: batched push sends, and direct sends.
    has("no loss, constant latency, push", (c) => c.dropRate === 0 && c.latencyDist === "constant" && c.latencyMs > 0 && c.gossip === "push");
    has("no loss, constant latency, push-pull", (c) => c.dropRate === 0 && c.latencyDist === "constant" && c.gossip === "push-pull");
    has("latency shorter than the interval", (c) => c.latencyMs > 0 && c.latencyMs < c.gossipIntervalMs);
    has("latency longer than the interval", (c) => c.latencyMs > c.gossipIntervalMs);
    has("no jitter", (c) => c.jitterMs === 0);
    has("jitter within the interval", (c) => c.jitterMs > 0 && c.jitterMs < c.gossipIntervalMs);
    has("jitter past the interval", (c) => c.jitterMs >= c.gossipIntervalMs);
    has("fanout 1", (c) => c.fanout === 1);
    has("fanout of several", (c) => c.fanout >= 3 && c.fanout < 30);
    has("fanout above 32 below the degree", (c) => c.fanout > 32 && (c.topology === "complete" ? c.nodes - 1 : c.degree) > c.fanout);
    has("one node", (c) => c.nodes === 1);
    expect(run.some((k) => k.plan.filter((op) => op.op === "inject").length === HEADLESS_MAX_VALUES), `no case injected ${HEADLESS_MAX_VALUES} values`).toBe(true);
  });

  it("refuses alike what it skips: invalid configurations in both runs, the rest in the headless run only", () => {
    for (const s of skipped) {
      const where = `master seed ${SEED}, case ${s.index}, config ${JSON.stringify(s.config)}`;
      if (s.reason === "invalid") {
        expect(() => createEngine(s.config), where).toThrow(RangeError);
        expect(() => createHeadlessRun(s.config), where).toThrow(RangeError);
      } else expect(() => createHeadlessRun(s.config), where).toThrow(/a headless run has no/);
    }
  });
});
