import { describe, expect, it } from "vitest";
import type { ScriptCommand } from "../../src/sim/script";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { DEFAULT_SPEED, MAX_NAMED_PARAMS, parseRunUrl, resolveConfig, runSearch } from "../../src/ui/url";

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
    expect(parseRunUrl("")).toEqual({ config: { ...DEFAULT_CONFIG }, speed: DEFAULT_SPEED, demo: true, saved: null, challenge: null, lesson: null, compare: null, notices: [] });
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
    const run = parseRunUrl("?nodes=20001&topology=blob&demo=maybe&speed=3");
    expect(run.notices).toEqual([
      'URL parameter nodes="20001": the page shows at most 20000 nodes (bin/gossip-sim runs more); using 16.',
      'URL parameter topology="blob" must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world; using random.',
      'URL parameter demo="maybe" must be 0 or 1; using 1.',
      'URL parameter speed="3" must be one of 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20; using 0.25.',
    ]);
    expect(run.config.nodes).toBe(16);
    expect(run.config.topology).toBe("random");
    expect(run.demo).toBe(true);
    expect(run.speed).toBe(0.25);
  });

  it("states the page's node limit for any count above it, and in the error for a non-number", () => {
    expect(parseRunUrl("?nodes=2000000").notices).toEqual(['URL parameter nodes="2000000": the page shows at most 20000 nodes (bin/gossip-sim runs more); using 16.']);
    expect(parseRunUrl("?nodes=ten").notices).toEqual(['URL parameter nodes="ten" must be a whole number from 1 to 20000; using 16.']);
    expect(parseRunUrl("?nodes=20000").config.nodes).toBe(20000);
    expect(parseRunUrl("?nodes=20000&topology=ring").notices).toEqual([]);
  });

  it("takes the table's bounds: fanout to 1000, latency to 600000 ms, interval from 1 ms", () => {
    expect(parseRunUrl("?fanout=1000&latency=600000").config).toMatchObject({ fanout: 1000, latencyMs: 600_000 });
    expect(parseRunUrl("?fanout=1000&interval=1").config).toMatchObject({ fanout: 1000, gossipIntervalMs: 1 });
    expect(parseRunUrl("?fanout=1001").notices).toEqual(['URL parameter fanout="1001" must be a whole number from 0 to 1000; using 2.']);
  });

  it("opens no settings or run over the page's cost bounds, and says which figure passes which limit", () => {
    // A long latency and a short interval multiply the messages in flight.
    const slow = parseRunUrl("?nodes=16&topology=ring&fanout=2&drop=0.1&latency=600000&interval=1&seed=7&v=1&script=b1&t=100000&paused=1");
    expect(slow.config).toEqual(DEFAULT_CONFIG);
    expect(slow.saved).toBeNull();
    expect(slow.notices).toEqual([
      "This link's settings are not opened: this run would hold about 19 million messages in flight (32 a round every 1 ms, each up to 600,000 ms on its way); the page carries 1.0 million. Run them headless with bin/gossip-sim; here are the default settings.",
    ]);
    // A moment a hundred hours in, a round every millisecond: too much to replay, so the settings open without the run.
    const far = parseRunUrl("?nodes=16&topology=ring&fanout=2&interval=1&seed=7&v=1&script=b1&t=360000000&paused=1");
    expect(far.saved).toBeNull();
    expect(far.config).toMatchObject({ nodes: 16, gossipIntervalMs: 1 });
    expect(far.notices).toEqual(["This link's run is not opened: reaching 360,000 s would simulate about 12 billion messages; the page replays at most 20 million. Here are its settings without its commands."]);
    expect(parseRunUrl("?nodes=20000&topology=random&degree=1000").notices).toEqual([
      "This link's settings are not opened: this random graph would have about 10 million links; the page builds at most 2.0 million. Run them headless with bin/gossip-sim; here are the default settings.",
    ]);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("treats %s as unknown, as a value and as a name", (name) => {
    const run = parseRunUrl(`?topology=${name}&gossip=${name}&latency-dist=${name}&${name}=1`);
    expect(run.config).toEqual(DEFAULT_CONFIG);
    expect(run.notices).toEqual([
      `URL parameter topology="${name}" must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world; using random.`,
      `URL parameter gossip="${name}" must be one of push, push-pull, digest, off; using push.`,
      `URL parameter latency-dist="${name}" must be one of constant, uniform, exponential; using constant.`,
      `Unknown URL parameter "${name}" was ignored.`,
    ]);
  });

  it("quotes at most 40 characters of a bad value or name", () => {
    const long = "x".repeat(100_000);
    const clipped = `${"x".repeat(40)}…`;
    expect(parseRunUrl(`?drop=${long}&${long}=1&speed=${long}&demo=${long}`).notices).toEqual([
      `URL parameter drop="${clipped}" must be a number from 0 to 1; using 0.1.`,
      `Unknown URL parameter "${clipped}" was ignored.`,
      `URL parameter speed="${clipped}" must be one of 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20; using 0.25.`,
      `URL parameter demo="${clipped}" must be 0 or 1; using 1.`,
    ]);
  });

  it("names each bad parameter up to a few, and counts them in one notice past that", () => {
    const bad = (count: number) => Array.from({ length: count }, (_, i) => `p${i}=1`).join("&");
    expect(parseRunUrl(`?${bad(MAX_NAMED_PARAMS)}`).notices).toHaveLength(MAX_NAMED_PARAMS);
    const run = parseRunUrl(`?${bad(10_000)}&drop=lots&nodes=9&degree=3`);
    expect(run.notices).toEqual([
      '10001 URL parameters were unknown or bad and were ignored: "p0", "p1", "p2", "p3", "p4" and 9996 more.',
      "Nodes x degree must be even for a random 3-regular topology; using degree 2.",
    ]);
    expect(run.config).toEqual({ ...DEFAULT_CONFIG, nodes: 9, degree: 2 });
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
    expect(back).toEqual({ config, speed: 1, demo: false, saved: null, challenge: null, lesson: null, compare: null, notices: [] });
  });

  it("round-trips every parameter at the page's bounds", () => {
    // The most links the page builds: 20,000 nodes of degree 200, or degree 1000 on 4,000.
    const highest = { ...DEFAULT_CONFIG, nodes: 20_000, topology: "small-world" as const, degree: 200, rewire: 1, fanout: 1000, dropRate: 1, latencyMs: 600_000 };
    const rest = { latencyDist: "exponential" as const, gossipIntervalMs: 3_600_000, jitterMs: 3_600_000, gossip: "off" as const, forward: true, seed: 4_294_967_295 };
    for (const config of [{ ...highest, ...rest }, { ...highest, ...rest, nodes: 4000, degree: 1000 }, { ...DEFAULT_CONFIG, nodes: 1, topology: "line" as const, degree: 1, rewire: 0, fanout: 0, dropRate: 0, latencyMs: 0, gossipIntervalMs: 1, seed: 0 }]) {
      expect(parseRunUrl(runSearch(config, DEFAULT_SPEED, true))).toEqual({ config, speed: DEFAULT_SPEED, demo: true, saved: null, challenge: null, lesson: null, compare: null, notices: [] });
    }
  });
});

