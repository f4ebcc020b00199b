/** The experiment core shared by bin/gossip-sim and the page: flags both ways, progress, cancel. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { experimentCsv, experimentJson, runExperiment, summaryRows } from "../../src/sim/experiment";
import { UsageError, experimentFlags, parseArgs, splitFlags, type Experiment } from "../../src/sim/experiment-args";

function parse(text: string): Experiment {
  const e = parseArgs(splitFlags(text));
  if (e === "help") throw new Error("help");
  return e;
}

describe("experiment flags", () => {
  it.each([
    "--trials 1 --seed 1",
    "--nodes 100 --sweep fanout=1,2,3 --trials 20 --seed 1",
    "--nodes 30 --topology complete --drop 0 --forward on --sweep fanout=1,2 --sweep latency-dist=constant,exponential --trials 3 --seed 4",
    "--nodes 5 --rate 20 --time-limit 2 --max-rounds 40 --trials 2 --seed 9",
    "--gossip push-pull --broadcasts 3 --sweep drop=0,0.25,0.5 --trials 5 --seed 0",
  ])("reads back what it writes: %s", (text) => {
    const e = parse(text);
    expect(experimentFlags(e)).toBe(text);
    expect(parse(experimentFlags(e))).toEqual(e);
  });

  it("writes the run flags that differ from the defaults, and always the trials and seed", () => {
    expect(experimentFlags(parse(""))).toBe("--trials 1 --seed 1");
    expect(experimentFlags(parse("--topology=total --fanout 2 --seed 7 --csv"))).toBe("--topology complete --trials 1 --seed 7");
    expect(experimentFlags({ ...parse(""), config: { ...DEFAULT_CONFIG, nodes: 24, forward: true } })).toBe("--nodes 24 --forward on --trials 1 --seed 1");
  });

  it("refuses with gossip-sim's line", () => {
    expect(() => parseArgs(["--sweep", "fanout=1", "--sweep", "fanout=2"])).toThrow(new UsageError("--sweep fanout is given twice: sweep a parameter once, with all its values"));
    expect(() => parseArgs(splitFlags("  --drop  2 "))).toThrow('--drop must be a number from 0 to 1, got "2"');
  });
});

describe("runExperiment", () => {
  const e = parse("--nodes 10 --topology complete --drop 0 --sweep fanout=1,2 --sweep gossip=push,push-pull --trials 3 --seed 4");

  it("reports each finished trial and the points in order", () => {
    const seen: [number, number][] = [];
    const inside: number[] = [];
    const results = runExperiment(e, (done, total, rounds) => void (rounds === undefined ? seen.push([done, total]) : done === 0 && inside.push(rounds)))!;
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, 12]));
    // Inside the first run, after each of its rounds.
    expect(inside).toEqual(Array.from({ length: inside.length }, (_, i) => i + 1));
    expect(inside.length).toBeGreaterThan(2);
    expect(results.map((r) => r.values)).toEqual([
      [1, "push"],
      [1, "push-pull"],
      [2, "push"],
      [2, "push-pull"],
    ]);
    expect(results.every((r) => r.runs.map((run) => run.seed).join() === "4,5,6")).toBe(true);
    const rows = summaryRows(results);
    expect(rows.every((r) => r.converged === 1 && r.trials === 3 && r.payloadBytes > 0)).toBe(true);
    expect(rows[0]!.msgsPerOp).toBe(results[0]!.runs.reduce((a, r) => a + r.msgs_per_op, 0) / 3);
    expect(rows[0]!.meanRounds).toBe(results[0]!.summary.rounds!.mean);
    expect(rows[0]!.p95Rounds).toBe(results[0]!.summary.rounds!.p95);
    // Deterministic: the same flags, the same figures.
    expect(experimentCsv(e, runExperiment(e)!)).toBe(experimentCsv(e, results));
    expect(experimentJson(e, results).sweep).toEqual(["fanout", "gossip"]);
  });

  it("stops when told to, between trials", () => {
    let calls = 0;
    expect(runExperiment(e, (done, _total, rounds) => (rounds === undefined ? (calls++, done < 5) : true))).toBeNull();
    expect(calls).toBe(5);
  });
});
