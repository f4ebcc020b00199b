import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, PARAM_BY_KEY, PARAM_BY_NAME, PARAMS, clip, pageParam, parseConfigObject, type SimConfig } from "../../src/sim/config";

/** Names every JavaScript object has: a lookup `object[name]` finds something for each. */
const OBJECT_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

describe("PARAMS", () => {
  it("has one row per SimConfig field, in URL order, with the form's labels and the defaults", () => {
    expect(PARAMS.map((p) => [p.key, p.name, p.label, p.kind])).toEqual([
      ["nodes", "nodes", "Nodes", "int"],
      ["topology", "topology", "Topology", "choice"],
      ["degree", "degree", "Degree", "int"],
      ["rewire", "rewire", "Rewiring", "fraction"],
      ["fanout", "fanout", "Fanout", "int"],
      ["dropRate", "drop", "Drop rate", "fraction"],
      ["latencyMs", "latency", "Latency", "int"],
      ["latencyDist", "latency-dist", "Latency distribution", "choice"],
      ["gossipIntervalMs", "interval", "Gossip interval", "int"],
      ["jitterMs", "jitter", "Timer jitter", "int"],
      ["gossip", "gossip", "Strategy", "choice"],
      ["forward", "forward", "Forward on broadcast", "onoff"],
      ["seed", "seed", "Seed", "int"],
    ]);
    expect(Object.fromEntries(PARAMS.map((p) => [p.key, p.default]))).toEqual(DEFAULT_CONFIG);
  });

  it("marks live exactly the settings that change a running run", () => {
    expect(PARAMS.filter((p) => p.live).map((p) => p.key)).toEqual(["fanout", "dropRate", "latencyMs", "gossipIntervalMs", "gossip", "forward"]);
  });

  it("states one set of bounds and units, and the page's lower node limit", () => {
    const bounds = PARAMS.flatMap((p) => (p.kind === "int" || p.kind === "fraction" ? [[p.name, p.min, p.max, p.unit ?? null, p.pageMax ?? null]] : []));
    expect(bounds).toEqual([
      ["nodes", 1, 1_000_000, null, 20_000],
      ["degree", 1, 1000, null, null],
      ["rewire", 0, 1, null, null],
      ["fanout", 0, 1000, null, null],
      ["drop", 0, 1, null, null],
      ["latency", 0, 600_000, "ms", null],
      ["interval", 1, 3_600_000, "ms", null],
      ["jitter", 0, 3_600_000, "ms", null],
      ["seed", 0, 4_294_967_295, null, null],
    ]);
    const page = pageParam(PARAM_BY_KEY.nodes);
    expect([page.min, page.max]).toEqual([1, 20_000]);
    expect(page.parse("20000")).toEqual({ value: 20_000 });
    expect(page.parse("20001")).toEqual({ error: "must be a whole number from 1 to 20000" });
    expect(PARAM_BY_KEY.nodes.parse("20001")).toEqual({ value: 20_001 });
    expect(pageParam(PARAM_BY_KEY.fanout)).toBe(PARAM_BY_KEY.fanout);
  });

  it("parses each bound and reads back what it formats", () => {
    for (const p of PARAMS) {
      const values = p.kind === "choice" ? p.choices : p.kind === "onoff" ? [true, false] : [p.min, p.max, p.default];
      for (const v of values) {
        expect(p.parse(p.format(v)), `${p.name} ${String(v)}`).toEqual({ value: v });
        expect(p.check(v), `${p.name} ${String(v)}`).toEqual({ value: v });
      }
    }
    expect(PARAM_BY_KEY.fanout.parse("1001")).toEqual({ error: "must be a whole number from 0 to 1000" });
    expect(PARAM_BY_KEY.latencyMs.parse(" 600000 ")).toEqual({ value: 600_000 });
    expect(PARAM_BY_KEY.gossipIntervalMs.parse("0")).toEqual({ error: "must be a whole number from 1 to 3600000" });
    expect(PARAM_BY_KEY.dropRate.parse("")).toEqual({ error: "must be a number from 0 to 1" });
    // Numbers are decimal, as people write them: no hex, binary, octal, separators or Infinity.
    for (const text of ["0x1", "0b1", "0o1", "1_0", "Infinity", "1.", "+0.5", "0.5.1"]) {
      expect(PARAM_BY_KEY.dropRate.parse(text), text).toEqual(text === "1." ? { value: 1 } : { error: "must be a number from 0 to 1" });
    }
    expect([".5", "0.25", "1e-3", " 1 "].map((t) => PARAM_BY_KEY.dropRate.parse(t))).toEqual([{ value: 0.5 }, { value: 0.25 }, { value: 0.001 }, { value: 1 }]);
    expect(PARAM_BY_KEY.fanout.parse("0x10")).toEqual({ error: "must be a whole number from 0 to 1000" });
    expect(PARAM_BY_KEY.topology.parse("total")).toEqual({ value: "complete" });
  });

  it("treats a name every object has as unknown, for every choice and as a parameter name", () => {
    for (const p of PARAMS.filter((q) => q.kind === "choice")) {
      for (const name of OBJECT_NAMES) {
        expect(p.parse(name), `${p.name}=${name}`).toEqual({ error: `must be one of ${p.choices.join(", ")}` });
        expect("error" in p.check(name), `${p.name}=${name}`).toBe(true);
      }
    }
    for (const name of OBJECT_NAMES) expect(PARAM_BY_NAME.get(name)).toBeUndefined();
  });
});

