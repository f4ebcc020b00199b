/** The Experiments panel's controls as edits of its flags: each rewrites its own flag and keeps the rest. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { experimentOf, flagValue, setFlag, setSweeps, suggestedValues, sweepsOf } from "../../src/ui/experiment-form";

describe("experiment flags as controls", () => {
  const flags = "--nodes 30 --sweep fanout=1,2 --trials 3 --seed 4";

  it("reads the sweeps, trials and seed as written", () => {
    expect(sweepsOf(flags)).toEqual([{ param: "fanout", values: ["1", "2"] }]);
    expect(sweepsOf("--sweep=drop=0,0.5 --sweep gossip=push --sweep nodes")).toEqual([
      { param: "drop", values: ["0", "0.5"] },
      { param: "gossip", values: ["push"] },
      { param: "nodes", values: [] },
    ]);
    expect([flagValue(flags, "trials"), flagValue(flags, "seed"), flagValue(flags, "drop")]).toEqual(["3", "4", undefined]);
    expect(flagValue("--seed 1 --seed=2", "seed")).toBe("2");
  });

  it("rewrites one flag where it stands, or before --trials, keeping every other word", () => {
    expect(setFlag(flags, "trials", "20")).toBe("--nodes 30 --sweep fanout=1,2 --trials 20 --seed 4");
    expect(setFlag("--seed 1 --drop x stray --seed=2", "seed", "7")).toBe("--seed 7 --drop x stray");
    expect(setSweeps(flags, [...sweepsOf(flags), { param: "drop", values: ["0", "0.2"] }])).toBe("--nodes 30 --sweep fanout=1,2 --sweep drop=0,0.2 --trials 3 --seed 4");
    expect(setSweeps("--nodes 30 --trials 3", [{ param: "gossip", values: suggestedValues("gossip") }])).toBe("--nodes 30 --sweep gossip=push,push-pull,digest,off --trials 3");
    expect(setSweeps(flags, [])).toBe("--nodes 30 --trials 3 --seed 4");
    expect(setFlag(flags, "seed", null)).toBe("--nodes 30 --sweep fanout=1,2 --trials 3");
  });

  it("starts from the run's settings", () => {
    expect(experimentOf({ ...DEFAULT_CONFIG, nodes: 24, forward: true, seed: 7 })).toBe("--nodes 24 --forward on --sweep fanout=1,2,3,4 --trials 20 --seed 7");
    expect(suggestedValues("forward")).toEqual(["on", "off"]);
  });
});
