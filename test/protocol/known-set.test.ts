/**
 * The known-value bookkeeping of a node (src/sim/node/known-set.ts), on its own: a plain object
 * stands in for the node's fields.
 */
import { describe, expect, it } from "vitest";
import { copyKnownSet, digest, EMPTY, hasKey, keysOf, lacking, learn, merge, snapshot, type KnownSet } from "../../src/sim/node/known-set";
import type { Json } from "../../src/sim/protocol";
import { canonicalJson, fnv1a32Hex } from "../../src/sim/values";

function emptySet(): KnownSet {
  return { knownSize: 0, sortedValues: EMPTY, sortedKeys: EMPTY, pending: null, digestHex: null, onLearn: null };
}

/** A set that knows `values`, added in the given order. */
function setOf(values: readonly Json[]): KnownSet {
  const set = emptySet();
  for (const v of values) learn(set, canonicalJson(v), v);
  return set;
}

/** Merges `values` as they would arrive in a message (keys computed, or free for a snapshot). */
function mergeIn(set: KnownSet, values: readonly Json[]): number {
  return merge(set, values, keysOf(values)!);
}

describe("keysOf", () => {
  it("gives the canonical keys of an array of JSON values, or null", () => {
    expect(keysOf([1.0, "1", { b: 1, a: [true] }, null])).toEqual(["1", '"1"', '{"a":[true],"b":1}', "null"]);
    expect(keysOf([])).toBe(EMPTY);
    expect(keysOf("x")).toBeNull();
    expect(keysOf(null)).toBeNull();
    expect(keysOf({ 0: 1, length: 1 })).toBeNull();
    expect(keysOf([1, undefined])).toBeNull();
    expect(keysOf([Number.NaN])).toBeNull();
  });

  it("reads a snapshot's keys from the array itself", () => {
    const set = setOf([3, 1, 2]);
    const values = snapshot(set);
    expect(keysOf(values)).toBe(set.sortedKeys);
    expect(keysOf([...values])).not.toBe(set.sortedKeys);
  });
});

describe("learn", () => {
  it("adds a value once per canonical key and calls onLearn once per new value", () => {
    const set = emptySet();
    const learned: [string, Json][] = [];
    set.onLearn = (key, value) => learned.push([key, value]);
    expect(learn(set, "1", 1)).toBe(true);
    expect(learn(set, "1", 1.0)).toBe(false);
    expect(learn(set, '"1"', "1")).toBe(true);
    expect(set.knownSize).toBe(2);
    expect(learned).toEqual([
      ["1", 1],
      ['"1"', "1"],
    ]);
    expect(hasKey(set, "1")).toBe(true);
    expect(hasKey(set, "2")).toBe(false);
    expect(hasKey(emptySet(), "1")).toBe(false);
  });
});

describe("snapshot", () => {
  it("is sorted: numbers, strings, false, true, null, arrays, objects", () => {
    const set = setOf([{ a: 1 }, [2], null, true, false, "b", "a", 10, -1, 2.5, [1], { a: 0 }]);
    expect(snapshot(set)).toEqual([-1, 2.5, 10, "a", "b", false, true, null, [1], [2], { a: 0 }, { a: 1 }]);
    expect(set.sortedKeys).toEqual(["-1", "2.5", "10", '"a"', '"b"', "false", "true", "null", "[1]", "[2]", '{"a":0}', '{"a":1}']);
  });

  it("is the same array until a value is added; an old snapshot stays as it was", () => {
    const set = setOf([2, 1]);
    const first = snapshot(set);
    expect(snapshot(set)).toBe(first);
    learn(set, "1", 1);
    expect(snapshot(set)).toBe(first);
    learn(set, "0", 0);
    const second = snapshot(set);
    expect(second).not.toBe(first);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([0, 1, 2]);
    expect(set.pending).toBeNull();
  });

  it("carries its keys invisibly: JSON and enumeration see a plain array", () => {
    const values = snapshot(setOf(["x", 1]));
    expect(JSON.stringify(values)).toBe('[1,"x"]');
    expect(Object.keys(values)).toEqual(["0", "1"]);
  });

  it("is EMPTY for an empty set", () => {
    expect(snapshot(emptySet())).toBe(EMPTY);
  });
});

