import { describe, expect, it } from "vitest";
import { ForceLayout, LARGE_GRAPH_NODES, MAX_FORCE_NODES } from "../../src/layout/force";
import { CIRCLE_MAX_NODES, LAYERED_START_NODES, adjacency, arrangementOf, initialPositions, isStructured } from "../../src/layout/initial";
import { RELAX_TICKS } from "../../src/layout/relax";
import { Rng } from "../../src/sim/rng";
import { buildTopology } from "../../src/sim/topology";
import type { TopologyName } from "../../src/sim/config";

const point = (xy: Float64Array, i: number) => [xy[2 * i]!, xy[2 * i + 1]!];

function expectPoint(xy: Float64Array, i: number, x: number, y: number): void {
  expect(xy[2 * i]).toBeCloseTo(x, 9);
  expect(xy[2 * i + 1]).toBeCloseTo(y, 9);
}

function graph(topology: TopologyName, nodes: number, degree = 4) {
  return buildTopology({ topology, nodes, degree, rewire: 0.2 }, new Rng(1));
}

/** Longest and mean edge length. */
function edgeLengths(xy: Float64Array, edges: Uint32Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let k = 0; k < edges.length; k += 2) {
    const [ax, ay] = point(xy, edges[k]!);
    const [bx, by] = point(xy, edges[k + 1]!);
    const d = Math.hypot(ax! - bx!, ay! - by!);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / (edges.length / 2) };
}

/** Smallest distance between two nodes, by a grid of `cell`-sized buckets (pairs farther than `cell` are not looked at). */
function minDistanceGrid(xy: Float64Array, n: number, cell: number): number {
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = `${Math.floor(xy[2 * i]! / cell)},${Math.floor(xy[2 * i + 1]! / cell)}`;
    buckets.set(key, [...(buckets.get(key) ?? []), i]);
  }
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(xy[2 * i]! / cell);
    const cy = Math.floor(xy[2 * i + 1]! / cell);
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        for (const j of buckets.get(`${cx + ox},${cy + oy}`) ?? []) {
          if (j > i) min = Math.min(min, Math.hypot(xy[2 * i]! - xy[2 * j]!, xy[2 * i + 1]! - xy[2 * j + 1]!));
        }
      }
    }
  }
  return min;
}

function minDistance(xy: Float64Array, n: number): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) min = Math.min(min, Math.hypot(xy[2 * i]! - xy[2 * j]!, xy[2 * i + 1]! - xy[2 * j + 1]!));
  return min;
}

