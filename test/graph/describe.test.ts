import { describe, expect, it } from "vitest";
import { describeGraph, type DescribedScene } from "../../src/ui/graph/describe";

const KEYS = "Arrow keys or n and Shift+N move the selection, Enter broadcasts from it, plus and minus zoom, 0 fits.";

function scene(over: Partial<DescribedScene>): DescribedScene {
  return {
    n: 3,
    names: ["n1", "n2", "n3"],
    edges: Uint32Array.of(0, 1, 1, 2, 2, 0),
    alive: Uint8Array.of(1, 1, 1),
    knownCounts: Uint32Array.of(0, 0, 0),
    totalValues: 0,
    selected: -1,
    ...over,
  };
}

describe("the graph's aria-label", () => {
  it("says there is nothing yet before a topology", () => {
    expect(describeGraph(scene({ n: 0, names: [], edges: new Uint32Array(0) }), "")).toBe("Peer graph: no topology yet.");
  });

  it("names the topology, its size and the keys before any value", () => {
    expect(describeGraph(scene({}), "ring")).toBe(`Peer graph, ring topology: 3 nodes, 3 links. ${KEYS}`);
  });

  it("counts live nodes that know every value, crashed nodes, and the selection", () => {
    const s = scene({ alive: Uint8Array.of(1, 1, 0), knownCounts: Uint32Array.of(2, 1, 2), totalValues: 2, selected: 1 });
    expect(describeGraph(s, "ring")).toBe(`Peer graph, ring topology: 3 nodes, 3 links. 1 of 2 live nodes know all 2 values. 1 crashed. Selected n2, knows 1 of 2. ${KEYS}`);
    expect(describeGraph({ ...s, selected: 2 }, "ring")).toBe(`Peer graph, ring topology: 3 nodes, 3 links. 1 of 2 live nodes know all 2 values. 1 crashed. Selected n3, crashed. ${KEYS}`);
  });

  it("speaks in the singular for one node and one value, and names an unnamed node by index", () => {
    const s = scene({ n: 1, names: [], edges: new Uint32Array(0), alive: Uint8Array.of(1), knownCounts: Uint32Array.of(1), totalValues: 1, selected: 0 });
    expect(describeGraph(s, "star")).toBe(`Peer graph, star topology: 1 node, 0 links. 1 of 1 live node know the value. Selected n1, knows 1 of 1. ${KEYS}`);
  });
});