describe("merge", () => {
  it("counts the distinct values that were new, from a plain array", () => {
    const set = setOf([10]);
    expect(mergeIn(set, [10, 20, 30, 20, 20.0])).toBe(2);
    expect(snapshot(set)).toEqual([10, 20, 30]);
    expect(mergeIn(set, [])).toBe(0);
    expect(mergeIn(set, [30, 10])).toBe(0);
    expect(set.knownSize).toBe(3);
  });

  it("merges another set's snapshot with one walk, and adopts it when it holds all we know", () => {
    const theirs = snapshot(setOf([1, "a", 3, [0]]));
    const set = setOf([3, 1]);
    expect(mergeIn(set, theirs)).toBe(2);
    expect(snapshot(set)).toBe(theirs);
    expect(set.sortedKeys).toBe(keysOf(theirs));
    expect(mergeIn(set, theirs)).toBe(0);
    expect(set.knownSize).toBe(4);
    // Nothing of its own is left: no pending values, and every lookup goes to the shared snapshot.
    expect(set.pending).toBeNull();
    for (const key of ['"a"', "1", "3", "[0]"]) expect(hasKey(set, key)).toBe(true);
    expect(hasKey(set, "2")).toBe(false);
  });

  it("keeps a set that is not a subset of theirs as its own snapshot", () => {
    const theirs = snapshot(setOf([1, 2]));
    const set = setOf([3]);
    expect(mergeIn(set, theirs)).toBe(2);
    expect(snapshot(set)).toEqual([1, 2, 3]);
    expect(snapshot(set)).not.toBe(theirs);
    expect(set.pending).toBeNull();
    expect(["1", "2", "3"].map((k) => hasKey(set, k))).toEqual([true, true, true]);
  });

  it("takes a snapshot whole into an empty set, and looks values up in it", () => {
    const theirs = snapshot(setOf([1, "a", [0]]));
    const learned: string[] = [];
    const set = emptySet();
    set.onLearn = (key) => learned.push(key);
    expect(mergeIn(set, theirs)).toBe(3);
    expect(learned).toEqual(keysOf(theirs));
    expect(set.pending).toBeNull();
    expect(snapshot(set)).toBe(theirs);
    expect(set.knownSize).toBe(3);
    expect(digest(set)).toBe(digest(setOf([[0], 1, "a"])));
    expect(mergeIn(set, snapshot(setOf([1]))) + mergeIn(set, theirs)).toBe(0);
    expect(set.pending).toBeNull();
    expect(hasKey(set, '"a"')).toBe(true);
    expect(hasKey(set, "2")).toBe(false);
    expect(learn(set, "2", 2)).toBe(true);
    expect(learn(set, "1", 1)).toBe(false);
    expect(snapshot(set)).toEqual([1, 2, "a", [0]]);
    expect(learned).toEqual([...keysOf(theirs)!, "2"]);
  });

  it("builds its own snapshot when it knows more than the one merged", () => {
    const theirs = snapshot(setOf([2, 4]));
    const set = setOf([1, 4, 5]);
    expect(mergeIn(set, theirs)).toBe(1);
    const mine = snapshot(set);
    expect(mine).not.toBe(theirs);
    expect(mine).toEqual([1, 2, 4, 5]);
    expect(keysOf(mine)).toEqual(["1", "2", "4", "5"]);
  });
});

describe("lacking", () => {
  it("gives the known values missing from a plain array, sorted", () => {
    const set = setOf([5, "z", 1, null, 3]);
    const theirs = [3, 1];
    mergeIn(set, theirs);
    expect(lacking(set, theirs, keysOf(theirs)!)).toEqual([5, "z", null]);
    const all: Json[] = [null, "z", 5, 3, 1];
    expect(lacking(set, all, keysOf(all)!)).toBe(EMPTY);
  });

  it("gives the known values missing from another set's snapshot, sorted", () => {
    const theirs = snapshot(setOf([2, "b"]));
    const set = setOf(["a", 2, 0]);
    mergeIn(set, theirs);
    expect(lacking(set, theirs, keysOf(theirs)!)).toEqual([0, "a"]);
    const same = snapshot(setOf([0, 2, "a", "b"]));
    expect(lacking(set, same, keysOf(same)!)).toBe(EMPTY);
  });
});

describe("digest", () => {
  it("is FNV-1a 32 of the canonical JSON of the sorted values, 8 hex digits", () => {
    expect(digest(emptySet())).toBe("741638a5");
    const set = setOf([30, 10, 20]);
    expect(digest(set)).toBe(fnv1a32Hex("[10,20,30]"));
    expect(digest(set)).toBe("2af55a0d");
    const mixed = setOf([{ b: 2, a: 1 }, "x", 1.5]);
    expect(digest(mixed)).toBe(fnv1a32Hex('[1.5,"x",{"a":1,"b":2}]'));
  });

  it("is cached until a value is added", () => {
    const set = setOf([1]);
    expect(digest(set)).toBe(fnv1a32Hex("[1]"));
    expect(set.digestHex).toBe(fnv1a32Hex("[1]"));
    learn(set, "1", 1);
    expect(set.digestHex).toBe(fnv1a32Hex("[1]"));
    learn(set, "2", 2);
    expect(set.digestHex).toBeNull();
    expect(digest(set)).toBe(fnv1a32Hex("[1,2]"));
  });
});

describe("copyKnownSet", () => {
  it("copies what the set mutates, shares the immutable snapshot and not onLearn", () => {
    const from = setOf([2, 1]);
    const shared = snapshot(from);
    learn(from, "3", 3);
    from.onLearn = () => {};
    const to = emptySet();
    copyKnownSet(to, from);
    expect(to.pending).not.toBe(from.pending);
    expect(to.pending).toEqual(new Map([["3", 3]]));
    expect(to.sortedValues).toBe(shared);
    expect(to.onLearn).toBeNull();
    learn(to, "4", 4);
    expect(from.knownSize).toBe(3);
    expect(hasKey(from, "4")).toBe(false);
    expect(snapshot(from)).toEqual([1, 2, 3]);
    expect(snapshot(to)).toEqual([1, 2, 3, 4]);
    expect(shared).toEqual([1, 2]);
  });
});
