/**
 * Engine benchmark (run by `npm run bench`, not a test): deliveries per second, memory per idle
 * node, and the time a run takes to converge, at 1,000, 10,000 and 100,000 nodes.
 * One value, push only (forwarding off), fanout 3, on a random 6-regular graph, 100 ms latency, 500 ms rounds.
 * Run with `node --expose-gc` so the memory figure is measured after a full collection. A first,
 * unreported run warms the JIT up.
 *
 * Beside the engine, the same workload as a bare loop over typed arrays (no messages, no journal):
 * deliveries per second of both at 10,000 and 100,000 nodes, and their ratio. Then a 1,000,000-node
 * run to convergence in a child process (`--million`), so that its peak memory (max RSS) is its own;
 * the complete-graph trials of `gossip-sim --nodes 1000 --topology complete --trials 200`; the
 * memory per injected value (`--memory-per-value` alone: measureMemoryPerValue); and time
 * travel: a 1,000-node run of 100 rounds (the page's defaults) held as a Timeline, the time to seek
 * to 10 random moments, and the memory its checkpoints hold.
 *
 * Each engine figure is given twice: for the engine (createEngine: journal, message objects,
 * protocol nodes; what the page runs) and for the headless run (createHeadlessRun: the same run,
 * figure for figure, without them; what trials run).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import type { TrialEngine } from "../../src/sim/engine-api";
import { createEngine, type EngineOptions } from "../../src/sim/engine";
import { createHeadlessRun } from "../../src/sim/headless";
import { runExperiment } from "../../src/sim/experiment";
import { parseArgs, type Experiment } from "../../src/sim/experiment-args";
import { Rng, deriveSeed } from "../../src/sim/rng";
import { runUntilConverged } from "../../src/sim/run";
import type { RunScript } from "../../src/sim/script";
import { CHECKPOINT_BUDGET_BYTES, MAX_CHECKPOINTS, Timeline, replay } from "../../src/sim/timeline";
import { buildTopology } from "../../src/sim/topology";

const gc = (globalThis as { gc?: () => void }).gc;

/** Bytes in use: the JS heap and typed arrays' stores (outside the heap: a headless run is mostly those). */
function heapUsed(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function config(nodes: number): SimConfig {
  return { ...DEFAULT_CONFIG, nodes, topology: "random", degree: 6, fanout: 3, gossip: "push", forward: false, dropRate: 0, latencyMs: 100, gossipIntervalMs: 500, seed: 1 };
}

/** What is measured: the engine, or the headless run. */
type Make = (config: SimConfig) => TrialEngine;
const ENGINE: Make = (c) => createEngine(c);
const HEADLESS: Make = (c) => createHeadlessRun(c);
const label = (make: Make) => (make === HEADLESS ? "headless " : "");

/** CPU time of this process so far, ms: on a shared machine, unlike wall time, it leaves out the waits for a core. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Deliveries per second of wall time and of CPU time. */
interface Rate {
  perSecond: number;
  perCpuSecond: number;
}

/** One run to convergence; returns its deliveries per second. */
function measure(nodes: number, report = true, make = ENGINE): Rate {
  const before = heapUsed();
  const t0 = performance.now();
  const engine = make(config(nodes));
  const createdMs = performance.now() - t0;
  const idleBytes = heapUsed() - before;
  engine.apply({ type: "inject", node: 0 });
  const t1 = performance.now();
  const c1 = cpuMs();
  runUntilConverged(engine, 200);
  const runMs = performance.now() - t1;
  const runCpuMs = cpuMs() - c1;
  const m = engine.metrics();
  const v = m.values[0]!;
  const row = [
    `${label(make)}N=${nodes.toLocaleString("en")}`,
    `converged ${engine.converged() ? "yes" : "no"} in ${v.rounds} rounds (${v.fullAtMs} model ms)`,
    `${m.delivered.toLocaleString("en")} deliveries in ${runMs.toFixed(0)} ms = ${Math.round(m.delivered / (runMs / 1000)).toLocaleString("en")} deliveries/s`,
    `idle memory ${(idleBytes / nodes).toFixed(0)} B/node (heap and typed arrays)`,
    `create ${createdMs.toFixed(0)} ms, create + converge ${(createdMs + runMs).toFixed(0)} ms`,
  ];
  if (report) console.log(row.join(" | "));
  return { perSecond: m.delivered / (runMs / 1000), perCpuSecond: m.delivered / (runCpuMs / 1000) };
}

/**
 * The same workload as simply and fast as typed arrays allow: the engine's graph (topology stream 1
 * of seed 1) as adjacency offsets, a byte per node for whether it knows the value, and per round
 * every knower pushing to `fanout` distinct random neighbours (a partial shuffle of a copy of its
 * list), delivered before the next round. No messages, no journal, no event queue. Returns the
 * deliveries per second of the run (graph building excluded, as the engine's creation is).
 */
function bareLoop(nodes: number): Rate & { deliveries: number; rounds: number } {
  const c = config(nodes);
  const graph = buildTopology(c, new Rng(deriveSeed(c.seed, 1)));
  const offsets = new Int32Array(nodes + 1);
  for (let i = 0; i < nodes; i++) offsets[i + 1] = offsets[i]! + graph.neighbors[i]!.length;
  const adj = new Int32Array(offsets[nodes]!);
  for (let i = 0; i < nodes; i++) adj.set(graph.neighbors[i]!, offsets[i]!);
  const t0 = performance.now();
  const c0 = cpuMs();
  const known = new Uint8Array(nodes);
  const outbox = new Int32Array(nodes * c.fanout);
  const pick = new Int32Array(64);
  let state = 12345;
  known[0] = 1;
  let knowers = 1;
  let deliveries = 0;
  let rounds = 0;
  while (knowers < nodes && rounds < 200) {
    rounds++;
    let sent = 0;
    for (let i = 0; i < nodes; i++) {
      if (known[i] === 0) continue;
      const from = offsets[i]!;
      const degree = offsets[i + 1]! - from;
      for (let k = 0; k < degree; k++) pick[k] = adj[from + k]!;
      const fanout = Math.min(c.fanout, degree);
      for (let k = 0; k < fanout; k++) {
        // mulberry32, inline
        let t = (state = (state + 0x6d2b79f5) | 0);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        const r = k + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (degree - k));
        const dest = pick[r]!;
        pick[r] = pick[k]!;
        outbox[sent++] = dest;
      }
    }
    for (let k = 0; k < sent; k++) {
      const dest = outbox[k]!;
      if (known[dest] === 0) {
        known[dest] = 1;
        knowers++;
      }
    }
    deliveries += sent;
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  return { perSecond: deliveries / (ms / 1000), perCpuSecond: deliveries / (cpu / 1000), deliveries, rounds };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en");

/**
 * The engine (or the headless run) and the bare loop side by side: medians of `runs` runs each,
 * interleaved. The ratio of wall times, then the ratio of CPU times (the same runs).
 */
function compareWithBareLoop(nodes: number, runs: number, make = ENGINE): void {
  const engine: Rate[] = [];
  const bare: Rate[] = [];
  let last = { deliveries: 0, rounds: 0 };
  for (let r = 0; r < runs; r++) {
    engine.push(measure(nodes, false, make));
    const b = bareLoop(nodes);
    bare.push(b);
    last = b;
  }
  const e = median(engine.map((x) => x.perSecond));
  const b = median(bare.map((x) => x.perSecond));
  const eCpu = median(engine.map((x) => x.perCpuSecond));
  const bCpu = median(bare.map((x) => x.perCpuSecond));
  console.log(
    [
      `vs bare loop: ${label(make)}N=${nodes.toLocaleString("en")}`,
      `${label(make)}engine ${fmt(e)} deliveries/s`,
      `bare typed-array loop ${fmt(b)} deliveries/s (${fmt(last.deliveries)} in ${last.rounds} rounds)`,
      `engine ${(b / e).toFixed(1)}x slower (medians of ${runs})`,
      `in CPU time ${(bCpu / eCpu).toFixed(1)}x`,
    ].join(" | "),
  );
}

/** The child process of the 1,000,000-node run (`--million`, or `--million-headless`): one JSON line on stdout. */
function millionChild(make: Make): void {
  const t0 = performance.now();
  const engine = make(config(1_000_000));
  const createMs = performance.now() - t0;
  engine.apply({ type: "inject", node: 0 });
  runUntilConverged(engine, 200);
  const wallMs = performance.now() - t0;
  const m = engine.metrics();
  // maxRSS is in kilobytes.
  const peakBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ converged: engine.converged(), rounds: m.values[0]!.rounds, delivered: m.delivered, createMs, wallMs, peakBytes }));
}