describe("seeded initial positions", () => {
  it("maps topologies to arrangements", () => {
    const names = ["ring", "line", "complete", "small-world", "grid", "tree2", "tree4", "star", "random", "whatever"];
    expect(names.map((t) => arrangementOf(t, 100))).toEqual(["circle", "circle", "circle", "circle", "grid", "radial", "radial", "radial", "spiral", "spiral"]);
    // Thousands of nodes on one circle read as one pale circle: the shape fills a disc or a block instead.
    expect(names.map((t) => arrangementOf(t, 5000))).toEqual([
      "double-spiral", "snake", "double-spiral", "double-spiral", "grid", "layered", "layered", "layered", "layered", "layered",
    ]);
    expect([arrangementOf("ring", CIRCLE_MAX_NODES), arrangementOf("ring", CIRCLE_MAX_NODES + 1)]).toEqual(["circle", "double-spiral"]);
    expect([arrangementOf("random", LAYERED_START_NODES), arrangementOf("random", LAYERED_START_NODES + 1)]).toEqual(["spiral", "layered"]);
    expect(names.filter(isStructured)).toEqual(["ring", "line", "complete", "small-world", "grid", "tree2", "tree4", "star"]);
  });

  it("large ring: a double spiral, every edge short, no two nodes closer than a spacing", () => {
    for (const n of [201, 5000, 20_000]) {
      const edges = graph("ring", n).edges;
      const xy = initialPositions("ring", n, edges, 60);
      // The arms' joins (at the centre and at the rim) are the longest edges: under two spacings.
      expect(edgeLengths(xy, edges).max).toBeLessThan(120);
      expect(minDistanceGrid(xy, n, 60)).toBeGreaterThan(50);
    }
    // n1 in the middle; a racetrack about 1.6 times as wide as high, of about n spacings squared.
    const xy = initialPositions("ring", 5000, graph("ring", 5000).edges, 60);
    expect(Math.hypot(xy[0]!, xy[1]!)).toBeLessThan(60);
    const xs = Array.from({ length: 5000 }, (_, i) => xy[2 * i]!);
    const ys = Array.from({ length: 5000 }, (_, i) => xy[2 * i + 1]!);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    expect(width / height).toBeCloseTo(1.6, 1);
    const area = height * height * (Math.PI / 4) + (width - height) * height;
    expect(area / (5000 * 60 * 60)).toBeGreaterThan(0.9);
    expect(area / (5000 * 60 * 60)).toBeLessThan(1.1);
  });

  it("large line: a snake of rows, neighbours one spacing apart, rows 1.5 spacings apart", () => {
    const n = 5000;
    const edges = graph("line", n).edges;
    const xy = initialPositions("line", n, edges, 60);
    const cols = Math.round(Math.sqrt(n * 1.6 * 1.5));
    expect(cols).toBe(110);
    expect(point(xy, 0)).toEqual(point(xy, cols - 1).map((v, k) => (k === 0 ? -v : v)));
    // Row 2 runs right to left: its first node is under the end of row 1.
    expect(xy[2 * cols]).toBe(xy[2 * (cols - 1)]);
    expect(xy[2 * cols + 1]! - xy[1]!).toBe(90);
    const { max } = edgeLengths(xy, edges);
    expect(max).toBe(90);
    expect(minDistanceGrid(xy, n, 60)).toBe(60);
  });

  it("large complete graph: the ring's racetrack (its edges are not drawn), no two nodes on top of each other", () => {
    const xy = initialPositions("complete", 5000, new Uint32Array(0), 60);
    expect(Array.from(xy)).toEqual(Array.from(initialPositions("ring", 5000, new Uint32Array(0), 60)));
    expect(minDistanceGrid(xy, 5000, 60)).toBeGreaterThan(50);
  });

  it("large tree: each depth in an annulus of its own beyond the last, root in the centre, no two nodes closer than the sunflower's", () => {
    const n = 5000;
    const edges = graph("tree2", n).edges;
    const xy = initialPositions("tree2", n, edges, 60);
    expectPoint(xy, 0, 36 * Math.SQRT1_2, 0);
    const depth = (i: number) => Math.floor(Math.log2(i + 1));
    const radius = (i: number) => Math.hypot(xy[2 * i]!, xy[2 * i + 1]!);
    for (let i = 1; i < n; i++) {
      // tree2 numbers nodes breadth-first: node i - 1 is never deeper than node i.
      if (depth(i) > depth(i - 1)) {
        let inner = 0;
        for (let j = 0; j < i; j++) inner = Math.max(inner, radius(j));
        let outer = Infinity;
        for (let j = i; j < n && depth(j) === depth(i); j++) outer = Math.min(outer, radius(j));
        expect(outer).toBeGreaterThan(inner);
      }
    }
    expect(minDistanceGrid(xy, n, 60)).toBeGreaterThan(40);
    const star = initialPositions("star", n, graph("star", n).edges, 60);
    expect(minDistanceGrid(star, n, 60)).toBeGreaterThan(40);
  });

  it("large random graph: a breadth-first disc, shorter edges than the plain spiral, n1 at the centre", () => {
    const n = 5000;
    const edges = graph("random", n).edges;
    const layered = initialPositions("random", n, edges, 60);
    const plain = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const r = 36 * Math.sqrt(i + 0.5);
      const angle = i * (Math.PI * (3 - Math.sqrt(5)));
      plain[2 * i] = r * Math.cos(angle);
      plain[2 * i + 1] = r * Math.sin(angle);
    }
    // A random regular graph is an expander: half its edges (the search tree's) get short, the rest stay chords.
    expect(edgeLengths(layered, edges).mean).toBeLessThan(0.8 * edgeLengths(plain, edges).mean);
    expectPoint(layered, 0, plain[0]!, plain[1]!);
    // The same slots, only handed out in another order.
    const sorted = (a: Float64Array) => Array.from(a, (v) => v.toFixed(6)).sort().join(" ");
    expect(sorted(layered) === sorted(plain)).toBe(true);
  });

  it("ring: n1 at the top, clockwise, neighbours one spacing apart along the circle", () => {
    const xy = initialPositions("ring", 4, graph("ring", 4).edges, 60);
    const r = 240 / (2 * Math.PI);
    expectPoint(xy, 0, 0, -r);
    expectPoint(xy, 1, r, 0);
    expectPoint(xy, 2, 0, r);
    expectPoint(xy, 3, -r, 0);
  });

  it("grid: the engine's row-major ceil(sqrt(n)) columns, centred", () => {
    const xy = initialPositions("grid", 5, graph("grid", 5).edges, 10);
    expect(Array.from(xy)).toEqual([-10, -5, 0, -5, 10, -5, -10, 5, 0, 5]);
  });

  it("tree: root in the centre, each subtree in a wedge sized by its leaves", () => {
    const xy = initialPositions("tree2", 7, graph("tree2", 7).edges, 10);
    expectPoint(xy, 0, 0, 0);
    expectPoint(xy, 1, 10, 0);
    expectPoint(xy, 2, -10, 0);
    expectPoint(xy, 3, 20 * Math.SQRT1_2, -20 * Math.SQRT1_2);
    expectPoint(xy, 4, 20 * Math.SQRT1_2, 20 * Math.SQRT1_2);
    expectPoint(xy, 5, -20 * Math.SQRT1_2, 20 * Math.SQRT1_2);
    expectPoint(xy, 6, -20 * Math.SQRT1_2, -20 * Math.SQRT1_2);
  });

  it("star: centre node 0, leaves around it; a ring widens so leaves stay a spacing apart", () => {
    const xy = initialPositions("star", 5, graph("star", 5).edges, 10);
    expectPoint(xy, 0, 0, 0);
    expectPoint(xy, 1, 10 * Math.SQRT1_2, -10 * Math.SQRT1_2);
    const big = initialPositions("star", 101, graph("star", 101).edges, 10);
    expect(Math.hypot(...(point(big, 1) as [number, number]))).toBeCloseTo(1000 / (2 * Math.PI), 9);
  });

  it("nodes a tree's search does not reach go on an outer ring", () => {
    // Node 3 is isolated: depth 2 ring, radius max(10 + 10, 1 x 10 / 2 pi).
    const xy = initialPositions("tree2", 4, Uint32Array.of(0, 1, 0, 2), 10);
    expect(Math.hypot(...(point(xy, 3) as [number, number]))).toBeCloseTo(20, 9);
  });

  it("random: a sunflower spiral, no two nodes on top of each other", () => {
    const xy = initialPositions("random", 200, graph("random", 200).edges, 60);
    expect(Math.hypot(...(point(xy, 0) as [number, number]))).toBeCloseTo(36 * Math.SQRT1_2, 9);
    expect(Math.hypot(...(point(xy, 99) as [number, number]))).toBeCloseTo(36 * Math.sqrt(99.5), 9);
    expect(minDistance(xy, 200)).toBeGreaterThan(20);
  });

  it("adjacency lists both directions of every edge", () => {
    const { offsets, targets } = adjacency(4, Uint32Array.of(0, 1, 0, 2, 2, 3));
    expect(Array.from(offsets)).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(targets)).toEqual([1, 2, 0, 0, 3, 2]);
  });
});

