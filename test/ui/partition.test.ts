import { describe, expect, it } from "vitest";
import { cutOff, formatPartition, parsePartition } from "../../src/ui/partition";

const NAMES = ["n1", "n2", "n3", "n4", "n5", "n6"];

describe("partition text", () => {
  it("reads groups the way Maelstrom writes them", () => {
    expect(parsePartition("n1 n2 n3 | n4 n5", NAMES)).toEqual({ groups: [[0, 1, 2], [3, 4]] });
    expect(parsePartition(" n6,n1 |", NAMES)).toEqual({ groups: [[5, 0]] });
  });

  it("names what is wrong", () => {
    expect(parsePartition("n1 n9 | n2", NAMES)).toEqual({ error: '"n9" is not a node of this run (n1 to n6)' });
    expect(parsePartition("n1 | n1", NAMES)).toEqual({ error: "n1 is in two groups" });
    expect(parsePartition(" | ", NAMES)).toEqual({ error: "name the nodes of at least one group, e.g. n1 n2 | n3 n4" });
    expect(parsePartition("n1 n2 n3 n4 n5 n6", NAMES)).toEqual({ error: "every node is in one group: that cuts nothing" });
    expect(parsePartition("constructor", NAMES)).toEqual({ error: '"constructor" is not a node of this run (n1 to n6)' });
  });

  it("writes the partition in force, and cuts a selection off", () => {
    const groups = Int32Array.of(1, 1, 2, 0, 2, 0);
    expect(formatPartition(groups, NAMES)).toBe("n1 n2 | n3 n5");
    expect(formatPartition(null, NAMES)).toBe("");
    expect(cutOff(groups, [1, 3])).toEqual([[0], [2, 4], [1, 3]]);
    expect(cutOff(null, [4, 2])).toEqual([[2, 4]]);
  });
});