function measureMillion(make = ENGINE): void {
  const flag = make === HEADLESS ? "--million-headless" : "--million";
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), flag], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    console.log(`${label(make)}N=1,000,000 | the child process failed (status ${child.status}, signal ${child.signal})`);
    return;
  }
  const r = JSON.parse(line) as { converged: boolean; rounds: number | null; delivered: number; createMs: number; wallMs: number; peakBytes: number };
  console.log(
    [
      `${label(make)}N=1,000,000 (own process)`,
      `converged ${r.converged ? "yes" : "no"} in ${r.rounds} rounds`,
      `${fmt(r.delivered)} deliveries`,
      `create + converge ${(r.wallMs / 1000).toFixed(1)} s (create ${(r.createMs / 1000).toFixed(1)} s)`,
      `peak memory ${(r.peakBytes / 2 ** 30).toFixed(2)} GiB (max RSS)`,
    ].join(" | "),
  );
}

/**
 * Memory per injected value: a value injected at a random node every round, V of them, then rounds
 * until every node knows them all; the heap after a full collection, less the same run's with one
 * value, per node and value. Measured for what trials run on the engine (counts only) and for what
 * the page runs (who taught whom kept for every node and value).
 */
function measureMemoryPerValue(nodes: number, values: readonly number[]): void {
  const heapAfter = (v: number, options: EngineOptions): number => {
    const c = config(nodes);
    const rng = new Rng(deriveSeed(7, 1));
    const before = heapUsed();
    const engine = createEngine(c, options);
    for (let i = 0; i < v; i++) {
      engine.advanceTo(i * c.gossipIntervalMs);
      engine.apply({ type: "inject", node: rng.int(nodes) });
    }
    runUntilConverged(engine, 100);
    if (!engine.converged()) throw new Error(`memory per value: ${v} values did not converge`);
    const bytes = heapUsed() - before;
    void engine.nowMs; // kept alive until measured
    return bytes;
  };
  // Unreported: leaves this graph in the engine's topology cache, and frees what earlier runs left there.
  heapAfter(1, {});
  for (const [name, options] of [
    ["trials (engine, counts only)", { countsOnly: true }],
    ["the page (engine, who taught whom)", { recordLearning: true }],
  ] as const) {
    const base = heapAfter(1, options);
    const row = values.map((v) => `${v} values: ${((heapAfter(v, options) - base) / nodes / (v - 1)).toFixed(1)} B/node/value`);
    console.log(`memory per injected value, ${nodes.toLocaleString("en")} nodes, one value a round, converged | ${name} | ${row.join(" | ")}`);
  }
}

