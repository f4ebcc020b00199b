/**
 * Seeded starting positions for the force layout, chosen from the topology's shape so the layout
 * starts near its final picture, settles in few ticks and looks the same on every load.
 * Pure: no DOM, no randomness. Positions are world units, interleaved [x0, y0, x1, y1, ...].
 */

/** Golden angle, radians: successive phyllotaxis points never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** How a topology's nodes are first placed. */
export type Arrangement = "circle" | "grid" | "radial" | "spiral";

export function arrangementOf(topology: string): Arrangement {
  switch (topology) {
    case "ring":
    case "line":
    case "complete":
    case "total":
    case "small-world":
      return "circle";
    case "grid":
      return "grid";
    case "tree2":
    case "tree3":
    case "tree4":
    case "star":
      return "radial";
    default:
      return "spiral";
  }
}

/**
 * Positions for `n` nodes: neighbouring nodes about `spacingWorld` apart, centred on the origin.
 * `edges` are index pairs [a0, b0, ...] (used by the radial tree layout).
 */
export function initialPositions(topology: string, n: number, edges: Uint32Array, spacingWorld: number): Float64Array {
  const xy = new Float64Array(2 * n);
  if (n <= 1) return xy;
  switch (arrangementOf(topology)) {
    case "circle":
      placeCircle(xy, n, spacingWorld);
      break;
    case "grid":
      placeGrid(xy, n, spacingWorld);
      break;
    case "radial":
      placeRadialTree(xy, n, edges, spacingWorld);
      break;
    case "spiral":
      placeSpiral(xy, n, spacingWorld);
      break;
  }
  return xy;
}

/** n1 at the top, then clockwise (y grows downward on screen), arc between neighbours = spacing. */
function placeCircle(xy: Float64Array, n: number, spacing: number): void {
  const radius = Math.max(spacing / 2, (n * spacing) / (2 * Math.PI));
  for (let i = 0; i < n; i++) {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    xy[2 * i] = radius * Math.cos(angle);
    xy[2 * i + 1] = radius * Math.sin(angle);
  }
}

/** Row-major with ceil(sqrt(n)) columns, the engine's grid (src/sim/topology.ts). */
function placeGrid(xy: Float64Array, n: number, spacing: number): void {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = ((i % cols) - (cols - 1) / 2) * spacing;
    xy[2 * i + 1] = (Math.floor(i / cols) - (rows - 1) / 2) * spacing;
  }
}

/** Sunflower spiral: even density (one node per ~spacing^2), no two nodes coincide. */
function placeSpiral(xy: Float64Array, n: number, spacing: number): void {
  const scale = spacing * 0.6;
  for (let i = 0; i < n; i++) {
    const r = scale * Math.sqrt(i + 0.5);
    const angle = i * GOLDEN_ANGLE;
    xy[2 * i] = r * Math.cos(angle);
    xy[2 * i + 1] = r * Math.sin(angle);
  }
}

/**
 * Radial layered tree rooted at node 0 (the root of tree2/3/4 and the centre of a star): depth d on
 * a circle, each subtree given an angular wedge proportional to its leaves. A ring's radius grows
 * past d * spacing when its nodes would otherwise sit closer than `spacing` along the circle.
 * Nodes the breadth-first search does not reach go on an outer ring.
 */
function placeRadialTree(xy: Float64Array, n: number, edges: Uint32Array, spacing: number): void {
  const { offsets, targets } = adjacency(n, edges);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  depth[0] = 0;
  order[0] = 0;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const u = order[head++]!;
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = targets[k]!;
      if (depth[v] === -1) {
        depth[v] = depth[u]! + 1;
        parent[v] = u;
        order[tail++] = v;
      }
    }
  }
  const reached = tail;
  let maxDepth = 0;
  for (let k = 0; k < reached; k++) maxDepth = Math.max(maxDepth, depth[order[k]!]!);
  // Unreached nodes form one more ring outside the tree.
  for (let v = 0; v < n; v++) {
    if (depth[v] === -1) {
      depth[v] = maxDepth + 1;
      order[tail++] = v;
    }
  }
  if (reached < n) maxDepth++;

  // Leaves under each node, summed bottom-up (reverse BFS order).
  const leaves = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k]!;
    if (leaves[v] === 0) leaves[v] = 1;
    const p = parent[v]!;
    if (p >= 0) leaves[p]! += leaves[v]!;
  }

  const perDepth = new Int32Array(maxDepth + 1);
  for (let v = 0; v < n; v++) perDepth[depth[v]!]!++;
  const radius = new Float64Array(maxDepth + 1);
  for (let d = 1; d <= maxDepth; d++) radius[d] = Math.max(radius[d - 1]! + spacing, (perDepth[d]! * spacing) / (2 * Math.PI));

  // Wedge start per node, in units of leaves; children take consecutive wedges in BFS order.
  const wedgeStart = new Float64Array(n);
  const nextChildStart = new Float64Array(n);
  let totalLeaves = leaves[0]!;
  let outerStart = totalLeaves;
  for (let k = 0; k < n; k++) {
    const v = order[k]!;
    const p = parent[v]!;
    if (v === 0) wedgeStart[v] = 0;
    else if (p >= 0) {
      wedgeStart[v] = nextChildStart[p]!;
      nextChildStart[p]! += leaves[v]!;
    } else {
      wedgeStart[v] = outerStart;
      outerStart += 1;
    }
    nextChildStart[v] = wedgeStart[v]!;
  }
  totalLeaves = outerStart;
  for (let v = 0; v < n; v++) {
    if (v === 0 && reached > 0) {
      xy[0] = 0;
      xy[1] = 0;
      continue;
    }
    const mid = wedgeStart[v]! + leaves[v]! / 2;
    const angle = -Math.PI / 2 + (2 * Math.PI * mid) / totalLeaves;
    const r = radius[depth[v]!]!;
    xy[2 * v] = r * Math.cos(angle);
    xy[2 * v + 1] = r * Math.sin(angle);
  }
}

/** Compressed adjacency (CSR) of an undirected edge list. */
export function adjacency(n: number, edges: Uint32Array): { offsets: Uint32Array; targets: Uint32Array } {
  const offsets = new Uint32Array(n + 1);
  for (let k = 0; k < edges.length; k++) offsets[edges[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(edges.length);
  for (let k = 0; k + 1 < edges.length; k += 2) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    targets[fill[a]!++] = b;
    targets[fill[b]!++] = a;
  }
  return { offsets, targets };
}