describe("clip", () => {
  it("keeps short text and cuts long text to its first characters and an ellipsis", () => {
    expect(clip("ring")).toBe("ring");
    expect(clip("x".repeat(40))).toBe("x".repeat(40));
    expect(clip("x".repeat(100_000))).toBe(`${"x".repeat(40)}…`);
    expect(clip("abcdef", 3)).toBe("abc…");
  });

  it("never cuts a surrogate pair in half", () => {
    expect(clip(`${"x".repeat(39)}\u{1F600}tail`)).toBe(`${"x".repeat(39)}…`);
  });
});

describe("parseConfigObject", () => {
  const valid: SimConfig = { ...DEFAULT_CONFIG, nodes: 40, topology: "ring", fanout: 3, dropRate: 0.25, gossip: "digest", forward: true, seed: 9 };
  const without = (key: keyof SimConfig) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));

  it("accepts a whole config with exact types, as a copy", () => {
    const input = JSON.parse(JSON.stringify(valid)) as unknown;
    const parsed = parseConfigObject(input);
    expect(parsed).toEqual({ config: valid });
    expect("config" in parsed && parsed.config).not.toBe(input);
  });

  it.each([
    [null, "must be an object with the SimConfig fields"],
    [[1, 2], "must be an object with the SimConfig fields"],
    ["nodes=4", "must be an object with the SimConfig fields"],
    [without("seed"), "seed is missing"],
    [{ ...valid, colour: "red" }, 'unknown field "colour"'],
    [{ ...valid, ["k".repeat(1000)]: 1 }, `unknown field "${"k".repeat(40)}…"`],
    [{ ...valid, nodes: "40" }, 'nodes must be a whole number from 1 to 1000000, got "40"'],
    [{ ...valid, nodes: 2.5 }, "nodes must be a whole number from 1 to 1000000, got 2.5"],
    [{ ...valid, fanout: 1001 }, "fanout must be a whole number from 0 to 1000, got 1001"],
    [{ ...valid, latencyMs: -1 }, "latencyMs must be a whole number from 0 to 600000, got -1"],
    [{ ...valid, dropRate: 1.5 }, "dropRate must be a number from 0 to 1, got 1.5"],
    [{ ...valid, dropRate: null }, "dropRate must be a number from 0 to 1, got null"],
    [{ ...valid, forward: "on" }, 'forward must be on or off, got "on"'],
    [{ ...valid, gossip: ["push"] }, "gossip must be one of push, push-pull, digest, off, got an array"],
    [{ ...valid, topology: { ring: 1 } }, "topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world, got an object"],
    [{ ...valid, topology: "total" }, 'topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world, got "total"'],
    [{ ...valid, topology: "y".repeat(500) }, `topology must be one of complete, line, ring, grid, tree2, tree3, tree4, star, random, small-world, got "${"y".repeat(40)}…"`],
    [{ ...valid, topology: "random", nodes: 7, degree: 3 }, "nodes x degree must be even for a random 3-regular topology"],
  ])("refuses %j naming the field: %s", (input, error) => {
    expect(parseConfigObject(input)).toEqual({ error });
  });

  it("refuses a key or a choice that names an object's own properties", () => {
    for (const name of OBJECT_NAMES) {
      const key = JSON.parse(`{${JSON.stringify(name)}: 1}`) as object; // JSON.parse makes even __proto__ an own key
      expect(parseConfigObject({ ...valid, ...key }), name).toEqual({ error: `unknown field "${name}"` });
      expect("error" in parseConfigObject({ ...valid, gossip: name }), name).toBe(true);
    }
  });

  it("holds the page's node limit when asked to", () => {
    const big = { ...valid, nodes: 20_001 };
    expect(parseConfigObject(big)).toEqual({ config: big });
    expect(parseConfigObject(big, "page")).toEqual({ error: "nodes must be a whole number from 1 to 20000, got 20001" });
  });
});
