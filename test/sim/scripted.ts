/**
 * A scripted run with every kind of event (loss, exponential latency, jitter, push-pull, crash,
 * restart, partition, heal, live reconfiguration), shared by the determinism tests in Node and in
 * Chromium: both must produce the same journal, byte for byte.
 */
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createEngine } from "../../src/sim/engine";
import type { Engine } from "../../src/sim/engine-api";
import { batchToJsonLines } from "../../src/sim/journal";

const base: SimConfig = { ...DEFAULT_CONFIG, nodes: 12, topology: "ring", latencyMs: 100, gossipIntervalMs: 500, forward: true, seed: 11 };

/** A scripted run: commands at fixed model times, advanced in slices of `sliceMs` (Infinity: one call a step). */
export function scripted(sliceMs: number): Engine {
  const e = createEngine({ ...base, dropRate: 0.2, latencyDist: "exponential", gossip: "push-pull", jitterMs: 70 });
  const script: [number, Parameters<Engine["apply"]>[0]][] = [
    [0, { type: "inject", node: 3 }],
    [740, { type: "inject", node: 8, value: { b: [1, "x"], a: null } }],
    [1210, { type: "crash", node: 5 }],
    [1600, { type: "setDropRate", dropRate: 0.5 }],
    [2100, { type: "partition", groups: [[0, 1, 2, 3], [4, 5, 6]] }],
    [2900, { type: "restart", node: 5 }],
    [3300, { type: "heal" }],
    [3500, { type: "configure", fanout: 3, gossip: "digest" }],
    [4000, { type: "setLatency", latencyMs: 40, latencyDist: "uniform" }],
  ];
  let t = 0;
  for (const [at, cmd] of [...script, [8000, null] as const]) {
    while (t < at) {
      t = Math.min(at, t + sliceMs);
      e.advanceTo(t);
    }
    if (cmd) e.apply(cmd);
  }
  return e;
}


/** The scripted run's whole journal as JSON lines. */
export function scriptedJournal(sliceMs: number): string[] {
  return batchToJsonLines(scripted(sliceMs).readJournal(0));
}
