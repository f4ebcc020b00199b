/**
 * The headless run (src/sim/headless.ts) against the engine: the same configuration and the same
 * commands must give the same metrics, figure for figure, whatever the topology, gossip mode,
 * forwarding, loss, latency distribution, jitter or fanout. Fixed seeds; a failure names its case.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import type { TrialEngine } from "../../src/sim/engine-api";
import { createEngine } from "../../src/sim/engine";
import { createHeadlessRun, HEADLESS_MAX_VALUES } from "../../src/sim/headless";
import { Rng } from "../../src/sim/rng";
import { runTrialMeasured, runTrialOn, runUntilConverged, type TrialSpec } from "../../src/sim/run";

const base: SimConfig = { ...DEFAULT_CONFIG, nodes: 60, topology: "random", degree: 4, fanout: 2, dropRate: 0, latencyMs: 100, gossipIntervalMs: 500, gossip: "push", forward: false, seed: 3 };

/**
 * Drives a run: `values` broadcasts at random nodes (some at time 0, some later, one of them twice,
 * one a string), reads in between, then rounds until converged or `maxRounds`. Returns what it
 * reads at each step, so that the two runs are compared along the way, not only at the end.
 */
function drive(e: TrialEngine, values: number, maxRounds: number): unknown[] {
  const rng = new Rng(99);
  const n = e.config.nodes;
  const seen: unknown[] = [];
  for (let v = 0; v < values; v++) {
    if (v === Math.ceil(values / 2)) e.advanceTo(e.nowMs + 1234);
    e.apply({ type: "inject", node: rng.int(n), value: v === 1 ? "a string" : undefined });
    if (v % 3 === 0) e.apply({ type: "read", node: rng.int(n) });
    seen.push(e.metrics());
  }
  if (values > 0) e.apply({ type: "inject", node: rng.int(n), value: 1 });
  // Read between a round's sends, their arrivals and their answers' arrivals (100 ms apart by default).
  for (let r = 0; r < 3; r++) {
    for (const after of [37, 150, 250]) {
      e.advanceTo(e.nextRoundAtMs() - 1);
      e.advanceTo(e.nowMs + 1 + after);
      seen.push(e.metrics(), e.converged(), e.round, e.nowMs);
    }
  }
  runUntilConverged(e, maxRounds);
  seen.push(e.metrics(), e.converged(), e.round, e.nowMs);
  return seen;
}

function bothRuns(config: SimConfig, values = 2, maxRounds = 60): { engine: unknown[]; headless: unknown[] } {
  return { engine: drive(createEngine(config), values, maxRounds), headless: drive(createHeadlessRun(config), values, maxRounds) };
}

const cases: [string, Partial<SimConfig>][] = [
  ["push on a random graph", {}],
  ["push, 10 % loss", { dropRate: 0.1 }],
  ["push, 40 % loss, forwarding", { dropRate: 0.4, forward: true }],
  ["push-pull", { gossip: "push-pull" }],
  ["push-pull, 20 % loss, forwarding", { gossip: "push-pull", dropRate: 0.2, forward: true }],
  ["gossip off, forwarding (flooding)", { gossip: "off", forward: true }],
  ["gossip off, forwarding, 30 % loss", { gossip: "off", forward: true, dropRate: 0.3 }],
  ["uniform latency (zero-latency sends too)", { latencyDist: "uniform", latencyMs: 3, dropRate: 0.1 }],
  ["zero latency, forwarding", { latencyMs: 0, forward: true }],
  ["zero latency, push-pull, 10 % loss", { latencyMs: 0, gossip: "push-pull", dropRate: 0.1 }],
  ["exponential latency, push-pull", { latencyDist: "exponential", latencyMs: 80, gossip: "push-pull" }],
  ["jitter", { jitterMs: 300, dropRate: 0.1, forward: true }],
  ["jitter, push-pull, uniform latency", { jitterMs: 499, gossip: "push-pull", latencyDist: "uniform" }],
  ["complete graph", { topology: "complete", nodes: 40, dropRate: 0.1 }],
  ["complete graph, fanout above 32", { topology: "complete", nodes: 45, fanout: 35, dropRate: 0.2 }],
  ["fanout at least the degree", { fanout: 4, forward: true }],
  ["fanout 0, forwarding", { fanout: 0, forward: true }],
  ["ring", { topology: "ring", nodes: 30, dropRate: 0.1 }],
  ["line, push-pull", { topology: "line", nodes: 12, gossip: "push-pull" }],
  ["grid", { topology: "grid", nodes: 50, forward: true, dropRate: 0.05 }],
  ["star", { topology: "star", nodes: 20, fanout: 1 }],
  ["tree3, push-pull", { topology: "tree3", nodes: 40, gossip: "push-pull", dropRate: 0.1 }],
  ["small world", { topology: "small-world", nodes: 80, degree: 6, rewire: 0.3, dropRate: 0.1 }],
  ["one node", { topology: "complete", nodes: 1 }],
];

