import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { DEFAULT_SPEED, parseRunUrl, resolveConfig, runSearch } from "../../src/ui/url";

describe("parseRunUrl", () => {
  it("reads every run parameter with the gossip-sim meaning", () => {
    const run = parseRunUrl("?nodes=12&topology=ring&degree=2&fanout=3&drop=0.25&latency=40&interval=300&gossip=push-pull&forward=off&seed=7&demo=0&speed=2");
    expect(run.notices).toEqual([]);
    expect(run.demo).toBe(false);
    expect(run.speed).toBe(2);
    expect(run.config).toEqual({
      ...DEFAULT_CONFIG,
      nodes: 12,
      topology: "ring",
      degree: 2,
      fanout: 3,
      dropRate: 0.25,
      latencyMs: 40,
      gossipIntervalMs: 300,
      gossip: "push-pull",
      forward: false,
      seed: 7,
    });
  });

  it("gives the defaults and the demo for an empty query", () => {
    expect(parseRunUrl("")).toEqual({ config: { ...DEFAULT_CONFIG }, speed: DEFAULT_SPEED, demo: true, notices: [] });
  });

  it("names an unknown parameter and a bad value, and uses the default for the bad one", () => {
    const run = parseRunUrl("?nodes=8&colour=red&drop=lots&topology=ring");
    expect(run.notices).toEqual([
      'Unknown URL parameter "colour" was ignored.',
      'URL parameter drop="lots" must be a number from 0 to 1; using 0.1.',
    ]);
    expect(run.config.nodes).toBe(8);
    expect(run.config.topology).toBe("ring");
    expect(run.config.dropRate).toBe(DEFAULT_CONFIG.dropRate);
  });

  it("rejects more nodes than the page draws, a bad topology, a bad demo and an unlisted speed", () => {
    const run = parseRunUrl("?nodes=6000&topology=blob&demo=maybe&speed=3");
    expect(run.notices).toEqual([
      'URL parameter nodes="6000": the page shows at most 5000 nodes (bin/gossip-sim runs more); using 16.',
      'URL parameter topology="blob" must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world; using random.',
      'URL parameter demo="maybe" must be 0 or 1; using 1.',
      'URL parameter speed="3" must be one of 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20; using 0.25.',
    ]);
    expect(run.config.nodes).toBe(16);
    expect(run.config.topology).toBe("random");
    expect(run.demo).toBe(true);
    expect(run.speed).toBe(0.25);
  });

  it("accepts a topology alias", () => {
    expect(parseRunUrl("?topology=total").config.topology).toBe("complete");
  });

  it("repairs parameters that do not fit together, saying which it reset", () => {
    const run = parseRunUrl("?nodes=9&degree=3");
    expect(run.notices).toEqual(["Nodes x degree must be even for a random 3-regular topology; using degree 2."]);
    expect(run.config).toEqual({ ...DEFAULT_CONFIG, nodes: 9, degree: 2 });
  });
});

describe("resolveConfig", () => {
  it("keeps a valid config as it is", () => {
    const config = { ...DEFAULT_CONFIG, nodes: 30 };
    expect(resolveConfig(config)).toEqual({ config, notices: [] });
  });

  it("lowers the degree to the largest that fits before resetting anything", () => {
    const { config, notices } = resolveConfig({ ...DEFAULT_CONFIG, topology: "random", nodes: 3, degree: 4 });
    expect(notices).toEqual(["Degree 4 must be less than nodes (3) for a random topology; using degree 2."]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, nodes: 3, degree: 2 });
  });

  it("returns the topology to its default when no degree fits", () => {
    const { config, notices } = resolveConfig({ ...DEFAULT_CONFIG, topology: "complete", nodes: 6000 });
    expect(notices).toEqual(["A complete topology is limited to 5000 nodes (it has n(n-1)/2 edges); using degree 4, topology random."]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, nodes: 6000, topology: "random" });
  });
});

describe("runSearch", () => {
  it("writes the run parameters and round-trips through parseRunUrl", () => {
    const config = { ...DEFAULT_CONFIG, nodes: 10, topology: "ring" as const, dropRate: 0.3, seed: 42, jitterMs: 20 };
    const search = runSearch(config, 1, false);
    expect(search).toBe("?nodes=10&topology=ring&degree=4&fanout=2&drop=0.3&latency=100&interval=500&jitter=20&gossip=push&forward=off&seed=42&speed=1&demo=0");
    const back = parseRunUrl(search);
    expect(back).toEqual({ config, speed: 1, demo: false, notices: [] });
  });
});
