/**
 * Engine benchmark (run by `npm run bench`, not a test): deliveries per second, memory per idle
 * node, and the time a run takes to converge, at 1,000, 10,000 and 100,000 nodes.
 * One value, push only (forwarding off), fanout 3, on a random 6-regular graph, 100 ms latency, 500 ms rounds.
 * Run with `node --expose-gc` so the memory figure is measured after a full collection. A first,
 * unreported run warms the JIT up.
 *
 * Then time travel: a 1,000-node run of 100 rounds (the page's defaults) held as a Timeline, the
 * time to seek to 10 random moments, and the memory its checkpoints hold.
 */
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createEngine } from "../../src/sim/engine";
import { Rng } from "../../src/sim/rng";
import { runUntilConverged } from "../../src/sim/run";
import type { RunScript } from "../../src/sim/script";
import { CHECKPOINT_BUDGET_BYTES, MAX_CHECKPOINTS, Timeline, replay } from "../../src/sim/timeline";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function config(nodes: number): SimConfig {
  return { ...DEFAULT_CONFIG, nodes, topology: "random", degree: 6, fanout: 3, gossip: "push", forward: false, dropRate: 0, latencyMs: 100, gossipIntervalMs: 500, seed: 1 };
}

function measure(nodes: number, report = true): void {
  const before = heapUsed();
  const t0 = performance.now();
  const engine = createEngine(config(nodes));
  const createdMs = performance.now() - t0;
  const idleBytes = heapUsed() - before;
  engine.apply({ type: "inject", node: 0 });
  const t1 = performance.now();
  runUntilConverged(engine, 200);
  const runMs = performance.now() - t1;
  const m = engine.metrics();
  const v = m.values[0]!;
  const row = [
    `N=${nodes.toLocaleString("en")}`,
    `converged ${engine.converged() ? "yes" : "no"} in ${v.rounds} rounds (${v.fullAtMs} model ms)`,
    `${m.delivered.toLocaleString("en")} deliveries in ${runMs.toFixed(0)} ms = ${Math.round(m.delivered / (runMs / 1000)).toLocaleString("en")} deliveries/s`,
    `idle memory ${(idleBytes / nodes).toFixed(0)} B/node`,
    `create ${createdMs.toFixed(0)} ms, create + converge ${(createdMs + runMs).toFixed(0)} ms`,
  ];
  if (report) console.log(row.join(" | "));
}

if (!gc) console.log("(run with node --expose-gc for exact memory figures)");
console.log("engine: one value, push, fanout 3, random 6-regular graph, 100 ms latency, 500 ms rounds");
// One unreported run first, so that every reported figure comes from optimised code.
measure(10_000, false);
for (const n of [1_000, 10_000, 100_000]) measure(n);

/** Seeks in a 1,000-node run of 100 rounds: the figure the page's Timeline feels. */
function measureSeeks(): void {
  const script: RunScript = { config: { ...DEFAULT_CONFIG, nodes: 1000 }, commands: [{ t: 0, type: "inject", node: 0 }] };
  const endMs = 100 * script.config.gossipIntervalMs;
  const options = { journalCapacity: 1 << 17, traceDepth: 40 };
  const base = heapUsed();
  const plain = replay(script, endMs, options);
  const plainBytes = heapUsed() - base;
  void plain.nowMs;
  const before = heapUsed();
  const t0 = performance.now();
  const timeline = new Timeline(script, options);
  timeline.advanceTo(endMs);
  const builtMs = performance.now() - t0;
  const timelineBytes = heapUsed() - before;
  const rng = new Rng(7);
  const seeks: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = rng.int(endMs + 1);
    const s0 = performance.now();
    timeline.seek(t);
    seeks.push(performance.now() - s0);
  }
  const sorted = [...seeks].sort((a, b) => a - b);
  const { count, spacingMs } = timeline.checkpointStats;
  const checkpointBytes = Math.max(0, timelineBytes - plainBytes);
  console.log(
    [
      "seek: 1,000 nodes, 100 rounds (page defaults)",
      `run ${builtMs.toFixed(0)} ms`,
      `10 random seeks: median ${sorted[4]!.toFixed(1)} ms, max ${sorted[9]!.toFixed(1)} ms`,
      `${count} checkpoints ${spacingMs} ms apart (at most ${MAX_CHECKPOINTS}, ~${CHECKPOINT_BUDGET_BYTES / 2 ** 20} MiB) hold ${(checkpointBytes / 1e6).toFixed(1)} MB, ${(checkpointBytes / Math.max(1, count) / 1e3).toFixed(0)} kB each (estimated ${(timeline.engine.copyBytes() / 1e3).toFixed(0)} kB)`,
    ].join(" | "),
  );
}

measureSeeks();
