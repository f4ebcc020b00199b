import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, run } from "./built";

beforeAll(() => ensureBuilt("gossip-sim"), 120_000);

function json(args: string[]): Record<string, unknown> {
  const r = run("gossip-sim", [...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("bin/gossip-sim", () => {
  it("prints one JSON object with the config, each run and a summary", () => {
    const out = json(["--nodes", "30", "--topology", "complete", "--fanout", "1", "--drop", "0", "--trials", "3", "--seed", "4"]);
    expect(out.config).toEqual({
      nodes: 30,
      topology: "complete",
      degree: 4,
      rewire: 0.2,
      fanout: 1,
      drop: 0,
      latency: 100,
      "latency-dist": "constant",
      interval: 500,
      jitter: 0,
      gossip: "push",
      forward: false,
      seed: 4,
      broadcasts: 1,
      trials: 3,
      "max-rounds": 100,
    });
    const runs = out.runs as { seed: number; converged: boolean; rounds: number; time_ms: number; messages: { total: number; by_type: Record<string, number>; dropped: number }; msgs_per_op: number }[];
    expect(runs.map((r) => r.seed)).toEqual([4, 5, 6]);
    expect(runs.every((r) => r.converged)).toBe(true);
    // Push only: every server message is a gossip_sync or its reply, and every run ends 100 ms into its last round.
    for (const r of runs) {
      expect(Object.keys(r.messages.by_type).sort()).toEqual(["gossip_sync", "gossip_sync_ok"]);
      expect(r.messages.by_type.gossip_sync).toBe(r.messages.by_type.gossip_sync_ok);
      expect(r.messages.total).toBe(2 * r.messages.by_type.gossip_sync!);
      expect(r.msgs_per_op).toBe(r.messages.total);
      expect(r.time_ms).toBe(r.rounds * 500 + 100);
    }
    const rounds = runs.map((r) => r.rounds);
    const summary = out.summary as { converged: number; rounds: Record<string, number> };
    expect(summary.converged).toBe(1);
    expect(summary.rounds.min).toBe(Math.min(...rounds));
    expect(summary.rounds.max).toBe(Math.max(...rounds));
    expect(summary.rounds.mean).toBeCloseTo(rounds.reduce((a, b) => a + b) / 3, 12);
  });

  it("is deterministic: the same flags print the same bytes", () => {
    const args = ["--nodes", "40", "--drop", "0.2", "--latency-dist", "exponential", "--gossip", "push-pull", "--broadcasts", "3", "--json"];
    expect(run("gossip-sim", args).stdout).toBe(run("gossip-sim", args).stdout);
  });

  it("reports flooding alone with exact counts: 2E - N + 1 broadcasts on a ring", () => {
    const out = json(["--nodes", "10", "--topology", "ring", "--gossip", "off", "--forward", "on", "--drop", "0"]);
    const r = (out.runs as { rounds: number; time_ms: number; messages: { by_type: Record<string, number> } }[])[0]!;
    expect(r.messages.by_type).toEqual({ broadcast: 11, broadcast_ok: 11 });
    expect(r.rounds).toBe(0);
    expect(r.time_ms).toBe(500);
  });

  it("reports null rounds when a run does not converge within --max-rounds", () => {
    const out = json(["--nodes", "10", "--drop", "1", "--max-rounds", "5"]);
    expect(out.runs).toMatchObject([{ converged: false, rounds: null, time_ms: null }]);
    expect(out.summary).toEqual({ converged: 0, rounds: null });
  });

  it("sweeps a parameter with a summary per value", () => {
    const out = json(["--nodes", "20", "--topology", "complete", "--drop", "0", "--sweep", "fanout=1,3", "--trials", "4"]);
    expect(out.sweep).toBe("fanout");
    const results = out.results as { value: number; runs: unknown[]; summary: { converged: number; rounds: { mean: number } } }[];
    expect(results.map((r) => [r.value, r.runs.length, r.summary.converged])).toEqual([
      [1, 4, 1],
      [3, 4, 1],
    ]);
    expect(results[1]!.summary.rounds.mean).toBeLessThan(results[0]!.summary.rounds.mean);
  });

  it("sweeps two parameters over their product: a column per parameter in CSV, both values in JSON, a block per pair", () => {
    const args = ["--nodes", "12", "--topology", "complete", "--sweep", "fanout=1,2,3", "--sweep", "drop=0,0.3", "--trials", "2"];
    const csv = run("gossip-sim", [...args, "--csv"]).stdout.trim().split("\n");
    expect(csv[0]).toBe("fanout,drop,seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1");
    expect(csv.length).toBe(1 + 3 * 2 * 2);
    // The first sweep outermost, then the second, then the trials' seeds.
    expect(csv.slice(1).map((row) => row.split(",").slice(0, 3).join(","))).toEqual(["1,0,1", "1,0,2", "1,0.3,1", "1,0.3,2", "2,0,1", "2,0,2", "2,0.3,1", "2,0.3,2", "3,0,1", "3,0,2", "3,0.3,1", "3,0.3,2"]);
    const out = json(args);
    expect(out.sweep).toEqual(["fanout", "drop"]);
    const results = out.results as { values: Record<string, number>; runs: { seed: number; messages: { dropped: number } }[] }[];
    expect(results.map((r) => r.values)).toEqual([1, 2, 3].flatMap((fanout) => [0, 0.3].map((drop) => ({ fanout, drop }))));
    expect(results.every((r) => r.runs.length === 2)).toBe(true);
    expect(results.filter((r) => r.values.drop === 0).every((r) => r.runs.every((t) => t.messages.dropped === 0))).toBe(true);
    // The JSON and the CSV are the same trials.
    expect(results.flatMap((r) => r.runs.map((t) => t.seed))).toEqual(csv.slice(1).map((row) => Number(row.split(",")[2])));
    const table = run("gossip-sim", args).stdout;
    expect(table.split("\n").filter((l) => l.startsWith("--"))).toEqual([1, 2, 3].flatMap((f) => [0, 0.3].map((d) => `--fanout ${f} --drop ${d}`)));
  });

  it("runs a Maelstrom-style workload", () => {
    const out = json(["--nodes", "5", "--topology", "complete", "--forward", "on", "--drop", "0", "--rate", "20", "--time-limit", "2"]);
    const r = (out.runs as { converged: boolean; msgs_per_op: number; messages: { by_type: Record<string, number> }; stable_latency_ms: Record<string, number> }[])[0]!;
    expect(r.converged).toBe(true);
    // Complete graph of 5 with flooding: a broadcast costs 2E - N + 1 = 16 forwards (and 16 acks); this seed draws
    // 18 broadcasts among 41 operations, and 4 rounds of push gossip (5 nodes x fanout 2) run meanwhile.
    expect(r.messages.by_type).toEqual({ broadcast: 18 * 16, broadcast_ok: 18 * 16, gossip_sync: 40, gossip_sync_ok: 40 });
    expect(r.msgs_per_op).toBe((2 * 18 * 16 + 80) / 41);
    // One hop of 100 ms reaches everyone on a complete graph.
    expect(r.stable_latency_ms).toEqual({ "0": 100, "0.5": 100, "0.95": 100, "0.99": 100, "1": 100 });
  });

  it("prints a table and CSV", () => {
    const table = run("gossip-sim", ["--nodes", "8", "--trials", "2"]).stdout.split("\n");
    expect(table[0]).toMatch(/^seed\s+converged\s+rounds\s+time_ms\s+messages/);
    expect(table[3]).toMatch(/^converged 100% of 2; rounds mean/);
    const csv = run("gossip-sim", ["--nodes", "8", "--trials", "2", "--csv"]).stdout.trim().split("\n");
    expect(csv[0]).toBe("seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1");
    expect(csv.length).toBe(3);
  });

  it.each([
    [["--drop", "1.5"], '--drop must be a number from 0 to 1, got "1.5"'],
    [["--nodes", "ten"], '--nodes must be a whole number from 1 to 1000000, got "ten"'],
    [["--topology", "hexagon"], "--topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world"],
    [["--gossip", "flood"], "--gossip must be one of push, push-pull, digest, off"],
    [["--frobnicate"], "unknown flag --frobnicate"],
    [["--fanout"], "--fanout needs a value"],
    [["--rate", "10"], "--rate and --time-limit go together"],
    [["--sweep", "nodes"], "--sweep needs PARAM=V1,V2,..."],
    [["--sweep", "drop=0.1,7"], "--drop must be a number from 0 to 1"],
    [["--topology", "random", "--nodes", "7", "--degree", "3"], "nodes x degree must be even"],
    [["--broadcasts", "5", "--nodes", "3"], "--broadcasts 5 needs at least as many nodes"],
    [["--broadcasts", "5", "--nodes", "8", "--sweep", "nodes=8,3"], "--broadcasts 5 needs at least as many nodes, got --nodes 3"],
    // A name every object has is an unknown value like any other, not a crash.
    [["--gossip", "constructor"], '--gossip must be one of push, push-pull, digest, off, got "constructor"'],
    [["--topology", "__proto__"], '--topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world, got "__proto__"'],
    [["--topology", "toString"], '--topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world, got "toString"'],
    [["--latency-dist", "hasOwnProperty"], '--latency-dist must be one of constant, uniform, exponential, got "hasOwnProperty"'],
    [["--sweep", "gossip=push,valueOf"], '--gossip must be one of push, push-pull, digest, off, got "valueOf"'],
    [["--constructor", "1"], "unknown flag --constructor"],
    [["--drop", "9".repeat(100_000)], `--drop must be a number from 0 to 1, got "${"9".repeat(40)}…"`],
    // The table's bounds, the page's and the form's alike.
    [["--fanout", "1001"], '--fanout must be a whole number from 0 to 1000, got "1001"'],
    [["--latency", "600001"], '--latency must be a whole number from 0 to 600000, got "600001"'],
    [["--interval", "0"], '--interval must be a whole number from 1 to 3600000, got "0"'],
    // Work it cannot bound.
    [["--trials", "10000000"], "--trials 10000000 is over the limit of 100000"],
    [["--max-rounds", "1000000"], "--max-rounds 1000000 is over the limit of 100000"],
    [["--rate", "1000", "--time-limit", "10000"], "--rate 1000 x --time-limit 10000 is 10000000 client ops, over the limit of 1000000"],
    [["--rate", "0.001", "--time-limit", "1000000"], "--time-limit 1000000 spans 2000000 gossip rounds of --interval 500, over the limit of 100000"],
    [["--nodes", "1000000", "--broadcasts", "1000"], "--nodes 1000000 x --broadcasts 1000 is 1000000000 values held, over the limit of 100000000"],
    [["--nodes", "1000000", "--rate", "1000", "--time-limit", "1"], "--nodes 1000000 x 500 broadcasts (half of --rate x --time-limit) is 500000000 values held, over the limit of 100000000"],
    [["--broadcasts", "1000", "--sweep", "nodes=1000,1000000"], "--nodes 1000000 x --broadcasts 1000 is 1000000000 values held, over the limit of 100000000"],
    [["--sweep", `fanout=${"1,".repeat(1000)}1`], "--sweep has 1001 values, over the limit of 1000"],
    [["--trials", "1000", "--sweep", `fanout=${"1,".repeat(100)}1`], "--trials 1000 x 101 --sweep values is 101000 runs, over the limit of 100000"],
    // Two sweeps: their product, each pair checked, at most two, each parameter once.
    [["--trials", "1000", "--sweep", `fanout=${"1,".repeat(19)}1`, "--sweep", `latency=${"1,".repeat(9)}1`], "--trials 1000 x 20 x 10 --sweep values is 200000 runs, over the limit of 100000"],
    [["--sweep", `fanout=${"1,".repeat(999)}1`, "--sweep", `latency=${"1,".repeat(999)}1`], "--trials 1 x 1000 x 1000 --sweep values is 1000000 runs, over the limit of 100000"],
    [["--topology", "random", "--degree", "3", "--sweep", "fanout=1,2", "--sweep", "nodes=8,7"], "nodes x degree must be even for a random 3-regular topology"],
    [["--sweep", "fanout=1,2", "--sweep", "fanout=3"], "--sweep fanout is given twice: sweep a parameter once, with all its values"],
    [["--sweep", "fanout=1", "--sweep", "drop=0", "--sweep", "latency=1"], "--sweep is given more than 2 times: sweep at most 2 parameters"],
    [["--sweep", "fanout=1", "--sweep", "seed=1,2"], "--sweep needs PARAM=V1,V2,... with PARAM a run flag other than seed"],
    // The cost model: asked before anything is built.
    [["--nodes", "1000000", "--topology", "random", "--degree", "1000"], "this random graph would have about 500 million links; gossip-sim builds at most 13 million"],
    [["--nodes", "1000000", "--topology", "small-world", "--degree", "1000"], "this small-world graph would have about 500 million links; gossip-sim builds at most 13 million"],
    [["--nodes", "16", "--topology", "ring", "--latency", "600000", "--interval", "1"], "this run would hold about 19 million messages in flight (32 a round every 1 ms, each up to 600,000 ms on its way); gossip-sim carries 10 million"],
    [["--sweep", "interval=500,1", "--latency", "600000", "--topology", "ring"], "this run would hold about 19 million messages in flight"],
    // Numbers are decimal.
    [["--drop", "0x1"], '--drop must be a number from 0 to 1, got "0x1"'],
  ])("rejects %j with one line naming it and exit status 2", (args, message) => {
    const r = run("gossip-sim", args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain(message);
  });
});

describe("gossip-sim --run", () => {
  const dir = mkdtempSync(join(tmpdir(), "gossip-sim-run-"));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  const config = { nodes: 24, topology: "ring", degree: 4, rewire: 0.2, fanout: 3, dropRate: 0.2, latencyMs: 100, latencyDist: "constant", gossipIntervalMs: 500, jitterMs: 0, gossip: "push-pull", forward: false, seed: 7 };
  const saved = {
    format: "gossipscope-run",
    version: 1,
    config,
    endMs: 4000,
    commands: [
      { t: 0, type: "inject", node: "n5" },
      { t: 1200, type: "crash", node: "n10" },
    ],
  };

  it("replays a saved run to the moment it was saved at, with the values the page shows", () => {
    const out = json(["--run", file("run.json", saved)]);
    expect(out.config).toMatchObject({ nodes: 24, topology: "ring", drop: 0.2, gossip: "push-pull", seed: 7, commands: 2, end_ms: 4000 });
    // Dropped counts the messages lost by 4000 ms: those the round at 4000 will lose are lost halfway, at 4050.
    expect(out.runs).toEqual([
      { seed: 7, converged: false, rounds: null, time_ms: null, messages: { total: 624, by_type: { gossip_sync: 372, gossip_sync_ok: 252 }, dropped: 108 }, msgs_per_op: 624, stable_latency_ms: null },
    ]);
    expect(out.values).toEqual([{ value: 1, origin: "n5", known_by: 12, rounds: null, msgs_to_all: null, bytes_to_all: null, redundancy: null }]);
  });

  it("runs until converged when the file names no moment", () => {
    const out = json(["--run", file("open.json", { ...saved, endMs: undefined }), "--max-rounds", "60"]);
    expect(out.runs).toMatchObject([{ converged: true }]);
    const [v] = out.values as { rounds: number; known_by: number; msgs_to_all: number; bytes_to_all: number; redundancy: number }[];
    expect(v!.rounds).toBeGreaterThan(0);
    // The cost to all, frozen when it reached the 23 live nodes: at least one message each, in bytes of JSON.
    expect(v!.known_by).toBe(23);
    expect(v!.msgs_to_all).toBeGreaterThanOrEqual(22);
    expect(v!.bytes_to_all).toBeGreaterThan(v!.msgs_to_all * 40);
    expect(v!.redundancy).toBeCloseTo(v!.msgs_to_all / 22 - 1, 12);
  });

  it.each([
    [["--run", "/nonexistent/run.json"], "gossip-sim: --run /nonexistent/run.json: cannot read it (ENOENT)"],
    [["--nodes", "3", "--run", "x.json"], "gossip-sim: --run takes the run from its file: --nodes does not go with it"],
    // Only a regular file is read: a device that never ends, a directory.
    [["--run", "/dev/zero"], "gossip-sim: --run /dev/zero: it is not a regular file"],
    [["--run", "/tmp"], "gossip-sim: --run /tmp: it is not a regular file"],
  ])("refuses %j with one line", (args, line) => {
    const r = run("gossip-sim", args);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, "", line + "\n"]);
  });

  it.each([
    ["not JSON", "{", "the file is not JSON"],
    ["another format", { format: "other" }, 'the file is not a GossipScope run (no "format": "gossipscope-run")'],
    ["a prototype name as a command", { ...saved, commands: [{ t: 0, type: "constructor" }] }, 'command 1: unknown command type "constructor"'],
    ["a node the run lacks", { ...saved, commands: [{ t: 0, type: "crash", node: "n99" }] }, "command 1: crash node must be a node of the run (n1 to n24)"],
    ["a command the engine refuses", { ...saved, commands: [{ t: 0, type: "restart", node: "n2" }] }, null],
    ["too many rounds", { ...saved, config: { ...config, gossipIntervalMs: 1 }, endMs: 360_000_000 }, "it runs to 360000000 ms, up to 360000000 gossip rounds, over the limit of 100000"],
    ["too many messages in flight", { ...saved, config: { ...config, latencyMs: 600_000, gossipIntervalMs: 1 }, endMs: 100_000 }, "this run would hold about 58 million messages in flight (96 a round every 1 ms, each up to 600,000 ms on its way); gossip-sim carries 10 million"],
    ["a setting that makes too many in flight", { ...saved, endMs: 100_000, commands: [{ t: 50, type: "configure", gossipIntervalMs: 1 }, { t: 60, type: "setLatency", latencyMs: 600_000 }] }, "this run would hold about 58 million messages in flight (96 a round every 1 ms, each up to 600,000 ms on its way); gossip-sim carries 10 million"],
  ])("refuses a file with %s, naming what is wrong", (_, content, why) => {
    const path = file("bad.json", content);
    const r = run("gossip-sim", ["--run", path]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    if (why !== null) expect(r.stderr).toBe(`gossip-sim: --run ${path}: ${why}\n`);
    else expect(r.stderr).toBe(`gossip-sim: --run ${path}: command 1 (restart at 0 ms): n2 is not crashed\n`);
  });
});

describe("gossip-sim on a long run", () => {
  it("reports its progress on stderr every two seconds, and nothing on stdout but the results", () => {
    const r = run("gossip-sim", ["--nodes", "2000", "--topology", "complete", "--fanout", "1", "--forward", "off", "--drop", "0", "--trials", "60", "--csv"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1");
    expect(r.stdout.trim().split("\n").length).toBe(61);
    // However long it took on this machine, every line it wrote is a progress line.
    for (const line of r.stderr.split("\n").filter(Boolean)) expect(line).toMatch(/^gossip-sim: \d+ of 60 runs(, round \d+ of at most 100 in this one)?, \d+ s(, about \d+ s left)?$/);
  });

  it("reports after every run, and inside a run after every round, when GOSSIP_SIM_PROGRESS_MS is 0", () => {
    const r = run("gossip-sim", ["--nodes", "20", "--trials", "4", "--csv"], { GOSSIP_SIM_PROGRESS_MS: "0" });
    expect(r.status).toBe(0);
    const lines = r.stderr.split("\n").filter(Boolean).map((l) => l.replace(/, \d+ s(, about \d+ s left)?$/, ""));
    expect(lines.filter((l) => !l.includes("round"))).toEqual(["gossip-sim: 1 of 4 runs", "gossip-sim: 2 of 4 runs", "gossip-sim: 3 of 4 runs"]);
    expect(lines.slice(0, 2)).toEqual(["gossip-sim: 0 of 4 runs, round 1 of at most 100 in this one", "gossip-sim: 0 of 4 runs, round 2 of at most 100 in this one"]);
    expect(r.stderr).toMatch(/^gossip-sim: 1 of 4 runs, \d+ s, about \d+ s left$/m);
  });
});
