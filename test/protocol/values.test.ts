import { describe, expect, it } from "vitest";
import type { Json } from "../../src/sim/protocol";
import { canonicalJson, compareValues, fnv1a32, fnv1a32Hex, isJsonValue, jsonBytes, MAX_VALUE_DEPTH, sortValues, utf8Length } from "../../src/sim/values";
import { Rng } from "../../src/sim/rng";

/** `[[...[0]...]]` with `depth` levels of arrays. */
function nested(depth: number): Json {
  let v: Json = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("canonicalJson", () => {
  it("sorts object keys recursively and prints numbers as JSON.stringify does", () => {
    expect(canonicalJson({ b: [1.0, { z: null, a: true }], a: "x" })).toBe('{"a":"x","b":[1,{"a":true,"z":null}]}');
    expect(canonicalJson(JSON.parse("1.0") as Json)).toBe("1");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(1e21)).toBe("1e+21");
    expect(canonicalJson(0.1)).toBe("0.1");
    expect(canonicalJson(70000)).toBe("70000");
    expect(canonicalJson("1")).toBe('"1"');
    expect(canonicalJson('q"\n')).toBe('"q\\"\\n"');
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson(null)).toBe("null");
  });

  it("orders keys by UTF-16 code units", () => {
    expect(canonicalJson({ "\uFF46": 1, "\u{1F600}": 2, B: 3, a: 4 })).toBe('{"B":3,"a":4,"\u{1F600}":2,"\uFF46":1}');
  });

  it("rejects what is not a JSON value", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: undefined } as unknown as Json)).toThrow(TypeError);
  });
});

describe("isJsonValue", () => {
  it.each([[0], [-1.5], [""], [true], [null], [[]], [{}], [{ a: [1, { b: "c" }] }], [Object.create(null) as Json], [nested(MAX_VALUE_DEPTH)]])("accepts %j", (v) => {
    expect(isJsonValue(v)).toBe(true);
  });

  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  const holey: unknown[] = [1];
  holey[2] = 3; // index 1 is a hole
  class Point {
    x = 1;
  }
  it.each([
    ["NaN", Number.NaN],
    ["Infinity", -Infinity],
    ["undefined", undefined],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a bigint", 1n],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a class instance", new Point()],
    ["an array hole", holey],
    ["an undefined member", { a: undefined }],
    ["a nested NaN", { a: [1, { b: Number.NaN }] }],
    ["a cycle", cyclic],
    ["a value nested too deep", nested(MAX_VALUE_DEPTH + 1)],
  ])("rejects %s", (_, v) => {
    expect(isJsonValue(v)).toBe(false);
  });
});