describe("a saved run in the link", () => {
  const config = { ...DEFAULT_CONFIG, nodes: 12, topology: "ring" as const };
  const commands: ScriptCommand[] = [
    { t: 0, type: "inject", node: 4 },
    { t: 999, type: "crash", node: 9 },
    { t: 999, type: "partition", groups: [[0, 1, 2], [3, 4]] },
    { t: 1200, type: "configure", fanout: 3, gossipIntervalMs: 250, gossip: "push-pull", forward: true },
    { t: 1300, type: "setDropRate", dropRate: 0.25 },
    { t: 1300, type: "setLatency", latencyMs: 40, latencyDist: "exponential" },
    { t: 1400, type: "setLinkDropRate", a: 0, b: 1, dropRate: null },
    { t: 1500, type: "dropMessage", sendSeq: 812 },
    { t: 1600, type: "heal" },
    { t: 1700, type: "restart", node: 9 },
    { t: 1800, type: "inject", node: 0, value: 7 },
    { t: 1900, type: "inject", node: 1, value: { a: ["x~y", 1.5] } },
    { t: 2000, type: "setDropRate", dropRate: 1e-7 },
    { t: 2000, type: "read", node: 3 },
  ];

  it("writes the commands in the compact grammar, and reads them back exactly", () => {
    const search = runSearch(config, DEFAULT_SPEED, false, { commands, atMs: 1500, endMs: 2600, paused: true });
    const params = new URLSearchParams(search);
    expect(params.get("v")).toBe("1");
    expect(params.get("demo")).toBeNull();
    expect([params.get("t"), params.get("end"), params.get("paused")]).toEqual(["1500", "2600", "1"]);
    const words = params.get("script")!.split("~");
    expect(words.slice(0, 11)).toEqual(["b5", "999x10", "p1,2,3:4,5", "201kf3,i250,gpush-pull,F1", "100d0.25", "L40e", "100l1,2,g", "100m812", "100h", "100u10", "100b1v7"]);
    expect(words[11]).toMatch(/^100j/);
    // The separators need no escaping: the link stays short and readable.
    expect(search).toContain("script=b5~999x10~p1,2,3:4,5~");
    expect(parseRunUrl(search)).toEqual({ config, speed: DEFAULT_SPEED, demo: true, saved: { commands, atMs: 1500, endMs: 2600, paused: true }, challenge: null, lesson: null, compare: null, notices: [] });
  });

  it("names what is wrong with a bad script, once, and opens no saved run", () => {
    const bad = (script: string) => parseRunUrl(`?nodes=12&topology=ring&v=1&script=${script}`);
    expect(bad("b5~x13")).toMatchObject({ saved: null, notices: ["This link's run could not be read (script: command 2: crash node must be a node of the run (n1 to n12)); starting a new run instead."] });
    expect(bad("constructor").notices[0]).toContain('command 1 "constructor" is not a command');
    expect(bad("j%257B%2522type%2522%253A%2522__proto__%2522%257D").notices[0]).toContain('command 1: unknown command type "__proto__"');
    expect(bad("500b1~100b2~b3").saved?.commands.map((c) => c.t)).toEqual([500, 600, 600]);
    expect(parseRunUrl("?v=2&script=b1").notices).toEqual(["This link's run could not be read (it is of link format v=2; this page reads v=1); starting a new run instead."]);
    expect(parseRunUrl("?script=b1&t=soon").notices[0]).toContain('t="soon" must be a whole number of ms');
    expect(parseRunUrl(`?script=${"b1~".repeat(30_000)}b1`).notices[0]).toContain("a run holds at most 20000 commands");
  });
});