describe("force layout", () => {
  const options = { spacingWorld: 60, collideRadiusWorld: 20, seed: 1 };

  it("is deterministic and independent of how ticks fall into frames", () => {
    const g = graph("random", 40);
    const a = new ForceLayout("random", 40, g.edges, options);
    a.settle();
    const b = new ForceLayout("random", 40, g.edges, options);
    // One tick a call, as a frame with an exhausted budget would run.
    let clock = 0;
    while (!b.settled) b.step(0, () => clock++);
    expect(b.ticks).toBe(a.ticks);
    expect(Array.from(b.xy)).toEqual(Array.from(a.xy));
  });

  it("settles on a fixed schedule: 150 ticks from a spiral, 61 from a breadth-first disc, the grid relaxation's from thousands", () => {
    const random = new ForceLayout("random", 16, graph("random", 16).edges, options);
    random.settle();
    expect(random.ticks).toBe(150);
    const layered = new ForceLayout("random", 400, graph("random", 400).edges, options);
    layered.settle();
    expect(layered.ticks).toBe(61);
    const large = new ForceLayout("random", LARGE_GRAPH_NODES + 2, graph("random", LARGE_GRAPH_NODES + 2).edges, options);
    large.settle();
    expect(large.ticks).toBe(RELAX_TICKS);
  });

  it("structured topologies are settled from the start: zero force ticks, positions as placed", () => {
    for (const [topology, n] of [["ring", 12], ["ring", 20_000], ["line", 5000], ["grid", 100], ["tree2", 20_000], ["star", 50], ["small-world", 5000]] as const) {
      const edges = graph(topology, n).edges;
      const layout = new ForceLayout(topology, n, edges, options);
      expect(layout.settled).toBe(true);
      expect(layout.step(10, () => 0)).toBe(0);
      expect(layout.ticks).toBe(0);
      expect(Array.from(layout.xy)).toEqual(Array.from(initialPositions(topology, n, edges, 60)));
    }
    const complete = new ForceLayout("complete", 5000, new Uint32Array(0), options);
    expect([complete.settled, complete.ticks]).toEqual([true, 0]);
  });

  it("large random graphs: deterministic grid relaxation, nodes kept apart (seed 1, random 3,000)", () => {
    const edges = graph("random", 3000).edges;
    const a = new ForceLayout("random", 3000, edges, options);
    a.settle();
    const b = new ForceLayout("random", 3000, edges, options);
    let clock = 0;
    while (!b.settled) b.step(0, () => clock++);
    expect(Array.from(b.xy)).toEqual(Array.from(a.xy));
    expect(a.xy.every(Number.isFinite)).toBe(true);
    expect(minDistanceGrid(a.xy, 3000, 60)).toBeGreaterThan(15);
    const got = [0, 1, 2999].map((i) => point(a.xy, i).map((v) => Math.round(v * 1000) / 1000));
    expect(got).toEqual(EXPECTED_RANDOM_3000);
  });

  it("lands on the same coordinates on every run (seed 1, random 16)", () => {
    const layout = new ForceLayout("random", 16, graph("random", 16).edges, options);
    layout.settle();
    const got = [0, 1, 15].map((i) => point(layout.xy, i).map((v) => Math.round(v * 1000) / 1000));
    expect(got).toEqual(EXPECTED_RANDOM_16);
  });

  it("keeps a ring round and nodes apart", () => {
    const ring = new ForceLayout("ring", 12, graph("ring", 12).edges, options);
    ring.settle();
    const radii = Array.from({ length: 12 }, (_, i) => Math.hypot(ring.xy[2 * i]!, ring.xy[2 * i + 1]!));
    for (const r of radii) expect(r).toBeCloseTo((12 * 60) / (2 * Math.PI), 9);
    const random = new ForceLayout("random", 100, graph("random", 100).edges, options);
    random.settle();
    expect(minDistance(random.xy, 100)).toBeGreaterThan(2 * options.collideRadiusWorld - 2);
  });

  it("beyond its size limit keeps the seeded positions and reports settled", () => {
    const n = MAX_FORCE_NODES + 1;
    const layout = new ForceLayout("random", n, new Uint32Array(0), options);
    expect(layout.settled).toBe(true);
    expect(layout.step(10, () => 0)).toBe(0);
    expect(Array.from(layout.xy.subarray(0, 4))).toEqual(Array.from(initialPositions("random", n, new Uint32Array(0), 60).subarray(0, 4)));
  });
});

const EXPECTED_RANDOM_3000 = [
  [5.475, 1.744],
  [-369.187, -299.137],
  [-975.198, 704.099],
];

const EXPECTED_RANDOM_16 = [
  [-37.197, 23.531],
  [-41.524, -16.235],
  [-10.563, -46.103],
];
