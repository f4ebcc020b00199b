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
  return fromSortedRows(adj.map((s) => [...s].sort((a, b) => a - b)));
}

/** The graph of ascending adjacency lists. */
function fromSortedRows(neighbors: number[][]): Graph {
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
  if (spec.topology === "random") return randomRegular(n, spec.degree, rng);
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
  return drawRegular(n, d, rng).graph();
}

/** The drawing behind randomRegular (n > 1), before it is turned into a Graph. */
function drawRegular(n: number, d: number, rng: Rng): PairedGraph {
  if (d >= n) throw new RangeError(`degree ${d} must be less than nodes (${n}) for a random topology`);
  if ((n * d) % 2 !== 0) throw new RangeError(`nodes x degree must be even for a random ${d}-regular topology`);
  let last: PairedGraph | null = null;
  for (let attempt = 0; attempt < 50; attempt++) {
    const adj = d <= FLAT_MAX_DEGREE ? new FlatRows(n, d) : new SetRows(n);
    if (!pairStubs(adj, n, d, rng)) continue;
    last = adj;
    if (adj.connected()) break;
  }
  if (!last) throw new RangeError(`could not draw a random ${d}-regular graph on ${n} nodes`);
  return last;
}

/**
 * A graph as offsets and one array of neighbours: node i's ascending neighbours are
 * adj[offsets[i] .. offsets[i + 1]). No builder links a node to itself.
 */
export interface CompactGraph {
  offsets: Int32Array;
  adj: Int32Array;
}

/**
 * buildTopology's graph, compact and without the edge list: the same rows from the same generator
 * state. A random graph of up to FLAT_MAX_DEGREE goes straight from its drawing (at 1,000,000 nodes
 * building a million row arrays, then the edge list, took longer than drawing the graph).
 */
export function buildCompactTopology(spec: TopologySpec, rng: Rng): CompactGraph {
  let rows: number[][];
  if (spec.topology === "random" && spec.nodes > 1) {
    const drawn = drawRegular(spec.nodes, spec.degree, rng);
    if (drawn instanceof FlatRows) return drawn.compact();
    rows = drawn.graph().neighbors;
  } else rows = buildTopology(spec, rng).neighbors;
  const offsets = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + rows[i]!.length;
  const adj = new Int32Array(offsets[rows.length]!);
  for (let i = 0; i < rows.length; i++) adj.set(rows[i]!, offsets[i]!);
  return { offsets, adj };
}

/** Up to this degree a drawing keeps its rows in one Int32Array (a Set per node cost 200 bytes and a hash each at 1,000,000 nodes). */
const FLAT_MAX_DEGREE = 64;

/** The adjacency of a graph being drawn by pairing stubs: the same answers whichever way it is held. */
interface PairedGraph {
  has(u: number, v: number): boolean;
  link(u: number, v: number): void;
  connected(): boolean;
  graph(): Graph;
}

/** Rows of at most d neighbours, in one array (row u at u * d), searched by a scan. */
class FlatRows implements PairedGraph {
  private readonly cells: Int32Array;
  private readonly size: Int32Array;
  constructor(
    private readonly n: number,
    private readonly d: number,
  ) {
    this.cells = new Int32Array(n * d);
    this.size = new Int32Array(n);
  }
  has(u: number, v: number): boolean {
    const from = u * this.d;
    const to = from + this.size[u]!;
    for (let k = from; k < to; k++) if (this.cells[k] === v) return true;
    return false;
  }
  link(u: number, v: number): void {
    this.cells[u * this.d + this.size[u]!++] = v;
    this.cells[v * this.d + this.size[v]!++] = u;
  }
  /** A breadth-first walk from node 0 over the rows as they stand. */
  connected(): boolean {
    const seen = new Uint8Array(this.n);
    const queue = new Int32Array(this.n);
    let tail = 0;
    seen[0] = 1;
    queue[tail++] = 0;
    for (let head = 0; head < tail; head++) {
      const from = queue[head]! * this.d;
      const to = from + this.size[queue[head]!]!;
      for (let k = from; k < to; k++) {
        const v = this.cells[k]!;
        if (seen[v] === 0) {
          seen[v] = 1;
          queue[tail++] = v;
        }
      }
    }
    return tail === this.n;
  }
  /** The rows sorted in place, as a CompactGraph. */
  compact(): CompactGraph {
    const offsets = new Int32Array(this.n + 1);
    const adj = new Int32Array(this.cells.length);
    let at = 0;
    for (let u = 0; u < this.n; u++) {
      const size = this.size[u]!;
      for (let k = 0; k < size; k++) {
        // Insertion sort, as graph() sorts.
        const v = this.cells[u * this.d + k]!;
        let i = at + k;
        for (; i > at && adj[i - 1]! > v; i--) adj[i] = adj[i - 1]!;
        adj[i] = v;
      }
      at += size;
      offsets[u + 1] = at;
    }
    return { offsets, adj: at === adj.length ? adj : adj.slice(0, at) };
  }
  graph(): Graph {
    const neighbors: number[][] = [];
    for (let u = 0; u < this.n; u++) {
      // Insertion sort: a row holds at most FLAT_MAX_DEGREE neighbours.
      const size = this.size[u]!;
      const row = new Array<number>(size);
      for (let k = 0; k < size; k++) {
        const v = this.cells[u * this.d + k]!;
        let i = k;
        for (; i > 0 && row[i - 1]! > v; i--) row[i] = row[i - 1]!;
        row[i] = v;
      }
      neighbors.push(row);
    }
    return fromSortedRows(neighbors);
  }
}

class SetRows implements PairedGraph {
  private readonly adj: Set<number>[];
  constructor(n: number) {
    this.adj = emptyAdjacency(n);
  }
  has(u: number, v: number): boolean {
    return this.adj[u]!.has(v);
  }
  link(u: number, v: number): void {
    link(this.adj, u, v);
  }
  connected(): boolean {
    return isConnected(this.adj);
  }
  graph(): Graph {
    return fromAdjacency(this.adj);
  }
}

/** Pairs every stub of `n` nodes of degree `d` into `adj`; false when it gets stuck. */
function pairStubs(adj: PairedGraph, n: number, d: number, rng: Rng): boolean {
  const stubs = new Int32Array(n * d);
  for (let i = 0; i < stubs.length; i++) stubs[i] = Math.floor(i / d);
  let free = stubs.length;
  while (free > 0) {
    let paired = false;
    for (let tries = 0; tries < 200 && !paired; tries++) {
      const i = rng.int(free);
      let j = rng.int(free - 1);
      if (j >= i) j++;
      const u = stubs[i]!;
      const v = stubs[j]!;
      if (u === v || adj.has(u, v)) continue;
      adj.link(u, v);
      // Remove stubs i and j by moving the last free ones into their slots (higher index first).
      const hi = Math.max(i, j);
      const lo = Math.min(i, j);
      stubs[hi] = stubs[--free]!;
      stubs[lo] = stubs[--free]!;
      paired = true;
    }
    if (!paired) return false;
  }
  return true;
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
