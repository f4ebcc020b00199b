/**
 * Engine benchmark (run by `npm run bench`, not a test): deliveries per second, memory per idle
 * node, and the time a run takes to converge, at 1,000, 10,000 and 100,000 nodes.
 * One value, push only (forwarding off), fanout 3, on a random 6-regular graph, 100 ms latency, 500 ms rounds.
 * Run with `node --expose-gc` so the memory figure is measured after a full collection. A first,
 * unreported run warms the JIT up.
 */
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createEngine } from "../../src/sim/engine";
import { runUntilConverged } from "../../src/sim/run";

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
