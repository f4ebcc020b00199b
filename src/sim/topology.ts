/**
 * Peer graphs. Node i is named n(i+1). Every builder returns sorted adjacency lists and the edge
 * list, deterministic for a given generator state.
 */
import type { TopologyName } from "./config";
import { Rng } from "./rng";

export interface Graph {
  /** neighbors[i]: ascending node indices adjacent to i. */
  neighbors: number[][];
  /** Edge pairs [a0, b0, a1, b1, ...] with a < b, sorted. */
  edges: Uint32Array;
}

export interface TopologySpec {
  topology: TopologyName;
  nodes: number;
  /** Degree for `random` and `small-world`. */
  degree: number;
  /** Rewiring probability for `small-world`. */
  rewire: number;
}

function fromAdjacency(adj: Set<number>[]): Graph {
  const neighbors = adj.map((s) => [...s].sort((a, b) => a - b));
  let m = 0;
  for (let i = 0; i < neighbors.length; i++) for (const j of neighbors[i]!) if (j > i) m++;
  const edges = new Uint32Array(2 * m);
  let k = 0;
  for (let i = 0; i < neighbors.length; i++) {
    for (const j of neighbors[i]!) {
      if (j > i) {
        edges[k++] = i;
        edges[k++] = j;
      }
    }
  }
  return { neighbors, edges };
}

function emptyAdjacency(n: number): Set<number>[] {
  return Array.from({ length: n }, () => new Set<number>());
}

function link(adj: Set<number>[], a: number, b: number): void {
  if (a === b) return;
  adj[a]!.add(b);
  adj[b]!.add(a);
}

/** Builds the named topology. Throws RangeError for an impossible one (see configProblems). */
export function buildTopology(spec: TopologySpec, rng: Rng): Graph {
  const n = spec.nodes;
  if (spec.topology === "complete") return complete(n);
  const adj = emptyAdjacency(n);
  switch (spec.topology) {
    case "line":
      for (let i = 0; i + 1 < n; i++) link(adj, i, i + 1);
      break;
    case "ring":
      for (let i = 0; i + 1 < n; i++) link(adj, i, i + 1);
      if (n > 2) link(adj, n - 1, 0);
      break;
    case "grid": {
      // Rows of ceil(sqrt(n)) columns, the last row possibly short.
      const cols = Math.ceil(Math.sqrt(n));
      for (let i = 0; i < n; i++) {
        if ((i % cols) + 1 < cols && i + 1 < n) link(adj, i, i + 1);
        if (i + cols < n) link(adj, i, i + cols);
      }
      break;
    }
    case "tree2":
    case "tree3":
    case "tree4": {
      const k = Number(spec.topology.slice(4));
      for (let i = 1; i < n; i++) link(adj, i, Math.floor((i - 1) / k));
      break;
    }
    case "star":
      for (let i = 1; i < n; i++) link(adj, 0, i);
      break;
    case "random":
      return randomRegular(n, spec.degree, rng);
    case "small-world":
      return smallWorld(n, spec.degree, spec.rewire, rng);
  }
  return fromAdjacency(adj);
}

/** Every pair, built directly: n(n-1)/2 edges go through no Set. */
function complete(n: number): Graph {
  const neighbors: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n - 1);
    for (let j = 0, k = 0; j < n; j++) if (j !== i) row[k++] = j;
    neighbors.push(row);
  }
  const edges = new Uint32Array(n * (n - 1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      edges[k++] = i;
      edges[k++] = j;
    }
  }
  return { neighbors, edges };
}

/**
 * A uniform-ish random d-regular graph by the Steger-Wormald pairing: join random free stubs,
 * rejecting loops and double edges, restarting when stuck. Retries until connected (up to 50
 * attempts; a random 2-regular graph on many nodes is rarely connected, and is then kept as drawn).
 */
function randomRegular(n: number, d: number, rng: Rng): Graph {
  if (n <= 1) return fromAdjacency(emptyAdjacency(n));
  if (d >= n) throw new RangeError(`degree ${d} must be less than nodes (${n}) for a random topology`);
  if ((n * d) % 2 !== 0) throw new RangeError(`nodes x degree must be even for a random ${d}-regular topology`);
  let last: Set<number>[] | null = null;
  for (let attempt = 0; attempt < 50; attempt++) {
    const adj = pairStubs(n, d, rng);
    if (!adj) continue;
    last = adj;
    if (isConnected(adj)) break;
  }
  if (!last) throw new RangeError(`could not draw a random ${d}-regular graph on ${n} nodes`);
  return fromAdjacency(last);
}

function pairStubs(n: number, d: number, rng: Rng): Set<number>[] | null {
  const stubs = new Int32Array(n * d);
  for (let i = 0; i < stubs.length; i++) stubs[i] = Math.floor(i / d);
  const adj = emptyAdjacency(n);
  let free = stubs.length;
  while (free > 0) {
    let paired = false;
    for (let tries = 0; tries < 200 && !paired; tries++) {
      const i = rng.int(free);
      let j = rng.int(free - 1);
      if (j >= i) j++;
      const u = stubs[i]!;
      const v = stubs[j]!;
      if (u === v || adj[u]!.has(v)) continue;
      link(adj, u, v);
      // Remove stubs i and j by moving the last free ones into their slots (higher index first).
      const hi = Math.max(i, j);
      const lo = Math.min(i, j);
      stubs[hi] = stubs[--free]!;
      stubs[lo] = stubs[--free]!;
      paired = true;
    }
    if (!paired) return null;
  }
  return adj;
}

/** Watts-Strogatz: a ring lattice of floor(degree/2) neighbours a side, each lattice edge rewired with probability `rewire`. */
function smallWorld(n: number, degree: number, rewire: number, rng: Rng): Graph {
  const adj = emptyAdjacency(n);
  if (n <= 1) return fromAdjacency(adj);
  const half = Math.max(1, Math.floor(degree / 2));
  for (let j = 1; j <= half; j++) for (let i = 0; i < n; i++) link(adj, i, (i + j) % n);
  for (let j = 1; j <= half; j++) {
    for (let i = 0; i < n; i++) {
      const v = (i + j) % n;
      // Rewire (i, v) to (i, w) unless i is already linked to everyone.
      if (rng.next() < rewire && adj[i]!.size < n - 1 && adj[i]!.has(v)) {
        let w = rng.int(n);
        while (w === i || adj[i]!.has(w)) w = rng.int(n);
        adj[i]!.delete(v);
        adj[v]!.delete(i);
        link(adj, i, w);
      }
    }
  }
  return fromAdjacency(adj);
}

function isConnected(adj: readonly Set<number>[] | readonly number[][]): boolean {
  if (adj.length === 0) return true;
  const dist = bfsDistances(adj, 0);
  return dist.every((x) => x >= 0);
}

/** Hop distances from `source` (-1 for unreachable). */
export function bfsDistances(adj: readonly (Iterable<number>)[], source: number): Int32Array {
  const dist = new Int32Array(adj.length).fill(-1);
  const queue = new Int32Array(adj.length);
  let head = 0;
  let tail = 0;
  dist[source] = 0;
  queue[tail++] = source;
  while (head < tail) {
    const u = queue[head++]!;
    for (const v of adj[u]!) {
      if (dist[v] === -1) {
        dist[v] = dist[u]! + 1;
        queue[tail++] = v;
      }
    }
  }
  return dist;
}

/** Whether every node can reach every other. */
export function graphIsConnected(g: Graph): boolean {
  return isConnected(g.neighbors);
}