describe("sorted order", () => {
  it("numbers, strings by code units, false, true, null, arrays, objects (the last two by canonical JSON)", () => {
    // Canonical JSON compares by code units: '"' < "0" < "1", and "," < "]" < "}", so ["a"] < [0] < [1,2] < [1] < []
    // and {"a":1,"b":0} < {"a":1} < {"b":0} < {}.
    const sorted: Json[] = [-1e9, -0.5, 0, 2, 10, "", "Z", "a", "ab", "\u{1F600}", "\uFF46", false, true, null, ["a"], [0], [1, 2], [1], [], { a: 1, b: 0 }, { a: 1 }, { b: 0 }, {}];
    const shuffled = [...sorted].reverse();
    shuffled.push(shuffled.shift()!);
    expect(sortValues(shuffled)).toEqual(sorted);
    for (let i = 0; i + 1 < sorted.length; i++) {
      expect(compareValues(sorted[i]!, sorted[i + 1]!)).toBeLessThan(0);
      expect(compareValues(sorted[i + 1]!, sorted[i]!)).toBeGreaterThan(0);
    }
  });

  it("compares equal exactly for the same value", () => {
    expect(compareValues(1, JSON.parse("1.0") as Json)).toBe(0);
    expect(compareValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(0);
    expect(compareValues(1, "1")).not.toBe(0);
    expect(compareValues([1], [1, 0])).not.toBe(0);
  });

  it("sortValues keeps duplicates and does not touch its input", () => {
    const input: Json[] = [2, 1, 2];
    expect(sortValues(input)).toEqual([1, 2, 2]);
    expect(input).toEqual([2, 1, 2]);
  });
});

describe("fnv1a32Hex", () => {
  // Published FNV-1a 32 vectors ("" is the offset basis) and the one PROTOCOL.md gives.
  it.each([
    ["", "811c9dc5"],
    ["a", "e40c292c"],
    ["foobar", "bf9cf968"],
    ["[]", "741638a5"],
  ])("%j -> %s", (s, hex) => {
    expect(fnv1a32Hex(s)).toBe(hex);
  });

  // Multi-byte vectors, checked once against a byte-wise FNV-1a over TextEncoder's output.
  it.each([
    ["\u00e9", "1e9de8c1"], // c3 a9
    ['["\u00e9"]', "fa3c7d99"], // 5b 22 c3 a9 22 5d
    ["\u{1F600}", "33a29608"], // f0 9f 98 80
    ["\ud800", "03479c4a"], // a lone surrogate hashes as U+FFFD: ef bf bd
    ["\ufffd", "03479c4a"],
  ])("%j -> %s (UTF-8 bytes)", (s, hex) => {
    expect(fnv1a32Hex(s)).toBe(hex);
  });

  it("hashes a text in pieces as if joined", () => {
    expect(fnv1a32("\u00e9]", fnv1a32('["'))).toBe(fnv1a32('["\u00e9]'));
  });
});

describe("utf8Length", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["é", 2],
    ["€", 3],
    ["\u{1F600}", 4],
    ["\ud800", 3],
    ["\udc00x", 4],
    ['["é"]', 6],
  ])("%j is %i bytes", (s, n) => {
    expect(utf8Length(s)).toBe(n);
  });
});

describe("jsonBytes", () => {
  const stringified = (v: unknown) => utf8Length(JSON.stringify(v));

  it.each([
    ["a gossip message", { src: "n1", dest: "n22", body: { type: "gossip_sync", msg_id: 7, messages: [1, 2.5, -0, 1e21, "x"] } }],
    ["escapes", { 'k"\\': 'q"\\/\b\t\n\f\r\u0001\u001f\u007f' }],
    ["UTF-8 and surrogates", ["é€\u{1F600}", "\ud800", "x\udc00", "\ud800\ud800\udc00", "\u2028"]],
    ["what JSON leaves out or writes null", { a: undefined, f: () => 1, s: Symbol("s"), n: NaN, i: -Infinity, arr: [undefined, () => 1, Symbol("t"), null, true, false] }],
    ["holes and nesting", [[], {}, [[[]]], { a: { b: [] } }, new Array(3)]],
    ["toJSON and objects that are not plain", { d: new Date(0), m: new Map([[1, 2]]), o: { toJSON: () => "xyz" } }],
  ])("sizes %s as JSON.stringify writes it", (_, v) => {
    expect(jsonBytes(v)).toBe(stringified(v));
  });

  it("sizes random messages exactly, and an array again from its kept size", () => {
    const rng = new Rng(5);
    const chars = ["a", "é", "€", "\u{1F600}", "\ud800", "\udfff", '"', "\\", "\n", "\u0000", "\u001b", " "];
    const str = () => Array.from({ length: rng.int(6) }, () => chars[rng.int(chars.length)]).join("");
    const value = (depth: number): unknown => {
      switch (rng.int(depth > 2 ? 4 : 6)) {
        case 0:
          return rng.int(2000) - 1000 + (rng.int(2) ? 0.5 : 0);
        case 1:
          return str();
        case 2:
          return rng.int(2) === 0 ? null : rng.int(2) === 0;
        case 3:
          return rng.int(3) === 0 ? undefined : 1e-7 * rng.int(100);
        case 4:
          return Array.from({ length: rng.int(5) }, () => value(depth + 1));
        default:
          return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [str(), value(depth + 1)]));
      }
    };
    for (let i = 0; i < 2000; i++) {
      const v = { src: `n${rng.int(100)}`, dest: str(), body: { type: "gossip_sync", msg_id: i, messages: Array.from({ length: rng.int(4) }, () => value(0)) } };
      expect(jsonBytes(v)).toBe(stringified(v));
      expect(jsonBytes(v)).toBe(stringified(v));
    }
  });
});