/** What `gossip-sim --nodes 1000 --topology complete --trials 200` runs, through the same API. */
function measureCompleteTrials(): void {
  const e = parseArgs(["--nodes", "1000", "--topology", "complete", "--trials", "200"]) as Experiment;
  const t0 = performance.now();
  const results = runExperiment(e)!;
  const ms = performance.now() - t0;
  const s = results[0]!.summary;
  console.log(`complete graph: 1,000 nodes, 200 trials (gossip-sim defaults) | ${(ms / 1000).toFixed(2)} s | converged ${Math.round(s.converged * 100)} %, rounds mean ${s.rounds?.mean.toFixed(2)}`);
}

const only = process.argv[2];
if (only === "--million" || only === "--million-headless") {
  millionChild(only === "--million" ? ENGINE : HEADLESS);
  process.exit(0);
}
if (only === "--memory-per-value") {
  measureMemoryPerValue(10_000, [20, 200]);
  process.exit(0);
}
if (!gc) console.log("(run with node --expose-gc for exact memory figures)");
console.log("engine: one value, push, fanout 3, random 6-regular graph, 100 ms latency, 500 ms rounds");
// One unreported run first, so that every reported figure comes from optimised code.
measure(10_000, false);
for (const n of [1_000, 10_000, 100_000]) measure(n);
console.log("engine deliveries count each push and the gossip_sync_ok it is answered with; the bare loop's, each push");
bareLoop(10_000); // warm-up, unreported
compareWithBareLoop(10_000, 5);
compareWithBareLoop(100_000, 3);
console.log("the same runs headless (createHeadlessRun: what trials run; the same figures, no journal, no message objects)");
measure(10_000, false, HEADLESS);
for (const n of [1_000, 10_000, 100_000]) measure(n, true, HEADLESS);
// A headless run takes a fraction of a second: more runs, for steadier medians on a shared machine.
compareWithBareLoop(10_000, 9, HEADLESS);
compareWithBareLoop(100_000, 9, HEADLESS);
measureCompleteTrials();
measureMemoryPerValue(10_000, [20, 200]);
measureMillion();
measureMillion(HEADLESS);

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
