/**
 * Seeded peer choice (src/sim/node/peers.ts), on its own: a generator with the node's fields
 * stands in for the node.
 */
import { describe, expect, it } from "vitest";
import { gossipPeers, idIndexOf, peersAreNodes, pushPeersWithoutTopology, skipGossipPeers, type PeerChoice, neighborsFrom, SHORT_LIST } from "../../src/sim/node/peers";
import { Rng } from "../../src/sim/rng";

const IDS = ["n1", "n2", "n3", "n4", "n5", "n6"];

function chooser(seed: number, fanout: number, self: string, neighbors: readonly string[] | null = null): PeerChoice {
  const idIndex = idIndexOf(IDS)!;
  return Object.assign(new Rng(seed), { nodeIds: IDS, idIndex, selfIndex: idIndex.get(self) ?? -1, neighbors, neighborsInIds: null, fanout });
}

describe("idIndexOf", () => {
  it("indexes distinct non-empty names, once per array object", () => {
    const index = idIndexOf(IDS)!;
    expect([...index]).toEqual(IDS.map((id, i) => [id, i]));
    expect(idIndexOf(IDS)).toBe(index);
    expect(idIndexOf(["a", "a"])).toBeNull();
    expect(idIndexOf(["a", ""])).toBeNull();
    expect(idIndexOf(["a", 1])).toBeNull();
    expect(idIndexOf("a")).toBeNull();
  });
});

describe("gossipPeers", () => {
  it("draws up to fanout of the other nodes before a topology, in nodeIds order", () => {
    const node = chooser(7, 2, "n3");
    expect([gossipPeers(node), gossipPeers(node), gossipPeers(node)]).toEqual([
      ["n1", "n6"],
      ["n5", "n6"],
      ["n4", "n6"],
    ]);
  });

  it("draws up to fanout of the neighbours once a topology is known, in topology order", () => {
    const node = chooser(7, 2, "n1", ["n6", "n2", "n4"]);
    expect([gossipPeers(node), gossipPeers(node), gossipPeers(node)]).toEqual([
      ["n6", "n4"],
      ["n2", "n4"],
      ["n2", "n4"],
    ]);
  });

  it("takes every candidate without a draw when there are fanout or fewer", () => {
    const node = chooser(7, 3, "n1", ["n6", "n2"]);
    const state = node.state;
    expect(gossipPeers(node)).toEqual(["n6", "n2"]);
    expect(node.state).toBe(state);
    expect(gossipPeers(chooser(7, 5, "n1"))).toEqual(["n2", "n3", "n4", "n5", "n6"]);
    expect(gossipPeers(chooser(7, 0, "n1"))).toEqual([]);
  });
});

describe("skipGossipPeers", () => {
  it("advances the generator as gossipPeers does and counts the peers it would choose", () => {
    for (const neighbors of [null, ["n6", "n2", "n4"], ["n2"]]) {
      const drawn = chooser(11, 2, "n1", neighbors);
      const skipped = chooser(11, 2, "n1", neighbors);
      expect(skipGossipPeers(skipped)).toBe(gossipPeers(drawn).length);
      expect(skipped.state).toBe(drawn.state);
    }
  });
});

describe("pushPeersWithoutTopology", () => {
  it("draws up to fanout of nodeIds other than self and src", () => {
    const node = chooser(7, 2, "n3");
    const picks = [pushPeersWithoutTopology(node, "n1"), pushPeersWithoutTopology(node, "n5"), pushPeersWithoutTopology(node, "c1")];
    expect(picks).toEqual([
      ["n2", "n6"],
      ["n4", "n6"],
      ["n4", "n6"],
    ]);
  });

  it("skips self once when src is self, and takes all when there are fanout or fewer", () => {
    expect(pushPeersWithoutTopology(chooser(7, 5, "n3"), "n3")).toEqual(["n1", "n2", "n4", "n5", "n6"]);
    expect(pushPeersWithoutTopology(chooser(7, 4, "n3"), "n6")).toEqual(["n1", "n2", "n4", "n5"]);
  });
});

describe("peersAreNodes", () => {
  it("is true before a topology, and once a topology is known whether every neighbour is in nodeIds", () => {
    expect(peersAreNodes(chooser(1, 2, "n1"))).toBe(true);
    const inside = chooser(1, 2, "n1", ["n2", "n3"]);
    expect(peersAreNodes(inside)).toBe(true);
    expect(inside.neighborsInIds).toBe(true);
    const outside = chooser(1, 2, "n1", ["n2", "x9"]);
    expect(peersAreNodes(outside)).toBe(false);
    expect(outside.neighborsInIds).toBe(false);
  });
});

describe("checks kept per shared neighbour list", () => {
  it("drops a node's own name from its entry, once per long entry and name", () => {
    const entry = ["n1", "n2", "n3"];
    expect(neighborsFrom(entry, "n2")).toEqual(["n1", "n3"]);
    expect(neighborsFrom(entry, "n4")).toBe(entry);
    // A long entry (a complete graph's) is filtered once and the answer shared; a short one is not kept.
    const long = Array.from({ length: SHORT_LIST }, (_, i) => `n${i + 1}`);
    expect(neighborsFrom(long, "n2")).toEqual(long.filter((id) => id !== "n2"));
    expect(neighborsFrom(long, "n2")).toBe(neighborsFrom(long, "n2"));
    expect(neighborsFrom(long, "n99")).toBe(long);
  });

  it("answers whether neighbours are nodes per list and per node_ids, never from another's answer", () => {
    const neighbors = ["n2", "x9"];
    const withX = idIndexOf(["n1", "n2", "x9"])!;
    const without = idIndexOf(["n1", "n2"])!;
    const node = (idIndex: ReadonlyMap<string, number>) => ({ neighbors, idIndex, neighborsInIds: null }) as unknown as Parameters<typeof peersAreNodes>[0];
    expect(peersAreNodes(node(withX))).toBe(true);
    expect(peersAreNodes(node(without))).toBe(false);
    expect(peersAreNodes(node(withX))).toBe(true);
  });
});
