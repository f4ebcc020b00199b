import { describe, expect, it } from "vitest";
import { TOPOLOGIES, type TopologyName } from "../../src/sim/config";
import { Rng } from "../../src/sim/rng";
import { bfsDistances, buildCompactTopology, buildTopology, graphIsConnected, type Graph } from "../../src/sim/topology";

function build(topology: TopologyName, nodes: number, degree = 4, seed = 7, rewire = 0.2): Graph {
  return buildTopology({ topology, nodes, degree, rewire }, new Rng(seed));
}

function pairs(g: Graph): string[] {
  const out: string[] = [];
  for (let k = 0; k < g.edges.length; k += 2) out.push(`${g.edges[k]}-${g.edges[k + 1]}`);
  return out;
}

describe("topologies", () => {
  it("builds the small fixed shapes exactly", () => {
    expect(pairs(build("line", 4))).toEqual(["0-1", "1-2", "2-3"]);
    expect(pairs(build("ring", 5))).toEqual(["0-1", "0-4", "1-2", "2-3", "3-4"]);
    // 5 nodes in rows of ceil(sqrt 5) = 3: 0 1 2 / 3 4
    expect(pairs(build("grid", 5))).toEqual(["0-1", "0-3", "1-2", "1-4", "3-4"]);
    expect(pairs(build("tree2", 7))).toEqual(["0-1", "0-2", "1-3", "1-4", "2-5", "2-6"]);
    expect(pairs(build("tree3", 5))).toEqual(["0-1", "0-2", "0-3", "1-4"]);
    expect(pairs(build("tree4", 6))).toEqual(["0-1", "0-2", "0-3", "0-4", "1-5"]);
    expect(pairs(build("star", 4))).toEqual(["0-1", "0-2", "0-3"]);
    expect(pairs(build("complete", 4))).toEqual(["0-1", "0-2", "0-3", "1-2", "1-3", "2-3"]);
  });

  it("has the textbook edge counts", () => {
    const n = 100;
    const edges = (t: TopologyName, d = 4) => build(t, n, d).edges.length / 2;
    expect(edges("complete")).toBe((n * (n - 1)) / 2);
    expect(edges("line")).toBe(n - 1);
    expect(edges("ring")).toBe(n);
    expect(edges("grid")).toBe(2 * 10 * 9);
    for (const t of ["tree2", "tree3", "tree4", "star"] as const) expect(edges(t)).toBe(n - 1);
    expect(edges("random", 4)).toBe(200);
    expect(edges("random", 3)).toBe(150);
    expect(edges("small-world", 4)).toBe(200);
  });

  it("draws connected simple d-regular random graphs", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const g = build("random", 200, 3, seed);
      expect(g.neighbors.every((nb, i) => nb.length === 3 && !nb.includes(i) && new Set(nb).size === 3)).toBe(true);
      expect(graphIsConnected(g)).toBe(true);
    }
  });

  it("is a pure function of the generator's seed", () => {
    for (const t of ["random", "small-world"] as const) {
      expect(pairs(build(t, 60, 4, 42))).toEqual(pairs(build(t, 60, 4, 42)));
      expect(pairs(build(t, 60, 4, 42))).not.toEqual(pairs(build(t, 60, 4, 43)));
    }
    // Exact edges of one seeded draw, so a change in the algorithm is seen.
    expect(pairs(build("random", 6, 3, 1))).toMatchInlineSnapshot(`
      [
        "0-2",
        "0-3",
        "0-5",
        "1-2",
        "1-3",
        "1-4",
        "2-5",
        "3-4",
        "4-5",
      ]
    `);
  });

  it("rewires small-world without loops or duplicates and keeps the edge count", () => {
    const g = build("small-world", 500, 6, 3, 0.3);
    expect(g.edges.length / 2).toBe(1500);
    expect(g.neighbors.every((nb, i) => !nb.includes(i) && new Set(nb).size === nb.length)).toBe(true);
    // With no rewiring it is the ring lattice.
    const lattice = build("small-world", 10, 4, 3, 0);
    expect(lattice.neighbors[0]).toEqual([1, 2, 8, 9]);
  });

  it("keeps every listed topology connected", () => {
    for (const t of TOPOLOGIES) expect(graphIsConnected(build(t, 64, 4, 9)), t).toBe(true);
  });

  it("gives the same rows compact (offsets and one array) from the same generator state", () => {
    const shapes: [TopologyName, number, number][] = [...TOPOLOGIES.map((t): [TopologyName, number, number] => [t, 50, 4]), ["random", 1, 4], ["random", 120, 70], ["random", 2000, 6]];
    for (const [topology, nodes, degree] of shapes) {
      const spec = { topology, nodes, degree, rewire: 0.3 };
      const rows = buildTopology(spec, new Rng(11)).neighbors;
      const { offsets, adj } = buildCompactTopology(spec, new Rng(11));
      const compactRows = rows.map((_, i) => [...adj.subarray(offsets[i]!, offsets[i + 1]!)]);
      expect(compactRows, `${topology} ${nodes}`).toEqual(rows);
      expect(offsets[nodes], `${topology} ${nodes}`).toBe(adj.length);
    }
  });

  it("measures hop distances", () => {
    expect([...bfsDistances(build("line", 5).neighbors, 0)]).toEqual([0, 1, 2, 3, 4]);
    expect([...bfsDistances(build("ring", 6).neighbors, 0)]).toEqual([0, 1, 2, 3, 2, 1]);
  });

  it("refuses impossible random graphs", () => {
    expect(() => build("random", 5, 3)).toThrow(/even/);
    expect(() => build("random", 4, 4)).toThrow(/less than nodes/);
  });
});