describe("the headless run gives the engine's metrics", () => {
  for (const [name, change] of cases) {
    for (const seed of [1, 7]) {
      it(`${name}, seed ${seed}`, () => {
        const { engine, headless } = bothRuns({ ...base, ...change, seed });
        expect(headless).toEqual(engine);
      });
    }
  }

  it(`with ${HEADLESS_MAX_VALUES} values, and refuses one more`, () => {
    const config = { ...base, nodes: 200, dropRate: 0.1, forward: true };
    const { engine, headless } = bothRuns(config, HEADLESS_MAX_VALUES, 80);
    expect(headless).toEqual(engine);
    const e = createHeadlessRun(config);
    for (let v = 0; v < HEADLESS_MAX_VALUES; v++) e.apply({ type: "inject", node: 0 });
    expect(() => e.apply({ type: "inject", node: 1 })).toThrow(/at most 32 values/);
    // A value it knows already is still fine, and nothing changed on the refusal.
    expect(e.metrics().clientOps).toBe(HEADLESS_MAX_VALUES);
    e.apply({ type: "inject", node: 1, value: 5 });
    expect(e.metrics().clientOps).toBe(HEADLESS_MAX_VALUES + 1);
  });

  it("refuses what it does not run", () => {
    expect(() => createHeadlessRun({ ...base, gossip: "digest" })).toThrow(/no digest gossip/);
    const e = createHeadlessRun(base);
    expect(() => e.apply({ type: "crash", node: 1 })).toThrow(/inject and read/);
    expect(() => e.apply({ type: "inject", node: 60 })).toThrow(/no node with index 60/);
  });
});

describe("the headless run, pinned (exact values of seeded runs)", () => {
  const BY_ROUND = [1, 4, 14, 42, 120, 333, 849, 1574, 1951, 1998, 2000];
  it("push, fanout 3, random 6-regular graph of 2,000 nodes: both runs give these figures", () => {
    const config: SimConfig = { ...base, nodes: 2000, degree: 6, fanout: 3, seed: 1 };
    for (const e of [createEngine(config), createHeadlessRun(config)]) {
      e.apply({ type: "inject", node: 0 });
      runUntilConverged(e, 200);
      const m = e.metrics();
      const v = m.values[0]!;
      expect([m.serverMessages, m.delivered, m.redundantDeliveries, m.payloadBytes, v.rounds, v.fullAtMs, v.msgsToAll]).toEqual([41316, 41316, 18659, 61974, 10, 5100, 36172]);
      expect(v.byRound).toEqual(BY_ROUND);
    }
  });

  const trials: [string, Partial<SimConfig>, TrialSpec][] = [
    ["gossip-sim defaults on a complete graph", { topology: "complete", nodes: 100, dropRate: 0.1 }, { broadcasts: 1, maxRounds: 100 }],
    ["3 broadcasts, push-pull, forwarding, jitter", { gossip: "push-pull", forward: true, jitterMs: 200, dropRate: 0.2 }, { broadcasts: 3, maxRounds: 100 }],
    ["a trial that does not converge", { topology: "line", nodes: 40, dropRate: 0.5 }, { broadcasts: 2, maxRounds: 5 }],
  ];
  for (const [name, change, spec] of trials) {
    it(`a trial (${name}) takes the headless run and reports what the engine reports`, () => {
      const config = { ...base, ...change };
      expect(runTrialMeasured(config, spec)).toEqual(runTrialOn(createEngine(config), config, spec));
    });
  }
});
